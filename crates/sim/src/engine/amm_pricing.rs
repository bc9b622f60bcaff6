//! A liquidation priced where the bot sells: the AMM's quote for the collateral it seizes
//! (after the price impact of what it already sold or queued this turn, and the pool's
//! fee) against what it pays (the repayment, the liquidation fee and, on a flash loan, the
//! loan's fee), not the oracle's price. Price impact makes a smaller liquidation pay where a
//! larger one does not, so a plan that does not pay is tried at halved repayments.
use super::{
    bot::{Turn, View},
    Simulation,
};
use crate::scenario::Capital;
use lending_pool_sdk::ix;
use lending_pool_strategy::{decide, Action, Decision, LiquidationPlan, StrategyConfig};

/// Halvings of a repayment tried before a liquidation is given up as unprofitable.
const RESIZES: u32 = 8;

impl Simulation<'_> {
    /// `a` as bot `i` sends it: unchanged without AMMs or for a settlement; otherwise the
    /// largest of the plan and its halvings whose quote earns the bot's minimum profit, its
    /// `profit_wad` the quote's; `None` when none does.
    pub(super) fn priced_at_amm(
        &self,
        i: usize,
        a: &Action,
        v: &View<'_>,
        turn: &Turn,
    ) -> Option<Action> {
        let Action::Liquidate { position, plan } = *a else {
            return Some(*a);
        };
        if self.venues.is_empty() {
            return Some(*a);
        }
        let bot = &self.liquidators[i];
        // price impact only takes away: a plan that does not pay at the pool's marginal
        // price does not pay at any size
        if self.spot_profit(i, &plan, v, turn) < bot.min_profit_units {
            return None;
        }
        let pos = v.positions.iter().find(|(k, _)| *k == position)?.1;
        let scale = 10i128.pow(18 - self.fx.decimals as u32);
        let mut plan = plan;
        for _ in 0..=RESIZES {
            let profit = self.quoted_profit(i, &plan, v, turn);
            if profit >= bot.min_profit_units {
                let plan = LiquidationPlan {
                    profit_wad: profit * scale,
                    ..plan
                };
                return Some(Action::Liquidate { position, plan });
            }
            let smaller = StrategyConfig {
                max_repay: plan.repay / 2,
                ..bot.cfg
            };
            match decide(v.pool, &pos, v.market, &smaller) {
                Decision::Liquidate(p) if p.repay < plan.repay => plan = p,
                _ => return None,
            }
        }
        None
    }

    /// Base units bot `i` keeps from `plan` at the AMM's quote (rounded down): the proceeds
    /// of its collateral, sold after what the bot queued this turn, less what it pays.
    fn quoted_profit(&self, i: usize, plan: &LiquidationPlan, v: &View<'_>, turn: &Turn) -> i128 {
        let slot = plan.slot as usize;
        let queued = turn.pending[slot] as u128;
        let proceeds = self.venues[slot]
            .amm
            .quote_after_down(queued, plan.collateral_out as u128);
        proceeds as i128 - self.cost_of(i, plan, v) as i128
    }

    /// The same without price impact: the collateral at the pool's marginal price after
    /// what the bot queued this turn, less the pool's fee (an upper bound on any size).
    fn spot_profit(&self, i: usize, plan: &LiquidationPlan, v: &View<'_>, turn: &Turn) -> i128 {
        let slot = plan.slot as usize;
        let amm = &self.venues[slot].amm;
        let mut after = *amm;
        after.sell_collateral(turn.pending[slot] as u128);
        let proceeds = after.marginal_out_up(plan.collateral_out as u128);
        proceeds as i128 - self.cost_of(i, plan, v) as i128
    }

    /// What bot `i` pays for `plan`: the repayment, the liquidation fee and, on a flash
    /// loan, the loan's fee.
    fn cost_of(&self, i: usize, plan: &LiquidationPlan, v: &View<'_>) -> u64 {
        let cost = plan.repay.saturating_add(plan.fee);
        let flash_fee = match self.liquidators[i].settings.capital {
            Capital::Flash => ix::flash_fee(cost, v.pool.config.flash_fee_bps),
            Capital::Inventory => 0,
        };
        cost.saturating_add(flash_fee)
    }
}
