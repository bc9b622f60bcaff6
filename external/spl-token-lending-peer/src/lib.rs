//! Re-exports the unmodified crates.io `spl-token-lending` 0.2.0. Its own
//! `entrypoint!` (compiled for target_arch = "bpf" without `no-entrypoint`) provides
//! the `#[no_mangle] entrypoint` symbol of the resulting .so.
pub use spl_token_lending::*;
