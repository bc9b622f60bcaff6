//! The example assets the worlds in this repository are built from (the integration suite's
//! pools, the local network's demo pool, the benchmarks and the strategy's fixtures; the
//! simulator's scenarios list theirs in TOML), so a number in one test reads the same in
//! another. Prices are
//! dollars × 10⁸ (Pyth's exponent −8). The on-chain program's own unit tests keep theirs
//! (the program cannot depend on its SDK).
use crate::state::{CollateralAsset, CollateralParams};

/// A collateral asset as the examples list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExampleAsset {
    pub symbol: &'static str,
    pub decimals: u8,
    /// Dollars × 10⁸.
    pub price: i64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
}

/// One dollar at exponent −8.
pub const DOLLAR: i64 = 100_000_000;

/// $150, 9 decimals, LTV 75%, threshold 80%, bonus 5%.
pub const SOL: ExampleAsset = ExampleAsset {
    symbol: "SOL",
    decimals: 9,
    price: 150 * DOLLAR,
    ltv_bps: 7_500,
    liquidation_threshold_bps: 8_000,
    liquidation_bonus_bps: 500,
};

/// $60,000, 8 decimals, LTV 60%, threshold 70%, bonus 8%.
pub const BTC: ExampleAsset = ExampleAsset {
    symbol: "BTC",
    decimals: 8,
    price: 60_000 * DOLLAR,
    ltv_bps: 6_000,
    liquidation_threshold_bps: 7_000,
    liquidation_bonus_bps: 800,
};

impl ExampleAsset {
    /// Its listing on `feed_id`, with no deposit cap.
    pub fn params(&self, feed_id: [u8; 32]) -> CollateralParams {
        CollateralParams {
            feed_id,
            ltv_bps: self.ltv_bps,
            liquidation_threshold_bps: self.liquidation_threshold_bps,
            liquidation_bonus_bps: self.liquidation_bonus_bps,
            deposit_cap: u64::MAX,
        }
    }

    /// Its slot as the pool holds it once listed on `feed_id` (for pure tests that build a
    /// `Pool` by hand; mint and vault left zero).
    pub fn slot(&self, feed_id: [u8; 32]) -> CollateralAsset {
        let mut slot = CollateralAsset {
            decimals: self.decimals,
            ..CollateralAsset::default()
        };
        slot.set_params(self.params(feed_id));
        slot
    }

    /// One whole unit in base units (10^decimals).
    pub fn unit(&self) -> u64 {
        10u64.pow(self.decimals as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_listings_pass_the_programs_checks() {
        for a in [SOL, BTC] {
            a.params([1; 32]).validate(100).unwrap();
        }
        assert_eq!(SOL.unit(), 1_000_000_000);
        assert_eq!(BTC.params([2; 32]).liquidation_bonus_bps, 800);
    }
}
