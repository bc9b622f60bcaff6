//! The SPL token-swap program (crates.io `spl-token-swap` 3.0.0, built unmodified in
//! `external/`), spoken in hand-built bytes: its pool account, the exact quote of its
//! constant-product curve, its `Initialize` and `Swap` instructions, and a [`Swapper`]
//! over its pools.
//!
//! [`Swapper`]: crate::Swapper
mod ix;
mod quote;
mod state;
mod swapper;

pub use ix::{authority, initialize, swap, Fees};
pub use quote::{quote_out_down, SwapResult};
pub use state::{SwapPool, CONSTANT_PRODUCT, SWAP_LEN};
pub use swapper::AmmSwapper;

/// The program's declared id (`SwapsVe…`), where the local network deploys it.
pub const PROGRAM_ID: anchor_lang::prelude::Pubkey =
    anchor_lang::pubkey!("SwapsVeCiPHMUAtzQWZw7RjsKjgCjhwU55QGu4U1Szw");
