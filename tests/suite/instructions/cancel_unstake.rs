//! `cancel_unstake`: a cancelled request keeps no gain made during its cooldown.
use crate::support::*;
use lending_pool::{events::UnstakeCancelled, state::PoolConfig};

#[tokio::test]
async fn cancelling_after_a_gain_keeps_no_gain() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let [a, c] = two_stakers(bank, &fx, 1_000 * USDC).await;
    let shares = fx.stake_account(bank, &a).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    // the fund doubles during a's cooldown
    let donor = fx.user(bank, 2_000 * USDC).await;
    bank.ok(&[fx.fund_insurance_ix(&donor, 2_000 * USDC)], &[&donor.key])
        .await;
    let ev: UnstakeCancelled = bank
        .ok(&[fx.cancel_unstake_ix(&a)], &[&a.key])
        .await
        .event();
    assert_eq!(ev.value_at_request, 1_000 * USDC);
    assert!(ev.value_now > 1_999 * USDC && ev.shares_burnt > 0);
    // what a keeps is worth the value at its request (the burn rounds against it)
    let kept = fx.stake_value(bank, &a).await;
    assert!(
        kept <= 1_000 * USDC && kept + 2 >= 1_000 * USDC,
        "kept {kept}"
    );
    // the gain went to the staker who stayed
    assert!(fx.stake_value(bank, &c).await >= 3_000 * USDC - 2);
    let fund = fx.insurance(bank).await;
    assert_eq!(fund.cooldown_shares, 0);
    assert_eq!(fund.total_shares, 2 * shares - ev.shares_burnt);
    fx.assert_books(bank).await;
}
