//! `complete_exit` (issue 27, defect 6; SPEC "LP exits cannot outrun a loss in progress"), in the
//! world of `support::exits`: two LPs of 5,000 each and a borrower of 1,100 against 10 SOL,
//! underwater at $50 and marked (no insurance: the whole mark is uncovered, so the pool is
//! stressed).
use crate::support::{exits::world, *};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{ExitCompleted, ExitRequested},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

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

/// A matured request is not paid while withdrawals are paused (`OperationPaused`), nor into
/// the insurance vault (`DestinationIsPoolVault`); once withdrawals resume it is paid
/// `min(value at request, value now)`.
#[tokio::test]
async fn complete_exit_waits_while_withdrawals_are_paused() {
    let (mut bank, fx, [a, _], _) = world(true).await;
    let bank = &mut bank;
    let shares = bank.token_balance(&a.lp).await;
    let req: ExitRequested = bank
        .ok(&[fx.request_exit_ix(&a, shares, 0)], &[&a.key])
        .await
        .event();
    let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
    bank.warp(delay).await;
    let to_fund = ix::complete_exit(&fx.addrs, &a.key.pubkey(), &fx.addrs.insurance_vault);
    assert_refused(
        bank,
        &fx,
        &[to_fund],
        &[&a.key],
        LendingError::DestinationIsPoolVault,
    )
    .await;
    fx.guardian_pauses(bank, pause::WITHDRAW).await;
    let paused = fx.complete_exit_ix(&a);
    assert_refused(
        bank,
        &fx,
        &[paused],
        &[&a.key],
        LendingError::OperationPaused,
    )
    .await;
    fx.guardian_pauses(bank, 0).await;
    let done: ExitCompleted = bank.ok(&[fx.complete_exit_ix(&a)], &[&a.key]).await.event();
    assert_eq!(done.assets, done.value_now.min(req.value_at_request));
    assert_eq!(bank.token_balance(&a.base).await, done.assets);
    fx.assert_books(bank).await;
}
