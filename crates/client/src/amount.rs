//! Token amounts typed by people (`12.5`) to base units and back, exactly (no floats).
use anyhow::{anyhow, ensure, Context, Result};

/// Parses a decimal amount of a token with `decimals` into base units. Rejects more
/// fractional digits than the token has (rather than rounding), negatives and overflow.
pub fn parse_amount(s: &str, decimals: u8) -> Result<u64> {
    let s = s.trim().replace('_', "");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    ensure!(
        !whole.is_empty() || !frac.is_empty(),
        "`{s}` is not an amount"
    );
    ensure!(
        whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit()),
        "`{s}` is not an amount (digits and one `.` only)"
    );
    ensure!(
        frac.len() <= decimals as usize,
        "`{s}` has more than {decimals} decimal places for this token"
    );
    let scale = 10u128.pow(decimals as u32);
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| anyhow!("`{s}` is too large"))?
    };
    let frac_units: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u128>()
            .map_err(|_| anyhow!("`{s}` is not an amount"))?
            * 10u128.pow((decimals as usize - frac.len()) as u32)
    };
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_units))
        .and_then(|v| u64::try_from(v).ok())
        .with_context(|| format!("`{s}` is too large"))
}

/// Base units as a decimal string with every decimal place: `1234.500000`.
pub fn format_amount(units: u128, decimals: u8) -> String {
    if decimals == 0 {
        return units.to_string();
    }
    let scale = 10u128.pow(decimals as u32);
    format!(
        "{}.{:0width$}",
        units / scale,
        units % scale,
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(parse_amount("12.5", 6).unwrap(), 12_500_000);
        assert_eq!(parse_amount("0.000001", 6).unwrap(), 1);
        assert_eq!(parse_amount(".5", 2).unwrap(), 50);
        assert_eq!(parse_amount("100_000", 6).unwrap(), 100_000_000_000);
        assert_eq!(parse_amount("7", 0).unwrap(), 7);
        assert!(parse_amount("0.0000001", 6).is_err());
        assert!(parse_amount("-1", 6).is_err());
        assert!(parse_amount("1e3", 6).is_err());
        assert!(parse_amount("", 6).is_err());
        assert!(parse_amount(".", 6).is_err());
        assert!(parse_amount("18446744073709.551616", 6).is_err());
        assert_eq!(parse_amount("18446744073709.551615", 6).unwrap(), u64::MAX);
    }

    #[test]
    fn errors_quote_the_amount() {
        let msg = |s: &str, d: u8| format!("{:#}", parse_amount(s, d).unwrap_err());
        assert_eq!(msg("", 6), "`` is not an amount");
        assert_eq!(
            msg("1e3", 6),
            "`1e3` is not an amount (digits and one `.` only)"
        );
        assert_eq!(
            msg("0.0000001", 6),
            "`0.0000001` has more than 6 decimal places for this token"
        );
        assert_eq!(
            msg("18446744073709.551616", 6),
            "`18446744073709.551616` is too large"
        );
        assert_eq!(
            msg("1".repeat(40).as_str(), 0),
            format!("`{}` is too large", "1".repeat(40))
        );
    }

    #[test]
    fn formats_every_decimal() {
        assert_eq!(format_amount(1_234_500_000, 6), "1234.500000");
        assert_eq!(format_amount(1, 9), "0.000000001");
        assert_eq!(format_amount(42, 0), "42");
        for (s, d) in [("1.5", 6u8), ("0.000123", 6), ("99", 9)] {
            let u = parse_amount(s, d).unwrap();
            assert_eq!(parse_amount(&format_amount(u as u128, d), d).unwrap(), u);
        }
    }
}
