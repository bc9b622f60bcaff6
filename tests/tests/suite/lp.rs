//! deposit / withdraw / redeem: LP shares, rounding, slippage, caps, pauses, account checks
//! and the first-depositor inflation attack.
use crate::common::*;
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{LpDeposited, LpWithdrawn},
    math::{share_price_wad_down, to_shares_up},
    state::PoolConfig,
};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

#[tokio::test]
async fn deposit_mints_shares_at_the_virtual_rate_and_emits_books() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 5_000_000).await;
    let out = bank
        .ok(
            &[fx.deposit_ix(&alice, 2_000_000, 2_000_000_000)],
            &[&alice.key],
        )
        .await;

    assert_eq!(bank.token_balance(&alice.lp).await, 2_000_000_000);
    assert_eq!(bank.token_balance(&alice.base).await, 3_000_000);
    assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, 2_000_000);
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.cash, 2_000_000);
    assert_eq!(pool.lp_assets().unwrap(), 2_000_000);

    let ev: LpDeposited = out.event();
    assert_eq!((ev.assets, ev.shares), (2_000_000, 2_000_000_000));
    assert_eq!(
        (ev.before.cash, ev.before.lp_supply, ev.before.lp_assets),
        (0, 0, 0)
    );
    assert_eq!(
        (ev.after.cash, ev.after.lp_supply, ev.after.lp_assets),
        (2_000_000, 2_000_000_000, 2_000_000)
    );
    assert_eq!(
        ev.before.share_price_wad,
        share_price_wad_down(0, 0).unwrap()
    );
    assert_eq!(
        ev.after.share_price_wad,
        share_price_wad_down(2_000_000, 2_000_000_000).unwrap()
    );
    assert_eq!(ev.depositor, alice.key.pubkey());
    fx.assert_books(&mut bank).await;

    // a second LP buys in at the same price
    let bob = fx.user(&mut bank, 1_000).await;
    bank.ok(&[fx.deposit_ix(&bob, 1_000, 0)], &[&bob.key]).await;
    assert_eq!(bank.token_balance(&bob.lp).await, 1_000_000);
}

#[tokio::test]
async fn redeem_everything_returns_exactly_the_deposit() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 777_777).await;
    let bob = fx.user(&mut bank, 123_457).await;
    bank.ok(&[fx.deposit_ix(&alice, 777_777, 0)], &[&alice.key])
        .await;
    bank.ok(&[fx.deposit_ix(&bob, 123_457, 0)], &[&bob.key])
        .await;
    let shares = bank.token_balance(&alice.lp).await;
    let out = bank
        .ok(&[fx.redeem_ix(&alice, shares, 777_777)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 777_777);
    assert_eq!(bank.token_balance(&alice.lp).await, 0);
    let ev: LpWithdrawn = out.event();
    assert_eq!((ev.assets, ev.shares), (777_777, shares));
    assert_eq!(ev.after.lp_supply, ev.before.lp_supply - shares);
    assert!(ev.after.share_price_wad >= ev.before.share_price_wad);
    fx.assert_books(&mut bank).await;
}

#[tokio::test]
async fn withdraw_exact_assets_burns_shares_rounded_up() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    bank.ok(&[fx.deposit_ix(&alice, 1_000_000, 0)], &[&alice.key])
        .await;
    // make the price uneven: the price only moves through the books, so a donating LP burn
    // (LP tokens destroyed outside the program) is the way to do it without borrowing
    let lp_before = bank.token_balance(&alice.lp).await;
    let burn = anchor_spl::token::spl_token::instruction::burn(
        &anchor_spl::token::ID,
        &alice.lp,
        &fx.addrs.lp_mint,
        &alice.key.pubkey(),
        &[],
        333_333_333,
    )
    .unwrap();
    bank.ok(&[burn], &[&alice.key]).await;
    let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    let pool = fx.pool(&mut bank).await;
    let want_burn = to_shares_up(100_001, pool.lp_assets().unwrap(), supply).unwrap();
    bank.ok(&[fx.withdraw_ix(&alice, 100_001, want_burn)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 100_001);
    assert_eq!(
        bank.token_balance(&alice.lp).await,
        lp_before - 333_333_333 - want_burn
    );
    // exact = 100_001 * (666_666_667 + 1000) / (1_000_000 + 1) is not an integer: rounded up
    let exact_num = 100_001u128 * (supply as u128 + 1_000);
    assert_eq!(want_burn as u128, exact_num.div_ceil(1_000_001));
    assert_ne!(exact_num % 1_000_001, 0);
    fx.assert_books(&mut bank).await;
}

#[tokio::test]
async fn zero_amounts_and_dust_are_rejected() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 0, 0)], &[&alice.key])
            .await,
        LendingError::ZeroAmount,
    );
    bank.ok(&[fx.deposit_ix(&alice, 1_000_000, 0)], &[&alice.key])
        .await;
    assert_lending_err(
        bank.process(&[fx.withdraw_ix(&alice, 0, u64::MAX)], &[&alice.key])
            .await,
        LendingError::ZeroAmount,
    );
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&alice, 0, 0)], &[&alice.key])
            .await,
        LendingError::ZeroAmount,
    );
    // one share is worth a thousandth of a base unit: rounds to nothing, so it is refused
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&alice, 1, 0)], &[&alice.key])
            .await,
        LendingError::ZeroAssetsOut,
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 1_000_000);
}

#[tokio::test]
async fn slippage_guards_hold() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 1_000, 1_000_001)], &[&alice.key])
            .await,
        LendingError::SharesBelowMinimum,
    );
    bank.ok(
        &[fx.deposit_ix(&alice, 1_000_000, 1_000_000_000)],
        &[&alice.key],
    )
    .await;
    assert_lending_err(
        bank.process(&[fx.withdraw_ix(&alice, 1_000, 999_999)], &[&alice.key])
            .await,
        LendingError::SharesAboveMaximum,
    );
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&alice, 1_000_000, 1_001)], &[&alice.key])
            .await,
        LendingError::AssetsBelowMinimum,
    );
    bank.ok(&[fx.withdraw_ix(&alice, 1_000, 1_000_000)], &[&alice.key])
        .await;
    bank.ok(&[fx.redeem_ix(&alice, 1_000_000, 1_000)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 2_000);
}

#[tokio::test]
async fn cannot_withdraw_more_shares_than_held() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    let bob = fx.user(&mut bank, 1_000).await;
    bank.ok(&[fx.deposit_ix(&alice, 1_000_000, 0)], &[&alice.key])
        .await;
    bank.ok(&[fx.deposit_ix(&bob, 1_000, 0)], &[&bob.key]).await;
    assert_lending_err(
        bank.process(&[fx.withdraw_ix(&bob, 1_001, u64::MAX)], &[&bob.key])
            .await,
        LendingError::InsufficientShares,
    );
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&bob, 1_000_001, 0)], &[&bob.key])
            .await,
        LendingError::InsufficientShares,
    );
    assert_eq!(bank.token_balance(&bob.lp).await, 1_000_000);
}

#[tokio::test]
async fn deposit_cap_is_enforced() {
    let (mut bank, fx) = setup_with(PoolConfig {
        deposit_cap: 1_500_000,
        ..PoolConfig::example()
    })
    .await;
    let alice = fx.user(&mut bank, 2_000_000).await;
    bank.ok(&[fx.deposit_ix(&alice, 1_000_000, 0)], &[&alice.key])
        .await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 500_001, 0)], &[&alice.key])
            .await,
        LendingError::DepositCapExceeded,
    );
    bank.ok(&[fx.deposit_ix(&alice, 500_000, 0)], &[&alice.key])
        .await;
    assert_eq!(fx.pool(&mut bank).await.cash, 1_500_000);
}

#[tokio::test]
async fn paused_operations_fail_and_resume() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    bank.ok(
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.guardian.pubkey(),
            pause::DEPOSIT,
        )],
        &[&fx.guardian],
    )
    .await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 1_000, 0)], &[&alice.key])
            .await,
        LendingError::OperationPaused,
    );
    bank.ok(
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.guardian.pubkey(),
            pause::WITHDRAW,
        )],
        &[&fx.guardian],
    )
    .await;
    bank.ok(&[fx.deposit_ix(&alice, 1_000, 0)], &[&alice.key])
        .await;
    assert_lending_err(
        bank.process(&[fx.withdraw_ix(&alice, 10, u64::MAX)], &[&alice.key])
            .await,
        LendingError::OperationPaused,
    );
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&alice, 10_000, 0)], &[&alice.key])
            .await,
        LendingError::OperationPaused,
    );
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.admin.pubkey(), 0)],
        &[&fx.admin],
    )
    .await;
    bank.ok(&[fx.withdraw_ix(&alice, 10, u64::MAX)], &[&alice.key])
        .await;
}

#[tokio::test]
async fn wrong_accounts_are_rejected() {
    let (mut bank, fx) = setup().await;
    let other = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    let mallory = fx.user(&mut bank, 1_000_000).await;
    let foreign = other.user(&mut bank, 1_000_000).await;
    bank.ok(&[fx.deposit_ix(&alice, 500_000, 0)], &[&alice.key])
        .await;

    // base tokens of another mint
    let ix = ix::deposit(
        &fx.addrs,
        &alice.key.pubkey(),
        &foreign.base,
        &alice.lp,
        1_000,
        0,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key, &foreign.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    // LP shares into an account of another pool's LP mint
    let ix = ix::deposit(
        &fx.addrs,
        &alice.key.pubkey(),
        &alice.base,
        &foreign.lp,
        1_000,
        0,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    // another pool's vault / LP mint / insurance accounts
    for swap in 0..4 {
        let mut addrs = fx.addrs;
        match swap {
            0 => addrs.base_vault = other.addrs.base_vault,
            1 => addrs.lp_mint = other.addrs.lp_mint,
            2 => addrs.insurance_fund = other.addrs.insurance_fund,
            _ => addrs.insurance_vault = other.addrs.insurance_vault,
        }
        let ix = ix::deposit(
            &addrs,
            &alice.key.pubkey(),
            &alice.base,
            &alice.lp,
            1_000,
            0,
        );
        assert_anchor_err(
            bank.process(&[ix], &[&alice.key]).await,
            AnchorError::ConstraintHasOne,
        );
        let ix = ix::redeem(
            &addrs,
            &alice.key.pubkey(),
            &alice.lp,
            &alice.base,
            1_000_000,
            0,
        );
        assert_anchor_err(
            bank.process(&[ix], &[&alice.key]).await,
            AnchorError::ConstraintHasOne,
        );
    }
    // an account of another type posing as the pool
    let mut addrs = fx.addrs;
    addrs.pool = fx.addrs.insurance_fund;
    let ix = ix::deposit(
        &addrs,
        &alice.key.pubkey(),
        &alice.base,
        &alice.lp,
        1_000,
        0,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key]).await,
        AnchorError::AccountDiscriminatorMismatch,
    );
    // depositor did not sign
    let mut ix = fx.deposit_ix(&alice, 1_000, 0);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        bank.process(&[ix], &[]).await,
        AnchorError::AccountNotSigner,
    );
    // mallory spends alice's base tokens: the token program refuses
    let ix = ix::deposit(
        &fx.addrs,
        &mallory.key.pubkey(),
        &alice.base,
        &mallory.lp,
        1_000,
        0,
    );
    assert_token_err(
        bank.process(&[ix], &[&mallory.key]).await,
        anchor_spl::token::spl_token::error::TokenError::OwnerMismatch,
    );
    // mallory redeems alice's shares
    let ix = ix::redeem(
        &fx.addrs,
        &mallory.key.pubkey(),
        &alice.lp,
        &mallory.base,
        1_000_000,
        0,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&mallory.key]).await,
        AnchorError::ConstraintTokenOwner,
    );
    // paying out into the pool's own vaults (Anchor's duplicate-mutable check sees the first)
    let ix = ix::redeem(
        &fx.addrs,
        &alice.key.pubkey(),
        &alice.lp,
        &fx.addrs.base_vault,
        1_000_000,
        0,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key]).await,
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    let ix = ix::redeem(
        &fx.addrs,
        &alice.key.pubkey(),
        &alice.lp,
        &fx.addrs.insurance_vault,
        1_000_000,
        0,
    );
    assert_lending_err(
        bank.process(&[ix], &[&alice.key]).await,
        LendingError::DestinationIsPoolVault,
    );
    // a fake token program
    let mut ix = fx.deposit_ix(&alice, 1_000, 0);
    let last = ix.accounts.len() - 1;
    ix.accounts[last].pubkey = Pubkey::new_unique();
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key]).await,
        AnchorError::InvalidProgramId,
    );

    // nothing moved
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.cash, 500_000);
    assert_eq!(bank.token_balance(&alice.lp).await, 500_000_000);
    assert_eq!(bank.token_balance(&mallory.base).await, 1_000_000);
    fx.assert_books(&mut bank).await;
}

/// The classic ERC-4626 attack: the first depositor mints a sliver of shares, then inflates
/// the share price by donating to the vault so the next deposit rounds down to nothing.
/// Here the price comes from the books, not the vault balance, so the donation is inert.
#[tokio::test]
async fn first_depositor_inflation_attack_fails() {
    let (mut bank, fx) = setup().await;
    let attacker = fx.user(&mut bank, 10_000_000_001).await;
    let victim = fx.user(&mut bank, 10_000_000).await;
    bank.ok(&[fx.deposit_ix(&attacker, 1, 0)], &[&attacker.key])
        .await;
    assert_eq!(bank.token_balance(&attacker.lp).await, 1_000);
    let price_before = fx.pool(&mut bank).await.share_price_wad(1_000).unwrap();

    bank.token_transfer(
        &attacker.base,
        &fx.addrs.base_vault,
        &attacker.key,
        10_000_000_000,
    )
    .await;
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.cash, 1, "a donation is not cash");
    assert_eq!(
        pool.share_price_wad(1_000).unwrap(),
        price_before,
        "a donation does not move the price"
    );
    fx.assert_books(&mut bank).await;

    bank.ok(&[fx.deposit_ix(&victim, 10_000_000, 0)], &[&victim.key])
        .await;
    let victim_shares = bank.token_balance(&victim.lp).await;
    assert_eq!(victim_shares, 10_000_000_000);
    bank.ok(&[fx.redeem_ix(&victim, victim_shares, 0)], &[&victim.key])
        .await;
    assert_eq!(
        bank.token_balance(&victim.base).await,
        10_000_000,
        "victim lost nothing"
    );
    bank.ok(&[fx.redeem_ix(&attacker, 1_000, 0)], &[&attacker.key])
        .await;
    assert_eq!(
        bank.token_balance(&attacker.base).await,
        1,
        "attacker's donation is gone"
    );
}

/// The other way to push the price up: burn LP shares outside the program (a donation to the
/// remaining LPs). The virtual shares absorb it: the attacker pays, the victim loses nothing.
#[tokio::test]
async fn lp_burn_donation_does_not_hurt_the_next_depositor() {
    let (mut bank, fx) = setup().await;
    let attacker = fx.user(&mut bank, 1_000).await;
    let victim = fx.user(&mut bank, 1_000).await;
    bank.ok(&[fx.deposit_ix(&attacker, 1_000, 0)], &[&attacker.key])
        .await;
    let burn = anchor_spl::token::spl_token::instruction::burn(
        &anchor_spl::token::ID,
        &attacker.lp,
        &fx.addrs.lp_mint,
        &attacker.key.pubkey(),
        &[],
        999_999,
    )
    .unwrap();
    bank.ok(&[burn], &[&attacker.key]).await;
    bank.ok(&[fx.deposit_ix(&victim, 1_000, 0)], &[&victim.key])
        .await;
    let shares = bank.token_balance(&victim.lp).await;
    assert!(shares > 0);
    bank.ok(&[fx.redeem_ix(&victim, shares, 0)], &[&victim.key])
        .await;
    assert_eq!(bank.token_balance(&victim.base).await, 1_000);
    bank.ok(&[fx.redeem_ix(&attacker, 1, 0)], &[&attacker.key])
        .await;
    assert!(bank.token_balance(&attacker.base).await < 1_000);
    fx.assert_books(&mut bank).await;
}
