//! Stakers: two who staked alike, the example pool's cooldown, and a staker's whole exit.
use lending_pool::{events::Unstaked, state::PoolConfig};
use lending_pool_testkit::*;

/// Two stakers who each staked `amount` (the first stake, so the protocol's shares are those
/// of whatever the fund held before).
pub async fn two_stakers(bank: &mut Bank, fx: &PoolFixture, amount: u64) -> [Staker; 2] {
    let stakers = [fx.staker(bank, amount).await, fx.staker(bank, amount).await];
    for s in &stakers {
        bank.ok(&[fx.stake_ix(s, amount, 0)], &[&s.key]).await;
    }
    stakers
}

/// The example pool's unstake cooldown, in seconds.
pub fn cooldown() -> i64 {
    PoolConfig::example().unstake_cooldown_secs as i64
}

/// Requests all of `s`'s shares, waits out the cooldown and unstakes; returns the payout.
pub async fn exit(bank: &mut Bank, fx: &PoolFixture, s: &Staker) -> Unstaked {
    let shares = fx.stake_account(bank, s).await.shares;
    bank.ok(&[fx.request_unstake_ix(s, shares)], &[&s.key])
        .await;
    bank.warp(cooldown()).await;
    bank.ok(&[fx.unstake_ix(s)], &[&s.key]).await.event()
}
