//! The decision library's property test: plans the program accepts, for any position.
use crate::fixtures::*;
use lending_pool_sdk::{
    constants::{pause, WAD},
    math::PriceMode,
};
use lending_pool_strategy::{Decision, StrategyConfig};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Whatever the position (one to four assets, some of them dust) and however far each
    /// asset falls: a plan is accepted by the program with exactly the planned payout, no
    /// request size earns more than the plan, and an underwater position, unless liquidation
    /// is paused, is never reported blocked or unprofitable (within a budget: liquidated or
    /// over budget), and the bot's plans, carried out by the program one after another, clear
    /// it: no debt, and no collateral but untouched dust when the last one-unit repayment
    /// was all that was owed.
    #[test]
    fn plans_are_accepted_and_no_size_beats_them(
        // per slot: none, dust (one unit) or a holding of that many dollars at the start
        kinds in prop::array::uniform4(0u8..3),
        dollars in prop::array::uniform4(10u64..100_000),
        debt_pct in 50u64..=100,
        // per slot: the price after the crash, in % of the start
        crash_pct in prop::array::uniform4(1i64..=100),
        pause_flags in proptest::sample::select(vec![0, pause::BREAKER, pause::LIQUIDATE]),
        probe in 1u64..u64::MAX,
    ) {
        let mut pool = pool();
        let mut collateral: [u64; 4] =
            std::array::from_fn(|slot| holding(&pool, slot, kinds[slot], dollars[slot]));
        if collateral == [0; 4] {
            // nothing at all: hold the first asset instead
            collateral[0] = holding(&pool, 0, 2, dollars[0]);
        }
        // borrowed `debt_pct` of the borrow limit at the start (at least one base unit)
        let mut pos = position4(&mut pool, collateral, 0);
        let limit = pool.position_health(&pos, &market4(START).prices, PriceMode::Spot)
            .unwrap()
            .borrow_limit;
        // (at least the pool's minimum debt)
        let debt = ((limit / (WAD / USDC as u128) * debt_pct as u128 / 100) as u64)
            .max(pool.config.min_debt);
        pool.borrow(&mut pos, debt).unwrap();
        pool.pause_flags = pause_flags;
        let m = market4(std::array::from_fn(|slot| START[slot] / 100 * crash_pct[slot]));
        let h = pool.position_health(&pos, &m.prices, PriceMode::Spot).unwrap();
        let cfg = StrategyConfig::default();
        let decision = lending_pool_strategy::decide(&pool, &pos, &m, &cfg);
        // a smaller budget never earns more, and underwater it is never blocked
        let request = probe % (debt * 2) + 1;
        let budget = StrategyConfig { max_repay: request, ..cfg };
        let smaller = lending_pool_strategy::decide(&pool, &pos, &m, &budget);
        if let (Decision::Liquidate(plan), Decision::Liquidate(smaller)) = (decision, smaller) {
            prop_assert!(smaller.profit_wad <= plan.profit_wad,
                "{} > {}", smaller.profit_wad, plan.profit_wad);
        }
        match decision {
            Decision::Healthy { .. } => prop_assert!(!h.is_liquidatable()),
            // not underwater, a slot of a few indivisible units can be out of reach: the close
            // factor's share of the debt plus the bonus rounds down to no unit at all
            Decision::Blocked => {
                prop_assert!(pause_flags == pause::LIQUIDATE || !h.is_underwater())
            }
            Decision::Liquidate(_) | Decision::Unprofitable { .. } => {}
            other => prop_assert!(false, "unexpected {:?}", other),
        }
        if !h.is_underwater() || pause_flags == pause::LIQUIDATE {
            // the plan is what the program pays
            if let Decision::Liquidate(plan) = decision {
                let (mut p2, mut pos2) = (pool, pos);
                let out = program_liquidate(&mut p2, &mut pos2, plan.slot as usize, plan.repay,
                    plan.min_collateral_out, &m).unwrap();
                prop_assert_eq!((out.repaid, out.collateral_out, out.fee),
                    (plan.repay, plan.collateral_out, plan.fee));
            }
            return Ok(());
        }
        prop_assert!(matches!(smaller, Decision::Liquidate(_) | Decision::OverBudget { .. }),
            "underwater within a budget of {}: {:?}", request, smaller);
        // underwater: the bot's plans, one after another, clear it
        let (mut p2, mut pos2) = (pool, pos);
        for step in 0.. {
            prop_assert!(step < 64, "not cleared: {:?}", pos2);
            match lending_pool_strategy::decide(&p2, &pos2, &m, &cfg) {
                Decision::Empty => break,
                // one base unit repaid for a dust slot can be all that was owed: what the
                // position still holds is its owner's
                Decision::Healthy { health_wad: u128::MAX } => break,
                Decision::Liquidate(plan) => {
                    let out = program_liquidate(&mut p2, &mut pos2, plan.slot as usize,
                        plan.repay, plan.min_collateral_out, &m).unwrap();
                    prop_assert_eq!((out.repaid, out.collateral_out, out.fee),
                        (plan.repay, plan.collateral_out, plan.fee));
                }
                // after a step, units of dust can leave a position liquidatable whose only
                // plan loses rounding while its collateral still covers its debt (not
                // underwater): nobody bears a loss, and it is not worth a transaction
                Decision::Unprofitable { best_profit_wad } if step > 0 => {
                    let h = p2.position_health(&pos2, &m.prices, PriceMode::Spot).unwrap();
                    prop_assert!(!h.is_underwater(), "underwater left unprofitable: {:?}", pos2);
                    prop_assert!(best_profit_wad > -(WAD as i128) / 1_000_000, "{}", best_profit_wad);
                    prop_assert!(pos2.debt(p2.borrow_index.get()).unwrap() <= 4, "{:?}", pos2);
                    return Ok(());
                }
                other => prop_assert!(false, "step {}: {:?} for {:?}", step, other, pos2),
            }
        }
        prop_assert_eq!((pos2.scaled_debt.get(), p2.total_scaled_debt.get()), (0, 0));
        let dust_or_none = pos2.collateral.iter().zip(collateral).all(|(&l, c)| l == 0 || l == c && c == 1);
        prop_assert!(dust_or_none, "{:?}", pos2.collateral);
    }
}
