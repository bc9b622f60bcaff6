//! `update_config`: the admin changes the config within its bounds; nobody else can.
use crate::support::*;
use lending_pool::{constants::*, errors::LendingError, events::ConfigUpdated, state::PoolConfig};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn admin_updates_config_within_bounds() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let new = PoolConfig {
        deposit_cap: 42,
        min_debt: 42,
        reserve_factor_bps: 2_000,
        ..PoolConfig::example()
    };
    let out = bank
        .ok(
            &[ix::update_config(&pool, &fx.admin.pubkey(), new)],
            &[&fx.admin],
        )
        .await;
    let ev: ConfigUpdated = out.event();
    assert_eq!((ev.before, ev.after), (PoolConfig::example(), new));
    assert_eq!(fx.pool(&mut bank).await.config, new);

    let bad = PoolConfig {
        reserve_factor_bps: MAX_RESERVE_FACTOR_BPS + 1,
        ..new
    };
    assert_lending_err(
        bank.process(
            &[ix::update_config(&pool, &fx.admin.pubkey(), bad)],
            &[&fx.admin],
        )
        .await,
        LendingError::InvalidReserveFactor,
    );
    // a minimum debt above the deposit cap could never be borrowed
    let bad = PoolConfig {
        min_debt: 43,
        ..new
    };
    assert_lending_err(
        bank.process(
            &[ix::update_config(&pool, &fx.admin.pubkey(), bad)],
            &[&fx.admin],
        )
        .await,
        LendingError::InvalidMinDebt,
    );
    let bad = PoolConfig {
        optimal_utilization_bps: 0,
        ..new
    };
    assert_lending_err(
        bank.process(
            &[ix::update_config(&pool, &fx.admin.pubkey(), bad)],
            &[&fx.admin],
        )
        .await,
        LendingError::InvalidOptimalUtilization,
    );
    // neither the guardian nor a stranger may change it
    for who in [&fx.guardian, &TestKeypair::new()] {
        let r = bank
            .process(
                &[ix::update_config(
                    &pool,
                    &who.pubkey(),
                    PoolConfig::example(),
                )],
                &[who],
            )
            .await;
        assert_lending_err(r, LendingError::NotAdmin);
    }
    assert_eq!(fx.pool(&mut bank).await.config, new);
}

/// Every bound of the config through `update_config` (the check `init_pool` runs too): each
/// out-of-range field gets its own error and the config stays the example.
#[tokio::test]
async fn update_config_refuses_each_out_of_range_field_and_keeps_the_config() {
    let (mut bank, fx) = setup().await;
    let ok = PoolConfig::example();
    let cases = [
        (
            PoolConfig {
                deposit_cap: 0,
                ..ok
            },
            LendingError::InvalidDepositCap,
        ),
        // a first slope above the second
        (
            PoolConfig {
                slope1_bps: ok.slope2_bps + 1,
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
                oracle_max_conf_bps: MAX_ORACLE_MAX_CONF_BPS + 1,
                ..ok
            },
            LendingError::InvalidOracleConfig,
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
                max_pause_secs: MAX_MAX_PAUSE_SECS + 1,
                ..ok
            },
            LendingError::InvalidMaxPause,
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
                flash_loan_cap_bps: 10_001,
                ..ok
            },
            LendingError::InvalidFlashLoanConfig,
        ),
    ];
    for (config, e) in cases {
        let update = ix::update_config(&fx.addrs.pool, &fx.admin.pubkey(), config);
        assert_refused(&mut bank, &fx, &[update], &[&fx.admin], e).await;
    }
    assert_eq!(fx.pool(&mut bank).await.config, ok);
}
