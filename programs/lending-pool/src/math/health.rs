//! Position health: one implementation, used by the program and (through the SDK) off-chain.
use super::{
    fixed::{mul_div_down, ratio_wad_down},
    price::*,
};
use crate::constants::BPS;
use anchor_lang::prelude::*;

/// One collateral holding with the price chosen for the valuation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CollateralHolding {
    pub amount: u64,
    pub decimals: u8,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
    pub price: u64,
    pub expo: i32,
}

/// The debt side: base units owed, and the base asset's price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DebtHolding {
    pub amount: u64,
    pub decimals: u8,
    pub price: u64,
    pub expo: i32,
}

/// All values in WAD-scaled quote units. `health_wad = liquidation_limit / debt_value`
/// (WAD; `u128::MAX` without debt): below 1.0 the position can be liquidated.
/// `repayable_value = Σ collateral_value_i × BPS / (BPS + bonus_i)`: the most debt the
/// collateral can repay when every slot pays its full liquidation bonus.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PositionHealth {
    pub collateral_value: u128,
    pub borrow_limit: u128,
    pub liquidation_limit: u128,
    pub debt_value: u128,
    pub health_wad: u128,
    pub repayable_value: u128,
}

impl PositionHealth {
    /// Within the borrow limit (may open more risk).
    pub fn within_borrow_limit(&self) -> bool {
        self.debt_value <= self.borrow_limit
    }
    /// The valuations without the health ratio.
    pub fn values(&self) -> PositionValues {
        PositionValues {
            collateral_value: self.collateral_value,
            borrow_limit: self.borrow_limit,
            liquidation_limit: self.liquidation_limit,
            debt_value: self.debt_value,
            repayable_value: self.repayable_value,
        }
    }

    /// `debt_value > liquidation_limit`.
    pub fn is_liquidatable(&self) -> bool {
        self.debt_value > self.liquidation_limit
    }
    /// Underwater: the collateral cannot pay the bonus on the whole debt
    /// (`repayable_value ≤ debt_value`, with debt). Every partial liquidation then lowers the
    /// health, so a liquidation may take a whole slot and the close factor is lifted.
    pub fn is_underwater(&self) -> bool {
        self.debt_value > 0 && self.repayable_value <= self.debt_value
    }
}

/// A position's valuations without the health ratio (a 256-bit division): all that the
/// borrow-limit check and the shortfall need. Fields as in [`PositionHealth`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PositionValues {
    pub collateral_value: u128,
    pub borrow_limit: u128,
    pub liquidation_limit: u128,
    pub debt_value: u128,
    pub repayable_value: u128,
}

impl PositionValues {
    /// Within the borrow limit (may open more risk).
    pub fn within_borrow_limit(&self) -> bool {
        self.debt_value <= self.borrow_limit
    }

    /// With the health ratio `liquidation_limit / debt_value` (WAD, rounded down).
    pub fn with_health(self) -> Result<PositionHealth> {
        Ok(PositionHealth {
            collateral_value: self.collateral_value,
            borrow_limit: self.borrow_limit,
            liquidation_limit: self.liquidation_limit,
            debt_value: self.debt_value,
            health_wad: if self.debt_value == 0 {
                u128::MAX
            } else {
                ratio_wad_down(self.liquidation_limit, self.debt_value)?
            },
            repayable_value: self.repayable_value,
        })
    }
}

/// Values collateral down and debt up, so rounding never makes a position look healthier.
pub fn position_values(
    collateral: &[CollateralHolding],
    debt: DebtHolding,
) -> Result<PositionValues> {
    let mut h = PositionValues::default();
    for c in collateral.iter().filter(|c| c.amount > 0) {
        let v = value_wad_down(c.amount, c.decimals, c.price, c.expo)?;
        h.collateral_value = h.collateral_value.saturating_add(v);
        h.borrow_limit =
            h.borrow_limit
                .saturating_add(mul_div_down(v, c.ltv_bps as u128, BPS as u128)?);
        h.liquidation_limit = h.liquidation_limit.saturating_add(mul_div_down(
            v,
            c.liquidation_threshold_bps as u128,
            BPS as u128,
        )?);
        h.repayable_value = h.repayable_value.saturating_add(mul_div_down(
            v,
            BPS as u128,
            BPS as u128 + c.liquidation_bonus_bps as u128,
        )?);
    }
    h.debt_value = if debt.amount == 0 {
        0
    } else {
        value_wad_up(debt.amount, debt.decimals, debt.price, debt.expo)?
    };
    Ok(h)
}

/// [`position_values`] with the health ratio.
pub fn position_health(
    collateral: &[CollateralHolding],
    debt: DebtHolding,
) -> Result<PositionHealth> {
    position_values(collateral, debt)?.with_health()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::WAD;
    use proptest::prelude::*;

    const USD: (u64, i32) = (100_000_000, -8);

    fn sol(amount: u64, price: u64) -> CollateralHolding {
        CollateralHolding {
            amount,
            decimals: 9,
            ltv_bps: 7_000,
            liquidation_threshold_bps: 8_000,
            liquidation_bonus_bps: 500,
            price,
            expo: -8,
        }
    }
    fn usdc_debt(amount: u64) -> DebtHolding {
        DebtHolding {
            amount,
            decimals: 6,
            price: USD.0,
            expo: USD.1,
        }
    }

    #[test]
    fn two_assets_combine() {
        let btc = CollateralHolding {
            amount: 10_000_000,
            decimals: 8,
            ltv_bps: 6_000,
            liquidation_threshold_bps: 7_000,
            liquidation_bonus_bps: 1_000,
            price: 6_000_000_000_000,
            expo: -8,
        };
        // 2 SOL at $100 + 0.1 BTC at $60,000; debt $4,000
        let h = position_health(
            &[sol(2_000_000_000, 10_000_000_000), btc],
            usdc_debt(4_000_000_000),
        )
        .unwrap();
        assert_eq!(h.collateral_value, 6_200 * WAD);
        assert_eq!(h.borrow_limit, (140 + 3_600) * WAD);
        assert_eq!(h.liquidation_limit, (160 + 4_200) * WAD);
        assert_eq!(h.debt_value, 4_000 * WAD);
        assert_eq!(h.health_wad, 4_360 * WAD / 4_000);
        // $200 at a 5% bonus repays $190.47…, $6,000 at 10% repays $5,454.54…
        assert_eq!(
            h.repayable_value,
            200 * WAD * 10_000 / 10_500 + 6_000 * WAD * 10_000 / 11_000
        );
        assert!(!h.is_underwater());
        // above the borrow limit, below the liquidation limit: may not borrow, is not liquidatable
        assert!(!h.within_borrow_limit() && !h.is_liquidatable());
    }

    #[test]
    fn large_values_keep_an_exact_health() {
        // $1,200 of limit against $1,000 of debt: 1.2e39 would overflow a naive L × WAD
        let h = position_health(
            &[sol(10_000_000_000, 15_000_000_000)],
            usdc_debt(1_000_000_000),
        )
        .unwrap();
        assert_eq!(h.health_wad, 12 * WAD / 10);
    }

    #[test]
    fn no_debt_is_infinitely_healthy() {
        let h = position_health(&[sol(1, 1)], usdc_debt(0)).unwrap();
        assert_eq!((h.debt_value, h.health_wad), (0, u128::MAX));
        assert!(!h.is_underwater());
        let h = position_health(&[], usdc_debt(1)).unwrap();
        assert_eq!(h.health_wad, 0);
        assert!(h.is_liquidatable() && h.is_underwater());
    }

    proptest! {
        #[test]
        fn more_collateral_or_less_debt_never_hurts(a in 0u64..1_000_000_000_000, extra in 0u64..1_000_000_000, price in 1u64..100_000_000_000, debt in 0u64..1_000_000_000_000, less in 0u64..1_000_000_000) {
            let base = position_health(&[sol(a, price)], usdc_debt(debt)).unwrap();
            let richer = position_health(&[sol(a + extra, price)], usdc_debt(debt.saturating_sub(less))).unwrap();
            prop_assert!(richer.health_wad >= base.health_wad);
            prop_assert!(richer.borrow_limit >= base.borrow_limit);
            prop_assert!(!base.within_borrow_limit() || richer.within_borrow_limit());
        }

        #[test]
        fn underwater_iff_the_collateral_cannot_pay_the_bonus(a in 1u64..1_000_000_000_000, price in 1_000_000u64..100_000_000_000, debt in 1u64..1_000_000_000_000) {
            let h = position_health(&[sol(a, price)], usdc_debt(debt)).unwrap();
            // exact: collateral × BPS ≤ debt × (BPS + bonus), up to the rounding of the values
            let lhs = h.collateral_value * 10_000;
            let rhs = h.debt_value * 10_500;
            if lhs + 10_500 <= rhs { prop_assert!(h.is_underwater()); }
            if lhs > rhs + 10_500 { prop_assert!(!h.is_underwater()); }
        }

        #[test]
        fn borrow_limit_below_liquidation_limit(a in 0u64..u64::MAX / 2, price in 1u64..1_000_000_000_000) {
            let h = position_health(&[sol(a, price)], usdc_debt(1)).unwrap();
            prop_assert!(h.borrow_limit <= h.liquidation_limit && h.liquidation_limit <= h.collateral_value);
        }
    }
}
