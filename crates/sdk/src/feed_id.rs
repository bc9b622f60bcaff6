//! Pyth feed ids as people write them: 64 hex characters, `0x` optional.
use std::fmt;

/// Why a feed id did not parse (the message names the text given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedIdError {
    Length(String),
    NotHex(String),
}

impl fmt::Display for FeedIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length(s) => write!(f, "feed id `{s}` must be 64 hex characters"),
            Self::NotHex(s) => write!(f, "feed id `{s}` is not hex"),
        }
    }
}

impl std::error::Error for FeedIdError {}

/// A 32-byte feed id from 64 hex characters (an optional `0x` prefix is accepted).
pub fn parse_feed_id(s: &str) -> Result<[u8; 32], FeedIdError> {
    let s = s.trim_start_matches("0x");
    if s.len() != 64 || !s.is_ascii() {
        return Err(FeedIdError::Length(s.to_string()));
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
            .map_err(|_| FeedIdError::NotHex(s.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_parse_with_or_without_prefix_and_errors_name_the_text() {
        let hex = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";
        assert_eq!(parse_feed_id(hex).unwrap()[0], 0xef);
        assert_eq!(parse_feed_id(&format!("0x{hex}")).unwrap()[31], 0x6d);
        assert_eq!(
            parse_feed_id("0xabc").unwrap_err().to_string(),
            "feed id `abc` must be 64 hex characters"
        );
        assert_eq!(
            parse_feed_id(&"zz".repeat(32)).unwrap_err().to_string(),
            format!("feed id `{}` is not hex", "zz".repeat(32))
        );
    }
}
