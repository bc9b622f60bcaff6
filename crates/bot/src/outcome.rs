//! What became of one of the bot's actions, in the classes an operator watches. A
//! liquidation another bot got to first is a lost race, not a failure; a price that went
//! stale between the scan and the send is a skip; only what neither explains is a failure.
use lending_pool_client::send::Outcome;
use lending_pool_sdk::LendingError;
use solana_transaction::{InstructionError, TransactionError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Confirmed and succeeded.
    Landed,
    /// The position changed under us (liquidated, settled, repaid or marked by someone
    /// else first): the plan no longer applies.
    LostRace,
    /// An oracle became too old or too uncertain between the scan and the send.
    Stale,
    /// The pool refuses the action for now (paused, frozen, breaker tripped).
    Paused,
    /// The blockhash expired unseen: nothing landed; the next round plans afresh.
    Expired,
    /// Not confirmed in time and not yet expired: watched until it is decided.
    InDoubt,
    /// Anything else: a bug, a misconfiguration or an unexpected program answer.
    Failed,
}

impl Class {
    pub const ALL: [Class; 7] = [
        Class::Landed,
        Class::LostRace,
        Class::Stale,
        Class::Paused,
        Class::Expired,
        Class::InDoubt,
        Class::Failed,
    ];

    /// The metric label.
    pub fn label(self) -> &'static str {
        match self {
            Class::Landed => "landed",
            Class::LostRace => "lost_race",
            Class::Stale => "stale",
            Class::Paused => "paused",
            Class::Expired => "expired",
            Class::InDoubt => "in_doubt",
            Class::Failed => "failed",
        }
    }
}

/// The program's errors that say something about a race, the market or the pool's state,
/// by class; any other error is a failure.
const CLASSIFIED: [(Class, &[LendingError]); 3] = {
    use LendingError as E;
    [
        // someone else liquidated, settled, repaid or marked first; or the collateral moved
        // so that the plan's minimum no longer holds
        (
            Class::LostRace,
            &[
                E::PositionHealthy,
                E::NoDebt,
                E::PositionHasCollateral,
                E::NothingToMark,
                E::CollateralBelowMinimum,
                E::ZeroCollateralOut,
                E::InsufficientCollateral,
                E::LiquidationWorsensHealth,
            ],
        ),
        (
            Class::Stale,
            &[
                E::OracleStale,
                E::OracleConfidenceTooWide,
                E::OracleNonPositivePrice,
            ],
        ),
        (
            Class::Paused,
            &[E::OperationPaused, E::PoolFrozen, E::CircuitBreakerTripped],
        ),
    ]
};

/// Anchor's "account not initialized" / "discriminator mismatch": the position account
/// was closed under us.
const ACCOUNT_GONE: [u32; 2] = [3012, 3001];

/// One of `CLASSIFIED`'s errors in a rejected transaction, with its class.
fn classified(error: &TransactionError) -> Option<(Class, LendingError)> {
    let TransactionError::InstructionError(_, InstructionError::Custom(code)) = error else {
        return None;
    };
    let index = code.checked_sub(anchor_lang::error::ERROR_CODE_OFFSET)?;
    CLASSIFIED
        .iter()
        .flat_map(|&(class, errors)| errors.iter().map(move |&e| (class, e)))
        .find(|&(_, e)| e as u32 == index)
}

/// The program's error code in a rejected transaction, if it is one the bot classifies.
pub fn program_error(error: &TransactionError) -> Option<LendingError> {
    classified(error).map(|(_, e)| e)
}

pub fn classify(outcome: &Outcome) -> Class {
    match outcome {
        Outcome::Landed { .. } => Class::Landed,
        Outcome::Expired { .. } => Class::Expired,
        Outcome::InDoubt { .. } => Class::InDoubt,
        Outcome::Rejected { error, .. } => classify_error(error),
    }
}

pub fn classify_error(error: &TransactionError) -> Class {
    if let TransactionError::InstructionError(_, InstructionError::Custom(code)) = error {
        if ACCOUNT_GONE.contains(code) {
            return Class::LostRace;
        }
    }
    classified(error).map_or(Class::Failed, |(class, _)| class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::error::ERROR_CODE_OFFSET;

    fn custom(e: LendingError) -> TransactionError {
        TransactionError::InstructionError(
            2,
            InstructionError::Custom(ERROR_CODE_OFFSET + e as u32),
        )
    }

    #[test]
    fn a_position_someone_else_cleared_is_a_lost_race() {
        for e in [
            LendingError::PositionHealthy,
            LendingError::NoDebt,
            LendingError::PositionHasCollateral,
            LendingError::CollateralBelowMinimum,
            LendingError::NothingToMark,
        ] {
            assert_eq!(classify_error(&custom(e)), Class::LostRace, "{e:?}");
        }
        let closed = TransactionError::InstructionError(2, InstructionError::Custom(3012));
        assert_eq!(classify_error(&closed), Class::LostRace);
    }

    #[test]
    fn market_and_pool_states_are_their_own_classes() {
        assert_eq!(
            classify_error(&custom(LendingError::OracleStale)),
            Class::Stale
        );
        assert_eq!(
            classify_error(&custom(LendingError::CircuitBreakerTripped)),
            Class::Paused
        );
        assert_eq!(
            classify_error(&custom(LendingError::PoolFrozen)),
            Class::Paused
        );
    }

    #[test]
    fn everything_else_is_a_failure() {
        assert_eq!(
            classify_error(&custom(LendingError::MathOverflow)),
            Class::Failed
        );
        assert_eq!(
            classify_error(&custom(LendingError::CashInvariantViolated)),
            Class::Failed
        );
        assert_eq!(
            classify_error(&TransactionError::InsufficientFundsForFee),
            Class::Failed
        );
        // not our program's range
        let other = TransactionError::InstructionError(0, InstructionError::Custom(1));
        assert_eq!(classify_error(&other), Class::Failed);
        assert!(program_error(&other).is_none());
    }

    #[test]
    fn codes_decode_to_the_programs_errors() {
        let decoded = program_error(&custom(LendingError::OracleStale)).map(|e| e as u32);
        assert_eq!(decoded, Some(LendingError::OracleStale as u32));
    }
}
