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
    /// A marked position not settled is re-marked at the liquidation's prices.
    pub mark: Option<MarkChange>,
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
        let mut out = pool.liquidate_collateral(&mut p, req, prices)?;
        f.record_fee(out.fee)?;
        if !p.has_collateral() && p.scaled_debt.get() > 0 && pool.is_allowed(Operation::Settle) {
            out.settlement = Some(pool.settle_bad_debt(&mut p, &mut f, lp_supply, now)?);
        }
        out.mark = pool.remark_if_marked(&mut p, prices, now)?;
        (*self, *pos, *fund) = (pool, p, f);
        Ok(out)
    }

    /// The liquidation policy: requires `debt_value > liquidation_limit`; repays at most the
    /// close factor (all of it when the position is underwater or its debt is dust) for
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
        let full_close_allowed = underwater || before.debt_value <= DUST_DEBT_VALUE_WAD;
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
            req.repay_amount,
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
        require!(
            quote.collateral_out >= req.min_collateral_out,
            LendingError::CollateralBelowMinimum
        );

        // `liquidate` works on copies, so a check failing after the booking writes nothing
        let position_collateral_before = pos.collateral[slot];
        let change = self.book_repayment(pos, quote.repay)?;
        self.seize_collateral(pos, slot, quote.collateral_out)?;
        let after = self.position_health(pos, prices, PriceMode::Spot)?;
        // an underwater position is emptied slot by slot: taking all of one slot may lower
        // its health (the last slot then settles); anything else must not
        let empties_slot = underwater && pos.collateral[slot] == 0;
        require!(
            !pos.has_collateral() || empties_slot || after.health_wad >= before.health_wad,
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
            total_debt_after: self.total_debt()?,
            settlement: None,
            mark: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{
        super::test_support::{bankrupt, pool},
        *,
    };
    use crate::state::CollateralAsset;
    use bytemuck::Zeroable;

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
        let mut prices = Prices {
            base: Some(price(100_000_000)),
            ..Prices::default()
        };
        prices.collateral[0] = Some(price(10_300_000_000));
        let mut fund = InsuranceFund::zeroed();
        let req = |repay_amount| LiquidationRequest {
            slot: 0,
            repay_amount,
            min_collateral_out: 0,
        };
        let (p0, pos0) = (p, pos);
        // half would lower the health (and writes nothing)
        let e = p
            .liquidate(&mut pos, &mut fund, req(500_000_000), &prices, 0, 0)
            .unwrap_err();
        assert_eq!(e, LendingError::LiquidationWorsensHealth.into());
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        // the close factor is lifted: the liquidator repays everything for all the collateral
        // ($1,030 for $1,000: a 3% bonus), and nothing is left to write off
        let all = p
            .liquidate(&mut pos, &mut fund, req(u64::MAX), &prices, 0, 0)
            .unwrap();
        assert!(all.full_close_allowed);
        assert_eq!((all.collateral_out, pos.collateral[0]), (10_000_000_000, 0));
        assert_eq!((all.repaid, all.position_debt_after), (1_000_000_000, 0));
        assert_eq!(all.settlement, None);
        assert_eq!(fund.total_fees_in, all.fee);
        // taking everything for less than the debt would write off a solvent position's
        // remaining debt (the liquidator pockets the difference): refused
        let (mut p2, mut pos2) = (p0, pos0);
        let e = p2
            .liquidate(&mut pos2, &mut fund, req(990_000_000), &prices, 0, 0)
            .unwrap_err();
        assert_eq!(e, LendingError::LiquidationWouldWriteOffSolventDebt.into());
        assert_eq!(bytemuck::bytes_of(&p2), bytemuck::bytes_of(&p0));
        // underwater ($95 × 10 < $1,000), a smaller repayment for everything is allowed: the
        // write-off is the loss the collateral cannot cover, and paying more shrinks it
        prices.collateral[0] = Some(price(9_500_000_000));
        let o = p2
            .liquidate(&mut pos2, &mut fund, req(950_000_000), &prices, 0, 0)
            .unwrap();
        assert_eq!((o.collateral_out, o.repaid), (10_000_000_000, 950_000_000));
        // the rest is settled in the same call: the debt is gone, the loss is on the ledger
        let s = o.settlement.expect("settled with the last collateral");
        assert_eq!(s.debt, o.position_debt_after);
        assert_eq!(pos2.scaled_debt.get(), 0);
        assert_eq!(p2.total_socialized + p2.total_insurance_paid, s.debt);
        // at $110 the collateral can pay the bonus on the whole debt: the close factor holds
        let (mut p, mut pos) = (p0, pos0);
        prices.collateral[0] = Some(price(11_000_000_000));
        let o = p
            .liquidate(&mut pos, &mut fund, req(u64::MAX), &prices, 0, 0)
            .unwrap();
        assert!(!o.full_close_allowed);
        assert_eq!(o.repaid, 500_000_000);
        assert!(o.health_after_wad > o.health_before_wad);
    }

    /// A pool with four collateral assets of different decimals and bonuses, and a borrower
    /// holding the first `n` of them, worth $1,000 each at the start, owing 75% of it.
    fn multi(n: usize, dust_last: bool) -> (Pool, Position, Prices) {
        let mut p = pool();
        p.cash = 10_000_000_000_000;
        p.base_decimals = 6;
        p.num_collaterals = 4;
        let assets = [(9u8, 500u16), (6, 1_000), (8, 300), (18, 800)];
        for (slot, (decimals, bonus)) in assets.into_iter().enumerate() {
            p.collaterals[slot] = CollateralAsset {
                decimals,
                ltv_bps: 7_500,
                liquidation_threshold_bps: 8_000,
                liquidation_bonus_bps: bonus,
                deposit_cap: u64::MAX,
                ..Default::default()
            };
        }
        let mut prices = Prices {
            base: Some(usd(100_000_000)),
            ..Prices::default()
        };
        let mut pos = Position::zeroed();
        for (slot, (decimals, _)) in assets.into_iter().enumerate().take(n) {
            // one token at $1,000 (or a dust amount for the last one)
            prices.collateral[slot] = Some(usd(100_000_000_000));
            let amount = if dust_last && slot == n - 1 {
                1
            } else {
                10u64.pow(decimals as u32)
            };
            p.deposit_collateral(&mut pos, slot, amount).unwrap();
        }
        let worth = if dust_last { n as u64 - 1 } else { n as u64 };
        p.borrow(&mut pos, worth * 750_000_000).unwrap();
        (p, pos, prices)
    }

    fn usd(x: i64) -> OraclePrice {
        OraclePrice {
            price: x,
            conf: 0,
            ema_price: x,
            expo: -8,
            publish_time: 0,
        }
    }

    #[test]
    fn underwater_positions_with_several_assets_are_emptied_slot_by_slot() {
        // crash depths: every asset falls to this share of its price (all underwater: the
        // collateral is worth less than the debt plus the bonus)
        for n in 2..=4 {
            for crash_pct in [78i64, 70, 50, 20, 1] {
                for order in [false, true] {
                    let (mut p, mut pos, mut prices) = multi(n, false);
                    for slot in 0..n {
                        prices.collateral[slot] = Some(usd(1_000_000_000 * crash_pct));
                    }
                    let h = p.position_health(&pos, &prices, PriceMode::Spot).unwrap();
                    assert!(h.is_underwater(), "{n} assets at {crash_pct}%");
                    let mut fund = InsuranceFund::zeroed();
                    let slots: Vec<usize> = if order {
                        (0..n).rev().collect()
                    } else {
                        (0..n).collect()
                    };
                    let mut settled = None;
                    for (i, &slot) in slots.iter().enumerate() {
                        let o = take_slot(&mut p, &mut pos, &mut fund, slot, &prices)
                            .unwrap_or_else(|e| {
                                panic!("{n} assets at {crash_pct}%, slot {slot}: {e:?}")
                            });
                        assert_eq!(pos.collateral[slot], 0, "the whole slot is taken");
                        assert!(o.full_close_allowed);
                        if i + 1 < n {
                            assert_eq!(o.settlement, None);
                        } else {
                            settled = o.settlement;
                        }
                    }
                    // the last slot settled the rest: nothing stays on the books
                    assert_eq!((pos.has_collateral(), pos.scaled_debt.get()), (false, 0));
                    assert_eq!(p.total_scaled_debt.get(), 0);
                    // below the debt the last slot settles the loss; above it (78%: $780 per
                    // $750 owed) nothing is written off, whatever the order of the slots
                    assert_eq!(settled.is_some(), crash_pct < 75, "{n} at {crash_pct}%");
                    if let Some(s) = settled {
                        assert_eq!(
                            s.debt,
                            s.socialized + s.from_pending + s.from_insurance_vault
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_dust_second_asset_does_not_shield_an_underwater_position() {
        // the borrower adds one unit of a second asset; the first crashes below the debt
        for n in 2..=4 {
            let (mut p, mut pos, mut prices) = multi(n, true);
            for slot in 0..n - 1 {
                prices.collateral[slot] = Some(usd(60_000_000_000));
            }
            let mut fund = InsuranceFund::zeroed();
            for slot in 0..n {
                take_slot(&mut p, &mut pos, &mut fund, slot, &prices)
                    .unwrap_or_else(|e| panic!("{n} assets, slot {slot}: {e:?}"));
                assert_eq!(pos.collateral[slot], 0);
            }
            assert_eq!((pos.has_collateral(), pos.scaled_debt.get()), (false, 0));
        }
    }

    /// Liquidates all of `slot`: asking for the whole debt (the slot at its full bonus), or,
    /// where that would leave a position worth its debt short, for the slot's value less the
    /// position's excess (the most bonus that keeps the rest covered), rounded up a unit or
    /// two, or at last for the slot's value at par.
    fn take_slot(
        p: &mut Pool,
        pos: &mut Position,
        fund: &mut InsuranceFund,
        slot: usize,
        prices: &Prices,
    ) -> Result<LiquidationOutcome> {
        let req = |repay_amount| LiquidationRequest {
            slot,
            repay_amount,
            min_collateral_out: 0,
        };
        let whole = p.liquidate(pos, fund, req(u64::MAX), prices, 1_000, 0);
        if whole != Err(LendingError::LiquidationWouldWriteOffSolventDebt.into()) {
            return whole;
        }
        let h = p.position_health(pos, prices, PriceMode::Spot)?;
        let c = prices.collateral[slot].unwrap();
        let asset = p.collaterals[slot];
        let value = value_wad_down(pos.collateral[slot], asset.decimals, c.price as u64, c.expo)?;
        let keep = value - (h.collateral_value - h.debt_value);
        let base = prices.base.unwrap();
        let repay = amount_for_value_up(keep, p.base_decimals, base.price as u64, base.expo)?;
        let at_par = amount_for_value_down(value, p.base_decimals, base.price as u64, base.expo)?;
        (repay..repay + 3)
            .chain([at_par])
            .find_map(|r| p.liquidate(pos, fund, req(r), prices, 1_000, 0).ok())
            .ok_or(LendingError::LiquidationWouldWriteOffSolventDebt.into())
    }

    #[test]
    fn a_dust_second_asset_cannot_turn_a_solvent_position_into_bad_debt() {
        // 10 SOL at $104 and one unit of the 6-decimal asset, owing $1,000: underwater (the
        // SOL cannot pay its 5% bonus on the whole debt) but worth more than the debt. Taking
        // the SOL at its full bonus ($990.48 repaid) would leave $9.52 owed against the dust
        // to settle; refused. A whole-slot take must leave what is owed covered.
        let mut p = pool();
        p.cash = 10_000_000_000;
        p.base_decimals = 6;
        p.num_collaterals = 2;
        p.collaterals = multi(2, true).0.collaterals;
        let mut pos = Position::zeroed();
        p.deposit_collateral(&mut pos, 0, 10_000_000_000).unwrap();
        p.deposit_collateral(&mut pos, 1, 1).unwrap();
        p.borrow(&mut pos, 1_000_000_000).unwrap();
        let mut prices = Prices {
            base: Some(usd(100_000_000)),
            ..Prices::default()
        };
        prices.collateral[0] = Some(usd(10_400_000_000));
        prices.collateral[1] = Some(usd(100_000_000));
        let mut fund = InsuranceFund::zeroed();
        let p0 = p;
        // the SOL at its full bonus: $1,040 / 1.05 = $990.476191 repaid
        let full_bonus = LiquidationRequest {
            slot: 0,
            repay_amount: 990_476_191,
            min_collateral_out: 0,
        };
        assert_eq!(
            p.liquidate(&mut pos, &mut fund, full_bonus, &prices, 1_000, 0)
                .unwrap_err(),
            LendingError::LiquidationWouldWriteOffSolventDebt.into()
        );
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
        // the whole debt for the whole SOL: a 4% bonus (and a fee of 1/5 of it), nothing owed
        let o = take_slot(&mut p, &mut pos, &mut fund, 0, &prices).unwrap();
        assert_eq!(
            (o.repaid, o.collateral_out, o.fee),
            (1_000_000_000, 10_000_000_000, 8_000_000)
        );
        assert_eq!((o.position_debt_after, o.settlement), (0, None));
        assert_eq!(p.total_socialized + p.total_insurance_paid, 0);
    }

    #[test]
    fn a_partial_liquidation_of_an_underwater_slot_still_may_not_lower_health() {
        // underwater but not empty-handed: taking half of a slot at the full bonus would
        // lower the health without clearing anything (and, solvent, create a loss)
        let (mut p, mut pos, mut prices) = multi(2, false);
        for slot in 0..2 {
            prices.collateral[slot] = Some(usd(78_000_000_000));
        }
        let p0 = p;
        let req = LiquidationRequest {
            slot: 0,
            repay_amount: 100_000_000,
            min_collateral_out: 0,
        };
        let e = p
            .liquidate(
                &mut pos,
                &mut InsuranceFund::zeroed(),
                req,
                &prices,
                1_000,
                0,
            )
            .unwrap_err();
        assert_eq!(e, LendingError::LiquidationWorsensHealth.into());
        assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
    }
}
