//! 256-bit intermediates for `a × b / d`, on 64-bit limbs. SBF has no 128-bit division:
//! the generic routine shifts and subtracts bit by bit (thousands of CU for a divisor of
//! 2^64 or more, which every WAD-scaled value above ~$18 is). Here each quotient limb is
//! one 128-by-64 step (Knuth's algorithm D), so the division is exact for any operands
//! and costs a few hundred CU.

/// `a × b` as `(high, low)` 128-bit halves.
#[inline(always)]
pub fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = ((a >> 64) as u64, a as u64);
    let (b1, b0) = ((b >> 64) as u64, b as u64);
    if a1 == 0 && b1 == 0 {
        return (0, mul_64(a0, b0));
    }
    if a1 == 0 || b1 == 0 {
        // one operand below 2^64 (basis points, a price, a power of ten): two products
        let (w, n) = if b1 == 0 { (a, b0) } else { (b, a0) };
        return mul_by_64(w, n);
    }
    mul_wide_full(a0, a1, b0, b1)
}

/// `w × n` for `n < 2^64`, as `(high, low)`.
#[inline(always)]
fn mul_by_64(w: u128, n: u64) -> (u128, u128) {
    let lo = mul_64(w as u64, n);
    let hi = mul_64((w >> 64) as u64, n);
    // hi·2^64 + lo: the high half of `lo` joins the low half of `hi` (cannot overflow 256)
    let mid = (lo >> 64).wrapping_add(hi & LO);
    ((hi >> 64).wrapping_add(mid >> 64), (mid << 64) | (lo & LO))
}

fn mul_wide_full(a0: u64, a1: u64, b0: u64, b1: u64) -> (u128, u128) {
    let (ll, lh, hl, hh) = (
        mul_64(a0, b0),
        mul_64(a0, b1),
        mul_64(a1, b0),
        mul_64(a1, b1),
    );
    // the middle column: at most 3 × (2^64 − 1) before the carry, kept in 129 bits; the
    // sums cannot overflow (the product fits 256 bits), so they skip the overflow checks
    let mid = (ll >> 64).wrapping_add(lh & LO).wrapping_add(hl & LO);
    let lo = (mid << 64) | (ll & LO);
    let hi = hh
        .wrapping_add(lh >> 64)
        .wrapping_add(hl >> 64)
        .wrapping_add(mid >> 64);
    (hi, lo)
}

/// `a × b` in full, from four native 64-bit products of 32-bit halves. SBF multiplies 64
/// bits natively but not 128: a `u128` product is a runtime-library call, and with
/// overflow checks (the release profile keeps them) a checked multiplication costing a
/// few hundred CU, where this costs about twenty.
#[inline(always)]
pub fn mul_64(a: u64, b: u64) -> u128 {
    const M: u64 = u32::MAX as u64;
    let (a1, a0) = (a >> 32, a & M);
    let (b1, b0) = (b >> 32, b & M);
    // 32 × 32-bit products fit 64 bits, and so do the column sums below
    let (ll, lh, hl, hh) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (ll >> 32) + (lh & M) + (hl & M);
    let lo = (mid << 32) | (ll & M);
    let hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    ((hi as u128) << 64) | lo as u128
}

const LO: u128 = u64::MAX as u128;

/// `(hi·2^128 + lo) / d` and its remainder, rounded down; `None` if `d == 0` or the
/// quotient does not fit in 128 bits (`hi ≥ d`).
#[inline(always)]
pub fn div_wide(hi: u128, lo: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 || hi >= d {
        return None;
    }
    if d >> 32 == 0 {
        return Some(div_by_one_digit(hi as u64, lo, d as u64));
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

/// Schoolbook division by a divisor below 2^32 (basis points, powers of ten up to 10^9):
/// one native 64-by-32 step per 32-bit digit of `lo`, starting from the remainder `hi < d`.
#[inline(always)]
fn div_by_one_digit(hi: u64, lo: u128, d: u64) -> (u128, u128) {
    const M: u64 = u32::MAX as u64;
    let step = |r: u64, digit: u64| {
        // r < d < 2^32: the partial dividend fits 64 bits and the digit 32
        let cur = r << 32 | digit;
        let q = cur / d;
        (q, cur.wrapping_sub(q.wrapping_mul(d)))
    };
    let (n1, n0) = ((lo >> 64) as u64, lo as u64);
    let (q3, r) = step(hi, n1 >> 32);
    let (q2, r) = step(r, n1 & M);
    let (q1, r) = step(r, n0 >> 32);
    let (q0, r) = step(r, n0 & M);
    let q = ((q3 << 32 | q2) as u128) << 64 | (q1 << 32 | q0) as u128;
    (q, r as u128)
}

/// `n / 10^18` and its remainder: WAD is `10^9 · 10^9`, both factors below 2^32, so two
/// one-digit divisions with a constant divisor (native 64-bit steps, no normalisation)
/// replace the general 128-by-64 routine (`⌊⌊n / a⌋ / b⌋ = ⌊n / ab⌋`).
#[inline(always)]
pub fn div_rem_wad(n: u128) -> (u128, u128) {
    const G: u64 = 1_000_000_000;
    let (q, r1) = div_by_one_digit(0, n, G);
    let (q, r2) = div_by_one_digit(0, q, G);
    // r2, r1 < 10^9: r2·10^9 + r1 < 10^18 cannot wrap (a checked u64 product would be a
    // 128-bit libcall on SBF)
    (
        q,
        (r2 as u64).wrapping_mul(G).wrapping_add(r1 as u64) as u128,
    )
}

/// Algorithm D for a divisor of two limbs (`d ≥ 2^64`) and `hi < d`.
fn div_by_two_limbs(hi: u128, lo: u128, d: u128) -> (u128, u128) {
    const B: u128 = 1 << 64;
    let s = ((d >> 64) as u64).leading_zeros(); // d ≥ 2^64: the high limb's count, < 64
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
        if j == 1 && un[3] == 0 && (((un[2] as u128) << 64) | un[1] as u128) < v {
            // the high quotient limb is 0 (a health below ~18.4 has one limb): nothing to
            // subtract, so skip the step
            continue;
        }
        let top = ((un[j + 2] as u128) << 64) | un[j + 1] as u128;
        let (mut qhat, mut rhat) = if un[j + 2] >= vn[1] {
            let qhat = B - 1;
            (qhat, top - mul_64(qhat as u64, vn[1]))
        } else {
            let (qh, rh) = div_128_by_normalized_64(un[j + 2], un[j + 1], vn[1]);
            (qh as u128, rh as u128)
        };
        while rhat < B && mul_64(qhat as u64, vn[0]) > ((rhat << 64) | un[j] as u128) {
            qhat -= 1;
            rhat += vn[1] as u128;
        }
        // un[j..j+3] −= qhat × v
        let (mut carry, mut borrow) = (0u64, false);
        for i in 0..2 {
            let p = mul_64(qhat as u64, vn[i]) + carry as u128;
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
#[inline(always)]
pub(crate) fn div_128_by_64(u1: u64, u0: u64, v: u64) -> (u64, u64) {
    debug_assert!(u1 < v);
    let s = v.leading_zeros();
    // shifting both by s keeps the quotient and scales the remainder
    let un32 = if s == 0 {
        u1
    } else {
        (u1 << s) | (u0 >> (64 - s))
    };
    let (q, r) = div_128_by_normalized_64(un32, u0 << s, v << s);
    (q, r >> s)
}

/// [`div_128_by_64`] for a divisor with its top bit set (Algorithm D's normalised step
/// skips the leading-zero count: SBF has no instruction for it).
#[inline(always)]
fn div_128_by_normalized_64(un32: u64, un10: u64, v: u64) -> (u64, u64) {
    const B: u64 = 1 << 32;
    const M: u64 = B - 1;
    debug_assert!(v >> 63 == 1 && un32 < v);
    let (vn1, vn0) = (v >> 32, v & M);
    let (un1, un0) = (un10 >> 32, un10 & M);

    // Every product below is in range (q < B inside the loops' products, rhat < B), so
    // the arithmetic is wrapping: a checked u64 multiplication on SBF needs the high half
    // of a 128-bit product, a runtime-library call costing more than this whole division.
    let mut q1 = un32 / vn1;
    let mut rhat = un32.wrapping_sub(q1.wrapping_mul(vn1));
    while q1 >= B || q1.wrapping_mul(vn0) > (rhat << 32 | un1) {
        q1 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let un21 = (un32 << 32 | un1).wrapping_sub(q1.wrapping_mul(v));
    let mut q0 = un21 / vn1;
    let mut rhat = un21.wrapping_sub(q0.wrapping_mul(vn1));
    while q0 >= B || q0.wrapping_mul(vn0) > (rhat << 32 | un0) {
        q0 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let r = (un21 << 32 | un0).wrapping_sub(q0.wrapping_mul(v));
    (q1 << 32 | q0, r)
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

    proptest! {
        #[test]
        fn wad_division_matches_native(n in any::<u128>()) {
            let w = 1_000_000_000_000_000_000u128;
            prop_assert_eq!(div_rem_wad(n), (n / w, n % w));
        }
    }

    #[test]
    fn wad_division_edges() {
        let w = 1_000_000_000_000_000_000u128;
        for n in [
            0,
            1,
            w - 1,
            w,
            w + 1,
            u128::MAX,
            u128::MAX - 1,
            w * w,
            (u64::MAX as u128) << 64,
        ] {
            assert_eq!(div_rem_wad(n), (n / w, n % w), "{n}");
        }
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
        fn narrow_products_are_native(a in any::<u64>(), b in any::<u64>()) {
            prop_assert_eq!(mul_64(a, b), a as u128 * b as u128);
        }

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
        fn one_digit_divisors(hi in any::<u32>(), lo in any::<u128>(), d in 1u64..=u32::MAX as u64, shift in 0u32..32) {
            let d = (d >> shift).max(1) as u128;
            check(hi as u128 % d, lo, d);
        }

        #[test]
        fn divisors_near_limb_boundaries(hi in any::<u64>(), lo in any::<u128>(), k in 0u32..3, e in 60u32..68) {
            // divisors just around 2^64 and 2^e, where the normalisation shift flips
            let d = ((1u128 << e) + k as u128).wrapping_sub(1).max(1);
            check(hi as u128 % d, lo, d);
        }
    }
}
