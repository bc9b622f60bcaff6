//! Liquidation (`docs/SPEC.md`, "Liquidation"): the one orchestration of what a `liquidate`
//! instruction does to the books, used by the handler, the liquidator's planner and the
//! model test alike: the policy (eligibility, close factor, bonus, no health-worsening
//! partial liquidations, no write-off of solvent debt), the fee into the insurance fund's
//! ledger, and, when the last collateral is gone, the settlement of what is left.
use super::{MarkChange, Operation, Pool, Settlement};
use crate::{
    constants::{BPS, CLOSE_FACTOR_BPS, DUST_DEBT_VALUE_WAD, MAX_COLLATERALS},
    errors::LendingError,
    math::*,
    state::{InsuranceFund, Position},
};
use anchor_lang::prelude::*;

/// What the liquidator asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiquidationRequest {
    /// The collateral slot to seize from.
    pub slot: usize,
    /// Base units the liquidator offers to repay (clamped to what the policy allows).
    pub repay_amount: u64,
    /// Fail unless at least this much collateral is paid out (slippage bound).
    pub min_collateral_out: u64,
}

/// What a liquidation did to one position (see `Pool::liquidate`). The books fields
/// (`cash_after`, `total_debt_after`) are the liquidation's own, before any settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiquidationOutcome {
    pub repaid: u64,
    pub collateral_out: u64,
    pub fee: u64,
    pub full_close_allowed: bool,
    pub position_debt_before: u64,
    pub position_debt_after: u64,
    pub position_collateral_before: u64,
    pub position_collateral_after: u64,
    pub health_before_wad: u128,
    pub health_after_wad: u128,
    pub cash_after: u64,
    pub total_debt_after: u64,
    /// The waterfall run in the same instruction when the liquidation took the position's
    /// last collateral (and settlement is not paused).
    pub settlement: Option<Settlement>,
    /// A position left with debt is (re-)marked at the liquidation's prices.
    pub mark: Option<MarkChange>,
    /// The position's values at spot after it (the mark's input, computed once with the
    /// health after).
    pub values_after: PositionValues,
}

impl Pool {
    /// Liquidates `pos` at spot `prices` (every held slot and the base asset): the policy
    /// below, then the fee into `fund`'s ledger, then, if no collateral is left but debt is,
    /// the loss waterfall (`settle_bad_debt`) unless settlement is paused (then anyone calls
    /// `settle_bad_debt` later). The caller has accrued interest and moves the tokens:
    /// `repaid` and `fee` in, `collateral_out` out, the settlement's `from_insurance_vault`
    /// from the insurance vault to the base vault. Atomic: on any error nothing is written.
    /// Never inlined: its copies of the accounts need their own SBF stack frame.
    #[inline(never)]
    pub fn liquidate(
        &mut self,
        pos: &mut Position,
        fund: &mut InsuranceFund,
        req: LiquidationRequest,
        prices: &Prices,
        lp_supply: u64,
        now: i64,
    ) -> Result<LiquidationOutcome> {
        self.require_allowed(Operation::Liquidate)?;
        let (mut pool, mut p, mut f) = (*self, *pos, *fund);
        pool.note_prices(prices);
        let mut out = pool.liquidate_collateral(&mut p, req, prices)?;
        f.record_fee(out.fee)?;
        if !pool.holds_value(&p) && p.scaled_debt.get() > 0 && pool.is_allowed(Operation::Settle) {
            out.settlement = Some(pool.settle_bad_debt(&mut p, &mut f, lp_supply, now)?);
        }
        // a loss the liquidation found is priced now, marked before or not: what is left at
        // its prices, or the whole debt of a bankrupt position whose settlement is paused
        if p.scaled_debt.get() > 0 || p.marked_shortfall > 0 {
            let debt = p.debt(pool.borrow_index.get())?;
            let repayable = pool.liquidation_repays(debt, &out.values_after, prices)?;
            if repayable < debt || p.marked_shortfall > 0 {
                let prices_ts = pool.prices_age(&p, prices)?;
                out.mark = pool.mark_with(&mut p, debt, repayable, prices_ts, now)?;
            }
        }
        (*self, *pos, *fund) = (pool, p, f);
        Ok(out)
    }

    /// The liquidation policy: requires `debt_value > liquidation_limit`; repays at most the
    /// close factor (all of it when the position is underwater, its debt is dust or the close
    /// factor would leave less than `min_debt`; one collateral unit's worth when the close
    /// factor's seizure rounds to zero units) for
    /// collateral of `req.slot` plus its bonus; the position's health may not fall unless its
    /// collateral ends at zero or, underwater, the slot is emptied. Books the repayment and
    /// the seizure; not atomic by itself (its caller works on copies).
    fn liquidate_collateral(
        &mut self,
        pos: &mut Position,
        req: LiquidationRequest,
        prices: &Prices,
    ) -> Result<LiquidationOutcome> {
        let slot = req.slot;
        let asset = *self.collateral(slot)?;
        require!(!asset.is_retired(), LendingError::CollateralRetired);
        let base = prices.base()?;
        let before = self.position_health(pos, prices, PriceMode::Spot)?;
        require!(before.is_liquidatable(), LendingError::PositionHealthy);
        let collateral_price = prices.collateral[slot]
            .filter(|_| pos.collateral[slot] > 0)
            .ok_or(LendingError::InsufficientCollateral)?;

        let debt_before = pos.debt(self.borrow_index.get())?;
        // underwater: the collateral cannot pay the bonus on the whole debt. There every
        // partial liquidation lowers the health, so the close factor is lifted and a
        // liquidation may take a whole slot; dust may be closed in full too
        let underwater = before.is_underwater();
        let close_factor_repay = to_u64(mul_div_up(
            debt_before as u128,
            CLOSE_FACTOR_BPS as u128,
            BPS as u128,
        )?)?;
        // a close-factor liquidation that would leave less than `min_debt` may close it all
        let full_close_allowed = underwater
            || before.debt_value <= DUST_DEBT_VALUE_WAD
            || debt_before - close_factor_repay < self.config.min_debt;
        let max_repay = if full_close_allowed {
            debt_before
        } else {
            close_factor_repay
        };
        let base_priced = Priced {
            decimals: self.base_decimals,
            price: base.spot_price(),
            expo: base.expo,
        };
        let collateral_priced = Priced {
            decimals: asset.decimals,
            price: collateral_price.spot_price(),
            expo: collateral_price.expo,
        };
        let quote_up_to = |max_repay| {
            quote_liquidation(
                req.repay_amount,
                max_repay,
                pos.collateral[slot],
                base_priced,
                collateral_priced,
                asset.liquidation_bonus_bps,
                self.config.liquidation_fee_bps,
            )
        };
        let mut quote = quote_up_to(max_repay)?;
        if quote.collateral_out == 0 && max_repay < debt_before {
            // one unit of the collateral is worth more than the close factor's seizure: the
            // liquidator may repay up to one unit's value at the bonus (no price band in which
            // nobody can liquidate)
            let unit_repay =
                repay_for_one_unit_up(base_priced, collateral_priced, asset.liquidation_bonus_bps)?;
            quote = quote_up_to(unit_repay.clamp(max_repay, debt_before))?;
        }
        require!(quote.collateral_out > 0, LendingError::ZeroCollateralOut);
        require!(
            quote.collateral_out >= req.min_collateral_out,
            LendingError::CollateralBelowMinimum
        );

        // `liquidate` works on copies, so a check failing after the booking writes nothing
        let position_collateral_before = pos.collateral[slot];
        let change = self.book_repayment(pos, quote.repay, 0)?;
        self.seize_collateral(pos, slot, quote.collateral_out)?;
        // a partial liquidation may not leave dust nobody would pay to liquidate (emptying a
        // slot may: that is how an underwater position is cleared slot by slot)
        let debt_left = change.position_debt_after;
        require!(
            debt_left == 0 || debt_left >= self.config.min_debt || pos.collateral[slot] == 0,
            LendingError::DebtBelowMinimum
        );
        let after = self.position_health(pos, prices, PriceMode::Spot)?;
        // an underwater position is emptied slot by slot: taking all of one slot may lower
        // its health (the last slot then settles); anything else must not
        let empties_slot = underwater && pos.collateral[slot] == 0;
        require!(
            !self.holds_value(pos) || empties_slot || after.health_wad >= before.health_wad,
            LendingError::LiquidationWorsensHealth
        );
        // a position worth at least its debt may not be left worth less than what it still
        // owes: that would write off debt its collateral covers (the whole last slot for
        // less than the debt, or a first slot at its full bonus leaving a dust slot short).
        // Emptying a slot stays possible: for `value − (collateral − debt)` or more, up to
        // the slot's value at par. Repayments are whole base units and the scaled debt left
        // rounds up twice, so a position covering its debt by less than four units (and
        // the valuations' rounding) may be left short by what it lacks of that; else it
        // could never be cleared. Any other position must be left covered exactly.
        if let Some(excess) = before.collateral_value.checked_sub(before.debt_value) {
            let one_unit = value_wad_up(1, self.base_decimals, base.spot_price(), base.expo)?;
            let slack = (4 * one_unit + MAX_COLLATERALS as u128 + 1).saturating_sub(excess);
            require!(
                after.debt_value == 0
                    || after.collateral_value.saturating_add(slack) >= after.debt_value,
                LendingError::LiquidationWouldWriteOffSolventDebt
            );
        }
        Ok(LiquidationOutcome {
            repaid: change.amount,
            collateral_out: quote.collateral_out,
            fee: quote.fee,
            full_close_allowed,
            position_debt_before: debt_before,
            position_debt_after: change.position_debt_after,
            position_collateral_before,
            position_collateral_after: pos.collateral[slot],
            health_before_wad: before.health_wad,
            health_after_wad: after.health_wad,
            cash_after: self.cash,
            total_debt_after: change.total_debt_after,
            settlement: None,
            mark: None,
            values_after: after.values(),
        })
    }
}

#[cfg(test)]
mod tests;
