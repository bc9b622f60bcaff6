//! The transaction-level random walk (issue 12, "Reliability"): thousands of real
//! transactions on the SBF binary against one pool with four collateral assets (0, 8, 9 and
//! 18 decimals, bonuses from 5% to 15%), several LPs, borrowers holding mixed collateral and
//! liquidators, through price moves and crashes, warps, liquidations (of a chosen slot, and
//! underwater positions emptied slot by slot), settlements, insurance flows, donations to
//! every vault, pauses, the circuit breaker, freezes, recapitalization and unfreezing, and
//! insurance stakers (stake, request, cancel, unstake past a one-hour cooldown) with
//! marked shortfalls (`mark_shortfall`, re-marks, deposits into marked positions).
//!
//! After every transaction the walk checks:
//! - its outcome is the one the program's own `Pool` methods, run natively on the same
//!   accounts, prices and clock, give: the same error code, or exactly the same pool, fund
//!   and position bytes, LP supply and token movements;
//! - a failed transaction wrote none of its writable accounts;
//! - the books reconcile with the bank (`assert_books`) and, counting the walk's direct
//!   donations, equal every vault exactly; the positions add up to the pool's totals;
//!   tokens are conserved per mint across all users and vaults;
//! - the pool freezes only when a settlement leaves the share price below the freeze floor
//!   and reopens only by `unfreeze` at the floor; pause flags change only by `set_pause`
//!   (within the guardian's bounds), a lapse of the guardian's, or a tripping breaker; LPs lose only
//!   once the insurance fund is empty, and its shares die with it (a new share epoch);
//! - the insurance shares: Σ stakes' shares + the protocol's = the fund's total, Σ cooldown
//!   shares = the fund's; together they are worth the fund's net value less only the
//!   rounding (one virtual share's worth and a unit per holder); a request is worth its
//!   shares' net value then, a payout `min(value at request, value now)`, a cancel keeps
//!   no cooldown gain; the stakers' ledgers match the fund's and their wallets;
//! - Σ position marks = the pool's marked shortfall, and no mark exceeds its debt;
//! - the LP share price falls only in a settlement that writes LPs down (or a deposit priced
//!   net of an uncovered mark), the exit price only when a loss becomes known;
//! - an underwater position can be emptied slot by slot and its remainder settled.
//!
//! All but the first two are the model test's checks too: both call the one implementation
//! in `lending_pool_tests::invariants` (tests/src/invariants).
//!
//! The walk keeps a copy of every account it tracks and re-reads only what a transaction
//! could have written (its writable accounts); at the end of each case the whole copy is
//! compared with the bank, so nothing changed behind the walk's back.
mod checks;
mod clearing;
mod drive;
mod ops;
mod predict;
mod predict_insurance;
mod setup;
mod stats;
mod steps;
mod world;

use proptest::test_runner::{Config, TestRunner};
use stats::Stats;
use std::{cell::RefCell, io::Write, time::Instant};
use steps::{step, Step};
use world::Walk;

/// Cases × steps: sized for at least `MIN_TRANSACTIONS` per run (each case also starts a
/// bank and sets up ~150 accounts, which is not counted).
const CASES: u32 = 40;
const STEPS: usize = 500;
const MIN_TRANSACTIONS: u64 = 5_000;

async fn walk(steps: Vec<Step>) -> Stats {
    let mut w = Walk::new().await;
    for s in &steps {
        w.step(s).await;
    }
    w.verify_copy().await;
    w.stats
}

/// The walk: `CASES` random sequences of `STEPS` steps, each on a fresh bank. Failures are
/// persisted by proptest (and `PROPTEST_RNG_SEED` fixes the seed); every walk is
/// deterministic given its steps.
#[test]
fn random_transactions_keep_the_books() {
    let config = Config {
        cases: CASES,
        // a failing walk reruns in a few seconds; bound the shrinking, not the search
        max_shrink_iters: 256,
        source_file: Some(file!()),
        ..Config::default()
    };
    let total = RefCell::new(Stats::default());
    let start = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(step(), STEPS), |steps| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let stats = rt.block_on(walk(steps));
        total.borrow_mut().add(&stats);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let t = *total.borrow();
    // straight to stderr, not `eprintln!`: the test harness captures that for passing tests,
    // and CI logs should show how many transactions the run sent
    let _ = writeln!(
        std::io::stderr(),
        "random walk: {CASES} cases x {STEPS} steps: {} transactions sent, {} succeeded, \
         in {:.1?} ({} liquidations, {} settlements, {} underwater positions cleared, \
         {} freezes, {} recapitalizations, {} unfreezes, {} breaker trips, {} breaker resets; \
         {} stakes, {} unstake requests, {} cancels, {} unstakes, {} marks, {} deposits into \
         marked positions, {} share epochs; {} slots retired, {} settlements forfeiting retired \
         holdings; {} exit requests, {} completed, {} cancelled)",
        t.sent,
        t.ok,
        start.elapsed(),
        t.liquidations,
        t.settlements,
        t.cleared,
        t.freezes,
        t.recapitalizations,
        t.unfreezes,
        t.breaker_trips,
        t.breaker_resets,
        t.stakes,
        t.requests,
        t.cancels,
        t.unstakes,
        t.marks,
        t.marked_deposits,
        t.epochs,
        t.retirements,
        t.forfeits,
        t.exit_requests,
        t.exits_completed,
        t.exits_cancelled,
    );
    assert!(
        t.sent >= MIN_TRANSACTIONS,
        "the walk sent {} transactions, fewer than {MIN_TRANSACTIONS}",
        t.sent
    );
}
