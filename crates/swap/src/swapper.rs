//! What every swapper gives: a quote and the instructions that carry it out.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anyhow::Result;

const BPS: u128 = 10_000;

/// A priced sale of `in_amount` of `input_mint` for `output_mint`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub input_mint: Pubkey,
    pub output_mint: Pubkey,
    pub in_amount: u64,
    /// What the swap pays at the state quoted.
    pub out_amount: u64,
    /// The least it may pay (`out_amount` less the slippage tolerance): the swap fails below.
    pub min_out: u64,
    /// How much worse than the pool's marginal price, fees included, in bps.
    pub price_impact_bps: u32,
    /// What the swapper needs to build the instructions.
    pub route: Route,
}

/// Where a quote came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// One SPL token-swap pool: its address and which side is the input.
    TokenSwap { swap: Pubkey, a_to_b: bool },
    /// Jupiter's quote response, passed back as is to `/swap-instructions`.
    Jupiter(serde_json::Value),
}

/// The instructions of a sale, in order: setup (e.g. creating token accounts), the swap,
/// cleanup; and the address lookup tables the swap's accounts are in.
#[derive(Debug, Clone, Default)]
pub struct SwapInstructions {
    pub setup: Vec<Instruction>,
    pub swap: Vec<Instruction>,
    pub cleanup: Vec<Instruction>,
    pub lookup_tables: Vec<Pubkey>,
}

impl SwapInstructions {
    /// Every instruction, in order.
    pub fn all(&self) -> Vec<Instruction> {
        let mut all = self.setup.clone();
        all.extend(self.swap.iter().cloned());
        all.extend(self.cleanup.iter().cloned());
        all
    }
}

/// Sells one token for another.
pub trait Swapper: Send + Sync {
    /// For logs and metrics (`amm`, `jupiter`).
    fn name(&self) -> &'static str;

    /// Prices selling `amount_in` of `input_mint` for `output_mint`, with `slippage_bps` of
    /// tolerance in `min_out`.
    fn quote(
        &self,
        input_mint: &Pubkey,
        output_mint: &Pubkey,
        amount_in: u64,
        slippage_bps: u16,
    ) -> Result<Quote>;

    /// The instructions selling `quote` for `user` (signer), from its token account
    /// `source` into `destination`.
    fn instructions(
        &self,
        quote: &Quote,
        user: &Pubkey,
        source: &Pubkey,
        destination: &Pubkey,
    ) -> Result<SwapInstructions>;
}

/// `out` less `slippage_bps`, rounded down (the tolerance never asks for more than quoted).
pub fn min_out_down(out: u64, slippage_bps: u16) -> u64 {
    let keep = BPS.saturating_sub(slippage_bps as u128);
    (out as u128 * keep / BPS) as u64
}

/// The sale's shortfall against the marginal price `out_marginal` (what an infinitely deep
/// pool would pay), in bps, rounded up.
pub(crate) fn impact_bps_up(out: u64, out_marginal: u128) -> u32 {
    if out_marginal == 0 {
        return 0;
    }
    let short = out_marginal.saturating_sub(out as u128);
    (short * BPS).div_ceil(out_marginal).min(u32::MAX as u128) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slippage_rounds_down_and_impact_rounds_up() {
        assert_eq!(min_out_down(1_000_000, 50), 995_000);
        assert_eq!(min_out_down(999, 50), 994); // 994.005
        assert_eq!(min_out_down(1_000, 0), 1_000);
        assert_eq!(min_out_down(1_000, 10_000), 0);
        assert_eq!(impact_bps_up(9_900, 10_000), 100);
        assert_eq!(impact_bps_up(9_999, 10_000_000), 9_991); // 9,990.001 up
        assert_eq!(impact_bps_up(10, 0), 0);
    }
}
