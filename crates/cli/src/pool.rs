//! `lending-pool pool ...`: creating and administering a pool and the insurance fund's
//! donations; `pool show` prints `super::pool_view`.
use super::pool_view::{pool_view, print_pool};
use super::{
    addresses,
    delivery::Delivery,
    parse::{parse_pause_flags, read_config_file},
    Ctx,
};
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::Subcommand;
use lending_pool_client::amount::parse_amount;
use lending_pool_sdk::{ix, parse_feed_id, state::CollateralParams, PoolAddresses};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum PoolCommand {
    /// Create a pool for a base mint; the signer becomes admin.
    Init {
        #[arg(long)]
        base_mint: Pubkey,
        /// Pyth feed id of the base asset (64 hex characters).
        #[arg(long)]
        base_feed: String,
        /// Guardian (may pause); default: the signer.
        #[arg(long)]
        guardian: Option<Pubkey>,
        /// JSON file with PoolConfig fields (missing ones take the example's values).
        #[arg(long)]
        config_file: Option<PathBuf>,
    },
    /// Admin: add a collateral asset.
    AddCollateral {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        mint: Pubkey,
        /// Pyth feed id (64 hex characters).
        #[arg(long)]
        feed: String,
        #[arg(long)]
        ltv_bps: u16,
        #[arg(long)]
        liquidation_threshold_bps: u16,
        #[arg(long)]
        liquidation_bonus_bps: u16,
        /// Most of this collateral the pool accepts (base units of the mint).
        #[arg(long, default_value_t = u64::MAX)]
        deposit_cap: u64,
    },
    /// Admin: change a collateral slot's feed id (feed migration), LTV (0 delists),
    /// threshold, bonus or cap; absent flags keep the current values.
    UpdateCollateral {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        slot: u8,
        /// Pyth feed id (64 hex characters).
        #[arg(long)]
        feed: Option<String>,
        #[arg(long)]
        ltv_bps: Option<u16>,
        #[arg(long)]
        liquidation_threshold_bps: Option<u16>,
        #[arg(long)]
        liquidation_bonus_bps: Option<u16>,
        #[arg(long)]
        deposit_cap: Option<u64>,
    },
    /// Admin: retire a delisted collateral slot (LTV 0) whose newest accepted price is more
    /// than a day old: it is worth zero from then on and needs no oracle; what bankrupt
    /// positions hold of it is forfeited when they settle. Final.
    RetireCollateral {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        slot: u8,
    },
    /// Admin: replace the pool's config from a JSON file.
    UpdateConfig {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        config_file: PathBuf,
    },
    /// Admin or guardian: set the pause flags (comma-separated names, `all` or `none`).
    Pause {
        #[arg(long)]
        pool: Pubkey,
        /// deposit, withdraw, fund_insurance, borrow, repay, deposit_collateral,
        /// withdraw_collateral, liquidate, settle, stake, unstake, breaker (what the circuit breaker sets:
        /// omitting it resumes a tripped breaker); or all / none.
        #[arg(long)]
        flags: String,
    },
    /// Admin: propose a new admin (e.g. a multisig vault); it takes over with accept-admin.
    TransferAdmin {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        new_admin: Pubkey,
    },
    /// The proposed admin: accept the role (with --authority <vault> --print-message when
    /// the new admin is a multisig).
    AcceptAdmin {
        #[arg(long)]
        pool: Pubkey,
    },
    /// Admin: set the guardian (who may pause).
    SetGuardian {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        guardian: Pubkey,
    },
    /// Anyone: donate base tokens to the insurance fund.
    FundInsurance {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        amount: String,
    },
    /// Anyone: give base tokens to the pool's LPs (no shares minted): recapitalizes a pool
    /// whose LPs were wiped out, before `unfreeze`, only while it is frozen or deposits are
    /// paused. Recorded as recovered in the loss ledger.
    Recapitalize {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        amount: String,
        /// Fail if more LP shares exist than this (base units; default: the supply now).
        #[arg(long)]
        max_lp_supply: Option<u64>,
    },
    /// Admin or guardian: reopen a frozen pool once its share price is back at the floor.
    Unfreeze {
        #[arg(long)]
        pool: Pubkey,
    },
    /// Anyone: move the insurance fund's pending share of interest into its vault. (There is
    /// no admin withdrawal from the insurance fund: it only pays bad debt.)
    SweepInsurance {
        #[arg(long)]
        pool: Pubkey,
    },
    /// The pool's books.
    Show {
        #[arg(long)]
        pool: Pubkey,
    },
}

pub(super) fn run(ctx: &Ctx, c: PoolCommand) -> Result<()> {
    // each subcommand signs as `ctx.authority`: the admin, guardian or donor (the keypair,
    // or a multisig given with --authority)
    match c {
        PoolCommand::Init {
            base_mint,
            base_feed,
            guardian,
            config_file,
        } => init(ctx, &base_mint, &base_feed, guardian, config_file),
        PoolCommand::AddCollateral {
            pool,
            mint,
            feed,
            ltv_bps,
            liquidation_threshold_bps,
            liquidation_bonus_bps,
            deposit_cap,
        } => add_collateral(
            ctx,
            (&pool, &mint),
            &feed,
            (ltv_bps, liquidation_threshold_bps, liquidation_bonus_bps),
            deposit_cap,
        ),
        PoolCommand::UpdateCollateral {
            pool,
            slot,
            feed,
            ltv_bps,
            liquidation_threshold_bps,
            liquidation_bonus_bps,
            deposit_cap,
        } => update_collateral(
            ctx,
            (&pool, slot),
            feed.as_deref(),
            (ltv_bps, liquidation_threshold_bps, liquidation_bonus_bps),
            deposit_cap,
        ),
        PoolCommand::RetireCollateral { pool, slot } => retire_collateral(ctx, &pool, slot),
        PoolCommand::UpdateConfig { pool, config_file } => update_config(ctx, &pool, config_file),
        PoolCommand::Pause { pool, flags } => pause(ctx, &pool, &flags),
        PoolCommand::TransferAdmin { pool, new_admin } => transfer_admin(ctx, &pool, &new_admin),
        PoolCommand::AcceptAdmin { pool } => accept_admin(ctx, &pool),
        PoolCommand::SetGuardian { pool, guardian } => set_guardian(ctx, &pool, &guardian),
        PoolCommand::FundInsurance { pool, amount } => fund_insurance(ctx, &pool, &amount),
        PoolCommand::Recapitalize {
            pool,
            amount,
            max_lp_supply,
        } => recapitalize(ctx, &pool, &amount, max_lp_supply),
        PoolCommand::Unfreeze { pool } => unfreeze(ctx, &pool),
        PoolCommand::SweepInsurance { pool } => sweep_insurance(ctx, &pool),
        PoolCommand::Show { pool } => show(ctx, &pool),
    }
}

/// A collateral's LTV, liquidation threshold and liquidation bonus (bps), as flagged.
type RiskBps<T> = (T, T, T);

/// `pool init`: the pool's addresses derive from the base mint and the signer (its admin).
fn init(
    ctx: &Ctx,
    base_mint: &Pubkey,
    base_feed: &str,
    guardian: Option<Pubkey>,
    config_file: Option<PathBuf>,
) -> Result<()> {
    let me = ctx.authority;
    let config = read_config_file(config_file.as_ref())?;
    let addrs = PoolAddresses::derive(base_mint, &me);
    let ix = ix::init_pool(
        &addrs,
        &guardian.unwrap_or(me),
        parse_feed_id(base_feed)?,
        config,
    );
    if ctx.delivery != Delivery::Send {
        return ctx.deliver(&format!("init pool {}", addrs.pool), &[ix]);
    }
    let sig = ctx.client.send(&[ix], &[])?;
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({ "pool": addrs.pool.to_string(), "lp_mint": addrs.lp_mint.to_string(), "signature": sig })
        );
    } else {
        println!("pool {} (LP mint {}) ({sig})", addrs.pool, addrs.lp_mint);
    }
    Ok(())
}

/// `pool add-collateral`: lists `mint` in the pool's next slot.
fn add_collateral(
    ctx: &Ctx,
    (pool, mint): (&Pubkey, &Pubkey),
    feed: &str,
    (ltv_bps, liquidation_threshold_bps, liquidation_bonus_bps): RiskBps<u16>,
    deposit_cap: u64,
) -> Result<()> {
    let p = ctx.client.pool(pool)?;
    let params = CollateralParams {
        feed_id: parse_feed_id(feed)?,
        ltv_bps,
        liquidation_threshold_bps,
        liquidation_bonus_bps,
        deposit_cap,
    };
    let ix = ix::add_collateral(&addresses(&p), &ctx.authority, mint, params);
    ctx.deliver(
        &format!("collateral slot {} added", p.num_collaterals),
        &[ix],
    )
}

/// `pool update-collateral`: the slot's current parameters, with those flagged replaced.
fn update_collateral(
    ctx: &Ctx,
    (pool, slot): (&Pubkey, u8),
    feed: Option<&str>,
    (ltv_bps, liquidation_threshold_bps, liquidation_bonus_bps): RiskBps<Option<u16>>,
    deposit_cap: Option<u64>,
) -> Result<()> {
    let p = ctx.client.pool(pool)?;
    let now = p.collateral(slot as usize)?.params();
    let params = CollateralParams {
        feed_id: feed.map(parse_feed_id).transpose()?.unwrap_or(now.feed_id),
        ltv_bps: ltv_bps.unwrap_or(now.ltv_bps),
        liquidation_threshold_bps: liquidation_threshold_bps
            .unwrap_or(now.liquidation_threshold_bps),
        liquidation_bonus_bps: liquidation_bonus_bps.unwrap_or(now.liquidation_bonus_bps),
        deposit_cap: deposit_cap.unwrap_or(now.deposit_cap),
    };
    // the program's own bounds, so a bad value fails here with its reason
    params.validate_update(p.config.liquidation_fee_bps)?;
    let ix = ix::update_collateral(pool, &ctx.authority, slot, params);
    ctx.deliver(&format!("collateral slot {slot} updated"), &[ix])
}

/// `pool retire-collateral`: checked first by the program's own rule on a copy of the pool
/// (this machine's clock), so a slot that cannot be retired yet fails here with its reason.
fn retire_collateral(ctx: &Ctx, pool: &Pubkey, slot: u8) -> Result<()> {
    let mut p = ctx.client.pool(pool)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    p.retire_collateral(slot as usize, now)?;
    let ix = ix::retire_collateral(pool, &ctx.authority, slot);
    ctx.deliver(&format!("collateral slot {slot} retired"), &[ix])
}

/// `pool update-config`: the whole config, from a JSON file.
fn update_config(ctx: &Ctx, pool: &Pubkey, config_file: PathBuf) -> Result<()> {
    let config = read_config_file(Some(&config_file))?;
    let ix = ix::update_config(pool, &ctx.authority, config);
    ctx.deliver("config updated", &[ix])
}

/// `pool pause`: the admin's or guardian's pause flags, by name.
fn pause(ctx: &Ctx, pool: &Pubkey, flags: &str) -> Result<()> {
    let flags = parse_pause_flags(flags)?;
    ctx.deliver(
        &format!("pause flags set to {flags:#06x}"),
        &[ix::set_pause(pool, &ctx.authority, flags)],
    )
}

/// `pool transfer-admin`: proposes `new_admin`, who takes over with `accept-admin`.
fn transfer_admin(ctx: &Ctx, pool: &Pubkey, new_admin: &Pubkey) -> Result<()> {
    ctx.deliver(
        &format!("admin transfer to {new_admin} proposed"),
        &[ix::transfer_admin(pool, &ctx.authority, new_admin)],
    )
}

/// `pool accept-admin`: the proposed admin takes the role.
fn accept_admin(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let me = ctx.authority;
    ctx.deliver(
        &format!("{me} is now admin"),
        &[ix::accept_admin(pool, &me)],
    )
}

/// `pool set-guardian`: who may pause.
fn set_guardian(ctx: &Ctx, pool: &Pubkey, guardian: &Pubkey) -> Result<()> {
    ctx.deliver(
        &format!("guardian set to {guardian}"),
        &[ix::set_guardian(pool, &ctx.authority, guardian)],
    )
}

/// `pool fund-insurance`: a donation from the signer's base-token account.
fn fund_insurance(ctx: &Ctx, pool: &Pubkey, amount: &str) -> Result<()> {
    let (client, me) = (&ctx.client, ctx.authority);
    let p = client.pool(pool)?;
    let amount = parse_amount(amount, p.base_decimals)?;
    let source = client.ensure_ata(&me, &p.base_mint)?;
    let ix = ix::fund_insurance(&addresses(&p), &me, &source, amount);
    ctx.deliver("insurance funded", &[ix])
}

/// `pool recapitalize`: a gift to the LPs, refused if more LP shares exist than
/// `max_lp_supply` (default: the supply now).
fn recapitalize(ctx: &Ctx, pool: &Pubkey, amount: &str, max_lp_supply: Option<u64>) -> Result<()> {
    let (client, me) = (&ctx.client, ctx.authority);
    let p = client.pool(pool)?;
    let amount = parse_amount(amount, p.base_decimals)?;
    let source = client.ensure_ata(&me, &p.base_mint)?;
    let max_lp_supply = match max_lp_supply {
        Some(m) => m,
        None => client.mint_supply(&p.lp_mint)?,
    };
    let ix = ix::recapitalize(&addresses(&p), &me, &source, amount, max_lp_supply);
    ctx.deliver("pool recapitalized", &[ix])
}

/// `pool unfreeze`: reopens a frozen pool whose share price is back at the floor.
fn unfreeze(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let p = ctx.client.pool(pool)?;
    let ix = ix::unfreeze(&addresses(&p), &ctx.authority);
    ctx.deliver("pool unfrozen", &[ix])
}

/// `pool sweep-insurance`: the fund's pending share of interest into its vault.
fn sweep_insurance(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let p = ctx.client.pool(pool)?;
    ctx.deliver(
        "pending insurance swept",
        &[ix::sweep_insurance(&addresses(&p))],
    )
}

/// `pool show`: the pool's books, as JSON or printed.
fn show(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let v = pool_view(&ctx.client, pool)?;
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_pool(&v);
    }
    Ok(())
}
