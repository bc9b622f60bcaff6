//! The scenario both programs run, pinned: amounts, decimals, prices and the clock. Every
//! number here is in the generated table's header or rows, so a change shows in review.

/// The asset lent (USDC-like): decimals and price (× 10^-8, $1).
pub const USDC_DECIMALS: u8 = 6;
pub const USDC_PRICE: i64 = 100_000_000;
/// The collateral (SOL-like): decimals, price ($150) and the price after the drop ($80).
pub const SOL_DECIMALS: u8 = 9;
pub const SOL_PRICE: i64 = 15_000_000_000;
pub const SOL_CRASH_PRICE: i64 = 8_000_000_000;
/// Collateral parameters on both (whole percents): LTV, liquidation threshold, bonus.
pub const LTV_PCT: u8 = 75;
pub const LIQUIDATION_THRESHOLD_PCT: u8 = 80;
pub const LIQUIDATION_BONUS_PCT: u8 = 5;

/// Liquidity in place before the measured deposit: 100,000 USDC (our seed LP; the peer's
/// InitReserve deposit by the market owner).
pub const SEED_LIQUIDITY: u64 = 100_000_000_000;
/// The peer's InitReserve needs a first deposit in the SOL reserve too: 1 SOL.
pub const PEER_SOL_SEED: u64 = 1_000_000_000;
/// The measured actions' amounts.
pub const LP_DEPOSIT: u64 = 50_000_000_000;
pub const COLLATERAL: u64 = 10_000_000_000;
pub const BORROW: u64 = 1_000_000_000;
pub const REPAY: u64 = 300_000_000;
pub const LIQUIDATE: u64 = 200_000_000;
pub const LIQUIDATOR_FUNDS: u64 = 10_000_000_000;

/// The bank's unix time when the set-up starts (2026-01-01), whatever the wall clock says
/// (program-test starts its clock at the time the bank is created).
pub const START_UNIX_TIME: i64 = 1_767_225_600;
/// Time between the set-up and the deposits, the deposits and the borrow, the repay and the
/// liquidation (the price drop is published then); and between the borrow and the repay.
pub const STEP_SECS: i64 = 2;
pub const REPAY_AFTER_SECS: i64 = 3_600;
/// Slot length the clock moves by (Solana's target, 400 ms).
pub const MS_PER_SLOT: i64 = 400;

/// Slots in `secs` seconds of the bank's clock.
pub fn slots(secs: i64) -> u64 {
    (secs * 1_000 / MS_PER_SLOT) as u64
}

/// The measured actions in order: (action, what happens; the same on both sides).
pub const ACTIONS: [(&str, &str); 5] = [
    (
        "LP deposit",
        "50,000 USDC into 100,000 of liquidity, 2 s after the set-up",
    ),
    (
        "deposit collateral",
        "10 SOL ($1,500), same slot as the LP deposit",
    ),
    (
        "borrow",
        "1,000 USDC against the 10 SOL (one collateral asset, first borrow), 2 s later",
    ),
    (
        "repay",
        "300 USDC (partial), one hour after the borrow (both accrue the hour)",
    ),
    (
        "liquidation",
        "200 USDC of the ~700 debt (partial), 2 s after SOL drops $150 → $80",
    ),
];

/// Idle spells after which interest is accrued alone (our `accrue_interest`, the peer's
/// RefreshReserve of the USDC reserve), debt outstanding on both.
pub const IDLE: &[(&str, i64)] = &[
    ("a second", 1),
    ("a minute", 60),
    ("an hour", 3_600),
    ("a day", 86_400),
];
