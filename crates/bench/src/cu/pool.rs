//! The main pool's first rows: its creation and an LP's flows. The borrowing, crash and
//! admin rows continue on the same pool, in that order.
use super::{measured, Measurement};
use lending_pool::state::PoolConfig;
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, PoolFixture, Signer};

/// `init_pool`, and the fixture over the pool it created (built by hand, so the creation
/// is measured), its base price set and no collateral yet.
pub(super) async fn create(bank: &mut Bank) -> (PoolFixture, Measurement) {
    let admin = bank.keypair();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let mint_authority = bank.keypair();
    let base_mint = bank.create_mint(&mint_authority.pubkey(), 6).await;
    let addrs = lending_pool_sdk::PoolAddresses::derive(&base_mint, &admin.pubkey());
    let guardian = bank.keypair();
    let r = bank
        .ok(
            &[ix::init_pool(
                &addrs,
                &guardian.pubkey(),
                lending_pool_testkit::BASE_FEED,
                PoolConfig::example(),
            )],
            &[&admin],
        )
        .await;
    let row = measured(
        "init_pool",
        "creates pool, 2 vaults, LP mint, insurance fund",
        &r,
    );
    let base_oracle = bank.keypair().pubkey();
    let fx = PoolFixture {
        addrs,
        admin,
        guardian,
        mint_authority,
        decimals: 6,
        base_oracle,
        base_feed: lending_pool_testkit::BASE_FEED,
        base_price: lending_pool_testkit::BASE_PRICE,
        collaterals: vec![],
    };
    fx.set_prices(bank, &[]).await;
    (fx, row)
}

/// An LP's deposits (into the empty pool, then not), withdrawal, redemption and donation to
/// the insurance fund.
pub(super) async fn lp_flows(bank: &mut Bank, fx: &PoolFixture) -> Vec<Measurement> {
    let alice = fx.user(bank, 10_000_000_000).await;
    let r = bank
        .ok(&[fx.deposit_ix(&alice, 5_000_000_000, 0)], &[&alice.key])
        .await;
    let mut rows = vec![measured("deposit", "first deposit (empty pool)", &r)];
    let r = bank
        .ok(&[fx.deposit_ix(&alice, 1_234_567, 0)], &[&alice.key])
        .await;
    rows.push(measured("deposit", "later deposit", &r));
    let r = bank
        .ok(
            &[fx.withdraw_ix(&alice, 1_000_000, u64::MAX)],
            &[&alice.key],
        )
        .await;
    rows.push(measured("withdraw", "exact assets out", &r));
    let r = bank
        .ok(&[fx.redeem_ix(&alice, 1_000_000_000, 0)], &[&alice.key])
        .await;
    rows.push(measured("redeem", "exact shares in", &r));
    let r = bank
        .ok(&[fx.fund_insurance_ix(&alice, 1_000_000)], &[&alice.key])
        .await;
    rows.push(measured("fund_insurance", "donation", &r));
    rows
}
