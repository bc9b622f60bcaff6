//! Each way to keep, shorten or misuse a flash loan, and what it gets: nothing. Every refused
//! transaction leaves the pool and the fund byte for byte as they were.
use super::{borrow_and_repay, lent};
use crate::support::*;
use anchor_lang::{
    prelude::{AccountInfo, AccountMeta, Pubkey},
    solana_program::{entrypoint::ProgramResult, instruction::Instruction},
};
use anchor_spl::token::spl_token::error::TokenError;
use lending_pool::{errors::LendingError, state::PoolConfig};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// A borrow with no repayment after it is refused before a token moves.
#[tokio::test]
async fn flash_borrow_without_its_repayment_is_refused() {
    let (mut bank, fx, _, flash) = lent(PoolConfig::example(), 10 * USDC).await;
    let alone = ix::flash_borrow(&fx.addrs, &flash.key.pubkey(), &flash.base, 1_000 * USDC);
    assert_refused(
        &mut bank,
        &fx,
        std::slice::from_ref(&alone),
        &[&flash.key],
        LendingError::FlashRepayMissing,
    )
    .await;
    // a repayment before the borrow does not count: it must follow
    let repay = ix::flash_repay(&fx.addrs, &flash.key.pubkey(), &flash.base);
    assert_refused(
        &mut bank,
        &fx,
        &[repay, alone],
        &[&flash.key],
        LendingError::NoFlashLoan,
    )
    .await;
    assert_eq!(bank.token_balance(&flash.base).await, 10 * USDC);
}

/// Repaying short (the borrower lacks the fee) fails the whole transaction: the token
/// program refuses the repayment and the loan never happened.
#[tokio::test]
async fn flash_borrow_repaid_short_fails_as_a_whole() {
    let (mut bank, fx, _, flash) = lent(PoolConfig::example(), 0).await;
    let vault = fx.addrs.base_vault;
    assert_unchanged(
        &mut bank,
        &fx,
        &[vault, flash.base],
        &borrow_and_repay(&fx, &flash, 1_000 * USDC),
        &[&flash.key],
        |r| assert_token_err(r, TokenError::InsufficientFunds),
    )
    .await;
}

/// A loan from pool A "repaid" to pool B: A's borrow finds no repayment of A's, B has no
/// loan to repay; nothing moves in either.
#[tokio::test]
async fn flash_borrow_repaid_to_another_pool_is_refused() {
    let (mut bank, a, _, flash) = lent(PoolConfig::example(), 10 * USDC).await;
    let b = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    // the same borrower's account for pool B's base token
    let at_b = b.user(&mut bank, 10 * USDC).await;
    let repay_b = ix::flash_repay(&b.addrs, &at_b.key.pubkey(), &at_b.base);
    let ixs = [
        ix::flash_borrow(&a.addrs, &flash.key.pubkey(), &flash.base, 1_000 * USDC),
        repay_b.clone(),
    ];
    assert_refused(
        &mut bank,
        &a,
        &ixs,
        &[&flash.key, &at_b.key],
        LendingError::FlashRepayMissing,
    )
    .await;
    // with A's repayment after it, B's (no loan) is what fails
    let ixs = [
        ix::flash_borrow(&a.addrs, &flash.key.pubkey(), &flash.base, 1_000 * USDC),
        repay_b,
        ix::flash_repay(&a.addrs, &flash.key.pubkey(), &flash.base),
    ];
    assert_refused(
        &mut bank,
        &b,
        &ixs,
        &[&flash.key, &at_b.key],
        LendingError::NoFlashLoan,
    )
    .await;
    assert_eq!(bank.token_balance(&a.addrs.base_vault).await, LENT);
}

/// Two borrows and one repayment: the second borrow is refused while the first is out.
#[tokio::test]
async fn flash_borrow_twice_before_one_repayment_is_refused() {
    let (mut bank, fx, _, flash) = lent(PoolConfig::example(), 10 * USDC).await;
    let borrow = ix::flash_borrow(&fx.addrs, &flash.key.pubkey(), &flash.base, 1_000 * USDC);
    let repay = ix::flash_repay(&fx.addrs, &flash.key.pubkey(), &flash.base);
    assert_refused(
        &mut bank,
        &fx,
        &[borrow.clone(), borrow, repay],
        &[&flash.key],
        LendingError::FlashLoanOutstanding,
    )
    .await;
}

/// Inside the loan the LP, staking and borrowing instructions of the pool are refused: a
/// deposit, a withdrawal, a redemption, a stake and a borrow; a sweep too (the cash it
/// would move is lent out).
#[tokio::test]
async fn flash_borrow_refuses_lp_staking_and_borrowing_inside_the_loan() {
    let (mut bank, fx, lp, flash) = lent(PoolConfig::example(), 2_000 * USDC).await;
    let staker = fx.staker(&mut bank, 100 * USDC).await;
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(&mut bank, &b, 100 * USDC).await;
    let inside: [(Instruction, &TestKeypair); 6] = [
        (fx.deposit_ix(&flash, 1_000 * USDC, 0), &flash.key),
        (fx.withdraw_ix(&lp, USDC, u64::MAX), &lp.key),
        (fx.redeem_ix(&lp, USDC, 0), &lp.key),
        (fx.stake_ix(&staker, 100 * USDC, 0), &staker.key),
        (borrow, &b.key),
        (ix::sweep_insurance(&fx.addrs), &flash.key),
    ];
    for (middle, signer) in inside {
        let mut ixs = borrow_and_repay(&fx, &flash, 5_000 * USDC);
        ixs.insert(1, middle);
        assert_refused(
            &mut bank,
            &fx,
            &ixs,
            &[&flash.key, signer],
            LendingError::FlashLoanOutstanding,
        )
        .await;
    }
}

const RELAY: Pubkey = Pubkey::new_from_array([0x7e; 32]);

/// A program that forwards the instruction in its data to the lending pool by CPI (the
/// accounts it was given, signers passed through): what an attacker's program would do to
/// skip the pairing check.
fn relay(_: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let ix = Instruction {
        program_id: lending_pool::ID,
        // all but the last: the lending pool's program account, appended for the CPI
        accounts: accounts[..accounts.len() - 1]
            .iter()
            .map(|a| AccountMeta {
                pubkey: *a.key,
                is_signer: a.is_signer,
                is_writable: a.is_writable,
            })
            .collect(),
        data: data.to_vec(),
    };
    solana_sysvar::program_stubs::sol_invoke_signed(&ix, accounts, &[])
}

/// A flash borrow reached through another program's CPI is refused, with or without a
/// top-level repayment after it.
#[tokio::test]
async fn flash_borrow_through_cpi_is_refused() {
    let mut bank = Bank::start_customized(|pt| {
        pt.add_builtin_program(
            "flash_relay",
            RELAY,
            lending_pool_testkit::solana_program_test::processor!(relay).unwrap(),
        )
    })
    .await;
    let fx = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    let lp = fx.user(&mut bank, LENT).await;
    bank.ok(&[fx.deposit_ix(&lp, LENT, 0)], &[&lp.key]).await;
    let flash = fx.user(&mut bank, 10 * USDC).await;
    let inner = ix::flash_borrow(&fx.addrs, &flash.key.pubkey(), &flash.base, 1_000 * USDC);
    let mut accounts = inner.accounts.clone();
    accounts.push(AccountMeta::new_readonly(lending_pool::ID, false));
    let through_relay = Instruction {
        program_id: RELAY,
        accounts,
        data: inner.data,
    };
    let repay = ix::flash_repay(&fx.addrs, &flash.key.pubkey(), &flash.base);
    assert_refused(
        &mut bank,
        &fx,
        &[through_relay, repay],
        &[&flash.key],
        LendingError::FlashLoanCpi,
    )
    .await;
}
