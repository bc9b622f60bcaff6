//! Liquidation: who may liquidate what, how much, at which prices; the crash fixture the
//! waterfall tests share.
use crate::common::*;
use anchor_lang::{prelude::Pubkey, AnchorDeserialize};
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    state::{PoolConfig, Settlement},
};
use lending_pool_harness::*;
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec};

pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
/// $1 in the oracle's units (expo -8).
pub const DOLLAR: i64 = 100_000_000;

/// `liq` liquidates `b`'s collateral `slot`, offering to repay `repay`.
pub async fn liquidate(
    bank: &mut Bank,
    fx: &PoolFixture,
    liq: &Liquidator,
    b: &Borrower,
    slot: u8,
    repay: u64,
    min_out: u64,
) -> TxResult {
    let ix = fx.liquidate_by_ix(bank, liq, b, slot, repay, min_out).await;
    bank.process(&[ix], &[&liq.user.key]).await
}

/// Every account a liquidation of `b` by `liq` can write (to show a refused one wrote none).
pub fn watched(fx: &PoolFixture, b: &Borrower, liq: &Liquidator) -> Vec<Pubkey> {
    let a = &fx.addrs;
    let mut keys = vec![
        a.pool,
        a.base_vault,
        a.lp_mint,
        a.insurance_fund,
        a.insurance_vault,
        b.position,
        liq.user.base,
    ];
    keys.extend(fx.collaterals.iter().map(|c| c.vault));
    keys.extend(&liq.collateral);
    keys
}

/// The raw data of `keys`, to compare before and after a transaction that must fail.
pub async fn accounts(bank: &mut Bank, keys: &[Pubkey]) -> Vec<Option<Vec<u8>>> {
    let mut data = vec![];
    for k in keys {
        data.push(bank.account_data(k).await);
    }
    data
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
    let liq = fx.liquidator(&mut bank, 100_000 * USDC).await;
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
        liquidate(
            &mut self.bank,
            &self.fx,
            &self.liq,
            &self.b,
            0,
            repay,
            min_out,
        )
        .await
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

/// Issue 12, defect 5: 10 SOL worth $1,103.70 against 1,100 of debt lies between the debt
/// and the debt plus a 1% fee on all of it (1,111). A fee on the whole repayment made
/// liquidating it a loss; as the share fee / bonus (1/5) of the bonus actually paid
/// ($3.70) it is 0.74, and the liquidator keeps the other four fifths.
#[tokio::test]
async fn a_position_worth_between_its_debt_and_the_debt_plus_the_fee_is_worth_liquidating() {
    let mut c = crash_setup(100_000 * USDC, 0).await;
    c.set_sol_price(11_037_037_037).await; // $110.37037037
    let base_before = c.bank.token_balance(&c.liq.user.base).await;
    let out = c.liquidate(u64::MAX, 0).await.unwrap();
    let ev: Liquidated = out.event();
    // underwater ($1,103.70 / 1.05 < $1,100): the whole debt buys the whole slot
    assert!(ev.full_close_allowed);
    assert_eq!((ev.repaid, ev.collateral_out), (1_100 * USDC, 10 * SOL));
    // bonus paid $1,103.7037037 − $1,100 = $3.7037037; a fifth of it is 0.74074074 (up)
    assert_eq!(ev.fee, 740_741);
    assert_eq!(
        (ev.position_debt_after, ev.position_collateral_after),
        (0, 0)
    );
    assert!(
        out.events::<BadDebtSettled>().is_empty(),
        "nothing to write off"
    );
    let paid = base_before - c.bank.token_balance(&c.liq.user.base).await;
    assert_eq!(paid, 1_100 * USDC + 740_741);
    assert_eq!(c.bank.token_balance(&c.liq.collateral[0]).await, 10 * SOL);
    // the 10 SOL are worth 1,103.703703 USDC: 2.962962 of profit (with a fee of 11 on the
    // repayment the liquidator would have lost 7.296297)
    assert_eq!(1_103_703_703 - paid, 2_962_962);
    assert_eq!(c.fx.insurance(&mut c.bank).await.total_fees_in, 740_741);
    let pool = c.fx.pool(&mut c.bank).await;
    assert_eq!((pool.total_debt().unwrap(), pool.total_socialized), (0, 0));
    c.fx.assert_books(&mut c.bank).await;
}
