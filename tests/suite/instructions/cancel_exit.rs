//! `cancel_exit` (issue 27, defect 6; SPEC "LP exits cannot outrun a loss in progress"), in the
//! world of `support::exits`: two LPs of 5,000 each and a borrower of 1,100 against 10 SOL,
//! underwater at $50 and marked (no insurance: the whole mark is uncovered, so the pool is
//! stressed).
use crate::support::{exits::world, *};
use lending_pool::{
    events::{ExitCancelled, ExitCompleted, ExitRequested},
    math::to_assets_down,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// The attacker's move: request at the first sign of trouble, and cancel if prices come back
/// (keeping the upside) or complete if they do not. Neither beats staying: a recovery during
/// the delay pays no more than the value at the request, and a cancellation only gives the
/// shares back, worth what a stayer's are.
// also covers: complete_exit
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
