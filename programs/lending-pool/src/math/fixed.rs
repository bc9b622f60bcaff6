pub use super::wide::{div_rem_wad, mul_64};
use super::wide::{div_wide, mul_wide};
use crate::{constants::WAD, errors::LendingError};
use anchor_lang::prelude::*;

/// `a * b / d`, rounded down, exact for any operands (the product is formed in 256 bits).
/// Errors if `d == 0` or the quotient does not fit in 128 bits. Inlined: a constant `d`
/// (basis points, seconds per year) folds the division's branches away.
#[inline(always)]
pub fn mul_div_down(a: u128, b: u128, d: u128) -> Result<u128> {
    Ok(mul_div_rem(a, b, d)?.0)
}

/// `a * b / d`, rounded up; see `mul_div_down`.
#[inline(always)]
pub fn mul_div_up(a: u128, b: u128, d: u128) -> Result<u128> {
    let (q, r) = mul_div_rem(a, b, d)?;
    q.checked_add(u128::from(r != 0))
        .ok_or_else(|| LendingError::MathOverflow.into())
}

#[inline(always)]
fn mul_div_rem(a: u128, b: u128, d: u128) -> Result<(u128, u128)> {
    let (hi, lo) = mul_wide(a, b);
    div_wide(hi, lo, d).ok_or_else(|| LendingError::MathOverflow.into())
}

/// `a × b`, exact; errors when it does not fit 128 bits. A `checked_mul` without the
/// runtime-library call (see `wide::mul_64`).
pub fn mul_exact(a: u128, b: u128) -> Result<u128> {
    match mul_wide(a, b) {
        (0, lo) => Ok(lo),
        _ => err!(LendingError::MathOverflow),
    }
}

/// `a * b / WAD` and its remainder. Operands below 2^64 (token amounts, scaled debts, an
/// index below ~18.4) take the constant-divisor path (`div_rem_wad`).
#[inline(always)]
fn mul_wad_rem(a: u128, b: u128) -> Result<(u128, u128)> {
    if (a | b) >> 64 == 0 {
        return Ok(div_rem_wad(mul_64(a as u64, b as u64)));
    }
    mul_div_rem(a, b, WAD)
}

/// `a * b / WAD`, rounded down.
#[inline(always)]
pub fn mul_wad_down(a: u128, b: u128) -> Result<u128> {
    Ok(mul_wad_rem(a, b)?.0)
}

/// `a * b / WAD`, rounded up.
#[inline(always)]
pub fn mul_wad_up(a: u128, b: u128) -> Result<u128> {
    let (q, r) = mul_wad_rem(a, b)?;
    // q ≤ (2^64 − 1)^2 / 10^18 on the fast path, and the general path's q + 1 cannot wrap
    // unless q is u128::MAX
    q.checked_add(u128::from(r != 0))
        .ok_or_else(|| LendingError::MathOverflow.into())
}

/// `n / d` as a WAD ratio, rounded down, exact; `u128::MAX` when it does not fit (a
/// saturation that still rounds down). Errors only for `d == 0`.
pub fn ratio_wad_down(n: u128, d: u128) -> Result<u128> {
    require!(d != 0, LendingError::MathOverflow);
    let (hi, lo) = mul_wide(n, WAD);
    Ok(div_wide(hi, lo, d).map_or(u128::MAX, |(q, _)| q))
}

/// Quotient and remainder of `n / d`, rounded down, without the bit-serial generic routine.
pub fn div_rem(n: u128, d: u128) -> Result<(u128, u128)> {
    div_wide(0, n, d).ok_or_else(|| LendingError::MathOverflow.into())
}

/// Narrows to a token amount.
pub fn to_u64(v: u128) -> Result<u64> {
    u64::try_from(v).map_err(|_| LendingError::MathOverflow.into())
}

pub fn add_u64(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| LendingError::MathOverflow.into())
}

pub fn sub_u64(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b)
        .ok_or_else(|| LendingError::MathOverflow.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rounding_directions() {
        assert_eq!(mul_div_down(7, 3, 2).unwrap(), 10);
        assert_eq!(mul_div_up(7, 3, 2).unwrap(), 11);
        assert_eq!(mul_div_up(6, 3, 2).unwrap(), 9);
        assert_eq!(mul_div_down(0, 5, 3).unwrap(), 0);
        assert_eq!(mul_div_up(0, 5, 3).unwrap(), 0);
    }

    #[test]
    fn errors_instead_of_panics() {
        assert!(mul_div_down(1, 1, 0).is_err());
        assert!(mul_div_up(1, 1, 0).is_err());
        assert!(mul_div_down(u128::MAX, 2, 1).is_err());
        assert!(mul_div_up(u128::MAX, 4, 3).is_err());
        // exact past u128 products: 2^129 − 2 over 3
        assert_eq!(mul_div_down(u128::MAX, 2, 3).unwrap(), (u128::MAX / 3) * 2);
        assert!(mul_div_up(u128::MAX, 2, 2).is_ok() && mul_div_up(u128::MAX, 1, 1).is_ok());
        assert!(mul_div_up(1u128 << 127, 3, 1).is_err());
        assert!(to_u64(u64::MAX as u128 + 1).is_err());
        assert_eq!(to_u64(u64::MAX as u128).unwrap(), u64::MAX);
        assert!(add_u64(u64::MAX, 1).is_err());
        assert!(sub_u64(0, 1).is_err());
    }

    #[test]
    fn div_rem_edges() {
        for (n, d) in [
            (u128::MAX, 1u128),
            (u128::MAX, u64::MAX as u128),
            (u128::MAX, (1u128 << 64) + 1),
            (u128::MAX, u128::MAX),
            ((1u128 << 64) - 1, 1 << 63),
            (1u128 << 127, 3),
            (
                crate::constants::WAD * crate::constants::WAD,
                crate::constants::WAD + 1,
            ),
            (0, 7),
        ] {
            assert_eq!(div_rem(n, d).unwrap(), (n / d, n % d), "{n} / {d}");
        }
        assert!(div_rem(1, 0).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn div_rem_matches_native(n in any::<u128>(), d in 1..=u64::MAX, shift in 0u32..64) {
            let d = (d >> shift).max(1) as u128;
            prop_assert_eq!(div_rem(n, d).unwrap(), (n / d, n % d));
        }

        #[test]
        fn mul_wad_matches_the_direct_product(a in 0..u64::MAX as u128 * 16, b in 0..(1u128 << 60)) {
            prop_assert_eq!(mul_wad_down(a, b).unwrap(), a * b / WAD);
            prop_assert_eq!(mul_wad_up(a, b).unwrap(), (a * b).div_ceil(WAD));
        }

        #[test]
        fn mul_wad_survives_products_beyond_u128(a in WAD..20 * WAD, b in 10 * WAD..1_000_000 * WAD) {
            // a * b overflows u128 here; the result does not
            let down = mul_wad_down(a, b).unwrap();
            let up = mul_wad_up(a, b).unwrap();
            prop_assert!(up - down <= 1);
            prop_assert_eq!(down, a * (b / WAD) + a * (b % WAD) / WAD);
        }

        #[test]
        fn ratio_never_rounds_up(n in any::<u128>(), d in 1..=u128::MAX) {
            let r = ratio_wad_down(n, d).unwrap();
            // exact: r·d ≤ n·WAD < (r + 1)·d, unless saturated
            let exact = mul_wide(n, WAD);
            prop_assert!(mul_wide(r, d) <= exact);
            if r < u128::MAX {
                prop_assert!(mul_wide(r + 1, d) > exact);
            }
            if n <= u128::MAX / WAD {
                prop_assert_eq!(r, n * WAD / d);
            }
        }

        #[test]
        fn div_rem_matches_native_wide(n in any::<u128>(), d in 1..=u128::MAX) {
            prop_assert_eq!(div_rem(n, d).unwrap(), (n / d, n % d));
        }

        #[test]
        fn up_is_down_plus_remainder(a in any::<u64>(), b in any::<u64>(), d in 1..u64::MAX) {
            let (a, b, d) = (a as u128, b as u128, d as u128);
            let down = mul_div_down(a, b, d).unwrap();
            let up = mul_div_up(a, b, d).unwrap();
            prop_assert!(down * d <= a * b);
            prop_assert!(up * d >= a * b);
            prop_assert_eq!(up - down, u128::from((a * b) % d != 0));
        }
    }
}
