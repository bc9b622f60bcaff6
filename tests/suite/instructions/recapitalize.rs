//! `recapitalize` (SPEC, "Decided in round three"): a recovery goes to the LPs who bore the
//! loss, never a newcomer, so it is refused while anyone could buy in.
use crate::support::*;
use lending_pool::{
    constants::{pause, MAX_BOOKS},
    errors::LendingError,
    events::{BadDebtSettled, PoolUnfrozen},
    state::{STATUS_ACTIVE, STATUS_FROZEN},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// `LENT` (10,000 USDC of LPs) lent to one borrower against 100 SOL; SOL falls to $1 and a
/// liquidation takes all of it for $100 / 1.05, settling the rest in the same instruction.
/// `ceil(100 / 1.05)` USDC: the last repayment, kept as the LPs' equity.
const LAST_REPAYMENT: u64 = 95_238_096;
const WIPED: u64 = LENT - LAST_REPAYMENT;

/// `recapitalize`: before, the settlement left the pool open at 0.95% of par, so a newcomer
/// who deposited 1,000 just before a 9,904 recapitalization redeemed about 10,035 and the
/// LPs who bore the loss got 965 of their 10,000. Now the settlement freezes the pool (below
/// the 1% floor), the newcomer cannot buy in, and the recovery makes the LPs whole.
// also covers: unfreeze, deposit
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

/// A recovery may not take the books past `MAX_BOOKS` (accrual would pin the index there):
/// one unit too many is refused (`BooksLimitExceeded`), the gift that fits is taken.
#[tokio::test]
async fn recapitalize_past_max_books_is_refused() {
    let (mut bank, fx) = sol_pool(no_fee(), LENT).await;
    let bank = &mut bank;
    fx.guardian_pauses(bank, pause::DEPOSIT).await;
    let room = MAX_BOOKS - LENT;
    let donor = fx.user(bank, room + 1).await;
    let recap =
        |amount| ix::recapitalize(&fx.addrs, &donor.key.pubkey(), &donor.base, amount, LENT);
    assert_refused(
        bank,
        &fx,
        &[recap(room + 1)],
        &[&donor.key],
        LendingError::BooksLimitExceeded,
    )
    .await;
    assert_eq!(bank.token_balance(&donor.base).await, room + 1);
    bank.ok(&[recap(room)], &[&donor.key]).await;
    let pool = fx.pool(bank).await;
    assert_eq!((pool.cash, pool.total_recovered), (MAX_BOOKS, room));
    assert_eq!(bank.token_balance(&donor.base).await, 1);
    fx.assert_books(bank).await;
}
