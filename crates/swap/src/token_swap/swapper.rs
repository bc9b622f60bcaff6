//! A [`Swapper`] over the token-swap program's pools: it finds the deepest pool of the pair
//! (one `getProgramAccounts` per pair, filtered by the mints), reads its reserves and
//! quotes the curve exactly (`quote_out_down`).
use super::{quote_out_down, swap, SwapPool, PROGRAM_ID, SWAP_LEN};
use crate::swapper::{impact_bps_up, min_out_down, Quote, Route, SwapInstructions, Swapper};
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context, Result};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::{
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
};

/// Sells through the SPL token-swap program at `program` (its declared id by default).
pub struct AmmSwapper {
    rpc: RpcClient,
    program: Pubkey,
}

impl AmmSwapper {
    pub fn new(url: &str, program: Pubkey) -> Self {
        Self {
            rpc: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            program,
        }
    }

    /// At the program's declared id.
    pub fn at_default(url: &str) -> Self {
        Self::new(url, PROGRAM_ID)
    }

    /// The pools with `mint` on side A (`a_side`) or B.
    fn pools_with(&self, mint: &Pubkey, a_side: bool) -> Result<Vec<(Pubkey, SwapPool)>> {
        let offset = if a_side {
            SwapPool::TOKEN_A_MINT_OFFSET
        } else {
            SwapPool::TOKEN_B_MINT_OFFSET
        };
        let config = RpcProgramAccountsConfig {
            filters: Some(vec![
                RpcFilterType::DataSize(SWAP_LEN as u64),
                RpcFilterType::Memcmp(Memcmp::new_raw_bytes(offset, mint.to_bytes().to_vec())),
            ]),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        let found = self
            .rpc
            .get_program_ui_accounts_with_config(&self.program, config)
            .context("listing the token-swap pools")?;
        Ok(found
            .into_iter()
            .filter_map(|(k, a)| {
                let data = a.data.decode()?;
                SwapPool::decode(&data).ok().map(|p| (k, p))
            })
            .collect())
    }

    fn reserves(&self, pool: &SwapPool) -> Result<(u64, u64)> {
        let accounts = self
            .rpc
            .get_multiple_accounts(&[pool.token_a, pool.token_b])?;
        let read = |i: usize| -> Result<u64> {
            let a = accounts[i]
                .as_ref()
                .ok_or_else(|| anyhow!("a reserve of the token-swap pool is missing"))?;
            // SPL token account: amount at bytes 64..72
            Ok(u64::from_le_bytes(a.data[64..72].try_into()?))
        };
        Ok((read(0)?, read(1)?))
    }
}

impl Swapper for AmmSwapper {
    fn name(&self) -> &'static str {
        "amm"
    }

    fn quote(
        &self,
        input_mint: &Pubkey,
        output_mint: &Pubkey,
        amount_in: u64,
        slippage_bps: u16,
    ) -> Result<Quote> {
        let mut candidates = self.pools_with(input_mint, true)?;
        candidates.extend(self.pools_with(input_mint, false)?);
        let mut best: Option<Quote> = None;
        for (key, pool) in candidates {
            let Some(a_to_b) = pool.direction(input_mint, output_mint) else {
                continue;
            };
            if pool.curve_type != super::CONSTANT_PRODUCT {
                continue;
            }
            let (a, b) = self.reserves(&pool)?;
            let (reserve_in, reserve_out) = if a_to_b { (a, b) } else { (b, a) };
            // nothing out (dust, or an empty side): a quote of zero, which no one sends
            let out = quote_out_down(amount_in, reserve_in, reserve_out, &pool.fees)
                .map_or(0, |r| r.destination_amount_swapped);
            let marginal = (amount_in as u128 * reserve_out as u128)
                .checked_div(reserve_in as u128)
                .unwrap_or(0);
            let quote = Quote {
                input_mint: *input_mint,
                output_mint: *output_mint,
                in_amount: amount_in,
                out_amount: out,
                min_out: min_out_down(out, slippage_bps),
                price_impact_bps: impact_bps_up(out, marginal),
                route: Route::TokenSwap { swap: key, a_to_b },
            };
            if best
                .as_ref()
                .is_none_or(|b| quote.out_amount > b.out_amount)
            {
                best = Some(quote);
            }
        }
        best.ok_or_else(|| {
            anyhow!(
                "no token-swap pool of {} trades {amount_in} of {input_mint} for {output_mint}",
                self.program
            )
        })
    }

    fn instructions(
        &self,
        quote: &Quote,
        user: &Pubkey,
        source: &Pubkey,
        destination: &Pubkey,
    ) -> Result<SwapInstructions> {
        let Route::TokenSwap { swap: key, a_to_b } = &quote.route else {
            bail!("not a token-swap quote");
        };
        let data = self
            .rpc
            .get_account_data(key)
            .with_context(|| format!("reading the token-swap pool {key}"))?;
        let pool = SwapPool::decode(&data)?;
        let ix = swap(
            &self.program,
            key,
            &pool,
            *a_to_b,
            user,
            source,
            destination,
            quote.in_amount,
            quote.min_out,
        );
        Ok(SwapInstructions {
            swap: vec![ix],
            ..SwapInstructions::default()
        })
    }
}
