use crate::{constants::WAD, errors::LendingError};
use anchor_lang::prelude::*;

/// `a * b / d`, rounded down. Errors on overflow or `d == 0`.
pub fn mul_div_down(a: u128, b: u128, d: u128) -> Result<u128> {
    let p = a.checked_mul(b).ok_or(LendingError::MathOverflow)?;
    Ok(div_rem(p, d)?.0)
}

/// `a * b / d`, rounded up. Errors on overflow or `d == 0`.
pub fn mul_div_up(a: u128, b: u128, d: u128) -> Result<u128> {
    let p = a.checked_mul(b).ok_or(LendingError::MathOverflow)?;
    let (q, r) = div_rem(p, d)?;
    // ceil without `p + d - 1` (which could overflow)
    Ok(q + u128::from(r != 0))
}

/// `a * b / WAD`, rounded down, without forming `a * b`: `b` is split into whole and
/// fractional WAD parts, so it cannot overflow while `a * (b % WAD)` fits, i.e. for any
/// `a` below 3.4e20 (token amounts, scaled debt, WAD factors) and any result that fits.
pub fn mul_wad_down(a: u128, b: u128) -> Result<u128> {
    let (whole, frac) = (b / WAD, b % WAD);
    let hi = a.checked_mul(whole).ok_or(LendingError::MathOverflow)?;
    hi.checked_add(mul_div_down(a, frac, WAD)?)
        .ok_or_else(|| LendingError::MathOverflow.into())
}

/// `a * b / WAD`, rounded up; see `mul_wad_down`.
pub fn mul_wad_up(a: u128, b: u128) -> Result<u128> {
    let (whole, frac) = (b / WAD, b % WAD);
    let hi = a.checked_mul(whole).ok_or(LendingError::MathOverflow)?;
    hi.checked_add(mul_div_up(a, frac, WAD)?)
        .ok_or_else(|| LendingError::MathOverflow.into())
}

/// `n / d` as a WAD ratio, rounded down, for any `n` and `d > 0`: when `n × WAD` would
/// overflow, both are shifted right first (`n` down, `d` up), which only loses precision
/// far below one part in 10^18 of the result.
pub fn ratio_wad_down(n: u128, d: u128) -> Result<u128> {
    const LIMIT: u128 = u128::MAX / WAD;
    if n <= LIMIT {
        return mul_div_down(n, WAD, d);
    }
    let shift = (128 - n.leading_zeros()) - (128 - LIMIT.leading_zeros()) + 1;
    let d_up = (d >> shift) + u128::from(d & ((1u128 << shift) - 1) != 0);
    mul_div_down(n >> shift, WAD, d_up)
}

/// Quotient and remainder of `n / d`, rounded down. SBF has no 128-bit division: the
/// generic routine shifts and subtracts bit by bit (thousands of CU), while every divisor
/// here (WAD, token amounts, share supplies) fits in 64 bits, where two native 64-bit
/// divisions and one 128-by-64 step do it.
pub fn div_rem(n: u128, d: u128) -> Result<(u128, u128)> {
    if d == 0 {
        return err!(LendingError::MathOverflow);
    }
    if d >> 64 != 0 {
        return Ok((n / d, n % d));
    }
    let d = d as u64;
    let (hi, lo) = ((n >> 64) as u64, n as u64);
    if hi == 0 {
        return Ok(((lo / d) as u128, (lo % d) as u128));
    }
    let (q_hi, r_hi) = (hi / d, hi % d);
    let (q_lo, r) = div_128_by_64(r_hi, lo, d);
    Ok((((q_hi as u128) << 64) | q_lo as u128, r as u128))
}

/// `(u1·2^64 + u0) / v` for `u1 < v` (so the quotient fits in 64 bits): Knuth's algorithm D
/// on 32-bit digits (Hacker's Delight, `divlu`).
fn div_128_by_64(u1: u64, u0: u64, v: u64) -> (u64, u64) {
    const B: u64 = 1 << 32;
    const M: u64 = B - 1;
    debug_assert!(u1 < v);
    let s = v.leading_zeros();
    let v = v << s;
    let (vn1, vn0) = (v >> 32, v & M);
    let un32 = if s == 0 {
        u1
    } else {
        (u1 << s) | (u0 >> (64 - s))
    };
    let un10 = u0 << s;
    let (un1, un0) = (un10 >> 32, un10 & M);

    let mut q1 = un32 / vn1;
    let mut rhat = un32 - q1 * vn1;
    while q1 >= B || q1 * vn0 > B * rhat + un1 {
        q1 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let un21 = un32
        .wrapping_mul(B)
        .wrapping_add(un1)
        .wrapping_sub(q1.wrapping_mul(v));
    let mut q0 = un21 / vn1;
    let mut rhat = un21 - q0 * vn1;
    while q0 >= B || q0 * vn0 > B * rhat + un0 {
        q0 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let r = un21
        .wrapping_mul(B)
        .wrapping_add(un0)
        .wrapping_sub(q0.wrapping_mul(v))
        >> s;
    (q1 * B + q0, r)
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
        assert!(mul_div_up(u128::MAX, 2, 3).is_err());
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
            let r = ratio_wad_down(n, d).unwrap_or(u128::MAX);
            // r <= n / d × WAD, checked without overflow as r / WAD <= n / d
            prop_assert!(r / WAD <= n / d);
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
