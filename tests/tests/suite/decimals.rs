//! Pools on base mints of 0, 6, 9, 12 and 18 decimals, each with three collateral assets
//! of other decimals, at sizes real for the token (issue 12, defect 6: LP shares are 1:1
//! with base units at the initial price, so no base amount overflows the LP supply).
//! Each pool takes deposits, lends to two borrowers, liquidates one partially, empties the
//! other (underwater, two assets) slot by slot and settles it, then takes a deposit and pays
//! a redemption at the written-down price; the books are checked exactly after every step.
//! And at every decimals the largest deposit the books allow mints as many shares.
use crate::liquidation::{accounts, liquidate};
use lending_pool::{
    constants::{MAX_BOOKS, WAD},
    errors::LendingError,
    events::{BadDebtSettled, Liquidated, LpDeposited},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_harness::*;

/// $1 in the oracle's units (expo -8).
const E8: i64 = 100_000_000;

/// A collateral asset: decimals, price (× 10^-8), LTV, liquidation threshold and bonus.
#[derive(Clone, Copy)]
struct Asset {
    decimals: u8,
    price: i64,
    ltv_bps: u16,
    threshold_bps: u16,
    bonus_bps: u16,
}

/// A game token counted in whole units.
const WHOLE: Asset = Asset {
    decimals: 0,
    price: 25 * E8,
    ltv_bps: 5_000,
    threshold_bps: 6_000,
    bonus_bps: 1_000,
};
const STABLE: Asset = Asset {
    decimals: 6,
    price: E8,
    ltv_bps: 8_500,
    threshold_bps: 9_000,
    bonus_bps: 200,
};
const BTC: Asset = Asset {
    decimals: 8,
    price: 60_000 * E8,
    ltv_bps: 6_000,
    threshold_bps: 7_000,
    bonus_bps: 800,
};
const SOL: Asset = Asset {
    decimals: 9,
    price: 150 * E8,
    ltv_bps: 7_500,
    threshold_bps: 8_000,
    bonus_bps: 500,
};
/// A u64 holds 18.4 of it.
const ETH: Asset = Asset {
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
struct Case {
    decimals: u8,
    base_price: i64,
    /// The first LP's deposit, its donation to the insurance fund, the second LP's deposit.
    lp: u64,
    insurance: u64,
    lp2: u64,
    /// Slots 0 and 1 back the first borrower, slot 2 the second.
    assets: [Asset; 3],
    /// The first borrower's collateral in slots 0 and 1 and its debt; both assets then
    /// fall to `crash_pct` of their price (underwater).
    b1: [u64; 2],
    b1_debt: u64,
    crash_pct: i64,
    /// The second borrower's collateral in slot 2 and its debt; slot 2 then falls to
    /// `b2_price` (liquidatable, not underwater: the close factor holds).
    b2: u64,
    b2_debt: u64,
    b2_price: i64,
    expect: Expect,
}

/// The exact outcome (from the SPEC's formulas in integers).
struct Expect {
    /// The second borrower's liquidation: (collateral out, fee); it repays half the debt.
    b2: (u64, u64),
    /// The first borrower's two liquidations, a whole slot each: (repaid, fee).
    b1: [(u64, u64); 2],
    /// What the settlement after the last slot wrote off: (debt, from the insurance vault,
    /// socialized). Every fund here is smaller than the loss, so it is drained.
    settled: (u64, u64, u64),
    /// Shares the second LP's deposit mints at the written-down price.
    lp2_shares: u64,
    /// Base units paid for redeeming half the first LP's shares.
    redeemed: u64,
}

/// The books the test expects (no time passes: no interest, nothing pending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Books {
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
fn config() -> PoolConfig {
    PoolConfig {
        deposit_cap: MAX_BOOKS,
        borrow_cap: MAX_BOOKS,
        min_debt: 0,
        exit_delay_secs: 0,
        ..PoolConfig::example()
    }
}

async fn run(c: &Case) {
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

/// Whole units at $1: a points token. Rounding is to whole units everywhere.
#[tokio::test]
async fn a_pool_on_a_zero_decimal_mint() {
    run(&Case {
        decimals: 0,
        base_price: E8,
        lp: 1_000_000,
        insurance: 1_000,
        lp2: 50_000,
        assets: [WHOLE, ETH, SOL],
        // 2,000 WHOLE ($50,000) and 10 ETH ($30,000) for 36,000; crash to 35%: $28,000
        b1: [2_000, 10 * 10u64.pow(18)],
        b1_debt: 36_000,
        crash_pct: 35,
        // 200 SOL ($30,000) for 15,000; SOL at $86.25: $17,250
        b2: 200 * 10u64.pow(9),
        b2_debt: 15_000,
        b2_price: 8_625_000_000,
        expect: Expect {
            // 7,500 × 1.05 / 86.25 SOL; the fee 1% of 7,500
            b2: (91_304_347_826, 75),
            // $17,500 / 1.1 = 15,909.09 → 15,910, fee (17,500 − 15,910) / 10 = 159;
            // $10,500 / 1.07 = 9,813.08 → 9,814, fee (10,500 − 9,814) / 7 = 98
            b1: [(15_910, 159), (9_814, 98)],
            // 36,000 − 15,910 − 9,814; the fund holds 1,000 + 75 + 159 + 98
            settled: (10_276, 1_332, 8_944),
            // 50,000 × 1,000,001 / (1,000,000 − 8,944 + 1)
            lp2_shares: 50_451,
            redeemed: 495_528,
        },
    })
    .await;
}

/// USDC.
#[tokio::test]
async fn a_pool_on_a_six_decimal_mint() {
    const U: u64 = 1_000_000;
    run(&Case {
        decimals: 6,
        base_price: E8,
        lp: 1_000_000 * U,
        insurance: 2_000 * U,
        lp2: 100_000 * U,
        assets: [SOL, BTC, ETH],
        // 100 SOL ($15,000) and 0.5 BTC ($30,000) for 25,000; crash to 40%: $18,000
        b1: [100 * 10u64.pow(9), 50_000_000],
        b1_debt: 25_000 * U,
        crash_pct: 40,
        // 5 ETH ($15,000) for 9,000; ETH at $2,160: $10,800
        b2: 5 * 10u64.pow(18),
        b2_debt: 9_000 * U,
        b2_price: 2_160 * E8,
        expect: Expect {
            // 4,500 × 1.07 / 2,160 ETH, rounded down to the wei
            b2: (2_229_166_666_666_666_666, 45 * U),
            // $6,000 / 1.05 and $12,000 / 1.08, rounded up; fees a fifth and an eighth of
            // the bonus paid
            b1: [(5_714_285_715, 57_142_857), (11_111_111_112, 111_111_111)],
            settled: (8_174_603_173, 2_213_253_968, 5_961_349_205),
            lp2_shares: 100_599_710_001,
            redeemed: 497_019_325_397,
        },
    })
    .await;
}

/// A SOL-like base at $150.
#[tokio::test]
async fn a_pool_on_a_nine_decimal_mint() {
    const U: u64 = 1_000_000_000;
    run(&Case {
        decimals: 9,
        base_price: 150 * E8,
        lp: 10_000 * U,
        insurance: 10 * U,
        lp2: 500 * U,
        assets: [STABLE, WHOLE, BTC],
        // 30,000 STABLE and 1,000 WHOLE ($55,000) for 200 ($30,000); crash to 45%: $24,750
        b1: [30_000 * 1_000_000, 1_000],
        b1_debt: 200 * U,
        crash_pct: 45,
        // 1 BTC ($60,000) for 200 ($30,000); BTC at $37,500
        b2: 100_000_000,
        b2_debt: 200 * U,
        b2_price: 37_500 * E8,
        expect: Expect {
            // $15,000 × 1.08 / $37,500 = 0.432 BTC; the fee 1% of 100
            b2: (43_200_000, U),
            // $13,500 / 1.02 / $150 and $11,250 / 1.1 / $150, rounded up
            b1: [(88_235_294_118, 882_352_941), (68_181_818_182, 681_818_182)],
            settled: (43_582_887_700, 12_564_171_123, 31_018_716_577),
            lp2_shares: 501_555_761_601,
            redeemed: 4_984_490_641_711,
        },
    })
    .await;
}

/// A cheap token ($0.02) on 12 decimals: a u64 holds 18.4 million of it.
#[tokio::test]
async fn a_pool_on_a_twelve_decimal_mint() {
    const U: u64 = 1_000_000_000_000;
    run(&Case {
        decimals: 12,
        base_price: 2_000_000,
        lp: 5_000_000 * U,
        insurance: 50_000 * U,
        lp2: 1_000_000 * U,
        assets: [ETH, STABLE, WHOLE],
        // 5 ETH and 10,000 STABLE ($25,000) for 800,000 ($16,000); crash to 50%: $12,500
        b1: [5 * 10u64.pow(18), 10_000 * 1_000_000],
        b1_debt: 800_000 * U,
        crash_pct: 50,
        // 400 WHOLE ($10,000) for 200,000 ($4,000); WHOLE at $14: $5,600
        b2: 400,
        b2_debt: 200_000 * U,
        b2_price: 14 * E8,
        expect: Expect {
            // $2,000 × 1.1 / $14 = 157.14 → 157 whole units, worth $2,198: the fee is a
            // tenth of the $198 bonus paid, 990 tokens (not 1% of the repayment, 1,000)
            b2: (157, 990 * U),
            b1: [
                (350_467_289_719_626_169, 3_504_672_897_196_262),
                (245_098_039_215_686_275, 2_450_980_392_156_863),
            ],
            settled: (
                204_434_671_064_687_556,
                56_945_653_289_353_125,
                147_489_017_775_334_431,
            ),
            lp2_shares: 1_030_394_370_732_102_314,
            redeemed: 2_426_255_491_112_332_784,
        },
    })
    .await;
}

/// An ETH-like base at $2,000 on 18 decimals: a u64 holds 18.4 of it, and the books stay
/// below `MAX_BOOKS` (9.2).
#[tokio::test]
async fn a_pool_on_an_eighteen_decimal_mint() {
    const U: u64 = 1_000_000_000_000_000_000;
    run(&Case {
        decimals: 18,
        base_price: 2_000 * E8,
        lp: 5 * U,
        insurance: U / 10,
        lp2: U,
        assets: [BTC, SOL, STABLE],
        // 0.05 BTC and 20 SOL ($6,000) for 1.5 ($3,000); crash to 40%: $2,400
        b1: [5_000_000, 20 * 1_000_000_000],
        b1_debt: 3 * U / 2,
        crash_pct: 40,
        // 2,000 STABLE for 0.8 ($1,600); STABLE at $0.848: $1,696
        b2: 2_000 * 1_000_000,
        b2_debt: 8 * U / 10,
        b2_price: 84_800_000,
        expect: Expect {
            // $800 × 1.02 / $0.848 = 962.264150 STABLE, worth $815.9999992: the fee is half
            // of that bonus, 0.0039999998 (1% of the repayment would be 0.004)
            b2: (962_264_150, 3_999_999_800_000_000),
            b1: [
                (555_555_555_555_555_556, 5_555_555_555_555_556),
                (571_428_571_428_571_429, 5_714_285_714_285_715),
            ],
            settled: (
                373_015_873_015_873_015,
                115_269_841_069_841_271,
                257_746_031_946_031_744,
            ),
            lp2_shares: 1_054_350_954_985_188_283,
            redeemed: 2_371_126_984_026_984_128,
        },
    })
    .await;
}

/// With a 1:1 offset any amount the books can hold mints shares at the initial price: the
/// old 1,000-share offset overflowed the LP supply above `u64::MAX / 1,000` base units
/// (18,446 tokens of a 12-decimal mint, 0.018 of an 18-decimal one).
#[tokio::test]
async fn the_largest_deposit_the_books_allow_mints_as_many_shares_at_every_decimals() {
    let mut bank = Bank::start().await;
    for decimals in [0, 6, 9, 12, 18] {
        let fx = PoolFixture::new(&mut bank, decimals, config()).await;
        let lp = fx.user(&mut bank, MAX_BOOKS + 1).await;
        let keys = [
            fx.addrs.pool,
            fx.addrs.base_vault,
            fx.addrs.lp_mint,
            lp.base,
            lp.lp,
        ];
        // one unit over the deposit cap (`MAX_BOOKS`) is refused and moves nothing
        let before = accounts(&mut bank, &keys).await;
        let r = bank
            .process(&[fx.deposit_ix(&lp, MAX_BOOKS + 1, 0)], &[&lp.key])
            .await;
        assert_lending_err(r, LendingError::DepositCapExceeded);
        assert_eq!(accounts(&mut bank, &keys).await, before);

        let out = bank
            .ok(&[fx.deposit_ix(&lp, MAX_BOOKS, MAX_BOOKS)], &[&lp.key])
            .await;
        let ev: LpDeposited = out.event();
        assert_eq!((ev.assets, ev.shares), (MAX_BOOKS, MAX_BOOKS));
        assert_eq!(bank.token_balance(&lp.lp).await, MAX_BOOKS);
        assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, MAX_BOOKS);
        let pool = fx.pool(&mut bank).await;
        assert_eq!(
            (pool.cash, pool.lp_assets().unwrap()),
            (MAX_BOOKS, MAX_BOOKS)
        );
        assert_eq!(pool.share_price_wad(MAX_BOOKS).unwrap(), WAD);
        fx.assert_books(&mut bank).await;
        // and every unit of it comes back
        fx.exit_shares(&mut bank, &lp, MAX_BOOKS, MAX_BOOKS).await;
        assert_eq!(bank.token_balance(&lp.base).await, MAX_BOOKS + 1);
        assert_eq!(bank.mint_supply(&fx.addrs.lp_mint).await, 0);
        assert_eq!(fx.pool(&mut bank).await.cash, 0);
        fx.assert_books(&mut bank).await;
    }
}
