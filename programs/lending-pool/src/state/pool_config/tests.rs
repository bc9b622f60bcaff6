//! `PoolConfig::validate`: the example passes, each bound is enforced, the bounds themselves
//! pass.
use super::*;

fn err_of(c: PoolConfig) -> Error {
    c.validate().unwrap_err()
}

#[test]
fn example_is_valid() {
    PoolConfig::example().validate().unwrap();
}

#[test]
fn each_bound_is_enforced() {
    let ok = PoolConfig::example();
    let cases: Vec<(PoolConfig, LendingError)> = vec![
        (
            PoolConfig {
                deposit_cap: 0,
                ..ok
            },
            LendingError::InvalidDepositCap,
        ),
        (
            PoolConfig {
                base_rate_bps: MAX_BASE_RATE_BPS + 1,
                ..ok
            },
            LendingError::InvalidInterestRateCurve,
        ),
        (
            PoolConfig {
                slope1_bps: MAX_SLOPE1_BPS + 1,
                slope2_bps: MAX_SLOPE2_BPS,
                ..ok
            },
            LendingError::InvalidInterestRateCurve,
        ),
        (
            PoolConfig {
                slope2_bps: MAX_SLOPE2_BPS + 1,
                ..ok
            },
            LendingError::InvalidInterestRateCurve,
        ),
        (
            PoolConfig {
                slope1_bps: 500,
                slope2_bps: 400,
                ..ok
            },
            LendingError::InvalidInterestRateCurve,
        ),
        (
            PoolConfig {
                optimal_utilization_bps: MIN_OPTIMAL_UTILIZATION_BPS - 1,
                ..ok
            },
            LendingError::InvalidOptimalUtilization,
        ),
        (
            PoolConfig {
                optimal_utilization_bps: MAX_OPTIMAL_UTILIZATION_BPS + 1,
                ..ok
            },
            LendingError::InvalidOptimalUtilization,
        ),
        (
            PoolConfig {
                reserve_factor_bps: MAX_RESERVE_FACTOR_BPS + 1,
                ..ok
            },
            LendingError::InvalidReserveFactor,
        ),
        (
            PoolConfig {
                liquidation_fee_bps: MAX_LIQUIDATION_FEE_BPS + 1,
                ..ok
            },
            LendingError::InvalidLiquidationFee,
        ),
        (
            PoolConfig {
                oracle_max_age_secs: 0,
                ..ok
            },
            LendingError::InvalidOracleConfig,
        ),
        (
            PoolConfig {
                oracle_max_age_secs: MAX_ORACLE_MAX_AGE_SECS + 1,
                ..ok
            },
            LendingError::InvalidOracleConfig,
        ),
        (
            PoolConfig {
                oracle_max_conf_bps: 0,
                ..ok
            },
            LendingError::InvalidOracleConfig,
        ),
        (
            PoolConfig {
                oracle_max_conf_bps: MAX_ORACLE_MAX_CONF_BPS + 1,
                ..ok
            },
            LendingError::InvalidOracleConfig,
        ),
        (
            PoolConfig {
                breaker_window_secs: MIN_BREAKER_WINDOW_SECS - 1,
                ..ok
            },
            LendingError::InvalidBreakerConfig,
        ),
        (
            PoolConfig {
                breaker_window_secs: MAX_BREAKER_WINDOW_SECS + 1,
                ..ok
            },
            LendingError::InvalidBreakerConfig,
        ),
        (
            PoolConfig {
                breaker_threshold_bps: 0,
                ..ok
            },
            LendingError::InvalidBreakerConfig,
        ),
        (
            PoolConfig {
                breaker_threshold_bps: MAX_BREAKER_THRESHOLD_BPS + 1,
                ..ok
            },
            LendingError::InvalidBreakerConfig,
        ),
        (
            PoolConfig {
                unstake_cooldown_secs: MIN_UNSTAKE_COOLDOWN_SECS - 1,
                ..ok
            },
            LendingError::InvalidUnstakeCooldown,
        ),
        (
            PoolConfig {
                unstake_cooldown_secs: MAX_UNSTAKE_COOLDOWN_SECS + 1,
                ..ok
            },
            LendingError::InvalidUnstakeCooldown,
        ),
        (
            PoolConfig {
                unstake_window_secs: MIN_UNSTAKE_WINDOW_SECS - 1,
                ..ok
            },
            LendingError::InvalidUnstakeWindow,
        ),
        (
            PoolConfig {
                unstake_window_secs: MAX_UNSTAKE_WINDOW_SECS + 1,
                ..ok
            },
            LendingError::InvalidUnstakeWindow,
        ),
        (
            PoolConfig {
                min_debt: ok.deposit_cap + 1,
                ..ok
            },
            LendingError::InvalidMinDebt,
        ),
        (
            PoolConfig {
                max_pause_secs: MIN_MAX_PAUSE_SECS - 1,
                ..ok
            },
            LendingError::InvalidMaxPause,
        ),
        (
            PoolConfig {
                max_pause_secs: MAX_MAX_PAUSE_SECS + 1,
                ..ok
            },
            LendingError::InvalidMaxPause,
        ),
        (
            PoolConfig {
                freeze_floor_bps: MIN_FREEZE_FLOOR_BPS - 1,
                ..ok
            },
            LendingError::InvalidFreezeFloor,
        ),
        (
            PoolConfig {
                freeze_floor_bps: MAX_FREEZE_FLOOR_BPS + 1,
                ..ok
            },
            LendingError::InvalidFreezeFloor,
        ),
        (
            PoolConfig {
                exit_delay_secs: MAX_EXIT_DELAY_SECS + 1,
                ..ok
            },
            LendingError::InvalidExitDelay,
        ),
        (
            PoolConfig {
                flash_fee_bps: MAX_FLASH_FEE_BPS + 1,
                ..ok
            },
            LendingError::InvalidFlashLoanConfig,
        ),
        (
            PoolConfig {
                flash_loan_cap_bps: BPS as u32 + 1,
                ..ok
            },
            LendingError::InvalidFlashLoanConfig,
        ),
    ];
    for (c, want) in cases {
        assert_eq!(err_of(c), want.into(), "{c:?}");
    }
    // the bounds themselves are accepted
    PoolConfig {
        base_rate_bps: MAX_BASE_RATE_BPS,
        slope1_bps: MAX_SLOPE1_BPS,
        slope2_bps: MAX_SLOPE2_BPS,
        optimal_utilization_bps: MAX_OPTIMAL_UTILIZATION_BPS,
        reserve_factor_bps: MAX_RESERVE_FACTOR_BPS,
        liquidation_fee_bps: MAX_LIQUIDATION_FEE_BPS,
        oracle_max_age_secs: MAX_ORACLE_MAX_AGE_SECS,
        oracle_max_conf_bps: MAX_ORACLE_MAX_CONF_BPS,
        breaker_window_secs: MAX_BREAKER_WINDOW_SECS,
        breaker_threshold_bps: MAX_BREAKER_THRESHOLD_BPS,
        unstake_cooldown_secs: MAX_UNSTAKE_COOLDOWN_SECS,
        unstake_window_secs: MAX_UNSTAKE_WINDOW_SECS,
        min_debt: 1,
        max_pause_secs: MAX_MAX_PAUSE_SECS,
        freeze_floor_bps: MAX_FREEZE_FLOOR_BPS,
        exit_delay_secs: MAX_EXIT_DELAY_SECS,
        flash_fee_bps: MAX_FLASH_FEE_BPS,
        flash_loan_cap_bps: BPS as u32,
        deposit_cap: 1,
        borrow_cap: 0,
    }
    .validate()
    .unwrap();
}
