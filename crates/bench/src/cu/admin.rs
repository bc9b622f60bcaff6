//! The main pool's administration rows, last on it: the settings, the roles (a guardian
//! set, the admin handed over), and the new admin retiring a delisted collateral slot.
use super::{measured, Measurement};
use lending_pool::{
    constants::pause,
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, PoolFixture, Signer, TestKeypair};

/// The settings, the roles and the retirement, in order.
pub(super) async fn governance(bank: &mut Bank, fx: &PoolFixture) -> Vec<Measurement> {
    let mut rows = settings(bank, fx).await;
    let (new_admin, roles) = roles(bank, fx).await;
    rows.extend(roles);
    rows.push(retire_collateral(bank, fx, &new_admin).await);
    rows
}

/// The admin's config and collateral updates, and the guardian's pause.
async fn settings(bank: &mut Bank, fx: &PoolFixture) -> Vec<Measurement> {
    let pool = fx.addrs.pool;
    let config = PoolConfig {
        deposit_cap: 1 << 60,
        ..PoolConfig::example()
    };
    let r = bank
        .ok(
            &[ix::update_config(&pool, &fx.admin.pubkey(), config)],
            &[&fx.admin],
        )
        .await;
    let mut rows = vec![measured("update_config", "admin", &r)];
    let mut params = bank.pool(&pool).await.collaterals[0].params();
    params.deposit_cap = params.deposit_cap.saturating_sub(1);
    let r = bank
        .ok(
            &[ix::update_collateral(&pool, &fx.admin.pubkey(), 0, params)],
            &[&fx.admin],
        )
        .await;
    rows.push(measured("update_collateral", "admin", &r));
    let r = bank
        .ok(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::BORROW)],
            &[&fx.guardian],
        )
        .await;
    rows.push(measured("set_pause", "guardian", &r));
    rows
}

/// A new guardian, and the admin role proposed to a new key, which accepts it: the new
/// admin and the rows.
async fn roles(bank: &mut Bank, fx: &PoolFixture) -> (TestKeypair, Vec<Measurement>) {
    let pool = fx.addrs.pool;
    let new_guardian = bank.keypair();
    let r = bank
        .ok(
            &[ix::set_guardian(
                &pool,
                &fx.admin.pubkey(),
                &new_guardian.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    let mut rows = vec![measured("set_guardian", "admin", &r)];
    let new_admin = bank.keypair();
    let r = bank
        .ok(
            &[ix::transfer_admin(
                &pool,
                &fx.admin.pubkey(),
                &new_admin.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    rows.push(measured("transfer_admin", "propose", &r));
    let r = bank
        .ok(
            &[ix::accept_admin(&pool, &new_admin.pubkey())],
            &[&new_admin],
        )
        .await;
    rows.push(measured("accept_admin", "accept", &r));
    (new_admin, rows)
}

/// The new admin delists slot 0 and retires it once its feed is a day old.
async fn retire_collateral(bank: &mut Bank, fx: &PoolFixture, admin: &TestKeypair) -> Measurement {
    let pool = fx.addrs.pool;
    let delisted = CollateralParams {
        ltv_bps: 0,
        ..bank.pool(&pool).await.collaterals[0].params()
    };
    bank.ok(
        &[ix::update_collateral(&pool, &admin.pubkey(), 0, delisted)],
        &[admin],
    )
    .await;
    bank.warp(lending_pool::constants::RETIRE_AFTER_SECS + 1)
        .await;
    let r = bank
        .ok(
            &[ix::retire_collateral(&pool, &admin.pubkey(), 0)],
            &[admin],
        )
        .await;
    measured(
        "retire_collateral",
        "admin, delisted slot a day without a price",
        &r,
    )
}
