//! The main pool's crash rows: three borrowers with 10 SOL each and 1,100 borrowed, then SOL
//! falls, from a partial liquidation to bad debt settled by insurance and the LPs.
use super::{measured, Measurement};
use anchor_lang::prelude::Pubkey;
use lending_pool::constants::pause;
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, Borrower, PoolFixture, Signer, TxOutcome, User};

/// SOL at $130 (a partial liquidation), at $50 (a liquidation to zero that settles), and
/// with settlement paused (a liquidation that leaves bad debt), settled an hour later.
pub(super) async fn liquidate_and_settle(bank: &mut Bank, fx: &PoolFixture) -> Vec<Measurement> {
    fx.set_prices(bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let crashed = crashed_borrowers(bank, fx).await;
    let liq = fx.user(bank, 100_000_000_000).await;
    let liq_sol = bank
        .create_token_account(&fx.collaterals[0].mint, &liq.key.pubkey())
        .await;
    let liquidator = (&liq, &liq_sol);
    fx.set_prices(bank, &[13_000_000_000, 6_000_000_000_000])
        .await;
    let r = liquidate_sol(bank, fx, liquidator, &crashed[0]).await;
    let mut rows = vec![measured(
        "liquidate",
        "partial (close factor), no settlement",
        &r,
    )];
    fx.set_prices(bank, &[5_000_000_000, 6_000_000_000_000])
        .await;
    let r = liquidate_sol(bank, fx, liquidator, &crashed[1]).await;
    rows.push(measured(
        "liquidate",
        "to zero collateral + automatic settlement",
        &r,
    ));
    // settlement paused: the last liquidation leaves its bad debt for `settle_bad_debt`
    set_pause(bank, fx, pause::SETTLE).await;
    liquidate_sol(bank, fx, liquidator, &crashed[2]).await;
    set_pause(bank, fx, 0).await;
    rows.extend(settle(bank, fx, &crashed[2].position).await);
    rows
}

/// Three borrowers, each with 10 SOL deposited and 1,100 borrowed.
async fn crashed_borrowers(bank: &mut Bank, fx: &PoolFixture) -> Vec<Borrower> {
    let mut crashed = vec![];
    for _ in 0..3 {
        let b = fx.borrower(bank, 0, &[10_000_000_000]).await;
        bank.ok(
            &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
            &[&b.key],
        )
        .await;
        let ix = fx.borrow_ix(bank, &b, 1_100_000_000).await;
        bank.ok(&[ix], &[&b.key]).await;
        crashed.push(b);
    }
    crashed
}

/// `liq` liquidates as much of `b`'s SOL as it may, receiving it in `liq_sol`.
async fn liquidate_sol(
    bank: &mut Bank,
    fx: &PoolFixture,
    (liq, liq_sol): (&User, &Pubkey),
    b: &Borrower,
) -> TxOutcome {
    let ix = fx
        .liquidate_ix(
            bank,
            b,
            &liq.key.pubkey(),
            &liq.base,
            liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    bank.ok(&[ix], &[&liq.key]).await
}

/// The guardian sets the pause flags to `flags`.
async fn set_pause(bank: &mut Bank, fx: &PoolFixture, flags: u16) {
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), flags)],
        &[&fx.guardian],
    )
    .await;
}

/// An hour later, the settlement's preview (the view) and the settlement itself.
async fn settle(bank: &mut Bank, fx: &PoolFixture, position: &Pubkey) -> Vec<Measurement> {
    bank.warp(3_600).await;
    let r = bank
        .ok(&[ix::preview_settle(&fx.addrs, position)], &[])
        .await;
    let mut rows = vec![measured("preview_settle", "view", &r)];
    let r = bank
        .ok(&[ix::settle_bad_debt(&fx.addrs, position)], &[])
        .await;
    rows.push(measured(
        "settle_bad_debt",
        "insurance + LP write-down, accrues an hour",
        &r,
    ));
    rows
}
