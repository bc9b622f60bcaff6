//! The walk's cast and assets: how many LPs, borrowers and liquidators, what their
//! wallets hold, and the four collateral assets with their risk parameters.
use lending_pool::state::CollateralParams;
use lending_pool_sdk::examples::{self, ExampleAsset, DOLLAR};

pub(super) const USDC: u64 = 1_000_000;

pub(super) const LPS: usize = 4;
pub(super) const BORROWERS: usize = 5;
pub(super) const LIQUIDATORS: usize = 3;
pub(super) const LP_WALLET: u64 = 3_000_000 * USDC;
pub(super) const BORROWER_WALLET: u64 = 1_000_000 * USDC;
/// Enough for any liquidator to repay any one position in full.
pub(super) const LIQUIDATOR_WALLET: u64 = 50_000_000 * USDC;
/// Insurance stakers (stake accounts opened at the start) and what each holds.
pub(super) const STAKERS: usize = 3;
/// Small beside the book (LPs lend out millions): a wipe-out can empty the fund and void
/// its shares.
pub(super) const STAKER_WALLET: u64 = 200_000 * USDC;
/// The shortest valid cooldown, so a walk's warps end requests.
pub(super) const UNSTAKE_COOLDOWN_SECS: u64 = 3_600;

/// A collateral asset of the walk, and what every borrower holds of it at the start.
pub(super) struct Asset {
    pub(super) listing: ExampleAsset,
    pub(super) wallet: u64,
}

/// 18 decimals at $100,000: a u64 holds 18.4 tokens, so amounts sit near the top of the
/// range (the five wallets together hold 15 tokens).
const HEAVY: ExampleAsset = ExampleAsset {
    symbol: "HEAVY",
    decimals: 18,
    price: 100_000 * DOLLAR,
    ltv_bps: 7_000,
    liquidation_threshold_bps: 7_800,
    liquidation_bonus_bps: 600,
};

/// 0 decimals at $2.50: one unit is the smallest amount, so every quote rounds coarsely.
const WHOLE: ExampleAsset = ExampleAsset {
    symbol: "WHOLE",
    decimals: 0,
    price: 250_000_000,
    ltv_bps: 5_000,
    liquidation_threshold_bps: 6_500,
    liquidation_bonus_bps: 1_500,
};

/// The SDK's example SOL and BTC, then two assets at the ends of the decimal range.
pub(super) const ASSETS: [Asset; 4] = [
    Asset {
        listing: examples::SOL,
        wallet: 4_000_000_000_000,
    },
    Asset {
        listing: examples::BTC,
        wallet: 1_000_000_000,
    },
    Asset {
        listing: HEAVY,
        wallet: 3_000_000_000_000_000_000,
    },
    Asset {
        listing: WHOLE,
        wallet: 200_000,
    },
];

/// Slot `slot`'s listing, on feed `[slot + 1; 32]`.
pub(super) fn params(slot: usize) -> CollateralParams {
    ASSETS[slot].listing.params([slot as u8 + 1; 32])
}
