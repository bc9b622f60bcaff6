//! `request_exit`, `complete_exit`, `cancel_exit` (issue 27, defect 6; SPEC "LP exits cannot
//! outrun a loss in progress"): the refusals and the attacker's moves around a stressed
//! exit. Two LPs of 5,000 each; a borrower of 1,100 against 10 SOL, underwater at $50 and
//! marked (no insurance: the whole mark is uncovered, so the pool is stressed).
use crate::common::assert_refused;
use crate::liquidation::{DOLLAR, USDC};
use crate::marking::mark;
use crate::stakes_common::*;
use lending_pool::{
    errors::LendingError,
    events::{ExitCancelled, ExitCompleted, ExitRequested},
    math::to_assets_down,
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

const EACH: u64 = 5_000 * USDC;

/// Two LPs, an underwater borrower; marked when `marked`.
async fn world(marked: bool) -> (Bank, PoolFixture, [User; 2], Borrower) {
    let (mut bank, fx) = sol_pool(no_fee(), 0).await;
    let bank_ = &mut bank;
    let lps = [fx.user(bank_, EACH).await, fx.user(bank_, EACH).await];
    for lp in &lps {
        bank_.ok(&[fx.deposit_ix(lp, EACH, 0)], &[&lp.key]).await;
    }
    let b = underwater(bank_, &fx).await;
    if marked {
        mark(bank_, &fx, &b).await;
    }
    (bank, fx, lps, b)
}

#[tokio::test]
async fn request_exit_is_refused_in_a_calm_pool_and_redeem_in_a_stressed_one() {
    // unmarked, the loss is not yet priced: the pool is calm and exits are instant
    let (mut bank, fx, [a, _], _) = world(false).await;
    let bank = &mut bank;
    let request = fx.request_exit_ix(&a, USDC, 0);
    assert_refused(bank, &fx, &[request], &[&a.key], LendingError::PoolCalm).await;
    bank.ok(&[fx.redeem_ix(&a, USDC, 0)], &[&a.key]).await;
    // marked: the uncovered loss stresses it; instant exits are refused, requests taken
    let (mut bank, fx, [a, _], _) = world(true).await;
    let bank = &mut bank;
    for ix in [
        fx.redeem_ix(&a, USDC, 0),
        fx.withdraw_ix(&a, USDC, u64::MAX),
    ] {
        assert_refused(bank, &fx, &[ix], &[&a.key], LendingError::PoolStressed).await;
    }
    let held = bank.token_balance(&a.lp).await;
    let over = fx.request_exit_ix(&a, held + 1, 0);
    assert_refused(
        bank,
        &fx,
        &[over],
        &[&a.key],
        LendingError::InsufficientShares,
    )
    .await;
    let greedy = fx.request_exit_ix(&a, held, EACH);
    assert_refused(
        bank,
        &fx,
        &[greedy],
        &[&a.key],
        LendingError::AssetsBelowMinimum,
    )
    .await;
    let ev: ExitRequested = bank
        .ok(&[fx.request_exit_ix(&a, held, 0)], &[&a.key])
        .await
        .event();
    // half of (10,000 − the mark), rounded down
    let pool = fx.pool(bank).await;
    let exit = pool.exit_lp_assets(0).unwrap();
    assert_eq!(
        ev.value_at_request,
        to_assets_down(held, exit, 2 * held).unwrap()
    );
    assert!(ev.value_at_request < EACH);
    assert_eq!(bank.token_balance(&a.lp).await, 0);
    // one request per LP at a time
    let again = fx.request_exit_ix(&a, 1, 0);
    assert!(bank.process(&[again], &[&a.key]).await.is_err());
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn complete_exit_waits_for_the_delay_and_pays_only_its_owner() {
    let (mut bank, fx, [a, b], _) = world(true).await;
    let bank = &mut bank;
    let shares = bank.token_balance(&a.lp).await;
    let req: ExitRequested = bank
        .ok(&[fx.request_exit_ix(&a, shares, 0)], &[&a.key])
        .await
        .event();
    let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
    assert_eq!(req.matures_ts, req.timestamp + delay);
    bank.warp(delay - 1).await;
    let early = fx.complete_exit_ix(&a);
    assert_refused(bank, &fx, &[early], &[&a.key], LendingError::ExitNotMatured).await;
    bank.warp(1).await;
    // another LP cannot take it: the request is derived from its owner, who must sign
    let theft = ix::complete_exit(&fx.addrs, &b.key.pubkey(), &b.base);
    assert!(bank.process(&[theft], &[&b.key]).await.is_err());
    let mut to_vault = fx.complete_exit_ix(&a);
    to_vault.accounts[8].pubkey = fx.addrs.base_vault;
    assert!(bank.process(&[to_vault], &[&a.key]).await.is_err());
    let done: ExitCompleted = bank.ok(&[fx.complete_exit_ix(&a)], &[&a.key]).await.event();
    // two hours of interest on the marked debt rose with the mark: the value now is the
    // value at the request, to the unit, and that is what is paid
    assert!(
        done.value_now.abs_diff(req.value_at_request) <= 1,
        "{done:?}"
    );
    assert_eq!(done.assets, done.value_now.min(req.value_at_request));
    assert_eq!(bank.token_balance(&a.base).await, done.assets);
    assert_eq!(done.after.lp_supply, done.before.lp_supply - shares);
    // the request and its escrow are gone (rent back)
    let request = lending_pool_sdk::pda::exit_request(&fx.addrs.pool, &a.key.pubkey());
    assert!(bank.account_data(&request).await.is_none());
    assert!(bank
        .account_data(&lending_pool_sdk::pda::exit_escrow(&request))
        .await
        .is_none());
    fx.assert_books(bank).await;
}

/// The attacker's move: request at the first sign of trouble, and cancel if prices come back
/// (keeping the upside) or complete if they do not. Neither beats staying: a recovery during
/// the delay pays no more than the value at the request, and a cancellation only gives the
/// shares back, worth what a stayer's are.
#[tokio::test]
async fn cancel_exit_and_a_recovery_give_a_requester_nothing_a_stayer_lacks() {
    let (mut bank, fx, [a, b], pos) = world(true).await;
    let bank = &mut bank;
    let shares = bank.token_balance(&a.lp).await;
    let req: ExitRequested = bank
        .ok(&[fx.request_exit_ix(&a, shares, 0)], &[&a.key])
        .await
        .event();
    // SOL recovers to $150 and the position is re-marked to zero: calm again
    let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
    bank.warp(delay).await;
    fx.set_prices(bank, &[150 * DOLLAR]).await;
    mark(bank, &fx, &pos).await;
    let done: ExitCompleted = bank.ok(&[fx.complete_exit_ix(&a)], &[&a.key]).await.event();
    assert!(done.value_now > req.value_at_request + 300 * USDC);
    assert_eq!(done.assets, req.value_at_request);
    // the stayer keeps the recovery: its shares are worth more than the requester was paid
    let pool = fx.pool(bank).await;
    let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    let stayer = to_assets_down(shares, pool.exit_lp_assets(0).unwrap(), supply).unwrap();
    assert_eq!(bank.token_balance(&b.lp).await, shares);
    assert!(
        stayer > done.assets + 300 * USDC,
        "{stayer} vs {}",
        done.assets
    );

    // a cancellation returns the shares as they were (a stayer's again)
    let (mut bank, fx, [a, _], _) = world(true).await;
    let bank = &mut bank;
    bank.ok(&[fx.request_exit_ix(&a, shares, 0)], &[&a.key])
        .await;
    let stranger = bank.keypair();
    let theft = ix::cancel_exit(&fx.addrs, &stranger.pubkey(), &a.lp);
    assert!(bank.process(&[theft], &[&stranger]).await.is_err());
    let c: ExitCancelled = bank.ok(&[fx.cancel_exit_ix(&a)], &[&a.key]).await.event();
    assert_eq!(c.shares, shares);
    assert_eq!(bank.token_balance(&a.lp).await, shares);
    fx.assert_books(bank).await;
}
