//! The insurance fund: its layout and ledger (this file) and its shares (`staking.rs`).
mod staking;

pub use staking::*;

use crate::math::{add_u64, sub_u64};
use anchor_lang::prelude::*;

/// The pool's insurance fund: PDA `[INSURANCE_FUND_SEED, pool]`, with its own base-asset vault
/// and a ledger of every token that came in or went out. `balance()` is what the vault must
/// hold at least. Its value (`balance()` plus the pool's `insurance_pending`) belongs to the
/// insurance shares: the stakers' and the protocol's.
#[account(zero_copy)]
#[derive(Debug)]
pub struct InsuranceFund {
    pub pool: Pubkey,
    pub vault: Pubkey,
    /// In: interest share swept from the pool.
    pub total_interest_in: u64,
    /// In: liquidation fees.
    pub total_fees_in: u64,
    /// In: donations through `fund_insurance`.
    pub total_donations_in: u64,
    /// Out: bad debt covered.
    pub total_covered_out: u64,
    /// Out: unstake payouts.
    pub total_unstaked_out: u64,
    /// In: stakes.
    pub total_staked_in: u64,
    /// Insurance shares outstanding in the current epoch: the stakers' (including those in
    /// cooldown) and the protocol's.
    pub total_shares: u64,
    /// Shares of what the fund held before the first stake: the protocol's, never withdrawable.
    pub protocol_shares: u64,
    /// Shares in an unstake cooldown (still slashable, earning nothing more).
    pub cooldown_shares: u64,
    /// Bumped when a settlement empties the fund: every share of an older epoch is worth
    /// nothing, and stakes count from zero again (so a wiped fund can be staked anew).
    pub share_epoch: u64,
    pub bump: u8,
    pub padding: [u8; 7],
    pub reserved: [u8; 88],
}

const _: () = assert!(core::mem::size_of::<InsuranceFund>() == 64 + 80 + 8 + 88);
const _: () = assert!(core::mem::align_of::<InsuranceFund>() == 8);

impl InsuranceFund {
    pub const SPACE: usize = 8 + core::mem::size_of::<InsuranceFund>();

    /// Everything in minus everything out.
    pub fn balance(&self) -> Result<u64> {
        let inflow = add_u64(
            add_u64(self.total_interest_in, self.total_fees_in)?,
            add_u64(self.total_donations_in, self.total_staked_in)?,
        )?;
        sub_u64(
            inflow,
            add_u64(self.total_covered_out, self.total_unstaked_out)?,
        )
    }

    pub fn record_interest(&mut self, amount: u64) -> Result<()> {
        self.total_interest_in = add_u64(self.total_interest_in, amount)?;
        Ok(())
    }

    pub fn record_fee(&mut self, amount: u64) -> Result<()> {
        self.total_fees_in = add_u64(self.total_fees_in, amount)?;
        Ok(())
    }

    pub fn record_coverage(&mut self, amount: u64) -> Result<()> {
        self.total_covered_out = add_u64(self.total_covered_out, amount)?;
        Ok(())
    }

    pub fn record_donation(&mut self, amount: u64) -> Result<()> {
        self.total_donations_in = add_u64(self.total_donations_in, amount)?;
        Ok(())
    }
}
