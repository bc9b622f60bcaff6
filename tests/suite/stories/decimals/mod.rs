//! Pools on base mints of 0, 6, 9, 12 and 18 decimals, each with three collateral assets
//! of other decimals, at sizes real for the token (issue 12, defect 6: LP shares are 1:1
//! with base units at the initial price, so no base amount overflows the LP supply).
//! Each pool takes deposits, lends to two borrowers, liquidates one partially, empties the
//! other (underwater, two assets) slot by slot and settles it, then takes a deposit and pays
//! a redemption at the written-down price; the books are checked exactly after every step.
//! And at every decimals the largest deposit the books allow mints as many shares.
mod scenario;

use crate::support::accounts;
use lending_pool::{
    constants::{MAX_BOOKS, WAD},
    errors::LendingError,
    events::LpDeposited,
};
use lending_pool_testkit::*;
use scenario::*;

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
// also covers: deposit
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
