//! A frozen pool's later life (SPEC "Insolvency and recovery"): defaults that take the LPs'
//! equity to zero freeze the pool; while frozen it takes no new value or risk but lets
//! collateral and LPs out; anyone may recapitalize it; the guardian or admin reopens it once
//! the LPs have equity again, and business goes on as usual.
//!
//! `lp_assets = cash + total_debt − insurance_pending` and the pending claim is held in cash,
//! so `lp_assets == 0` means `total_debt == 0`: a frozen pool has no debt (and can take
//! none), so repay and settlement stay open in it but find nothing owed.
use crate::common::*;
use crate::liquidation::{DOLLAR, SOL, USDC};
use lending_pool::{
    constants::{pause, WAD},
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, PoolUnfrozen, Recapitalized},
    math::{share_price_wad_down, to_assets_down, to_shares_down},
    state::{PoolConfig, STATUS_ACTIVE, STATUS_FROZEN},
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

/// 0.2 BTC (8 decimals).
const FIFTH_BTC: u64 = 20_000_000;
/// What the two liquidations repay: $20 of SOL / 1.05 and $80 of BTC / 1.08, rounded up.
const SOL_REPAID: u64 = 19_047_620;
const BTC_REPAID: u64 = 74_074_075;
/// What the LPs keep: the repayments, 0.93% of the 10,000 they lent (below the 1% floor).
const KEPT: u64 = SOL_REPAID + BTC_REPAID;
/// The defaulted debt left to settle: 10,000 USDC lent, both repayments in.
const LOSS: u64 = 10_000 * USDC - KEPT;
/// Every LP share is still out: one per unit deposited at a price of exactly 1.
const SHARES_LEFT: u64 = 10_000 * USDC;
const ALICE_SHARES: u64 = 5_000 * USDC;
/// After the 3,000 USDC recapitalization, and what Alice's shares redeem then.
const LP_AFTER: u64 = KEPT + 3_000 * USDC;
const ALICE_OUT: u64 = 1_546_560_847;
const BOB_SHARES: u64 = 3_000 * USDC;

struct WipedOut {
    bank: Bank,
    fx: PoolFixture,
    /// The three LPs, all holding through the loss.
    early: User,
    alice: User,
    bob: User,
    /// The borrower who defaulted: no collateral, no debt left.
    b: Borrower,
    /// A position with 10 SOL and no debt (1 more SOL in the wallet).
    saver: Borrower,
    liq: Liquidator,
}

/// No liquidation fee: the insurance fund stays empty, since whatever it paid into a
/// settlement would be left to the LPs as equity.
fn config() -> PoolConfig {
    PoolConfig {
        liquidation_fee_bps: 0,
        ..PoolConfig::example()
    }
}

/// Three LPs bring 10,000 USDC and one borrower takes all of it against 50 SOL and 0.2 BTC.
/// SOL falls from $150 to $0.40, BTC from $60,000 to $400: $100 of collateral for $10,000.
///
/// The position is emptied slot by slot (underwater: each liquidation takes a whole slot
/// for its value less the bonus; the first marks the loss it leaves), and the last one
/// settles the rest in the same instruction: the LPs keep the repayments, 0.93% of par,
/// below the freeze floor, so the pool freezes.
async fn wipe_out() -> WipedOut {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, DECIMALS, config()).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    fx.add_collateral(&mut bank, 8, BTC_PRICE, btc_params())
        .await;
    let mut lps = vec![];
    for amount in [2_000 * USDC, ALICE_SHARES, BOB_SHARES] {
        let u = fx.user(&mut bank, amount).await;
        bank.ok(&[fx.deposit_ix(&u, amount, amount)], &[&u.key])
            .await;
        lps.push(u);
    }
    let [early, alice, bob] = <[User; 3]>::try_from(lps).ok().unwrap();
    let saver = fx.borrower(&mut bank, 0, &[11 * SOL]).await;
    bank.ok(
        &[fx.deposit_collateral_ix(&saver, 0, 10 * SOL)],
        &[&saver.key],
    )
    .await;
    let b = fx.borrower(&mut bank, 0, &[50 * SOL, FIFTH_BTC]).await;
    bank.ok(
        &[
            fx.deposit_collateral_ix(&b, 0, 50 * SOL),
            fx.deposit_collateral_ix(&b, 1, FIFTH_BTC),
        ],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, 10_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    assert_eq!(fx.pool(&mut bank).await.cash, 0, "all cash lent out");
    let liq = fx.liquidator(&mut bank, 1_000 * USDC).await;

    fx.set_prices(&mut bank, &[40 * DOLLAR / 100, 400 * DOLLAR])
        .await;
    let done = liquidate_slot(&mut bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = done.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (SOL_REPAID, 50 * SOL, 0)
    );
    assert!(done.events::<BadDebtSettled>().is_empty());
    let done = liquidate_slot(&mut bank, &fx, &liq, &b, 1).await.unwrap();
    let l: Liquidated = done.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (BTC_REPAID, FIFTH_BTC, 0)
    );
    let s: BadDebtSettled = done.event();
    assert_eq!((s.debt, s.covered, s.socialized), (LOSS, 0, LOSS));
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (10_000 * USDC, KEPT)
    );
    assert_eq!(
        (s.lp_supply_before, s.lp_supply_after),
        (SHARES_LEFT, SHARES_LEFT)
    );
    // from exactly one unit per share to 0.93% of it
    assert_eq!(s.share_price_before_wad, WAD);
    assert_eq!(
        s.share_price_after_wad,
        share_price_wad_down(KEPT, SHARES_LEFT).unwrap()
    );
    assert!(s.frozen);
    // a loss of nearly everything is far above the breaker's 5% too
    assert!(s.breaker_tripped);
    WipedOut {
        bank,
        fx,
        early,
        alice,
        bob,
        b,
        saver,
        liq,
    }
}

#[tokio::test]
async fn defaults_that_leave_the_lps_under_the_floor_freeze_the_pool() {
    let mut w = wipe_out().await;
    let pool = w.fx.pool(&mut w.bank).await;
    assert_eq!(pool.status, STATUS_FROZEN);
    assert_eq!(pool.pause_flags, pause::BREAKER);
    assert_eq!(
        (
            pool.cash,
            pool.total_debt().unwrap(),
            pool.insurance_pending,
            pool.lp_assets().unwrap()
        ),
        (KEPT, 0, 0, KEPT)
    );
    assert_eq!(
        (
            pool.total_socialized,
            pool.total_insurance_paid,
            pool.total_recovered,
            pool.settlement_seq
        ),
        (LOSS, 0, 0, 1)
    );
    assert_eq!(w.bank.mint_supply(&w.fx.addrs.lp_mint).await, SHARES_LEFT);
    assert_eq!(w.bank.token_balance(&w.early.lp).await, 2_000 * USDC);
    let pos = w.bank.position(&w.b.position).await;
    assert!(pos.is_empty());
    w.fx.assert_books(&mut w.bank).await;
}

#[tokio::test]
async fn a_frozen_pool_takes_no_new_value_or_risk_but_lets_collateral_out() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    let newcomer = fx.user(bank, 1_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
        &[&newcomer.key],
        LendingError::PoolFrozen,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_collateral_ix(&w.saver, 0, SOL)],
        &[&w.saver.key],
        LendingError::PoolFrozen,
    )
    .await;
    // refused as frozen before the breaker is asked
    let borrow = fx.borrow_ix(bank, &w.saver, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&w.saver.key],
        LendingError::PoolFrozen,
    )
    .await;
    assert_eq!(bank.token_balance(&newcomer.base).await, 1_000 * USDC);
    assert_eq!(bank.token_balance(&w.saver.collateral[0]).await, SOL);

    // collateral without debt is free to go, frozen pool and tripped breaker alike
    let ix = fx.withdraw_collateral_ix(bank, &w.saver, 0, 4 * SOL).await;
    bank.ok(&[ix], &[&w.saver.key]).await;
    assert_eq!(
        bank.position(&w.saver.position).await.collateral[0],
        6 * SOL
    );
    assert_eq!(bank.token_balance(&w.saver.collateral[0]).await, 5 * SOL);
    assert_eq!(fx.pool(bank).await.collaterals[0].total_deposited, 6 * SOL);

    // exits stay open, pro rata (by request while the tripped breaker stresses the pool): a
    // share pays (KEPT + 1) / (SHARES_LEFT + 1) of a unit, so one share pays nothing
    assert_refused(
        bank,
        fx,
        &[fx.redeem_ix(&w.alice, 1, 0)],
        &[&w.alice.key],
        LendingError::PoolStressed,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[fx.request_exit_ix(&w.alice, 1, 0)],
        &[&w.alice.key],
        LendingError::ZeroAssetsOut,
    )
    .await;
    assert_eq!(bank.token_balance(&w.alice.lp).await, ALICE_SHARES);

    // repay, liquidation and settlement pass the gate, but nobody owes anything (the
    // defaulted borrower still holds the 10,000 USDC it borrowed)
    assert_refused(
        bank,
        fx,
        &[fx.repay_ix(&w.b, USDC)],
        &[&w.b.key],
        LendingError::NoDebt,
    )
    .await;
    assert_refused(
        bank,
        fx,
        &[ix::settle_bad_debt(&fx.addrs, &w.b.position)],
        &[],
        LendingError::NoDebt,
    )
    .await;
    let liquidate = fx
        .liquidate_ix(
            bank,
            &w.saver,
            &w.liq.user.key.pubkey(),
            &w.liq.user.base,
            &w.liq.collateral[0],
            0,
            u64::MAX,
            0,
        )
        .await;
    assert_refused(
        bank,
        fx,
        &[liquidate],
        &[&w.liq.user.key],
        LendingError::PositionHealthy,
    )
    .await;
    assert_eq!(fx.pool(bank).await.status, STATUS_FROZEN);
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn recapitalize_and_unfreeze_refuse_bad_inputs_and_strangers() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    // no equity yet: neither the guardian nor the admin may reopen
    for authority in [&fx.guardian, &fx.admin] {
        assert_refused(
            bank,
            fx,
            &[ix::unfreeze(&fx.addrs, &authority.pubkey())],
            &[authority],
            LendingError::SharePriceBelowFloor,
        )
        .await;
    }
    let stranger = bank.keypair();
    assert_refused(
        bank,
        fx,
        &[ix::unfreeze(&fx.addrs, &stranger.pubkey())],
        &[&stranger],
        LendingError::NotGuardianOrAdmin,
    )
    .await;

    let rescuer = fx.user(bank, 3_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[ix::recapitalize(
            &fx.addrs,
            &rescuer.key.pubkey(),
            &rescuer.base,
            0,
            SHARES_LEFT,
        )],
        &[&rescuer.key],
        LendingError::ZeroAmount,
    )
    .await;
    // more than the rescuer holds: the books are written first, the token program refuses
    // the transfer, and the whole transaction goes
    let before = fx.pool(bank).await;
    assert_token_err(
        bank.process(
            &[ix::recapitalize(
                &fx.addrs,
                &rescuer.key.pubkey(),
                &rescuer.base,
                3_000 * USDC + 1,
                SHARES_LEFT,
            )],
            &[&rescuer.key],
        )
        .await,
        anchor_spl::token::spl_token::error::TokenError::InsufficientFunds,
    );
    assert_eq!(
        bytemuck::bytes_of(&before),
        bytemuck::bytes_of(&fx.pool(bank).await)
    );
    assert_eq!(bank.token_balance(&rescuer.base).await, 3_000 * USDC);
    // the donor's bound: one share more than it signed for is refused
    assert_refused(
        bank,
        fx,
        &[ix::recapitalize(
            &fx.addrs,
            &rescuer.key.pubkey(),
            &rescuer.base,
            USDC,
            SHARES_LEFT - 1,
        )],
        &[&rescuer.key],
        LendingError::LpSupplyAboveMaximum,
    )
    .await;

    // a pool without LP shares, deposits paused (an open pool refuses any recovery:
    // `loss_holders`): a gift to nobody would go to the next depositor
    let empty = PoolFixture::new(bank, DECIMALS, config()).await;
    let donor = empty.user(bank, 1_000 * USDC).await;
    let recap = ix::recapitalize(
        &empty.addrs,
        &donor.key.pubkey(),
        &donor.base,
        USDC,
        u64::MAX,
    );
    empty.guardian_pauses(bank, pause::DEPOSIT).await;
    assert_refused(
        bank,
        &empty,
        &[recap],
        &[&donor.key],
        LendingError::NoLpShares,
    )
    .await;
    assert_eq!(bank.token_balance(&donor.base).await, 1_000 * USDC);
    assert_eq!(empty.pool(bank).await.total_recovered, 0);
    // and an active pool cannot be unfrozen
    assert_refused(
        bank,
        &empty,
        &[ix::unfreeze(&empty.addrs, &empty.guardian.pubkey())],
        &[&empty.guardian],
        LendingError::PoolNotFrozen,
    )
    .await;
    assert_eq!(fx.pool(bank).await.status, STATUS_FROZEN);
    fx.assert_books(bank).await;
    empty.assert_books(bank).await;
}

#[tokio::test]
async fn a_recapitalized_pool_pays_out_pro_rata_then_reopens_for_business() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    // a third party (no LP shares of its own) gives 3,000 USDC to the LPs who stayed
    let rescuer = fx.user(bank, 3_000 * USDC).await;
    let out = bank
        .ok(
            &[ix::recapitalize(
                &fx.addrs,
                &rescuer.key.pubkey(),
                &rescuer.base,
                3_000 * USDC,
                SHARES_LEFT,
            )],
            &[&rescuer.key],
        )
        .await;
    let r: Recapitalized = out.event();
    assert_eq!((r.pool, r.donor), (fx.addrs.pool, rescuer.key.pubkey()));
    assert_eq!(
        (r.amount, r.lp_assets_before, r.lp_assets_after, r.lp_supply),
        (3_000 * USDC, KEPT, LP_AFTER, SHARES_LEFT)
    );
    assert_eq!(
        r.share_price_before_wad,
        share_price_wad_down(KEPT, SHARES_LEFT).unwrap()
    );
    // (3,093,121,695 + 1) / (10,000,000,000 + 1)
    assert_eq!(r.share_price_after_wad, 309_312_169_569_068_783);
    assert_eq!(
        r.share_price_after_wad,
        share_price_wad_down(LP_AFTER, SHARES_LEFT).unwrap()
    );
    assert_eq!(r.total_recovered, 3_000 * USDC);
    assert!(
        r.frozen,
        "still frozen until the guardian or admin reopens it"
    );
    let pool = fx.pool(bank).await;
    assert_eq!(
        (pool.cash, pool.lp_assets().unwrap(), pool.total_recovered),
        (LP_AFTER, LP_AFTER, 3_000 * USDC)
    );
    assert_eq!(pool.status, STATUS_FROZEN);
    assert_eq!(bank.token_balance(&rescuer.base).await, 0);
    assert_eq!(bank.token_balance(&rescuer.lp).await, 0);
    assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, SHARES_LEFT);
    fx.assert_books(bank).await;

    // still frozen: no deposits, but exits pay pro rata what was given back.
    // alice: 5,000,000,000 × 3,093,121,696 / 10,000,000,001
    let newcomer = fx.user(bank, 1_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, 0)],
        &[&newcomer.key],
        LendingError::PoolFrozen,
    )
    .await;
    fx.exit_shares(bank, &w.alice, ALICE_SHARES, ALICE_OUT)
        .await;
    assert_eq!(bank.token_balance(&w.alice.base).await, ALICE_OUT);
    assert_eq!(
        ALICE_OUT,
        to_assets_down(ALICE_SHARES, LP_AFTER, SHARES_LEFT).unwrap()
    );
    // bob: 3,000,000,000 × (LP_AFTER − ALICE_OUT + 1) / 5,000,000,001
    let bob_out =
        to_assets_down(BOB_SHARES, LP_AFTER - ALICE_OUT, SHARES_LEFT - ALICE_SHARES).unwrap();
    fx.exit_shares(bank, &w.bob, BOB_SHARES, bob_out).await;
    assert_eq!(bank.token_balance(&w.bob.base).await, bob_out);
    let left = LP_AFTER - ALICE_OUT - bob_out;
    let early_shares = SHARES_LEFT - ALICE_SHARES - BOB_SHARES;
    assert_eq!(bank.token_balance(&w.early.lp).await, early_shares);

    // equity again: the admin reopens (the guardian could too), once
    let out = bank
        .ok(&[ix::unfreeze(&fx.addrs, &fx.admin.pubkey())], &[&fx.admin])
        .await;
    let u: PoolUnfrozen = out.event();
    assert_eq!((u.pool, u.authority), (fx.addrs.pool, fx.admin.pubkey()));
    assert_eq!((u.lp_assets, u.lp_supply), (left, early_shares));
    assert_eq!(
        u.share_price_wad,
        share_price_wad_down(left, early_shares).unwrap()
    );
    // about 0.31 of par: above the floor
    assert_eq!(fx.pool(bank).await.status, STATUS_ACTIVE);
    assert_refused(
        bank,
        fx,
        &[ix::unfreeze(&fx.addrs, &fx.guardian.pubkey())],
        &[&fx.guardian],
        LendingError::PoolNotFrozen,
    )
    .await;

    // the breaker the wipe-out tripped is the guardian's to clear; a day and a bucket
    // later the wipe-out has also left its window
    let borrow = fx.borrow_ix(bank, &w.saver, USDC).await;
    assert_refused(
        bank,
        fx,
        &[borrow],
        &[&w.saver.key],
        LendingError::CircuitBreakerTripped,
    )
    .await;
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), 0)],
        &[&fx.guardian],
    )
    .await;
    let window = fx.pool(bank).await.config.breaker_window_secs as i64;
    bank.warp(window + window / 16).await;
    fx.set_prices(bank, &[SOL_PRICE, BTC_PRICE]).await;

    // business as usual: a deposit at the recapitalized price
    let minted = to_shares_down(1_000 * USDC, left, early_shares).unwrap();
    bank.ok(
        &[fx.deposit_ix(&newcomer, 1_000 * USDC, minted)],
        &[&newcomer.key],
    )
    .await;
    assert_eq!(bank.token_balance(&newcomer.lp).await, minted);
    // collateral, a borrow and a repayment
    bank.ok(
        &[fx.deposit_collateral_ix(&w.saver, 0, SOL)],
        &[&w.saver.key],
    )
    .await;
    let borrow = fx.borrow_ix(bank, &w.saver, 500 * USDC).await;
    bank.ok(&[borrow], &[&w.saver.key]).await;
    bank.ok(&[fx.repay_ix(&w.saver, 100 * USDC)], &[&w.saver.key])
        .await;
    let pos = bank.position(&w.saver.position).await;
    let pool = fx.pool(bank).await;
    assert_eq!(pos.debt(pool.borrow_index.get()).unwrap(), 400 * USDC);
    assert_eq!(bank.token_balance(&w.saver.base).await, 400 * USDC);
    let lp_assets = left + 1_000 * USDC;
    assert_eq!(pool.lp_assets().unwrap(), lp_assets);
    assert_eq!(pool.cash, lp_assets - 400 * USDC);

    // SOL at $35: 11 SOL ($385) cannot pay the bonus on $400, so one liquidation takes it
    // all for $385 / 1.05 and the rest settles in the same instruction
    fx.set_prices(bank, &[35 * DOLLAR, BTC_PRICE]).await;
    let out = liquidate_slot(bank, fx, &w.liq, &w.saver, 0).await.unwrap();
    let l: Liquidated = out.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (366_666_667, 11 * SOL, 0)
    );
    let s: BadDebtSettled = out.event();
    let loss = 400 * USDC - 366_666_667;
    assert_eq!((s.seq, s.debt, s.socialized), (2, loss, loss));
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (lp_assets, lp_assets - loss)
    );
    // 33.3 USDC is below 5% of the LPs' 1,6xx and the wipe-out is out of the window
    assert!(!s.frozen && !s.breaker_tripped);
    let pool = fx.pool(bank).await;
    assert_eq!((pool.status, pool.pause_flags), (STATUS_ACTIVE, 0));
    assert_eq!(
        (
            pool.total_socialized,
            pool.total_recovered,
            pool.settlement_seq
        ),
        (LOSS + loss, 3_000 * USDC, 2)
    );
    assert_eq!(pool.total_debt().unwrap(), 0);
    assert_eq!(pool.lp_assets().unwrap(), lp_assets - loss);
    fx.assert_books(bank).await;
}
