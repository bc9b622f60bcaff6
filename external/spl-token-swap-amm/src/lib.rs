//! Re-exports the unmodified crates.io `spl-token-swap` 3.0.0. Its own `entrypoint!`
//! (compiled for target_os = "solana" without `no-entrypoint`) provides the
//! `#[no_mangle] entrypoint` symbol of the resulting .so.
pub use spl_token_swap::*;
