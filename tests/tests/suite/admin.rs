//! update_config, set_pause, set_guardian and the two-step admin transfer.
use crate::common::*;
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    constants::*,
    errors::LendingError,
    events::{
        AdminTransferAccepted, AdminTransferProposed, ConfigUpdated, GuardianSet, PauseFlagsSet,
    },
    state::PoolConfig,
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

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

#[tokio::test]
async fn guardian_or_admin_sets_pause_flags() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let out = bank
        .ok(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::ALL)],
            &[&fx.guardian],
        )
        .await;
    let ev: PauseFlagsSet = out.event();
    assert_eq!(
        (ev.before, ev.after, ev.authority),
        (0, pause::ALL, fx.guardian.pubkey())
    );
    bank.ok(
        &[ix::set_pause(&pool, &fx.admin.pubkey(), pause::BORROW)],
        &[&fx.admin],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.pause_flags, pause::BORROW);

    let stranger = TestKeypair::new();
    let r = bank
        .process(&[ix::set_pause(&pool, &stranger.pubkey(), 0)], &[&stranger])
        .await;
    assert_lending_err(r, LendingError::NotGuardianOrAdmin);
    let r = bank
        .process(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::ALL + 1)],
            &[&fx.guardian],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidPauseFlags);
    assert_eq!(fx.pool(&mut bank).await.pause_flags, pause::BORROW);
}

#[tokio::test]
async fn admin_replaces_the_guardian() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let new_guardian = TestKeypair::new();
    let r = bank
        .process(
            &[ix::set_guardian(
                &pool,
                &fx.guardian.pubkey(),
                &new_guardian.pubkey(),
            )],
            &[&fx.guardian],
        )
        .await;
    assert_lending_err(r, LendingError::NotAdmin);
    let out = bank
        .ok(
            &[ix::set_guardian(
                &pool,
                &fx.admin.pubkey(),
                &new_guardian.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    let ev: GuardianSet = out.event();
    assert_eq!(
        (ev.before, ev.after),
        (fx.guardian.pubkey(), new_guardian.pubkey())
    );
    let r = bank
        .process(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::DEPOSIT)],
            &[&fx.guardian],
        )
        .await;
    assert_lending_err(r, LendingError::NotGuardianOrAdmin);
    bank.ok(
        &[ix::set_pause(&pool, &new_guardian.pubkey(), pause::DEPOSIT)],
        &[&new_guardian],
    )
    .await;
}

#[tokio::test]
async fn admin_transfer_takes_two_steps() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let new_admin = TestKeypair::new();
    let stranger = TestKeypair::new();

    // only the admin proposes
    let r = bank
        .process(
            &[ix::transfer_admin(
                &pool,
                &stranger.pubkey(),
                &stranger.pubkey(),
            )],
            &[&stranger],
        )
        .await;
    assert_lending_err(r, LendingError::NotAdmin);
    let out = bank
        .ok(
            &[ix::transfer_admin(
                &pool,
                &fx.admin.pubkey(),
                &new_admin.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    let ev: AdminTransferProposed = out.event();
    assert_eq!(
        (ev.pending_before, ev.pending_after),
        (Pubkey::default(), new_admin.pubkey())
    );
    // proposing hands over nothing yet
    let r = bank
        .process(
            &[ix::update_config(
                &pool,
                &new_admin.pubkey(),
                PoolConfig::example(),
            )],
            &[&new_admin],
        )
        .await;
    assert_lending_err(r, LendingError::NotAdmin);
    // only the proposed key accepts
    let r = bank
        .process(&[ix::accept_admin(&pool, &stranger.pubkey())], &[&stranger])
        .await;
    assert_lending_err(r, LendingError::NotPendingAdmin);
    let out = bank
        .ok(
            &[ix::accept_admin(&pool, &new_admin.pubkey())],
            &[&new_admin],
        )
        .await;
    let ev: AdminTransferAccepted = out.event();
    assert_eq!(
        (ev.admin_before, ev.admin_after),
        (fx.admin.pubkey(), new_admin.pubkey())
    );
    let p = fx.pool(&mut bank).await;
    assert_eq!(
        (p.admin, p.pending_admin),
        (new_admin.pubkey(), Pubkey::default())
    );
    // the old admin is out, the new one is in; accepting twice fails
    let r = bank
        .process(
            &[ix::update_config(
                &pool,
                &fx.admin.pubkey(),
                PoolConfig::example(),
            )],
            &[&fx.admin],
        )
        .await;
    assert_lending_err(r, LendingError::NotAdmin);
    bank.ok(
        &[ix::update_config(
            &pool,
            &new_admin.pubkey(),
            PoolConfig::example(),
        )],
        &[&new_admin],
    )
    .await;
    let r = bank
        .process(
            &[ix::accept_admin(&pool, &new_admin.pubkey())],
            &[&new_admin],
        )
        .await;
    assert_lending_err(r, LendingError::NotPendingAdmin);
}

#[tokio::test]
async fn a_pending_admin_transfer_can_be_cancelled() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let new_admin = TestKeypair::new();
    bank.ok(
        &[ix::transfer_admin(
            &pool,
            &fx.admin.pubkey(),
            &new_admin.pubkey(),
        )],
        &[&fx.admin],
    )
    .await;
    bank.ok(
        &[ix::transfer_admin(
            &pool,
            &fx.admin.pubkey(),
            &Pubkey::default(),
        )],
        &[&fx.admin],
    )
    .await;
    let r = bank
        .process(
            &[ix::accept_admin(&pool, &new_admin.pubkey())],
            &[&new_admin],
        )
        .await;
    assert_lending_err(r, LendingError::NotPendingAdmin);
    assert_eq!(fx.pool(&mut bank).await.admin, fx.admin.pubkey());
}
