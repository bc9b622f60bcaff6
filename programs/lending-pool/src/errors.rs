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
    #[msg("The pool is frozen after an insolvency: no deposits, borrows or new collateral")]
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
    #[msg("The pool already has the maximum number of collateral assets")]
    TooManyCollaterals,
    #[msg("This mint is already a collateral asset of the pool, or is its base mint")]
    DuplicateCollateral,
    #[msg("Collateral parameters out of bounds (0 < LTV < liquidation threshold < 98%)")]
    InvalidCollateralRatios,
    #[msg("Liquidation bonus out of bounds, or not above the pool's liquidation fee")]
    InvalidLiquidationBonus,
    #[msg("Collateral mint has more decimals than the pool supports")]
    InvalidCollateralDecimals,
    #[msg("Collateral vault does not belong to this collateral asset")]
    WrongCollateralVault,
    #[msg("No collateral asset at this index")]
    UnknownCollateral,
    #[msg("Deposit would push the collateral asset above its deposit cap")]
    CollateralCapExceeded,
    #[msg("Position holds less collateral than requested")]
    InsufficientCollateral,
    #[msg("Position would exceed its borrow limit")]
    BorrowLimitExceeded,
    #[msg("Borrow would push the pool's total debt above its borrow cap")]
    BorrowCapExceeded,
    #[msg("The position has no debt to repay")]
    NoDebt,
    #[msg("A position can only be closed with no debt and no collateral")]
    PositionNotEmpty,
    #[msg("Signer does not own this position")]
    NotPositionOwner,
    #[msg("Position is healthy: it cannot be liquidated")]
    PositionHealthy,
    #[msg("Liquidation would pay out less collateral than the liquidator's minimum")]
    CollateralBelowMinimum,
    #[msg("Liquidation would pay out no collateral")]
    ZeroCollateralOut,
    #[msg("Liquidation would leave the position less healthy")]
    LiquidationWorsensHealth,
    #[msg("Position still has collateral: liquidate it first")]
    PositionHasCollateral,
    #[msg("Oracle account is not owned by the Pyth receiver program")]
    OracleWrongOwner,
    #[msg("Oracle account is not a valid PriceUpdateV2")]
    OracleInvalidAccount,
    #[msg("Oracle price is for another feed")]
    OracleWrongFeed,
    #[msg("Oracle price update is not fully verified")]
    OracleNotFullyVerified,
    #[msg("Oracle price is older than the pool's maximum age")]
    OracleStale,
    #[msg("Oracle confidence interval is wider than the pool allows")]
    OracleConfidenceTooWide,
    #[msg("Oracle price is zero or negative")]
    OracleNonPositivePrice,
    #[msg("Expected one oracle account per collateral asset the position holds, in index order")]
    OracleAccountsMismatch,
    #[msg("Invariant violated: base vault holds less than the pool's cash")]
    CashInvariantViolated,
    #[msg("Invariant violated: insurance vault holds less than the insurance ledger")]
    InsuranceInvariantViolated,
    #[msg("Invariant violated: collateral vault holds less than the positions' collateral")]
    CollateralInvariantViolated,
    #[msg("A liquidation may not leave a position that covers its debt unable to cover what it still owes")]
    LiquidationWouldWriteOffSolventDebt,
    #[msg("The circuit breaker has tripped: no borrows or collateral withdrawals against debt until the guardian resumes them")]
    CircuitBreakerTripped,
    #[msg("The pool is not frozen")]
    PoolNotFrozen,
    #[msg("The LPs have no equity left: recapitalize the pool before unfreezing it")]
    NoLpEquity,
    #[msg("No LP shares exist: a recapitalization would belong to nobody")]
    NoLpShares,
    #[msg(
        "The pool's books (cash + total debt) would pass their maximum of u64::MAX / 2 base units"
    )]
    BooksLimitExceeded,
    #[msg("Deposit would mint more LP shares than a u64 holds: the share price is near zero, recapitalize the pool first")]
    LpSupplyOverflow,
    #[msg("Unstake cooldown is outside its bounds (1 hour to 90 days)")]
    InvalidUnstakeCooldown,
    #[msg(
        "Stake would mint more insurance shares than a u64 holds: the fund's value is near zero"
    )]
    InsuranceSharesOverflow,
    #[msg("The stake holds fewer free insurance shares than requested")]
    InsufficientStakeShares,
    #[msg("An unstake request is already pending: cancel it or wait for its payout")]
    UnstakeAlreadyRequested,
    #[msg("No unstake request is pending")]
    NoUnstakeRequest,
    #[msg("The unstake cooldown has not ended yet")]
    UnstakeCooldownActive,
    #[msg("The insurance vault cannot pay this unstake now: the fund's interest share is still lent out")]
    InsufficientInsuranceLiquidity,
    #[msg("The position has no shortfall at spot prices and no mark to release")]
    NothingToMark,
    #[msg("Unstake window must be between 1 hour and 30 days")]
    InvalidUnstakeWindow,
    #[msg("Minimum debt must not exceed the deposit cap")]
    InvalidMinDebt,
    #[msg("Maximum guardian pause must be between 1 hour and 90 days")]
    InvalidMaxPause,
    #[msg("Freeze floor must be between 1 and 5,000 bps of par")]
    InvalidFreezeFloor,
    #[msg("The unstake request lapsed: its payout window has passed; cancel it and request again")]
    UnstakeWindowExpired,
    #[msg("The unstake request would be worth less than the caller's minimum")]
    UnstakeValueBelowMinimum,
    #[msg("The stake account still holds shares or a pending request")]
    StakeNotEmpty,
    #[msg("Recapitalize only while the pool is frozen or deposits are paused: a recovery belongs to the LPs who bore the loss")]
    RecapitalizeWhileOpen,
    #[msg("The LP supply is above the donor's maximum")]
    LpSupplyAboveMaximum,
    #[msg("The LP share price is below the pool's freeze floor")]
    SharePriceBelowFloor,
    #[msg("Pausing repay or collateral deposits needs liquidation paused with them")]
    PauseWouldBlockDefence,
    #[msg("The position's debt would be left below the pool's minimum debt")]
    DebtBelowMinimum,
    #[msg("These prices are older than the mark's: they may raise it, never lower or release it")]
    MarkPricesOlder,
    #[msg("The collateral is delisted (LTV 0): it takes no new deposits")]
    CollateralDelisted,
    #[msg("The collateral slot is retired: worth zero, it can only be withdrawn or forfeited")]
    CollateralRetired,
    #[msg("Only a delisted collateral slot (LTV 0) can be retired")]
    CollateralNotDelisted,
    #[msg("The slot's newest accepted price is less than a day old: its feed is live")]
    CollateralFeedLive,
    #[msg(
        "The pool is stressed (uncovered marked losses or the breaker): request an exit instead"
    )]
    PoolStressed,
    #[msg("The pool is calm: withdraw or redeem at once instead of requesting an exit")]
    PoolCalm,
    #[msg("The exit request matures later")]
    ExitNotMatured,
    #[msg("Exit delay out of bounds (at most 7 days)")]
    InvalidExitDelay,
    #[msg("Flash-loan config out of bounds (fee at most 10%, cap at most all lendable cash)")]
    InvalidFlashLoanConfig,
    #[msg("Flash loans are top-level instructions only, not reached through CPI")]
    FlashLoanCpi,
    #[msg("A flash borrow needs a flash_repay of the same pool later in the same transaction")]
    FlashRepayMissing,
    #[msg("A flash loan of this pool is outstanding: LP, staking and borrowing wait for its repayment")]
    FlashLoanOutstanding,
    #[msg("No flash loan of this pool is outstanding")]
    NoFlashLoan,
    #[msg("The flash loan is larger than the pool lends (flash_loan_cap_bps of lendable cash)")]
    FlashLoanTooLarge,
}
