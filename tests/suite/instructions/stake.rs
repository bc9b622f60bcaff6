//! `stake`: the protocol's shares, a fund left with dust, pauses, and every bad input of the
//! staking instructions (tagged for them), with the pool, the fund, the stake accounts and
//! the token accounts compared byte for byte.
use crate::support::*;
use anchor_lang::{
    error::ErrorCode as AnchorError, prelude::Pubkey, solana_program::instruction::Instruction,
};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Staked},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// `ix` with every use of account `from` replaced by `to`.
fn swap(mut ix: Instruction, from: Pubkey, to: Pubkey) -> Instruction {
    for m in ix.accounts.iter_mut().filter(|m| m.pubkey == from) {
        m.pubkey = to;
    }
    ix
}

/// Asserts a failed transaction's exact error.
type Check = Box<dyn FnOnce(TxResult) -> TxFailure>;

// also covers: request_unstake, unstake
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

/// `stake`: before, a settlement that left the fund a unit for hundreds of millions of
/// shares kept them alive, and a stake of 100,000 USDC would mint more shares than a u64
/// holds (`InsuranceSharesOverflow`): the fund could never be restocked. Now that settlement
/// starts a new share epoch and the stake mints at the initial price.
#[tokio::test]
async fn stake_into_a_fund_left_with_dust_starts_afresh() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    // the loss a crash to $50 leaves: 1,100 − 500 / 1.05
    const LOSS: u64 = 623_809_523;
    let s = fx.staker(bank, LOSS + 1).await;
    bank.ok(&[fx.stake_ix(&s, LOSS + 1, 0)], &[&s.key]).await;
    let b = underwater(bank, &fx).await;
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let settled: BadDebtSettled = out.event();
    assert_eq!((settled.debt, settled.covered), (LOSS, LOSS));
    let fund = fx.insurance(bank).await;
    assert_eq!(
        (fund.balance().unwrap(), fund.total_shares, fund.share_epoch),
        (1, 0, 1)
    );
    let big = fx.staker(bank, 100_000 * USDC).await;
    bank.ok(&[fx.stake_ix(&big, 100_000 * USDC, 0)], &[&big.key])
        .await;
    assert_eq!(fx.stake_account(bank, &big).await.shares, 100_000 * USDC);
    assert_eq!(fx.stake_value(bank, &s).await, 0);
    fx.assert_books(bank).await;
}

// also covers: request_unstake, cancel_unstake, unstake
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

// also covers: request_unstake, cancel_unstake, unstake, open_stake
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

// also covers: request_unstake, cancel_unstake, unstake
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
