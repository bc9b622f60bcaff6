//! A flash loan around what it exists for: a liquidation that settles and socializes, and a
//! mark. The loan leaves the waterfall's numbers exactly as they are without it; the fee is
//! the insurance fund's on top.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, FlashRepaid, Liquidated, ShortfallMarked},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// 10 SOL against 1,100 USDC, SOL at $50, a 100 USDC fund: the liquidation takes all the
/// SOL and settles the rest through the fund into the LPs. Done inside a flash loan of the
/// repayment, the settlement is the same to the unit: the loan is counted as owed while it
/// is out, so no price moved, and the pool ends with the fee more in the fund's pending share.
#[tokio::test]
async fn flash_borrow_around_a_liquidation_that_socializes_leaves_the_waterfall_unchanged() {
    let mut plain = crash_setup(10_000 * USDC, 100 * USDC).await;
    plain.set_sol_price(CRASHED).await;
    let plain_out = plain.liquidate(u64::MAX, 0).await.unwrap();
    let without: BadDebtSettled = plain_out.event();
    // the loan is what the liquidation takes: the repayment and the liquidation fee
    let taken: Liquidated = plain_out.event();
    let repayment = taken.repaid + taken.fee;

    let mut c = crash_setup(10_000 * USDC, 100 * USDC).await;
    c.set_sol_price(CRASHED).await;
    let liq = c.liq.user.key.pubkey();
    let liquidate =
        c.fx.liquidate_by_ix(&mut c.bank, &c.liq, &c.b, 0, u64::MAX, 0)
            .await;
    let out = c
        .bank
        .ok(
            &[
                ix::flash_borrow(&c.fx.addrs, &liq, &c.liq.user.base, repayment),
                liquidate,
                ix::flash_repay(&c.fx.addrs, &liq, &c.liq.user.base),
            ],
            &[&c.liq.user.key],
        )
        .await;
    let with: BadDebtSettled = out.event();
    let repaid: FlashRepaid = out.event();
    assert_eq!(
        repaid.fee,
        ix::flash_fee(repayment, 9),
        "0.09% of the loan, rounded up"
    );
    assert!(repaid.fee > 0);
    assert_eq!(
        (with.debt, with.covered, with.socialized),
        (without.debt, without.covered, without.socialized)
    );
    assert_eq!(
        (
            with.lp_assets_before,
            with.lp_assets_after,
            with.share_price_after_wad
        ),
        (
            without.lp_assets_before,
            without.lp_assets_after,
            without.share_price_after_wad
        )
    );
    let (p0, p1) = (
        plain.fx.pool(&mut plain.bank).await,
        c.fx.pool(&mut c.bank).await,
    );
    assert_eq!(p1.lp_assets().unwrap(), p0.lp_assets().unwrap());
    assert_eq!(p1.insurance_pending, p0.insurance_pending + repaid.fee);
    c.fx.assert_books(&mut c.bank).await;
}

/// A mark inside a loan prices the same loss as outside it (the loan moves no price), and
/// the loan cannot be used to exit around it: LP flows wait for the repayment.
#[tokio::test]
async fn flash_borrow_around_a_mark_prices_the_same_loss() {
    let mut plain = crash_setup(10_000 * USDC, 0).await;
    plain.set_sol_price(CRASHED).await;
    let without = mark(&mut plain.bank, &plain.fx, &plain.b).await;

    let mut c = crash_setup(10_000 * USDC, 0).await;
    c.set_sol_price(CRASHED).await;
    let liq = c.liq.user.key.pubkey();
    let marker = c.bank.keypair();
    let mark_ix = c.fx.mark_ix(&mut c.bank, &c.b, &marker.pubkey()).await;
    let out = c
        .bank
        .ok(
            &[
                ix::flash_borrow(&c.fx.addrs, &liq, &c.liq.user.base, 5_000 * USDC),
                mark_ix,
                ix::flash_repay(&c.fx.addrs, &liq, &c.liq.user.base),
            ],
            &[&c.liq.user.key, &marker],
        )
        .await;
    let with: ShortfallMarked = out.event();
    assert_eq!(
        (with.shortfall_after, with.marked_shortfall_after),
        (without.shortfall_after, without.marked_shortfall_after)
    );
    let redeem = c.fx.redeem_ix(&c.lp, USDC, 0);
    let ixs = [
        ix::flash_borrow(&c.fx.addrs, &liq, &c.liq.user.base, 5_000 * USDC),
        redeem,
        ix::flash_repay(&c.fx.addrs, &liq, &c.liq.user.base),
    ];
    let keys = [&c.liq.user.key, &c.lp.key];
    assert_refused(
        &mut c.bank,
        &c.fx,
        &ixs,
        &keys,
        LendingError::FlashLoanOutstanding,
    )
    .await;
}
