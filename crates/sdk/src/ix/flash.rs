//! Flash loans: a borrow and its repayment, to be sent in one transaction around what the
//! loan pays for (a liquidation and a swap of the collateral, for a liquidator).
use super::build;
use crate::PoolAddresses;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{accounts as acc, instruction as data};

/// `flash_borrow`: `amount` into `destination`, signed by `borrower`.
pub fn flash_borrow(
    p: &PoolAddresses,
    borrower: &Pubkey,
    destination: &Pubkey,
    amount: u64,
) -> Instruction {
    build(
        acc::FlashBorrow {
            pool: p.pool,
            base_vault: p.base_vault,
            destination: *destination,
            borrower: *borrower,
            instructions: lending_pool::constants::INSTRUCTIONS_SYSVAR_ID,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::FlashBorrow { amount },
    )
}

/// `flash_repay`: the outstanding loan and its fee from `source`, signed by `payer`.
pub fn flash_repay(p: &PoolAddresses, payer: &Pubkey, source: &Pubkey) -> Instruction {
    build(
        acc::FlashRepay {
            pool: p.pool,
            base_vault: p.base_vault,
            source: *source,
            payer: *payer,
            token_program: anchor_spl::token::ID,
            event_authority: crate::pda::event_authority(),
            program: crate::PROGRAM_ID,
        },
        data::FlashRepay {},
    )
}

/// What a loan of `amount` costs at `flash_fee_bps`: the program's own rounding (up).
pub fn flash_fee(amount: u64, flash_fee_bps: u32) -> u64 {
    lending_pool::state::flash_fee_up(amount, flash_fee_bps).expect("a fee fits the loan's u64")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_is_the_repayments_first_account_and_fees_round_up() {
        let p = PoolAddresses::derive(&Pubkey::new_unique(), &Pubkey::new_unique());
        let (me, ata) = (Pubkey::new_unique(), Pubkey::new_unique());
        // `flash_borrow` finds its repayment by this
        assert_eq!(flash_repay(&p, &me, &ata).accounts[0].pubkey, p.pool);
        let borrow = flash_borrow(&p, &me, &ata, 5);
        assert_eq!(
            borrow.accounts[4].pubkey,
            lending_pool::constants::INSTRUCTIONS_SYSVAR_ID
        );
        assert_eq!(flash_fee(1_001, 9), 1);
        assert_eq!(flash_fee(1_000_000, 9), 900);
        assert_eq!(flash_fee(0, 9), 0);
    }
}
