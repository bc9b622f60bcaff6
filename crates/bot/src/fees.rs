//! The priority fee: fixed when the operator says so, otherwise a percentile of what
//! transactions writing the same accounts paid in recent slots
//! (`getRecentPrioritizationFees`), between a floor and a cap, so a fee spike cannot drain
//! the bot and a quiet market costs nothing.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lending_pool_client::rpc::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeePolicy {
    /// Always this many micro-lamports per compute unit.
    Fixed(u64),
    /// The `percentile` of recent fees for the accounts written, within `[min, max]`.
    Recent { percentile: u8, min: u64, max: u64 },
}

/// The `percentile` (0-100, nearest rank) of `samples`, clamped to `[min, max]`; `min`
/// when there are no samples.
pub fn choose_fee(samples: &[u64], percentile: u8, min: u64, max: u64) -> u64 {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let picked = match sorted.len() {
        0 => 0,
        n => {
            // nearest rank: ceil(p/100 * n), 1-based
            let rank = (usize::from(percentile.min(100)) * n).div_ceil(100).max(1);
            sorted[rank - 1]
        }
    };
    picked.clamp(min, max.max(min))
}

impl FeePolicy {
    /// The fee when recent fees cannot be read.
    pub fn floor(&self) -> u64 {
        match *self {
            FeePolicy::Fixed(fee) => fee,
            FeePolicy::Recent { min, .. } => min,
        }
    }

    /// The fee to pay now for transactions writing `accounts`.
    pub fn current(&self, client: &Client, accounts: &[Pubkey]) -> Result<u64> {
        match *self {
            FeePolicy::Fixed(fee) => Ok(fee),
            FeePolicy::Recent {
                percentile,
                min,
                max,
            } => {
                let recent = client
                    .rpc
                    .get_recent_prioritization_fees(accounts)
                    .map_err(|e| client.fault(e))?;
                let samples: Vec<u64> = recent.iter().map(|f| f.prioritization_fee).collect();
                Ok(choose_fee(&samples, percentile, min, max))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_nearest_rank_percentile() {
        let s = [0, 0, 10, 20, 30, 40, 50, 60, 70, 1_000];
        assert_eq!(choose_fee(&s, 50, 0, u64::MAX), 30);
        assert_eq!(choose_fee(&s, 75, 0, u64::MAX), 60);
        assert_eq!(choose_fee(&s, 100, 0, u64::MAX), 1_000);
        assert_eq!(choose_fee(&s, 0, 0, u64::MAX), 0);
        assert_eq!(choose_fee(&[7], 90, 0, u64::MAX), 7);
    }

    #[test]
    fn the_cap_and_floor_bind() {
        let s = [5_000, 1_000_000, 9_000_000];
        assert_eq!(choose_fee(&s, 90, 0, 50_000), 50_000);
        assert_eq!(choose_fee(&[], 75, 100, 50_000), 100);
        assert_eq!(choose_fee(&[0, 0], 75, 100, 50_000), 100);
        // a cap below the floor is the floor
        assert_eq!(choose_fee(&s, 90, 200, 100), 200);
    }

    #[test]
    fn the_order_of_samples_does_not_matter() {
        let a = [30, 10, 20, 40];
        let b = [40, 30, 20, 10];
        for p in [0, 25, 50, 75, 100] {
            assert_eq!(
                choose_fee(&a, p, 0, u64::MAX),
                choose_fee(&b, p, 0, u64::MAX)
            );
        }
    }
}
