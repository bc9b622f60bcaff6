//! What one round of the bot found and did (`RoundReport`): the scan's counts, the log
//! lines, every action's outcome, and the one-line summary logged after the round.
use crate::{outcome::Class, round::ActionKind};
use lending_pool_strategy::scan::ScanStats;
use std::collections::BTreeMap;

/// What one round found and did.
#[derive(Debug, Clone, Default)]
pub struct RoundReport {
    pub stats: ScanStats,
    /// Log lines, one per action (planned in a dry run, sent otherwise).
    pub log: Vec<String>,
    /// Every action's outcome, including those of earlier rounds decided in this one.
    pub outcomes: BTreeMap<(ActionKind, Class), u64>,
    /// Actions sent (each under one signature).
    pub sent: BTreeMap<ActionKind, u64>,
    /// The planned profit of the liquidations that landed (quote, WAD).
    pub profit_wad: i128,
    /// The bot's base-token balance at the start of the round.
    pub inventory: u64,
    /// Positions left alone because a transaction on them is still in doubt.
    pub in_flight: usize,
    pub released: usize,
    /// What the round's plan ids start with: the pool and the round number, so an id is
    /// unique in the process (one plan, one signature; the logs show which).
    pub plan_prefix: String,
}

impl RoundReport {
    pub fn count(&self, kind: ActionKind, class: Class) -> u64 {
        self.outcomes.get(&(kind, class)).copied().unwrap_or(0)
    }

    fn of_class(&self, class: Class) -> u64 {
        self.outcomes
            .iter()
            .filter(|((_, c), _)| *c == class)
            .map(|(_, n)| n)
            .sum()
    }

    /// The one-line summary the bot logs after each round.
    pub fn summary(&self) -> String {
        let s = &self.stats;
        format!(
            "round: {} positions, {} liquidatable ({} unprofitable, {} over budget, {} blocked), {} bankrupt, {} unpriced; liquidated {} ({} with flash loans), settled {}, marked {} ({} released), sold {}, failed {}; lost {} to faster bots, {} stale, {} paused, {} expired, {} in doubt",
            s.positions, s.liquidatable, s.unprofitable, s.over_budget, s.blocked, s.bankrupt,
            s.missing_price,
            self.count(ActionKind::Liquidate, Class::Landed)
                + self.count(ActionKind::FlashLiquidate, Class::Landed),
            self.count(ActionKind::FlashLiquidate, Class::Landed),
            self.count(ActionKind::Settle, Class::Landed),
            self.count(ActionKind::Mark, Class::Landed),
            self.released,
            self.count(ActionKind::Sell, Class::Landed),
            self.of_class(Class::Failed),
            self.of_class(Class::LostRace),
            self.of_class(Class::Stale),
            self.of_class(Class::Paused),
            self.of_class(Class::Expired),
            self.in_flight,
        )
    }

    pub(crate) fn record(&mut self, kind: ActionKind, class: Class) {
        *self.outcomes.entry((kind, class)).or_default() += 1;
    }
}
