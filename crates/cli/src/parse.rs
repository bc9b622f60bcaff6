//! What people type or write for the pool commands, other than amounts (the client's
//! `amount`) and feed ids (the SDK's `parse_feed_id`):
//! pause flag names and `PoolConfig` JSON files (the SDK's
//! `PoolConfigOverrides`, the same type the simulator's scenarios use; also read by
//! `migrations/deploy.ts`).
use anyhow::{bail, Context, Result};
use lending_pool_sdk::{constants::pause, state::PoolConfig, PoolConfigOverrides};
use std::path::PathBuf;

/// The config in `path` (validated), or the example config when no file is given; absent
/// fields take `PoolConfig::example()`'s values.
pub(super) fn read_config_file(path: Option<&PathBuf>) -> Result<PoolConfig> {
    let Some(path) = path else {
        return Ok(PoolConfig::example());
    };
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let file: PoolConfigOverrides =
        serde_json::from_str(&text).with_context(|| path.display().to_string())?;
    let config = file.apply(PoolConfig::example());
    config
        .validate()
        .with_context(|| path.display().to_string())?;
    Ok(config)
}

/// Pause flags from names (`borrow,withdraw_collateral`), `all` or `none`.
pub fn parse_pause_flags(s: &str) -> Result<u16> {
    let mut flags = 0u16;
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        flags |= match name {
            "none" => 0,
            "all" => pause::ALL,
            "deposit" => pause::DEPOSIT,
            "withdraw" => pause::WITHDRAW,
            "fund_insurance" => pause::FUND_INSURANCE,
            "borrow" => pause::BORROW,
            "repay" => pause::REPAY,
            "deposit_collateral" => pause::DEPOSIT_COLLATERAL,
            "withdraw_collateral" => pause::WITHDRAW_COLLATERAL,
            "liquidate" => pause::LIQUIDATE,
            "settle" => pause::SETTLE,
            "breaker" => pause::BREAKER,
            "stake" => pause::STAKE,
            "unstake" => pause::UNSTAKE,
            other => bail!("unknown pause flag `{other}`"),
        };
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_flags_parse() {
        assert_eq!(parse_pause_flags("none").unwrap(), 0);
        assert_eq!(parse_pause_flags("all").unwrap(), pause::ALL);
        assert_eq!(
            parse_pause_flags("borrow, withdraw_collateral").unwrap(),
            pause::BORROW | pause::WITHDRAW_COLLATERAL
        );
        assert!(parse_pause_flags("borrowing").is_err());
        assert_eq!(
            parse_pause_flags("stake,unstake").unwrap(),
            pause::STAKE | pause::UNSTAKE
        );
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let msg = |e: anyhow::Error| format!("{e:#}");
        assert_eq!(
            msg(parse_pause_flags("borrow,lend").unwrap_err()),
            "unknown pause flag `lend`"
        );
        let missing = PathBuf::from("/nonexistent/pool.json");
        let e = msg(read_config_file(Some(&missing)).unwrap_err());
        assert!(e.starts_with("/nonexistent/pool.json: "), "{e}");
    }

    #[test]
    fn config_files_fill_in_the_example_and_reject_typos() {
        let f: PoolConfigOverrides =
            serde_json::from_str(r#"{"baseRateBps": 0, "slope1Bps": 0}"#).unwrap();
        let c = f.apply(PoolConfig::example());
        assert_eq!(c.base_rate_bps, 0);
        assert_eq!(c.slope2_bps, PoolConfig::example().slope2_bps);
        assert!(serde_json::from_str::<PoolConfigOverrides>(r#"{"baseRate": 1}"#).is_err());
    }
}
