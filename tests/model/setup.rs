//! The model's cast and assets: how many LPs and borrowers, what every wallet starts with,
//! and the collateral assets with their risk parameters and starting prices.
use lending_pool::constants::MAX_COLLATERALS;

pub(super) const LPS: usize = 3;
pub(super) const BORROWERS: usize = 4;
/// Insurance stakers, each with its stake account opened at the start.
pub(super) const STAKERS: usize = 3;
pub(super) const ASSETS: usize = MAX_COLLATERALS;
pub(super) const USDC: u64 = 1_000_000;
pub(super) const DOLLAR: i64 = 100_000_000;
/// Base tokens every LP, borrower, the liquidator and the recapitalizing donor start with.
pub(super) const LP_WALLET: u64 = 200_000 * USDC;
pub(super) const BORROWER_WALLET: u64 = 5_000 * USDC;
pub(super) const LIQUIDATOR_WALLET: u64 = 1_000_000 * USDC;
pub(super) const DONOR_WALLET: u64 = 1_000_000 * USDC;
pub(super) const STAKER_WALLET: u64 = 100_000 * USDC;
/// The shortest valid cooldown: requests made in a case end within it.
pub(super) const UNSTAKE_COOLDOWN_SECS: u64 = 3_600;

/// A collateral asset of the model: its decimals, risk parameters, starting price (expo -8)
/// and what each borrower holds of it at the start (about $15k-$32k).
pub(super) struct Asset {
    pub(super) decimals: u8,
    pub(super) ltv_bps: u16,
    pub(super) threshold_bps: u16,
    pub(super) bonus_bps: u16,
    pub(super) price: i64,
    pub(super) wallet: u64,
}

pub(super) const ASSET: [Asset; ASSETS] = [
    // SOL-like
    Asset {
        decimals: 9,
        ltv_bps: 7_500,
        threshold_bps: 8_000,
        bonus_bps: 500,
        price: 150 * DOLLAR,
        wallet: 200_000_000_000,
    },
    // a volatile 6-decimal token at $0.80
    Asset {
        decimals: 6,
        ltv_bps: 5_000,
        threshold_bps: 6_500,
        bonus_bps: 1_000,
        price: 80_000_000,
        wallet: 40_000_000_000,
    },
    // BTC-like
    Asset {
        decimals: 8,
        ltv_bps: 7_000,
        threshold_bps: 7_500,
        bonus_bps: 300,
        price: 60_000 * DOLLAR,
        wallet: 50_000_000,
    },
    // ETH-like at 18 decimals: all borrowers' 4 tokens together still fit a u64
    Asset {
        decimals: 18,
        ltv_bps: 8_000,
        threshold_bps: 8_500,
        bonus_bps: 800,
        price: 3_000 * DOLLAR,
        wallet: 4_000_000_000_000_000_000,
    },
];
