//! Liquidation and the loss waterfall: collateral, then insurance, then LPs.
use crate::common::*;
use anchor_lang::AnchorDeserialize;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    math::share_price_wad_down,
    state::{PoolConfig, Settlement, STATUS_FROZEN},
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
/// $1 in the oracle's units (expo -8).
pub const DOLLAR: i64 = 100_000_000;

/// A liquidator with base tokens and an account for every collateral mint.
pub struct Liquidator {
    pub user: User,
    pub collateral: Vec<anchor_lang::prelude::Pubkey>,
}

pub struct Crash {
    pub bank: Bank,
    pub fx: PoolFixture,
    pub lp: User,
    pub b: Borrower,
    pub liq: Liquidator,
}

/// `liquidity` USDC from one LP, `insurance` USDC donated to the fund, and a borrower with
/// 10 SOL at $150 who borrowed 1,100 USDC (conservative limit ≈ 1,123.9).
pub async fn crash_setup(liquidity: u64, insurance: u64) -> Crash {
    crash_setup_with(liquidity, insurance, PoolConfig::example()).await
}

pub async fn crash_setup_with(liquidity: u64, insurance: u64, config: PoolConfig) -> Crash {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, DECIMALS, config).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let lp = fx.user(&mut bank, liquidity + insurance).await;
    bank.ok(&[fx.deposit_ix(&lp, liquidity, 0)], &[&lp.key])
        .await;
    if insurance > 0 {
        bank.ok(&[fx.fund_insurance_ix(&lp, insurance)], &[&lp.key])
            .await;
    }
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_100 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    let user = fx.user(&mut bank, 100_000 * USDC).await;
    let sol_account = bank
        .create_token_account(&fx.collaterals[0].mint, &user.key.pubkey())
        .await;
    let liq = Liquidator {
        user,
        collateral: vec![sol_account],
    };
    Crash {
        bank,
        fx,
        lp,
        b,
        liq,
    }
}

impl Crash {
    pub async fn set_sol_price(&mut self, dollars_e8: i64) {
        self.fx.set_prices(&mut self.bank, &[dollars_e8]).await;
    }

    pub async fn liquidate(&mut self, repay: u64, min_out: u64) -> TxResult {
        let ix = self
            .fx
            .liquidate_ix(
                &mut self.bank,
                &self.b,
                &self.liq.user.key.pubkey(),
                &self.liq.user.base,
                &self.liq.collateral[0],
                0,
                repay,
                min_out,
            )
            .await;
        let signer = self.liq.user.key.insecure_clone();
        self.bank.process(&[ix], &[&signer]).await
    }

    pub async fn preview(&mut self) -> Settlement {
        let out = self
            .bank
            .ok(&[ix::preview_settle(&self.fx.addrs, &self.b.position)], &[])
            .await;
        Settlement::deserialize(&mut &out.return_data.expect("return data")[..]).unwrap()
    }
}

#[tokio::test]
async fn liquidations_that_are_not_allowed() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    // healthy
    assert_lending_err(
        c.liquidate(100 * USDC, 0).await,
        LendingError::PositionHealthy,
    );
    c.set_sol_price(130 * DOLLAR).await;
    // stale collateral price
    c.bank.warp(61).await;
    let now = c.bank.now().await;
    c.bank.set_price(
        &c.fx.base_oracle,
        &PriceUpdateSpec::new(BASE_FEED, DOLLAR, -8, now),
    );
    assert_lending_err(c.liquidate(100 * USDC, 0).await, LendingError::OracleStale);
    c.set_sol_price(130 * DOLLAR).await;
    // slippage: 100 USDC × 1.05 / $130 = 0.807692307 SOL
    assert_lending_err(
        c.liquidate(100 * USDC, 807_692_308).await,
        LendingError::CollateralBelowMinimum,
    );
    // a collateral slot the pool does not have / the wrong vault
    let mut ix =
        c.fx.liquidate_ix(
            &mut c.bank,
            &c.b,
            &c.liq.user.key.pubkey(),
            &c.liq.user.base,
            &c.liq.collateral[0],
            0,
            100 * USDC,
            0,
        )
        .await;
    ix.data[16] = 1; // slot (after the 8-byte discriminator and the u64)
    assert_lending_err(
        c.bank.process(&[ix], &[&c.liq.user.key]).await,
        LendingError::UnknownCollateral,
    );
    assert_lending_err(c.liquidate(0, 0).await, LendingError::ZeroAmount);
    // paused
    c.bank
        .ok(
            &[ix::set_pause(
                &c.fx.addrs.pool,
                &c.fx.guardian.pubkey(),
                pause::LIQUIDATE,
            )],
            &[&c.fx.guardian],
        )
        .await;
    assert_lending_err(
        c.liquidate(100 * USDC, 0).await,
        LendingError::OperationPaused,
    );
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;
    // nothing changed
    let pos = c.bank.position(&c.b.position).await;
    assert_eq!(pos.collateral[0], 10 * SOL);
    assert_eq!(c.bank.token_balance(&c.liq.collateral[0]).await, 0);
    c.liquidate(100 * USDC, 807_692_307)
        .await
        .expect("now it goes through");
}

#[tokio::test]
async fn partial_then_full_liquidation() {
    let mut c = crash_setup(100_000 * USDC, 1_000 * USDC).await;
    c.set_sol_price(130 * DOLLAR).await; // $1,300 of SOL, limit $1,040 < $1,100 debt
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    assert!(!ev.full_close_allowed);
    // close factor: half the debt; 550 × 1.05 / 130 SOL; fee 1% of 550
    assert_eq!((ev.repaid, ev.fee), (550 * USDC, 5_500_000));
    assert_eq!(ev.collateral_out, 4_442_307_692);
    assert_eq!(
        (ev.position_debt_before, ev.position_debt_after),
        (1_100 * USDC, 550 * USDC)
    );
    assert!(ev.health_after_wad > ev.health_before_wad);
    assert_eq!(
        c.bank.token_balance(&c.liq.collateral[0]).await,
        4_442_307_692
    );
    assert_eq!(
        c.bank.token_balance(&c.liq.user.base).await,
        100_000 * USDC - 550 * USDC - 5_500_000
    );
    assert_eq!(c.fx.insurance(&mut c.bank).await.total_fees_in, 5_500_000);
    assert!(out.events::<BadDebtSettled>().is_empty());
    c.fx.assert_books(&mut c.bank).await;
    // healthy again at $130
    assert_lending_err(
        c.liquidate(u64::MAX, 0).await,
        LendingError::PositionHealthy,
    );

    // $90: the remaining 5.557 SOL ($500) is worth less than the 550 debt: full close allowed,
    // but the collateral cannot pay the bonus on all of it: the liquidator takes everything,
    // repays 500.19 / 1.05, and the rest is settled by the insurance fund in the same instruction
    c.set_sol_price(90 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    assert!(ev.full_close_allowed);
    assert_eq!(ev.position_collateral_after, 0);
    let settled: BadDebtSettled = out.event();
    assert_eq!(settled.debt, ev.position_debt_after);
    assert_eq!((settled.covered, settled.socialized), (settled.debt, 0));
    assert_eq!(
        settled.share_price_after_wad, settled.share_price_before_wad,
        "insurance paid it all"
    );
    let pos = c.bank.position(&c.b.position).await;
    assert_eq!((pos.scaled_debt.get(), pos.collateral[0]), (0, 0));
    assert_eq!(c.fx.pool(&mut c.bank).await.total_debt().unwrap(), 0);
    c.fx.assert_books(&mut c.bank).await;
}

/// A crash to $50: 10 SOL ($500) against 1,100 of debt. The liquidator takes all the SOL for
/// 500 / 1.05 = 476.19 USDC; 623.81 is bad debt.
async fn crash_to_fifty(c: &mut Crash) -> (Liquidated, BadDebtSettled) {
    c.set_sol_price(50 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    (out.event(), out.event())
}

#[tokio::test]
async fn bad_debt_smaller_than_the_insurance_fund() {
    let mut c = crash_setup(100_000 * USDC, 1_000 * USDC).await;
    let supply = c.bank.mint_supply(&c.fx.addrs.lp_mint).await;
    let price_before =
        c.fx.pool(&mut c.bank)
            .await
            .share_price_wad(supply)
            .unwrap();
    let (liq, s) = crash_to_fifty(&mut c).await;
    assert_eq!(liq.repaid, 476_190_477);
    assert_eq!(s.debt, 1_100 * USDC - 476_190_477);
    assert_eq!((s.covered, s.socialized), (s.debt, 0));
    assert_eq!(
        s.insurance_balance_after,
        s.insurance_balance_before - s.debt
    );
    assert_eq!(
        c.fx.pool(&mut c.bank)
            .await
            .share_price_wad(supply)
            .unwrap(),
        price_before
    );
    assert_eq!(
        c.bank.token_balance(&c.fx.addrs.insurance_vault).await,
        1_000 * USDC + liq.fee - s.from_insurance_vault
    );
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(
        (
            pool.total_insurance_paid,
            pool.total_socialized,
            pool.settlement_seq
        ),
        (s.debt, 0, 1)
    );
    c.fx.assert_books(&mut c.bank).await;
}

/// The README's worked example: 100,000 USDC of LP money, 100 USDC of insurance, a 1,100 USDC
/// loan against 10 SOL that crashes from $150 to $50.
#[tokio::test]
async fn bad_debt_larger_than_the_insurance_fund_writes_down_lps() {
    let mut c = crash_setup(100_000 * USDC, 100 * USDC).await;
    let supply = c.bank.mint_supply(&c.fx.addrs.lp_mint).await;
    assert_eq!(supply, 100_000_000_000_000);
    let (liq, s) = crash_to_fifty(&mut c).await;
    assert_eq!(
        (liq.repaid, liq.fee, liq.collateral_out),
        (476_190_477, 4_761_905, 10 * SOL)
    );
    assert_eq!(s.debt, 623_809_523);
    // insurance: 100 donated + 4.761905 liquidation fee, no interest pending yet
    assert_eq!((s.from_pending, s.from_insurance_vault), (0, 104_761_905));
    assert_eq!(s.socialized, 519_047_618);
    assert_eq!(s.insurance_balance_after, 0, "the fund is drained");
    assert_eq!(c.bank.token_balance(&c.fx.addrs.insurance_vault).await, 0);
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (100_000 * USDC, 100_000 * USDC - 519_047_618)
    );
    assert_eq!(
        s.share_price_before_wad,
        share_price_wad_down(100_000 * USDC, supply).unwrap()
    );
    assert_eq!(
        s.share_price_after_wad,
        share_price_wad_down(100_000 * USDC - 519_047_618, supply).unwrap()
    );
    assert!(!s.frozen);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.lp_assets().unwrap(), 99_480_952_382);
    assert_eq!(
        (pool.total_insurance_paid, pool.total_socialized),
        (104_761_905, 519_047_618)
    );
    c.fx.assert_books(&mut c.bank).await;

    // the LP withdraws after the write-down and gets exactly the written-down value
    let shares = c.bank.token_balance(&c.lp.lp).await;
    c.bank
        .ok(&[c.fx.redeem_ix(&c.lp, shares, 0)], &[&c.lp.key])
        .await;
    let want = lending_pool::math::to_assets_down(shares, 99_480_952_382, supply).unwrap();
    assert_eq!(c.bank.token_balance(&c.lp.base).await, want);
    assert_eq!(want, 99_480_952_382);
}

#[tokio::test]
async fn bad_debt_larger_than_the_pool_freezes_it() {
    // 1,200 USDC of LP money, 1,100 lent: the loss dwarfs the 100 left
    let mut c = crash_setup(1_200 * USDC, 0).await;
    let second_lp = c.fx.user(&mut c.bank, 0).await;
    let lp_shares = c.bank.token_balance(&c.lp.lp).await;
    // the LP gives a third of their shares to a second LP
    c.bank
        .token_transfer(&c.lp.lp, &second_lp.lp, &c.lp.key, lp_shares / 3)
        .await;
    c.set_sol_price(5 * DOLLAR).await; // $50 of SOL against 1,100 of debt
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let s: BadDebtSettled = out.event();
    assert!(s.frozen);
    assert!(s.socialized >= s.lp_assets_before - s.debt);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.status, STATUS_FROZEN);
    // frozen: no deposits, no borrows, but pro-rata withdrawals
    let newcomer = c.fx.user(&mut c.bank, 1_000 * USDC).await;
    assert_lending_err(
        c.bank
            .process(&[c.fx.deposit_ix(&newcomer, USDC, 0)], &[&newcomer.key])
            .await,
        LendingError::PoolFrozen,
    );
    let lp_assets = pool.lp_assets().unwrap();
    let supply = c.bank.mint_supply(&c.fx.addrs.lp_mint).await;
    for u in [&second_lp, &c.lp] {
        let shares = c.bank.token_balance(&u.lp).await;
        let assets = lending_pool::math::to_assets_down(
            shares,
            c.fx.pool(&mut c.bank).await.lp_assets().unwrap(),
            c.bank.mint_supply(&c.fx.addrs.lp_mint).await,
        )
        .unwrap();
        c.bank.ok(&[c.fx.redeem_ix(u, shares, 0)], &[&u.key]).await;
        assert_eq!(c.bank.token_balance(&u.base).await, assets);
    }
    // both got their share of what was left (pro rata, rounding down)
    let total: u64 =
        c.bank.token_balance(&second_lp.base).await + c.bank.token_balance(&c.lp.base).await;
    assert!(
        total <= lp_assets && lp_assets - total <= 2,
        "{total} of {lp_assets} (supply {supply})"
    );
    c.fx.assert_books(&mut c.bank).await;
}

#[tokio::test]
async fn settle_bad_debt_standalone_with_interest_up_to_settlement() {
    let mut c = crash_setup(100_000 * USDC, 50 * USDC).await;
    // settlement paused: the liquidation leaves a bankrupt position behind
    c.bank
        .ok(
            &[ix::set_pause(
                &c.fx.addrs.pool,
                &c.fx.guardian.pubkey(),
                pause::SETTLE,
            )],
            &[&c.fx.guardian],
        )
        .await;
    c.set_sol_price(50 * DOLLAR).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    assert!(out.events::<BadDebtSettled>().is_empty());
    let settle = ix::settle_bad_debt(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(&[settle.clone()], &[]).await,
        LendingError::OperationPaused,
    );
    // the preview runs the same settlement, so it honours the pause too
    let preview = ix::preview_settle(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(&[preview], &[]).await,
        LendingError::OperationPaused,
    );
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;

    // 30 days pass: the bankrupt debt keeps accruing until someone settles it
    c.bank.warp(30 * 86_400).await;
    let preview = c.preview().await;
    let debt_then = c
        .bank
        .position(&c.b.position)
        .await
        .debt(c.fx.pool(&mut c.bank).await.borrow_index.get())
        .unwrap();
    assert!(
        preview.position_debt > debt_then,
        "interest accrued up to settlement"
    );
    let out = c.bank.ok(&[settle.clone()], &[]).await;
    let s: BadDebtSettled = out.event();
    assert_eq!(
        (s.debt, s.socialized, s.from_pending, s.from_insurance_vault),
        (
            preview.debt,
            preview.socialized,
            preview.from_pending,
            preview.from_insurance_vault
        )
    );
    assert_eq!(s.share_price_after_wad, preview.share_price_after_wad);
    assert!(
        s.from_pending > 0,
        "the interest's insurance share is used first"
    );
    assert_eq!(s.covered, s.from_pending + s.from_insurance_vault);
    assert_eq!(s.debt, s.covered + s.socialized);
    assert_eq!(
        c.fx.pool(&mut c.bank).await.total_debt().unwrap(),
        0,
        "total_debt dropped by exactly D"
    );
    // settling twice is refused
    assert_lending_err(c.bank.process(&[settle], &[]).await, LendingError::NoDebt);
    c.fx.assert_books(&mut c.bank).await;
}

#[tokio::test]
async fn nobody_settles_a_position_with_collateral_or_without_debt() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let settle = ix::settle_bad_debt(&c.fx.addrs, &c.b.position);
    assert_lending_err(
        c.bank.process(&[settle], &[]).await,
        LendingError::PositionHasCollateral,
    );
    let empty = c.fx.borrower(&mut c.bank, 0, &[]).await;
    let settle = ix::settle_bad_debt(&c.fx.addrs, &empty.position);
    assert_lending_err(c.bank.process(&[settle], &[]).await, LendingError::NoDebt);
}

#[tokio::test]
async fn repeated_settlements_count_up() {
    let mut c = crash_setup(100_000 * USDC, 10 * USDC).await;
    // a second borrower with the same loan
    let b2 = c.fx.borrower(&mut c.bank, 0, &[10 * SOL]).await;
    c.bank
        .ok(&[c.fx.deposit_collateral_ix(&b2, 0, 10 * SOL)], &[&b2.key])
        .await;
    let ix2 = c.fx.borrow_ix(&mut c.bank, &b2, 1_100 * USDC).await;
    c.bank.ok(&[ix2], &[&b2.key]).await;
    let (_, first) = crash_to_fifty(&mut c).await;
    c.b = b2;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let second: BadDebtSettled = out.event();
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(second.lp_assets_before, first.lp_assets_after);
    assert_eq!(
        second.total_socialized,
        first.socialized + second.socialized
    );
    assert_eq!(second.total_insurance_paid, first.covered + second.covered);
    c.fx.assert_books(&mut c.bank).await;
}

#[tokio::test]
async fn the_circuit_breaker_trips_and_the_guardian_resumes() {
    // threshold 0.5% of lp_assets: a 519 USDC loss on 100,000 trips it
    let config = PoolConfig {
        breaker_threshold_bps: 50,
        ..PoolConfig::example()
    };
    let mut c = crash_setup_with(100_000 * USDC, 0, config).await;
    let other = c.fx.borrower(&mut c.bank, 0, &[10 * SOL]).await;
    c.bank
        .ok(
            &[c.fx.deposit_collateral_ix(&other, 0, 10 * SOL)],
            &[&other.key],
        )
        .await;
    let ix = c.fx.borrow_ix(&mut c.bank, &other, 10 * USDC).await;
    c.bank.ok(&[ix], &[&other.key]).await;
    let (_, s) = crash_to_fifty(&mut c).await;
    assert!(s.breaker_tripped && s.socialized * 200 > s.lp_assets_before);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool.pause_flags, pause::BORROW | pause::WITHDRAW_COLLATERAL);
    let ix = c.fx.borrow_ix(&mut c.bank, &other, USDC).await;
    assert_lending_err(
        c.bank.process(&[ix], &[&other.key]).await,
        LendingError::OperationPaused,
    );
    let ix =
        c.fx.withdraw_collateral_ix(&mut c.bank, &other, 0, SOL)
            .await;
    assert_lending_err(
        c.bank.process(&[ix], &[&other.key]).await,
        LendingError::OperationPaused,
    );
    // repay, collateral deposits and deposits still work
    c.bank
        .mint_to(
            &c.fx.addrs.base_mint,
            &c.fx.mint_authority,
            &other.base,
            USDC,
        )
        .await;
    c.bank
        .ok(&[c.fx.repay_ix(&other, USDC)], &[&other.key])
        .await;
    let lp_more = c.fx.user(&mut c.bank, USDC).await;
    c.bank
        .ok(&[c.fx.deposit_ix(&lp_more, USDC, 0)], &[&lp_more.key])
        .await;
    // the guardian resumes
    c.bank
        .ok(
            &[ix::set_pause(&c.fx.addrs.pool, &c.fx.guardian.pubkey(), 0)],
            &[&c.fx.guardian],
        )
        .await;
    let ix = c.fx.borrow_ix(&mut c.bank, &other, USDC).await;
    c.bank.ok(&[ix], &[&other.key]).await;
}

#[tokio::test]
async fn self_liquidation_gains_nothing() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    c.set_sol_price(130 * DOLLAR).await;
    // the borrower liquidates themselves with the borrowed USDC
    let ix =
        c.fx.liquidate_ix(
            &mut c.bank,
            &c.b,
            &c.b.key.pubkey(),
            &c.b.base,
            &c.b.collateral[0],
            0,
            u64::MAX,
            0,
        )
        .await;
    let out = c.bank.ok(&[ix], &[&c.b.key]).await;
    let ev: Liquidated = out.event();
    // before: 10 SOL + 1,100 USDC in hand, 1,100 owed. After: the same net worth minus the fee
    let pos = c.bank.position(&c.b.position).await;
    let sol_in_hand = c.bank.token_balance(&c.b.collateral[0]).await;
    assert_eq!(sol_in_hand + pos.collateral[0], 10 * SOL);
    let usdc = c.bank.token_balance(&c.b.base).await;
    let debt = pos
        .debt(c.fx.pool(&mut c.bank).await.borrow_index.get())
        .unwrap();
    assert_eq!(usdc as i64 - debt as i64, -(ev.fee as i64));
    assert!(ev.health_after_wad > ev.health_before_wad);
}

/// A wide confidence band stops new risk but never a liquidation.
#[tokio::test]
async fn a_wide_confidence_band_does_not_block_liquidation() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    let now = c.bank.now().await;
    let wide = PriceUpdateSpec {
        conf: 130 * DOLLAR as u64 / 20,
        ..PriceUpdateSpec::new([1; 32], 130 * DOLLAR, -8, now)
    };
    c.bank.set_price(&c.fx.collaterals[0].oracle, &wide);
    let ix = c.fx.borrow_ix(&mut c.bank, &c.b, USDC).await;
    assert_lending_err(
        c.bank.process(&[ix], &[&c.b.key]).await,
        LendingError::OracleConfidenceTooWide,
    );
    let ev: Liquidated = c.liquidate(u64::MAX, 0).await.unwrap().event();
    assert_eq!(ev.repaid, 550 * USDC);
}

/// The hole the stress simulator's review found: with the collateral worth between the debt
/// and the debt plus the bonus, asking for less than the debt still paid out the whole
/// slot (the payout is capped at what the slot holds) and the rest was written off the LPs
/// on a solvent position. Now only the full debt buys the last collateral of a solvent
/// position; an insolvent one may still be closed for less (its loss is real).
#[tokio::test]
async fn the_last_collateral_of_a_solvent_position_costs_its_whole_debt() {
    let mut c = crash_setup(100_000 * USDC, 100 * USDC).await;
    // 10 SOL at $112 = $1,120 against $1,100 of debt: liquidatable, solvent, inside the bonus
    c.set_sol_price(112 * DOLLAR).await;
    let pool_before = c.fx.pool(&mut c.bank).await;
    // $1,120 / 1.05 ≈ 1,066.67 would buy everything and leave 33.33 to write off
    let f = assert_lending_err(
        c.liquidate(1_066_670_000, 0).await,
        LendingError::LiquidationWouldWriteOffSolventDebt,
    );
    assert!(!f.logs.is_empty());
    let pool_after = c.fx.pool(&mut c.bank).await;
    assert_eq!(pool_after.total_socialized, pool_before.total_socialized);
    assert_eq!(pool_after.settlement_seq, 0);
    // the whole debt buys all of it, and nothing is written off
    let out = c.liquidate(u64::MAX, 0).await.expect("full close");
    let ev: Liquidated = out.event();
    assert_eq!((ev.repaid, ev.collateral_out), (1_100 * USDC, 10 * SOL));
    assert!(out.events::<BadDebtSettled>().is_empty());
    assert_eq!(c.fx.pool(&mut c.bank).await.total_socialized, 0);
}
