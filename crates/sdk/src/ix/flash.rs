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
            instructions: solana_instructions_sysvar_id(),
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

/// The instructions sysvar's address (`Sysvar1nstructions1111111111111111111111111`).
pub const fn solana_instructions_sysvar_id() -> Pubkey {
    anchor_lang::pubkey!("Sysvar1nstructions1111111111111111111111111")
}

/// What a loan of `amount` costs at `flash_fee_bps` (rounded up, as the program does).
pub fn flash_fee(amount: u64, flash_fee_bps: u32) -> u64 {
    (amount as u128 * flash_fee_bps as u128).div_ceil(10_000) as u64
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
        assert_eq!(borrow.accounts[4].pubkey, solana_instructions_sysvar_id());
        assert_eq!(flash_fee(1_001, 9), 1);
        assert_eq!(flash_fee(1_000_000, 9), 900);
        assert_eq!(flash_fee(0, 9), 0);
    }
}
