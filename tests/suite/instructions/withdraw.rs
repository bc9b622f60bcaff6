//! `withdraw`: exact assets out, shares burnt rounded up; more than held or than the cash.
use crate::support::*;
use lending_pool::{errors::LendingError, math::to_shares_up};
use lending_pool_testkit::*;

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

// also covers: redeem
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

/// LP money lent out is not cash: an exit larger than the cash left is refused
/// (`InsufficientCash`), exactly the cash goes out, and a repayment brings more back.
// also covers: redeem
#[tokio::test]
async fn withdraw_and_redeem_past_the_cash_are_refused() {
    let (mut bank, fx, _) = setup_lending(0).await;
    let bank = &mut bank;
    let lp = fx.user(bank, 1_000 * USDC).await;
    bank.ok(&[fx.deposit_ix(&lp, 1_000 * USDC, 0)], &[&lp.key])
        .await;
    let b = fx.borrower(bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, 900 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    assert_eq!(fx.pool(bank).await.cash, 100 * USDC);
    for ix in [
        fx.withdraw_ix(&lp, 100 * USDC + 1, u64::MAX),
        fx.redeem_ix(&lp, 1_000 * USDC, 0),
    ] {
        assert_refused(bank, &fx, &[ix], &[&lp.key], LendingError::InsufficientCash).await;
    }
    bank.ok(&[fx.withdraw_ix(&lp, 100 * USDC, 100 * USDC)], &[&lp.key])
        .await;
    assert_eq!(fx.pool(bank).await.cash, 0);
    bank.ok(&[fx.repay_ix(&b, 400 * USDC)], &[&b.key]).await;
    bank.ok(&[fx.redeem_ix(&lp, 400 * USDC, 400 * USDC)], &[&lp.key])
        .await;
    assert_eq!(bank.token_balance(&lp.base).await, 500 * USDC);
    assert_eq!(bank.token_balance(&lp.lp).await, 500 * USDC);
    fx.assert_books(bank).await;
}
