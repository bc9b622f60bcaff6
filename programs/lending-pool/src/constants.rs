//! Seeds, fixed-point scales and the documented bounds of every configurable parameter.

/// PDA seeds. The pool is `[POOL_SEED, base_mint, creator]`; everything else hangs off the pool.
pub const POOL_SEED: &[u8] = b"pool";
pub const BASE_VAULT_SEED: &[u8] = b"base_vault";
pub const LP_MINT_SEED: &[u8] = b"lp_mint";
pub const INSURANCE_FUND_SEED: &[u8] = b"insurance";
pub const INSURANCE_VAULT_SEED: &[u8] = b"insurance_vault";
/// `[COLLATERAL_VAULT_SEED, pool, collateral_mint]`
pub const COLLATERAL_VAULT_SEED: &[u8] = b"collateral_vault";
/// `[POSITION_SEED, pool, owner, index (u16 LE)]`
pub const POSITION_SEED: &[u8] = b"position";
/// `[STAKE_SEED, pool, staker]`: one non-transferable insurance stake per staker and pool.
pub const STAKE_SEED: &[u8] = b"stake";
/// `[EXIT_REQUEST_SEED, pool, owner]`: an LP's exit request while the pool is stressed, and
/// `[EXIT_ESCROW_SEED, request]`: the LP token account holding its shares.
pub const EXIT_REQUEST_SEED: &[u8] = b"exit";
pub const EXIT_ESCROW_SEED: &[u8] = b"exit_escrow";

/// Collateral assets per pool.
pub const MAX_COLLATERALS: usize = 4;

/// Pyth's receiver program: owner of every `PriceUpdateV2` account.
pub const PYTH_RECEIVER_PROGRAM_ID: anchor_lang::prelude::Pubkey =
    anchor_lang::pubkey!("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");

/// Fixed-point scale of 128-bit ratios (borrow index, share price): 1.0 == WAD.
pub const WAD: u128 = 1_000_000_000_000_000_000;
/// Basis points: 100% == BPS.
pub const BPS: u64 = 10_000;
pub const SECONDS_PER_YEAR: u64 = 365 * 24 * 60 * 60;

/// Virtual offset of the LP share price (OpenZeppelin/Morpho style): the pool behaves as if
/// `VIRTUAL_SHARES` shares backed by `VIRTUAL_ASSETS` base units always existed. The LP mint
/// has the base mint's decimals and the offset is 1:1, so one base unit mints one share unit
/// at the initial price and any amount a u64 holds mints shares without overflow, at every
/// base decimals (a larger offset of `10^k` shares overflows deposits above `u64::MAX / 10^k`
/// units: 18,000 tokens of a 12-decimal mint at `k = 3`). Donations to the vault never move
/// the price (it is computed from the books); `lp_assets` rises without new shares only
/// through `recapitalize` (which needs LP shares outstanding) and shares vanish without
/// assets leaving only when holders burn them. Either can round a careless depositor down by
/// up to one share's worth, at a cost to the attacker at least as large, and every deposit
/// carries a `min_shares_out` bound. A larger offset `10^k : 10^k` would keep the 1:1 price
/// but let the first LPs to exit after a write-down take up to `10^k` units more than pro
/// rata; with 1:1 the last shares redeemed never take more than the books hold.
pub const VIRTUAL_SHARES: u128 = 1;
pub const VIRTUAL_ASSETS: u128 = 1;

/// Bounds checked by `init_pool` and `update_config` (see `PoolConfig::validate`).
pub const MAX_BASE_DECIMALS: u8 = 18;
/// Annual borrow rates, in basis points.
pub const MAX_BASE_RATE_BPS: u32 = 10_000;
pub const MAX_SLOPE1_BPS: u32 = 10_000;
pub const MAX_SLOPE2_BPS: u32 = 100_000;
pub const MIN_OPTIMAL_UTILIZATION_BPS: u32 = 1_000;
pub const MAX_OPTIMAL_UTILIZATION_BPS: u32 = 9_900;
pub const MAX_RESERVE_FACTOR_BPS: u16 = 5_000;
pub const MAX_LIQUIDATION_FEE_BPS: u16 = 1_000;
pub const MIN_ORACLE_MAX_AGE_SECS: u32 = 1;
pub const MAX_ORACLE_MAX_AGE_SECS: u32 = 3_600;
pub const MIN_ORACLE_MAX_CONF_BPS: u16 = 1;
pub const MAX_ORACLE_MAX_CONF_BPS: u16 = 1_000;
pub const MIN_BREAKER_WINDOW_SECS: u32 = 60;
/// Insurance unstake cooldown: at least an hour (a staker who sees trouble coming cannot
/// leave before it is priced), at most 90 days.
pub const MIN_UNSTAKE_COOLDOWN_SECS: u64 = 3_600;
pub const MAX_UNSTAKE_COOLDOWN_SECS: u64 = 90 * 24 * 60 * 60;
pub const MAX_BREAKER_WINDOW_SECS: u32 = 30 * 24 * 60 * 60;
/// How long a matured unstake request stays payable: at least an hour (room to land the
/// transaction), at most 30 days (a longer window is a free option to leave at par).
pub const MIN_UNSTAKE_WINDOW_SECS: u64 = 3_600;
pub const MAX_UNSTAKE_WINDOW_SECS: u64 = 30 * 24 * 60 * 60;
/// Guardian pauses lapse after `max_pause_secs`: between an hour and 90 days.
pub const MIN_MAX_PAUSE_SECS: u32 = 3_600;
pub const MAX_MAX_PAUSE_SECS: u32 = 90 * 24 * 60 * 60;
/// A stressed LP exit is paid `exit_delay_secs` after its request: at most 7 days. The
/// default, two hours, is chosen with the stress simulator (`docs/stress-report`, "Who
/// bore the loss"): in the several-collateral crash the runners' advantage over the
/// stayers is 17.5 bps at 5 minutes, 2.3 at 30, −4.1 at an hour (the requester bears the
/// losses found during the delay and earns nothing above its request) and −0.4 at two
/// hours, by when the reference liquidator has recognised the crash's losses.
pub const MAX_EXIT_DELAY_SECS: u64 = 7 * 24 * 60 * 60;
pub const DEFAULT_EXIT_DELAY_SECS: u64 = 2 * 60 * 60;
/// Flash-loan fee bounds: at most 10%; by default 0.09% (Aave's long-standing fee).
pub const MAX_FLASH_FEE_BPS: u32 = 1_000;
pub const DEFAULT_FLASH_FEE_BPS: u32 = 9;
/// The instructions sysvar `flash_borrow` reads (clients pass it by this address).
pub const INSTRUCTIONS_SYSVAR_ID: anchor_lang::prelude::Pubkey = solana_instructions_sysvar::ID;
/// The freeze floor, in bps of par: from 0.01% to 50%.
pub const MIN_FREEZE_FLOOR_BPS: u32 = 1;
pub const MAX_FREEZE_FLOOR_BPS: u32 = 5_000;
/// A fund worth less than one base unit per this many insurance shares starts a new share
/// epoch after a settlement (its shares could otherwise never be staked against again).
pub const DUST_FUND_SHARES_PER_UNIT: u64 = 1_000_000;
/// Collateral bounds (`add_collateral`): 0 < LTV < liquidation threshold < 100%,
/// liquidation fee < bonus <= MAX.
pub const MAX_LIQUIDATION_THRESHOLD_BPS: u16 = 9_800;
pub const MIN_LIQUIDATION_BONUS_BPS: u16 = 10;
pub const MAX_LIQUIDATION_BONUS_BPS: u16 = 2_000;
pub const MAX_COLLATERAL_DECIMALS: u8 = 18;
/// A delisted slot may be retired once its newest accepted price is older than this.
pub const RETIRE_AFTER_SECS: i64 = 24 * 60 * 60;
pub const MIN_BREAKER_THRESHOLD_BPS: u16 = 1;
pub const MAX_BREAKER_THRESHOLD_BPS: u16 = 10_000;
/// The rolling breaker window is kept as `BREAKER_BUCKETS` buckets of
/// `ceil(breaker_window_secs / (BREAKER_BUCKETS - 1))` seconds: every loss of the last
/// `breaker_window_secs` counts, none older than the window plus one bucket (1/16 of it).
pub const BREAKER_BUCKETS: usize = 17;

/// Liquidation: at most this share of the debt per liquidation, unless the position's
/// collateral cannot pay the chosen slot's bonus on the whole debt, or its debt is dust.
pub const CLOSE_FACTOR_BPS: u64 = 5_000;
/// Accrual never lets `cash + total_debt` grow past this (base units): half the u64 range,
/// so repayments' rounding, deposits and the insurance share still fit after extreme rates
/// or centuries without accrual, and nothing that accrues first can overflow.
pub const MAX_BOOKS: u64 = u64::MAX / 2;
/// Debt worth at most this (WAD quote units, e.g. $10) may be liquidated in full.
pub const DUST_DEBT_VALUE_WAD: u128 = 10 * WAD;

/// Per-operation pause flags (`Pool::pause_flags`). The guardian or the admin sets them.
pub mod pause {
    pub const DEPOSIT: u16 = 1 << 0;
    pub const WITHDRAW: u16 = 1 << 1;
    pub const FUND_INSURANCE: u16 = 1 << 2;
    pub const BORROW: u16 = 1 << 3;
    pub const REPAY: u16 = 1 << 4;
    pub const DEPOSIT_COLLATERAL: u16 = 1 << 5;
    pub const WITHDRAW_COLLATERAL: u16 = 1 << 6;
    pub const LIQUIDATE: u16 = 1 << 7;
    pub const SETTLE: u16 = 1 << 8;
    /// Set by the circuit breaker, cleared by the guardian or admin with `set_pause`: stops
    /// borrows and collateral withdrawals of positions with debt (not those without).
    pub const BREAKER: u16 = 1 << 9;
    /// New insurance stakes.
    pub const STAKE: u16 = 1 << 10;
    /// Unstake requests and payouts (a cancellation is never paused: it only stays).
    pub const UNSTAKE: u16 = 1 << 11;
    pub const ALL: u16 = (1 << 12) - 1;
}
