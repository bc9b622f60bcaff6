//! Each measured row's compute-unit budget (the ceiling CI enforces) and target. Targets are
//! issue 14's (60% of what the rows cost before its compute pass; the same spirit where it
//! named none). A row at or below its target has the target as its budget; a row above it
//! has its measurement plus 5%, rounded up to 100, until the pass reaches the target.
//! Issue 15 moved every event into a self-CPI (`emit_cpi!`; docs/engineering/compute.md):
//! each row's budget and target rose by exactly what that cost it when measured (about
//! 1,700–1,900 CU per event), rounded up to 100.

/// `(instruction, scenario, budget, target)`.
const BUDGETS: &[(&str, &str, u64, u64)] = &[
    (
        "init_pool",
        "creates pool, 2 vaults, LP mint, insurance fund",
        39_100,
        23_200,
    ),
    ("deposit", "first deposit (empty pool)", 12_000, 12_000),
    ("deposit", "later deposit", 12_000, 12_000),
    (
        "deposit",
        "marked shortfall larger than the insurance",
        12_000,
        12_000,
    ),
    ("withdraw", "exact assets out", 12_200, 12_200),
    ("redeem", "exact shares in", 12_200, 12_200),
    (
        "request_exit",
        "stressed: creates the request and its escrow",
        23_900,
        23_900,
    ),
    (
        "cancel_exit",
        "shares back, both accounts closed",
        10_500,
        10_500,
    ),
    (
        "complete_exit",
        "after the delay, accrues it; both accounts closed",
        18_400,
        18_400,
    ),
    ("fund_insurance", "donation", 7_400, 6_200),
    (
        "add_collateral",
        "creates the collateral vault",
        16_800,
        10_500,
    ),
    ("open_position", "creates the position PDA", 10_300, 6_800),
    ("deposit_collateral", "", 7_200, 5_900),
    (
        "deposit_collateral",
        "marked position: re-marks, two collateral assets",
        14_400,
        14_400,
    ),
    (
        "borrow",
        "two collateral assets, first borrow",
        17_000,
        17_000,
    ),
    (
        "borrow",
        "two collateral assets, accrues a day of interest",
        18_400,
        18_400,
    ),
    (
        "repay",
        "partial, accrues an hour of interest",
        12_400,
        12_400,
    ),
    (
        "position_health",
        "view, two collateral assets",
        11_300,
        11_300,
    ),
    (
        "withdraw_collateral",
        "with debt, two collateral assets",
        12_300,
        12_300,
    ),
    ("accrue_interest", "one minute", 4_900, 4_900),
    ("sweep_insurance", "", 7_000, 6_000),
    ("close_position", "", 4_000, 3_200),
    (
        "liquidate",
        "partial (close factor), no settlement",
        22_800,
        22_800,
    ),
    (
        "liquidate",
        "to zero collateral + automatic settlement",
        28_000,
        28_000,
    ),
    (
        "liquidate",
        "four collateral assets, underwater: all of one slot",
        29_700,
        29_700,
    ),
    (
        "liquidate",
        "last of four slots + automatic settlement",
        28_000,
        28_000,
    ),
    ("preview_settle", "view", 8_200, 8_200),
    (
        "settle_bad_debt",
        "insurance + LP write-down, accrues an hour",
        14_400,
        14_400,
    ),
    ("update_config", "admin", 4_600, 3_300),
    ("update_collateral", "admin", 3_800, 3_000),
    (
        "retire_collateral",
        "admin, delisted slot a day without a price",
        3_600,
        3_600,
    ),
    ("set_pause", "guardian", 3_600, 2_900),
    ("set_guardian", "admin", 3_600, 2_900),
    ("transfer_admin", "propose", 3_600, 2_900),
    ("accept_admin", "accept", 3_500, 2_900),
    (
        "recapitalize",
        "frozen pool, restores LP equity",
        8_900,
        8_400,
    ),
    ("unfreeze", "guardian, after recapitalize", 4_500, 4_100),
    ("open_stake", "creates the stake PDA", 6_300, 3_600),
    (
        "stake",
        "first stake: mints the protocol's shares",
        8_800,
        6_900,
    ),
    ("stake", "later stake", 8_800, 6_900),
    ("request_unstake", "accrues a day of interest", 8_100, 7_600),
    ("cancel_unstake", "after a gain: burns shares", 8_300, 7_900),
    (
        "unstake",
        "after the cooldown, sweeps pending interest",
        14_500,
        14_300,
    ),
    (
        "unstake",
        "after the cooldown, nothing to sweep",
        9_300,
        7_500,
    ),
    // issue 26: closes the account and emits one event (measured 4,274)
    ("close_stake", "empty stake, rent back", 4_500, 4_500),
    ("mark_shortfall", "one collateral asset", 8_700, 8_700),
    ("mark_shortfall", "two collateral assets", 9_900, 9_900),
    ("preview_mark", "view, two collateral assets", 9_300, 9_300),
    // issue 31's flash loans, measured plus 5%: the pairing reads the instructions sysvar
    (
        "flash_borrow",
        "lends the repayment, sysvar pairing",
        9_900,
        9_900,
    ),
    ("flash_repay", "loan and fee back", 6_800, 6_800),
    (
        "flash liquidation",
        "flash_borrow + liquidate to zero (settles) + flash_repay, one transaction",
        41_100,
        41_100,
    ),
];

/// The budget and the target of `instruction` in `scenario`, if the row is listed.
pub fn budget(instruction: &str, scenario: &str) -> Option<(u64, u64)> {
    BUDGETS
        .iter()
        .find(|(i, s, _, _)| *i == instruction && *s == scenario)
        .map(|&(_, _, budget, target)| (budget, target))
}
