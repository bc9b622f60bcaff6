//! The handlers' closing check of the books against the vaults' balances (SPEC
//! "Invariants": a vault holds at least its books). A vault holding less could only come
//! from a token program that misbehaved, so here the bank writes a vault's balance directly;
//! the next instruction that checks that vault is refused and writes nothing.
use crate::support::*;
use anchor_lang::{prelude::Pubkey, solana_program::program_pack::Pack};
use anchor_spl::token::spl_token;
use lending_pool::errors::LendingError;
use lending_pool_testkit::*;

/// Sets a token account's balance to `amount`, behind the token program's back.
async fn set_balance(bank: &mut Bank, account: &Pubkey, amount: u64) {
    let data = bank.account_data(account).await.expect("a token account");
    let mut state = spl_token::state::Account::unpack(&data).unwrap();
    state.amount = amount;
    let mut data = vec![0; spl_token::state::Account::LEN];
    spl_token::state::Account::pack(state, &mut data).unwrap();
    bank.set_account_data(account, &spl_token::ID, data);
}

/// One unit short in the base vault (`CashInvariantViolated`), the insurance vault
/// (`InsuranceInvariantViolated`) or a collateral vault (`CollateralInvariantViolated`):
/// the deposit, donation or withdrawal that checks it is refused; with the unit back it
/// goes through.
// also covers: deposit, fund_insurance, withdraw_collateral
#[tokio::test]
async fn a_vault_holding_less_than_its_books_stops_the_instructions_that_check_it() {
    let (mut bank, fx, [sol, _]) = setup_lending(1_000 * USDC).await;
    let bank = &mut bank;
    let u = fx.user(bank, 1_000 * USDC).await;
    bank.ok(&[fx.fund_insurance_ix(&u, 100 * USDC)], &[&u.key])
        .await;
    let b = fx.borrower(bank, 0, &[HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let base = fx.addrs.base_vault;
    let insurance = fx.addrs.insurance_vault;
    let withdraw = fx.withdraw_collateral_ix(bank, &b, 0, SOL).await;
    let cases = [
        (
            base,
            1_000 * USDC,
            fx.deposit_ix(&u, USDC, 0),
            &u.key,
            LendingError::CashInvariantViolated,
        ),
        (
            insurance,
            100 * USDC,
            fx.fund_insurance_ix(&u, USDC),
            &u.key,
            LendingError::InsuranceInvariantViolated,
        ),
        (
            sol.vault,
            HELD,
            withdraw,
            &b.key,
            LendingError::CollateralInvariantViolated,
        ),
    ];
    for (vault, books, ix, signer, e) in cases {
        assert_eq!(bank.token_balance(&vault).await, books);
        set_balance(bank, &vault, books - 1).await;
        assert_refused(bank, &fx, std::slice::from_ref(&ix), &[signer], e).await;
        set_balance(bank, &vault, books).await;
        bank.ok(&[ix], &[signer]).await;
    }
    let pool = fx.pool(bank).await;
    assert_eq!(pool.cash, 1_001 * USDC);
    assert_eq!(fx.insurance(bank).await.balance().unwrap(), 101 * USDC);
    assert_eq!(pool.collaterals[0].total_deposited, HELD - SOL);
    fx.assert_books(bank).await;
}
