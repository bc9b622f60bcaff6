//! Asserting on the exact error a failed transaction returned.
use crate::{TxFailure, TxResult};
use lending_pool::errors::LendingError;
use solana_transaction::{InstructionError, TransactionError};

/// The custom program error code of a failed transaction, if it had one.
pub fn custom_code(f: &TxFailure) -> Option<u32> {
    match &f.error {
        TransactionError::InstructionError(_, InstructionError::Custom(c)) => Some(*c),
        _ => None,
    }
}

fn expect_code(r: TxResult, code: u32, what: &str) -> TxFailure {
    match r {
        Ok(o) => panic!(
            "expected {what} ({code}), but the transaction succeeded:\n{}",
            o.logs.join("\n")
        ),
        Err(f) => {
            assert_eq!(
                custom_code(&f),
                Some(code),
                "expected {what}, got {:?}\n{}",
                f.error,
                f.logs.join("\n")
            );
            f
        }
    }
}

/// Asserts the transaction failed with this program error.
pub fn assert_lending_err(r: TxResult, e: LendingError) -> TxFailure {
    expect_code(r, u32::from(e), &format!("{e:?}"))
}

/// Asserts the transaction failed with this Anchor framework error (constraints, signers...).
pub fn assert_anchor_err(r: TxResult, e: anchor_lang::error::ErrorCode) -> TxFailure {
    expect_code(r, u32::from(e), &format!("{e:?}"))
}

/// Asserts the transaction failed inside the SPL Token program with this error.
pub fn assert_token_err(
    r: TxResult,
    e: anchor_spl::token::spl_token::error::TokenError,
) -> TxFailure {
    let what = format!("{e:?}");
    expect_code(r, e as u32, &what)
}

/// Asserts the transaction failed with exactly this transaction error.
pub fn assert_tx_err(r: TxResult, want: TransactionError) -> TxFailure {
    match r {
        Ok(o) => panic!(
            "expected {want:?}, but the transaction succeeded:\n{}",
            o.logs.join("\n")
        ),
        Err(f) => {
            assert_eq!(f.error, want, "logs:\n{}", f.logs.join("\n"));
            f
        }
    }
}
