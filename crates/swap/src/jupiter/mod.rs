//! Jupiter's swap API (v1: `GET /quote`, `POST /swap-instructions`), per its published
//! schema: the quote is kept as returned and passed back for the instructions, which come
//! as JSON instructions (program id, accounts, base64 data) plus the address lookup tables
//! the route's accounts are in. Jupiter's compute-budget instructions are dropped: the bot
//! sets its own limit and price for the whole transaction.
mod wire;

use crate::swapper::{Quote, Route, SwapInstructions, Swapper};
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use std::time::Duration;
pub use wire::{ApiInstruction, QuoteResponse, SwapInstructionsResponse};

/// The free endpoint; the keyed one is `https://api.jup.ag/swap/v1` (with `--jupiter-api-key`).
pub const DEFAULT_URL: &str = "https://lite-api.jup.ag/swap/v1";

/// Sells through Jupiter's routes.
pub struct JupiterSwapper {
    base_url: String,
    api_key: Option<String>,
    /// Most accounts the route may use, so the liquidation and the flash loan still fit
    /// in one transaction beside it.
    max_accounts: u8,
    http: reqwest::blocking::Client,
}

impl JupiterSwapper {
    pub fn new(base_url: &str, api_key: Option<String>, max_accounts: u8) -> Result<Self> {
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
            max_accounts,
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
        })
    }

    fn with_key(
        &self,
        req: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.api_key {
            Some(k) => req.header("x-api-key", k),
            None => req,
        }
    }

    fn get_quote(
        &self,
        input: &Pubkey,
        output: &Pubkey,
        amount: u64,
        slippage_bps: u16,
    ) -> Result<serde_json::Value> {
        let url = format!("{}/quote", self.base_url);
        let req = self.http.get(&url).query(&[
            ("inputMint", input.to_string()),
            ("outputMint", output.to_string()),
            ("amount", amount.to_string()),
            ("slippageBps", slippage_bps.to_string()),
            ("swapMode", "ExactIn".to_string()),
            ("restrictIntermediateTokens", "true".to_string()),
            ("maxAccounts", self.max_accounts.to_string()),
        ]);
        read_json(self.with_key(req).send(), &url)
    }
}

fn read_json(
    sent: reqwest::Result<reqwest::blocking::Response>,
    url: &str,
) -> Result<serde_json::Value> {
    let response = sent.with_context(|| format!("requesting {url}"))?;
    let status = response.status();
    let body = response.text().with_context(|| format!("reading {url}"))?;
    if !status.is_success() {
        bail!("{url}: HTTP {status}: {body}");
    }
    serde_json::from_str(&body).with_context(|| format!("{url}: not JSON: {body}"))
}

impl Swapper for JupiterSwapper {
    fn name(&self) -> &'static str {
        "jupiter"
    }

    fn quote(
        &self,
        input_mint: &Pubkey,
        output_mint: &Pubkey,
        amount_in: u64,
        slippage_bps: u16,
    ) -> Result<Quote> {
        let raw = self.get_quote(input_mint, output_mint, amount_in, slippage_bps)?;
        let parsed: QuoteResponse =
            serde_json::from_value(raw.clone()).context("Jupiter's quote response")?;
        parsed.check(input_mint, output_mint, amount_in)?;
        Ok(Quote {
            input_mint: *input_mint,
            output_mint: *output_mint,
            in_amount: amount_in,
            out_amount: parsed.out_amount()?,
            min_out: parsed.min_out()?,
            price_impact_bps: parsed.price_impact_bps()?,
            route: Route::Jupiter(raw),
        })
    }

    fn instructions(
        &self,
        quote: &Quote,
        user: &Pubkey,
        _source: &Pubkey,
        destination: &Pubkey,
    ) -> Result<SwapInstructions> {
        let Route::Jupiter(raw) = &quote.route else {
            bail!("not a Jupiter quote");
        };
        let url = format!("{}/swap-instructions", self.base_url);
        let body = serde_json::json!({
            "quoteResponse": raw,
            "userPublicKey": user.to_string(),
            "destinationTokenAccount": destination.to_string(),
            "wrapAndUnwrapSol": false,
            "dynamicComputeUnitLimit": false,
        });
        let req = self.http.post(&url).json(&body);
        let raw = read_json(self.with_key(req).send(), &url)?;
        let parsed: SwapInstructionsResponse =
            serde_json::from_value(raw).context("Jupiter's swap-instructions response")?;
        parsed.into_instructions()
    }
}
