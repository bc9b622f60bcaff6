//! Every staking instruction's bad input gets its own error and changes nothing: the pool,
//! the fund, the stake accounts and the token accounts involved are compared byte for byte.
use crate::liquidation::USDC;
use crate::stakes_common::*;
use anchor_lang::{
    error::ErrorCode as AnchorError, prelude::Pubkey, solana_program::instruction::Instruction,
};
use lending_pool::{errors::LendingError, state::PoolConfig};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

/// `ix` with every use of account `from` replaced by `to`.
fn swap(mut ix: Instruction, from: Pubkey, to: Pubkey) -> Instruction {
    for m in ix.accounts.iter_mut().filter(|m| m.pubkey == from) {
        m.pubkey = to;
    }
    ix
}

/// Asserts a failed transaction's exact error.
type Check = Box<dyn FnOnce(TxResult) -> TxFailure>;

#[tokio::test]
async fn bad_staking_input_gets_its_error_and_changes_nothing() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let (a, c) = (
        fx.staker(bank, 1_000 * USDC).await,
        fx.staker(bank, 1_000 * USDC).await,
    );
    bank.ok(&[fx.stake_ix(&a, 500 * USDC, 0)], &[&a.key]).await;
    let watched = [a.stake, c.stake, a.base, c.base, fx.addrs.insurance_vault];
    let e = |e: LendingError| move |r| assert_lending_err(r, e);
    let cases: Vec<(Instruction, &Staker, Check)> = vec![
        (
            fx.stake_ix(&a, 0, 0),
            &a,
            Box::new(e(LendingError::ZeroAmount)),
        ),
        // 100 USDC buys 100 USDC of shares, not one more
        (
            fx.stake_ix(&a, 100 * USDC, 100 * USDC + 1),
            &a,
            Box::new(e(LendingError::SharesBelowMinimum)),
        ),
        (
            fx.request_unstake_ix(&a, 0),
            &a,
            Box::new(e(LendingError::ZeroAmount)),
        ),
        (
            fx.request_unstake_ix(&a, 500 * USDC + 1),
            &a,
            Box::new(e(LendingError::InsufficientStakeShares)),
        ),
        (
            fx.cancel_unstake_ix(&a),
            &a,
            Box::new(e(LendingError::NoUnstakeRequest)),
        ),
        (
            fx.unstake_ix(&a),
            &a,
            Box::new(e(LendingError::NoUnstakeRequest)),
        ),
        // c signs with a's stake account: it is not c's
        (
            swap(fx.request_unstake_ix(&c, 1), c.stake, a.stake),
            &c,
            Box::new(|r| assert_anchor_err(r, AnchorError::ConstraintHasOne)),
        ),
        (
            swap(fx.stake_ix(&c, 1, 0), c.stake, a.stake),
            &c,
            Box::new(|r| assert_anchor_err(r, AnchorError::ConstraintHasOne)),
        ),
        // the payout cannot go into the pool's own vaults (Anchor's duplicate-account check
        // runs before the program's DestinationIsPoolVault constraint)
        (
            swap(fx.unstake_ix(&a), a.base, fx.addrs.insurance_vault),
            &a,
            Box::new(|r| assert_anchor_err(r, AnchorError::ConstraintDuplicateMutableAccount)),
        ),
    ];
    for (ix, signer, check) in cases {
        assert_unchanged(bank, &fx, &watched, &[ix], &[&signer.key], check).await;
    }
    // one request at a time; before the cooldown ends, no payout
    bank.ok(&[fx.request_unstake_ix(&a, 200 * USDC)], &[&a.key])
        .await;
    let ix = fx.request_unstake_ix(&a, 1);
    let check = e(LendingError::UnstakeAlreadyRequested);
    assert_unchanged(bank, &fx, &watched, &[ix], &[&a.key], check).await;
    let check = e(LendingError::UnstakeCooldownActive);
    assert_unchanged(bank, &fx, &watched, &[fx.unstake_ix(&a)], &[&a.key], check).await;
    // c cannot cancel or collect a's request through a's account
    for ix in [fx.cancel_unstake_ix(&c), fx.unstake_ix(&c)] {
        let ix = swap(ix, c.stake, a.stake);
        let check = |r| assert_anchor_err(r, AnchorError::ConstraintHasOne);
        assert_unchanged(bank, &fx, &watched, &[ix], &[&c.key], check).await;
    }
    // one stake account per staker and pool
    let ix = ix::open_stake(&fx.addrs.pool, &a.key.pubkey());
    // the System program's AccountAlreadyInUse (its error 0)
    let check = |r: TxResult| {
        let f = r.expect_err("a second open_stake");
        assert_eq!(custom_code(&f), Some(0), "{:?}", f.error);
        assert!(f.logs.iter().any(|l| l.contains("already in use")));
        f
    };
    assert_unchanged(bank, &fx, &watched, &[ix], &[&a.key], check).await;
}

#[tokio::test]
async fn another_pools_stake_or_a_dust_stake_is_refused() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), 0).await;
    let bank = &mut bank;
    let other = PoolFixture::new(bank, 6, PoolConfig::example()).await;
    let a = fx.staker(bank, 1_000 * USDC).await;
    bank.ok(&[fx.stake_ix(&a, 10 * USDC, 0)], &[&a.key]).await;
    // the same owner's stake account of another pool
    bank.ok(
        &[ix::open_stake(&other.addrs.pool, &a.key.pubkey())],
        &[&a.key],
    )
    .await;
    let foreign = lending_pool_sdk::pda::stake(&other.addrs.pool, &a.key.pubkey());
    let watched = [a.stake, foreign, a.base];
    for ix in [
        fx.stake_ix(&a, 1, 0),
        fx.request_unstake_ix(&a, 1),
        fx.cancel_unstake_ix(&a),
        fx.unstake_ix(&a),
    ] {
        let ix = swap(ix, a.stake, foreign);
        let check = |r| assert_anchor_err(r, AnchorError::ConstraintHasOne);
        assert_unchanged(bank, &fx, &watched, &[ix], &[&a.key], check).await;
    }
    // once the fund is worth more than its shares, one unit buys no share
    let donor = fx.user(bank, 10 * USDC).await;
    bank.ok(&[fx.fund_insurance_ix(&donor, 10 * USDC)], &[&donor.key])
        .await;
    let check = |r| assert_lending_err(r, LendingError::ZeroSharesMinted);
    assert_unchanged(
        bank,
        &fx,
        &watched,
        &[fx.stake_ix(&a, 1, 0)],
        &[&a.key],
        check,
    )
    .await;
    bank.ok(&[fx.stake_ix(&a, 2, 0)], &[&a.key]).await;
}
