use super::*;
use bytemuck::Zeroable;
use lending_pool_sdk::{examples, state::PoolConfig};

const USDC: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;
const NOW: i64 = 1_000_000;
const FEED: [u8; 32] = [1; 32];
const BASE: [u8; 32] = [0xBA; 32];

fn update(feed: [u8; 32], dollars: i64) -> PriceUpdate {
    PriceUpdate {
        fully_verified: true,
        feed_id: feed,
        price: dollars * 100_000_000,
        conf: 0,
        exponent: -8,
        publish_time: NOW,
        ema_price: dollars * 100_000_000,
    }
}

/// 1,000,000 USDC of cash against SOL (75% LTV, 80% threshold, 5% bonus), and two
/// positions of 10 SOL owing 1,000 and 1,100.
fn book() -> (Pool, Vec<(Pubkey, Position)>) {
    let mut pool = Pool::zeroed();
    pool.config = PoolConfig {
        deposit_cap: u64::MAX,
        borrow_cap: u64::MAX,
        ..PoolConfig::example()
    };
    pool.borrow_index.set(WAD);
    pool.base_decimals = 6;
    pool.last_accrual_ts = NOW;
    pool.cash = 1_000_000 * USDC;
    pool.num_collaterals = 1;
    pool.collaterals[0] = examples::SOL.slot(FEED);
    pool.base_feed_id = BASE;
    let positions = [1_000, 1_100]
        .map(|debt| {
            let mut pos = Position::zeroed();
            pos.collateral[0] = 10 * SOL;
            pool.collaterals[0].total_deposited += 10 * SOL;
            pool.borrow(&mut pos, debt * USDC).unwrap();
            (Pubkey::new_unique(), pos)
        })
        .to_vec();
    (pool, positions)
}

fn run(insurance: u64) -> Vec<ShockRow> {
    let (pool, positions) = book();
    let sol = [Some(update(FEED, 150))];
    stress(
        &pool,
        &positions,
        NOW,
        Some(&update(BASE, 1)),
        &sol,
        insurance,
        &SHOCKS_BPS,
    )
    .unwrap()
}

#[test]
fn shocks_find_the_liquidatable_and_split_the_shortfall_insurance_first() {
    let rows = run(100 * USDC);
    assert_eq!(
        rows.iter().map(|r| r.shock_bps).collect::<Vec<_>>(),
        [1_000, 2_000, 4_000]
    );
    // −10%: $1,350 of SOL, limit $1,080: only the 1,100 position; nothing lost
    assert_eq!(rows[0].positions_liquidatable, 1);
    assert_eq!(
        (rows[0].bad_debt.as_str(), rows[0].coverage_bps),
        ("0", 10_000)
    );
    // −40%: $900 of SOL against each debt; the program's shortfall (what a full liquidation
    // leaves unpaid) lies between the bare gap (debt − 900) and the gap at the full 5% bonus
    let r = &rows[2];
    assert_eq!(r.positions_liquidatable, 2);
    let bad: u64 = r.bad_debt.parse().unwrap();
    assert!(bad >= 2_100 * USDC - 1_800 * USDC, "{bad}");
    assert!(bad <= 2_100 * USDC - 2 * 857_142_857, "{bad}");
    // and it is the program's, at a price of $90 posted directly
    let (pool, positions) = book();
    let at_90 = prices::from_updates(
        &pool,
        NOW,
        Some(&update(BASE, 1)),
        &[Some(update(FEED, 90))],
        PriceMode::Spot,
    );
    let direct: u64 = positions
        .iter()
        .map(|(_, p)| pool.shortfall_at(p, &at_90).unwrap())
        .sum();
    assert_eq!(bad, direct);
    // the fund's 100 first, the LPs the rest, in bps of their 1,000,000 (rounded up)
    assert_eq!(r.insurance_covers, (100 * USDC).to_string());
    assert_eq!(
        r.coverage_bps,
        (100 * USDC as u128 * 10_000 / bad as u128) as u64
    );
    let lp: u64 = r.lp_loss.parse().unwrap();
    assert_eq!(lp, bad - 100 * USDC);
    let (pool, _) = book();
    let lp_assets = pool.lp_assets().unwrap() as u128;
    assert_eq!(
        r.lp_loss_bps,
        (lp as u128 * 10_000).div_ceil(lp_assets) as u64
    );
    assert_eq!(r.lp_loss_bps, 3);
}

#[test]
fn a_fund_larger_than_the_loss_leaves_the_lps_whole() {
    let rows = run(10_000 * USDC);
    for r in &rows {
        assert_eq!((r.lp_loss.as_str(), r.lp_loss_bps), ("0", 0), "{r:?}");
        assert_eq!(r.insurance_covers, r.bad_debt);
    }
    // deeper shocks never lose less
    let bad: Vec<u64> = rows.iter().map(|r| r.bad_debt.parse().unwrap()).collect();
    assert!(bad.windows(2).all(|w| w[0] <= w[1]), "{bad:?}");
}

#[test]
fn a_shock_lowers_price_ema_and_confidence_together() {
    let mut u = update(FEED, 150);
    u.conf = 1_000;
    let s = shocked(&u, 4_000);
    assert_eq!(
        (s.price, s.ema_price, s.conf),
        (9_000_000_000, 9_000_000_000, 600)
    );
    assert_eq!(
        (s.feed_id, s.publish_time, s.exponent),
        (u.feed_id, u.publish_time, u.exponent)
    );
}
