//! The decimals stories' scenario: a pool on a base mint of some decimals with three
//! collateral assets of others, the story every pool goes through (`run`), and the exact
//! books it must show after each step.
use crate::support::liquidate;
use lending_pool::{
    constants::MAX_BOOKS,
    events::{BadDebtSettled, Liquidated, LpDeposited},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_testkit::*;

/// $1 in the oracle's units (expo -8).
pub(super) const E8: i64 = 100_000_000;

/// A collateral asset: decimals, price (× 10^-8), LTV, liquidation threshold and bonus.
#[derive(Clone, Copy)]
pub(super) struct Asset {
    decimals: u8,
    price: i64,
    ltv_bps: u16,
    threshold_bps: u16,
    bonus_bps: u16,
}

/// A game token counted in whole units.
pub(super) const WHOLE: Asset = Asset {
    decimals: 0,
    price: 25 * E8,
    ltv_bps: 5_000,
    threshold_bps: 6_000,
    bonus_bps: 1_000,
};

pub(super) const STABLE: Asset = Asset {
    decimals: 6,
    price: E8,
    ltv_bps: 8_500,
    threshold_bps: 9_000,
    bonus_bps: 200,
};

pub(super) const BTC: Asset = Asset {
    decimals: 8,
    price: 60_000 * E8,
    ltv_bps: 6_000,
    threshold_bps: 7_000,
    bonus_bps: 800,
};

pub(super) const SOL: Asset = Asset {
    decimals: 9,
    price: 150 * E8,
    ltv_bps: 7_500,
    threshold_bps: 8_000,
    bonus_bps: 500,
};

/// A u64 holds 18.4 of it.
pub(super) const ETH: Asset = Asset {
    decimals: 18,
    price: 3_000 * E8,
    ltv_bps: 7_000,
    threshold_bps: 7_500,
    bonus_bps: 700,
};

impl Asset {
    fn params(&self, slot: usize) -> CollateralParams {
        CollateralParams {
            feed_id: [0x10 + slot as u8; 32],
            ltv_bps: self.ltv_bps,
            liquidation_threshold_bps: self.threshold_bps,
            liquidation_bonus_bps: self.bonus_bps,
            deposit_cap: u64::MAX,
        }
    }
}

/// One pool's story (amounts in base units of its mint, prices × 10^-8).
pub(super) struct Case {
    pub(super) decimals: u8,
    pub(super) base_price: i64,
    /// The first LP's deposit, its donation to the insurance fund, the second LP's deposit.
    pub(super) lp: u64,
    pub(super) insurance: u64,
    pub(super) lp2: u64,
    /// Slots 0 and 1 back the first borrower, slot 2 the second.
    pub(super) assets: [Asset; 3],
    /// The first borrower's collateral in slots 0 and 1 and its debt; both assets then
    /// fall to `crash_pct` of their price (underwater).
    pub(super) b1: [u64; 2],
    pub(super) b1_debt: u64,
    pub(super) crash_pct: i64,
    /// The second borrower's collateral in slot 2 and its debt; slot 2 then falls to
    /// `b2_price` (liquidatable, not underwater: the close factor holds).
    pub(super) b2: u64,
    pub(super) b2_debt: u64,
    pub(super) b2_price: i64,
    pub(super) expect: Expect,
}

/// The exact outcome (from the SPEC's formulas in integers).
pub(super) struct Expect {
    /// The second borrower's liquidation: (collateral out, fee); it repays half the debt.
    pub(super) b2: (u64, u64),
    /// The first borrower's two liquidations, a whole slot each: (repaid, fee).
    pub(super) b1: [(u64, u64); 2],
    /// What the settlement after the last slot wrote off: (debt, from the insurance vault,
    /// socialized). Every fund here is smaller than the loss, so it is drained.
    pub(super) settled: (u64, u64, u64),
    /// Shares the second LP's deposit mints at the written-down price.
    pub(super) lp2_shares: u64,
    /// Base units paid for redeeming half the first LP's shares.
    pub(super) redeemed: u64,
}

/// The books the test expects (no time passes: no interest, nothing pending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Books {
    cash: u64,
    debt: u64,
    lp_supply: u64,
    insurance: u64,
}

impl Books {
    async fn check(&self, bank: &mut Bank, fx: &PoolFixture) {
        let pool = fx.pool(bank).await;
        let fund = fx.insurance(bank).await;
        let actual = Books {
            cash: pool.cash,
            debt: pool.total_debt().unwrap(),
            lp_supply: bank.mint_supply(&fx.addrs.lp_mint).await,
            insurance: fund.balance().unwrap(),
        };
        assert_eq!(actual, *self, "{} decimals", fx.decimals);
        assert_eq!(pool.lp_assets().unwrap(), self.cash + self.debt);
        assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, self.cash);
        let insurance_vault = bank.token_balance(&fx.addrs.insurance_vault).await;
        assert_eq!(insurance_vault, self.insurance);
        fx.assert_books(bank).await;
    }
}

/// No minimum debt: the cases borrow single units of 0- to 18-decimal bases. No exit delay:
/// an exit after the write-down (the breaker stresses the pool) is paid in the same instant,
/// so the books the cases follow take no interest in between.
pub(super) fn config() -> PoolConfig {
    PoolConfig {
        deposit_cap: MAX_BOOKS,
        borrow_cap: MAX_BOOKS,
        min_debt: 0,
        exit_delay_secs: 0,
        ..PoolConfig::example()
    }
}

pub(super) async fn run(c: &Case) {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, c.decimals, config()).await;
    fx.base_price = c.base_price;
    for (slot, a) in c.assets.iter().enumerate() {
        fx.add_collateral(&mut bank, a.decimals, a.price, a.params(slot))
            .await;
    }
    let mut prices = c.assets.map(|a| a.price);
    fx.set_prices(&mut bank, &prices).await;

    // the first deposit mints one share unit per base unit
    let lp = fx.user(&mut bank, c.lp + c.insurance).await;
    let out = bank.ok(&[fx.deposit_ix(&lp, c.lp, c.lp)], &[&lp.key]).await;
    let ev: LpDeposited = out.event();
    assert_eq!((ev.assets, ev.shares), (c.lp, c.lp));
    assert_eq!(bank.token_balance(&lp.lp).await, c.lp);
    bank.ok(&[fx.fund_insurance_ix(&lp, c.insurance)], &[&lp.key])
        .await;
    let mut books = Books {
        cash: c.lp,
        debt: 0,
        lp_supply: c.lp,
        insurance: c.insurance,
    };
    books.check(&mut bank, &fx).await;

    let b1 = fx.borrower(&mut bank, 0, &c.b1).await;
    for slot in 0..2 {
        bank.ok(
            &[fx.deposit_collateral_ix(&b1, slot, c.b1[slot as usize])],
            &[&b1.key],
        )
        .await;
    }
    let ix = fx.borrow_ix(&mut bank, &b1, c.b1_debt).await;
    bank.ok(&[ix], &[&b1.key]).await;
    let b2 = fx.borrower(&mut bank, 0, &[0, 0, c.b2]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b2, 2, c.b2)], &[&b2.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b2, c.b2_debt).await;
    bank.ok(&[ix], &[&b2.key]).await;
    assert_eq!(bank.token_balance(&b1.base).await, c.b1_debt);
    assert_eq!(bank.token_balance(&b2.base).await, c.b2_debt);
    books.cash -= c.b1_debt + c.b2_debt;
    books.debt += c.b1_debt + c.b2_debt;
    books.check(&mut bank, &fx).await;

    let liq = fx.liquidator(&mut bank, c.b1_debt + c.b2_debt).await;
    let mut liquidator_paid = 0;

    // the second borrower's collateral falls: half its debt for that plus the full bonus
    prices[2] = c.b2_price;
    fx.set_prices(&mut bank, &prices).await;
    let out = liquidate(&mut bank, &fx, &liq, &b2, 2, u64::MAX, 0)
        .await
        .unwrap();
    let ev: Liquidated = out.event();
    assert!(!ev.full_close_allowed);
    assert_eq!(ev.repaid, c.b2_debt / 2, "the close factor");
    assert_eq!((ev.collateral_out, ev.fee), c.expect.b2);
    assert!(ev.health_after_wad > ev.health_before_wad);
    assert!(out.events::<BadDebtSettled>().is_empty());
    let b2_out = ev.collateral_out;
    liquidator_paid += ev.repaid + ev.fee;
    books.cash += ev.repaid;
    books.debt -= ev.repaid;
    books.insurance += ev.fee;
    books.check(&mut bank, &fx).await;

    // the first borrower's assets crash: underwater, each liquidation takes a whole slot
    // (lowering the health), the second one settles the rest
    for (price, asset) in prices.iter_mut().zip(&c.assets).take(2) {
        *price = asset.price * c.crash_pct / 100;
    }
    fx.set_prices(&mut bank, &prices).await;
    let mut repaid = 0;
    for slot in 0..2u8 {
        let out = liquidate(&mut bank, &fx, &liq, &b1, slot, u64::MAX, 0)
            .await
            .unwrap();
        let ev: Liquidated = out.event();
        assert!(ev.full_close_allowed);
        assert_eq!((ev.repaid, ev.fee), c.expect.b1[slot as usize]);
        assert_eq!(ev.collateral_out, c.b1[slot as usize]);
        assert_eq!(ev.position_collateral_after, 0);
        assert!(ev.health_after_wad < ev.health_before_wad);
        assert_eq!(
            bank.token_balance(&liq.collateral[slot as usize]).await,
            c.b1[slot as usize]
        );
        repaid += ev.repaid;
        liquidator_paid += ev.repaid + ev.fee;
        books.cash += ev.repaid;
        books.insurance += ev.fee;
        let settled = out.events::<BadDebtSettled>();
        if slot == 0 {
            assert!(settled.is_empty());
            continue;
        }
        let [s] = &settled[..] else {
            panic!("one settlement, got {}", settled.len())
        };
        let (debt, from_vault, socialized) = c.expect.settled;
        assert_eq!(s.debt, ev.position_debt_after);
        assert_eq!(
            (s.debt, s.from_insurance_vault, s.socialized),
            c.expect.settled
        );
        assert_eq!(repaid + debt, c.b1_debt, "repaid or written off, all of it");
        assert_eq!((s.from_pending, s.covered), (0, from_vault));
        assert_eq!(from_vault, books.insurance, "the whole fund");
        assert_eq!(s.lp_assets_after, s.lp_assets_before - socialized);
        assert!(!s.frozen);
        // the breaker trips on more than 5% of the LPs' assets (the 18-decimal pool's
        // 5.15%); it stops neither the exits nor, once repaid, the collateral below
        let bps = config().breaker_threshold_bps as u128;
        let threshold = s.lp_assets_before as u128 * bps / 10_000;
        assert_eq!(s.breaker_tripped, socialized as u128 > threshold);
        books.cash += from_vault;
        books.debt -= c.b1_debt;
        books.insurance -= from_vault;
    }
    let pos = bank.position(&b1.position).await;
    assert_eq!((pos.scaled_debt.get(), pos.has_collateral()), (0, false));
    assert_eq!(
        bank.token_balance(&liq.user.base).await,
        c.b1_debt + c.b2_debt - liquidator_paid
    );
    books.check(&mut bank, &fx).await;

    // a deposit at the written-down price mints more shares than base units
    let lp2 = fx.user(&mut bank, c.lp2).await;
    let out = bank.ok(&[fx.deposit_ix(&lp2, c.lp2, 0)], &[&lp2.key]).await;
    let ev: LpDeposited = out.event();
    assert_eq!(ev.shares, c.expect.lp2_shares);
    assert!(ev.shares > c.lp2);
    books.cash += c.lp2;
    books.lp_supply += ev.shares;
    books.check(&mut bank, &fx).await;
    // and half the first LP's shares redeem for less than they cost
    let half = c.lp / 2;
    fx.exit_shares(&mut bank, &lp, half, 0).await;
    assert_eq!(bank.token_balance(&lp.base).await, c.expect.redeemed);
    assert!(c.expect.redeemed < half);
    books.cash -= c.expect.redeemed;
    books.lp_supply -= half;
    books.check(&mut bank, &fx).await;

    // the second borrower repays the rest and takes its collateral home: the LPs own
    // exactly what they put in, less the write-off and the redemption
    bank.ok(&[fx.repay_ix(&b2, u64::MAX)], &[&b2.key]).await;
    let ix = fx
        .withdraw_collateral_ix(&mut bank, &b2, 2, c.b2 - b2_out)
        .await;
    bank.ok(&[ix], &[&b2.key]).await;
    books.cash += c.b2_debt / 2;
    books.debt = 0;
    books.check(&mut bank, &fx).await;
    let socialized = c.expect.settled.2;
    assert_eq!(
        books.cash,
        c.lp + c.lp2 - socialized - c.expect.redeemed,
        "{} decimals",
        c.decimals
    );
    let pool = fx.pool(&mut bank).await;
    assert_eq!(pool.total_socialized, socialized);
    for slot in 0..3 {
        assert_eq!(pool.collaterals[slot].total_deposited, 0);
    }
}
