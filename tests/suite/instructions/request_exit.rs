//! `request_exit` (issue 27, defect 6; SPEC "LP exits cannot outrun a loss in progress"), in the
//! world of `support::exits`: two LPs of 5,000 each and a borrower of 1,100 against 10 SOL,
//! underwater at $50 and marked (no insurance: the whole mark is uncovered, so the pool is
//! stressed).
use crate::support::{
    exits::{world, EACH},
    *,
};
use lending_pool::{
    constants::pause, errors::LendingError, events::ExitRequested, math::to_assets_down,
};

// also covers: redeem, withdraw
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

/// A request of no shares is refused, and so is any request while withdrawals are paused
/// (an exit request is a withdrawal that waits: the `WITHDRAW` flag stops it too); the
/// shares stay with the LP until a request goes through.
#[tokio::test]
async fn request_exit_refuses_no_shares_and_paused_withdrawals() {
    let (mut bank, fx, [a, _], _) = world(true).await;
    let bank = &mut bank;
    let held = bank.token_balance(&a.lp).await;
    let none = fx.request_exit_ix(&a, 0, 0);
    assert_refused(bank, &fx, &[none], &[&a.key], LendingError::ZeroAmount).await;
    fx.guardian_pauses(bank, pause::WITHDRAW).await;
    let paused = fx.request_exit_ix(&a, held, 0);
    assert_refused(
        bank,
        &fx,
        &[paused],
        &[&a.key],
        LendingError::OperationPaused,
    )
    .await;
    assert_eq!(bank.token_balance(&a.lp).await, held);
    fx.guardian_pauses(bank, 0).await;
    let ev: ExitRequested = bank
        .ok(&[fx.request_exit_ix(&a, held, 0)], &[&a.key])
        .await
        .event();
    assert_eq!(ev.shares, held);
    assert_eq!(bank.token_balance(&a.lp).await, 0);
    fx.assert_books(bank).await;
}
