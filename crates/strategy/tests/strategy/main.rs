//! The decision library against the program's own book-keeping, without a network.
mod fixtures;
mod funding;
mod marks;
mod property;

use anchor_lang::prelude::Pubkey;
use bytemuck::Zeroable;
use fixtures::*;
use lending_pool_sdk::{
    constants::{pause, WAD},
    lending_pool::oracle::PriceUpdate,
    state::Position,
};
use lending_pool_strategy::{
    rank, strategy::shortfall_wad, Action, Decision, Market, StrategyConfig,
};

#[test]
fn healthy_positions_are_left_alone() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_000 * USDC);
    let d = lending_pool_strategy::decide(
        &pool,
        &pos,
        &market(150 * DOLLAR, DOLLAR),
        &StrategyConfig::default(),
    );
    assert!(matches!(d, Decision::Healthy { health_wad } if health_wad > WAD));
    assert_eq!(
        lending_pool_strategy::decide(
            &pool,
            &Position::zeroed(),
            &market(150 * DOLLAR, DOLLAR),
            &StrategyConfig::default()
        ),
        Decision::Empty
    );
}

#[test]
fn a_slightly_unhealthy_position_is_liquidated_at_the_close_factor_and_the_program_agrees() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    // $1,100 debt on 10 SOL at $135: limit 1,080 < 1,100
    let m = market(135 * DOLLAR, DOLLAR);
    let plan = plan_of(lending_pool_strategy::decide(
        &pool,
        &pos,
        &m,
        &StrategyConfig::default(),
    ));
    assert_eq!(plan.slot, 0);
    assert_eq!(plan.repay, 550 * USDC, "half the debt");
    assert!(!plan.settles_bad_debt);
    assert!(plan.profit_wad > 0);
    assert!(plan.min_collateral_out < plan.collateral_out);
    // the program pays exactly what was planned
    let (mut p2, mut pos2) = (pool, pos);
    let out = program_liquidate(
        &mut p2,
        &mut pos2,
        0,
        plan.repay,
        plan.min_collateral_out,
        &m,
    )
    .expect("program accepts the plan");
    assert_eq!(out.collateral_out, plan.collateral_out);
    assert_eq!(out.fee, plan.fee);
    // profit: bonus 5% of 550 minus the 1% fee, within rounding
    let expected = (550 * 5 / 100 - 550 / 100) as i128 * WAD as i128;
    assert!((plan.profit_wad - expected).abs() < WAD as i128 / 100);
}

#[test]
fn the_budget_caps_the_repayment() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let cfg = StrategyConfig {
        max_repay: 100 * USDC,
        ..StrategyConfig::default()
    };
    let plan = plan_of(lending_pool_strategy::decide(
        &pool,
        &pos,
        &market(135 * DOLLAR, DOLLAR),
        &cfg,
    ));
    assert_eq!(plan.repay, 100 * USDC);
}

#[test]
fn the_slot_paying_the_larger_bonus_wins() {
    let mut pool = pool();
    // $600 of SOL and $600 of the 10%-bonus asset against $900 of debt: limit 480 + 360
    let pos = position(&mut pool, 4 * SOL, 600 * USDC, 900 * USDC);
    let m = market(150 * DOLLAR, DOLLAR);
    assert_eq!(shortfall_wad(&pool, &pos, &m), Some(0), "solvent");
    let plan = plan_of(lending_pool_strategy::decide(
        &pool,
        &pos,
        &m,
        &StrategyConfig::default(),
    ));
    assert_eq!(plan.slot, 1);
}

#[test]
fn an_underwater_position_is_closed_and_settled_in_one_transaction() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let m = market(50 * DOLLAR, DOLLAR);
    let plan = plan_of(lending_pool_strategy::decide(
        &pool,
        &pos,
        &m,
        &StrategyConfig::default(),
    ));
    assert!(plan.settles_bad_debt);
    assert_eq!(plan.collateral_out, 10 * SOL);
    // $1,100 owed against $500 of collateral
    assert_eq!(shortfall_wad(&pool, &pos, &m), Some(600 * WAD));
}

#[test]
fn a_position_without_collateral_is_settled() {
    let mut pool = pool();
    let mut pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    pos.collateral = [0; 4];
    assert_eq!(
        lending_pool_strategy::decide(
            &pool,
            &pos,
            &market(150 * DOLLAR, DOLLAR),
            &StrategyConfig::default()
        ),
        Decision::Settle { debt: 1_100 * USDC }
    );
}

#[test]
fn interest_is_accrued_before_deciding() {
    let mut pool = pool();
    pool.cash = 1_200 * USDC; // high utilization: a steep rate
    let pos = position(&mut pool, 10 * SOL, 0, 1_079 * USDC);
    // limit at $135 is 1,080: healthy now, liquidatable after a year of interest
    let mut m = market(135 * DOLLAR, DOLLAR);
    assert!(matches!(
        lending_pool_strategy::decide(&pool, &pos, &m, &StrategyConfig::default()),
        Decision::Healthy { .. }
    ));
    m.now += 365 * 86_400;
    assert!(matches!(
        lending_pool_strategy::decide(&pool, &pos, &m, &StrategyConfig::default()),
        Decision::Liquidate(_)
    ));
}

#[test]
fn missing_or_stale_prices_and_pauses_are_reported_not_guessed() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let mut m = market(135 * DOLLAR, DOLLAR);
    m.prices.collateral[0] = None;
    assert_eq!(
        lending_pool_strategy::decide(&pool, &pos, &m, &StrategyConfig::default()),
        Decision::MissingPrice
    );
    // a stale update validates to None, exactly as the program would reject it
    let update = |feed: [u8; 32], p: i64, t: i64| PriceUpdate {
        fully_verified: true,
        feed_id: feed,
        price: p,
        conf: 0,
        exponent: -8,
        publish_time: t,
        ema_price: p,
    };
    let max_age = pool.config.oracle_max_age_secs as i64;
    let fresh = Market::from_updates(
        &pool,
        NOW,
        Some(&update([0xBA; 32], DOLLAR, NOW)),
        &[Some(update([1; 32], 135 * DOLLAR, NOW - max_age)), None],
    );
    assert!(fresh.prices.base.is_some() && fresh.prices.collateral[0].is_some());
    let stale = Market::from_updates(
        &pool,
        NOW,
        Some(&update([0xBA; 32], DOLLAR, NOW)),
        &[Some(update([1; 32], 135 * DOLLAR, NOW - max_age - 1)), None],
    );
    assert_eq!(stale.prices.collateral[0], None);
    let wrong_feed = Market::from_updates(
        &pool,
        NOW,
        Some(&update([0xBA; 32], DOLLAR, NOW)),
        &[Some(update([2; 32], 135 * DOLLAR, NOW)), None],
    );
    assert_eq!(wrong_feed.prices.collateral[0], None);

    pool.pause_flags |= pause::LIQUIDATE;
    assert_eq!(
        lending_pool_strategy::decide(
            &pool,
            &pos,
            &market(135 * DOLLAR, DOLLAR),
            &StrategyConfig::default()
        ),
        Decision::Blocked
    );
}

#[test]
fn unprofitable_liquidations_are_skipped() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let cfg = StrategyConfig {
        min_profit_wad: 1_000 * WAD,
        ..StrategyConfig::default()
    };
    assert!(matches!(
        lending_pool_strategy::decide(&pool, &pos, &market(135 * DOLLAR, DOLLAR), &cfg),
        Decision::Unprofitable { best_profit_wad } if best_profit_wad > 0
    ));
}

#[test]
fn rank_settles_first_then_by_profit() {
    let mut pool = pool();
    let small = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let large = position(&mut pool, 100 * SOL, 0, 11_000 * USDC);
    let healthy = position(&mut pool, 100 * SOL, 0, 1_000 * USDC);
    let mut bankrupt = position(&mut pool, SOL, 0, 100 * USDC);
    bankrupt.collateral = [0; 4];
    let keys: Vec<Pubkey> = (0..4).map(|_| Pubkey::new_unique()).collect();
    let positions = vec![
        (keys[0], small),
        (keys[1], large),
        (keys[2], healthy),
        (keys[3], bankrupt),
    ];
    let (actions, stats) = rank(
        &pool,
        &positions,
        &market(135 * DOLLAR, DOLLAR),
        &StrategyConfig::default(),
    );
    let order: Vec<Pubkey> = actions.iter().map(Action::position).collect();
    assert_eq!(order, vec![keys[3], keys[1], keys[0]]);
    assert_eq!(
        (
            stats.positions,
            stats.healthy,
            stats.liquidatable,
            stats.bankrupt
        ),
        (4, 1, 2, 1)
    );
}

/// With collateral worth between the debt and the debt plus the liquidation fee, a full
/// close pays a bonus smaller than the fee: under a fee on the whole repayment no rational
/// liquidator acted until the price fell further and the loss was larger. The fee is now
/// its share (`fee / bonus`) of the bonus actually paid, so the liquidator keeps 4/5 of it.
#[test]
fn just_above_par_a_full_close_pays_four_fifths_of_the_bonus() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    // $1,105 of collateral against $1,100 of debt: 0.45% over par, fee 1%, bonus 5%
    let m = market(11_050_000_000, DOLLAR);
    let plan = plan_of(lending_pool_strategy::decide(
        &pool,
        &pos,
        &m,
        &StrategyConfig::default(),
    ));
    // repays the whole debt for the whole slot: a $5 bonus, of which the fee is 1/5
    assert_eq!(
        (plan.slot, plan.repay, plan.collateral_out, plan.fee),
        (0, 1_100 * USDC, 10 * SOL, USDC)
    );
    assert_eq!(plan.profit_wad, 4 * WAD as i128);
    assert!(!plan.settles_bad_debt);
    let (mut p2, mut pos2) = (pool, pos);
    let out = program_liquidate(
        &mut p2,
        &mut pos2,
        0,
        plan.repay,
        plan.min_collateral_out,
        &m,
    )
    .expect("program accepts the plan");
    assert_eq!(
        (out.collateral_out, out.fee),
        (plan.collateral_out, plan.fee)
    );
    assert!(pos2.is_empty(), "nothing left to settle");
    // the grab (everything for collateral / (1 + bonus)) is still refused on-chain
    let (mut p3, mut pos3) = (pool, pos);
    let grab = 1_105 * USDC * 100 / 105 + 1;
    assert!(program_liquidate(&mut p3, &mut pos3, 0, grab, 0, &m).is_err());
    // a little lower, the repayment shrinks to what the slot pays with the full bonus
    let lower = market(100 * DOLLAR, DOLLAR);
    assert!(matches!(
        lending_pool_strategy::decide(&pool, &pos, &lower, &StrategyConfig::default()),
        Decision::Liquidate(p) if p.profit_wad > 0 && p.settles_bad_debt
    ));
}

/// Underwater but solvent at par (collateral between the debt and the debt plus the bonus),
/// with one wei of a second asset: taking SOL at its full bonus ($990.476191 for $1,040)
/// would leave $9.52 owed against the wei, to be settled off insurance and the LPs. The
/// program refuses to leave a position that covers its debt short
/// (`LiquidationWouldWriteOffSolventDebt`), so the best plan takes SOL for the whole debt at
/// a 4% bonus and nothing is written off.
#[test]
fn a_dust_second_asset_cannot_turn_a_solvent_position_into_bad_debt() {
    let mut pool = pool();
    let pos = position4(&mut pool, [10 * SOL, 0, 0, 1], 1_000 * USDC);
    // $1,040 of SOL (and 1 wei of ETH) against $1,000 owed
    let m = market4([104 * DOLLAR, DOLLAR, 60_000 * DOLLAR, 3_000 * DOLLAR]);
    let cfg = StrategyConfig::default();
    let plan = plan_of(lending_pool_strategy::decide(&pool, &pos, &m, &cfg));
    // the fee is 1/5 of the $40 bonus; profit $1,040 − $1,000 − $8
    assert_eq!(
        (plan.slot, plan.repay, plan.collateral_out, plan.fee),
        (0, 1_000 * USDC, 10 * SOL, 8 * USDC)
    );
    assert_eq!(plan.profit_wad, 32 * WAD as i128);
    assert!(!plan.settles_bad_debt);
    let (mut p2, mut pos2) = (pool, pos);
    let out = program_liquidate(
        &mut p2,
        &mut pos2,
        0,
        plan.repay,
        plan.min_collateral_out,
        &m,
    )
    .unwrap();
    assert_eq!((out.position_debt_after, out.settlement), (0, None));
    // the wei stays its owner's; nothing was written off
    assert_eq!(pos2.collateral, [0, 0, 0, 1]);
    assert_eq!(p2.total_socialized + p2.total_insurance_paid, 0);
    // the full-bonus grab is refused on-chain
    let (mut p3, mut pos3) = (pool, pos);
    assert_eq!(
        program_liquidate(&mut p3, &mut pos3, 0, 990_476_191, 0, &m).unwrap_err(),
        lending_pool_sdk::LendingError::LiquidationWouldWriteOffSolventDebt.into()
    );
}

/// Underwater, only a whole slot may go: a budget below its repayment is reported as such
/// (not as blocked), with the repayment it would take.
#[test]
fn an_underwater_slot_beyond_the_budget_is_over_budget() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let m = market(50 * DOLLAR, DOLLAR);
    let cfg = StrategyConfig {
        max_repay: 100 * USDC,
        ..StrategyConfig::default()
    };
    // $500 of SOL pays its 5% bonus on $476.190477
    assert_eq!(
        lending_pool_strategy::decide(&pool, &pos, &m, &cfg),
        Decision::OverBudget { repay: 476_190_477 }
    );
    let (actions, stats) = rank(&pool, &[(Pubkey::new_unique(), pos)], &m, &cfg);
    assert!(actions.is_empty());
    assert_eq!(
        (stats.liquidatable, stats.over_budget, stats.blocked),
        (1, 1, 0)
    );
}

#[test]
fn the_budget_leaves_room_for_the_fee() {
    use lending_pool_strategy::strategy::budget_for_balance;
    for (balance, fee) in [
        (1_010u64, 100u16),
        (1_000_000, 100),
        (7, 1_000),
        (0, 100),
        (u64::MAX / 2, 37),
    ] {
        let r = budget_for_balance(balance, fee);
        let fee_paid = (r as u128 * fee as u128).div_ceil(10_000);
        assert!(r as u128 + fee_paid <= balance as u128, "{balance} {fee}");
        // and it is the largest such repayment
        let more = r + 1;
        let fee_more = (more as u128 * fee as u128).div_ceil(10_000);
        assert!(
            more as u128 + fee_more > balance as u128,
            "{balance} {fee}: {r} not maximal"
        );
    }
    assert_eq!(budget_for_balance(1_010, 100), 1_000);
}
