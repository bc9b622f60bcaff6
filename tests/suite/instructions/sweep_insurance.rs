//! `sweep_insurance`: the fund's share of interest, pending in the pool's cash, moves from
//! the base vault to the insurance vault.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool::{
    events::{InsuranceSwept, InterestAccrued},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// After 30 days at 80% utilization the sweep accrues first, then moves exactly the fund's
/// 10% of the interest and books it as the fund's interest income; a second sweep in the
/// same second moves nothing, and another pool's insurance vault is refused.
#[tokio::test]
async fn sweep_insurance_moves_the_pending_share_once() {
    let (mut bank, fx, _, _) = setup_borrowed().await;
    let other = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    bank.warp(30 * DAY).await;
    let mut foreign = fx.addrs;
    foreign.insurance_vault = other.addrs.insurance_vault;
    assert_anchor_err(
        bank.process(&[ix::sweep_insurance(&foreign)], &[]).await,
        AnchorError::ConstraintHasOne,
    );
    let out = bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await;
    let accrued: InterestAccrued = out.event();
    let ev: InsuranceSwept = out.event();
    let interest = accrued.total_debt_after - accrued.total_debt_before;
    // reserve factor 10%, rounded down, all of it pending in cash until now
    assert_eq!(ev.amount, interest / 10);
    assert_eq!(
        (ev.insurance_pending_before, ev.insurance_pending_after),
        (accrued.insurance_pending_after, 0)
    );
    let pool = fx.pool(&mut bank).await;
    assert_eq!((pool.insurance_pending, ev.cash_after), (0, pool.cash));
    assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, pool.cash);
    assert_eq!(
        bank.token_balance(&fx.addrs.insurance_vault).await,
        ev.amount
    );
    let fund = fx.insurance(&mut bank).await;
    assert_eq!(
        (fund.total_interest_in, fund.balance().unwrap()),
        (ev.amount, ev.amount)
    );
    // nothing pending: nothing moves
    let again: InsuranceSwept = bank
        .ok(&[ix::sweep_insurance(&fx.addrs)], &[])
        .await
        .event();
    assert_eq!((again.amount, again.insurance_pending_after), (0, 0));
    assert_eq!(
        bank.token_balance(&fx.addrs.insurance_vault).await,
        ev.amount
    );
    fx.assert_books(&mut bank).await;
}
