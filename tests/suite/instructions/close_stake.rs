//! `close_stake`: the rent of an empty stake account goes back to its owner.
use crate::support::*;
use lending_pool::{errors::LendingError, events::StakeClosed};
use lending_pool_testkit::*;

/// `close_stake` returns an empty stake account's rent (before, rent was locked for good);
/// one with shares is refused.
#[tokio::test]
async fn close_stake_returns_the_rent_of_an_empty_stake_only() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let s = fx.staker(bank, 500 * USDC).await;
    bank.ok(&[fx.stake_ix(&s, 500 * USDC, 0)], &[&s.key]).await;
    assert_unchanged(
        bank,
        &fx,
        &[s.stake],
        &[fx.close_stake_ix(&s)],
        &[&s.key],
        |r| assert_lending_err(r, LendingError::StakeNotEmpty),
    )
    .await;
    bank.ok(&[fx.request_unstake_ix(&s, 500 * USDC)], &[&s.key])
        .await;
    let cooldown = fx.pool(bank).await.config.unstake_cooldown_secs as i64;
    bank.warp(cooldown).await;
    bank.ok(&[fx.unstake_ix(&s)], &[&s.key]).await;
    let lamports = bank.lamports(&s.key.pubkey()).await;
    let rent = bank.lamports(&s.stake).await;
    let out = bank.ok(&[fx.close_stake_ix(&s)], &[&s.key]).await;
    let e: StakeClosed = out.event();
    assert_eq!((e.total_staked, e.total_unstaked), (500 * USDC, 500 * USDC));
    assert!(bank.account_data(&s.stake).await.is_none());
    assert!(bank.lamports(&s.key.pubkey()).await >= lamports + rent - 10_000);
}
