//! Which positions to mark (`mark_shortfall`) after a round's liquidations: every position
//! whose recorded mark differs from what a full liquidation would leave now, at spot
//! (`Pool::shortfall_at`, the program's own function). That covers underwater positions the
//! round could not clear (over budget, out of inventory, past the per-round cap, a failed
//! transaction), stale marks, and marks to release on positions that are healthy again. LP
//! exits are priced net of the uncovered marks, so an exit cannot dodge a loss the bot saw.
use crate::strategy::Market;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::{
    ix, prices,
    state::{Pool, Position},
};
use std::collections::HashSet;

/// When a mark is worth a transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkConfig {
    /// Re-mark only when the shortfall moved by more than this many base units from the
    /// mark (both follow interest; prices move them apart); a release (shortfall 0,
    /// mark > 0) is always sent.
    pub tolerance: u64,
}

/// One `mark_shortfall` to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkPlan {
    pub position: Pubkey,
    /// The position's mark now (`Pool::position_mark` at the instruction's index).
    pub mark_before: u64,
    /// What the program will record at the market's prices.
    pub shortfall: u64,
}

impl MarkPlan {
    /// The position is no longer short: the mark goes back to zero.
    pub fn releases(&self) -> bool {
        self.shortfall == 0
    }

    /// How far the pool's marked shortfall moves (positive: more loss priced in).
    pub fn change(&self) -> i128 {
        self.shortfall as i128 - self.mark_before as i128
    }

    /// The instruction, signed by `marker`; `pos` is the position as planned and
    /// `oracle_of_slot` the `PriceUpdateV2` account of each collateral slot, by slot.
    pub fn instruction(
        &self,
        pool_key: &Pubkey,
        pool: &Pool,
        pos: &Position,
        marker: &Pubkey,
        base_oracle: &Pubkey,
        oracle_of_slot: &[Pubkey],
    ) -> Instruction {
        ix::mark_shortfall(
            pool_key,
            &self.position,
            marker,
            base_oracle,
            &prices::oracle_accounts(pool, pos, oracle_of_slot),
        )
    }
}

/// `pos`'s shortfall as `mark_shortfall` computes it at `market.now`: the pool accrued
/// first (the instruction accrues), then `Pool::shortfall_at`. `None` when a price the
/// position needs is missing or the program would fail.
pub fn shortfall_now(pool: &Pool, pos: &Position, market: &Market) -> Option<u64> {
    let mut pool = *pool;
    pool.accrue_interest(market.now).ok()?;
    market.prices.base?;
    let priced = |slot: usize| market.prices.collateral[slot].is_some();
    if !pool.priced_slots(pos).into_iter().all(priced) {
        return None;
    }
    pool.shortfall_at(pos, &market.prices).ok()
}

/// Whether a position with mark `mark` and shortfall `shortfall` now should be (re-)marked.
pub fn needs_mark(mark: u64, shortfall: u64, cfg: &MarkConfig) -> bool {
    (shortfall == 0 && mark > 0) || shortfall.abs_diff(mark) > cfg.tolerance
}

/// The marks to send after a round: every position not in `acted` (those a liquidation or
/// settlement of this round changed; the program re-marks or releases them itself, and the
/// next round sees their new state) whose mark `needs_mark`. Largest change first, ties by
/// address, so a capped sender prices the largest losses in first.
pub fn plan_marks(
    pool: &Pool,
    positions: &[(Pubkey, Position)],
    market: &Market,
    acted: &HashSet<Pubkey>,
    cfg: &MarkConfig,
) -> Vec<MarkPlan> {
    // marks follow the borrow index: compare at the instruction's index
    let mut pool = *pool;
    if pool.accrue_interest(market.now).is_err() {
        return Vec::new();
    }
    let mut plans: Vec<MarkPlan> = positions
        .iter()
        .filter(|(key, _)| !acted.contains(key))
        .filter_map(|(key, pos)| {
            let shortfall = shortfall_now(&pool, pos, market)?;
            let mark = pool.position_mark(pos).ok()?;
            needs_mark(mark, shortfall, cfg).then_some(MarkPlan {
                position: *key,
                mark_before: mark,
                shortfall,
            })
        })
        .collect();
    plans.sort_by(|a, b| {
        b.change()
            .unsigned_abs()
            .cmp(&a.change().unsigned_abs())
            .then(a.position.cmp(&b.position))
    });
    plans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_always_go_and_small_moves_wait() {
        let cfg = MarkConfig { tolerance: 10 };
        assert!(needs_mark(3, 0, &cfg), "a release is always sent");
        assert!(!needs_mark(0, 0, &cfg));
        assert!(!needs_mark(100, 110, &cfg));
        assert!(needs_mark(100, 111, &cfg));
        assert!(needs_mark(100, 89, &cfg));
        assert!(!needs_mark(0, 10, &cfg), "dust is not worth a mark");
        assert!(needs_mark(0, 1, &MarkConfig::default()));
    }
}
