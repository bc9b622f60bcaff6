//! One liquidator round: plan against the inventory the bot holds, then take the ranked
//! actions in order while the inventory lasts, each carried out by the instruction the
//! library builds, then mark the shortfalls the round left (`RoundPlan::marks`). The `liquidator` bot and the stress simulator both run their rounds
//! through this, so what the simulator measures is what the bot does.
use crate::{
    marks::{plan_marks, MarkConfig, MarkPlan},
    scan::{rank, Action, BotAccounts, ScanStats},
    strategy::{budget_for_balance, Market, StrategyConfig},
};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::{
    state::{Pool, Position},
    PoolAddresses,
};
use std::collections::{HashMap, HashSet};

/// A planned round: the actions, best first, and what the scan found.
#[derive(Clone, Debug)]
pub struct RoundPlan {
    pub actions: Vec<Action>,
    pub stats: ScanStats,
    positions: HashMap<Pubkey, Position>,
    balance: u64,
}

impl RoundPlan {
    /// Decides every position at `market` with repayments sized to what `balance` pays
    /// (repayment plus fee, `budget_for_balance`) and ranks the actions (`scan::rank`).
    pub fn plan(
        pool: &Pool,
        positions: &[(Pubkey, Position)],
        market: &Market,
        cfg: &StrategyConfig,
        balance: u64,
    ) -> Self {
        let mut cfg = *cfg;
        cfg.max_repay = cfg
            .max_repay
            .min(budget_for_balance(balance, pool.config.liquidation_fee_bps));
        let (actions, stats) = rank(pool, positions, market, &cfg);
        Self {
            actions,
            stats,
            positions: positions.iter().copied().collect(),
            balance,
        }
    }

    /// What is left of the inventory.
    pub fn balance(&self) -> u64 {
        self.balance
    }

    /// Every plan was sized against the whole inventory: takes `action`'s cost out of what
    /// is left, or returns `false` (and takes nothing) when it no longer fits.
    pub fn reserve(&mut self, action: &Action) -> bool {
        match self.balance.checked_sub(action.cost()) {
            Some(left) => {
                self.balance = left;
                true
            }
            None => false,
        }
    }

    /// The instruction carrying out `action` on the position as it was planned; `receive`
    /// is the bot's token account for the planned collateral slot.
    pub fn instruction(
        &self,
        action: &Action,
        addrs: &PoolAddresses,
        pool: &Pool,
        bot: &BotAccounts,
        receive: Pubkey,
    ) -> Instruction {
        action.instruction(
            addrs,
            pool,
            &self.positions[&action.position()],
            bot,
            receive,
        )
    }

    /// After the actions: the marks to send for the positions the round did not act on
    /// (`acted`: those whose liquidation or settlement landed), at the round's `market`.
    pub fn marks(
        &self,
        pool: &Pool,
        market: &Market,
        acted: &HashSet<Pubkey>,
        cfg: &MarkConfig,
    ) -> Vec<MarkPlan> {
        let positions: Vec<(Pubkey, Position)> =
            self.positions.iter().map(|(k, p)| (*k, *p)).collect();
        plan_marks(pool, &positions, market, acted, cfg)
    }

    /// The `mark_shortfall` carrying out `plan`, signed by `bot.liquidator`.
    pub fn mark_instruction(
        &self,
        plan: &MarkPlan,
        addrs: &PoolAddresses,
        pool: &Pool,
        bot: &BotAccounts,
    ) -> Instruction {
        plan.instruction(
            &addrs.pool,
            pool,
            &self.positions[&plan.position],
            &bot.liquidator,
            &bot.base_oracle,
            bot.oracle_of_slot,
        )
    }
}
