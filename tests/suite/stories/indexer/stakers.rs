//! An indexer replaying a scenario with stakers and marks: stakes before and after income, a
//! request cancelled after a gain, marks moved by prices, repayment and liquidation, payouts
//! with and without a sweep, and a loss that empties the fund and starts a new share epoch.
use super::{apply, assert_matches_chain, stakes::assert_stakes_match_chain};
use crate::support::*;
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    events::{BadDebtSettled, InsuranceSwept, ShortfallMarked, UnstakeCancelled, Unstaked},
    state::{mark_reason, PoolConfig},
};
use lending_pool_sdk::replay::PoolReplay;
use lending_pool_testkit::*;

#[tokio::test]
async fn an_indexer_replaying_events_reconstructs_stakes_and_marks() {
    let mut chain = Bank::start().await;
    let bank = &mut chain;
    let mut fx = PoolFixture::new(bank, DECIMALS, PoolConfig::example()).await;
    fx.add_collateral(bank, 9, SOL_PRICE, sol_params()).await;
    let fx = &fx;
    let mut r = PoolReplay::default();
    let lp = fx.user(bank, 50_150 * USDC).await;
    let (a, b, c) = (
        fx.staker(bank, 2_000 * USDC).await,
        fx.staker(bank, 2_000 * USDC).await,
        fx.staker(bank, 2_000 * USDC).await,
    );
    let mut borrowers = vec![];
    for (held, debt) in [(10, 1_100), (10, 1_000), (100, 10_000)] {
        borrowers.push((
            fx.borrower(bank, 0, &[held * SOL]).await,
            held * SOL,
            debt * USDC,
        ));
    }
    let positions: Vec<Pubkey> = borrowers.iter().map(|(b, ..)| b.position).collect();
    let stakers = [&a, &b, &c];
    macro_rules! step {
        ($ixs:expr, $signer:expr) => {{
            let out = bank.ok(&$ixs, &[$signer]).await;
            apply(&mut r, &out);
            assert_matches_chain(&r, bank, fx).await;
            assert_stakes_match_chain(&r, bank, fx, &stakers, &positions).await;
            out
        }};
    }
    step!([fx.deposit_ix(&lp, 50_000 * USDC, 0)], &lp.key);
    // the fund holds a donation before its first share: the protocol's
    step!([fx.fund_insurance_ix(&lp, 100 * USDC)], &lp.key);
    step!([fx.stake_ix(&a, 1_000 * USDC, 0)], &a.key);
    step!([fx.stake_ix(&b, 2_000 * USDC, 0)], &b.key);
    for (o, held, debt) in &borrowers {
        step!([fx.deposit_collateral_ix(o, 0, *held)], &o.key);
        let ix = fx.borrow_ix(bank, o, *debt).await;
        step!([ix], &o.key);
    }
    // ten days of interest; a requests half, b everything; a donation; a cancels
    bank.warp(10 * 86_400).await;
    fx.set_prices(bank, &[SOL_PRICE]).await;
    step!([fx.request_unstake_ix(&a, 500 * USDC)], &a.key);
    step!([fx.request_unstake_ix(&b, 2_000 * USDC)], &b.key);
    step!([fx.fund_insurance_ix(&lp, 50 * USDC)], &lp.key);
    let out = step!([fx.cancel_unstake_ix(&a)], &a.key);
    assert!(out.event::<UnstakeCancelled>().shares_burnt > 0);
    step!([fx.stake_ix(&c, 500 * USDC, 0)], &c.key);
    // SOL at $50: the two small positions are marked, then re-marked after a week
    fx.set_prices(bank, &[50 * DOLLAR]).await;
    for (o, ..) in &borrowers[..2] {
        let ix = fx.mark_ix(bank, o, &lp.key.pubkey()).await;
        step!([ix], &lp.key);
    }
    bank.warp(PoolConfig::example().unstake_cooldown_secs as i64)
        .await;
    fx.set_prices(bank, &[50 * DOLLAR]).await;
    let ix = fx.mark_ix(bank, &borrowers[0].0, &lp.key.pubkey()).await;
    step!([ix], &lp.key);
    // a requests under the marks; b is paid (sweeping the pending interest)
    let held = fx.stake_account(bank, &a).await.shares;
    step!([fx.request_unstake_ix(&a, held)], &a.key);
    let out = step!([fx.unstake_ix(&b)], &b.key);
    assert!(out.event::<InsuranceSwept>().amount > 0);
    let paid = out.event::<Unstaked>();
    // the marks made during b's cooldown are priced into its payout
    assert!(paid.paid == paid.value_now && paid.value_now < paid.value_at_request);
    // the first position is liquidated to zero and settles; the second repays part
    let liq = fx.liquidator(bank, 20_000 * USDC).await;
    let ix = fx
        .liquidate_by_ix(bank, &liq, &borrowers[0].0, 0, u64::MAX, 0)
        .await;
    step!([ix], &liq.user.key);
    let repayer = &borrowers[1].0;
    let out = step!([fx.repay_ix(repayer, 200 * USDC)], &repayer.key);
    assert_eq!(
        out.event::<ShortfallMarked>().reason,
        mark_reason::REPAYMENT
    );
    bank.warp(PoolConfig::example().unstake_cooldown_secs as i64)
        .await;
    step!([fx.unstake_ix(&a)], &a.key);
    // SOL at $1: the big position's loss empties the fund; its shares start anew
    fx.set_prices(bank, &[DOLLAR]).await;
    let ix = fx
        .liquidate_by_ix(bank, &liq, &borrowers[2].0, 0, u64::MAX, 0)
        .await;
    let out = step!([ix], &liq.user.key);
    let s: BadDebtSettled = out.event();
    assert_eq!((s.insurance_share_epoch, s.insurance_total_shares), (1, 0));
    step!([fx.stake_ix(&c, 300 * USDC, 0)], &c.key);
    step!([fx.stake_ix(&a, 100 * USDC, 0)], &a.key);
    assert_eq!(r.stakes.share_epoch, 1);
    assert!(
        r.stakes.marked_shortfall > 0,
        "the second position is still marked"
    );
}
