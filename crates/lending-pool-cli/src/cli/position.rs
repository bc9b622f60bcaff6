//! `lending-pool position ...`: opening a borrower's position, moving its collateral, and
//! `position show` (collateral, debt and, given oracle accounts, health: a `PositionView`).
use super::{done, oracles_for, Ctx, OracleArgs};
use crate::amount::{format_amount, parse_amount};
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use lending_pool_sdk::{ix, math::PriceMode, oracle::decode_price_update, pda, prices};
use serde::{Deserialize, Serialize};
use solana_signer::Signer;

#[derive(Subcommand, Debug)]
pub enum PositionCommand {
    /// Open position `index` for the signer.
    Open {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long, default_value_t = 0)]
        index: u16,
    },
    /// Deposit collateral of slot `slot` (whole tokens, e.g. 10.5).
    DepositCollateral {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        slot: u8,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value_t = 0)]
        index: u16,
    },
    /// Withdraw collateral (the position must stay within its borrow limit).
    WithdrawCollateral {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        slot: u8,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value_t = 0)]
        index: u16,
        #[command(flatten)]
        oracles: OracleArgs,
    },
    /// A position's collateral, debt and (with oracle accounts) health.
    Show {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        owner: Option<Pubkey>,
        #[arg(long, default_value_t = 0)]
        index: u16,
        #[command(flatten)]
        oracles: OracleArgs,
    },
}

/// A position as `position show` prints it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PositionView {
    pub position: String,
    pub owner: String,
    pub collateral: Vec<u64>,
    pub debt: u64,
    /// WAD (as a string); present when oracle accounts were given.
    pub health_wad: Option<String>,
    pub liquidatable: Option<bool>,
}

pub(super) fn run(ctx: &Ctx, c: PositionCommand) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    match c {
        PositionCommand::Open { pool, index } => {
            let sig = client.send(&[ix::open_position(&pool, &me, index)], &[])?;
            done(
                ctx,
                &format!("position {} opened", pda::position(&pool, &me, index)),
                &sig,
            );
            Ok(())
        }
        PositionCommand::DepositCollateral {
            pool,
            slot,
            amount,
            index,
        } => {
            let p = client.pool(&pool)?;
            let asset = p.collateral(slot as usize)?;
            let amount = parse_amount(&amount, asset.decimals)?;
            let source = client.ensure_ata(&me, &asset.mint)?;
            let position = pda::position(&pool, &me, index);
            let ix =
                ix::deposit_collateral(&pool, &position, &me, &asset.vault, &source, slot, amount);
            let sig = client.send(&[ix], &[])?;
            done(ctx, "collateral deposited", &sig);
            Ok(())
        }
        PositionCommand::WithdrawCollateral {
            pool,
            slot,
            amount,
            index,
            oracles,
        } => {
            let p = client.pool(&pool)?;
            let asset = *p.collateral(slot as usize)?;
            let amount = parse_amount(&amount, asset.decimals)?;
            let position = pda::position(&pool, &me, index);
            let mut after = client.position(&position)?;
            after.collateral[slot as usize] =
                after.collateral[slot as usize].saturating_sub(amount);
            let (base, accounts) = oracles_for(&p, &after, &oracles)?;
            let dest = client.ensure_ata(&me, &asset.mint)?;
            let ix = ix::withdraw_collateral(
                &pool,
                &position,
                &me,
                &asset.vault,
                &dest,
                &base,
                &accounts,
                slot,
                amount,
            );
            let sig = client.send(&[ix], &[])?;
            done(ctx, "collateral withdrawn", &sig);
            Ok(())
        }
        PositionCommand::Show {
            pool,
            owner,
            index,
            oracles,
        } => show(ctx, pool, owner.unwrap_or(me), index, &oracles),
    }
}

/// `position show`: reads the position, accrues the pool to now and, when oracle accounts
/// are given, prices the position at spot as the liquidator would.
fn show(ctx: &Ctx, pool: Pubkey, owner: Pubkey, index: u16, oracles: &OracleArgs) -> Result<()> {
    let client = &ctx.client;
    let mut p = client.pool(&pool)?;
    let now = client.unix_time()?;
    p.accrue_interest(now)?;
    let key = pda::position(&pool, &owner, index);
    let pos = client.position(&key)?;
    let debt = pos.debt(p.borrow_index.get())?;
    let mut health = None;
    if oracles.base_oracle.is_some() {
        let (base, _) = oracles_for(&p, &pos, oracles)?;
        let read = |k: &Pubkey| -> Result<_> {
            let d = client
                .account_data(k)?
                .with_context(|| format!("oracle {k} does not exist"))?;
            decode_price_update(&d).with_context(|| format!("oracle {k}"))
        };
        let base_update = read(&base)?;
        let held = p.held_slots(&pos);
        let mut updates = vec![None; p.num_collaterals as usize];
        for &slot in &held {
            updates[slot] = Some(read(&oracles.oracles[slot])?);
        }
        let m = prices::from_updates(&p, now, Some(&base_update), &updates, PriceMode::Spot);
        m.base.context("base price stale or invalid")?;
        if let Some(slot) = held.into_iter().find(|&s| m.collateral[s].is_none()) {
            bail!("slot {slot} price stale or invalid");
        }
        health = Some(p.position_health(&pos, &m, PriceMode::Spot)?);
    }
    let v = PositionView {
        position: key.to_string(),
        owner: pos.owner.to_string(),
        collateral: pos.collateral[..p.num_collaterals as usize].to_vec(),
        debt,
        health_wad: health.map(|h| h.health_wad.to_string()),
        liquidatable: health.map(|h| h.is_liquidatable()),
    };
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!("position     {}", v.position);
    println!("owner        {}", v.owner);
    for (slot, c) in v.collateral.iter().enumerate() {
        let d = p.collaterals[slot].decimals;
        println!("collateral {slot} {}", format_amount(*c as u128, d));
    }
    println!(
        "debt         {}",
        format_amount(debt as u128, p.base_decimals)
    );
    if let Some(h) = health {
        println!(
            "health       {} (spot; below 1 is liquidatable){}",
            format_amount(
                h.health_wad.min(u64::MAX as u128 * 1_000) / 1_000_000_000,
                9
            ),
            if h.is_liquidatable() {
                "  LIQUIDATABLE"
            } else {
                ""
            }
        );
    }
    Ok(())
}
