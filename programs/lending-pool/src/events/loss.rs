//! Events of the loss waterfall: liquidation, settlement, recapitalization and reopening.
use crate::constants::MAX_COLLATERALS;
use crate::state::Pool;
use crate::state::Settlement;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Liquidated {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub liquidator: Pubkey,
    pub collateral_slot: u8,
    /// Debt repaid by the liquidator (base units).
    pub repaid: u64,
    /// Collateral paid to the liquidator.
    pub collateral_out: u64,
    /// Fee the liquidator paid into the insurance fund (base units).
    pub fee: u64,
    /// Whether the close factor was lifted (underwater or dust).
    pub full_close_allowed: bool,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub position_collateral_before: u64,
    pub position_collateral_after: u64,
    /// Spot health before and after (WAD; `u128::MAX` without debt).
    pub health_before_wad: u128,
    pub health_after_wad: u128,
    pub cash_after: u64,
    pub total_debt_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}

/// `recapitalize`: `amount` base tokens added to the LPs' books, no shares minted
/// (`lp_assets_after = lp_assets_before + amount`); `total_recovered` is the loss ledger's
/// cumulative recovered side. `frozen`: the pool is still frozen (`unfreeze` reopens it).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recapitalized {
    pub pool: Pubkey,
    pub donor: Pubkey,
    pub amount: u64,
    /// The donor's bound: the recovery was refused above this LP supply.
    pub max_lp_supply: u64,
    pub lp_assets_before: u64,
    pub lp_assets_after: u64,
    pub lp_supply: u64,
    pub share_price_before_wad: u128,
    pub share_price_after_wad: u128,
    pub total_recovered: u64,
    pub frozen: bool,
    pub slot: u64,
    pub timestamp: i64,
}

/// `unfreeze`: the guardian or admin reopened a frozen pool with LP equity `lp_assets`.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolUnfrozen {
    pub pool: Pubkey,
    pub authority: Pubkey,
    pub lp_assets: u64,
    pub lp_supply: u64,
    pub share_price_wad: u128,
    pub slot: u64,
    pub timestamp: i64,
}

/// One run of the loss waterfall. `debt = covered + socialized`;
/// `covered = from_pending + from_insurance_vault`; `lp_assets_after = lp_assets_before −
/// socialized`; the insurance fund (pending claims + vault ledger) drops by `covered`.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDebtSettled {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub seq: u64,
    pub position_debt: u64,
    pub debt: u64,
    pub covered: u64,
    pub from_pending: u64,
    pub from_insurance_vault: u64,
    pub socialized: u64,
    pub insurance_balance_before: u64,
    pub insurance_balance_after: u64,
    pub insurance_pending_before: u64,
    pub insurance_pending_after: u64,
    pub lp_assets_before: u64,
    pub lp_assets_after: u64,
    pub lp_supply_before: u64,
    pub lp_supply_after: u64,
    pub share_price_before_wad: u128,
    pub share_price_after_wad: u128,
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    pub frozen: bool,
    pub breaker_tripped: bool,
    /// The position's mark released and the pool's marks after.
    pub mark_released: u64,
    pub marked_shortfall_after: u64,
    /// Insurance shares after (a settlement that empties the fund starts a new epoch).
    pub insurance_total_shares: u64,
    pub insurance_share_epoch: u64,
    /// Holdings of retired slots the position forfeited, per slot (they stay in the vaults).
    pub forfeited_collateral: [u64; MAX_COLLATERALS],
    pub slot: u64,
    pub timestamp: i64,
}

impl BadDebtSettled {
    pub fn of(
        pool: &Pool,
        pool_key: Pubkey,
        position: Pubkey,
        s: &Settlement,
        clock: &Clock,
    ) -> Self {
        Self {
            pool: pool_key,
            position,
            seq: s.seq,
            position_debt: s.position_debt,
            debt: s.debt,
            covered: s.from_pending + s.from_insurance_vault,
            from_pending: s.from_pending,
            from_insurance_vault: s.from_insurance_vault,
            socialized: s.socialized,
            insurance_balance_before: s.insurance_pending_before + s.insurance_vault_balance_before,
            insurance_balance_after: s.insurance_pending_after + s.insurance_vault_balance_after,
            insurance_pending_before: s.insurance_pending_before,
            insurance_pending_after: s.insurance_pending_after,
            lp_assets_before: s.lp_assets_before,
            lp_assets_after: s.lp_assets_after,
            lp_supply_before: s.lp_supply,
            lp_supply_after: s.lp_supply,
            share_price_before_wad: s.share_price_before_wad,
            share_price_after_wad: s.share_price_after_wad,
            total_insurance_paid: pool.total_insurance_paid,
            total_socialized: pool.total_socialized,
            frozen: s.frozen,
            breaker_tripped: s.breaker_tripped,
            mark_released: s.mark_released,
            marked_shortfall_after: s.marked_shortfall_after,
            insurance_total_shares: s.insurance_total_shares,
            insurance_share_epoch: s.insurance_share_epoch,
            forfeited_collateral: s.forfeited_collateral,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    }
}
