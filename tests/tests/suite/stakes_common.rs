//! Shared by the staking and marking tests: a pool with SOL collateral, a borrower who goes
//! underwater when SOL crashes, and the byte-for-byte "refused and changed nothing" check.
use crate::common::*;
use crate::liquidation::{DOLLAR, SOL, USDC};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::state::PoolConfig;
use lending_pool_harness::*;

/// 10 SOL at $150 against 1,100 USDC; at $50 the collateral repays 500 / 1.05 of it.
pub const HELD: u64 = 10 * SOL;
pub const BORROWED: u64 = 1_100 * USDC;
pub const CRASHED: i64 = 50 * DOLLAR;

/// `PoolConfig::example()` without the liquidation fee, so the insurance fund's income is only
/// what a test puts there (the fee is covered by the liquidation tests).
pub fn no_fee() -> PoolConfig {
    PoolConfig {
        liquidation_fee_bps: 0,
        ..PoolConfig::example()
    }
}

/// A pool on `config` with SOL collateral (slot 0) and `liquidity` deposited by an LP.
pub async fn sol_pool(config: PoolConfig, liquidity: u64) -> (Bank, PoolFixture) {
    let (mut bank, mut fx) = setup_with(config).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    if liquidity > 0 {
        let lp = fx.user(&mut bank, liquidity).await;
        bank.ok(&[fx.deposit_ix(&lp, liquidity, 0)], &[&lp.key])
            .await;
    }
    (bank, fx)
}

/// A borrower holding `HELD` SOL with `BORROWED` drawn at $150 (healthy).
pub async fn borrower(bank: &mut Bank, fx: &PoolFixture) -> Borrower {
    let b = fx.borrower(bank, 0, &[HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(bank, &b, BORROWED).await;
    bank.ok(&[ix], &[&b.key]).await;
    b
}

/// `borrower`, then SOL crashes to `CRASHED`: the position is underwater.
pub async fn underwater(bank: &mut Bank, fx: &PoolFixture) -> Borrower {
    let b = borrower(bank, fx).await;
    fx.set_prices(bank, &[CRASHED]).await;
    b
}

/// A liquidator with plenty of base tokens.
pub async fn liquidator(bank: &mut Bank, fx: &PoolFixture) -> Liquidator {
    fx.liquidator(bank, 100_000 * USDC).await
}

/// Sends `ixs`, hands the failure to `check` (which asserts the exact error), and asserts the
/// pool, the insurance fund and every account in `watched` are byte for byte unchanged.
/// Two stakers who each staked `amount` (the first stake, so the protocol's shares are those
/// of whatever the fund held before).
pub async fn two_stakers(bank: &mut Bank, fx: &PoolFixture, amount: u64) -> [Staker; 2] {
    let stakers = [fx.staker(bank, amount).await, fx.staker(bank, amount).await];
    for s in &stakers {
        bank.ok(&[fx.stake_ix(s, amount, 0)], &[&s.key]).await;
    }
    stakers
}

pub async fn assert_unchanged(
    bank: &mut Bank,
    fx: &PoolFixture,
    watched: &[Pubkey],
    ixs: &[Instruction],
    signers: &[&TestKeypair],
    check: impl FnOnce(TxResult) -> TxFailure,
) {
    let keys: Vec<Pubkey> = [fx.addrs.pool, fx.addrs.insurance_fund]
        .into_iter()
        .chain(watched.iter().copied())
        .collect();
    let mut before = vec![];
    for k in &keys {
        before.push(bank.account_data(k).await);
    }
    check(bank.process(ixs, signers).await);
    for (k, b) in keys.iter().zip(before) {
        assert_eq!(
            bank.account_data(k).await,
            b,
            "a refused transaction changed {k}"
        );
    }
}
