//! The pool's math: quotes, price impact, the fee, the arbitrage pull, and properties that
//! hold for any reserves and trade (k never falls, nothing pays out its whole reserve).
use super::*;
use proptest::prelude::*;

fn k(p: &ConstantProduct) -> u128 {
    p.collateral * p.base
}

#[test]
fn a_quote_is_the_constant_product_output_rounded_down() {
    let free = ConstantProduct::new(1_000, 1_000, 0);
    // 1000 · 1000 / (1000 + 1000)
    assert_eq!(free.quote_out_down(1_000), 500);
    // 1000 · 1 / 1001 rounds to nothing: dust fetches nothing
    assert_eq!(free.quote_out_down(1), 0);
    let fee = ConstantProduct::new(1_000, 1_000, 30);
    // 997 after the fee: 1000 · 997 / 1997 = 499.25
    assert_eq!(fee.quote_out_down(1_000), 499);
    assert_eq!(fee.quote_out_down(0), 0);
}

#[test]
fn the_fee_is_taken_from_the_input_and_stays_in_the_pool() {
    let mut p = ConstantProduct::new(1_000_000, 150_000_000, 30);
    let free = ConstantProduct { fee_bps: 0, ..p };
    let out = p.sell_collateral(10_000);
    assert_eq!(
        out,
        free.quote_out_down(9_970),
        "the fee leaves 99.7% to trade"
    );
    assert!(out < free.quote_out_down(10_000));
    // the whole input, fee included, is in the pool
    assert_eq!(p.collateral, 1_010_000);
    assert_eq!(p.base, 150_000_000 - out);
}

#[test]
fn a_larger_sale_moves_the_price_more_and_earns_less_per_unit() {
    let p = ConstantProduct::new(1_000_000, 150_000_000, 0);
    let before = p.price();
    let mut small = p;
    let mut large = p;
    let out_small = small.sell_collateral(10_000);
    let out_large = large.sell_collateral(100_000);
    assert!(large.price() < small.price() && small.price() < before);
    // execution price: below the price before the sale, above the price after it
    let exec = |out: u128, sold: u128| out as f64 / sold as f64;
    assert!(exec(out_large, 100_000) < exec(out_small, 10_000));
    assert!(exec(out_small, 10_000) < before && exec(out_small, 10_000) > small.price());
    // 10% of the reserve sold: the price falls to 1/1.1² of where it was
    assert!((large.price() / before - 1.0 / 1.21).abs() < 1e-6);
}

#[test]
fn the_next_sale_in_a_batch_earns_less_than_the_first() {
    let p = ConstantProduct::new(5_000_000, 700_000_000, 30);
    // a batch sold at once pays what its parts' quotes add up to
    let marginal = p.quote_after_down(40_000, 25_000);
    assert_eq!(
        p.quote_out_down(40_000) + marginal,
        p.quote_out_down(65_000)
    );
    assert!(
        marginal < p.quote_out_down(25_000),
        "the first part's impact costs the next"
    );
    // sold one after the other, the first sale's fee joins the reserve before the second
    // trades against it: a little less, the same to a thousandth
    let mut after = p;
    after.sell_collateral(40_000);
    let direct = after.quote_out_down(25_000);
    assert!(direct <= marginal && marginal - direct < marginal / 1_000);
}

#[test]
fn arbitrage_closes_its_share_of_the_gap() {
    let start = ConstantProduct::new(1_000_000, 100_000_000, 30);
    assert!((start.price() - 100.0).abs() < 1e-9);
    let mut half = start;
    let (sold, _) = half.pull_toward(80.0, 0.5);
    assert!(
        sold > 0,
        "the pool is rich: the arbitrageur sells collateral into it"
    );
    assert!((half.price() - 90.0).abs() < 0.01, "{}", half.price());
    let mut all = start;
    all.pull_toward(80.0, 1.0);
    assert!((all.price() - 80.0).abs() < 0.01, "{}", all.price());
    let mut up = start;
    let (_, paid) = up.pull_toward(120.0, 0.25);
    assert!(
        paid > 0 && (up.price() - 105.0).abs() < 0.01,
        "{}",
        up.price()
    );
    // within the fee (0.3%) a trade would cost the arbitrageur more than it earns
    let mut near = start;
    assert_eq!(near.pull_toward(100.2, 1.0), (0, 0));
    assert_eq!(near, start);
}

prop_compose! {
    fn pools()(collateral in 1_000u128..1u128 << 60, base in 1_000u128..1u128 << 60,
               fee_bps in 0u16..=1_000) -> ConstantProduct {
        ConstantProduct::new(collateral, base, fee_bps)
    }
}

proptest! {
    #[test]
    fn k_never_falls_and_no_trade_empties_a_reserve(p in pools(), amount in 0u128..1u128 << 62) {
        let mut sold = p;
        let out = sold.sell_collateral(amount);
        prop_assert!(out < p.base);
        prop_assert!(k(&sold) >= k(&p));
        let mut bought = p;
        let out = bought.buy_collateral(amount);
        prop_assert!(out < p.collateral);
        prop_assert!(k(&bought) >= k(&p));
    }

    #[test]
    fn a_round_trip_never_gains(p in pools(), amount in 1u128..1u128 << 50) {
        let mut q = p;
        let base = q.sell_collateral(amount);
        let back = q.buy_collateral(base);
        prop_assert!(back <= amount);
    }

    #[test]
    fn the_execution_price_is_below_the_price_before(p in pools(), amount in 1u128..1u128 << 50) {
        let out = p.quote_out_down(amount);
        // out / amount ≤ base / collateral, in integers
        prop_assert!(out * p.collateral <= p.base * amount);
        // and no quote reaches the marginal price less the fee
        prop_assert!(out <= p.marginal_out_up(amount));
    }

    #[test]
    fn arbitrage_never_widens_the_gap_nor_lowers_k(
        p in pools(),
        ratio in 0.2f64..5.0,
        rate in 0.0f64..=1.0,
    ) {
        let target = p.price() * ratio;
        let mut q = p;
        q.pull_toward(target, rate);
        prop_assert!(k(&q) >= k(&p));
        prop_assert!((q.price() - target).abs() <= (p.price() - target).abs() * (1.0 + 1e-9));
    }
}
