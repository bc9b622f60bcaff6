//! Ordering the work on a pool's positions (the SDK's `filters` find them).
use crate::strategy::{decide, Decision, LiquidationPlan, Market, StrategyConfig};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::{
    ix, prices,
    state::{Pool, Position},
    PoolAddresses,
};

/// Work for one position, in the order it should be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Settle {
        position: Pubkey,
        debt: u64,
    },
    Liquidate {
        position: Pubkey,
        plan: LiquidationPlan,
    },
}

/// The bot's side of a liquidation: who signs, which account pays, where the prices are.
#[derive(Clone, Copy, Debug)]
pub struct BotAccounts<'a> {
    pub liquidator: Pubkey,
    /// Base-token account paying the repayment and the fee.
    pub base: Pubkey,
    pub base_oracle: Pubkey,
    /// The `PriceUpdateV2` account of each collateral slot, in slot order.
    pub oracle_of_slot: &'a [Pubkey],
}

impl Action {
    pub fn position(&self) -> Pubkey {
        match self {
            Self::Settle { position, .. } | Self::Liquidate { position, .. } => *position,
        }
    }

    /// Base units the bot pays: repayment plus fee (a settlement costs nothing).
    pub fn cost(&self) -> u64 {
        match self {
            Self::Settle { .. } => 0,
            Self::Liquidate { plan, .. } => plan.repay.saturating_add(plan.fee),
        }
    }

    /// The instruction carrying out this action; `pos` is the position as decided on and
    /// `receive` the bot's token account for the planned collateral slot.
    pub fn instruction(
        &self,
        addrs: &PoolAddresses,
        pool: &Pool,
        pos: &Position,
        bot: &BotAccounts,
        receive: Pubkey,
    ) -> Instruction {
        match self {
            Self::Settle { position, .. } => ix::settle_bad_debt(addrs, position),
            Self::Liquidate { position, plan } => {
                let accounts = ix::LiquidateAccounts {
                    position: *position,
                    liquidator: bot.liquidator,
                    collateral_vault: pool.collaterals[plan.slot as usize].vault,
                    liquidator_base: bot.base,
                    liquidator_collateral: receive,
                    base_oracle: bot.base_oracle,
                    oracles: prices::oracle_accounts(pool, pos, bot.oracle_of_slot),
                };
                ix::liquidate(
                    addrs,
                    &accounts,
                    plan.repay,
                    plan.slot,
                    plan.min_collateral_out,
                )
            }
        }
    }
}

/// What a scan found, besides the actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanStats {
    pub positions: usize,
    pub healthy: usize,
    pub liquidatable: usize,
    pub unprofitable: usize,
    /// Underwater positions whose every liquidation repays more than the budget.
    pub over_budget: usize,
    pub blocked: usize,
    pub missing_price: usize,
    pub bankrupt: usize,
}

/// Decides every position and orders the actions: settlements first (they stop a loss
/// from growing with interest and free nothing to compete for), then liquidations by
/// profit, largest first; ties by address so the order is deterministic.
pub fn rank(
    pool: &Pool,
    positions: &[(Pubkey, Position)],
    market: &Market,
    cfg: &StrategyConfig,
) -> (Vec<Action>, ScanStats) {
    let mut stats = ScanStats {
        positions: positions.len(),
        ..ScanStats::default()
    };
    let mut settles = vec![];
    let mut liquidations = vec![];
    for (key, pos) in positions {
        match decide(pool, pos, market, cfg) {
            Decision::Empty | Decision::Healthy { .. } => stats.healthy += 1,
            Decision::Settle { debt } => {
                stats.bankrupt += 1;
                settles.push(Action::Settle {
                    position: *key,
                    debt,
                });
            }
            Decision::Liquidate(plan) => {
                stats.liquidatable += 1;
                liquidations.push(Action::Liquidate {
                    position: *key,
                    plan,
                });
            }
            Decision::Unprofitable { .. } => {
                stats.liquidatable += 1;
                stats.unprofitable += 1;
            }
            Decision::OverBudget { .. } => {
                stats.liquidatable += 1;
                stats.over_budget += 1;
            }
            Decision::Blocked => {
                stats.liquidatable += 1;
                stats.blocked += 1;
            }
            Decision::MissingPrice => stats.missing_price += 1,
        }
    }
    settles.sort_by_key(|a| a.position());
    liquidations.sort_by(|a, b| {
        let profit = |a: &Action| match a {
            Action::Liquidate { plan, .. } => plan.profit_wad,
            Action::Settle { .. } => i128::MAX,
        };
        profit(b)
            .cmp(&profit(a))
            .then(a.position().cmp(&b.position()))
    });
    settles.extend(liquidations);
    (settles, stats)
}
