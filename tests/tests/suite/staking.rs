//! Insurance staking on the SBF binary: what round trips pay, the protocol's shares, the
//! cooldown, slashing during it, cancelling, marks pricing requests, share epochs, pauses.
use crate::liquidation::USDC;
use crate::stakes_common::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, InsuranceSwept, Staked, UnstakeCancelled, Unstaked},
    state::PoolConfig,
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

fn cooldown() -> i64 {
    PoolConfig::example().unstake_cooldown_secs as i64
}

/// Requests all of `s`'s shares, waits out the cooldown and unstakes; returns the payout.
async fn exit(bank: &mut Bank, fx: &PoolFixture, s: &Staker) -> Unstaked {
    let shares = fx.stake_account(bank, s).await.shares;
    bank.ok(&[fx.request_unstake_ix(s, shares)], &[&s.key])
        .await;
    bank.warp(cooldown()).await;
    bank.ok(&[fx.unstake_ix(s)], &[&s.key]).await.event()
}

#[tokio::test]
async fn round_trips_pay_at_most_stake_plus_income_pro_rata() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 100_000 * USDC).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 1_000 * USDC).await;
    let c = fx.staker(bank, 3_000 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 1_000 * USDC, 0)], &[&a.key])
        .await;
    bank.ok(&[fx.stake_ix(&c, 3_000 * USDC, 0)], &[&c.key])
        .await;
    // income while staked: a month of borrow interest (the fund's share, pending in the
    // pool) and a donation
    borrower(bank, &fx).await;
    bank.warp(30 * 86_400).await;
    let donor = fx.user(bank, 400 * USDC).await;
    bank.ok(&[fx.fund_insurance_ix(&donor, 400 * USDC)], &[&donor.key])
        .await;
    bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    let income = fund.balance().unwrap() + pool.insurance_pending - 4_000 * USDC;
    assert!(pool.insurance_pending > 0 && income > 400 * USDC);
    // both request now, at the same fund value: each gets its shares' value, rounded down
    let (sa, sc) = (
        fx.stake_account(bank, &a).await.shares,
        fx.stake_account(bank, &c).await.shares,
    );
    let (va, vc) = (share_value(&pool, &fund, sa), share_value(&pool, &fund, sc));
    bank.ok(&[fx.request_unstake_ix(&a, sa)], &[&a.key]).await;
    bank.ok(&[fx.request_unstake_ix(&c, sc)], &[&c.key]).await;
    // the cooldown earns nothing more; the first payout sweeps the pending interest
    bank.warp(cooldown()).await;
    let out = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await;
    assert!(out.event::<InsuranceSwept>().amount > 0);
    let pa = out.event::<Unstaked>();
    let pc: Unstaked = bank.ok(&[fx.unstake_ix(&c)], &[&c.key]).await.event();
    assert_eq!((pa.paid, pc.paid), (va, vc), "paid = value at request");
    assert!(pa.value_now >= pa.paid && pc.value_now >= pc.paid);
    // never more than in plus earned, and earned pro rata (3× the stake, 3× the gain, to
    // the rounding unit of each floor)
    assert!(pa.paid + pc.paid <= 4_000 * USDC + income);
    let (ga, gc) = (pa.paid - 1_000 * USDC, pc.paid - 3_000 * USDC);
    assert!(ga > 0 && gc.abs_diff(3 * ga) <= 3, "gains {ga} and {gc}");
    assert_eq!(bank.token_balance(&a.base).await, pa.paid);
    assert_eq!(bank.token_balance(&c.base).await, pc.paid);
    let fund = fx.insurance(bank).await;
    assert_eq!((fund.total_shares, fund.cooldown_shares), (0, 0));
    assert_eq!(fund.total_unstaked_out, pa.paid + pc.paid);
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn the_protocols_shares_are_never_withdrawable_and_earn_income() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let donor = fx.user(bank, 1_500 * USDC).await;
    bank.ok(&[fx.fund_insurance_ix(&donor, 1_000 * USDC)], &[&donor.key])
        .await;
    let a = fx.staker(bank, 1_000 * USDC).await;
    let ev: Staked = bank
        .ok(&[fx.stake_ix(&a, 1_000 * USDC, 0)], &[&a.key])
        .await
        .event();
    // what the fund held before the first stake is the protocol's, at the stake's price
    assert_eq!(ev.protocol_shares_minted, 1_000 * USDC);
    assert_eq!(ev.shares, 1_000 * USDC);
    assert_eq!(ev.after.protocol_shares, ev.after.total_shares - ev.shares);
    bank.ok(&[fx.fund_insurance_ix(&donor, 500 * USDC)], &[&donor.key])
        .await;
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    let protocol_before = share_value(&pool, &fund, fund.protocol_shares);
    assert!(protocol_before > 1_249 * USDC, "the protocol earns too");
    // the staker leaves with its half of the donation; the protocol's half stays
    let paid = exit(bank, &fx, &a).await.paid;
    assert!(paid > 1_249 * USDC && paid <= 1_250 * USDC);
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    assert_eq!(fund.total_shares, fund.protocol_shares);
    assert_eq!(fund.protocol_shares, 1_000 * USDC);
    assert!(share_value(&pool, &fund, fund.protocol_shares) >= protocol_before);
    assert_eq!(fund.balance().unwrap(), 2_500 * USDC - paid);
    // no stake account holds them: nobody can request them
    assert_lending_err(
        bank.process(&[fx.request_unstake_ix(&a, 1)], &[&a.key])
            .await,
        LendingError::InsufficientStakeShares,
    );
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn the_cooldown_is_enforced_to_the_second() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 700 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 700 * USDC, 0)], &[&a.key]).await;
    bank.ok(&[fx.request_unstake_ix(&a, 300 * USDC)], &[&a.key])
        .await;
    let end = fx.stake_account(bank, &a).await.cooldown_end_ts;
    assert_eq!(end, bank.now().await + cooldown());
    for wait in [0, cooldown() - 1] {
        bank.warp(wait).await;
        assert_unchanged(
            bank,
            &fx,
            &[a.stake, a.base],
            &[fx.unstake_ix(&a)],
            &[&a.key],
            |r| assert_lending_err(r, LendingError::UnstakeCooldownActive),
        )
        .await;
    }
    bank.warp(1).await;
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!((ev.shares, ev.paid), (300 * USDC, 300 * USDC));
    let st = fx.stake_account(bank, &a).await;
    assert_eq!(
        (st.shares, st.cooldown_shares, st.cooldown_end_ts),
        (400 * USDC, 0, 0)
    );
    assert_eq!(
        (st.total_staked, st.total_unstaked),
        (700 * USDC, 300 * USDC)
    );
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn a_settlement_during_the_cooldown_slashes_the_request() {
    let (mut bank, fx) = sol_pool(no_fee(), 100_000 * USDC).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = borrower(bank, &fx).await;
    let shares = fx.stake_account(bank, &a).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    let requested = fx.stake_account(bank, &a).await.cooldown_value;
    assert_eq!(requested, 500 * USDC);
    // SOL crashes and the position is liquidated to zero: the fund pays its bad debt
    fx.set_prices(bank, &[CRASHED]).await;
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert!(settled.covered > 0 && settled.covered < 1_000 * USDC);
    bank.warp(cooldown()).await;
    let (pool, fund) = (fx.pool(bank).await, fx.insurance(bank).await);
    let now_worth = share_value(&pool, &fund, shares);
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!(
        (ev.value_at_request, ev.value_now, ev.paid),
        (requested, now_worth, now_worth)
    );
    assert!(ev.paid < requested);
    // a bore half the loss: the fund's 1,000 less what it covered, halved (rounded down)
    assert!(ev.paid.abs_diff((1_000 * USDC - settled.covered) / 2) <= 1);
    fx.assert_books(bank).await;
}

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

#[tokio::test]
async fn a_request_after_a_mark_is_priced_net_of_the_marked_loss() {
    let (mut bank, fx) = sol_pool(no_fee(), 100_000 * USDC).await;
    let bank = &mut bank;
    let [a, _other] = two_stakers(bank, &fx, 500 * USDC).await;
    let b = underwater(bank, &fx).await;
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    bank.ok(&[ix], &[&marker]).await;
    let mark = fx.pool(bank).await.marked_shortfall;
    assert!(
        mark > 0 && mark < 1_000 * USDC,
        "the fund covers the whole mark"
    );
    let shares = fx.stake_account(bank, &a).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    let requested = fx.stake_account(bank, &a).await.cooldown_value;
    // half of the fund net of the mark, not the 500 staked
    assert!(requested.abs_diff((1_000 * USDC - mark) / 2) <= 1 && requested < 500 * USDC);
    // the loss arrives: the payout is the marked value (the settlement costs at most the mark)
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert!(settled.covered <= mark && settled.marked_shortfall_after == 0);
    bank.warp(cooldown()).await;
    let ev: Unstaked = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await.event();
    assert_eq!(ev.paid, requested);
    assert!(ev.value_now >= requested);
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn a_fund_emptied_by_a_settlement_starts_a_new_share_epoch() {
    let (mut bank, fx) = sol_pool(no_fee(), 100_000 * USDC).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 300 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 100 * USDC, 0)], &[&a.key]).await;
    let b = underwater(bank, &fx).await;
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    assert_eq!(settled.covered, 100 * USDC);
    assert_eq!(
        (
            settled.insurance_total_shares,
            settled.insurance_share_epoch
        ),
        (0, 1)
    );
    let fund = fx.insurance(bank).await;
    assert_eq!(
        (fund.balance().unwrap(), fund.total_shares, fund.share_epoch),
        (0, 0, 1)
    );
    // the old shares are worth nothing and cannot be requested
    assert_eq!(fx.stake_value(bank, &a).await, 0);
    assert_lending_err(
        bank.process(&[fx.request_unstake_ix(&a, 1)], &[&a.key])
            .await,
        LendingError::InsufficientStakeShares,
    );
    // staking again starts from the initial price, in the new epoch
    let ev: Staked = bank
        .ok(&[fx.stake_ix(&a, 200 * USDC, 0)], &[&a.key])
        .await
        .event();
    assert_eq!(
        (ev.shares, ev.protocol_shares_minted, ev.after.share_epoch),
        (200 * USDC, 0, 1)
    );
    let st = fx.stake_account(bank, &a).await;
    assert_eq!(
        (st.shares, st.share_epoch, st.total_staked),
        (200 * USDC, 1, 300 * USDC)
    );
    assert_eq!(exit(bank, &fx, &a).await.paid, 200 * USDC);
    fx.assert_books(bank).await;
}

#[tokio::test]
async fn pause_flags_stop_exactly_their_instructions() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let a = fx.staker(bank, 1_000 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 500 * USDC, 0)], &[&a.key]).await;
    // the admin's pauses: the guardian's would lapse during the cooldown
    let set = |flags| ix::set_pause(&fx.addrs.pool, &fx.admin.pubkey(), flags);
    let paused = |r| assert_lending_err(r, LendingError::OperationPaused);
    // STAKE stops stake only
    bank.ok(&[set(pause::STAKE)], &[&fx.admin]).await;
    let watched = [a.stake, a.base];
    assert_unchanged(
        bank,
        &fx,
        &watched,
        &[fx.stake_ix(&a, 1, 0)],
        &[&a.key],
        paused,
    )
    .await;
    bank.ok(&[fx.request_unstake_ix(&a, 100)], &[&a.key]).await;
    bank.ok(&[fx.cancel_unstake_ix(&a)], &[&a.key]).await;
    bank.ok(&[fx.request_unstake_ix(&a, 100)], &[&a.key]).await;
    // UNSTAKE stops requests and payouts; stake and cancel still run
    bank.ok(&[set(pause::UNSTAKE)], &[&fx.admin]).await;
    bank.warp(cooldown()).await;
    assert_unchanged(bank, &fx, &watched, &[fx.unstake_ix(&a)], &[&a.key], paused).await;
    bank.ok(&[fx.stake_ix(&a, 1, 0)], &[&a.key]).await;
    bank.ok(&[fx.cancel_unstake_ix(&a)], &[&a.key]).await;
    let ix = fx.request_unstake_ix(&a, 100);
    assert_unchanged(bank, &fx, &watched, &[ix], &[&a.key], paused).await;
    bank.ok(&[set(0)], &[&fx.admin]).await;
    assert_eq!(exit(bank, &fx, &a).await.paid, 500 * USDC + 1);
}
