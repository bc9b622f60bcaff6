use super::{CollateralAsset, PoolConfig, Position, WrappedU128};
use crate::{
    constants::{pause, BPS, CLOSE_FACTOR_BPS, DUST_DEBT_VALUE_WAD, MAX_COLLATERALS, WAD},
    errors::LendingError,
    math::*,
};
use anchor_lang::prelude::*;

/// Pool status: `Frozen` after an insolvency (only pro-rata withdrawals remain).
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
    /// Circuit breaker: start of the current window and the losses socialized within it.
    pub breaker_window_start: i64,
    pub breaker_window_socialized: u64,

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

    /// Room for later fields without a migration.
    pub reserved: [u8; 504],
}

const _: () = assert!(core::mem::size_of::<Pool>() == 1464);
const _: () = assert!(core::mem::align_of::<Pool>() == 8);

/// One accrual of interest, for the `InterestAccrued` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accrual {
    pub dt: u64,
    pub utilization_wad: u128,
    pub rate_wad: u128,
    pub index_before: u128,
    pub index_after: u128,
    pub debt_before: u64,
    pub debt_after: u64,
    pub to_insurance: u64,
}

/// A change of one position's debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebtChange {
    pub amount: u64,
    pub scaled: u128,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
}

/// What a liquidation did to one position (see `Pool::liquidate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiquidationOutcome {
    pub repaid: u64,
    pub collateral_out: u64,
    pub fee: u64,
    pub full_close_allowed: bool,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub position_collateral_before: u64,
    pub health_before_wad: u128,
    pub health_after_wad: u128,
}

/// One run of the loss waterfall (see `Pool::settle_bad_debt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct Settlement {
    pub seq: u64,
    /// What the position owed (rounded up).
    pub position_debt: u64,
    /// `D`: what left the pool's `total_debt`.
    pub debt: u64,
    pub from_pending: u64,
    pub from_insurance_vault: u64,
    pub socialized: u64,
    pub insurance_pending_before: u64,
    pub insurance_pending_after: u64,
    pub insurance_vault_balance_before: u64,
    pub insurance_vault_balance_after: u64,
    pub lp_assets_before: u64,
    pub lp_assets_after: u64,
    pub lp_supply: u64,
    pub share_price_before_wad: u128,
    pub share_price_after_wad: u128,
    pub frozen: bool,
    pub breaker_tripped: bool,
}

/// Result of a deposit on the books, for the handler's CPIs and event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LpFlow {
    pub assets: u64,
    pub shares: u64,
}

impl Pool {
    pub const SPACE: usize = 8 + core::mem::size_of::<Pool>();

    pub fn total_debt(&self) -> Result<u64> {
        to_u64(mul_wad_up(
            self.total_scaled_debt.get(),
            self.borrow_index.get(),
        )?)
    }

    /// The collateral slot `index`, if it is in use.
    pub fn collateral(&self, index: usize) -> Result<&CollateralAsset> {
        require!(
            index < self.num_collaterals as usize,
            LendingError::UnknownCollateral
        );
        Ok(&self.collaterals[index])
    }

    /// Accrues interest up to `now`: the index grows at the curve's rate (rounded up), the
    /// reserve factor's share of the new interest goes to `insurance_pending` (rounded down,
    /// the rest raises `lp_assets`). Returns `None` when no interest accrued.
    pub fn accrue(&mut self, now: i64) -> Result<Option<Accrual>> {
        let dt = now.saturating_sub(self.last_accrual_ts);
        if dt <= 0 {
            return Ok(None);
        }
        self.last_accrual_ts = now;
        if self.total_scaled_debt.get() == 0 {
            return Ok(None);
        }
        let debt_before = self.total_debt()?;
        let utilization_wad = utilization_wad_down(self.cash, debt_before)?;
        let rate_wad = borrow_rate_wad_up(&self.config, utilization_wad)?;
        let index_before = self.borrow_index.get();
        let index_after = accrue_index_up(index_before, rate_wad, dt as u64)?;
        self.borrow_index.set(index_after);
        let debt_after = self.total_debt()?;
        let interest = sub_u64(debt_after, debt_before)?;
        let to_insurance = to_u64(mul_div_down(
            interest as u128,
            self.config.reserve_factor_bps as u128,
            BPS as u128,
        )?)?;
        self.insurance_pending = add_u64(self.insurance_pending, to_insurance)?;
        Ok(Some(Accrual {
            dt: dt as u64,
            utilization_wad,
            rate_wad,
            index_before,
            index_after,
            debt_before,
            debt_after,
            to_insurance,
        }))
    }

    /// The collateral slots `pos` holds, in slot order: each needs an oracle price.
    pub fn held_slots(&self, pos: &Position) -> Vec<usize> {
        (0..self.num_collaterals as usize)
            .filter(|&i| pos.collateral[i] > 0)
            .collect()
    }

    /// `pos`'s health with `prices[k]` the price of its k-th held slot (`held_slots`) and
    /// `base` the base asset's price. The one implementation, on-chain and off-chain.
    pub fn position_health(
        &self,
        pos: &Position,
        prices: &[OraclePrice],
        base: &OraclePrice,
        mode: PriceMode,
    ) -> Result<PositionHealth> {
        let held = self.held_slots(pos);
        require!(
            prices.len() == held.len(),
            LendingError::OracleAccountsMismatch
        );
        let holdings: Vec<CollateralHolding> = held
            .iter()
            .zip(prices)
            .map(|(&i, p)| {
                let asset = &self.collaterals[i];
                CollateralHolding {
                    amount: pos.collateral[i],
                    decimals: asset.decimals,
                    ltv_bps: asset.ltv_bps,
                    liquidation_threshold_bps: asset.liquidation_threshold_bps,
                    price: mode.collateral(p),
                    expo: p.expo,
                }
            })
            .collect();
        let debt = DebtHolding {
            amount: pos.debt(self.borrow_index.get())?,
            decimals: self.base_decimals,
            price: mode.debt(base),
            expo: base.expo,
        };
        position_health(&holdings, debt)
    }

    /// Cash LPs and borrowers may take: the pending insurance claim is not theirs.
    pub fn available_cash(&self) -> u64 {
        self.cash.saturating_sub(self.insurance_pending)
    }

    /// Books a borrow of `amount` against `pos` (scaled debt rounded up). The caller checks
    /// the position's health afterwards.
    pub fn borrow(&mut self, pos: &mut Position, amount: u64) -> Result<DebtChange> {
        require!(amount > 0, LendingError::ZeroAmount);
        self.require_active()?;
        self.require_not_paused(pause::BORROW)?;
        require!(
            amount <= self.available_cash(),
            LendingError::InsufficientCash
        );
        require!(
            add_u64(self.total_debt()?, amount)? <= self.config.borrow_cap,
            LendingError::BorrowCapExceeded
        );
        let index = self.borrow_index.get();
        let before = pos.debt(index)?;
        let scaled = mul_div_up(amount as u128, WAD, index)?;
        pos.scaled_debt.set(
            pos.scaled_debt
                .get()
                .checked_add(scaled)
                .ok_or(LendingError::MathOverflow)?,
        );
        self.total_scaled_debt.set(
            self.total_scaled_debt
                .get()
                .checked_add(scaled)
                .ok_or(LendingError::MathOverflow)?,
        );
        self.cash = sub_u64(self.cash, amount)?;
        Ok(DebtChange {
            amount,
            scaled,
            position_debt_before: before,
            position_debt_after: pos.debt(index)?,
        })
    }

    /// Books a repayment of up to `amount` (the `repay` instruction).
    pub fn repay(&mut self, pos: &mut Position, amount: u64) -> Result<DebtChange> {
        require!(amount > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::REPAY)?;
        self.book_repayment(pos, amount)
    }

    /// Removes up to `amount` of `pos`'s debt against cash coming in: more than the debt
    /// repays exactly the debt; a partial repayment removes scaled debt rounded down.
    pub fn book_repayment(&mut self, pos: &mut Position, amount: u64) -> Result<DebtChange> {
        let index = self.borrow_index.get();
        let before = pos.debt(index)?;
        require!(before > 0, LendingError::NoDebt);
        let repaid = amount.min(before);
        let scaled = if repaid == before {
            pos.scaled_debt.get()
        } else {
            mul_div_down(repaid as u128, WAD, index)?
        };
        self.remove_scaled_debt(pos, scaled)?;
        self.cash = add_u64(self.cash, repaid)?;
        Ok(DebtChange {
            amount: repaid,
            scaled,
            position_debt_before: before,
            position_debt_after: pos.debt(index)?,
        })
    }

    fn remove_scaled_debt(&mut self, pos: &mut Position, scaled: u128) -> Result<()> {
        let left = pos
            .scaled_debt
            .get()
            .checked_sub(scaled)
            .ok_or(LendingError::MathOverflow)?;
        pos.scaled_debt.set(left);
        let total = self
            .total_scaled_debt
            .get()
            .checked_sub(scaled)
            .ok_or(LendingError::MathOverflow)?;
        self.total_scaled_debt.set(total);
        Ok(())
    }

    /// Takes `amount` of slot `index` out of `pos` (liquidation: no pause flag of its own).
    pub fn seize_collateral(
        &mut self,
        pos: &mut Position,
        index: usize,
        amount: u64,
    ) -> Result<()> {
        require!(
            pos.collateral[index] >= amount,
            LendingError::InsufficientCollateral
        );
        pos.collateral[index] -= amount;
        let asset = &mut self.collaterals[index];
        asset.total_deposited = sub_u64(asset.total_deposited, amount)?;
        Ok(())
    }

    /// Liquidates `pos` at spot prices (`prices[s]` for every held slot `s`, `base` for
    /// the debt): requires `debt_value > liquidation_limit`; repays at most the close factor
    /// (all of it when underwater or dust) for collateral of `slot` plus its bonus; the
    /// position's health may not fall unless its collateral ends at zero. The caller has
    /// accrued interest, moves the tokens, books the fee and settles what is left.
    pub fn liquidate(
        &mut self,
        pos: &mut Position,
        slot: usize,
        repay_amount: u64,
        min_collateral_out: u64,
        prices: &[Option<OraclePrice>; MAX_COLLATERALS],
        base: &OraclePrice,
    ) -> Result<LiquidationOutcome> {
        self.require_not_paused(pause::LIQUIDATE)?;
        let asset = *self.collateral(slot)?;
        let spot = |pool: &Pool, pos: &Position| {
            let held = pool.held_slots(pos);
            let p = held
                .iter()
                .map(|&s| prices[s].ok_or(LendingError::OracleAccountsMismatch));
            let p = p.collect::<core::result::Result<Vec<_>, _>>()?;
            pool.position_health(pos, &p, base, PriceMode::Spot)
        };
        let before = spot(self, pos)?;
        require!(before.is_liquidatable(), LendingError::PositionHealthy);
        let collateral_price = prices[slot]
            .filter(|_| pos.collateral[slot] > 0)
            .ok_or(LendingError::InsufficientCollateral)?;

        let debt_before = pos.debt(self.borrow_index.get())?;
        // deeply underwater: the collateral cannot pay the bonus on the whole debt. There
        // every partial liquidation would lower the health, so only a full one can help
        let bonus_factor = BPS as u128 + asset.liquidation_bonus_bps as u128;
        let full_close_allowed = before.collateral_value.saturating_mul(BPS as u128)
            <= before.debt_value.saturating_mul(bonus_factor)
            || before.debt_value <= DUST_DEBT_VALUE_WAD;
        let max_repay = if full_close_allowed {
            debt_before
        } else {
            to_u64(mul_div_up(
                debt_before as u128,
                CLOSE_FACTOR_BPS as u128,
                BPS as u128,
            )?)?
        };
        let quote = quote_liquidation(
            repay_amount,
            max_repay,
            pos.collateral[slot],
            Priced {
                decimals: self.base_decimals,
                price: base.spot_price(),
                expo: base.expo,
            },
            Priced {
                decimals: asset.decimals,
                price: collateral_price.spot_price(),
                expo: collateral_price.expo,
            },
            asset.liquidation_bonus_bps,
            self.config.liquidation_fee_bps,
        )?;
        require!(quote.collateral_out > 0, LendingError::ZeroCollateralOut);
        // taking all of the position's last collateral for less than its debt writes the
        // rest off: only a position whose collateral cannot cover its debt may end that way
        let empties =
            quote.collateral_out == pos.collateral[slot] && self.held_slots(pos).len() == 1;
        if empties && quote.repay < debt_before {
            let held_value = value_wad_down(
                pos.collateral[slot],
                asset.decimals,
                collateral_price.spot_price(),
                collateral_price.expo,
            )?;
            let debt_value = value_wad_up(
                debt_before,
                self.base_decimals,
                base.spot_price(),
                base.expo,
            )?;
            require!(
                held_value < debt_value,
                LendingError::LiquidationWouldWriteOffSolventDebt
            );
        }
        require!(
            quote.collateral_out >= min_collateral_out,
            LendingError::CollateralBelowMinimum
        );

        // book on copies: nothing is written unless every check passes
        let (mut pool, mut p) = (*self, *pos);
        let position_collateral_before = p.collateral[slot];
        let change = pool.book_repayment(&mut p, quote.repay)?;
        pool.seize_collateral(&mut p, slot, quote.collateral_out)?;
        let after = spot(&pool, &p)?;
        require!(
            !p.has_collateral() || after.health_wad >= before.health_wad,
            LendingError::LiquidationWorsensHealth
        );
        (*self, *pos) = (pool, p);
        Ok(LiquidationOutcome {
            repaid: change.amount,
            collateral_out: quote.collateral_out,
            fee: quote.fee,
            full_close_allowed,
            position_debt_before: debt_before,
            position_debt_after: change.position_debt_after,
            position_collateral_before,
            health_before_wad: before.health_wad,
            health_after_wad: after.health_wad,
        })
    }

    /// The loss waterfall for a bankrupt position (debt, no collateral): its debt leaves the
    /// books (`total_debt` drops by exactly `D`), pending insurance claims are cancelled
    /// first, then up to `insurance_ledger_balance` comes from the insurance vault into cash
    /// (the caller moves the tokens), and the rest (`socialized`) comes off `lp_assets`.
    /// Freezes the pool when the uncovered loss is at least everything else LPs own, and
    /// trips the circuit breaker when losses in the window exceed its threshold.
    pub fn settle_bad_debt(
        &mut self,
        pos: &mut Position,
        insurance_ledger_balance: u64,
        lp_supply: u64,
        now: i64,
    ) -> Result<Settlement> {
        require!(!pos.has_collateral(), LendingError::PositionHasCollateral);
        require!(pos.scaled_debt.get() > 0, LendingError::NoDebt);
        let (mut pool, mut p) = (*self, *pos);
        let s = pool.waterfall(&mut p, insurance_ledger_balance, lp_supply, now)?;
        (*self, *pos) = (pool, p);
        Ok(s)
    }

    fn waterfall(
        &mut self,
        pos: &mut Position,
        insurance_ledger_balance: u64,
        lp_supply: u64,
        now: i64,
    ) -> Result<Settlement> {
        let position_debt = pos.debt(self.borrow_index.get())?;
        let lp_assets_before = self.lp_assets()?;
        let share_price_before_wad = self.share_price_wad(lp_supply)?;
        let pending_before = self.insurance_pending;

        let total_debt_before = self.total_debt()?;
        let scaled = pos.scaled_debt.get();
        self.remove_scaled_debt(pos, scaled)?;
        // D is what the pool's books lose: the position's rounded-up debt, or one unit less
        // when rounding the aggregate had already left that unit out of total_debt
        let debt = sub_u64(total_debt_before, self.total_debt()?)?;

        let from_pending = debt.min(self.insurance_pending);
        self.insurance_pending -= from_pending;
        let from_insurance_vault = (debt - from_pending).min(insurance_ledger_balance);
        self.cash = add_u64(self.cash, from_insurance_vault)?;
        let covered = from_pending + from_insurance_vault;
        let socialized = debt - covered;

        let lp_assets_after = self.lp_assets()?;
        require!(
            lp_assets_after == lp_assets_before.saturating_sub(socialized),
            LendingError::MathOverflow
        );
        self.total_insurance_paid = add_u64(self.total_insurance_paid, covered)?;
        self.total_socialized = add_u64(self.total_socialized, socialized)?;
        self.settlement_seq += 1;

        // insolvent: the uncovered loss is at least all the LPs own besides this debt
        let other_assets = lp_assets_before.saturating_sub(debt);
        let frozen = socialized > 0 && socialized >= other_assets;
        if frozen {
            self.status = STATUS_FROZEN;
        }
        let breaker_tripped = self.record_loss_for_breaker(socialized, lp_assets_before, now)?;
        Ok(Settlement {
            seq: self.settlement_seq,
            position_debt,
            debt,
            from_pending,
            from_insurance_vault,
            socialized,
            insurance_pending_before: pending_before,
            insurance_pending_after: self.insurance_pending,
            insurance_vault_balance_before: insurance_ledger_balance,
            insurance_vault_balance_after: insurance_ledger_balance - from_insurance_vault,
            lp_assets_before,
            lp_assets_after,
            lp_supply,
            share_price_before_wad,
            share_price_after_wad: self.share_price_wad(lp_supply)?,
            frozen,
            breaker_tripped,
        })
    }

    /// Rolling-window loss tracking: pauses new borrows and collateral withdrawals when the
    /// losses socialized in the window exceed `breaker_threshold_bps` of `lp_assets`.
    fn record_loss_for_breaker(
        &mut self,
        socialized: u64,
        lp_assets: u64,
        now: i64,
    ) -> Result<bool> {
        if now.saturating_sub(self.breaker_window_start) >= self.config.breaker_window_secs as i64 {
            self.breaker_window_start = now;
            self.breaker_window_socialized = 0;
        }
        self.breaker_window_socialized = add_u64(self.breaker_window_socialized, socialized)?;
        let limit = mul_div_down(
            lp_assets as u128,
            self.config.breaker_threshold_bps as u128,
            BPS as u128,
        )?;
        let trip = socialized > 0 && self.breaker_window_socialized as u128 > limit;
        if trip {
            self.pause_flags |= pause::BORROW | pause::WITHDRAW_COLLATERAL;
        }
        Ok(trip)
    }

    /// Books `amount` of collateral slot `index` into `pos`, within the asset's cap.
    pub fn deposit_collateral(
        &mut self,
        pos: &mut Position,
        index: usize,
        amount: u64,
    ) -> Result<()> {
        require!(amount > 0, LendingError::ZeroAmount);
        self.require_active()?;
        self.require_not_paused(pause::DEPOSIT_COLLATERAL)?;
        self.collateral(index)?;
        let asset = &mut self.collaterals[index];
        let total = add_u64(asset.total_deposited, amount)?;
        require!(
            total <= asset.deposit_cap,
            LendingError::CollateralCapExceeded
        );
        asset.total_deposited = total;
        pos.collateral[index] = add_u64(pos.collateral[index], amount)?;
        Ok(())
    }

    /// Books `amount` of collateral slot `index` out of `pos`. The caller checks health.
    pub fn withdraw_collateral(
        &mut self,
        pos: &mut Position,
        index: usize,
        amount: u64,
    ) -> Result<()> {
        require!(amount > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::WITHDRAW_COLLATERAL)?;
        self.collateral(index)?;
        require!(
            pos.collateral[index] >= amount,
            LendingError::InsufficientCollateral
        );
        pos.collateral[index] -= amount;
        let asset = &mut self.collaterals[index];
        asset.total_deposited = sub_u64(asset.total_deposited, amount)?;
        Ok(())
    }

    /// Moves as much of `insurance_pending` out of `cash` as cash allows; returns the amount.
    pub fn sweep_insurance(&mut self) -> Result<u64> {
        let amount = self.insurance_pending.min(self.cash);
        self.insurance_pending -= amount;
        self.cash -= amount;
        Ok(amount)
    }

    /// `cash + total_debt - insurance_pending`: what LP shares are worth in total.
    pub fn lp_assets(&self) -> Result<u64> {
        sub_u64(
            add_u64(self.cash, self.total_debt()?)?,
            self.insurance_pending,
        )
    }

    pub fn require_not_paused(&self, flag: u16) -> Result<()> {
        require!(self.pause_flags & flag == 0, LendingError::OperationPaused);
        Ok(())
    }

    pub fn require_active(&self) -> Result<()> {
        require!(self.status == STATUS_ACTIVE, LendingError::PoolFrozen);
        Ok(())
    }

    /// Books a deposit of `assets`: shares rounded down, deposit cap and slippage checked.
    pub fn deposit(&mut self, assets: u64, lp_supply: u64, min_shares_out: u64) -> Result<LpFlow> {
        require!(assets > 0, LendingError::ZeroAmount);
        self.require_active()?;
        self.require_not_paused(pause::DEPOSIT)?;
        let lp_assets = self.lp_assets()?;
        require!(
            lp_assets.saturating_add(assets) <= self.config.deposit_cap,
            LendingError::DepositCapExceeded
        );
        let shares = to_shares_down(assets, lp_assets, lp_supply)?;
        require!(shares > 0, LendingError::ZeroSharesMinted);
        require!(shares >= min_shares_out, LendingError::SharesBelowMinimum);
        self.cash = add_u64(self.cash, assets)?;
        Ok(LpFlow { assets, shares })
    }

    /// Books a withdrawal of exactly `assets` base units: shares burnt rounded up.
    pub fn withdraw(
        &mut self,
        assets: u64,
        lp_supply: u64,
        shares_held: u64,
        max_shares_in: u64,
    ) -> Result<LpFlow> {
        require!(assets > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::WITHDRAW)?;
        // more shares than fit in a u64 are more than anyone holds
        let shares = to_shares_up(assets, self.lp_assets()?, lp_supply)
            .map_err(|_| error!(LendingError::InsufficientShares))?;
        require!(shares <= max_shares_in, LendingError::SharesAboveMaximum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    /// Books a redemption of exactly `shares`: base units paid rounded down.
    pub fn redeem(
        &mut self,
        shares: u64,
        lp_supply: u64,
        shares_held: u64,
        min_assets_out: u64,
    ) -> Result<LpFlow> {
        require!(shares > 0, LendingError::ZeroAmount);
        self.require_not_paused(pause::WITHDRAW)?;
        let assets = to_assets_down(shares, self.lp_assets()?, lp_supply)?;
        require!(assets > 0, LendingError::ZeroAssetsOut);
        require!(assets >= min_assets_out, LendingError::AssetsBelowMinimum);
        self.pay_out(LpFlow { assets, shares }, shares_held)
    }

    fn pay_out(&mut self, flow: LpFlow, shares_held: u64) -> Result<LpFlow> {
        require!(flow.shares <= shares_held, LendingError::InsufficientShares);
        require!(
            flow.assets <= self.available_cash(),
            LendingError::InsufficientCash
        );
        self.cash = sub_u64(self.cash, flow.assets)?;
        Ok(flow)
    }

    /// Share price in base units per LP unit (WAD), for events and views.
    pub fn share_price_wad(&self, lp_supply: u64) -> Result<u128> {
        share_price_wad_down(self.lp_assets()?, lp_supply)
    }

    /// SPEC invariant: the base vault holds at least `cash`, the insurance vault at least its
    /// ledger balance (more only through direct transfers, which nobody can withdraw except via
    /// the ledger's own paths).
    pub fn check_invariants(
        &self,
        base_vault_amount: u64,
        insurance_ledger_balance: u64,
        insurance_vault_amount: u64,
    ) -> Result<()> {
        require!(
            base_vault_amount >= self.cash,
            LendingError::CashInvariantViolated
        );
        require!(
            insurance_vault_amount >= insurance_ledger_balance,
            LendingError::InsuranceInvariantViolated
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{constants::WAD, state::PoolConfig};
    use bytemuck::Zeroable;

    fn pool() -> Pool {
        let mut p = Pool::zeroed();
        p.config = PoolConfig::example();
        p.borrow_index.set(WAD);
        p
    }

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

    #[test]
    fn withdrawals_are_limited_to_cash_not_claimed_by_insurance() {
        let mut p = pool();
        p.cash = 1_000;
        p.total_scaled_debt.set(9_000);
        p.insurance_pending = 100;
        let supply = 9_900_000; // 1 share ~ 1/1000 unit
        let err = p.withdraw(901, supply, u64::MAX, u64::MAX).unwrap_err();
        assert_eq!(err, LendingError::InsufficientCash.into());
        let before = p.cash;
        let flow = p.withdraw(900, supply, u64::MAX, u64::MAX).unwrap();
        assert_eq!((flow.assets, p.cash), (900, before - 900));
    }

    #[test]
    fn failed_operations_leave_the_books_alone() {
        let mut p = pool();
        p.cash = 5_000;
        let snapshot = p;
        assert!(p.deposit(0, 5_000_000, 0).is_err());
        assert!(p.deposit(10, 5_000_000, u64::MAX).is_err());
        assert!(p.redeem(10, 5_000_000, 9, 0).is_err());
        p.pause_flags = pause::WITHDRAW;
        assert!(p.withdraw(10, 5_000_000, u64::MAX, u64::MAX).is_err());
        p.pause_flags = 0;
        p.status = STATUS_FROZEN;
        assert_eq!(
            p.deposit(10, 5_000_000, 0).unwrap_err(),
            LendingError::PoolFrozen.into()
        );
        // frozen pools still pay out pro rata
        p.redeem(1_000_000, 5_000_000, 1_000_000, 0).unwrap();
        p.status = STATUS_ACTIVE;
        p.cash = snapshot.cash;
        assert_eq!(format!("{p:?}"), format!("{snapshot:?}"));
    }

    fn bankrupt(p: &mut Pool, debt: u64) -> Position {
        let mut pos = Position::zeroed();
        let scaled = mul_div_up(debt as u128, WAD, p.borrow_index.get()).unwrap();
        pos.scaled_debt.set(scaled);
        p.total_scaled_debt.set(p.total_scaled_debt.get() + scaled);
        pos
    }

    #[test]
    fn waterfall_order_pending_then_vault_then_lps() {
        let mut p = pool();
        p.cash = 10_000;
        p.insurance_pending = 30;
        let mut pos = bankrupt(&mut p, 500);
        let s = p.settle_bad_debt(&mut pos, 100, 10_000_000, 0).unwrap();
        assert_eq!(
            (s.debt, s.from_pending, s.from_insurance_vault, s.socialized),
            (500, 30, 100, 370)
        );
        assert_eq!(
            (s.lp_assets_before, s.lp_assets_after),
            (10_500 - 30, 10_500 - 30 - 370)
        );
        assert_eq!(
            (p.cash, p.insurance_pending, p.total_debt().unwrap()),
            (10_100, 0, 0)
        );
        assert_eq!(
            (p.total_insurance_paid, p.total_socialized, p.settlement_seq),
            (130, 370, 1)
        );
        assert_eq!(pos.scaled_debt.get(), 0);
        assert!(!s.frozen);
        assert_eq!(
            p.settle_bad_debt(&mut pos, 0, 1, 0).unwrap_err(),
            LendingError::NoDebt.into()
        );
        let mut with_collateral = bankrupt(&mut p, 5);
        with_collateral.collateral[2] = 1;
        assert_eq!(
            p.settle_bad_debt(&mut with_collateral, 0, 1, 0)
                .unwrap_err(),
            LendingError::PositionHasCollateral.into()
        );
    }

    proptest::proptest! {
        #[test]
        fn waterfall_is_exact(
            cash in 0u64..1_000_000_000, other_debt in 0u64..1_000_000_000, bad in 1u64..1_000_000_000,
            pending in 0u64..1_000_000, ledger in 0u64..1_000_000_000, index_bump in 0u128..WAD,
        ) {
            let mut p = pool();
            p.borrow_index.set(WAD + index_bump);
            p.cash = cash + pending;
            p.insurance_pending = pending;
            let _ = bankrupt(&mut p, other_debt);
            let mut pos = bankrupt(&mut p, bad);
            let total_before = p.total_debt().unwrap();
            let lp_before = p.lp_assets().unwrap();
            let s = p.settle_bad_debt(&mut pos, ledger, 1_000_000, 0).unwrap();
            proptest::prop_assert_eq!(total_before - p.total_debt().unwrap(), s.debt);
            proptest::prop_assert!(s.debt == s.position_debt || s.debt + 1 == s.position_debt);
            proptest::prop_assert_eq!(s.debt, s.from_pending + s.from_insurance_vault + s.socialized);
            proptest::prop_assert_eq!(p.lp_assets().unwrap(), lp_before - s.socialized);
            // insurance is used up before LPs lose anything
            if s.socialized > 0 {
                proptest::prop_assert_eq!((s.from_pending, s.from_insurance_vault), (pending, ledger));
            }
            proptest::prop_assert_eq!(s.frozen, p.status == STATUS_FROZEN);
        }
    }

    #[test]
    fn liquidation_has_no_dead_zone() {
        // 10 SOL against 1,000 of debt at $103: liquidatable (limit 824), not underwater,
        // yet a 50% liquidation with a 5% bonus would lower the health. The close factor is
        // lifted and the liquidator takes everything for the whole debt.
        let mut p = pool();
        p.cash = 1_000_000_000_000;
        p.base_decimals = 6;
        p.num_collaterals = 1;
        p.collaterals[0] = CollateralAsset {
            decimals: 9,
            ltv_bps: 7_500,
            liquidation_threshold_bps: 8_000,
            liquidation_bonus_bps: 500,
            deposit_cap: u64::MAX,
            ..Default::default()
        };
        let mut pos = bankrupt(&mut p, 1_000_000_000);
        p.deposit_collateral(&mut pos, 0, 10_000_000_000).unwrap();
        let price = |x: i64| OraclePrice {
            price: x,
            conf: 0,
            ema_price: x,
            expo: -8,
            publish_time: 0,
        };
        let mut prices = [None; MAX_COLLATERALS];
        prices[0] = Some(price(10_300_000_000));
        let (p0, pos0) = (p, pos);
        // half would lower the health (and writes nothing)
        let e = p
            .liquidate(&mut pos, 0, 500_000_000, 0, &prices, &price(100_000_000))
            .unwrap_err();
        assert_eq!(e, LendingError::LiquidationWorsensHealth.into());
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        // the close factor is lifted: the liquidator repays everything for all the collateral
        // ($1,030 for $1,000: a 3% bonus), and nothing is left to write off
        let all = p
            .liquidate(&mut pos, 0, u64::MAX, 0, &prices, &price(100_000_000))
            .unwrap();
        assert!(all.full_close_allowed);
        assert_eq!((all.collateral_out, pos.collateral[0]), (10_000_000_000, 0));
        assert_eq!((all.repaid, all.position_debt_after), (1_000_000_000, 0));
        // taking everything for less than the debt would write off a solvent position's
        // remaining debt (the liquidator pockets the difference): refused
        let (mut p2, mut pos2) = (p0, pos0);
        let e = p2
            .liquidate(&mut pos2, 0, 990_000_000, 0, &prices, &price(100_000_000))
            .unwrap_err();
        assert_eq!(e, LendingError::LiquidationWouldWriteOffSolventDebt.into());
        assert_eq!(bytemuck::bytes_of(&p2), bytemuck::bytes_of(&p0));
        // underwater ($95 × 10 < $1,000), a smaller repayment for everything is allowed: the
        // write-off is the loss the collateral cannot cover, and paying more shrinks it
        prices[0] = Some(price(9_500_000_000));
        let o = p2
            .liquidate(&mut pos2, 0, 950_000_000, 0, &prices, &price(100_000_000))
            .unwrap();
        assert_eq!((o.collateral_out, o.repaid), (10_000_000_000, 950_000_000));
        // at $110 the collateral can pay the bonus on the whole debt: the close factor holds
        let (mut p, mut pos) = (p0, pos0);
        prices[0] = Some(price(11_000_000_000));
        let o = p
            .liquidate(&mut pos, 0, u64::MAX, 0, &prices, &price(100_000_000))
            .unwrap();
        assert!(!o.full_close_allowed);
        assert_eq!(o.repaid, 500_000_000);
        assert!(o.health_after_wad > o.health_before_wad);
    }

    #[test]
    fn invariants() {
        let mut p = pool();
        p.cash = 100;
        p.check_invariants(100, 5, 5).unwrap();
        p.check_invariants(150, 5, 9).unwrap();
        assert_eq!(
            p.check_invariants(99, 0, 0).unwrap_err(),
            LendingError::CashInvariantViolated.into()
        );
        assert_eq!(
            p.check_invariants(100, 6, 5).unwrap_err(),
            LendingError::InsuranceInvariantViolated.into()
        );
    }
}
