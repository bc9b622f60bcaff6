//! A pool's books at a glance, computed once with the program's own math: what the CLI's
//! `pool show`, the simulator's samples and dashboards report.
use lending_pool::{
    constants::WAD,
    math::{borrow_rate_wad_up, utilization_wad_down},
    state::Pool,
};

/// The books of one pool: debt, LP value, share price and where the rate curve stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSnapshot {
    pub cash: u64,
    pub total_debt: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    /// Base units per LP unit, WAD (virtual offset included).
    pub share_price_wad: u128,
    pub utilization_wad: u128,
    /// Annual borrow rate at this utilization, WAD.
    pub borrow_rate_wad: u128,
}

impl PoolSnapshot {
    /// The books exactly as `pool` holds them (no accrual): what the chain says now.
    pub fn of(pool: &Pool, lp_supply: u64) -> anchor_lang::Result<Self> {
        let total_debt = pool.total_debt()?;
        let utilization_wad = utilization_wad_down(pool.cash, total_debt)?;
        Ok(Self {
            cash: pool.cash,
            total_debt,
            lp_assets: pool.lp_assets()?,
            lp_supply,
            share_price_wad: pool.share_price_wad(lp_supply)?,
            utilization_wad,
            borrow_rate_wad: borrow_rate_wad_up(&pool.config, utilization_wad)?,
        })
    }

    /// The books as the next instruction at `now` will see them: interest accrued on a copy
    /// of `pool`, which is returned with the snapshot.
    pub fn accrued(pool: &Pool, lp_supply: u64, now: i64) -> anchor_lang::Result<(Pool, Self)> {
        let mut pool = *pool;
        pool.accrue_interest(now)?;
        Ok((pool, Self::of(&pool, lp_supply)?))
    }

    pub fn utilization_bps(&self) -> u64 {
        wad_to_bps(self.utilization_wad)
    }

    pub fn borrow_rate_bps(&self) -> u64 {
        wad_to_bps(self.borrow_rate_wad)
    }
}

/// A WAD ratio in whole basis points, rounded down.
pub fn wad_to_bps(wad: u128) -> u64 {
    (wad * 10_000 / WAD) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytemuck::Zeroable;
    use lending_pool::state::PoolConfig;

    #[test]
    fn accrual_is_on_a_copy_and_moves_the_books() {
        let mut pool = Pool::zeroed();
        pool.config = PoolConfig::example();
        pool.borrow_index.set(WAD);
        pool.cash = 500;
        pool.total_scaled_debt.set(500);
        let now = PoolSnapshot::of(&pool, 0).unwrap();
        assert_eq!(
            (now.total_debt, now.lp_assets, now.utilization_bps()),
            (500, 1_000, 5_000)
        );
        let (accrued, later) = PoolSnapshot::accrued(&pool, 0, 365 * 86_400).unwrap();
        assert!(later.total_debt > now.total_debt && later.share_price_wad > now.share_price_wad);
        assert_eq!(accrued.total_debt().unwrap(), later.total_debt);
        assert_eq!(pool.last_accrual_ts, 0, "the pool itself is untouched");
    }
}
