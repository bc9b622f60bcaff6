//! The clearing path: an underwater position emptied slot by slot and its remainder
//! settled, with the repayments that take a whole slot and keep a covered position covered
//! (`invariants::covered_whole_slot_offers`, the model test's too).
use super::{ops::Op, setup::ASSETS, world::Walk};
use lending_pool::{constants::BPS, math::PriceMode, state::Operation};
use lending_pool_tests::invariants::covered_whole_slot_offers;

impl Walk {
    /// Empties borrower `b`'s position slot by slot while it is underwater. Whenever
    /// liquidation is not paused and the liquidator can pay the whole debt, each of these
    /// liquidations must go through, and the last one settles the rest (unless settlement is
    /// paused). A position that is not underwater gets one ordinary full-size attempt.
    pub(super) async fn clear(&mut self, liq: usize, b: usize, rot: usize) {
        let mut must = true;
        let mut sent = 0;
        for _ in 0..ASSETS.len() {
            let Some(pool) = self.accrued_pool() else {
                return;
            };
            let pos = self.position(b);
            if !pool.holds_value(&pos) || pos.scaled_debt.get() == 0 {
                break;
            }
            let held = pool.priced_slots(&pos);
            let slot = held[rot % held.len()];
            let prices = self.market(&pool, &pos, PriceMode::Spot);
            let underwater = pool
                .position_health(&pos, &prices, PriceMode::Spot)
                .is_ok_and(|h| h.is_underwater());
            if !underwater && sent > 0 {
                // rounding of the last slot's repayment can lift the remainder just above
                // water; it is then an ordinary position
                must = false;
                break;
            }
            let debt = pos.debt(pool.borrow_index.get()).unwrap() as u128;
            let fee = debt * pool.config.liquidation_fee_bps as u128 / BPS as u128 + 1;
            let funded = self.balance(&self.liquidators[liq].user.base) as u128 >= debt + fee;
            must &= underwater && funded && pool.is_allowed(Operation::Liquidate);
            // everything offered (the slot at its full bonus); where that would leave a
            // position that covers its debt short, the slot for its value less the excess
            let mut ok = false;
            for repay in std::iter::once(u64::MAX)
                .chain(covered_whole_slot_offers(&pool, &pos, &prices, slot))
            {
                ok = self
                    .exec(Op::Liquidate {
                        liq,
                        b,
                        slot,
                        repay,
                    })
                    .await
                    .is_some();
                if ok {
                    break;
                }
            }
            sent += 1;
            assert!(
                ok || !must,
                "underwater position {b} has no clearing path: emptying slot {slot} failed"
            );
            if !ok || !underwater {
                break;
            }
        }
        if sent > 0 && must {
            let pos = self.position(b);
            let pool = self.pool();
            let settle_paused = !pool.is_allowed(Operation::Settle);
            assert!(
                pos.scaled_debt.get() == 0 || (!pool.holds_value(&pos) && settle_paused),
                "underwater position {b} left with debt after being emptied: {pos:?}"
            );
            self.stats.cleared += 1;
        }
    }
}
