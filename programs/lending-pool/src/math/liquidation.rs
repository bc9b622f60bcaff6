//! How much a liquidation repays, pays out and charges. Pure; prices are spot prices.
use super::{fixed::mul_div_up, price::*};
use crate::{constants::BPS, errors::LendingError};
use anchor_lang::prelude::*;

/// One side of a liquidation: a token's decimals and its spot price `price × 10^expo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Priced {
    pub decimals: u8,
    pub price: u64,
    pub expo: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidationQuote {
    /// Base units of debt the liquidator repays.
    pub repay: u64,
    /// Collateral units the liquidator receives.
    pub collateral_out: u64,
    /// Base units the liquidator pays on top into the insurance fund.
    pub fee: u64,
}

/// The liquidator repays `min(requested, max_repay)` and receives collateral worth the
/// repaid value plus `bonus_bps` (rounded down). If the slot holds less, they receive all
/// of it: with a smaller bonus while it still covers the repayment at par, otherwise for a
/// repayment shrunk to match the full bonus (rounded up). The fee is the share
/// `fee_bps / bonus_bps` of the bonus actually paid (`fee_for_bonus_up`), so a smaller bonus
/// carries a smaller fee. Every rounding favours the pool.
pub fn quote_liquidation(
    requested: u64,
    max_repay: u64,
    collateral_held: u64,
    base: Priced,
    collateral: Priced,
    bonus_bps: u16,
    fee_bps: u16,
) -> Result<LiquidationQuote> {
    let mut repay = requested.min(max_repay);
    require!(repay > 0, LendingError::ZeroAmount);
    let repaid_value = value_wad_down(repay, base.decimals, base.price, base.expo)?;
    let seize_value =
        super::fixed::mul_div_down(repaid_value, BPS as u128 + bonus_bps as u128, BPS as u128)?;
    // more than the slot holds (however many units that is) means all of it
    let wanted = amount_for_value_down_capped(
        seize_value,
        collateral.decimals,
        collateral.price,
        collateral.expo,
        collateral_held.saturating_add(1),
    )?;
    let mut collateral_out = wanted;
    if wanted > collateral_held {
        collateral_out = collateral_held;
        let held_value = value_wad_down(
            collateral_held,
            collateral.decimals,
            collateral.price,
            collateral.expo,
        )?;
        if held_value < repaid_value {
            // the slot cannot even cover the repayment at par: the repayment shrinks until
            // the whole slot pays it plus the full bonus
            let repay_value = mul_div_up(held_value, BPS as u128, BPS as u128 + bonus_bps as u128)?;
            repay = amount_for_value_up_capped(
                repay_value,
                base.decimals,
                base.price,
                base.expo,
                repay,
            )?;
        }
        // otherwise the repayment stands and the bonus is what the slot has beyond it: a
        // solvent position is never left with debt to write off
    }
    let fee = fee_for_bonus_up(repay, collateral_out, base, collateral, bonus_bps, fee_bps)?;
    Ok(LiquidationQuote {
        repay,
        collateral_out,
        fee,
    })
}

/// The repayment (base units, rounded up) for which one unit of `collateral` pays the repaid
/// value plus `bonus_bps`: the least a liquidation must be allowed to repay so that a seizure
/// of an indivisible, valuable collateral does not round to nothing.
pub fn repay_for_one_unit_up(base: Priced, collateral: Priced, bonus_bps: u16) -> Result<u64> {
    let unit_value = value_wad_down(1, collateral.decimals, collateral.price, collateral.expo)?;
    let repay_value = mul_div_up(unit_value, BPS as u128, BPS as u128 + bonus_bps as u128)?;
    amount_for_value_up(repay_value, base.decimals, base.price, base.expo)
}

/// The liquidation fee in base units: `bonus_paid × fee_bps / bonus_bps`, where
/// `bonus_paid = value(collateral_out) − value(repay)` at spot (the collateral valued up, the
/// repayment down, the fee rounded up), and never more than `repay × fee_bps / BPS` (up),
/// the fee on a full bonus. Liquidating keeps `1 − fee / bonus` of whatever bonus is paid.
pub fn fee_for_bonus_up(
    repay: u64,
    collateral_out: u64,
    base: Priced,
    collateral: Priced,
    bonus_bps: u16,
    fee_bps: u16,
) -> Result<u64> {
    let full = super::fixed::to_u64(mul_div_up(repay as u128, fee_bps as u128, BPS as u128)?)?;
    if bonus_bps == 0 || fee_bps == 0 {
        return Ok(0);
    }
    let received = value_wad_up(
        collateral_out,
        collateral.decimals,
        collateral.price,
        collateral.expo,
    )?;
    let repaid = value_wad_down(repay, base.decimals, base.price, base.expo)?;
    let bonus_paid = received.saturating_sub(repaid);
    let fee_value = mul_div_up(bonus_paid, fee_bps as u128, bonus_bps as u128)?;
    let fee = amount_for_value_up(fee_value, base.decimals, base.price, base.expo)?;
    Ok(fee.min(full))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const USDC: Priced = Priced {
        decimals: 6,
        price: 100_000_000,
        expo: -8,
    };
    fn sol(price: u64) -> Priced {
        Priced {
            decimals: 9,
            price,
            expo: -8,
        }
    }

    #[test]
    fn bonus_fee_and_close_factor() {
        // repay $100 (of at most $500) against SOL at $100 with a 5% bonus: 1.05 SOL
        let q = quote_liquidation(
            100_000_000,
            500_000_000,
            10_000_000_000,
            USDC,
            sol(10_000_000_000),
            500,
            100,
        )
        .unwrap();
        assert_eq!(
            q,
            LiquidationQuote {
                repay: 100_000_000,
                collateral_out: 1_050_000_000,
                fee: 1_000_000
            }
        );
        // asking for more than the close factor allows repays the close factor
        let q = quote_liquidation(
            u64::MAX,
            50_000_000,
            10_000_000_000,
            USDC,
            sol(10_000_000_000),
            500,
            100,
        )
        .unwrap();
        assert_eq!(q.repay, 50_000_000);
    }

    #[test]
    fn a_slot_that_covers_the_repayment_pays_a_smaller_bonus() {
        // 1.02 SOL ($102) for a $100 repayment: all of it, a 2% bonus instead of 5%
        let q = quote_liquidation(
            100_000_000,
            100_000_000,
            1_020_000_000,
            USDC,
            sol(10_000_000_000),
            500,
            100,
        )
        .unwrap();
        assert_eq!((q.repay, q.collateral_out), (100_000_000, 1_020_000_000));
        // the fee is 1/5 of the $2 bonus (fee 1%, bonus 5%): $0.40, not $1
        assert_eq!(q.fee, 400_000);
        // at par there is no bonus and no fee: the band between the debt and the debt plus
        // the fee is no longer unprofitable to liquidate
        let q = quote_liquidation(
            100_000_000,
            100_000_000,
            1_000_000_000,
            USDC,
            sol(10_000_000_000),
            500,
            100,
        )
        .unwrap();
        assert_eq!(
            (q.repay, q.collateral_out, q.fee),
            (100_000_000, 1_000_000_000, 0)
        );
    }

    #[test]
    fn short_collateral_shrinks_the_repayment() {
        // only 0.5 SOL ($50) left: the liquidator gets all of it and repays $50 / 1.05
        let q = quote_liquidation(
            100_000_000,
            100_000_000,
            500_000_000,
            USDC,
            sol(10_000_000_000),
            500,
            100,
        )
        .unwrap();
        assert_eq!(q.collateral_out, 500_000_000);
        assert_eq!(q.repay, 47_619_048); // 47.6190476… rounded up
        assert_eq!(q.fee, 476_191);
    }

    proptest! {
        #[test]
        fn liquidator_never_gets_more_than_the_bonus(
            requested in 1u64..1_000_000_000_000, held in 0u64..10_000_000_000_000,
            sol_price in 1_000_000u64..100_000_000_000, bonus in 10u16..2_000, fee in 0u16..10,
        ) {
            let q = quote_liquidation(requested, requested, held, USDC, sol(sol_price), bonus, fee).unwrap();
            prop_assert!(q.repay <= requested && q.collateral_out <= held);
            let paid = value_wad_up(q.repay, 6, USDC.price, USDC.expo).unwrap();
            let got = value_wad_down(q.collateral_out, 9, sol_price, -8).unwrap();
            // collateral received is worth at most the repaid value plus the bonus
            prop_assert!(got * (BPS as u128) <= paid * (BPS as u128 + bonus as u128));
            // the fee never exceeds the fee on a full bonus, and the liquidator keeps at least
            // (1 − fee / bonus) of the bonus paid, within a unit of each rounding
            let full_fee = (q.repay as u128 * fee as u128).div_ceil(BPS as u128);
            prop_assert!(q.fee as u128 <= full_fee);
            let fee_value = value_wad_up(q.fee, 6, USDC.price, USDC.expo).unwrap();
            let bonus_paid = got.saturating_sub(paid);
            let one_unit = value_wad_up(1, 6, USDC.price, USDC.expo).unwrap();
            prop_assert!(fee_value * bonus as u128 <= (bonus_paid + 2 * one_unit) * fee as u128 + one_unit * bonus as u128);
        }
    }
}
