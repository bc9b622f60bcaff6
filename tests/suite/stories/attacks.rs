//! Attacks across instructions: account substitution, round-trip rounding drains, front-running
//! a write-down and out-of-range amounts. Each attack must fail with a specific error and
//! change nothing (or, for economic attacks, gain nothing). The attacks on one instruction
//! sit in its module; the transaction-level random walk is `random_walk/`.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool::{
    errors::LendingError,
    math::{to_assets_down, to_shares_down},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: repay, settle_bad_debt, accrue_interest, liquidate, deposit_collateral, open_position
#[tokio::test]
async fn substituted_accounts_are_refused() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let (bank, fx) = (&mut c.bank, &c.fx);
    // a second pool with its own position
    let mut other = PoolFixture::new(bank, DECIMALS, PoolConfig::example()).await;
    other.add_collateral(bank, 9, SOL_PRICE, sol_params()).await;
    let stranger = other.borrower(bank, 0, &[]).await;

    // another pool's position in this pool's instructions
    let ix = ix::repay(
        &fx.addrs,
        &stranger.position,
        &c.b.key.pubkey(),
        &c.b.base,
        USDC,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&c.b.key]).await,
        AnchorError::ConstraintHasOne,
    );
    let ix = ix::settle_bad_debt(&fx.addrs, &stranger.position);
    assert_anchor_err(
        bank.process(&[ix], &[]).await,
        AnchorError::ConstraintHasOne,
    );
    // a position posing as the pool, the pool posing as a position
    let ix = ix::accrue_interest(&c.b.position);
    assert_anchor_err(
        bank.process(&[ix], &[]).await,
        AnchorError::AccountDiscriminatorMismatch,
    );
    let ix = ix::settle_bad_debt(&fx.addrs, &fx.addrs.pool);
    assert_anchor_err(
        bank.process(&[ix], &[]).await,
        AnchorError::AccountDiscriminatorMismatch,
    );
    // the same token account on both sides of a liquidation: the collateral vault as the
    // liquidator's destination, the base vault as the payer
    fx.set_prices(bank, &[130 * DOLLAR]).await;
    let liq = &c.liq;
    let ix = fx
        .liquidate_ix(
            bank,
            &c.b,
            &liq.user.key.pubkey(),
            &liq.user.base,
            &fx.collaterals[0].vault,
            0,
            USDC,
            0,
        )
        .await;
    assert_anchor_err(
        bank.process(&[ix], &[&liq.user.key]).await,
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    let ix = fx
        .liquidate_ix(
            bank,
            &c.b,
            &liq.user.key.pubkey(),
            &fx.addrs.base_vault,
            &liq.collateral[0],
            0,
            USDC,
            0,
        )
        .await;
    assert_anchor_err(
        bank.process(&[ix], &[&liq.user.key]).await,
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    // another pool's collateral vault
    let ix = {
        let mut ix = fx
            .liquidate_ix(
                bank,
                &c.b,
                &liq.user.key.pubkey(),
                &liq.user.base,
                &liq.collateral[0],
                0,
                USDC,
                0,
            )
            .await;
        ix.accounts[7].pubkey = other.collaterals[0].vault;
        ix
    };
    assert_anchor_err(
        bank.process(&[ix], &[&liq.user.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    // a stranger adding collateral to someone else's position (it would add an oracle to
    // every later liquidation of it)
    let sliver = ix::deposit_collateral(
        &fx.addrs.pool,
        &c.b.position,
        &liq.user.key.pubkey(),
        &fx.collaterals[0].vault,
        &liq.collateral[0],
        &fx.base_oracle,
        &[],
        0,
        1,
    );
    assert_lending_err(
        bank.process(&[sliver], &[&liq.user.key]).await,
        LendingError::NotPositionOwner,
    );
    // opening the same position twice (re-initialisation)
    let r = bank
        .process(
            &[ix::open_position(&fx.addrs.pool, &c.b.key.pubkey(), 0)],
            &[&c.b.key],
        )
        .await;
    assert_eq!(
        custom_code(&r.unwrap_err()),
        Some(0),
        "SystemError::AccountAlreadyInUse"
    );
    // nothing moved
    assert_eq!(bank.position(&c.b.position).await.collateral[0], 10 * SOL);
    fx.assert_books(bank).await;
}

/// Thousands of tiny round trips must not gain the attacker a single base unit.
// also covers: deposit, redeem, borrow, repay
#[tokio::test]
async fn round_trip_rounding_drains_gain_nothing() {
    let (mut bank, fx, _) = setup_lending(1_000_000 * USDC).await;
    let attacker = fx.user(&mut bank, 1_000 * USDC).await;
    // make the share price uneven first (interest on a borrow)
    let b = fx.borrower(&mut bank, 0, &[1_000 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 1_000 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 50_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    bank.warp(7 * 86_400 + 13).await;
    fx.set_prices(&mut bank, &[SOL_PRICE, BTC_PRICE]).await;
    // accrue once: no time passes in the loop, so each step's rounding is known exactly
    bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    let start = bank.token_balance(&attacker.base).await;
    let mut lost = 0;
    for i in 0..500u64 {
        let amount = 1 + i % 7;
        let pool = fx.pool(&mut bank).await;
        let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
        let shares = to_shares_down(amount, pool.lp_assets().unwrap(), supply).unwrap();
        let r = bank
            .process(&[fx.deposit_ix(&attacker, amount, 0)], &[&attacker.key])
            .await;
        if shares == 0 {
            // interest made a share worth more than one unit: one unit buys no share
            assert_lending_err(r, LendingError::ZeroSharesMinted);
            assert_eq!(fx.pool(&mut bank).await.cash, pool.cash);
            continue;
        }
        r.unwrap();
        assert_eq!(bank.token_balance(&attacker.lp).await, shares);
        let (lp_assets, supply) = (pool.lp_assets().unwrap() + amount, supply + shares);
        let assets = to_assets_down(shares, lp_assets, supply).unwrap();
        bank.ok(&[fx.redeem_ix(&attacker, shares, assets)], &[&attacker.key])
            .await;
        lost += amount - assets;
        assert_eq!(bank.token_balance(&attacker.base).await, start - lost);
    }
    // every round trip of 2..=7 units lost exactly one unit to rounding (a share is worth a
    // hair more than one unit), the 72 one-unit deposits were refused
    assert_eq!(lost, 428);
    let shares = bank.token_balance(&attacker.lp).await;
    let pool = fx.pool(&mut bank).await;
    let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    let left = to_assets_down(shares, pool.lp_assets().unwrap(), supply).unwrap();
    assert!(
        bank.token_balance(&attacker.base).await + left <= start,
        "LP round trips gained"
    );

    // borrow 1 / repay 1 cycles: the debt rounds up, so the borrower never owes less
    let debt_before = bank
        .position(&b.position)
        .await
        .debt(fx.pool(&mut bank).await.borrow_index.get())
        .unwrap();
    for _ in 0..500 {
        let ix = fx.borrow_ix(&mut bank, &b, 1).await;
        bank.ok(&[ix], &[&b.key]).await;
        bank.ok(&[fx.repay_ix(&b, 1)], &[&b.key]).await;
    }
    let debt_after = bank
        .position(&b.position)
        .await
        .debt(fx.pool(&mut bank).await.borrow_index.get())
        .unwrap();
    assert!(
        debt_after >= debt_before,
        "borrow/repay cycles lowered the debt: {debt_before} -> {debt_after}"
    );
    fx.assert_books(&mut bank).await;
}

/// An LP who sees a liquidation coming and withdraws first escapes the write-down: that is
/// the nature of a pool whose losses are realised at settlement (as in Morpho Blue). The
/// books stay exact either way: the remaining LPs bear exactly `socialized`.
// also covers: redeem, liquidate
#[tokio::test]
async fn front_running_a_write_down() {
    let mut c = crash_setup(60_000 * USDC, 0).await;
    let late = c.fx.user(&mut c.bank, 40_000 * USDC).await;
    c.bank
        .ok(&[c.fx.deposit_ix(&late, 40_000 * USDC, 0)], &[&late.key])
        .await;
    c.set_sol_price(50 * DOLLAR).await;
    // the front-runner redeems everything before the liquidation lands
    let shares = c.bank.token_balance(&late.lp).await;
    c.bank
        .ok(&[c.fx.redeem_ix(&late, shares, 0)], &[&late.key])
        .await;
    assert_eq!(
        c.bank.token_balance(&late.base).await,
        40_000 * USDC,
        "the full pre-loss value"
    );
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let s: lending_pool::events::BadDebtSettled = out.event();
    // the one remaining LP bears the whole loss, exactly
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.lp_assets().unwrap(), s.lp_assets_before - s.socialized);
    let shares = c.bank.token_balance(&c.lp.lp).await;
    c.bank
        .ok(&[c.fx.redeem_ix(&c.lp, shares, 0)], &[&c.lp.key])
        .await;
    let got = c.bank.token_balance(&c.lp.base).await;
    assert!(s.lp_assets_after - got <= 1);
    c.fx.assert_books(&mut c.bank).await;
}

/// Every amount-taking instruction given 0 and u64::MAX: a clear error, nothing changed.
// also covers: deposit, fund_insurance, withdraw, redeem, deposit_collateral, withdraw_collateral, borrow, repay, add_collateral, set_pause, update_config
#[tokio::test]
async fn out_of_range_amounts_get_clear_errors() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let (bank, fx, b, lp) = (&mut c.bank, &c.fx, &c.b, &c.lp);
    let e = |r: TxResult| custom_code(&r.unwrap_err());
    let code = |x: LendingError| Some(u32::from(x));
    for (amount, deposit, fund) in [
        (0, LendingError::ZeroAmount, LendingError::ZeroAmount),
        (
            u64::MAX,
            LendingError::DepositCapExceeded,
            LendingError::ZeroAmount,
        ),
    ] {
        assert_eq!(
            e(bank
                .process(&[fx.deposit_ix(lp, amount, 0)], &[&lp.key])
                .await),
            code(deposit)
        );
        if amount == 0 {
            assert_eq!(
                e(bank
                    .process(&[fx.fund_insurance_ix(lp, amount)], &[&lp.key])
                    .await),
                code(fund)
            );
        }
    }
    // more than the donor holds: the token program refuses (InsufficientFunds)
    assert_eq!(
        e(bank
            .process(&[fx.fund_insurance_ix(lp, u64::MAX)], &[&lp.key])
            .await),
        Some(1)
    );
    assert_eq!(
        e(bank
            .process(&[fx.withdraw_ix(lp, u64::MAX, u64::MAX)], &[&lp.key])
            .await),
        code(LendingError::InsufficientShares)
    );
    assert_eq!(
        e(bank
            .process(&[fx.redeem_ix(lp, u64::MAX, 0)], &[&lp.key])
            .await),
        code(LendingError::InsufficientShares)
    );
    assert_eq!(
        e(bank
            .process(&[fx.deposit_collateral_ix(b, 0, 0)], &[&b.key])
            .await),
        code(LendingError::ZeroAmount)
    );
    assert_eq!(
        e(bank
            .process(&[fx.deposit_collateral_ix(b, 0, u64::MAX)], &[&b.key])
            .await),
        code(LendingError::MathOverflow)
    );
    let ix = fx.withdraw_collateral_ix(bank, b, 0, u64::MAX).await;
    assert_eq!(
        e(bank.process(&[ix], &[&b.key]).await),
        code(LendingError::InsufficientCollateral)
    );
    for amount in [0, u64::MAX] {
        let ix = fx.borrow_ix(bank, b, amount).await;
        let want = if amount == 0 {
            LendingError::ZeroAmount
        } else {
            LendingError::InsufficientCash
        };
        assert_eq!(e(bank.process(&[ix], &[&b.key]).await), code(want));
    }
    assert_eq!(
        e(bank.process(&[fx.repay_ix(b, 0)], &[&b.key]).await),
        code(LendingError::ZeroAmount)
    );
    // repaying u64::MAX repays exactly the debt (the borrower holds it)
    c.bank
        .ok(&[c.fx.repay_ix(&c.b, u64::MAX)], &[&c.b.key])
        .await;
    // liquidation amounts and bad parameters
    let (bank, fx) = (&mut c.bank, &c.fx);
    let bad = CollateralParams {
        ltv_bps: u16::MAX,
        ..sol_params()
    };
    let mint = bank.create_mint(&fx.mint_authority.pubkey(), 6).await;
    let r = bank
        .process(
            &[ix::add_collateral(
                &fx.addrs,
                &fx.admin.pubkey(),
                &mint,
                bad,
            )],
            &[&fx.admin],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidCollateralRatios);
    let r = bank
        .process(
            &[ix::set_pause(&fx.addrs.pool, &fx.admin.pubkey(), u16::MAX)],
            &[&fx.admin],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidPauseFlags);
    let all_max = PoolConfig {
        deposit_cap: u64::MAX,
        borrow_cap: u64::MAX,
        base_rate_bps: u32::MAX,
        slope1_bps: u32::MAX,
        slope2_bps: u32::MAX,
        optimal_utilization_bps: u32::MAX,
        reserve_factor_bps: u16::MAX,
        liquidation_fee_bps: u16::MAX,
        oracle_max_conf_bps: u16::MAX,
        breaker_threshold_bps: u16::MAX,
        oracle_max_age_secs: u32::MAX,
        breaker_window_secs: u32::MAX,
        unstake_cooldown_secs: u64::MAX,
        unstake_window_secs: u64::MAX,
        min_debt: u64::MAX,
        max_pause_secs: u32::MAX,
        freeze_floor_bps: u32::MAX,
        exit_delay_secs: u64::MAX,
        flash_fee_bps: u32::MAX,
        flash_loan_cap_bps: u32::MAX,
    };
    let r = bank
        .process(
            &[ix::update_config(
                &fx.addrs.pool,
                &fx.admin.pubkey(),
                all_max,
            )],
            &[&fx.admin],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidInterestRateCurve);
    assert_eq!(fx.pool(bank).await.config, PoolConfig::example());
    fx.assert_books(bank).await;
}

/// An event is an instruction to the program signed by its event authority, which only the
/// program can sign for (`src/entrypoint.rs` answers it before Anchor's dispatch). A forged
/// one sent from outside is refused: unsigned, or signed by another key, or with a second
/// account; and a real instruction's data after the event tag is not run as that instruction.
#[tokio::test]
async fn forged_events_are_refused() {
    use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
    use anchor_lang::{event::EVENT_IX_TAG_LE, Discriminator};
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let (bank, fx) = (&mut c.bank, &c.fx);
    let authority = lending_pool_sdk::pda::event_authority();
    let event = |accounts: Vec<AccountMeta>, body: &[u8]| Instruction {
        program_id: lending_pool::ID,
        accounts,
        data: [EVENT_IX_TAG_LE, body].concat(),
    };
    let body = [
        lending_pool::events::InterestAccrued::DISCRIMINATOR,
        &[0u8; 64],
    ]
    .concat();
    let before = bank.account_data(&fx.addrs.pool).await;
    // the authority, not signing
    let ix = event(vec![AccountMeta::new_readonly(authority, false)], &body);
    assert_anchor_err(
        bank.process(&[ix], &[]).await,
        AnchorError::ConstraintSigner,
    );
    // another key, signing
    let impostor = bank.keypair();
    let ix = event(
        vec![AccountMeta::new_readonly(impostor.pubkey(), true)],
        &body,
    );
    assert_anchor_err(
        bank.process(&[ix], &[&impostor]).await,
        AnchorError::ConstraintSeeds,
    );
    // a deposit's data and accounts behind the tag are still only an event, whose first
    // account (the depositor, signing) is not the authority
    let deposit = fx.deposit_ix(&c.lp, USDC, 0);
    let ix = event(deposit.accounts.clone(), &deposit.data);
    assert_anchor_err(
        bank.process(&[ix], &[&c.lp.key]).await,
        AnchorError::ConstraintSeeds,
    );
    assert_eq!(bank.account_data(&fx.addrs.pool).await, before);
    // and the program's own events still arrive
    let lp = fx.user(bank, 10 * USDC).await;
    let r = bank.ok(&[fx.deposit_ix(&lp, USDC, 0)], &[&lp.key]).await;
    assert_eq!(r.events::<lending_pool::events::LpDeposited>().len(), 1);
}
