//! Selling what a liquidation seizes. A [`Swapper`] quotes a sale (the output after price
//! impact and fees, and the least the swap may pay at a slippage tolerance) and builds its
//! instructions, so the bot can put the sale in the same transaction as the liquidation
//! and the flash loan that paid for it. Two implementations:
//! - [`token_swap::AmmSwapper`]: the SPL token-swap program (the local network's AMM),
//!   whose constant-product curve is quoted here to the unit, from its pool's reserves;
//! - [`jupiter::JupiterSwapper`]: Jupiter's swap API (`/quote` and `/swap-instructions`),
//!   the aggregator operators use on mainnet.
pub mod jupiter;
mod swapper;
pub mod token_swap;

pub use swapper::{min_out_down, Quote, Route, SwapInstructions, Swapper};
