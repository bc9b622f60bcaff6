//! The two-slope borrow rate curve and per-second accrual of the borrow index.
use super::fixed::{mul_64, mul_div_down, mul_div_up, mul_wad_up};
use crate::constants::{BPS, SECONDS_PER_YEAR, WAD};
use crate::state::PoolConfig;
use anchor_lang::prelude::*;

/// `total_debt / (cash + total_debt)`, WAD-scaled, rounded down; 0 for an empty pool.
pub fn utilization_wad_down(cash: u64, total_debt: u64) -> Result<u128> {
    let supplied = cash as u128 + total_debt as u128;
    if supplied == 0 {
        return Ok(0);
    }
    mul_div_down(total_debt as u128, WAD, supplied)
}

/// Annual borrow rate (WAD) at utilization `u` (WAD): `base + slope1 · u/opt` up to the kink,
/// then `+ slope2 · (u − opt)/(1 − opt)`. Rounded up: borrowers pay the rounding.
pub fn borrow_rate_wad_up(c: &PoolConfig, u: u128) -> Result<u128> {
    // BPS divides WAD: a multiplication, not a 128-bit division
    let bps = |v: u32| mul_64(v as u64, (WAD / BPS as u128) as u64);
    let opt = bps(c.optimal_utilization_bps);
    let u = u.min(WAD);
    let mut rate = bps(c.base_rate_bps) + mul_div_up(bps(c.slope1_bps), u.min(opt), opt)?;
    if u > opt {
        rate += mul_div_up(bps(c.slope2_bps), u - opt, WAD - opt)?;
    }
    Ok(rate)
}

/// The borrow index after `dt` seconds at `rate_wad` per year (simple interest within one
/// accrual, compounding across accruals), rounded up.
pub fn accrue_index_up(index: u128, rate_wad: u128, dt: u64) -> Result<u128> {
    let growth = mul_div_up(rate_wad, dt as u128, SECONDS_PER_YEAR as u128)?;
    mul_wad_up(WAD + growth, index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cfg() -> PoolConfig {
        PoolConfig::example() // 1% base, +4% to the 80% kink, +75% above
    }

    #[test]
    fn curve_points() {
        let c = cfg();
        let pct = |p: u128| p * WAD / 100;
        assert_eq!(borrow_rate_wad_up(&c, 0).unwrap(), pct(1));
        assert_eq!(borrow_rate_wad_up(&c, pct(40)).unwrap(), pct(3));
        assert_eq!(borrow_rate_wad_up(&c, pct(80)).unwrap(), pct(5));
        assert_eq!(
            borrow_rate_wad_up(&c, pct(90)).unwrap(),
            pct(5) + pct(75) / 2
        );
        assert_eq!(borrow_rate_wad_up(&c, WAD).unwrap(), pct(80));
        assert_eq!(borrow_rate_wad_up(&c, 2 * WAD).unwrap(), pct(80), "clamped");
    }

    #[test]
    fn utilization() {
        assert_eq!(utilization_wad_down(0, 0).unwrap(), 0);
        assert_eq!(utilization_wad_down(100, 0).unwrap(), 0);
        assert_eq!(utilization_wad_down(0, 100).unwrap(), WAD);
        assert_eq!(utilization_wad_down(1, 2).unwrap(), 2 * WAD / 3);
    }

    #[test]
    fn one_year_at_ten_percent() {
        let i = accrue_index_up(WAD, WAD / 10, SECONDS_PER_YEAR).unwrap();
        assert_eq!(i, WAD + WAD / 10);
        assert_eq!(accrue_index_up(WAD, WAD / 10, 0).unwrap(), WAD);
    }

    proptest! {
        #[test]
        fn rate_is_monotonic(a in 0..=WAD, b in 0..=WAD) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(borrow_rate_wad_up(&cfg(), lo).unwrap() <= borrow_rate_wad_up(&cfg(), hi).unwrap());
        }

        #[test]
        fn index_never_falls_and_rounds_up(index in WAD..1_000 * WAD, rate in 0..12 * WAD, dt in 0u64..30 * SECONDS_PER_YEAR) {
            let next = accrue_index_up(index, rate, dt).unwrap();
            prop_assert!(next >= index);
            // between the index grown by the rounded-down and the rounded-up growth
            let g_down = rate * dt as u128 / SECONDS_PER_YEAR as u128;
            let lo = crate::math::mul_wad_down(WAD + g_down, index).unwrap();
            let hi = crate::math::mul_wad_up(WAD + g_down + 1, index).unwrap();
            prop_assert!(lo <= next && next <= hi);
        }

        #[test]
        fn splitting_time_never_charges_less(index in WAD..2 * WAD, rate in 0..WAD, dt1 in 1u64..SECONDS_PER_YEAR, dt2 in 1u64..SECONDS_PER_YEAR) {
            // compounding across accruals: two steps grow at least as much as one
            let once = accrue_index_up(index, rate, dt1 + dt2).unwrap();
            let twice = accrue_index_up(accrue_index_up(index, rate, dt1).unwrap(), rate, dt2).unwrap();
            prop_assert!(twice >= once);
        }
    }
}
