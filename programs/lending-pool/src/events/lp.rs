//! Events of the LP side: the pool's creation, deposits and withdrawals, interest, and
//! the books (`LpBooks`) every LP flow reports.
use crate::math::share_price_wad_down;
use crate::state::Pool;
use crate::state::PoolConfig;
use anchor_lang::prelude::*;

/// The LP side of the books at one moment.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LpBooks {
    pub cash: u64,
    pub total_debt: u64,
    pub insurance_pending: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    /// Base units per LP unit, WAD-scaled (1e18), rounded down.
    pub share_price_wad: u128,
    /// The pool's marked shortfall, the part of it the insurance fund cannot cover, and the
    /// price LP flows pay: `(lp_assets − uncovered + 1) / (lp_supply + 1)` (WAD, down).
    pub marked_shortfall: u64,
    pub uncovered_shortfall: u64,
    pub exit_share_price_wad: u128,
}

impl LpBooks {
    /// The books read once (every value below comes from one `total_debt`).
    pub fn of(pool: &Pool, lp_supply: u64, fund_ledger: u64) -> Result<Self> {
        let total_debt = pool.total_debt()?;
        let lp_assets = pool.lp_assets_at(total_debt)?;
        let uncovered_shortfall = pool.uncovered_shortfall(fund_ledger)?;
        Ok(Self {
            cash: pool.cash,
            total_debt,
            insurance_pending: pool.insurance_pending,
            lp_assets,
            lp_supply,
            share_price_wad: share_price_wad_down(lp_assets, lp_supply)?,
            marked_shortfall: pool.marked_shortfall,
            uncovered_shortfall,
            exit_share_price_wad: share_price_wad_down(
                lp_assets.saturating_sub(uncovered_shortfall),
                lp_supply,
            )?,
        })
    }
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolInitialized {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub guardian: Pubkey,
    pub base_mint: Pubkey,
    pub base_vault: Pubkey,
    pub lp_mint: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,
    pub config: PoolConfig,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LpDeposited {
    pub pool: Pubkey,
    pub depositor: Pubkey,
    pub lp_destination: Pubkey,
    pub assets: u64,
    pub shares: u64,
    pub before: LpBooks,
    pub after: LpBooks,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LpWithdrawn {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub destination: Pubkey,
    pub assets: u64,
    pub shares: u64,
    pub before: LpBooks,
    pub after: LpBooks,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestAccrued {
    pub pool: Pubkey,
    pub dt: u64,
    pub utilization_wad: u128,
    pub rate_wad: u128,
    pub index_before: u128,
    pub index_after: u128,
    pub total_debt_before: u64,
    pub total_debt_after: u64,
    pub to_insurance: u64,
    pub insurance_pending_after: u64,
    /// The fund's share below one unit, carried to the next accrual (WAD-scaled).
    pub insurance_remainder_wad: u128,
    /// The pool's marked losses, which follow the borrow index (interest on marked debt).
    pub marked_shortfall_before: u64,
    pub marked_shortfall_after: u64,
    pub timestamp: i64,
}
