use anchor_lang::prelude::*;

#[error_code]
pub enum LendingError {
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("Deposit would push the pool's LP assets above its deposit cap")]
    DepositCapExceeded,
    #[msg("Deposit is too small to mint a single LP share")]
    ZeroSharesMinted,
    #[msg("Withdrawal is too small to pay out a single base unit")]
    ZeroAssetsOut,
    #[msg("Fewer shares minted than the caller's minimum")]
    SharesBelowMinimum,
    #[msg("More shares burnt than the caller's maximum")]
    SharesAboveMaximum,
    #[msg("Fewer base tokens paid out than the caller's minimum")]
    AssetsBelowMinimum,
    #[msg("Caller holds fewer LP shares than the withdrawal needs")]
    InsufficientShares,
    #[msg("The pool's cash cannot cover this withdrawal")]
    InsufficientCash,
    #[msg("This operation is paused")]
    OperationPaused,
    #[msg("The pool is frozen after an insolvency: only withdrawals are allowed")]
    PoolFrozen,
    #[msg("Signer is not the pool admin")]
    NotAdmin,
    #[msg("Signer is neither the pool guardian nor the admin")]
    NotGuardianOrAdmin,
    #[msg("Signer is not the pending admin")]
    NotPendingAdmin,
    #[msg("Unknown pause flag bits")]
    InvalidPauseFlags,
    #[msg("Base mint has more decimals than the pool supports")]
    InvalidBaseDecimals,
    #[msg("Interest rate curve out of bounds")]
    InvalidInterestRateCurve,
    #[msg("Optimal utilization out of bounds")]
    InvalidOptimalUtilization,
    #[msg("Reserve factor out of bounds")]
    InvalidReserveFactor,
    #[msg("Liquidation fee out of bounds")]
    InvalidLiquidationFee,
    #[msg("Oracle max age or max confidence out of bounds")]
    InvalidOracleConfig,
    #[msg("Circuit breaker window or threshold out of bounds")]
    InvalidBreakerConfig,
    #[msg("Deposit cap must be greater than zero")]
    InvalidDepositCap,
    #[msg("The destination token account may not be one of the pool's vaults")]
    DestinationIsPoolVault,
    #[msg("Invariant violated: base vault holds less than the pool's cash")]
    CashInvariantViolated,
    #[msg("Invariant violated: insurance vault holds less than the insurance ledger")]
    InsuranceInvariantViolated,
}
