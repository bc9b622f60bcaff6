//! The pool account: its layout (this file) and its book-keeping, one concern per file.
//! Every operation is an `impl Pool` method that checks the gate (`gate.rs`) first, works
//! on copies where it must be atomic, and leaves token movements to the handler. The model
//! behind it is `docs/SPEC.md`.
mod accrual;
mod breaker;
mod collateral;
mod debt;
mod exit;
mod flash;
mod gate;
mod health;
mod invariants;
mod liquidation;
mod lp;
mod mark;
mod marked_loss;
mod pause;
mod recovery;
mod retirement;
mod waterfall;

pub use accrual::*;
pub use debt::*;
pub use exit::*;
pub use flash::*;
pub use gate::*;
pub use liquidation::*;
pub use lp::*;
pub use mark::*;
pub use pause::*;
pub use recovery::*;
pub use waterfall::*;

use super::{CollateralAsset, PoolConfig, WrappedU128};
use crate::{
    constants::{BREAKER_BUCKETS, MAX_COLLATERALS},
    errors::LendingError,
    math::{add_u64, mul_wad_up, share_price_wad_down, sub_u64, to_u64},
};
use anchor_lang::prelude::*;

/// Pool status: `Frozen` when a write-down leaves the LP share price below the freeze floor
/// (`freeze_floor_bps` of par): no new value or risk (deposits, borrows, new collateral);
/// exits pay pro rata, and repayment, liquidation, settlement and `recapitalize` go on.
/// `unfreeze` reopens it once the price is back at the floor.
pub const STATUS_ACTIVE: u8 = 0;
pub const STATUS_FROZEN: u8 = 1;

/// One lending pool: one base asset, its LP share mint, its books. PDA
/// `[POOL_SEED, base_mint, creator]`. The pool PDA is the authority of the base vault, the LP
/// mint and the insurance vault.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Pool {
    pub admin: Pubkey,
    /// Set by `transfer_admin`, becomes `admin` on `accept_admin`; default = none.
    pub pending_admin: Pubkey,
    pub guardian: Pubkey,
    pub creator: Pubkey,
    pub base_mint: Pubkey,
    pub base_vault: Pubkey,
    pub lp_mint: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,

    pub config: PoolConfig,

    /// Base tokens the books say are in the base vault (never the vault's own balance).
    pub cash: u64,
    /// Insurance fund's share of accrued interest, still held in `cash`.
    pub insurance_pending: u64,
    /// Sum of positions' scaled debt (principal / borrow_index, WAD).
    pub total_scaled_debt: WrappedU128,
    /// Cumulative borrow index, WAD-scaled, starts at 1.0.
    pub borrow_index: WrappedU128,
    pub last_accrual_ts: i64,

    /// Loss ledger: cumulative bad debt paid by insurance / written off LPs, and the number
    /// of settlements so far.
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    pub settlement_seq: u64,
    /// Circuit breaker (rolling window, `breaker.rs`): the bucket number of the newest
    /// bucket in `breaker_buckets` (time / `breaker_bucket_secs`) and the bucket length it
    /// was counted in.
    pub breaker_epoch: i64,
    pub breaker_bucket_secs: u64,

    pub pause_flags: u16,
    pub status: u8,
    pub base_decimals: u8,
    pub bump: u8,
    pub base_vault_bump: u8,
    pub lp_mint_bump: u8,
    pub insurance_vault_bump: u8,
    pub num_collaterals: u8,
    pub padding: [u8; 7],

    /// Pyth feed id of the base asset (prices the debt).
    pub base_feed_id: [u8; 32],
    /// Collateral slots; the first `num_collaterals` are in use.
    pub collaterals: [CollateralAsset; MAX_COLLATERALS],

    /// The insurance fund's share of accrued interest below one base unit, WAD-scaled
    /// (`< WAD`): carried to the next accrual, so accruing often pays the fund the same.
    pub insurance_remainder_wad: WrappedU128,

    /// Losses socialized per breaker bucket, the bucket of epoch `e` at `e % BREAKER_BUCKETS`;
    /// buckets older than `breaker_epoch - (BREAKER_BUCKETS - 1)` are zero.
    pub breaker_buckets: [u64; BREAKER_BUCKETS],
    /// Loss ledger: base tokens `recapitalize` added to the LPs' books (recovered losses).
    pub total_recovered: u64,
    /// The marked losses (`mark.rs`), visible before they are settled: `marked_scaled_debt
    /// × borrow_index − marked_repayable`, kept current by every accrual and mark change.
    pub marked_shortfall: u64,

    /// The pause flags the guardian set (a subset of `pause_flags`) and when they lapse
    /// (`gate.rs`): the admin's own flags never lapse.
    pub guardian_pause_expires_ts: i64,
    pub guardian_pause_flags: u16,
    pub padding2: [u8; 6],

    /// Σ marked positions' `mark_scaled_debt` and `mark_repayable`: marks follow the
    /// borrow index exactly, in aggregate.
    pub marked_scaled_debt: WrappedU128,
    pub marked_repayable: u64,

    /// The flash loan outstanding within the current transaction (0 outside one) and the
    /// fee its repayment owes the insurance fund. While it is out the vault holds that much
    /// less than `cash`: the books count the loan as owed, so no price moves.
    pub flash_outstanding: u64,
    pub flash_fee_due: u64,

    /// Room for later fields without a migration.
    pub reserved: [u8; 136],
}

const _: () = assert!(core::mem::size_of::<Pool>() == 1464);
const _: () = assert!(core::mem::align_of::<Pool>() == 8);

impl Pool {
    pub const SPACE: usize = 8 + core::mem::size_of::<Pool>();

    /// What all positions owe: `total_scaled_debt × borrow_index`, rounded up.
    pub fn total_debt(&self) -> Result<u64> {
        to_u64(mul_wad_up(
            self.total_scaled_debt.get(),
            self.borrow_index.get(),
        )?)
    }

    /// `cash + total_debt - insurance_pending`: what LP shares are worth in total.
    pub fn lp_assets(&self) -> Result<u64> {
        self.lp_assets_at(self.total_debt()?)
    }

    /// `lp_assets` for a `total_debt` already computed.
    pub fn lp_assets_at(&self, total_debt: u64) -> Result<u64> {
        sub_u64(add_u64(self.cash, total_debt)?, self.insurance_pending)
    }

    /// Cash LPs and borrowers may take: the pending insurance claim is not theirs.
    pub fn available_cash(&self) -> u64 {
        self.cash.saturating_sub(self.insurance_pending)
    }

    /// Share price in base units per LP unit (WAD), for events and views.
    pub fn share_price_wad(&self, lp_supply: u64) -> Result<u128> {
        share_price_wad_down(self.lp_assets()?, lp_supply)
    }

    /// The collateral asset in `slot`, if the slot is in use.
    pub fn collateral(&self, slot: usize) -> Result<&CollateralAsset> {
        require!(
            slot < self.num_collaterals as usize,
            LendingError::UnknownCollateral
        );
        Ok(&self.collaterals[slot])
    }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::pool;
    use crate::constants::WAD;

    #[test]
    fn lp_assets_counts_debt_and_excludes_pending_insurance() {
        let mut p = pool();
        p.cash = 1_000;
        p.total_scaled_debt.set(500);
        p.borrow_index.set(WAD + WAD / 10); // 500 scaled at 1.1 = 550
        p.insurance_pending = 20;
        assert_eq!(p.total_debt().unwrap(), 550);
        assert_eq!(p.lp_assets().unwrap(), 1_000 + 550 - 20);
        // debt rounds up: 3 scaled units at an index a hair above 1.0 owe 4
        p.total_scaled_debt.set(3);
        p.borrow_index.set(WAD + 1);
        assert_eq!(p.total_debt().unwrap(), 4);
    }
}
