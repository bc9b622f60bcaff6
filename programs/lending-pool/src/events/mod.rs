//! One event per state change; integers only, with before/after values an indexer can
//! reconcile against. Every event is emitted with [`emit_cpi`] (Anchor's `emit_cpi!`): as the
//! data of a self-CPI signed by the event authority PDA, which the runtime records among
//! the transaction's inner instructions. Logs (`emit!`) are capped per transaction and any
//! earlier instruction can fill them, which would hide a settlement from log readers;
//! inner instructions cannot be cut short, and only this program can sign for its event
//! authority, so nobody can forge one either. README, "Events", has the measured cost.
mod collateral;
mod exit;
mod insurance;

pub use collateral::*;
pub use exit::*;
pub use insurance::*;

use crate::state::{DebtChange, Pool, PoolConfig, Settlement};
use crate::{constants::MAX_COLLATERALS, math::share_price_wad_down};
use anchor_lang::prelude::*;

/// Emits `event` as `emit_cpi!` does (`EVENT_IX_TAG` + discriminator + Borsh fields, in an
/// instruction to this program signed by the event authority), from any function that has
/// the authority account: helpers shared by handlers emit without a `Context`.
pub fn emit_cpi<E: anchor_lang::Event>(event_authority: &AccountInfo, event: &E) -> Result<()> {
    let data = [anchor_lang::event::EVENT_IX_TAG_LE, &event.data()].concat();
    let ix = anchor_lang::solana_program::instruction::Instruction::new_with_bytes(
        crate::ID,
        &data,
        vec![AccountMeta::new_readonly(*event_authority.key, true)],
    );
    anchor_lang::solana_program::program::invoke_signed(
        &ix,
        std::slice::from_ref(event_authority),
        &[&[b"__event_authority", &[crate::EVENT_AUTHORITY_AND_BUMP.1]]],
    )
    .map_err(Into::into)
}

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
pub struct InsuranceFunded {
    pub pool: Pubkey,
    pub donor: Pubkey,
    pub amount: u64,
    pub balance_before: u64,
    pub balance_after: u64,
    pub total_donations_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUpdated {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub before: PoolConfig,
    pub after: PoolConfig,
    pub slot: u64,
    pub timestamp: i64,
}

/// `set_pause`: the flags before and after; `guardian_flags` are the ones the guardian set
/// (they lapse at `guardian_expires_ts`; 0 when none), the admin's never lapse.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseFlagsSet {
    pub pool: Pubkey,
    pub authority: Pubkey,
    pub before: u16,
    pub after: u16,
    pub guardian_flags: u16,
    pub guardian_expires_ts: i64,
    pub slot: u64,
    pub timestamp: i64,
}

/// The guardian's pause flags lapsed (`max_pause_secs` after they were set), noticed by the
/// first instruction that brought the pool up to date.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PausesLapsed {
    pub pool: Pubkey,
    pub before: u16,
    pub after: u16,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSet {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

/// `pending_after == Pubkey::default()` means the transfer was cancelled.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferProposed {
    pub pool: Pubkey,
    pub admin: Pubkey,
    pub pending_before: Pubkey,
    pub pending_after: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferAccepted {
    pub pool: Pubkey,
    pub admin_before: Pubkey,
    pub admin_after: Pubkey,
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

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionOpened {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub index: u16,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionClosed {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub slot: u64,
    pub timestamp: i64,
}

/// Borrow or repayment: the position's debt and the pool's books before and after.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtChanged {
    pub pool: Pubkey,
    pub position: Pubkey,
    /// The borrower (borrow) or whoever paid (repay).
    pub actor: Pubkey,
    pub is_borrow: bool,
    pub amount: u64,
    pub scaled: u128,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub cash_before: u64,
    pub cash_after: u64,
    pub total_debt_before: u64,
    pub total_debt_after: u64,
    pub borrow_index: u128,
    pub slot: u64,
    pub timestamp: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceSwept {
    pub pool: Pubkey,
    pub amount: u64,
    pub insurance_pending_before: u64,
    pub insurance_pending_after: u64,
    pub cash_after: u64,
    pub insurance_balance_after: u64,
    pub slot: u64,
    pub timestamp: i64,
}

impl DebtChanged {
    /// The event for `change` (which carries the books before and after it).
    pub fn of(
        keys: [Pubkey; 3],
        is_borrow: bool,
        change: &DebtChange,
        pool: &Pool,
        clock: &Clock,
    ) -> Self {
        let [pool_key, position, actor] = keys;
        Self {
            pool: pool_key,
            position,
            actor,
            is_borrow,
            amount: change.amount,
            scaled: change.scaled,
            position_debt_before: change.position_debt_before,
            position_debt_after: change.position_debt_after,
            cash_before: change.cash_before,
            cash_after: change.cash_after,
            total_debt_before: change.total_debt_before,
            total_debt_after: change.total_debt_after,
            borrow_index: pool.borrow_index.get(),
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        }
    }
}

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
