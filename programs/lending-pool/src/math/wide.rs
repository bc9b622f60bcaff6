//! 256-bit intermediates for `a × b / d`, on 64-bit limbs. SBF has no 128-bit division:
//! the generic routine shifts and subtracts bit by bit (thousands of CU for a divisor of
//! 2^64 or more, which every WAD-scaled value above ~$18 is). Here each quotient limb is
//! one 128-by-64 step (Knuth's algorithm D), so the division is exact for any operands
//! and costs a few hundred CU.

/// `a × b` as `(high, low)` 128-bit halves.
pub fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    if (a | b) >> 64 == 0 {
        return (0, a * b);
    }
    let (a1, a0) = (a >> 64, a & LO);
    let (b1, b0) = (b >> 64, b & LO);
    let (ll, lh, hl, hh) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    // the middle column: at most 3 × (2^64 − 1) before the carry, kept in 129 bits
    let mid = (ll >> 64) + (lh & LO) + (hl & LO);
    let lo = (mid << 64) | (ll & LO);
    let hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
    (hi, lo)
}

const LO: u128 = u64::MAX as u128;

/// `(hi·2^128 + lo) / d` and its remainder, rounded down; `None` if `d == 0` or the
/// quotient does not fit in 128 bits (`hi ≥ d`).
pub fn div_wide(hi: u128, lo: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 || hi >= d {
        return None;
    }
    if d >> 64 == 0 {
        let d = d as u64;
        let (n1, n0) = ((lo >> 64) as u64, lo as u64);
        if hi == 0 {
            // a 128-bit dividend: native 64-bit steps where they suffice
            if n1 == 0 {
                return Some(((n0 / d) as u128, (n0 % d) as u128));
            }
            let (q1, r1) = (n1 / d, n1 % d);
            let (q0, r) = div_128_by_64(r1, n0, d);
            return Some((((q1 as u128) << 64) | q0 as u128, r as u128));
        }
        // hi < d: one 128-by-64 step per limb of `lo`
        let (q1, r) = div_128_by_64(hi as u64, n1, d);
        let (q0, r) = div_128_by_64(r, n0, d);
        return Some((((q1 as u128) << 64) | q0 as u128, r as u128));
    }
    if hi == 0 && lo < d {
        return Some((0, lo));
    }
    Some(div_by_two_limbs(hi, lo, d))
}

/// Algorithm D for a divisor of two limbs (`d ≥ 2^64`) and `hi < d`.
fn div_by_two_limbs(hi: u128, lo: u128, d: u128) -> (u128, u128) {
    const B: u128 = 1 << 64;
    let s = d.leading_zeros(); // < 64
    let v = d << s;
    let vn = [v as u64, (v >> 64) as u64];
    // the dividend shifted by s, in five limbs (little-endian)
    let (uh, ul) = if s == 0 {
        (hi, lo)
    } else {
        ((hi << s) | (lo >> (128 - s)), lo << s)
    };
    let mut un = [
        ul as u64,
        (ul >> 64) as u64,
        uh as u64,
        (uh >> 64) as u64,
        if s == 0 { 0 } else { (hi >> (128 - s)) as u64 },
    ];
    // hi < d: the top three limbs are below v, so the quotient has two limbs
    let mut q = [0u64; 2];
    for j in (0..2).rev() {
        let top = ((un[j + 2] as u128) << 64) | un[j + 1] as u128;
        let (mut qhat, mut rhat) = if un[j + 2] >= vn[1] {
            let qhat = B - 1;
            (qhat, top - qhat * vn[1] as u128)
        } else {
            let (qh, rh) = div_128_by_64(un[j + 2], un[j + 1], vn[1]);
            (qh as u128, rh as u128)
        };
        while rhat < B && qhat * vn[0] as u128 > ((rhat << 64) | un[j] as u128) {
            qhat -= 1;
            rhat += vn[1] as u128;
        }
        // un[j..j+3] −= qhat × v
        let (mut carry, mut borrow) = (0u64, false);
        for i in 0..2 {
            let p = qhat * vn[i] as u128 + carry as u128;
            carry = (p >> 64) as u64;
            let (t, b1) = un[i + j].overflowing_sub(p as u64);
            let (t, b2) = t.overflowing_sub(borrow as u64);
            un[i + j] = t;
            borrow = b1 | b2;
        }
        let (t, b1) = un[j + 2].overflowing_sub(carry);
        let (t, b2) = t.overflowing_sub(borrow as u64);
        un[j + 2] = t;
        if b1 | b2 {
            // qhat was one too large (rare): add v back
            qhat -= 1;
            let mut c = 0u128;
            for i in 0..2 {
                let sum = un[i + j] as u128 + vn[i] as u128 + c;
                un[i + j] = sum as u64;
                c = sum >> 64;
            }
            un[j + 2] = un[j + 2].wrapping_add(c as u64);
        }
        q[j] = qhat as u64;
    }
    // the remainder is below v: two limbs, shifted back
    let r = (((un[1] as u128) << 64) | un[0] as u128) >> s;
    (((q[1] as u128) << 64) | q[0] as u128, r)
}

/// `(u1·2^64 + u0) / v` for `u1 < v` (so the quotient fits in 64 bits): Knuth's algorithm D
/// on 32-bit digits (Hacker's Delight, `divlu`).
pub(crate) fn div_128_by_64(u1: u64, u0: u64, v: u64) -> (u64, u64) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `q × d + r` as 256 bits, for checking a division without a reference division.
    fn mul_add(q: u128, d: u128, r: u128) -> Option<(u128, u128)> {
        let (hi, lo) = mul_wide(q, d);
        let (lo, c) = lo.overflowing_add(r);
        Some((hi.checked_add(c as u128)?, lo))
    }

    fn check(hi: u128, lo: u128, d: u128) {
        match div_wide(hi, lo, d) {
            Some((q, r)) => {
                assert!(r < d, "{hi}:{lo} / {d}: remainder {r}");
                assert_eq!(mul_add(q, d, r), Some((hi, lo)), "{hi}:{lo} / {d}");
            }
            None => assert!(d == 0 || hi >= d),
        }
    }

    /// Schoolbook product on 32-bit limbs: an independent reference for `mul_wide`.
    fn mul_ref(a: u128, b: u128) -> (u128, u128) {
        let limbs = |x: u128| [0, 1, 2, 3].map(|i| (x >> (32 * i)) as u32 as u128);
        let (a, b) = (limbs(a), limbs(b));
        let mut out = [0u128; 8];
        for i in 0..4 {
            let mut carry = 0u128;
            for j in 0..4 {
                let t = out[i + j] + a[i] * b[j] + carry;
                out[i + j] = t & 0xffff_ffff;
                carry = t >> 32;
            }
            out[i + 4] += carry;
        }
        let join = |l: &[u128]| l.iter().rev().fold(0u128, |acc, &x| (acc << 32) | x);
        (join(&out[4..]), join(&out[..4]))
    }

    #[test]
    fn products_at_the_edges() {
        assert_eq!(mul_wide(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        assert_eq!(mul_wide(1 << 64, 1 << 64), (1, 0));
        assert_eq!(mul_wide(u128::MAX, 2), (1, u128::MAX - 1));
        assert_eq!(mul_wide(u64::MAX as u128, u64::MAX as u128).0, 0);
        assert_eq!(mul_ref(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
    }

    #[test]
    fn division_edges() {
        let wad = crate::constants::WAD;
        for (hi, lo, d) in [
            (0, u128::MAX, 1),
            (0, u128::MAX, u128::MAX),
            (u128::MAX - 1, u128::MAX, u128::MAX),
            (0, 0, 1 << 64),
            ((1 << 64) - 1, u128::MAX, 1 << 64),
            (1 << 63, 0, (1 << 64) + 1),
            (0, wad * wad, wad + 1),
            (12, 34, 13),
            (u64::MAX as u128 - 1, u128::MAX, u64::MAX as u128),
            (0, 1, 0),
            (5, 0, 5),
        ] {
            check(hi, lo, d);
        }
        assert_eq!(div_wide(0, 100, 7), Some((14, 2)));
        assert_eq!(div_wide(1, 0, 2), Some((1 << 127, 0)));
        assert!(div_wide(2, 0, 2).is_none() && div_wide(0, 1, 0).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn products_are_exact(a in any::<u128>(), b in any::<u128>(), sa in 0u32..128, sb in 0u32..128) {
            let (a, b) = (a >> sa, b >> sb);
            prop_assert_eq!(mul_wide(a, b), mul_ref(a, b));
        }

        #[test]
        fn division_is_exact_on_wide_dividends(hi in any::<u128>(), lo in any::<u128>(), d in 1..=u128::MAX, shift in 0u32..128) {
            let d = (d >> shift).max(1);
            check(hi % d, lo, d);
        }

        #[test]
        fn division_matches_native_on_narrow_dividends(n in any::<u128>(), d in 1..=u128::MAX, shift in 0u32..128) {
            let d = (d >> shift).max(1);
            prop_assert_eq!(div_wide(0, n, d), Some((n / d, n % d)));
        }

        #[test]
        fn divisors_near_limb_boundaries(hi in any::<u64>(), lo in any::<u128>(), k in 0u32..3, e in 60u32..68) {
            // divisors just around 2^64 and 2^e, where the normalisation shift flips
            let d = ((1u128 << e) + k as u128).wrapping_sub(1).max(1);
            check(hi as u128 % d, lo, d);
        }
    }
}
