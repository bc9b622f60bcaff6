//! Partial `PoolConfig`s: the one type for a pool's parameters as people write them, in
//! the CLI's JSON config file (also read by `migrations/deploy.ts`, camelCase) and in the
//! simulator's scenario files (TOML; snake_case is accepted too). Absent fields keep the
//! base config's values.
use lending_pool::state::PoolConfig;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PoolConfigOverrides {
    #[serde(alias = "deposit_cap", skip_serializing_if = "Option::is_none")]
    pub deposit_cap: Option<u64>,
    #[serde(alias = "borrow_cap", skip_serializing_if = "Option::is_none")]
    pub borrow_cap: Option<u64>,
    #[serde(alias = "base_rate_bps", skip_serializing_if = "Option::is_none")]
    pub base_rate_bps: Option<u32>,
    #[serde(alias = "slope1_bps", skip_serializing_if = "Option::is_none")]
    pub slope1_bps: Option<u32>,
    #[serde(alias = "slope2_bps", skip_serializing_if = "Option::is_none")]
    pub slope2_bps: Option<u32>,
    #[serde(
        alias = "optimal_utilization_bps",
        skip_serializing_if = "Option::is_none"
    )]
    pub optimal_utilization_bps: Option<u32>,
    #[serde(alias = "reserve_factor_bps", skip_serializing_if = "Option::is_none")]
    pub reserve_factor_bps: Option<u16>,
    #[serde(alias = "liquidation_fee_bps", skip_serializing_if = "Option::is_none")]
    pub liquidation_fee_bps: Option<u16>,
    #[serde(alias = "oracle_max_conf_bps", skip_serializing_if = "Option::is_none")]
    pub oracle_max_conf_bps: Option<u16>,
    #[serde(
        alias = "breaker_threshold_bps",
        skip_serializing_if = "Option::is_none"
    )]
    pub breaker_threshold_bps: Option<u16>,
    #[serde(alias = "oracle_max_age_secs", skip_serializing_if = "Option::is_none")]
    pub oracle_max_age_secs: Option<u32>,
    #[serde(alias = "breaker_window_secs", skip_serializing_if = "Option::is_none")]
    pub breaker_window_secs: Option<u32>,
    #[serde(
        alias = "unstake_cooldown_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub unstake_cooldown_secs: Option<u64>,
    #[serde(alias = "unstake_window_secs", skip_serializing_if = "Option::is_none")]
    pub unstake_window_secs: Option<u64>,
    #[serde(alias = "min_debt", skip_serializing_if = "Option::is_none")]
    pub min_debt: Option<u64>,
    #[serde(alias = "max_pause_secs", skip_serializing_if = "Option::is_none")]
    pub max_pause_secs: Option<u32>,
    #[serde(alias = "freeze_floor_bps", skip_serializing_if = "Option::is_none")]
    pub freeze_floor_bps: Option<u32>,
    #[serde(alias = "exit_delay_secs", skip_serializing_if = "Option::is_none")]
    pub exit_delay_secs: Option<u64>,
    #[serde(alias = "flash_fee_bps", skip_serializing_if = "Option::is_none")]
    pub flash_fee_bps: Option<u32>,
    #[serde(alias = "flash_loan_cap_bps", skip_serializing_if = "Option::is_none")]
    pub flash_loan_cap_bps: Option<u32>,
}

impl PoolConfigOverrides {
    /// `base` with every field that is set here replaced. (Not validated: `init_pool` and
    /// `update_config` validate, and so does `PoolConfig::validate` for a client that wants
    /// to fail early.)
    pub fn apply(&self, base: PoolConfig) -> PoolConfig {
        PoolConfig {
            deposit_cap: self.deposit_cap.unwrap_or(base.deposit_cap),
            borrow_cap: self.borrow_cap.unwrap_or(base.borrow_cap),
            base_rate_bps: self.base_rate_bps.unwrap_or(base.base_rate_bps),
            slope1_bps: self.slope1_bps.unwrap_or(base.slope1_bps),
            slope2_bps: self.slope2_bps.unwrap_or(base.slope2_bps),
            optimal_utilization_bps: self
                .optimal_utilization_bps
                .unwrap_or(base.optimal_utilization_bps),
            reserve_factor_bps: self.reserve_factor_bps.unwrap_or(base.reserve_factor_bps),
            liquidation_fee_bps: self.liquidation_fee_bps.unwrap_or(base.liquidation_fee_bps),
            oracle_max_conf_bps: self.oracle_max_conf_bps.unwrap_or(base.oracle_max_conf_bps),
            breaker_threshold_bps: self
                .breaker_threshold_bps
                .unwrap_or(base.breaker_threshold_bps),
            oracle_max_age_secs: self.oracle_max_age_secs.unwrap_or(base.oracle_max_age_secs),
            breaker_window_secs: self.breaker_window_secs.unwrap_or(base.breaker_window_secs),
            unstake_cooldown_secs: self
                .unstake_cooldown_secs
                .unwrap_or(base.unstake_cooldown_secs),
            unstake_window_secs: self.unstake_window_secs.unwrap_or(base.unstake_window_secs),
            min_debt: self.min_debt.unwrap_or(base.min_debt),
            max_pause_secs: self.max_pause_secs.unwrap_or(base.max_pause_secs),
            freeze_floor_bps: self.freeze_floor_bps.unwrap_or(base.freeze_floor_bps),
            exit_delay_secs: self.exit_delay_secs.unwrap_or(base.exit_delay_secs),
            flash_fee_bps: self.flash_fee_bps.unwrap_or(base.flash_fee_bps),
            flash_loan_cap_bps: self.flash_loan_cap_bps.unwrap_or(base.flash_loan_cap_bps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_keep_the_base() {
        let e = PoolConfig::example();
        assert_eq!(PoolConfigOverrides::default().apply(e), e);
        let o = PoolConfigOverrides {
            slope2_bps: Some(30_000),
            borrow_cap: Some(7),
            ..Default::default()
        };
        let c = o.apply(e);
        assert_eq!((c.slope2_bps, c.borrow_cap), (30_000, 7));
        assert_eq!(c.slope1_bps, e.slope1_bps);
    }

    #[test]
    fn reads_camel_case_and_snake_case_and_refuses_typos() {
        let camel: PoolConfigOverrides =
            serde_json::from_str(r#"{"slope2Bps": 30000, "oracleMaxAgeSecs": 30}"#).unwrap();
        let snake: PoolConfigOverrides =
            serde_json::from_str(r#"{"slope2_bps": 30000, "oracle_max_age_secs": 30}"#).unwrap();
        assert_eq!(camel, snake);
        assert_eq!(camel.slope2_bps, Some(30_000));
        assert!(serde_json::from_str::<PoolConfigOverrides>(r#"{"slope3Bps": 1}"#).is_err());
        assert_eq!(
            serde_json::to_string(&camel).unwrap(),
            r#"{"slope2Bps":30000,"oracleMaxAgeSecs":30}"#
        );
    }
}
