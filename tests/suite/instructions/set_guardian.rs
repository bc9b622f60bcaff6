//! `set_guardian`: only the admin names the guardian.
use crate::support::*;
use lending_pool::{constants::*, errors::LendingError, events::GuardianSet};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: set_pause
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
