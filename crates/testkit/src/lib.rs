//! An in-process bank (solana-program-test) running the lending pool's SBF binary next to the
//! real SPL Token program. Shared by the integration tests, the demo and the benchmarks
//! (`lending-pool-bench`). With the `svm` feature, `Bank::start_svm` runs the same binaries on
//! LiteSVM instead (the simulator's bank: no banks-client round trips, no simulation before
//! each transaction); the rest of the API is the same on both.
//!
//! The binary is loaded from `SBF_OUT_DIR` (default: the workspace's `target/deploy`), so run
//! `scripts/build-sbf.sh` first.
//!
//! - [`Bank`]: starting the bank, sending transactions, reading and writing accounts, the
//!   clock (`bank`), and SPL Token mints, accounts and balances (`tokens`).
//! - [`TxOutcome`] / [`TxFailure`]: what a transaction gave back (`tx`), and the
//!   `assert_*_err` helpers for the exact error of a failed one ([`errors`]).
//! - [`PoolFixture`]: a pool with its keys, collateral assets ([`CollateralFixture`]),
//!   prices and book checks (`fixtures`).
//! - [`User`], [`Borrower`] and [`Liquidator`]: the actors and the instructions the fixture
//!   builds for them (`user`, `borrower`).

pub use solana_keypair::Keypair as TestKeypair;
pub use solana_program_test::BanksClientError;
// for tests that add a native program of their own (`processor!`)
pub use solana_program_test;
pub use solana_signer::Signer;
pub use solana_transaction::TransactionError;

mod bank;
mod borrower;
pub mod errors;
mod fixtures;
mod marks;
mod staker;
#[cfg(feature = "svm")]
mod svm;
mod tokens;
mod tx;
mod user;

pub use bank::{default_sbf_out_dir, Bank};
pub use borrower::{Borrower, Liquidator};
pub use errors::*;
pub use fixtures::{CollateralFixture, PoolFixture, BASE_FEED, BASE_PRICE};
pub use staker::{share_value, Staker};
pub use tx::{TxFailure, TxOutcome, TxResult};
pub use user::User;
