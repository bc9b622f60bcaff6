use crate::{constants::*, errors::LendingError};
use anchor_lang::prelude::{borsh, *};

/// Risk and interest parameters of a pool. Stored inside the zero-copy `Pool` and passed as
/// the argument of `init_pool` / `update_config`; both go through `validate`.
/// Field order keeps the struct free of padding (required by `Pod`; also makes its Borsh
/// and in-memory encodings identical).
#[zero_copy]
#[derive(Default, Debug, PartialEq, Eq, borsh::BorshSerialize, borsh::BorshDeserialize)]
// Plain borsh derives: `AnchorSerialize` would emit a second IDL type next to `zero_copy`'s.
#[borsh(crate = "anchor_lang::prelude::borsh")]
pub struct PoolConfig {
    /// Maximum `lp_assets` a deposit may leave behind (base units).
    pub deposit_cap: u64,
    /// Maximum `total_debt` a borrow may leave behind (base units; 0 disables borrowing).
    pub borrow_cap: u64,
    /// Annual borrow rate at zero utilization (bps).
    pub base_rate_bps: u32,
    /// Rate added from zero to optimal utilization (bps per year).
    pub slope1_bps: u32,
    /// Rate added from optimal to full utilization (bps per year).
    pub slope2_bps: u32,
    /// The kink of the curve (bps of utilization).
    pub optimal_utilization_bps: u32,
    /// Share of interest sent to the insurance fund (bps).
    pub reserve_factor_bps: u16,
    /// Fee a liquidator pays on top of the repaid debt into the insurance fund (bps).
    pub liquidation_fee_bps: u16,
    /// Widest oracle confidence interval accepted, relative to price (bps).
    pub oracle_max_conf_bps: u16,
    /// Socialized losses within one window, relative to `lp_assets`, that trip the breaker (bps).
    pub breaker_threshold_bps: u16,
    /// Oldest oracle price accepted (seconds).
    pub oracle_max_age_secs: u32,
    /// Rolling window of the circuit breaker (seconds).
    pub breaker_window_secs: u32,
    /// Time between an insurance unstake request and its payout (seconds).
    pub unstake_cooldown_secs: u64,
    /// How long a request stays payable once its cooldown ends (seconds); after that it
    /// lapses and can only be cancelled.
    pub unstake_window_secs: u64,
    /// Smallest debt a borrow, repay or partial liquidation may leave on a position (base
    /// units; 0 keeps no floor): positions nobody would pay to liquidate are never created.
    pub min_debt: u64,
    /// Pause flags the guardian sets lapse after this long unless the admin sets them.
    pub max_pause_secs: u32,
    /// A settlement leaving the LP share price below this share of par freezes the pool,
    /// and `unfreeze` needs the price back at or above it (bps of par).
    pub freeze_floor_bps: u32,
    /// While the pool is stressed an LP exit is a request, paid this long after it at the
    /// lesser of its value then and now (seconds; 0 pays it at once).
    pub exit_delay_secs: u64,
    /// Fee on a flash loan, paid to the insurance fund with the repayment (bps of the loan,
    /// rounded up).
    pub flash_fee_bps: u32,
    /// The largest flash loan, as a share of the cash LPs can lend (bps; 0 turns flash loans
    /// off).
    pub flash_loan_cap_bps: u32,
}

const _: () = assert!(core::mem::size_of::<PoolConfig>() == 96);

impl PoolConfig {
    /// Checks every parameter against the bounds in `constants.rs`.
    pub fn validate(&self) -> Result<()> {
        require!(self.deposit_cap > 0, LendingError::InvalidDepositCap);
        require!(
            self.base_rate_bps <= MAX_BASE_RATE_BPS
                && self.slope1_bps <= MAX_SLOPE1_BPS
                && self.slope2_bps <= MAX_SLOPE2_BPS
                && self.slope1_bps <= self.slope2_bps,
            LendingError::InvalidInterestRateCurve
        );
        require!(
            (MIN_OPTIMAL_UTILIZATION_BPS..=MAX_OPTIMAL_UTILIZATION_BPS)
                .contains(&self.optimal_utilization_bps),
            LendingError::InvalidOptimalUtilization
        );
        require!(
            self.reserve_factor_bps <= MAX_RESERVE_FACTOR_BPS,
            LendingError::InvalidReserveFactor
        );
        require!(
            self.liquidation_fee_bps <= MAX_LIQUIDATION_FEE_BPS,
            LendingError::InvalidLiquidationFee
        );
        require!(
            (MIN_ORACLE_MAX_AGE_SECS..=MAX_ORACLE_MAX_AGE_SECS).contains(&self.oracle_max_age_secs)
                && (MIN_ORACLE_MAX_CONF_BPS..=MAX_ORACLE_MAX_CONF_BPS)
                    .contains(&self.oracle_max_conf_bps),
            LendingError::InvalidOracleConfig
        );
        require!(
            (MIN_BREAKER_WINDOW_SECS..=MAX_BREAKER_WINDOW_SECS).contains(&self.breaker_window_secs)
                && (MIN_BREAKER_THRESHOLD_BPS..=MAX_BREAKER_THRESHOLD_BPS)
                    .contains(&self.breaker_threshold_bps),
            LendingError::InvalidBreakerConfig
        );
        require!(
            (MIN_UNSTAKE_COOLDOWN_SECS..=MAX_UNSTAKE_COOLDOWN_SECS)
                .contains(&self.unstake_cooldown_secs),
            LendingError::InvalidUnstakeCooldown
        );
        require!(
            (MIN_UNSTAKE_WINDOW_SECS..=MAX_UNSTAKE_WINDOW_SECS).contains(&self.unstake_window_secs),
            LendingError::InvalidUnstakeWindow
        );
        require!(
            self.min_debt <= self.deposit_cap,
            LendingError::InvalidMinDebt
        );
        require!(
            (MIN_MAX_PAUSE_SECS..=MAX_MAX_PAUSE_SECS).contains(&self.max_pause_secs),
            LendingError::InvalidMaxPause
        );
        require!(
            (MIN_FREEZE_FLOOR_BPS..=MAX_FREEZE_FLOOR_BPS).contains(&self.freeze_floor_bps),
            LendingError::InvalidFreezeFloor
        );
        require!(
            self.exit_delay_secs <= MAX_EXIT_DELAY_SECS,
            LendingError::InvalidExitDelay
        );
        require!(
            self.flash_fee_bps <= MAX_FLASH_FEE_BPS && self.flash_loan_cap_bps <= BPS as u32,
            LendingError::InvalidFlashLoanConfig
        );
        Ok(())
    }

    /// A sensible starting point (USDC-like pool); used by tests, the demo and the CLI.
    pub fn example() -> Self {
        Self {
            deposit_cap: 1_000_000_000_000_000,
            borrow_cap: 800_000_000_000_000,
            base_rate_bps: 100,
            slope1_bps: 400,
            slope2_bps: 7_500,
            optimal_utilization_bps: 8_000,
            reserve_factor_bps: 1_000,
            liquidation_fee_bps: 100,
            oracle_max_conf_bps: 200,
            breaker_threshold_bps: 500,
            oracle_max_age_secs: 60,
            breaker_window_secs: 86_400,
            unstake_cooldown_secs: 7 * 86_400,
            unstake_window_secs: 2 * 86_400,
            // one whole token of this 6-decimal example
            min_debt: 1_000_000,
            max_pause_secs: 7 * 86_400,
            freeze_floor_bps: 100,
            exit_delay_secs: DEFAULT_EXIT_DELAY_SECS,
            flash_fee_bps: DEFAULT_FLASH_FEE_BPS,
            flash_loan_cap_bps: BPS as u32,
        }
    }
}

#[cfg(test)]
mod tests;
