//! Compute units are deterministic for a given binary, so every row's budget is checked here
//! (the table in docs/compute-units.md and the 5% regression gate are the `cu-bench` binary's).
use lending_pool_bench::cu::measure_all;

#[tokio::test]
async fn every_instruction_stays_within_its_compute_budget() {
    let rows = measure_all().await;
    for name in [
        "init_pool",
        "deposit",
        "withdraw",
        "redeem",
        "fund_insurance",
        "update_config",
        "set_pause",
        "set_guardian",
        "transfer_admin",
        "accept_admin",
        "add_collateral",
        "open_position",
        "deposit_collateral",
        "withdraw_collateral",
        "borrow",
        "repay",
        "close_position",
        "accrue_interest",
        "sweep_insurance",
        "position_health",
        "liquidate",
        "settle_bad_debt",
        "preview_settle",
        "update_collateral",
        "recapitalize",
        "unfreeze",
        "open_stake",
        "stake",
        "request_unstake",
        "cancel_unstake",
        "unstake",
        "mark_shortfall",
        "preview_mark",
        "retire_collateral",
        "request_exit",
        "complete_exit",
        "cancel_exit",
        "flash_borrow",
        "flash_repay",
        "flash liquidation",
    ] {
        assert!(
            rows.iter().any(|m| m.instruction == name),
            "{name} not measured"
        );
    }
    // the scenarios the staking and marking issue asked for, each measured
    for (name, scenario) in [
        ("unstake", "sweeps pending interest"),
        ("unstake", "nothing to sweep"),
        ("mark_shortfall", "one collateral asset"),
        ("mark_shortfall", "two collateral assets"),
        ("deposit", "marked shortfall"),
        ("request_exit", "stressed"),
        ("complete_exit", "after the delay"),
        ("cancel_exit", "shares back"),
        ("deposit_collateral", "marked position"),
    ] {
        assert!(
            rows.iter()
                .any(|m| m.instruction == name && m.scenario.contains(scenario)),
            "{name} ({scenario}) not measured"
        );
    }
    for m in &rows {
        assert!(m.compute_units > 0);
        assert!(
            m.budget.is_some() && m.target.is_some(),
            "{} ({}) has no budget and target in bench/budgets.rs",
            m.instruction,
            m.scenario
        );
        if let Some(b) = m.budget {
            assert!(
                m.compute_units <= b,
                "{} ({}) used {} CU, budget {b}",
                m.instruction,
                m.scenario,
                m.compute_units
            );
        }
    }
}
