//! Retired collateral (`docs/SPEC.md`, "Retired collateral"): a delisted asset whose feed
//! stopped would otherwise shield every position holding a unit of it (nothing could price
//! it, so nothing could liquidate, mark or settle that position). The pool keeps the newest
//! price it accepted per slot; once that is a day old the admin may retire the slot, which
//! then needs no oracle and is worth zero everywhere. A bankrupt position's retired holdings
//! are forfeited at settlement.
use super::Pool;
use crate::{
    constants::{MAX_COLLATERALS, RETIRE_AFTER_SECS},
    errors::LendingError,
    math::{add_u64, sub_u64, Prices},
    state::{CollateralAsset, Position},
};
use anchor_lang::prelude::*;

impl Pool {
    /// Records the newest `publish_time` accepted per collateral slot from `prices` (every
    /// instruction that reads a position's prices and writes the pool calls this).
    pub fn note_prices(&mut self, prices: &Prices) {
        let n = self.num_collaterals as usize;
        for (asset, price) in self.collaterals[..n].iter_mut().zip(&prices.collateral) {
            if let Some(p) = price {
                asset.newest_price_ts = asset.newest_price_ts.max(p.publish_time);
            }
        }
    }

    /// Retires collateral `slot` (admin): only a delisted slot (LTV 0) whose newest
    /// accepted price is more than `RETIRE_AFTER_SECS` old at `now`. Final. Returns the
    /// asset as it was.
    pub fn retire_collateral(&mut self, slot: usize, now: i64) -> Result<CollateralAsset> {
        let asset = *self.collateral(slot)?;
        require!(!asset.is_retired(), LendingError::CollateralRetired);
        require!(asset.ltv_bps == 0, LendingError::CollateralNotDelisted);
        require!(
            now.saturating_sub(asset.newest_price_ts) > RETIRE_AFTER_SECS,
            LendingError::CollateralFeedLive
        );
        self.collaterals[slot].retired = 1;
        Ok(asset)
    }

    /// The collateral slots of `pos` that carry value, in slot order: those it holds that
    /// are not retired (a retired slot is worth zero and reads no oracle). The one rule
    /// behind `priced_slots`, `holds_value` and every valuation; no allocation.
    pub fn valued_slots<'a>(&'a self, pos: &'a Position) -> impl Iterator<Item = usize> + 'a {
        (0..self.num_collaterals as usize)
            .filter(|&slot| pos.collateral[slot] > 0 && !self.collaterals[slot].is_retired())
    }

    /// `valued_slots`, collected: each needs a price (the oracle accounts, in slot order).
    pub fn priced_slots(&self, pos: &Position) -> Vec<usize> {
        self.valued_slots(pos).collect()
    }

    /// `pos` holds collateral worth something: some unretired slot.
    pub fn holds_value(&self, pos: &Position) -> bool {
        self.valued_slots(pos).next().is_some()
    }

    /// A settlement's forfeit: `pos`'s retired holdings leave it and its slots' deposits
    /// and are recorded as forfeited (they stay in the vault). Returns them per slot.
    pub(crate) fn forfeit_retired(&mut self, pos: &mut Position) -> Result<[u64; MAX_COLLATERALS]> {
        let mut forfeited = [0; MAX_COLLATERALS];
        let n = self.num_collaterals as usize;
        let slots = self.collaterals[..n].iter_mut().zip(&mut pos.collateral);
        for ((asset, held), out) in slots.zip(&mut forfeited) {
            if *held > 0 && asset.is_retired() {
                asset.total_deposited = sub_u64(asset.total_deposited, *held)?;
                asset.forfeited = add_u64(asset.forfeited, *held)?;
                *out = core::mem::take(held);
            }
        }
        Ok(forfeited)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{one_slot, spot};
    use super::*;

    const DAY: i64 = RETIRE_AFTER_SECS;

    #[test]
    fn only_a_delisted_slot_whose_feed_stopped_a_day_ago_retires() {
        let (mut p, _) = one_slot(9, 10, 0);
        let mut prices = spot(100, 100);
        prices.collateral[0].as_mut().unwrap().publish_time = 1_000;
        p.note_prices(&prices);
        assert_eq!(p.collaterals[0].newest_price_ts, 1_000);
        // an older price does not move it back
        prices.collateral[0].as_mut().unwrap().publish_time = 900;
        p.note_prices(&prices);
        assert_eq!(p.collaterals[0].newest_price_ts, 1_000);

        let err = |p: &mut Pool, now| p.retire_collateral(0, now).unwrap_err();
        assert_eq!(
            err(&mut p, 1_000 + 10 * DAY),
            LendingError::CollateralNotDelisted.into()
        );
        p.collaterals[0].ltv_bps = 0;
        assert_eq!(
            err(&mut p, 1_000 + DAY),
            LendingError::CollateralFeedLive.into()
        );
        let before = p.retire_collateral(0, 1_001 + DAY).unwrap();
        assert!(!before.is_retired() && p.collaterals[0].is_retired());
        assert_eq!(
            err(&mut p, 1_001 + DAY),
            LendingError::CollateralRetired.into()
        );
        assert_eq!(
            p.retire_collateral(1, 0).unwrap_err(),
            LendingError::UnknownCollateral.into()
        );
    }

    #[test]
    fn a_retired_slot_needs_no_price_and_its_holdings_are_forfeited_at_settlement() {
        let (mut p, mut pos) = one_slot(9, 10, 500);
        assert_eq!(p.priced_slots(&pos), vec![0]);
        assert!(p.holds_value(&pos));
        p.collaterals[0].retired = 1;
        assert!(p.priced_slots(&pos).is_empty());
        assert!(!p.holds_value(&pos));
        assert_eq!(p.forfeit_retired(&mut pos).unwrap(), [10, 0, 0, 0]);
        assert_eq!(
            (
                pos.collateral[0],
                p.collaterals[0].total_deposited,
                p.collaterals[0].forfeited
            ),
            (0, 0, 10)
        );
        // the vault must hold what positions own plus what was forfeited
        p.check_collateral_vault(0, 10).unwrap();
        assert_eq!(
            p.check_collateral_vault(0, 9).unwrap_err(),
            LendingError::CollateralInvariantViolated.into()
        );
    }
}
