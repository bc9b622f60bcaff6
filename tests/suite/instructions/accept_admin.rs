//! `accept_admin`: the proposed key takes the admin role (the second of two steps).
use crate::support::*;
use anchor_lang::prelude::Pubkey;
use lending_pool::{
    errors::LendingError,
    events::{AdminTransferAccepted, AdminTransferProposed},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: transfer_admin
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
