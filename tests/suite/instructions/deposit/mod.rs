//! `deposit`: LP shares (one share unit per base unit at the initial price), rounding,
//! slippage, caps, pauses and the books' limit. The attacker's moves are in `attacks`; the
//! refusals shared with `withdraw` and `redeem` are here, tagged for them.
mod attacks;
use crate::support::*;
use lending_pool::{
    constants::{pause, MAX_BOOKS, WAD},
    errors::LendingError,
    events::{BadDebtSettled, LpDeposited},
    math::{share_price_wad_down, to_shares_down},
    state::PoolConfig,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

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

// also covers: withdraw, redeem
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

// also covers: withdraw, redeem
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

/// `deposit`: before, on an 18-decimal base ten whole tokens took `cash + total_debt` past
/// `MAX_BOOKS`, where accrual pins the index: interest stopped for everyone. Now refused.
#[tokio::test]
async fn deposit_past_max_books_is_refused() {
    let mut bank = Bank::start().await;
    let config = PoolConfig {
        deposit_cap: u64::MAX,
        min_debt: 0,
        ..PoolConfig::example()
    };
    let fx = PoolFixture::new(&mut bank, 18, config).await;
    let ten = 10 * 10u64.pow(18);
    let lp = fx.user(&mut bank, ten).await;
    assert_refused(
        &mut bank,
        &fx,
        &[fx.deposit_ix(&lp, ten, 0)],
        &[&lp.key],
        LendingError::BooksLimitExceeded,
    )
    .await;
    bank.ok(&[fx.deposit_ix(&lp, MAX_BOOKS, 0)], &[&lp.key])
        .await;
    assert_refused(
        &mut bank,
        &fx,
        &[fx.deposit_ix(&lp, 1, 0)],
        &[&lp.key],
        LendingError::BooksLimitExceeded,
    )
    .await;
    fx.assert_books(&mut bank).await;
}

// also covers: withdraw, redeem
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

/// A share price written down to near zero (0.095% of par, above a freeze floor of 0.01%)
/// makes a large deposit mint more shares than a u64 holds: refused (`LpSupplyOverflow`)
/// rather than wrapping; a deposit that fits mints at that price.
#[tokio::test]
async fn a_deposit_past_what_the_lp_supply_can_hold_is_refused() {
    let config = PoolConfig {
        freeze_floor_bps: 1,
        deposit_cap: u64::MAX,
        ..no_fee()
    };
    let (mut bank, fx) = sol_pool(config, LENT).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[100 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 100 * SOL)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, LENT).await;
    bank.ok(&[borrow], &[&b.key]).await;
    // SOL at $0.10: the 100 SOL repay $10 / 1.05 and the rest of the 10,000 is written off
    fx.set_prices(bank, &[DOLLAR / 10]).await;
    let liq = liquidator(bank, &fx).await;
    let out = liquidate_slot(bank, &fx, &liq, &b, 0).await.unwrap();
    let s: BadDebtSettled = out.event();
    assert_eq!(
        (s.lp_assets_after, s.lp_supply_after, s.frozen),
        (9_523_810, LENT, false)
    );
    // 10^17 base units would mint about 10^20 shares
    let whale = fx.user(bank, 100_000_000_000 * USDC).await;
    let all_in = fx.deposit_ix(&whale, 100_000_000_000 * USDC, 0);
    assert_refused(
        bank,
        &fx,
        &[all_in],
        &[&whale.key],
        LendingError::LpSupplyOverflow,
    )
    .await;
    let minted = to_shares_down(1_000 * USDC, 9_523_810, LENT).unwrap();
    let ev: LpDeposited = bank
        .ok(
            &[fx.deposit_ix(&whale, 1_000 * USDC, minted)],
            &[&whale.key],
        )
        .await
        .event();
    assert_eq!(ev.shares, minted);
    assert_eq!(bank.token_balance(&whale.lp).await, minted);
    fx.assert_books(bank).await;
}
