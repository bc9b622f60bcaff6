//! `lending-pool position ...`: opening a borrower's position, moving its collateral,
//! `position show` (collateral, debt, mark and, given oracle accounts, health: a
//! `PositionView`), and its shortfall: `position shortfall` and `position mark`
//! (`super::shortfall`).
use super::{done, oracles_for, shortfall, Ctx, OracleArgs};
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::Subcommand;
use lending_pool_client::amount::{format_amount, parse_amount};
use lending_pool_sdk::{ix, math::PriceMode, pda};
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
        /// Needed only when the position is marked (it is re-marked with the new collateral).
        #[command(flatten)]
        oracles: OracleArgs,
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
    /// Anyone: record what a full liquidation of the position would leave to settle now
    /// (`mark_shortfall`; releases the mark of a healthy position). LP and insurance exits
    /// are priced net of the uncovered marks.
    Mark {
        position: Pubkey,
        #[command(flatten)]
        oracles: OracleArgs,
    },
    /// The position's shortfall now, its mark, and the pool's exit prices with it re-marked
    /// (what `preview_mark` returns).
    Shortfall {
        position: Pubkey,
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
    /// The recorded mark (`mark_shortfall`), base units.
    pub marked_shortfall: u64,
    /// WAD (as a string); present when oracle accounts were given.
    pub health_wad: Option<String>,
    pub liquidatable: Option<bool>,
}

pub(super) fn run(ctx: &Ctx, c: PositionCommand) -> Result<()> {
    let me = ctx.client.payer.pubkey();
    match c {
        PositionCommand::Open { pool, index } => open(ctx, &pool, index),
        PositionCommand::DepositCollateral {
            pool,
            slot,
            amount,
            index,
            oracles,
        } => deposit_collateral(ctx, (&pool, index), slot, &amount, &oracles),
        PositionCommand::WithdrawCollateral {
            pool,
            slot,
            amount,
            index,
            oracles,
        } => withdraw_collateral(ctx, (&pool, index), slot, &amount, &oracles),
        PositionCommand::Show {
            pool,
            owner,
            index,
            oracles,
        } => show(ctx, pool, owner.unwrap_or(me), index, &oracles),
        PositionCommand::Mark { position, oracles } => shortfall::mark(ctx, &position, &oracles),
        PositionCommand::Shortfall { position, oracles } => {
            shortfall::show(ctx, &position, &oracles)
        }
    }
}

/// `position open`: the signer's position `index`.
fn open(ctx: &Ctx, pool: &Pubkey, index: u16) -> Result<()> {
    let me = ctx.client.payer.pubkey();
    let sig = ctx
        .client
        .send(&[ix::open_position(pool, &me, index)], &[])?;
    done(
        ctx,
        &format!("position {} opened", pda::position(pool, &me, index)),
        &sig,
    );
    Ok(())
}

/// `position deposit-collateral`: `amount` of slot `slot` into the signer's position
/// `(pool, index)`.
fn deposit_collateral(
    ctx: &Ctx,
    (pool, index): (&Pubkey, u16),
    slot: u8,
    amount: &str,
    oracles: &OracleArgs,
) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    let p = client.pool(pool)?;
    let asset = p.collateral(slot as usize)?;
    let amount = parse_amount(amount, asset.decimals)?;
    let source = client.ensure_ata(&me, &asset.mint)?;
    let position = pda::position(pool, &me, index);
    let mut after = client.position(&position)?;
    // priced with the slots it holds after the deposit; the program reads the oracles only
    // for a marked position, so they are required only then
    after.collateral[slot as usize] = after.collateral[slot as usize].saturating_add(amount);
    let (base, accounts) = match oracles_for(&p, &after, oracles) {
        Ok(found) => found,
        Err(e) if after.marked_shortfall > 0 => return Err(e),
        Err(_) => (oracles.base_oracle.unwrap_or_default(), vec![]),
    };
    let ix = ix::deposit_collateral(
        pool,
        &position,
        &me,
        &asset.vault,
        &source,
        &base,
        &accounts,
        slot,
        amount,
    );
    let sig = client.send(&[ix], &[])?;
    done(ctx, "collateral deposited", &sig);
    Ok(())
}

/// `position withdraw-collateral`: `amount` of slot `slot` out of the signer's position
/// `(pool, index)`, priced with what it holds after.
fn withdraw_collateral(
    ctx: &Ctx,
    (pool, index): (&Pubkey, u16),
    slot: u8,
    amount: &str,
    oracles: &OracleArgs,
) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    let p = client.pool(pool)?;
    let asset = *p.collateral(slot as usize)?;
    let amount = parse_amount(amount, asset.decimals)?;
    let position = pda::position(pool, &me, index);
    let mut after = client.position(&position)?;
    after.collateral[slot as usize] = after.collateral[slot as usize].saturating_sub(amount);
    let (base, accounts) = oracles_for(&p, &after, oracles)?;
    let dest = client.ensure_ata(&me, &asset.mint)?;
    let ix = ix::withdraw_collateral(
        pool,
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
        let m = shortfall::position_prices(client, &p, &pos, oracles, now)?;
        health = Some(p.position_health(&pos, &m, PriceMode::Spot)?);
    }
    let v = PositionView {
        position: key.to_string(),
        owner: pos.owner.to_string(),
        collateral: pos.collateral[..p.num_collaterals as usize].to_vec(),
        debt,
        marked_shortfall: p.position_mark(&pos)?,
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
    if v.marked_shortfall > 0 {
        println!(
            "marked       {} (`position shortfall` prices it now)",
            format_amount(v.marked_shortfall as u128, p.base_decimals)
        );
    }
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
