//! Interest over a year, end to end: the borrower repays with interest, the fund's share is
//! swept, and the LP takes everything else.
use crate::support::*;
use lending_pool::events::InsuranceSwept;
use lending_pool_sdk::ix;

// also covers: repay, sweep_insurance, redeem
#[tokio::test]
async fn repaying_with_interest_pays_lps_and_insurance() {
    let (mut bank, fx, lp, b) = setup_borrowed().await;
    bank.warp(365 * DAY).await;
    bank.mint_to(
        &fx.addrs.base_mint,
        &fx.mint_authority,
        &b.base,
        100_000 * USDC,
    )
    .await;
    bank.ok(&[fx.repay_ix(&b, u64::MAX)], &[&b.key]).await;
    let pool = fx.pool(&mut bank).await;
    assert_eq!(
        (pool.total_scaled_debt.get(), pool.total_debt().unwrap()),
        (0, 0)
    );
    let pending = pool.insurance_pending;
    assert!(pending > 0);

    let out = bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await;
    let ev: InsuranceSwept = out.event();
    assert_eq!((ev.amount, ev.insurance_pending_after), (pending, 0));
    assert_eq!(bank.token_balance(&fx.addrs.insurance_vault).await, pending);
    let fund = fx.insurance(&mut bank).await;
    assert_eq!(
        (fund.total_interest_in, fund.balance().unwrap()),
        (pending, pending)
    );
    fx.assert_books(&mut bank).await;

    // the LP takes everything else: deposit + 90% of the interest
    let shares = bank.token_balance(&lp.lp).await;
    bank.ok(&[fx.redeem_ix(&lp, shares, 0)], &[&lp.key]).await;
    let paid = 800_000 * USDC + 100_000 * USDC - bank.token_balance(&b.base).await;
    let interest = paid - 800_000 * USDC;
    let got = bank.token_balance(&lp.base).await;
    assert!(got > 1_000_000 * USDC);
    assert!(
        got <= 1_000_000 * USDC + interest - pending,
        "never more than the books"
    );
    assert!(
        1_000_000 * USDC + interest - pending - got <= 2,
        "at most rounding dust stays behind"
    );
    fx.assert_books(&mut bank).await;
}
