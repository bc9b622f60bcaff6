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
    flash: Option<FlashTerms>,
}

/// What the pool lends for one transaction: its flash-loan limit now and its fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlashTerms {
    pub limit: u64,
    pub fee_bps: u32,
}

impl FlashTerms {
    /// The pool's terms (`None` when it lends nothing: flash loans capped at 0).
    pub fn of(pool: &Pool) -> Option<Self> {
        let limit = pool.flash_loan_limit().ok()?;
        (limit > 0).then_some(Self {
            limit,
            fee_bps: pool.config.flash_fee_bps,
        })
    }
}

/// How one action is paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Funding {
    /// From the base tokens the bot holds (a settlement costs nothing).
    Inventory,
    /// Borrowed from the pool in the same transaction: `amount` (the repayment and the
    /// liquidation fee) and the loan's `fee`, both owed back before it ends.
    FlashLoan { amount: u64, fee: u64 },
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
            flash: None,
        }
    }

    /// `plan` for a bot that can also flash-borrow on `flash`'s terms: repayments are
    /// sized to the larger of its inventory and the loan limit, and `fund` pays each
    /// action from the inventory while it lasts, from a flash loan after.
    pub fn plan_funded(
        pool: &Pool,
        positions: &[(Pubkey, Position)],
        market: &Market,
        cfg: &StrategyConfig,
        balance: u64,
        flash: Option<FlashTerms>,
    ) -> Self {
        let budget = flash.map_or(balance, |f| balance.max(f.limit));
        let mut plan = Self::plan(pool, positions, market, cfg, budget);
        plan.balance = balance;
        plan.flash = flash;
        plan
    }

    /// How `action` is paid for, taking it out of the inventory when that pays; a flash
    /// loan when the inventory does not and the pool lends enough; `None` when neither.
    pub fn fund(&mut self, action: &Action) -> Option<Funding> {
        if self.reserve(action) {
            return Some(Funding::Inventory);
        }
        let terms = self.flash?;
        let amount = action.cost();
        (amount <= terms.limit).then(|| Funding::FlashLoan {
            amount,
            fee: lending_pool_sdk::ix::flash_fee(amount, terms.fee_bps),
        })
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
