//! Jupiter's JSON, as its API documents it (camelCase; amounts as decimal strings; public
//! keys base58; instruction data base64).
use crate::swapper::SwapInstructions;
use anchor_lang::{
    prelude::Pubkey,
    solana_program::instruction::{AccountMeta, Instruction},
};
use anyhow::{ensure, Context, Result};
use base64::Engine;
use serde::Deserialize;

/// `GET /quote`: the fields the bot reads (the rest is passed back untouched).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteResponse {
    pub input_mint: String,
    pub in_amount: String,
    pub output_mint: String,
    pub out_amount: String,
    /// For `ExactIn`, the least the route pays at the slippage asked.
    pub other_amount_threshold: String,
    pub swap_mode: String,
    pub slippage_bps: u16,
    /// A decimal fraction (`"0.0012"` is 12 bps).
    #[serde(default)]
    pub price_impact_pct: Option<String>,
    #[serde(default)]
    pub route_plan: Vec<serde_json::Value>,
}

fn amount(s: &str, what: &str) -> Result<u64> {
    s.parse()
        .with_context(|| format!("Jupiter's {what} {s:?} is not an amount"))
}

impl QuoteResponse {
    /// The quote is for what was asked.
    pub fn check(&self, input: &Pubkey, output: &Pubkey, amount_in: u64) -> Result<()> {
        ensure!(
            self.swap_mode == "ExactIn",
            "Jupiter quoted {}, not ExactIn",
            self.swap_mode
        );
        ensure!(
            self.input_mint == input.to_string() && self.output_mint == output.to_string(),
            "Jupiter quoted {} → {}, not {input} → {output}",
            self.input_mint,
            self.output_mint
        );
        ensure!(
            amount(&self.in_amount, "inAmount")? == amount_in,
            "Jupiter quoted {} in, not {amount_in}",
            self.in_amount
        );
        ensure!(!self.route_plan.is_empty(), "Jupiter's quote has no route");
        Ok(())
    }

    pub fn out_amount(&self) -> Result<u64> {
        amount(&self.out_amount, "outAmount")
    }

    pub fn min_out(&self) -> Result<u64> {
        amount(&self.other_amount_threshold, "otherAmountThreshold")
    }

    /// The price impact in bps, rounded up.
    pub fn price_impact_bps(&self) -> Result<u32> {
        let Some(pct) = &self.price_impact_pct else {
            return Ok(0);
        };
        let fraction: f64 = pct
            .parse()
            .with_context(|| format!("Jupiter's priceImpactPct {pct:?}"))?;
        Ok((fraction.abs() * 10_000.0).ceil().min(u32::MAX as f64) as u32)
    }
}

/// One instruction as JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiInstruction {
    pub program_id: String,
    pub accounts: Vec<ApiAccount>,
    pub data: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAccount {
    pub pubkey: String,
    pub is_signer: bool,
    pub is_writable: bool,
}

fn key(s: &str) -> Result<Pubkey> {
    s.parse()
        .with_context(|| format!("{s:?} is not a public key"))
}

impl ApiInstruction {
    pub fn decode(&self) -> Result<Instruction> {
        let accounts = self
            .accounts
            .iter()
            .map(|a| {
                Ok(AccountMeta {
                    pubkey: key(&a.pubkey)?,
                    is_signer: a.is_signer,
                    is_writable: a.is_writable,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Instruction {
            program_id: key(&self.program_id)?,
            accounts,
            data: base64::engine::general_purpose::STANDARD
                .decode(&self.data)
                .context("instruction data is not base64")?,
        })
    }
}

/// `POST /swap-instructions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SwapInstructionsResponse {
    #[serde(default)]
    pub token_ledger_instruction: Option<ApiInstruction>,
    #[serde(default)]
    pub compute_budget_instructions: Vec<ApiInstruction>,
    #[serde(default)]
    pub setup_instructions: Vec<ApiInstruction>,
    pub swap_instruction: ApiInstruction,
    #[serde(default)]
    pub cleanup_instruction: Option<ApiInstruction>,
    #[serde(default)]
    pub other_instructions: Vec<ApiInstruction>,
    #[serde(default)]
    pub address_lookup_table_addresses: Vec<String>,
}

impl SwapInstructionsResponse {
    /// Setup, swap and cleanup (Jupiter's compute-budget instructions dropped; a token
    /// ledger is not asked for), and the lookup tables.
    pub fn into_instructions(self) -> Result<SwapInstructions> {
        ensure!(
            self.token_ledger_instruction.is_none(),
            "Jupiter returned a token-ledger instruction, which was not asked for"
        );
        let decode = |v: &[ApiInstruction]| {
            v.iter()
                .map(ApiInstruction::decode)
                .collect::<Result<Vec<_>>>()
        };
        let mut setup = decode(&self.setup_instructions)?;
        setup.extend(decode(&self.other_instructions)?);
        Ok(SwapInstructions {
            setup,
            swap: vec![self.swap_instruction.decode()?],
            cleanup: self
                .cleanup_instruction
                .iter()
                .map(ApiInstruction::decode)
                .collect::<Result<_>>()?,
            lookup_tables: self
                .address_lookup_table_addresses
                .iter()
                .map(|s| key(s))
                .collect::<Result<_>>()?,
        })
    }
}
