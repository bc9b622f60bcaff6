//! Paying for liquidations: the inventory first, a flash loan from the pool after.
use super::fixtures::*;
use anchor_lang::prelude::Pubkey;
use lending_pool_strategy::{FlashTerms, Funding, RoundPlan, StrategyConfig};

#[test]
fn the_inventory_pays_while_it_lasts_then_a_flash_loan_pays() {
    let mut pool = pool();
    let positions: Vec<_> = (0..2)
        .map(|_| {
            (
                Pubkey::new_unique(),
                position(&mut pool, 10 * SOL, 0, 1_100 * USDC),
            )
        })
        .collect();
    let terms = FlashTerms::of(&pool).expect("the example pool lends");
    assert_eq!(terms.fee_bps, pool.config.flash_fee_bps);
    assert_eq!(terms.limit, pool.flash_loan_limit().unwrap());
    let market = market(135 * DOLLAR, DOLLAR);
    let cfg = StrategyConfig::default();
    // enough for one liquidation, not two
    let one = {
        let probe = RoundPlan::plan(&pool, &positions, &market, &cfg, u64::MAX);
        probe.actions[0].cost()
    };
    let mut plan = RoundPlan::plan_funded(&pool, &positions, &market, &cfg, one, Some(terms));
    assert_eq!(plan.actions.len(), 2);
    let first = plan.actions[0];
    let second = plan.actions[1];
    assert_eq!(plan.fund(&first), Some(Funding::Inventory));
    assert_eq!(plan.balance(), 0);
    let cost = second.cost();
    // 9 bps of the repayment and the fee, rounded up
    let fee = (cost as u128 * 9).div_ceil(10_000) as u64;
    assert_eq!(
        plan.fund(&second),
        Some(Funding::FlashLoan { amount: cost, fee })
    );

    // a bot without flash loans skips the second
    let mut plan = RoundPlan::plan_funded(&pool, &positions, &market, &cfg, one, None);
    assert_eq!(
        plan.fund(&plan.actions[0].clone()),
        Some(Funding::Inventory)
    );
    assert_eq!(plan.fund(&plan.actions[1].clone()), None);
}

#[test]
fn a_flash_only_bot_sizes_repayments_to_the_pools_loan_limit() {
    let mut pool = pool();
    // the pool lends at most 1,000 USDC per transaction
    pool.config.flash_loan_cap_bps = 1;
    let terms = FlashTerms::of(&pool).unwrap();
    assert_eq!(terms.limit, 1_000 * USDC);
    let positions = vec![(
        Pubkey::new_unique(),
        position(&mut pool, 100 * SOL, 0, 11_000 * USDC),
    )];
    let market = market(135 * DOLLAR, DOLLAR);
    let mut plan = RoundPlan::plan_funded(
        &pool,
        &positions,
        &market,
        &StrategyConfig::default(),
        0,
        Some(terms),
    );
    let action = plan.actions[0];
    assert!(
        action.cost() <= terms.limit,
        "{} within {}",
        action.cost(),
        terms.limit
    );
    assert!(
        matches!(plan.fund(&action), Some(Funding::FlashLoan { amount, .. }) if amount == action.cost())
    );
    // flash loans switched off: nothing is lent
    pool.config.flash_loan_cap_bps = 0;
    assert_eq!(FlashTerms::of(&pool), None);
}
