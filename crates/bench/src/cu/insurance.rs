//! Staking and marked-shortfall benchmarks on a pool of their own: every staking instruction,
//! marks on one and two collateral assets, `preview_mark`, and the LP flows and a collateral
//! deposit while the pool carries a marked shortfall larger than its insurance.
use super::{collateral, measured, Measurement};
use lending_pool::state::PoolConfig;
use lending_pool_sdk::{ix, pda};
use lending_pool_testkit::{Bank, Borrower, PoolFixture, Signer, Staker};

const USDC: u64 = 1_000_000;
/// SOL at $150 and BTC at $60,000, then both crash to a third.
const PRICES: [i64; 2] = [15_000_000_000, 6_000_000_000_000];
const CRASHED: [i64; 2] = [5_000_000_000, 2_000_000_000_000];

/// A pool with SOL and BTC collateral, 10,000 USDC of liquidity and a 100 USDC donation.
async fn pool(bank: &mut Bank) -> PoolFixture {
    let mut fx = PoolFixture::new(bank, 6, PoolConfig::example()).await;
    fx.add_collateral(bank, 9, PRICES[0], collateral(1)).await;
    fx.add_collateral(bank, 8, PRICES[1], collateral(2)).await;
    let lp = fx.user(bank, 10_100 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 10_000 * USDC, 0)], &[&lp.key])
        .await;
    bank.ok(&[fx.fund_insurance_ix(&lp, 100 * USDC)], &[&lp.key])
        .await;
    fx
}

/// A borrower who deposited `held` (per slot) and borrowed `amount`.
async fn borrower(bank: &mut Bank, fx: &PoolFixture, held: &[u64], amount: u64) -> Borrower {
    let b = fx.borrower(bank, 0, held).await;
    for (slot, &h) in held.iter().enumerate().filter(|(_, &h)| h > 0) {
        bank.ok(&[fx.deposit_collateral_ix(&b, slot as u8, h)], &[&b.key])
            .await;
    }
    let ix = fx.borrow_ix(bank, &b, amount).await;
    bank.ok(&[ix], &[&b.key]).await;
    b
}

pub(super) async fn staking(bank: &mut Bank) -> Vec<Measurement> {
    let fx = pool(bank).await;
    let mut rows = vec![];
    let user = fx.user(bank, 2_000 * USDC).await;
    bank.airdrop(&user.key.pubkey(), 100_000_000).await;
    let r = bank
        .ok(
            &[ix::open_stake(&fx.addrs.pool, &user.key.pubkey())],
            &[&user.key],
        )
        .await;
    rows.push(measured("open_stake", "creates the stake PDA", &r));
    let a = Staker {
        stake: pda::stake(&fx.addrs.pool, &user.key.pubkey()),
        key: user.key,
        base: user.base,
    };
    let r = bank
        .ok(&[fx.stake_ix(&a, 1_000 * USDC, 0)], &[&a.key])
        .await;
    rows.push(measured(
        "stake",
        "first stake: mints the protocol's shares",
        &r,
    ));
    let r = bank.ok(&[fx.stake_ix(&a, 500 * USDC, 0)], &[&a.key]).await;
    rows.push(measured("stake", "later stake", &r));
    let c = fx.staker(bank, 200 * USDC).await;
    bank.ok(&[fx.stake_ix(&c, 200 * USDC, 0)], &[&c.key]).await;
    // a borrower pays interest, part of it the fund's (pending in the pool until swept)
    borrower(bank, &fx, &[10_000_000_000], 1_000 * USDC).await;
    bank.warp(86_400).await;
    let shares = bank.insurance_stake(&a.stake).await.shares;
    let r = bank
        .ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    rows.push(measured("request_unstake", "accrues a day of interest", &r));
    bank.warp(3_600).await;
    let r = bank.ok(&[fx.cancel_unstake_ix(&a)], &[&a.key]).await;
    rows.push(measured("cancel_unstake", "after a gain: burns shares", &r));
    let shares = bank.insurance_stake(&a.stake).await.shares;
    bank.ok(&[fx.request_unstake_ix(&a, shares)], &[&a.key])
        .await;
    let shares = bank.insurance_stake(&c.stake).await.shares;
    bank.ok(&[fx.request_unstake_ix(&c, shares)], &[&c.key])
        .await;
    bank.warp(PoolConfig::example().unstake_cooldown_secs as i64)
        .await;
    let r = bank.ok(&[fx.unstake_ix(&a)], &[&a.key]).await;
    rows.push(measured(
        "unstake",
        "after the cooldown, sweeps pending interest",
        &r,
    ));
    // same second: nothing accrued, nothing to sweep
    let r = bank.ok(&[fx.unstake_ix(&c)], &[&c.key]).await;
    rows.push(measured(
        "unstake",
        "after the cooldown, nothing to sweep",
        &r,
    ));
    let r = bank.ok(&[fx.close_stake_ix(&c)], &[&c.key]).await;
    rows.push(measured("close_stake", "empty stake, rent back", &r));
    rows
}

pub(super) async fn marks(bank: &mut Bank) -> Vec<Measurement> {
    let fx = pool(bank).await;
    let mut rows = vec![];
    let lp = fx.user(bank, 1_000 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 500 * USDC, 0)], &[&lp.key])
        .await;
    let one = borrower(bank, &fx, &[10_000_000_000], 1_100 * USDC).await;
    let two = borrower(bank, &fx, &[5_000_000_000, 1_000_000], 900 * USDC).await;
    bank.mint_to(
        &fx.collaterals[0].mint,
        &fx.mint_authority,
        &two.collateral[0],
        1_000_000_000,
    )
    .await;
    fx.set_prices(bank, &CRASHED).await;
    let marker = bank.keypair();
    for (b, scenario) in [
        (&one, "one collateral asset"),
        (&two, "two collateral assets"),
    ] {
        let ix = fx.mark_ix(bank, b, &marker.pubkey()).await;
        let r = bank.ok(&[ix], &[&marker]).await;
        rows.push(measured("mark_shortfall", scenario, &r));
    }
    let oracles = fx.oracles_for(bank, &two.position).await;
    let ix = ix::preview_mark(&fx.addrs, &two.position, &fx.base_oracle, &oracles);
    let r = bank.ok(&[ix], &[]).await;
    rows.push(measured("preview_mark", "view, two collateral assets", &r));
    // the marks (~1,100) exceed the fund (100): LP flows are priced net of the rest
    let scenario = "marked shortfall larger than the insurance";
    let r = bank
        .ok(&[fx.deposit_ix(&lp, 100 * USDC, 0)], &[&lp.key])
        .await;
    rows.push(measured("deposit", scenario, &r));
    let ix = fx
        .deposit_collateral_marked_ix(bank, &two, 0, 1_000_000_000)
        .await;
    let r = bank.ok(&[ix], &[&two.key]).await;
    rows.push(measured(
        "deposit_collateral",
        "marked position: re-marks, two collateral assets",
        &r,
    ));
    // the uncovered marks stress the pool: an LP leaves by request
    let scenario = "stressed: creates the request and its escrow";
    let r = bank
        .ok(&[fx.request_exit_ix(&lp, 50 * USDC, 0)], &[&lp.key])
        .await;
    rows.push(measured("request_exit", scenario, &r));
    let r = bank.ok(&[fx.cancel_exit_ix(&lp)], &[&lp.key]).await;
    rows.push(measured(
        "cancel_exit",
        "shares back, both accounts closed",
        &r,
    ));
    bank.ok(&[fx.request_exit_ix(&lp, 50 * USDC, 0)], &[&lp.key])
        .await;
    let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
    bank.warp(delay).await;
    let r = bank.ok(&[fx.complete_exit_ix(&lp)], &[&lp.key]).await;
    rows.push(measured(
        "complete_exit",
        "after the delay, accrues it; both accounts closed",
        &r,
    ));
    rows
}
