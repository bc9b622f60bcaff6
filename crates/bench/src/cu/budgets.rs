//! Each measured row's compute-unit budget (the ceiling CI enforces) and target. Targets are
//! issue 30's: deposit 7,500, withdraw and redeem 7,800, a borrow accruing a day 11,000, a
//! repayment 8,500, a liquidation with settlement 16,000, and every other row 80% of what it
//! cost before that pass (rounded down to 100). A row at or below its target has the
//! target as its budget; a row above it has its measurement plus 5%, rounded up to 100,
//! never above its previous budget. Each row's estimated floor is computed from the
//! transaction itself (`floor.rs`).

/// `(instruction, scenario, budget, target)`.
const BUDGETS: &[(&str, &str, u64, u64)] = &[
    (
        "init_pool",
        "creates pool, 2 vaults, LP mint, insurance fund",
        37_900,
        29_900,
    ),
    ("deposit", "first deposit (empty pool)", 9_600, 7_500),
    ("deposit", "later deposit", 9_700, 7_500),
    (
        "deposit",
        "marked shortfall larger than the insurance",
        9_700,
        7_500,
    ),
    ("withdraw", "exact assets out", 10_100, 7_800),
    ("redeem", "exact shares in", 9_900, 7_800),
    (
        "request_exit",
        "stressed: creates the request and its escrow",
        22_600,
        18_100,
    ),
    (
        "cancel_exit",
        "shares back, both accounts closed",
        9_400,
        7_900,
    ),
    (
        "complete_exit",
        "after the delay, accrues it; both accounts closed",
        16_300,
        13_900,
    ),
    ("fund_insurance", "donation", 6_400, 5_700),
    (
        "add_collateral",
        "creates the collateral vault",
        15_900,
        12_900,
    ),
    ("open_position", "creates the position PDA", 9_400, 7_800),
    ("deposit_collateral", "", 6_400, 5_700),
    (
        "deposit_collateral",
        "marked position: re-marks, two collateral assets",
        12_800,
        11_200,
    ),
    (
        "borrow",
        "two collateral assets, first borrow",
        12_300,
        10_300,
    ),
    (
        "borrow",
        "two collateral assets, accrues a day of interest",
        14_700,
        11_000,
    ),
    (
        "repay",
        "partial, accrues an hour of interest",
        10_300,
        8_500,
    ),
    (
        "position_health",
        "view, two collateral assets",
        8_600,
        6_700,
    ),
    (
        "withdraw_collateral",
        "with debt, two collateral assets",
        10_700,
        9_000,
    ),
    ("accrue_interest", "one minute", 3_700, 3_400),
    ("sweep_insurance", "", 6_100, 5_400),
    ("close_position", "", 3_200, 3_000),
    (
        "liquidate",
        "partial (close factor), no settlement",
        18_700,
        15_400,
    ),
    (
        "liquidate",
        "to zero collateral + automatic settlement",
        21_900,
        16_000,
    ),
    (
        "liquidate",
        "four collateral assets, underwater: all of one slot",
        26_200,
        21_800,
    ),
    (
        "liquidate",
        "last of four slots + automatic settlement",
        22_500,
        19_000,
    ),
    ("preview_settle", "view", 5_500, 4_300),
    (
        "settle_bad_debt",
        "insurance + LP write-down, accrues an hour",
        11_700,
        10_400,
    ),
    ("update_config", "admin", 3_600, 3_500),
    ("update_collateral", "admin", 3_100, 2_900),
    (
        "retire_collateral",
        "admin, delisted slot a day without a price",
        2_800,
        2_700,
    ),
    ("set_pause", "guardian", 2_800, 2_700),
    ("set_guardian", "admin", 2_700, 2_700),
    ("transfer_admin", "propose", 2_700, 2_700),
    ("accept_admin", "accept", 2_700, 2_600),
    (
        "recapitalize",
        "frozen pool, restores LP equity",
        7_800,
        6_700,
    ),
    ("unfreeze", "guardian, after recapitalize", 3_700, 3_500),
    ("open_stake", "creates the stake PDA", 6_000, 4_700),
    (
        "stake",
        "first stake: mints the protocol's shares",
        7_700,
        6_700,
    ),
    ("stake", "later stake", 7_700, 6_700),
    ("request_unstake", "accrues a day of interest", 6_700, 6_300),
    ("cancel_unstake", "after a gain: burns shares", 6_800, 6_300),
    (
        "unstake",
        "after the cooldown, sweeps pending interest",
        12_400,
        11_400,
    ),
    (
        "unstake",
        "after the cooldown, nothing to sweep",
        8_100,
        7_100,
    ),
    ("close_stake", "empty stake, rent back", 3_600, 3_400),
    ("mark_shortfall", "one collateral asset", 7_000, 6_000),
    ("mark_shortfall", "two collateral assets", 8_200, 7_000),
    ("preview_mark", "view, two collateral assets", 7_800, 6_100),
    (
        "flash_borrow",
        "lends the repayment, sysvar pairing",
        8_700,
        7_400,
    ),
    ("flash_repay", "loan and fee back", 5_800, 5_100),
    (
        "flash liquidation",
        "flash_borrow + liquidate to zero (settles) + flash_repay, one transaction",
        36_400,
        31_200,
    ),
];

/// The budget and the target of `instruction` in `scenario`, if the row is listed.
pub fn budget(instruction: &str, scenario: &str) -> Option<(u64, u64)> {
    BUDGETS
        .iter()
        .find(|(i, s, _, _)| *i == instruction && *s == scenario)
        .map(|&(_, _, budget, target)| (budget, target))
}
