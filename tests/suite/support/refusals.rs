//! A refused transaction writes nothing: these send it, assert its exact error, and compare
//! the accounts it could have written byte for byte.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::errors::LendingError;
use lending_pool_testkit::{
    assert_lending_err, Bank, PoolFixture, TestKeypair, TxFailure, TxResult,
};

/// Sends `ixs`, asserts they fail with `e` and that the pool and insurance fund accounts are
/// byte for byte what they were (a failed transaction writes nothing; this proves it for
/// the books).
pub async fn assert_refused(
    bank: &mut Bank,
    fx: &PoolFixture,
    ixs: &[Instruction],
    signers: &[&TestKeypair],
    e: LendingError,
) {
    assert_unchanged(bank, fx, &[], ixs, signers, |r| assert_lending_err(r, e)).await;
}

/// Sends `ixs`, hands the failure to `check` (which asserts the exact error), and asserts the
/// pool, the insurance fund and every account in `watched` are byte for byte unchanged.
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
