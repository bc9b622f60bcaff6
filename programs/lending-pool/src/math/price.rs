//! Oracle prices and token values. A value is quote units (e.g. USD), WAD-scaled.
use super::fixed::{div_rem, mul_64, mul_exact, to_u64};
use crate::{constants::MAX_COLLATERALS, errors::LendingError};
use anchor_lang::prelude::*;

/// A validated oracle reading: `price × 10^expo` quote units per whole token, with the
/// publisher's confidence and the exponential moving average.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OraclePrice {
    pub price: i64,
    pub conf: u64,
    pub ema_price: i64,
    pub expo: i32,
    pub publish_time: i64,
}

impl OraclePrice {
    /// For collateral when opening risk: `min(price, ema) − conf`, never below zero.
    pub fn collateral_price(&self) -> u64 {
        let low = self.price.min(self.ema_price).max(0) as u64;
        low.saturating_sub(self.conf)
    }
    /// For debt when opening risk: `max(price, ema) + conf`.
    pub fn debt_price(&self) -> u64 {
        let high = self.price.max(self.ema_price).max(0) as u64;
        high.saturating_add(self.conf)
    }
    /// The spot price (liquidation eligibility).
    pub fn spot_price(&self) -> u64 {
        self.price.max(0) as u64
    }
}

/// Which prices a valuation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceMode {
    /// Collateral low, debt high: for borrowing and withdrawing collateral.
    Conservative,
    /// Spot prices: for liquidation eligibility.
    Spot,
}

impl PriceMode {
    pub fn collateral(self, p: &OraclePrice) -> u64 {
        match self {
            Self::Conservative => p.collateral_price(),
            Self::Spot => p.spot_price(),
        }
    }
    pub fn debt(self, p: &OraclePrice) -> u64 {
        match self {
            Self::Conservative => p.debt_price(),
            Self::Spot => p.spot_price(),
        }
    }
}

/// The prices one valuation needs, indexed by collateral slot: the base asset's (it prices
/// the debt) and one per slot. On-chain `oracle::load_position_prices` fills the slots a
/// position holds; off-chain the SDK's `prices::from_updates` fills every slot it has a
/// valid update for. A slot without a price is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prices {
    pub base: Option<OraclePrice>,
    pub collateral: [Option<OraclePrice>; MAX_COLLATERALS],
}

impl Prices {
    /// The base asset's price; missing is `OracleAccountsMismatch` (its account was absent).
    pub fn base(&self) -> Result<OraclePrice> {
        self.base
            .ok_or_else(|| LendingError::OracleAccountsMismatch.into())
    }

    /// The price of collateral `slot`; missing is `OracleAccountsMismatch`.
    pub fn collateral(&self, slot: usize) -> Result<OraclePrice> {
        self.collateral
            .get(slot)
            .copied()
            .flatten()
            .ok_or_else(|| LendingError::OracleAccountsMismatch.into())
    }
}

/// `10^e` for every `e` a u128 holds, computed at compile time.
const POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

fn pow10(e: u32) -> Result<u128> {
    POW10
        .get(e as usize)
        .copied()
        .ok_or_else(|| LendingError::MathOverflow.into())
}

/// `amount` base units of a token with `decimals`, at `price × 10^expo` per whole token,
/// in WAD-scaled quote units; `round_up` picks the direction of the one division.
fn value_wad(amount: u64, decimals: u8, price: u64, expo: i32, round_up: bool) -> Result<u128> {
    let raw = mul_64(amount, price); // u64 × u64 always fits
    let e = 18i64 + expo as i64 - decimals as i64;
    if e >= 0 {
        return mul_exact(raw, pow10(e as u32)?);
    }
    if -e > 38 {
        return Ok(u128::from(round_up && raw != 0));
    }
    let (q, r) = div_rem(raw, pow10((-e) as u32)?)?;
    Ok(q + u128::from(round_up && r != 0))
}

/// Value rounded down (collateral: the pool never over-counts what backs a loan).
pub fn value_wad_down(amount: u64, decimals: u8, price: u64, expo: i32) -> Result<u128> {
    value_wad(amount, decimals, price, expo, false)
}

/// Value rounded up (debt).
pub fn value_wad_up(amount: u64, decimals: u8, price: u64, expo: i32) -> Result<u128> {
    value_wad(amount, decimals, price, expo, true)
}

/// How many base units of a token are worth `value` (WAD quote units), rounded down.
pub fn amount_for_value_down(value: u128, decimals: u8, price: u64, expo: i32) -> Result<u64> {
    to_u64(amount_for_value(value, decimals, price, expo, false)?)
}

/// How many base units of a token are worth at least `value`, rounded up.
pub fn amount_for_value_up(value: u128, decimals: u8, price: u64, expo: i32) -> Result<u64> {
    to_u64(amount_for_value(value, decimals, price, expo, true)?)
}

/// `min(amount_for_value_down(value), cap)`, and `cap` where the amount would not fit a u64
/// (a liquidation's seizure beyond what a slot holds: an 18-decimal token priced low).
pub fn amount_for_value_down_capped(
    value: u128,
    decimals: u8,
    price: u64,
    expo: i32,
    cap: u64,
) -> Result<u64> {
    Ok(amount_for_value(value, decimals, price, expo, false)?.min(cap as u128) as u64)
}

/// `min(amount_for_value_up(value), cap)`, and `cap` where the amount would not fit a u64.
pub fn amount_for_value_up_capped(
    value: u128,
    decimals: u8,
    price: u64,
    expo: i32,
    cap: u64,
) -> Result<u64> {
    Ok(amount_for_value(value, decimals, price, expo, true)?.min(cap as u128) as u64)
}

/// `value / (price × 10^(18 + expo − decimals))` in token units, rounded as asked. Fails
/// only on a non-positive price or a product beyond u128.
fn amount_for_value(value: u128, decimals: u8, price: u64, expo: i32, up: bool) -> Result<u128> {
    require!(price > 0, LendingError::OracleNonPositivePrice);
    let e = 18i64 + expo as i64 - decimals as i64;
    let (q, r) = if e >= 0 {
        div_rem(value, mul_exact(price as u128, pow10(e as u32)?)?)?
    } else {
        div_rem(mul_exact(value, pow10((-e) as u32)?)?, price as u128)?
    };
    Ok(q + u128::from(up && r != 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::WAD;
    use proptest::prelude::*;

    #[test]
    fn values() {
        // 2.5 tokens (6 decimals) at $1.00 (expo -8) = $2.5
        assert_eq!(
            value_wad_down(2_500_000, 6, 100_000_000, -8).unwrap(),
            5 * WAD / 2
        );
        // 1 SOL (9 decimals) at $150.12345678
        assert_eq!(
            value_wad_down(1_000_000_000, 9, 15_012_345_678, -8).unwrap(),
            150_123_456_780_000_000_000
        );
        // a value that needs a division: 1 unit of an 18-decimal token at $0.00000001
        assert_eq!(value_wad_down(1, 18, 1, -8).unwrap(), 0);
        assert_eq!(value_wad_up(1, 18, 1, -8).unwrap(), 1);
        assert_eq!(
            amount_for_value_down(5 * WAD / 2, 6, 100_000_000, -8).unwrap(),
            2_500_000
        );
    }

    #[test]
    fn conservative_prices() {
        let p = OraclePrice {
            price: 100,
            conf: 3,
            ema_price: 98,
            expo: 0,
            publish_time: 0,
        };
        assert_eq!(
            (p.collateral_price(), p.debt_price(), p.spot_price()),
            (95, 103, 100)
        );
        let crash = OraclePrice {
            price: 2,
            conf: 5,
            ema_price: 50,
            expo: 0,
            publish_time: 0,
        };
        assert_eq!(crash.collateral_price(), 0);
        let negative = OraclePrice {
            price: -1,
            conf: 0,
            ema_price: -1,
            expo: 0,
            publish_time: 0,
        };
        assert_eq!((negative.collateral_price(), negative.spot_price()), (0, 0));
    }

    proptest! {
        #[test]
        fn rounding_brackets_the_exact_value(amount in any::<u64>(), dec in 0u8..=18, price in 1u64..1_000_000_000_000, expo in -12i32..=2) {
            let down = value_wad_down(amount, dec, price, expo);
            let up = value_wad_up(amount, dec, price, expo);
            if let (Ok(d), Ok(u)) = (down, up) {
                prop_assert!(u - d <= 1);
                // converting a value back never yields more tokens than it came from
                if let Ok(back) = amount_for_value_down(d, dec, price, expo) {
                    prop_assert!(back <= amount);
                }
            }
        }
    }
}
