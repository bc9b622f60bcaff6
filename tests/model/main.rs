//! Model-level stateful property test: random sequences of operations by several LPs,
//! borrowers holding up to four collateral assets, a liquidator, a third party who
//! recapitalizes, insurance stakers (with a one-hour cooldown), anyone marking shortfalls
//! and the guardian, run on the program's own pure book-keeping (`Pool`,
//! `Position`, `InsuranceFund`) through the same `Pool` methods the handlers call (the
//! liquidation and settlement orchestration included), with token balances modelled around
//! it. After every step the SPEC invariants and the accounting identities are checked, and
//! every underwater position must still have a clearing path. The transaction-level version
//! runs against the bank in the integration suite (`suite/stories/random_walk/`); the two
//! share their invariant checkers (`lending_pool_tests::invariants`).
mod apply;
mod checks;
mod clearing;
mod exits;
mod ops;
mod setup;
mod staking;
mod stats;
mod world;

use lending_pool::state::STATUS_FROZEN;
use lending_pool_tests::invariants::{
    check_exit_price, check_pause_flags, check_share_price, check_status, gate, Action, Gate,
};
use ops::{op, Op, WIPE_OUT};
use proptest::{
    collection::vec,
    prelude::*,
    test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner},
};
use setup::ASSETS;
use stats::Stats;
use std::{cell::RefCell, io::Write, panic, time::Instant};
use world::World;

/// At least this many steps per run (issue 12), in cases of up to `MAX_OPS` operations:
/// long enough for a frozen pool's later life and its recovery. In the dev profile a run
/// takes about 30 s of CPU on the 2-core CI machine, so it needs no profile override (one
/// for this package would also rebuild every crate that depends on it).
const MIN_STEPS: u64 = 1_000_000;
const MAX_OPS: usize = 2_000;

/// A case: the liquidation fee, whether it starts wiped out, and the step at which the last
/// asset is delisted and its feed stops (a quarter of the cases).
#[derive(Clone, Copy, Debug)]
struct Start {
    fee_bps: u16,
    wiped_out: bool,
    dead_feed_at: Option<usize>,
}

/// One case: a fresh pool (or one wiped out by `WIPE_OUT`), then `ops`.
fn run_case(start: Start, ops: &[Op], stats: &mut Stats) -> Result<(), TestCaseError> {
    let Start {
        fee_bps,
        wiped_out,
        dead_feed_at,
    } = start;
    let mut w = World::new(fee_bps);
    w.check();
    if wiped_out {
        for op in &WIPE_OUT {
            w.step(op, stats)?;
        }
        prop_assert_eq!(w.pool.status, STATUS_FROZEN, "not wiped out");
        prop_assert_eq!(
            w.fund.share_epoch,
            1,
            "the staker's shares outlived the fund"
        );
    }
    for (i, op) in ops.iter().enumerate() {
        if dead_feed_at == Some(i) {
            w.stop_feed(ASSETS - 1);
        }
        w.step(op, stats)?;
    }
    stats.cases += 1;
    Ok(())
}

impl World {
    /// Applies `op` (reverted if it fails) and checks everything after it.
    fn step(&mut self, op: &Op, stats: &mut Stats) -> Result<(), TestCaseError> {
        self.settlement = None;
        let snapshot = self.clone();
        let ledger = self.fund.balance().unwrap();
        let uncovered = self.pool.uncovered_shortfall(ledger).unwrap() > 0;
        // the SPEC's gate, asked before: a frozen pool and a tripped breaker refuse what
        // they must, and debt-free collateral always comes out
        let gated = self.action(op).map(|a| gate(&self.pool, self.now, a));
        let result = self.apply(op);
        match gated {
            Some(Gate::Refused(e)) => {
                prop_assert!(result.is_err(), "{op:?} got past the gate ({e:?})")
            }
            Some(Gate::Passes) => prop_assert!(result.is_ok(), "{op:?} refused: {result:?}"),
            _ => {}
        }
        match result {
            Ok(settled_loss) => {
                let (before, s) = (&snapshot.pool, self.settlement);
                // the share price only falls in a settlement that wrote off LPs, or by a
                // deposit priced net of an uncovered mark
                let priced_net = uncovered && matches!(op, Op::Deposit { .. });
                let (supply0, supply1) = (snapshot.lp_supply, self.lp_supply);
                let may_fall = settled_loss || priced_net;
                check_share_price((before, supply0), (&self.pool, supply1), may_fall, op);
                // the exit price only falls when a loss becomes known
                let settled = self.pool.settlement_seq > before.settlement_seq;
                let exit0 = (before, &snapshot.fund, supply0);
                check_exit_price(exit0, (&self.pool, &self.fund, supply1), settled, op);
                // status and pause flags change only as the SPEC says
                let unfreeze = matches!(op, Op::Unfreeze);
                check_status(before, &self.pool, s.as_ref(), unfreeze, supply1);
                let set_pause = match *op {
                    Op::SetPause { flags, .. } => Some(flags),
                    _ => None,
                };
                check_pause_flags(before, &self.pool, self.now, set_pause, s.as_ref());
                stats.record(&snapshot, self, op);
            }
            Err(_) => *self = snapshot, // the transaction reverts
        }
        self.check();
        stats.cleared += self.check_clearing_paths(self.steps);
        self.steps += 1;
        stats.steps += 1;
        Ok(())
    }
}

impl World {
    /// What the gate rules on in `op`, as the world is before it.
    fn action(&self, op: &Op) -> Option<Action> {
        match *op {
            Op::Deposit { .. } => Some(Action::Deposit),
            Op::Borrow { .. } => Some(Action::Borrow),
            Op::DepositCollateral { .. } => Some(Action::DepositCollateral),
            Op::WithdrawCollateral { b, slot, amount } => {
                let pos = &self.positions[b];
                Some(Action::WithdrawCollateral {
                    with_debt: pos.scaled_debt.get() > 0,
                    within_holdings: amount > 0 && amount <= pos.collateral[slot],
                })
            }
            _ => None,
        }
    }
}

/// Runs `f` (which catches its panics) without the panic messages: shrinking replays a
/// failure thousands of times, and the minimal case fails again with its message.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let r = f();
    panic::set_hook(hook);
    r
}

/// proptest's shrinking deletes each operation once, before it shrinks the others, so a
/// failing case keeps many operations that no longer matter: delete them until none can go.
fn minimize(start: Start, mut ops: Vec<Op>) -> Vec<Op> {
    let fails = |ops: &[Op]| {
        panic::catch_unwind(|| run_case(start, ops, &mut Stats::default()))
            .map_or(true, |r| r.is_err())
    };
    loop {
        let len = ops.len();
        let mut i = 0;
        while i < ops.len() {
            let mut fewer = ops.clone();
            fewer.remove(i);
            if fails(&fewer) {
                ops = fewer;
            } else {
                i += 1;
            }
        }
        if ops.len() == len {
            return ops;
        }
    }
}

#[test]
fn random_operation_sequences_keep_the_books() {
    let start = Instant::now();
    let stats = RefCell::new(Stats::default());
    // liquidation fees of 0 to 2.5%; a quarter of the cases start wiped out, a quarter
    // lose the last asset's feed at some step
    let case = (
        (
            prop_oneof![Just(0u16), Just(100), Just(250)],
            prop::bool::weighted(0.25),
            prop::option::weighted(0.25, 0..MAX_OPS),
        )
            .prop_map(|(fee_bps, wiped_out, dead_feed_at)| Start {
                fee_bps,
                wiped_out,
                dead_feed_at,
            }),
        vec(op(), 1..=MAX_OPS),
    );
    // enough cases for the step count, and more if the lengths drawn fell short
    while stats.borrow().steps < MIN_STEPS {
        let remaining = MIN_STEPS - stats.borrow().steps;
        let mut runner = TestRunner::new(Config {
            cases: (remaining * 11 / 10 / (MAX_OPS as u64 / 2)) as u32 + 1,
            // the default scales with `cases`; a long case shrinks in a few thousand
            max_shrink_iters: 50_000,
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
                "proptest-regressions",
            ))),
            source_file: Some(file!()),
            ..Config::default()
        });
        let result = quietly(|| {
            runner.run(&case, |(start, ops)| {
                run_case(start, &ops, &mut stats.borrow_mut())
            })
        });
        if let Err(e) = result {
            let TestError::Fail(_, (start, ops)) = e else {
                panic!("{e}")
            };
            let ops = quietly(|| minimize(start, ops));
            eprintln!(
                "minimal failing case: {start:?}, {} ops: {ops:#?}",
                ops.len()
            );
            // fails again, with its own message
            run_case(start, &ops, &mut Stats::default()).unwrap();
        }
    }
    let s = stats.into_inner();
    // straight to stderr, not `eprintln!`: the test harness captures that for passing tests,
    // and CI logs should show how much the run covered
    writeln!(
        std::io::stderr(),
        "model: {} steps in {} cases, {:.1?}; {} liquidations, {} settlements ({} with LP \
         losses), {} breaker trips, {} freezes, {} recapitalizations, {} unfreezes, {} \
         underwater positions cleared on copies; {} stakes, {} unstake requests, {} cancels \
         ({} burning a gain), {} unstakes ({} paid short of the request), {} marks set, {} \
         mark changes, {} share epochs; {} guardian pauses, {} lapsed; {} slots retired, {} \
         settlements forfeiting retired holdings; {} exit requests, {} completed ({} paid short of \
         the request), {} cancelled",
        s.steps,
        s.cases,
        start.elapsed(),
        s.liquidations,
        s.settlements,
        s.losses,
        s.breaker_trips,
        s.freezes,
        s.recapitalizations,
        s.unfreezes,
        s.cleared,
        s.stakes,
        s.requests,
        s.cancels,
        s.burning_cancels,
        s.unstakes,
        s.short_unstakes,
        s.marks,
        s.mark_changes,
        s.epochs,
        s.guardian_pauses,
        s.pause_lapses,
        s.retirements,
        s.forfeits,
        s.exit_requests,
        s.exits_completed,
        s.exits_short,
        s.exits_cancelled,
    )
    .unwrap();
}
