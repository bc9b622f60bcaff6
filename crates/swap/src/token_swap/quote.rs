//! The program's constant-product swap, step for step (`SwapCurve::swap` with
//! `constant_product::swap` and spl-math's `checked_ceil_div`), so a quote is what the
//! swap pays to the unit.
use super::ix::Fees;

/// What one swap does to the pool and the trader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapResult {
    /// Taken from the trader (it can be a little less than offered: the curve rounds it).
    pub source_amount_swapped: u64,
    /// Paid to the trader.
    pub destination_amount_swapped: u64,
}

/// `fee_numerator / fee_denominator` of `amount`, rounded down but at least one unit when
/// the fee is not zero (the program's `calculate_fee`).
fn fee_down_min_one(amount: u128, numerator: u64, denominator: u64) -> Option<u128> {
    if numerator == 0 || amount == 0 {
        return Some(0);
    }
    let fee = amount.checked_mul(numerator as u128)? / (denominator as u128).max(1);
    Some(fee.max(1))
}

/// `dividend / divisor` rounded up, and the smallest divisor giving that quotient (what
/// the curve charges the trader for the rounding): spl-math's `checked_ceil_div`.
fn ceil_div_adjusting(dividend: u128, divisor: u128) -> Option<(u128, u128)> {
    let mut quotient = dividend.checked_div(divisor)?;
    if quotient == 0 {
        return None;
    }
    let mut divisor = divisor;
    if !dividend.is_multiple_of(divisor) {
        quotient += 1;
        divisor = dividend / quotient;
        if !dividend.is_multiple_of(quotient) {
            divisor += 1;
        }
    }
    Some((quotient, divisor))
}

/// Selling `amount_in` into reserves (`reserve_in`, `reserve_out`) with `fees`: `None`
/// where the program fails (`ZeroTradingTokens`: nothing out, or an empty side).
pub fn quote_out_down(
    amount_in: u64,
    reserve_in: u64,
    reserve_out: u64,
    fees: &Fees,
) -> Option<SwapResult> {
    let amount = amount_in as u128;
    let trade_fee = fee_down_min_one(amount, fees.trade_fee_numerator, fees.trade_fee_denominator)?;
    let owner_fee = fee_down_min_one(
        amount,
        fees.owner_trade_fee_numerator,
        fees.owner_trade_fee_denominator,
    )?;
    let total_fees = trade_fee.checked_add(owner_fee)?;
    let less_fees = amount.checked_sub(total_fees)?;
    let (x, y) = (reserve_in as u128, reserve_out as u128);
    let invariant = x.checked_mul(y)?;
    let (new_y, new_x) = ceil_div_adjusting(invariant, x.checked_add(less_fees)?)?;
    let swapped_in = new_x.checked_sub(x)?.checked_add(total_fees)?;
    let out = y.checked_sub(new_y)?;
    if out == 0 {
        return None;
    }
    Some(SwapResult {
        source_amount_swapped: u64::try_from(swapped_in).ok()?,
        destination_amount_swapped: u64::try_from(out).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fees(num: u64) -> Fees {
        Fees {
            trade_fee_numerator: num,
            trade_fee_denominator: 10_000,
            ..Fees::default()
        }
    }

    #[test]
    fn a_sale_pays_the_curve_less_the_fee() {
        // 1,000 in, 0.25% fee: 998 (after the 2-unit fee) against 1,000,000 × 1,000,000
        let r = quote_out_down(1_000, 1_000_000, 1_000_000, &fees(25)).unwrap();
        // y' = ceil(10¹² / 1,000,998) = 999,003; out = 997
        assert_eq!(r.destination_amount_swapped, 997);
        assert_eq!(r.source_amount_swapped, 1_000);
        // a tiny sale still pays the one-unit minimum fee
        assert_eq!(fee_down_min_one(10, 25, 10_000), Some(1));
        // nothing out is the program's ZeroTradingTokens
        assert_eq!(quote_out_down(1, 1_000_000, 1_000_000, &fees(0)), None);
        assert_eq!(quote_out_down(1_000, 0, 1_000_000, &fees(0)), None);
    }

    #[test]
    fn half_the_reserve_in_takes_a_third_of_the_other_side() {
        // x·y = k: selling x/2 leaves y·2/3
        let r = quote_out_down(500_000, 1_000_000, 900_000, &fees(0)).unwrap();
        assert_eq!(r.destination_amount_swapped, 300_000);
    }

    proptest! {
        #[test]
        fn the_invariant_never_falls_and_the_pool_is_never_emptied(
            x in 1_000u64..1_000_000_000_000,
            y in 1_000u64..1_000_000_000_000,
            amount in 1u64..1_000_000_000_000,
            fee in 0u64..100,
        ) {
            if let Some(r) = quote_out_down(amount, x, y, &fees(fee)) {
                prop_assert!(r.destination_amount_swapped < y);
                prop_assert!(r.source_amount_swapped <= amount);
                let k = x as u128 * y as u128;
                let k2 = (x as u128 + r.source_amount_swapped as u128)
                    * (y - r.destination_amount_swapped) as u128;
                prop_assert!(k2 >= k);
                // never more than the marginal price pays
                prop_assert!(
                    r.destination_amount_swapped as u128 * x as u128 <= amount as u128 * y as u128
                );
            }
        }
    }
}
