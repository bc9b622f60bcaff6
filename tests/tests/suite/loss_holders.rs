//! Losses borne by those who held them (SPEC, "Decided in round three"): each test is an
//! attacker's move that worked before and what everyone is left with now, in numbers.
//! `recapitalize` (a recovery goes to the LPs who bore the loss, never a newcomer),
//! `unstake` (a matured request lapses), `request_unstake` (its `min_value`).
use crate::common::*;
use crate::liquidation::{DOLLAR, SOL, USDC};
use crate::stakes_common::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, PoolUnfrozen, UnstakeRequested},
    state::{STATUS_ACTIVE, STATUS_FROZEN},
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

/// 10,000 USDC of LPs lent to one borrower against 100 SOL; SOL falls to $1 and a
/// liquidation takes all of it for $100 / 1.05, settling the rest in the same instruction.
const LENT: u64 = 10_000 * USDC;
/// `ceil(100 / 1.05)` USDC: the last repayment, kept as the LPs' equity.
const LAST_REPAYMENT: u64 = 95_238_096;
const WIPED: u64 = LENT - LAST_REPAYMENT;

/// `recapitalize`: before, the settlement left the pool open at 0.95% of par, so a newcomer
/// who deposited 1,000 just before a 9,904 recapitalization redeemed about 10,035 and the
/// LPs who bore the loss got 965 of their 10,000. Now the settlement freezes the pool (below
/// the 1% floor), the newcomer cannot buy in, and the recovery makes the LPs whole.
#[tokio::test]
async fn recapitalize_reaches_the_lps_who_bore_the_loss_not_a_newcomer() {
    let (mut bank, mut fx) = setup_with(no_fee()).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let bank = &mut bank;
    let lp = fx.user(bank, LENT).await;
    bank.ok(&[fx.deposit_ix(&lp, LENT, LENT)], &[&lp.key]).await;
    let b = fx.borrower(bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, LENT).await;
    bank.ok(&[borrow], &[&b.key]).await;
    fx.set_prices(bank, &[DOLLAR]).await;
    let liq = fx.liquidator(bank, 1_000 * USDC).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let s: BadDebtSettled = out.event();
    assert_eq!((s.debt, s.covered, s.socialized), (WIPED, 0, WIPED));
    assert_eq!(
        (s.lp_assets_after, s.lp_supply_after),
        (LAST_REPAYMENT, LENT)
    );
    // 0.95% of par: below the floor, so the pool freezes (before: it stayed open)
    assert!(s.frozen);
    assert_eq!(fx.pool(bank).await.status, STATUS_FROZEN);

    // the newcomer's move: buy nearly every share at 0.95% of par, before the recovery
    let newcomer = fx.user(bank, 1_000 * USDC).await;
    assert_refused(
        bank,
        &fx,
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
        &[&newcomer.key],
        LendingError::PoolFrozen,
    )
    .await;
    // a one-unit recovery cannot reopen the pool at a price near zero
    let donor = fx.user(bank, WIPED + 1).await;
    bank.ok(
        &[ix::recapitalize(
            &fx.addrs,
            &donor.key.pubkey(),
            &donor.base,
            1,
            LENT,
        )],
        &[&donor.key],
    )
    .await;
    assert_refused(
        bank,
        &fx,
        &[ix::unfreeze(&fx.addrs, &fx.guardian.pubkey())],
        &[&fx.guardian],
        LendingError::SharePriceBelowFloor,
    )
    .await;
    // the recovery of what was lost, then the pool reopens
    bank.ok(
        &[ix::recapitalize(
            &fx.addrs,
            &donor.key.pubkey(),
            &donor.base,
            WIPED,
            LENT,
        )],
        &[&donor.key],
    )
    .await;
    let out = bank
        .ok(
            &[ix::unfreeze(&fx.addrs, &fx.guardian.pubkey())],
            &[&fx.guardian],
        )
        .await;
    let u: PoolUnfrozen = out.event();
    assert_eq!((u.lp_assets, u.lp_supply), (LENT + 1, LENT));
    assert_eq!(fx.pool(bank).await.status, STATUS_ACTIVE);
    // the LP who bore the loss is made whole (the extra unit stays with the virtual share)
    fx.exit_shares(bank, &lp, LENT, LENT).await;
    assert_eq!(bank.token_balance(&lp.base).await, LENT);
    assert_eq!(bank.token_balance(&newcomer.base).await, 1_000 * USDC);
    fx.assert_books(bank).await;
}

/// `recapitalize` into an open pool is refused (a gift to the next depositor); with deposits
/// paused it reaches exactly the LPs there are.
#[tokio::test]
async fn recapitalize_is_refused_while_anyone_could_buy_in() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let donor = fx.user(bank, 100 * USDC).await;
    let recap = ix::recapitalize(
        &fx.addrs,
        &donor.key.pubkey(),
        &donor.base,
        100 * USDC,
        LENT,
    );
    assert_refused(
        bank,
        &fx,
        std::slice::from_ref(&recap),
        &[&donor.key],
        LendingError::RecapitalizeWhileOpen,
    )
    .await;
    fx.guardian_pauses(bank, pause::DEPOSIT).await;
    bank.ok(&[recap], &[&donor.key]).await;
    assert_eq!(fx.pool(bank).await.lp_assets().unwrap(), LENT + 100 * USDC);
    fx.assert_books(bank).await;
}

/// Three stakers of 500 USDC each; the first asked to unstake long ago.
async fn three_stakers(bank: &mut Bank, fx: &PoolFixture) -> [Staker; 3] {
    let mut out = vec![];
    for _ in 0..3 {
        let s = fx.staker(bank, 500 * USDC).await;
        bank.ok(&[fx.stake_ix(&s, 500 * USDC, 0)], &[&s.key]).await;
        out.push(s);
    }
    <[Staker; 3]>::try_from(out).ok().unwrap()
}

/// `unstake`: before, a request whose cooldown ended long ago was a free option: when a loss
/// of 624 appeared (SOL at $50 against 1,100 borrowed) its staker left with 500 before
/// anyone marked it, and the two others kept 188 each. Now the request has lapsed: it is
/// refused, the loss is shared, and each of the three is left with 292.
#[tokio::test]
async fn unstake_refuses_a_request_past_its_window() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [early, s1, s2] = three_stakers(bank, &fx).await;
    let cfg = fx.pool(bank).await.config;
    bank.ok(&[fx.request_unstake_ix(&early, 500 * USDC)], &[&early.key])
        .await;
    let r = fx.stake_account(bank, &early).await;
    // weeks later (past the cooldown and its two-day window) a position goes underwater
    bank.warp((cfg.unstake_cooldown_secs + cfg.unstake_window_secs) as i64 + 1)
        .await;
    fx.set_prices(bank, &[SOL_PRICE]).await;
    let b = underwater(bank, &fx).await;
    let unstake = fx.unstake_ix(&early);
    assert_unchanged(bank, &fx, &[early.stake], &[unstake], &[&early.key], |r| {
        assert_lending_err(r, LendingError::UnstakeWindowExpired)
    })
    .await;
    assert_eq!(bank.token_balance(&early.base).await, 0);
    assert!(bank.now().await > r.cooldown_end_ts + cfg.unstake_window_secs as i64);

    // the loss is settled; the fund pays it from all three alike
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let s: BadDebtSettled = out.event();
    assert_eq!((s.covered, s.socialized), (623_809_523, 0));
    // the request can only be cancelled (its shares bore the loss) and asked again
    bank.ok(&[fx.cancel_unstake_ix(&early)], &[&early.key])
        .await;
    let values = [
        fx.stake_value(bank, &early).await,
        fx.stake_value(bank, &s1).await,
        fx.stake_value(bank, &s2).await,
    ];
    // (1,500 − 623.81) / 3, each share at (net + 1) / (shares + 1), rounded down
    assert_eq!(values, [292_063_492; 3]);
    fx.assert_books(bank).await;
}

/// `unstake` pays a matured request up to the last second of its window.
#[tokio::test]
async fn unstake_pays_within_the_window_to_the_second() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [a, _b] = two_stakers(bank, &fx, 500 * USDC).await;
    let cfg = fx.pool(bank).await.config;
    let out = bank
        .ok(&[fx.request_unstake_ix(&a, 500 * USDC)], &[&a.key])
        .await;
    let req: UnstakeRequested = out.event();
    assert_eq!(
        req.window_end_ts,
        req.cooldown_end_ts + cfg.unstake_window_secs as i64
    );
    bank.warp((cfg.unstake_cooldown_secs + cfg.unstake_window_secs) as i64)
        .await;
    assert_eq!(bank.now().await, req.window_end_ts);
    bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await;
    assert_eq!(bank.token_balance(&a.base).await, 500 * USDC);
}

/// `request_unstake`: before, a request made while a stale mark stood (prices recovered,
/// nobody re-marked) was valued net of it for good: a staker of 500 fixed 188. Now its
/// `min_value` refuses that, and the same request behind a re-mark in the same transaction
/// is worth the full 500.
#[tokio::test]
async fn request_unstake_refuses_a_value_below_its_minimum() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let mark = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    bank.ok(&[mark], &[&marker]).await;
    // the mark rounds against the LPs: a unit above the loss a settlement books
    assert_eq!(
        bank.position(&b.position).await.marked_shortfall,
        623_809_524
    );
    // SOL recovers; the mark is stale
    fx.set_prices(bank, &[SOL_PRICE]).await;
    assert_eq!(fx.stake_value(bank, &a).await, 188_095_238);
    let request = fx.request_unstake_min_ix(&a, 500 * USDC, 500 * USDC);
    assert_unchanged(
        bank,
        &fx,
        &[a.stake],
        std::slice::from_ref(&request),
        &[&a.key],
        |r| assert_lending_err(r, LendingError::UnstakeValueBelowMinimum),
    )
    .await;
    // re-marked first, in the same transaction (what the CLI and the TS helpers send)
    let remark = fx.mark_ix(bank, &b, &a.key.pubkey()).await;
    let out = bank.ok(&[remark, request], &[&a.key]).await;
    let req: UnstakeRequested = out.event();
    assert_eq!(
        (req.value_at_request, req.min_value),
        (500 * USDC, 500 * USDC)
    );
}
