use crate::errors::LendingError;
use anchor_lang::prelude::*;

/// `a * b / d`, rounded down. Errors on overflow or `d == 0`.
pub fn mul_div_down(a: u128, b: u128, d: u128) -> Result<u128> {
    let p = a.checked_mul(b).ok_or(LendingError::MathOverflow)?;
    p.checked_div(d).ok_or_else(|| LendingError::MathOverflow.into())
}

/// `a * b / d`, rounded up. Errors on overflow or `d == 0`.
pub fn mul_div_up(a: u128, b: u128, d: u128) -> Result<u128> {
    let p = a.checked_mul(b).ok_or(LendingError::MathOverflow)?;
    if d == 0 {
        return err!(LendingError::MathOverflow);
    }
    // ceil without `p + d - 1` (which could overflow)
    Ok(p / d + u128::from(p % d != 0))
}

/// Narrows to a token amount.
pub fn to_u64(v: u128) -> Result<u64> {
    u64::try_from(v).map_err(|_| LendingError::MathOverflow.into())
}

pub fn add_u64(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| LendingError::MathOverflow.into())
}

pub fn sub_u64(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b).ok_or_else(|| LendingError::MathOverflow.into())
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

    proptest! {
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
