//! The main pool's borrowing rows: two collateral assets listed (SOL-like at $150, BTC-like
//! at $60,000), then one borrower's life on them, from opening its position to closing it,
//! with the pool's upkeep (accrual, sweep) on the way.
use super::{collateral, measured, Measurement};
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, Borrower, PoolFixture, Signer};

/// SOL and BTC listed (BTC measured: its listing creates the collateral vault), then a
/// borrower's life and the pool's upkeep, in order.
pub(super) async fn lifecycle(bank: &mut Bank, fx: &mut PoolFixture) -> Vec<Measurement> {
    let (sol, btc) = (collateral(1), collateral(2));
    fx.add_collateral(bank, 9, 15_000_000_000, sol).await;
    let (_, r) = fx
        .add_collateral_measured(bank, 8, 6_000_000_000_000, btc)
        .await;
    let mut rows = vec![measured(
        "add_collateral",
        "creates the collateral vault",
        &r,
    )];
    let (b, borrowing) = open_and_borrow(bank, fx).await;
    rows.extend(borrowing);
    rows.extend(repay_and_withdraw(bank, fx, &b).await);
    rows.extend(upkeep(bank, fx).await);
    rows.push(close(bank, fx, &b).await);
    rows
}

/// A position opened with both assets deposited, a first borrow, and a second one a day
/// later (accruing the day).
async fn open_and_borrow(bank: &mut Bank, fx: &PoolFixture) -> (Borrower, Vec<Measurement>) {
    let (b, r) = fx
        .borrower_measured(bank, 0, &[100_000_000_000, 100_000_000])
        .await;
    let mut rows = vec![measured("open_position", "creates the position PDA", &r)];
    let r = bank
        .ok(
            &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
            &[&b.key],
        )
        .await;
    rows.push(measured("deposit_collateral", "", &r));
    bank.ok(&[fx.deposit_collateral_ix(&b, 1, 10_000_000)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(bank, &b, 1_000_000_000).await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rows.push(measured(
        "borrow",
        "two collateral assets, first borrow",
        &r,
    ));
    bank.warp(86_400).await;
    fx.set_prices(bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let ix = fx.borrow_ix(bank, &b, 500_000_000).await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rows.push(measured(
        "borrow",
        "two collateral assets, accrues a day of interest",
        &r,
    ));
    (b, rows)
}

/// An hour later a partial repayment, the position's health (the view), and a collateral
/// withdrawal with the debt still open.
async fn repay_and_withdraw(bank: &mut Bank, fx: &PoolFixture, b: &Borrower) -> Vec<Measurement> {
    bank.warp(3_600).await;
    let r = bank.ok(&[fx.repay_ix(b, 300_000_000)], &[&b.key]).await;
    let mut rows = vec![measured(
        "repay",
        "partial, accrues an hour of interest",
        &r,
    )];
    fx.set_prices(bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let oracles = fx.oracles_for(bank, &b.position).await;
    let r = bank
        .ok(
            &[ix::position_health(
                &fx.addrs.pool,
                &b.position,
                &fx.base_oracle,
                &oracles,
            )],
            &[],
        )
        .await;
    rows.push(measured(
        "position_health",
        "view, two collateral assets",
        &r,
    ));
    let ix = fx.withdraw_collateral_ix(bank, b, 0, 1_000_000_000).await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rows.push(measured(
        "withdraw_collateral",
        "with debt, two collateral assets",
        &r,
    ));
    rows
}

/// A minute's accrual and the insurance sweep: anyone's instructions.
async fn upkeep(bank: &mut Bank, fx: &PoolFixture) -> Vec<Measurement> {
    bank.warp(60).await;
    let r = bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    let mut rows = vec![measured("accrue_interest", "one minute", &r)];
    let r = bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await;
    rows.push(measured("sweep_insurance", "", &r));
    rows
}

/// The borrower repays everything, takes its collateral back and closes the position.
async fn close(bank: &mut Bank, fx: &PoolFixture, b: &Borrower) -> Measurement {
    bank.mint_to(
        &fx.addrs.base_mint,
        &fx.mint_authority,
        &b.base,
        1_000_000_000,
    )
    .await;
    bank.ok(&[fx.repay_ix(b, u64::MAX)], &[&b.key]).await;
    for slot in 0..2u8 {
        let held = bank.position(&b.position).await.collateral[slot as usize];
        let ix = fx.withdraw_collateral_ix(bank, b, slot, held).await;
        bank.ok(&[ix], &[&b.key]).await;
    }
    let r = bank
        .ok(
            &[ix::close_position(
                &fx.addrs.pool,
                &b.key.pubkey(),
                &b.position,
            )],
            &[&b.key],
        )
        .await;
    measured("close_position", "", &r)
}
