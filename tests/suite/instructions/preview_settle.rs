//! `preview_settle` (a view): the settlement `settle_bad_debt` would book, run on copies.
use crate::support::*;
use lending_pool::{constants::pause, errors::LendingError, events::BadDebtSettled};
use lending_pool_sdk::ix;

/// The view refuses what the settlement refuses (a position that still holds collateral, or
/// owes nothing); of a bankrupt position it reports the settlement that follows, to the
/// unit, and writes nothing.
#[tokio::test]
async fn preview_settle_refuses_what_settle_refuses_and_reports_what_it_books() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let held = ix::preview_settle(&c.fx.addrs, &c.b.position);
    let (bank, fx) = (&mut c.bank, &c.fx);
    assert_refused(bank, fx, &[held], &[], LendingError::PositionHasCollateral).await;
    let empty = fx.borrower(bank, 0, &[]).await;
    let owes_nothing = ix::preview_settle(&fx.addrs, &empty.position);
    assert_refused(bank, fx, &[owes_nothing], &[], LendingError::NoDebt).await;
    // SOL at $50 with settlement paused: the liquidation leaves 623.809523 owed and no SOL
    fx.guardian_pauses(bank, pause::SETTLE).await;
    c.set_sol_price(50 * DOLLAR).await;
    c.liquidate(u64::MAX, 0).await.unwrap();
    c.fx.guardian_pauses(&mut c.bank, 0).await;
    let pool0 = c.bank.account_data(&c.fx.addrs.pool).await;
    let s = c.preview().await;
    // the liquidation's 1% fee (4.761905) is all the fund holds: LPs bear the rest
    assert_eq!(
        (s.debt, s.from_pending, s.from_insurance_vault, s.socialized),
        (623_809_523, 0, 4_761_905, 619_047_618)
    );
    assert_eq!(c.bank.account_data(&c.fx.addrs.pool).await, pool0);
    let settle = ix::settle_bad_debt(&c.fx.addrs, &c.b.position);
    let ev: BadDebtSettled = c.bank.ok(&[settle], &[]).await.event();
    assert_eq!(
        (ev.debt, ev.from_insurance_vault, ev.socialized),
        (s.debt, s.from_insurance_vault, s.socialized)
    );
    assert_eq!(ev.share_price_after_wad, s.share_price_after_wad);
}
