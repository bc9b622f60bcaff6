//! Clearing paths: on copies of the world, every underwater position can be emptied and
//! settled and every liquidatable one liquidated.
use super::{
    ops::Op,
    setup::{BORROWERS, USDC},
    world::World,
};
use lending_pool::{math::*, state::*};
use lending_pool_tests::invariants::covered_whole_slot_offers;

impl World {
    /// SPEC "Liquidation": no underwater position is left without a way out, and no
    /// liquidatable one without a liquidation. On a copy, for each position with debt while
    /// liquidation runs: if it is underwater (and settlement runs too), liquidate it slot by
    /// slot, each time offering everything (`u64::MAX`), and settle the rest: it must end
    /// without debt, the books intact; if it is only liquidatable, one such liquidation must
    /// succeed. `seed` picks the slot tried first. Returns how many were cleared.
    pub(super) fn check_clearing_paths(&self, seed: usize) -> u64 {
        if !self.pool.is_allowed(Operation::Liquidate) {
            return 0;
        }
        let settles = self.pool.is_allowed(Operation::Settle);
        let mut cleared = 0;
        for b in 0..BORROWERS {
            // a position holding an asset whose feed stopped waits for its retirement
            if self.positions[b].scaled_debt.get() == 0 || self.unpriceable(b) {
                continue;
            }
            let h = self.health(b, PriceMode::Spot).unwrap();
            if h.is_underwater() {
                if settles {
                    self.clear(b, seed);
                    cleared += 1;
                }
            } else if h.is_liquidatable() {
                let mut w = self.funded_copy(b);
                if let Err(errors) = w.liquidate_some_slot(b, seed) {
                    panic!("liquidatable position {b} blocked: {errors:?}\n{h:?}");
                }
            }
        }
        cleared
    }

    fn clear(&self, b: usize, seed: usize) {
        let mut w = self.funded_copy(b);
        let mut calls = 0;
        // a slot taken at a reduced bonus (to keep a position that covers its debt covered)
        // can leave the rest healthy: then it is no longer the liquidators' to clear
        while w.pool.holds_value(&w.positions[b])
            && w.positions[b].scaled_debt.get() > 0
            && w.health(b, PriceMode::Spot).unwrap().is_liquidatable()
        {
            // partial liquidations only once rounding lifts it above water: the close factor
            // halves the debt each time down to dust, so this bounds them
            assert!(
                calls < 64,
                "underwater position {b}: no end to its liquidations"
            );
            if let Err(errors) = w.liquidate_some_slot(b, seed) {
                panic!(
                    "underwater position {b} stuck: {errors:?}\n{:?}\n{:?}",
                    w.health(b, PriceMode::Spot).unwrap(),
                    w.positions[b]
                );
            }
            calls += 1;
        }
        // a liquidation's repayment rounds up to a whole base unit, so one may repay the rest
        // of the debt before every slot is taken (a dust slot worth less than that unit):
        // then what is left is the owner's, and there is nothing to settle
        if w.pool.holds_value(&w.positions[b]) {
            // what collateral is left now covers what is owed, healthily
            let h = w.health(b, PriceMode::Spot).unwrap();
            assert!(!h.is_liquidatable() || h.debt_value == 0, "{h:?}");
        } else if w.positions[b].scaled_debt.get() > 0 {
            if let Err(err) = w.apply(&Op::Settle { b }) {
                panic!(
                    "underwater position {b} not settled: {err}\n{:?}",
                    w.positions[b]
                );
            }
        }
        w.check();
    }

    /// A copy whose liquidator can pay for all of `b`'s debt (the new tokens counted).
    fn funded_copy(&self, b: usize) -> World {
        let mut w = self.clone();
        let top_up = 2 * w.positions[b].debt(w.pool.borrow_index.get()).unwrap() + USDC;
        w.liquidator_base += top_up;
        w.base_supply += top_up as u128;
        w
    }

    /// Liquidates at the first held slot from `seed` on that accepts (a failed attempt
    /// reverts): offering everything, or, where taking the slot at its full bonus would
    /// leave a position that covers its debt short, the slot's value less the position's
    /// excess over its debt (the most bonus the program allows), rounded up a unit or two.
    /// The errors of every slot if none accepts.
    fn liquidate_some_slot(&mut self, b: usize, seed: usize) -> Result<(), Vec<(usize, String)>> {
        let held = self.pool.priced_slots(&self.positions[b]);
        let mut errors = vec![];
        for i in 0..held.len() {
            let slot = held[(seed + i) % held.len()];
            let pos = &self.positions[b];
            let covered = covered_whole_slot_offers(&self.pool, pos, &self.prices(), slot);
            let offers = std::iter::once(u64::MAX).chain(covered);
            for amount in offers {
                let snapshot = self.clone();
                match self.apply(&Op::Liquidate { b, slot, amount }) {
                    Ok(_) => return Ok(()),
                    Err(err) => {
                        *self = snapshot;
                        errors.push((slot, err));
                    }
                }
            }
        }
        Err(errors)
    }
}
