//! Which shortfalls the bot marks after a round, checked against the program's own
//! `Pool::shortfall_at` and `Pool::set_mark` (what `mark_shortfall` runs).
use crate::fixtures::*;
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{math::PriceMode, state::Position, PoolAddresses};
use lending_pool_strategy::{
    marks::{plan_marks, shortfall_now, MarkConfig},
    scan::BotAccounts,
    Action, RoundPlan, StrategyConfig,
};
use proptest::prelude::*;
use std::collections::HashSet;

fn keyed(positions: &[Position]) -> Vec<(Pubkey, Position)> {
    positions
        .iter()
        .map(|p| (Pubkey::new_unique(), *p))
        .collect()
}

/// $1,100 owed on 10 SOL at $50: the collateral repays $500 / 1.05 = 476.190476 and the
/// liquidation pays the fund 1% on it, 480.952380 in all (down), so LPs and insurance would
/// lose 619.047620; that is the mark.
#[test]
fn an_underwater_position_the_round_left_is_marked_at_its_shortfall() {
    let mut pool = pool();
    let pos = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let m = market(50 * DOLLAR, DOLLAR);
    assert_eq!(shortfall_now(&pool, &pos, &m), Some(619_047_620));
    let positions = keyed(&[pos]);
    let plans = plan_marks(
        &pool,
        &positions,
        &m,
        &HashSet::new(),
        &MarkConfig::default(),
    );
    assert_eq!(plans.len(), 1);
    assert_eq!(
        (plans[0].position, plans[0].mark_before, plans[0].shortfall),
        (positions[0].0, 0, 619_047_620)
    );
    assert!(!plans[0].releases());
    // a position the round liquidated is the program's to re-mark
    let acted = HashSet::from([positions[0].0]);
    assert!(plan_marks(&pool, &positions, &m, &acted, &MarkConfig::default()).is_empty());
}

#[test]
fn stale_marks_are_corrected_and_healed_positions_released() {
    let mut pool = pool();
    let mut crashed = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let mut healed = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let mut exact = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let fresh = position(&mut pool, 100 * SOL, 0, 1_000 * USDC);
    let at_50 = market(50 * DOLLAR, DOLLAR);
    // marked at $50 earlier; SOL is now $40 (deeper), back to $150 (healthy) or still $50
    pool.set_mark(&mut crashed, 619_047_620, NOW).unwrap();
    pool.set_mark(&mut healed, 619_047_620, NOW).unwrap();
    pool.set_mark(&mut exact, 619_047_620, NOW).unwrap();
    let m = market(40 * DOLLAR, DOLLAR);
    let mut healthy_market = market(150 * DOLLAR, DOLLAR);
    healthy_market.prices.collateral[1] = None; // unused slot
    let (kc, kh, ke, kf) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let none = HashSet::new();
    let cfg = MarkConfig::default();
    // at $40: 400 / 1.05 × 1.01 = 384.761904 recovered, 715.238096 lost
    let plans = plan_marks(&pool, &[(kc, crashed), (kf, fresh)], &m, &none, &cfg);
    assert_eq!(plans.len(), 1, "{plans:?}");
    assert_eq!(
        (plans[0].position, plans[0].mark_before, plans[0].shortfall),
        (kc, 619_047_620, 715_238_096)
    );
    assert_eq!(plans[0].change(), 715_238_096 - 619_047_620);
    // healthy again: the mark is released
    let plans = plan_marks(&pool, &[(kh, healed)], &healthy_market, &none, &cfg);
    assert_eq!(plans.len(), 1);
    assert!(plans[0].releases());
    assert_eq!(plans[0].change(), -619_047_620);
    // a mark equal to the shortfall now is left alone
    assert!(plan_marks(&pool, &[(ke, exact)], &at_50, &none, &cfg).is_empty());
    // within the tolerance too, but a move past it is re-marked
    let loose = MarkConfig {
        tolerance: 100_000_000,
    };
    assert!(plan_marks(&pool, &[(kc, crashed)], &m, &none, &loose).is_empty());
    let tight = MarkConfig {
        tolerance: 95_000_000,
    };
    assert_eq!(
        plan_marks(&pool, &[(kc, crashed)], &m, &none, &tight).len(),
        1
    );
    // a position missing a price is not guessed at
    let mut unpriced = m;
    unpriced.prices.collateral[0] = None;
    assert!(plan_marks(&pool, &[(kc, crashed)], &unpriced, &none, &cfg).is_empty());
    // the fresh position is healthy and unmarked: nothing to do
    assert_eq!(shortfall_now(&pool, &fresh, &m), Some(0));
}

/// Out of inventory: the round liquidates what it can pay for; the rest is marked, largest
/// change first, and the mark instruction prices the position with its held slots' oracles.
#[test]
fn what_the_inventory_cannot_clear_is_marked_largest_first() {
    let mut pool = pool();
    let small = position(&mut pool, 10 * SOL, 0, 1_100 * USDC);
    let large = position(&mut pool, 20 * SOL, 0, 2_200 * USDC);
    let two_slots = position(&mut pool, 10 * SOL, 100 * USDC, 1_100 * USDC);
    let m = market(50 * DOLLAR, DOLLAR);
    let positions = keyed(&[small, large, two_slots]);
    // enough for one whole-slot liquidation of the large position, not for a second
    let mut round = RoundPlan::plan(
        &pool,
        &positions,
        &m,
        &StrategyConfig::default(),
        1_000 * USDC,
    );
    let mut acted = HashSet::new();
    for action in round.actions.clone() {
        if round.reserve(&action) {
            acted.insert(action.position());
        }
    }
    assert_eq!(acted.len(), 1, "{:?}", round.actions);
    let plans = round.marks(&pool, &m, &acted, &MarkConfig::default());
    let marked: HashSet<Pubkey> = plans.iter().map(|p| p.position).collect();
    assert_eq!(marked.len(), 2);
    assert!(marked.is_disjoint(&acted));
    assert!(plans[0].change() >= plans[1].change());
    for p in &plans {
        let pos = positions.iter().find(|(k, _)| *k == p.position).unwrap().1;
        assert_eq!(Some(p.shortfall), shortfall_now(&pool, &pos, &m));
    }
    // the instruction: marker, pool, position, base oracle, the event authority and the
    // program (events are self-CPIs), then one oracle per held slot
    let addrs = PoolAddresses::derive(&Pubkey::new_unique(), &Pubkey::new_unique());
    let oracles = [Pubkey::new_unique(), Pubkey::new_unique()];
    let bot = BotAccounts {
        liquidator: Pubkey::new_unique(),
        base: Pubkey::new_unique(),
        base_oracle: Pubkey::new_unique(),
        oracle_of_slot: &oracles,
    };
    for p in &plans {
        let ix = round.mark_instruction(p, &addrs, &pool, &bot);
        let keys: Vec<Pubkey> = ix.accounts.iter().map(|a| a.pubkey).collect();
        assert_eq!(
            keys[..6],
            [
                bot.liquidator,
                addrs.pool,
                p.position,
                bot.base_oracle,
                lending_pool_sdk::pda::event_authority(),
                lending_pool_sdk::PROGRAM_ID
            ]
        );
        let held = if p.position == positions[2].0 { 2 } else { 1 };
        assert_eq!(keys[6..], oracles[..held]);
    }
    assert!(round
        .actions
        .iter()
        .all(|a| matches!(a, Action::Liquidate { .. })));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the positions, their old marks and the prices: after the planned marks are
    /// booked by the program's `set_mark`, every position the round did not act on and
    /// could price carries exactly its shortfall now (no tolerance), the pool's marked
    /// shortfall is the sum of the marks, and a second plan finds nothing to do.
    #[test]
    fn booked_plans_leave_every_mark_at_its_shortfall(
        holdings in prop::collection::vec((prop::array::uniform4(0u8..3), 10u64..10_000), 1..5),
        debt_pct in prop::collection::vec(0u64..=100, 5),
        old_marks in prop::collection::vec(0u64..2_000 * USDC, 5),
        acted_mask in 0u8..32,
        crash_pct in prop::array::uniform4(1i64..=120),
        unpriced in 0usize..6,
    ) {
        let mut pool = pool();
        let mut positions = vec![];
        for (i, (kinds, dollars)) in holdings.iter().enumerate() {
            let collateral: [u64; 4] =
                std::array::from_fn(|s| holding(&pool, s, kinds[s], *dollars));
            let mut pos = position4(&mut pool, collateral, 0);
            let limit = pool.position_health(&pos, &market4(START).prices, PriceMode::Spot)
                .unwrap()
                .borrow_limit;
            let debt = (limit / (lending_pool_sdk::constants::WAD / USDC as u128)
                * debt_pct[i] as u128 / 100) as u64;
            if debt >= pool.config.min_debt {
                pool.borrow(&mut pos, debt).unwrap();
                let mark = old_marks[i].min(debt);
                pool.set_mark(&mut pos, mark, NOW).unwrap();
            }
            positions.push((Pubkey::new_unique(), pos));
        }
        let mut m = market4(std::array::from_fn(|s| START[s] / 100 * crash_pct[s]));
        if unpriced < 4 {
            m.prices.collateral[unpriced] = None;
        }
        let acted: HashSet<Pubkey> = positions
            .iter()
            .enumerate()
            .filter(|(i, _)| acted_mask & (1 << i) != 0)
            .map(|(_, (k, _))| *k)
            .collect();
        let cfg = MarkConfig::default();
        let plans = plan_marks(&pool, &positions, &m, &acted, &cfg);
        for w in plans.windows(2) {
            prop_assert!(w[0].change().unsigned_abs() >= w[1].change().unsigned_abs());
        }
        for plan in &plans {
            prop_assert!(!acted.contains(&plan.position));
            let (_, pos) = positions.iter_mut().find(|(k, _)| *k == plan.position).unwrap();
            prop_assert_eq!(plan.mark_before, pos.marked_shortfall);
            let change = pool.set_mark(pos, plan.shortfall, m.now).unwrap();
            prop_assert_eq!(change.position_after, plan.shortfall);
        }
        let sum: u64 = positions.iter().map(|(_, p)| p.marked_shortfall).sum();
        prop_assert_eq!(pool.marked_shortfall, sum);
        for (key, pos) in &positions {
            if acted.contains(key) {
                continue;
            }
            match shortfall_now(&pool, pos, &m) {
                Some(s) => prop_assert_eq!(pos.marked_shortfall, s),
                None => prop_assert!(pool.priced_slots(pos).contains(&unpriced)),
            }
        }
        prop_assert!(plan_marks(&pool, &positions, &m, &acted, &cfg).is_empty());
    }
}
