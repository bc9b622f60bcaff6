//! LP share conversions with the virtual offset (see `constants::VIRTUAL_SHARES`).
//! Deposits round shares down, withdrawals round shares up / assets down: the pool never
//! pays a caller for a rounding error.
use super::fixed::{mul_div_down, mul_div_up, to_u64};
use crate::constants::{VIRTUAL_ASSETS, VIRTUAL_SHARES, WAD};
use anchor_lang::prelude::*;

fn virt(lp_assets: u64, lp_supply: u64) -> (u128, u128) {
    (
        lp_assets as u128 + VIRTUAL_ASSETS,
        lp_supply as u128 + VIRTUAL_SHARES,
    )
}

/// Shares minted for depositing `assets` (rounded down).
pub fn to_shares_down(assets: u64, lp_assets: u64, lp_supply: u64) -> Result<u64> {
    let (a, s) = virt(lp_assets, lp_supply);
    to_u64(mul_div_down(assets as u128, s, a)?)
}

/// Shares burnt for withdrawing exactly `assets` (rounded up).
pub fn to_shares_up(assets: u64, lp_assets: u64, lp_supply: u64) -> Result<u64> {
    let (a, s) = virt(lp_assets, lp_supply);
    to_u64(mul_div_up(assets as u128, s, a)?)
}

/// Base units paid out for redeeming `shares` (rounded down).
pub fn to_assets_down(shares: u64, lp_assets: u64, lp_supply: u64) -> Result<u64> {
    let (a, s) = virt(lp_assets, lp_supply);
    to_u64(mul_div_down(shares as u128, a, s)?)
}

/// Share price in base units per LP unit, WAD-scaled, rounded down (for events and views).
pub fn share_price_wad_down(lp_assets: u64, lp_supply: u64) -> Result<u128> {
    let (a, s) = virt(lp_assets, lp_supply);
    mul_div_down(a, WAD, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_pool_mints_at_the_virtual_rate() {
        assert_eq!(to_shares_down(1, 0, 0).unwrap(), 1);
        assert_eq!(to_shares_down(5_000_000, 0, 0).unwrap(), 5_000_000);
        assert_eq!(share_price_wad_down(0, 0).unwrap(), WAD);
        // any amount a u64 holds mints at the initial price, whatever the base decimals
        assert_eq!(to_shares_down(u64::MAX, 0, 0).unwrap(), u64::MAX);
    }

    #[test]
    fn rounding_goes_to_the_pool() {
        // 10 assets / 3 shares (+ virtual): a deposit of 1 buys floor, a withdrawal pays floor
        let (assets, supply) = (10_000, 2_999_999);
        let s = to_shares_down(1, assets, supply).unwrap();
        let exact = 1.0 * (supply as f64 + 1.0) / (assets as f64 + 1.0);
        assert_eq!(s, exact.floor() as u64);
        assert_eq!(
            to_shares_up(1, assets, supply).unwrap(),
            exact.ceil() as u64
        );
        assert!(to_assets_down(s, assets, supply).unwrap() <= 1);
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(to_shares_down(u64::MAX, 0, u64::MAX).is_err());
        assert!(to_assets_down(u64::MAX, u64::MAX, 0).is_err());
    }

    fn book() -> impl Strategy<Value = (u64, u64)> {
        // realistic books: share price between 1e-3 and 1e6 base units per share
        (1u64..1_000_000_000_000_000, 0u64..30).prop_map(|(a, k)| {
            let supply = ((a as u128 * 1_000) >> k).min(u64::MAX as u128 / 2) as u64;
            // (a price below one unit per share follows write-downs)
            (a, supply)
        })
    }

    proptest! {
        #[test]
        fn deposit_then_redeem_never_profits((assets, supply) in book(), x in 1u64..1_000_000_000_000) {
            let shares = to_shares_down(x, assets, supply).unwrap();
            let (a2, s2) = (assets + x, supply + shares);
            let back = to_assets_down(shares, a2, s2).unwrap();
            prop_assert!(back <= x, "deposit {x} -> {shares} shares -> {back}");
        }

        #[test]
        fn withdraw_exact_assets_burns_at_least_their_value((assets, supply) in book(), x in 1u64..1_000_000_000) {
            prop_assume!(x <= assets);
            let burn = to_shares_up(x, assets, supply).unwrap();
            // the shares burnt are worth at least what was paid out
            let value = mul_div_up(burn as u128, assets as u128 + VIRTUAL_ASSETS, supply as u128 + VIRTUAL_SHARES).unwrap();
            prop_assert!(value >= x as u128);
            // and one share fewer would not have been enough
            if burn > 0 {
                let less = to_assets_down(burn - 1, assets, supply).unwrap();
                prop_assert!(less < x);
            }
        }

        #[test]
        fn price_never_falls_on_deposit_or_withdraw((assets, supply) in book(), x in 1u64..1_000_000_000, redeem in any::<bool>()) {
            let before = share_price_wad_down(assets, supply).unwrap();
            let (a2, s2) = if redeem {
                let shares = x.min(supply);
                let out = to_assets_down(shares, assets, supply).unwrap();
                (assets - out.min(assets), supply - shares)
            } else {
                let shares = to_shares_down(x, assets, supply).unwrap();
                (assets + x, supply + shares)
            };
            // exact cross-multiplication, not the rounded WAD price
            let lhs = (a2 as u128 + VIRTUAL_ASSETS) * (supply as u128 + VIRTUAL_SHARES);
            let rhs = (assets as u128 + VIRTUAL_ASSETS) * (s2 as u128 + VIRTUAL_SHARES);
            prop_assert!(lhs >= rhs);
            prop_assert!(share_price_wad_down(a2, s2).unwrap() >= before);
        }
    }
}
