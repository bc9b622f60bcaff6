//! `init_pool`: what it creates, the parameter bounds, and re-initialisation.
use crate::support::*;
use anchor_lang::{
    error::ErrorCode as AnchorError, prelude::Pubkey, solana_program::program_pack::Pack,
};
use anchor_spl::token::spl_token;
use lending_pool::{
    constants::*,
    errors::LendingError,
    events::PoolInitialized,
    state::{PoolConfig, STATUS_ACTIVE},
};
use lending_pool_sdk::{ix, PoolAddresses};
use lending_pool_testkit::*;

#[tokio::test]
async fn init_pool_creates_pool_vaults_lp_mint_and_insurance_fund() {
    let mut bank = Bank::start().await;
    let admin = TestKeypair::new();
    let guardian = Pubkey::new_unique();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let base_mint = bank.create_mint(&Pubkey::new_unique(), 9).await;
    let p = PoolAddresses::derive(&base_mint, &admin.pubkey());
    let out = bank
        .ok(
            &[ix::init_pool(
                &p,
                &guardian,
                BASE_FEED,
                PoolConfig::example(),
            )],
            &[&admin],
        )
        .await;

    let pool = bank.pool(&p.pool).await;
    assert_eq!(
        (pool.admin, pool.guardian, pool.creator),
        (admin.pubkey(), guardian, admin.pubkey())
    );
    assert_eq!(pool.pending_admin, Pubkey::default());
    assert_eq!(
        (pool.base_mint, pool.base_vault, pool.lp_mint),
        (base_mint, p.base_vault, p.lp_mint)
    );
    assert_eq!(
        (pool.insurance_fund, pool.insurance_vault),
        (p.insurance_fund, p.insurance_vault)
    );
    assert_eq!(pool.config, PoolConfig::example());
    assert_eq!((pool.base_feed_id, pool.num_collaterals), (BASE_FEED, 0));
    assert_eq!(
        (
            pool.cash,
            pool.insurance_pending,
            pool.total_scaled_debt.get()
        ),
        (0, 0, 0)
    );
    assert_eq!(pool.borrow_index.get(), WAD);
    assert_eq!(
        (pool.status, pool.pause_flags, pool.base_decimals),
        (STATUS_ACTIVE, 0, 9)
    );

    let lp = spl_token::state::Mint::unpack(&bank.account_data(&p.lp_mint).await.unwrap()).unwrap();
    assert_eq!(lp.decimals, 9);
    assert_eq!(lp.mint_authority, Some(p.pool).into());
    assert_eq!(lp.freeze_authority, None.into());
    for vault in [p.base_vault, p.insurance_vault] {
        let v =
            spl_token::state::Account::unpack(&bank.account_data(&vault).await.unwrap()).unwrap();
        assert_eq!((v.mint, v.owner, v.amount), (base_mint, p.pool, 0));
    }
    let fund = bank.insurance_fund(&p.insurance_fund).await;
    assert_eq!((fund.pool, fund.vault), (p.pool, p.insurance_vault));
    assert_eq!(fund.balance().unwrap(), 0);

    let ev: PoolInitialized = out.event();
    assert_eq!(
        (ev.pool, ev.admin, ev.guardian, ev.lp_mint),
        (p.pool, admin.pubkey(), guardian, p.lp_mint)
    );
    assert_eq!(ev.config, PoolConfig::example());
}

#[tokio::test]
async fn init_pool_rejects_out_of_bounds_parameters_and_creates_nothing() {
    let mut bank = Bank::start().await;
    let admin = TestKeypair::new();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let base_mint = bank.create_mint(&Pubkey::new_unique(), 6).await;
    let p = PoolAddresses::derive(&base_mint, &admin.pubkey());
    let ok = PoolConfig::example();
    let cases = [
        (
            PoolConfig {
                deposit_cap: 0,
                ..ok
            },
            LendingError::InvalidDepositCap,
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
                breaker_window_secs: 1,
                ..ok
            },
            LendingError::InvalidBreakerConfig,
        ),
    ];
    for (config, err) in cases {
        assert_lending_err(
            bank.process(
                &[ix::init_pool(&p, &admin.pubkey(), BASE_FEED, config)],
                &[&admin],
            )
            .await,
            err,
        );
        assert!(
            bank.account_data(&p.pool).await.is_none(),
            "nothing created"
        );
    }
}

#[tokio::test]
async fn init_pool_rejects_a_base_mint_with_too_many_decimals() {
    let mut bank = Bank::start().await;
    let admin = TestKeypair::new();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let base_mint = bank
        .create_mint(&Pubkey::new_unique(), MAX_BASE_DECIMALS + 1)
        .await;
    let p = PoolAddresses::derive(&base_mint, &admin.pubkey());
    let r = bank
        .process(
            &[ix::init_pool(
                &p,
                &admin.pubkey(),
                BASE_FEED,
                PoolConfig::example(),
            )],
            &[&admin],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidBaseDecimals);
}

#[tokio::test]
async fn init_pool_cannot_run_twice_or_at_a_foreign_address() {
    let (mut bank, fx) = setup().await;
    // re-initialising the same pool: the accounts already exist (system program: in use)
    let r = bank
        .process(
            &[ix::init_pool(
                &fx.addrs,
                &fx.guardian.pubkey(),
                BASE_FEED,
                PoolConfig::example(),
            )],
            &[&fx.admin],
        )
        .await;
    assert_eq!(
        custom_code(&r.unwrap_err()),
        Some(0),
        "SystemError::AccountAlreadyInUse"
    );
    // a pool address that is not the canonical PDA
    let mut addrs = PoolAddresses::derive(&fx.addrs.base_mint, &fx.admin.pubkey());
    addrs.pool = Pubkey::new_unique();
    let r = bank
        .process(
            &[ix::init_pool(
                &addrs,
                &fx.guardian.pubkey(),
                BASE_FEED,
                PoolConfig::example(),
            )],
            &[&fx.admin],
        )
        .await;
    assert_anchor_err(r, AnchorError::ConstraintSeeds);
    // a creator cannot make a pool in someone else's name (the seeds hold the signer's key)
    let mallory = TestKeypair::new();
    bank.airdrop(&mallory.pubkey(), 1_000_000_000).await;
    let mut ix = ix::init_pool(
        &PoolAddresses::derive(&fx.addrs.base_mint, &mallory.pubkey()),
        &mallory.pubkey(),
        BASE_FEED,
        PoolConfig::example(),
    );
    ix.accounts[0].pubkey = fx.admin.pubkey();
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        bank.process(&[ix], &[&mallory]).await,
        AnchorError::AccountNotSigner,
    );
}

/// The bounds the table above leaves out: the unstake cooldown and window, the minimum debt
/// (within the deposit cap), the guardian's longest pause, the freeze floor and the exit
/// delay. Each gets its own error and creates nothing; the example config is then taken.
#[tokio::test]
async fn init_pool_rejects_the_remaining_config_bounds() {
    let mut bank = Bank::start().await;
    let admin = TestKeypair::new();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let base_mint = bank.create_mint(&Pubkey::new_unique(), 6).await;
    let p = PoolAddresses::derive(&base_mint, &admin.pubkey());
    let ok = PoolConfig::example();
    let cases = [
        (
            PoolConfig {
                unstake_cooldown_secs: MIN_UNSTAKE_COOLDOWN_SECS - 1,
                ..ok
            },
            LendingError::InvalidUnstakeCooldown,
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
                freeze_floor_bps: 0,
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
    for (config, err) in cases {
        let init = ix::init_pool(&p, &admin.pubkey(), BASE_FEED, config);
        assert_lending_err(bank.process(&[init], &[&admin]).await, err);
        assert!(
            bank.account_data(&p.pool).await.is_none(),
            "nothing created"
        );
    }
    bank.ok(
        &[ix::init_pool(&p, &admin.pubkey(), BASE_FEED, ok)],
        &[&admin],
    )
    .await;
    assert_eq!(bank.pool(&p.pool).await.config, ok);
}
