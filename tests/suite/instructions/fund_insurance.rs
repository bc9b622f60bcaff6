//! `fund_insurance`: donations into the insurance fund's own vault and ledger.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool::{
    constants::pause, errors::LendingError, events::InsuranceFunded, state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn anyone_can_fund_insurance_and_the_ledger_records_it() {
    let (mut bank, fx) = setup().await;
    let donor = fx.user(&mut bank, 1_000_000).await;
    let out = bank
        .ok(&[fx.fund_insurance_ix(&donor, 400_000)], &[&donor.key])
        .await;
    let ev: InsuranceFunded = out.event();
    assert_eq!(
        (
            ev.amount,
            ev.balance_before,
            ev.balance_after,
            ev.total_donations_after
        ),
        (400_000, 0, 400_000, 400_000)
    );
    assert_eq!(ev.donor, donor.key.pubkey());
    bank.ok(&[fx.fund_insurance_ix(&donor, 100_000)], &[&donor.key])
        .await;
    let fund = fx.insurance(&mut bank).await;
    assert_eq!(
        (fund.total_donations_in, fund.balance().unwrap()),
        (500_000, 500_000)
    );
    assert_eq!(bank.token_balance(&fx.addrs.insurance_vault).await, 500_000);
    // the insurance fund is not LP money
    let pool = fx.pool(&mut bank).await;
    assert_eq!((pool.cash, pool.lp_assets().unwrap()), (0, 0));
    fx.assert_books(&mut bank).await;
}

#[tokio::test]
async fn fund_insurance_failure_modes() {
    let (mut bank, fx) = setup().await;
    let other = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    let donor = fx.user(&mut bank, 1_000_000).await;
    let foreign = other.user(&mut bank, 1_000_000).await;
    assert_lending_err(
        bank.process(&[fx.fund_insurance_ix(&donor, 0)], &[&donor.key])
            .await,
        LendingError::ZeroAmount,
    );
    // tokens of another mint
    let ix = ix::fund_insurance(&fx.addrs, &foreign.key.pubkey(), &foreign.base, 1_000);
    assert_anchor_err(
        bank.process(&[ix], &[&foreign.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    // another pool's insurance fund or vault
    let mut addrs = fx.addrs;
    addrs.insurance_vault = other.addrs.insurance_vault;
    let ix = ix::fund_insurance(&addrs, &donor.key.pubkey(), &donor.base, 1_000);
    assert_anchor_err(
        bank.process(&[ix], &[&donor.key]).await,
        AnchorError::ConstraintHasOne,
    );
    let mut addrs = fx.addrs;
    addrs.insurance_fund = other.addrs.insurance_fund;
    let ix = ix::fund_insurance(&addrs, &donor.key.pubkey(), &donor.base, 1_000);
    assert_anchor_err(
        bank.process(&[ix], &[&donor.key]).await,
        AnchorError::ConstraintHasOne,
    );
    // more than the donor holds
    let r = bank
        .process(&[fx.fund_insurance_ix(&donor, 1_000_001)], &[&donor.key])
        .await;
    assert_token_err(
        r,
        anchor_spl::token::spl_token::error::TokenError::InsufficientFunds,
    );
    // paused
    bank.ok(
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.guardian.pubkey(),
            pause::FUND_INSURANCE,
        )],
        &[&fx.guardian],
    )
    .await;
    assert_lending_err(
        bank.process(&[fx.fund_insurance_ix(&donor, 1_000)], &[&donor.key])
            .await,
        LendingError::OperationPaused,
    );
    assert_eq!(fx.insurance(&mut bank).await.balance().unwrap(), 0);
    assert_eq!(bank.token_balance(&donor.base).await, 1_000_000);
}

#[tokio::test]
async fn a_direct_transfer_to_the_insurance_vault_keeps_the_books_valid() {
    let (mut bank, fx) = setup().await;
    let donor = fx.user(&mut bank, 1_000_000).await;
    bank.token_transfer(&donor.base, &fx.addrs.insurance_vault, &donor.key, 10_000)
        .await;
    // the ledger only counts what came through the program; later instructions still pass
    bank.ok(&[fx.fund_insurance_ix(&donor, 5_000)], &[&donor.key])
        .await;
    assert_eq!(fx.insurance(&mut bank).await.balance().unwrap(), 5_000);
    assert_eq!(bank.token_balance(&fx.addrs.insurance_vault).await, 15_000);
    fx.assert_books(&mut bank).await;
}
