//! `transfer_admin`: the admin proposes a successor (the first of two steps) or withdraws the proposal.
use crate::support::*;
use anchor_lang::prelude::Pubkey;
use lending_pool::errors::LendingError;
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: accept_admin
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
