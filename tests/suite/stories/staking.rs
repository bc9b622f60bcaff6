//! Insurance staking end to end: what round trips pay, and a fund emptied by a settlement
//! starting a new share epoch.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, InsuranceSwept, Staked, Unstaked},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: stake, request_unstake, unstake
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

// also covers: stake, request_unstake, liquidate
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
