//! deposit / withdraw / redeem: LP shares (one share unit per base unit at the initial
//! price), rounding, slippage, caps, pauses, account checks and share-price manipulation.
use crate::common::*;
use crate::liquidation::{crash_setup, DOLLAR, USDC};
use anchor_lang::{error::ErrorCode as AnchorError, prelude::Pubkey};
use lending_pool::{
    constants::pause,
    constants::WAD,
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
            &[fx.deposit_ix(&alice, 2_000_000, 2_000_000)],
            &[&alice.key],
        )
        .await;

    // 1:1 at the initial price (VIRTUAL_SHARES = VIRTUAL_ASSETS = 1)
    assert_eq!(bank.token_balance(&alice.lp).await, 2_000_000);
    assert_eq!(bank.token_balance(&alice.base).await, 3_000_000);
    assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, 2_000_000);
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.cash, 2_000_000);
    assert_eq!(pool.lp_assets().unwrap(), 2_000_000);

    let ev: LpDeposited = out.event();
    assert_eq!((ev.assets, ev.shares), (2_000_000, 2_000_000));
    assert_eq!(
        (ev.before.cash, ev.before.lp_supply, ev.before.lp_assets),
        (0, 0, 0)
    );
    assert_eq!(
        (ev.after.cash, ev.after.lp_supply, ev.after.lp_assets),
        (2_000_000, 2_000_000, 2_000_000)
    );
    // one base unit per share unit, before and after
    assert_eq!(ev.before.share_price_wad, WAD);
    assert_eq!(ev.after.share_price_wad, WAD);
    assert_eq!(
        ev.after.share_price_wad,
        share_price_wad_down(2_000_000, 2_000_000).unwrap()
    );
    assert_eq!(ev.depositor, alice.key.pubkey());
    fx.assert_books(&mut bank).await;

    // a second LP buys in at the same price
    let bob = fx.user(&mut bank, 1_000).await;
    bank.ok(&[fx.deposit_ix(&bob, 1_000, 0)], &[&bob.key]).await;
    assert_eq!(bank.token_balance(&bob.lp).await, 1_000);
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
        333_333,
    )
    .unwrap();
    bank.ok(&[burn], &[&alice.key]).await;
    let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    assert_eq!(supply, 666_667);
    let pool = fx.pool(&mut bank).await;
    let want_burn = to_shares_up(100_001, pool.lp_assets().unwrap(), supply).unwrap();
    assert_eq!(want_burn, 66_668);
    bank.ok(&[fx.withdraw_ix(&alice, 100_001, want_burn)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 100_001);
    assert_eq!(
        bank.token_balance(&alice.lp).await,
        lp_before - 333_333 - want_burn
    );
    assert_eq!(bank.token_balance(&alice.lp).await, 599_999);
    // exact = 100_001 * (666_667 + 1) / (1_000_000 + 1) = 66_667.4 is not an integer:
    // rounded up
    let exact_num = 100_001u128 * (supply as u128 + 1);
    assert_eq!(want_burn as u128, exact_num.div_ceil(1_000_001));
    assert_eq!(exact_num % 1_000_001, 400_001);
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
    // shares are 1:1 with base units at the initial price, so dust needs a price that moved.
    // Above one unit per share (an LP burnt a share, a gift to the others) one base unit
    // buys 1 × 1_000_000 / 1_000_001 shares: rounds to nothing, refused
    let burn = anchor_spl::token::spl_token::instruction::burn(
        &anchor_spl::token::ID,
        &alice.lp,
        &fx.addrs.lp_mint,
        &alice.key.pubkey(),
        &[],
        1,
    )
    .unwrap();
    bank.ok(&[burn], &[&alice.key]).await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 1, 0)], &[&alice.key])
            .await,
        LendingError::ZeroSharesMinted,
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 1_000_000);
    assert_eq!(bank.token_balance(&alice.lp).await, 999_999);
    assert_eq!(bank.token_balance(&alice.base).await, 0);

    // below one unit per share (after a write-down: 99,480.952382 USDC of LP assets for
    // 100,000 USDC of shares) one share is worth 0.99 of a unit: rounds to nothing, refused
    let mut c = crash_setup(100_000 * USDC, 100 * USDC).await;
    c.set_sol_price(50 * DOLLAR).await;
    c.liquidate(u64::MAX, 0).await.unwrap();
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.lp_assets().unwrap(), 99_480_952_382);
    assert_lending_err(
        c.bank
            .process(&[c.fx.redeem_ix(&c.lp, 1, 0)], &[&c.lp.key])
            .await,
        LendingError::ZeroAssetsOut,
    );
    assert_eq!(c.fx.pool(&mut c.bank).await.cash, pool.cash);
    assert_eq!(c.bank.token_balance(&c.lp.lp).await, 100_000 * USDC);
    // two shares pay floor(2 × 99_480_952_383 / 100_000_000_001) = 1
    c.bank
        .ok(&[c.fx.redeem_ix(&c.lp, 2, 1)], &[&c.lp.key])
        .await;
    assert_eq!(c.bank.token_balance(&c.lp.base).await, 1);
    assert_eq!(c.fx.pool(&mut c.bank).await.cash, pool.cash - 1);
}

#[tokio::test]
async fn slippage_guards_hold() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 1_000_000).await;
    assert_lending_err(
        bank.process(&[fx.deposit_ix(&alice, 1_000, 1_001)], &[&alice.key])
            .await,
        LendingError::SharesBelowMinimum,
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 0);
    // each bound holds exactly at the quoted amount (1:1 at the initial price)
    bank.ok(
        &[fx.deposit_ix(&alice, 1_000_000, 1_000_000)],
        &[&alice.key],
    )
    .await;
    assert_lending_err(
        bank.process(&[fx.withdraw_ix(&alice, 1_000, 999)], &[&alice.key])
            .await,
        LendingError::SharesAboveMaximum,
    );
    assert_lending_err(
        bank.process(&[fx.redeem_ix(&alice, 1_000, 1_001)], &[&alice.key])
            .await,
        LendingError::AssetsBelowMinimum,
    );
    assert_eq!(fx.pool(&mut bank).await.cash, 1_000_000);
    assert_eq!(bank.token_balance(&alice.lp).await, 1_000_000);
    bank.ok(&[fx.withdraw_ix(&alice, 1_000, 1_000)], &[&alice.key])
        .await;
    bank.ok(&[fx.redeem_ix(&alice, 1_000, 1_000)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 2_000);
    assert_eq!(bank.token_balance(&alice.lp).await, 998_000);
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
        bank.process(&[fx.redeem_ix(&bob, 1_001, 0)], &[&bob.key])
            .await,
        LendingError::InsufficientShares,
    );
    assert_eq!(bank.token_balance(&bob.lp).await, 1_000);
    assert_eq!(bank.token_balance(&bob.base).await, 0);
    assert_eq!(fx.pool(&mut bank).await.cash, 1_001_000);
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
        bank.process(&[fx.redeem_ix(&alice, 10, 0)], &[&alice.key])
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
