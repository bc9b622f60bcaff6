//! `deposit` under attack: substituted accounts and share-price manipulation (the
//! first-depositor inflation and the LP-burn donation).
use crate::support::*;
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey};
use lending_pool::{constants::WAD, errors::LendingError, state::PoolConfig};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: redeem
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
            1_000,
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
        1_000,
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
        1_000,
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
        1_000,
        0,
    );
    assert_lending_err(
        bank.process(&[ix], &[&alice.key]).await,
        LendingError::DestinationIsPoolVault,
    );
    // a fake token program
    let mut ix = fx.deposit_ix(&alice, 1_000, 0);
    let token = ix
        .accounts
        .iter()
        .position(|m| m.pubkey == anchor_spl::token::ID)
        .unwrap();
    ix.accounts[token].pubkey = Pubkey::new_unique();
    assert_anchor_err(
        bank.process(&[ix], &[&alice.key]).await,
        AnchorError::InvalidProgramId,
    );

    // nothing moved
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.cash, 500_000);
    assert_eq!(bank.token_balance(&alice.lp).await, 500_000);
    assert_eq!(bank.token_balance(&mallory.base).await, 1_000_000);
    fx.assert_books(&mut bank).await;
}

/// The classic ERC-4626 attack: the first depositor mints a sliver of shares, then inflates
/// the share price by donating to the vault so the next deposit rounds down to nothing.
/// Here the price comes from the books, not the vault balance, so the donation is inert.
// also covers: redeem
#[tokio::test]
async fn first_depositor_inflation_attack_fails() {
    let (mut bank, fx) = setup().await;
    let attacker = fx.user(&mut bank, 10_000_000_001).await;
    let victim = fx.user(&mut bank, 10_000_000).await;
    bank.ok(&[fx.deposit_ix(&attacker, 1, 0)], &[&attacker.key])
        .await;
    assert_eq!(bank.token_balance(&attacker.lp).await, 1);
    let price_before = fx.pool(&mut bank).await.share_price_wad(1).unwrap();
    assert_eq!(price_before, WAD);

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
        pool.share_price_wad(1).unwrap(),
        price_before,
        "a donation does not move the price"
    );
    assert_eq!(
        bank.token_balance(&fx.addrs.base_vault).await,
        10_000_000_001
    );
    fx.assert_books(&mut bank).await;

    bank.ok(&[fx.deposit_ix(&victim, 10_000_000, 0)], &[&victim.key])
        .await;
    let victim_shares = bank.token_balance(&victim.lp).await;
    assert_eq!(victim_shares, 10_000_000);
    bank.ok(&[fx.redeem_ix(&victim, victim_shares, 0)], &[&victim.key])
        .await;
    assert_eq!(
        bank.token_balance(&victim.base).await,
        10_000_000,
        "victim lost nothing"
    );
    bank.ok(&[fx.redeem_ix(&attacker, 1, 0)], &[&attacker.key])
        .await;
    assert_eq!(
        bank.token_balance(&attacker.base).await,
        1,
        "attacker's donation is gone"
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 0);
    fx.assert_books(&mut bank).await;
}

/// The other way to push the price up: burn LP shares outside the program (a gift to the
/// remaining holders and to the virtual share). With a virtual offset of one unit and one
/// share that gift is shared with the virtual share, so the attack is griefing at the
/// attacker's own cost, never a profit: the attacker loses at least what the victim loses,
/// and a victim whose `min_shares_out` comes from a quote is refused instead.
// also covers: redeem
#[tokio::test]
async fn lp_burn_donation_costs_the_attacker_at_least_what_the_victim_loses() {
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
        999,
    )
    .unwrap();
    bank.ok(&[burn], &[&attacker.key]).await;
    // 1,000 units behind one share: (1_000 + 1) / (1 + 1) = 500.5 units per share
    assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, 1);
    assert_eq!(
        fx.pool(&mut bank).await.share_price_wad(1).unwrap(),
        500 * WAD + WAD / 2
    );

    // the victim's wallet quoted 1,000 shares before the burn: the bound refuses the deposit
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&victim, 1_000, 1_000)], &[&victim.key])
            .await,
        LendingError::SharesBelowMinimum,
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 1_000);
    assert_eq!(bank.token_balance(&victim.base).await, 1_000);
    assert_eq!(bank.token_balance(&victim.lp).await, 0);

    // without a bound: 1_000 × 2 / 1_001 = 1 share, redeemed for 1 × 2_001 / 3 = 667
    bank.ok(&[fx.deposit_ix(&victim, 1_000, 0)], &[&victim.key])
        .await;
    assert_eq!(bank.token_balance(&victim.lp).await, 1);
    bank.ok(&[fx.redeem_ix(&victim, 1, 0)], &[&victim.key])
        .await;
    assert_eq!(bank.token_balance(&victim.base).await, 667);
    // the attacker's share then pays 1 × (1_333 + 1) / (1 + 1) = 667: the same 333 lost
    bank.ok(&[fx.redeem_ix(&attacker, 1, 0)], &[&attacker.key])
        .await;
    assert_eq!(bank.token_balance(&attacker.base).await, 667);
    // the rest stays behind the virtual share, with no shares outstanding
    assert_eq!(fx.pool(&mut bank).await.cash, 666);
    assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, 0);
    fx.assert_books(&mut bank).await;
}
