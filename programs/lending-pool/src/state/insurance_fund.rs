use crate::math::{add_u64, sub_u64};
use anchor_lang::prelude::*;

/// The pool's insurance fund: PDA `[INSURANCE_FUND_SEED, pool]`, with its own base-asset vault
/// and a ledger of every token that came in or went out. `balance()` is what the vault must
/// hold at least.
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
    /// Out: admin withdrawals.
    pub total_admin_out: u64,
    pub bump: u8,
    pub padding: [u8; 7],
    pub reserved: [u8; 128],
}

const _: () = assert!(core::mem::size_of::<InsuranceFund>() == 64 + 40 + 8 + 128);
const _: () = assert!(core::mem::align_of::<InsuranceFund>() == 8);

impl InsuranceFund {
    pub const SPACE: usize = 8 + core::mem::size_of::<InsuranceFund>();

    /// Everything in minus everything out.
    pub fn balance(&self) -> Result<u64> {
        let inflow = add_u64(
            add_u64(self.total_interest_in, self.total_fees_in)?,
            self.total_donations_in,
        )?;
        sub_u64(
            inflow,
            add_u64(self.total_covered_out, self.total_admin_out)?,
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
