//! `lending-pool`: admin and user commands, and read-only views of the pool's books.
use crate::{
    amount::{format_amount, parse_amount},
    config,
    rpc::{Client, Res, SendOptions},
};
use anchor_lang::prelude::Pubkey;
use clap::{Args, Parser, Subcommand};
use lending_pool_sdk::{
    constants::{pause, WAD},
    ix,
    math::{borrow_rate_wad_up, utilization_wad_down, PriceMode},
    oracle::decode_price_update,
    pda,
    state::{CollateralParams, Pool, PoolConfig},
    PoolAddresses,
};
use serde::{Deserialize, Serialize};
use solana_keypair::{read_keypair_file, Keypair};
use solana_signer::Signer;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "lending-pool",
    version,
    about = "Administer and use a lending pool"
)]
pub struct Cli {
    /// RPC URL or moniker (localhost, devnet, testnet, mainnet-beta); default: the Solana
    /// CLI config's json_rpc_url.
    #[arg(short = 'u', long, global = true)]
    pub url: Option<String>,
    /// Signer keypair file; default: the Solana CLI config's keypair_path.
    #[arg(short = 'k', long, global = true)]
    pub keypair: Option<String>,
    /// Solana CLI config file (default ~/.config/solana/cli/config.yml).
    #[arg(short = 'C', long, global = true)]
    pub config: Option<PathBuf>,
    /// Priority fee in micro-lamports per compute unit.
    #[arg(long, global = true, default_value_t = 0)]
    pub priority_fee: u64,
    /// Compute-unit limit per transaction.
    #[arg(long, global = true)]
    pub compute_unit_limit: Option<u32>,
    /// Print views as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Pool administration and the pool's books.
    #[command(subcommand)]
    Pool(PoolCommand),
    /// A borrower's position.
    #[command(subcommand)]
    Position(PositionCommand),
    /// LP: deposit base tokens for LP shares.
    Deposit {
        #[arg(long)]
        pool: Pubkey,
        /// Base tokens (e.g. 100.5).
        #[arg(long)]
        amount: String,
        /// Fail unless at least this many LP units come back.
        #[arg(long, default_value_t = 0)]
        min_shares: u64,
    },
    /// LP: withdraw exactly `amount` base tokens (burns the LP shares it costs).
    Withdraw {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        amount: String,
        /// Fail if it would burn more LP units than this.
        #[arg(long, default_value_t = u64::MAX)]
        max_shares: u64,
    },
    /// LP: burn `shares` LP units for base tokens.
    Redeem {
        #[arg(long)]
        pool: Pubkey,
        /// LP units (the LP mint has the base decimals + 3).
        #[arg(long)]
        shares: u64,
        #[arg(long, default_value_t = 0)]
        min_amount: u64,
    },
    /// Borrow base tokens against the position's collateral.
    Borrow {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value_t = 0)]
        index: u16,
        #[command(flatten)]
        oracles: OracleArgs,
    },
    /// Repay debt (anyone may repay anyone's position).
    Repay {
        #[arg(long)]
        pool: Pubkey,
        /// Base tokens, or `all`.
        #[arg(long)]
        amount: String,
        /// Position owner (default: the signer).
        #[arg(long)]
        owner: Option<Pubkey>,
        #[arg(long, default_value_t = 0)]
        index: u16,
    },
    /// Settle a bankrupt position (debt and no collateral) through the loss waterfall.
    Settle {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        position: Pubkey,
    },
}

#[derive(Args, Debug, Clone)]
pub struct OracleArgs {
    /// The base asset's PriceUpdateV2 account.
    #[arg(long)]
    pub base_oracle: Option<Pubkey>,
    /// Collateral PriceUpdateV2 accounts, one per pool collateral slot, in slot order.
    #[arg(long = "oracle")]
    pub oracles: Vec<Pubkey>,
}

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
        /// withdraw_collateral, liquidate, settle; or all / none.
        #[arg(long)]
        flags: String,
    },
    /// Anyone: donate base tokens to the insurance fund.
    FundInsurance {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        amount: String,
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

/// `PoolConfig` as a JSON file (also read by `migrations/deploy.ts`); absent fields take
/// `PoolConfig::example()`'s values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PoolConfigFile {
    pub deposit_cap: Option<u64>,
    pub borrow_cap: Option<u64>,
    pub base_rate_bps: Option<u32>,
    pub slope1_bps: Option<u32>,
    pub slope2_bps: Option<u32>,
    pub optimal_utilization_bps: Option<u32>,
    pub reserve_factor_bps: Option<u16>,
    pub liquidation_fee_bps: Option<u16>,
    pub oracle_max_conf_bps: Option<u16>,
    pub breaker_threshold_bps: Option<u16>,
    pub oracle_max_age_secs: Option<u32>,
    pub breaker_window_secs: Option<u32>,
}

impl PoolConfigFile {
    pub fn to_config(&self) -> PoolConfig {
        let e = PoolConfig::example();
        PoolConfig {
            deposit_cap: self.deposit_cap.unwrap_or(e.deposit_cap),
            borrow_cap: self.borrow_cap.unwrap_or(e.borrow_cap),
            base_rate_bps: self.base_rate_bps.unwrap_or(e.base_rate_bps),
            slope1_bps: self.slope1_bps.unwrap_or(e.slope1_bps),
            slope2_bps: self.slope2_bps.unwrap_or(e.slope2_bps),
            optimal_utilization_bps: self
                .optimal_utilization_bps
                .unwrap_or(e.optimal_utilization_bps),
            reserve_factor_bps: self.reserve_factor_bps.unwrap_or(e.reserve_factor_bps),
            liquidation_fee_bps: self.liquidation_fee_bps.unwrap_or(e.liquidation_fee_bps),
            oracle_max_conf_bps: self.oracle_max_conf_bps.unwrap_or(e.oracle_max_conf_bps),
            breaker_threshold_bps: self
                .breaker_threshold_bps
                .unwrap_or(e.breaker_threshold_bps),
            oracle_max_age_secs: self.oracle_max_age_secs.unwrap_or(e.oracle_max_age_secs),
            breaker_window_secs: self.breaker_window_secs.unwrap_or(e.breaker_window_secs),
        }
    }
}

fn read_config_file(path: Option<&PathBuf>) -> Res<PoolConfig> {
    let Some(path) = path else {
        return Ok(PoolConfig::example());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: PoolConfigFile =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let config = file.to_config();
    config
        .validate()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(config)
}

/// A 32-byte feed id from 64 hex characters (an optional `0x` prefix is accepted).
pub fn parse_feed_id(s: &str) -> Res<[u8; 32]> {
    let s = s.trim_start_matches("0x");
    if s.len() != 64 || !s.is_ascii() {
        return Err(format!("feed id `{s}` must be 64 hex characters"));
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
            .map_err(|_| format!("feed id `{s}` is not hex"))?;
    }
    Ok(out)
}

/// Pause flags from names (`borrow,withdraw_collateral`), `all` or `none`.
pub fn parse_pause_flags(s: &str) -> Res<u16> {
    let mut flags = 0u16;
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        flags |= match name {
            "none" => 0,
            "all" => pause::ALL,
            "deposit" => pause::DEPOSIT,
            "withdraw" => pause::WITHDRAW,
            "fund_insurance" => pause::FUND_INSURANCE,
            "borrow" => pause::BORROW,
            "repay" => pause::REPAY,
            "deposit_collateral" => pause::DEPOSIT_COLLATERAL,
            "withdraw_collateral" => pause::WITHDRAW_COLLATERAL,
            "liquidate" => pause::LIQUIDATE,
            "settle" => pause::SETTLE,
            other => return Err(format!("unknown pause flag `{other}`")),
        };
    }
    Ok(flags)
}

/// The pool's books as `pool show` prints them (integers; interest accrued to now).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PoolView {
    pub pool: String,
    pub base_mint: String,
    pub base_decimals: u8,
    pub status: String,
    pub pause_flags: u16,
    pub cash: u64,
    pub total_debt: u64,
    pub lp_assets: u64,
    pub lp_supply: u64,
    /// WAD-scaled base units per LP unit (a string: it may exceed 2^53).
    pub share_price_wad: String,
    pub utilization_bps: u64,
    pub borrow_rate_bps: u64,
    pub insurance_vault_ledger: u64,
    pub insurance_pending: u64,
    pub total_insurance_paid: u64,
    pub total_socialized: u64,
    pub settlements: u64,
    pub collaterals: Vec<CollateralView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CollateralView {
    pub slot: u8,
    pub mint: String,
    pub decimals: u8,
    pub total_deposited: u64,
    pub ltv_bps: u16,
    pub liquidation_threshold_bps: u16,
    pub liquidation_bonus_bps: u16,
}

/// Reads the pool and projects its interest to the cluster's clock, as the next
/// instruction would see it.
pub fn pool_view(client: &Client, key: &Pubkey) -> Res<PoolView> {
    let mut pool = client.pool(key)?;
    pool.accrue(client.unix_time()?)
        .map_err(|e| format!("accrual: {e}"))?;
    let fund = client.insurance_fund(&pool.insurance_fund)?;
    let lp_supply = client.mint_supply(&pool.lp_mint)?;
    let total_debt = pool.total_debt().map_err(|e| e.to_string())?;
    let u = utilization_wad_down(pool.cash, total_debt).map_err(|e| e.to_string())?;
    let rate = borrow_rate_wad_up(&pool.config, u).map_err(|e| e.to_string())?;
    Ok(PoolView {
        pool: key.to_string(),
        base_mint: pool.base_mint.to_string(),
        base_decimals: pool.base_decimals,
        status: if pool.status == 0 { "active" } else { "frozen" }.into(),
        pause_flags: pool.pause_flags,
        cash: pool.cash,
        total_debt,
        lp_assets: pool.lp_assets().map_err(|e| e.to_string())?,
        lp_supply,
        share_price_wad: pool
            .share_price_wad(lp_supply)
            .map_err(|e| e.to_string())?
            .to_string(),
        utilization_bps: (u * 10_000 / WAD) as u64,
        borrow_rate_bps: (rate * 10_000 / WAD) as u64,
        insurance_vault_ledger: fund.balance().map_err(|e| e.to_string())?,
        insurance_pending: pool.insurance_pending,
        total_insurance_paid: pool.total_insurance_paid,
        total_socialized: pool.total_socialized,
        settlements: pool.settlement_seq,
        collaterals: (0..pool.num_collaterals as usize)
            .map(|i| {
                let c = &pool.collaterals[i];
                CollateralView {
                    slot: i as u8,
                    mint: c.mint.to_string(),
                    decimals: c.decimals,
                    total_deposited: c.total_deposited,
                    ltv_bps: c.ltv_bps,
                    liquidation_threshold_bps: c.liquidation_threshold_bps,
                    liquidation_bonus_bps: c.liquidation_bonus_bps,
                }
            })
            .collect(),
    })
}

fn print_pool(v: &PoolView) {
    let t = |x: u64| format_amount(x as u128, v.base_decimals);
    let wad: u128 = v.share_price_wad.parse().unwrap_or(0);
    println!("pool                  {}", v.pool);
    println!(
        "base mint             {} ({} decimals)",
        v.base_mint, v.base_decimals
    );
    println!(
        "status                {} (pause flags {:#06x})",
        v.status, v.pause_flags
    );
    println!("cash                  {}", t(v.cash));
    println!("total debt            {}", t(v.total_debt));
    println!("lp_assets             {}", t(v.lp_assets));
    println!(
        "LP supply             {}",
        format_amount(v.lp_supply as u128, v.base_decimals + 3)
    );
    println!(
        "share price           {} base per LP token (WAD {})",
        format_amount(wad * 1_000 / 1_000_000_000_000, 9),
        v.share_price_wad
    );
    println!(
        "utilization           {:.2}%",
        v.utilization_bps as f64 / 100.0
    );
    println!(
        "borrow rate           {:.2}% a year",
        v.borrow_rate_bps as f64 / 100.0
    );
    println!(
        "insurance fund        {} in the vault + {} pending",
        t(v.insurance_vault_ledger),
        t(v.insurance_pending)
    );
    println!(
        "bad debt              {} settlements: {} covered by insurance, {} socialized",
        v.settlements,
        t(v.total_insurance_paid),
        t(v.total_socialized)
    );
    for c in &v.collaterals {
        println!(
            "collateral slot {}     {} ({} decimals): {} deposited; LTV {} / threshold {} / bonus {} bps",
            c.slot,
            c.mint,
            c.decimals,
            format_amount(c.total_deposited as u128, c.decimals),
            c.ltv_bps,
            c.liquidation_threshold_bps,
            c.liquidation_bonus_bps
        );
    }
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

struct Ctx {
    client: Client,
    json: bool,
}

fn load_keypair(path: &std::path::Path) -> Res<Keypair> {
    read_keypair_file(path).map_err(|e| format!("keypair {}: {e}", path.display()))
}

fn addresses(pool: &Pool) -> PoolAddresses {
    PoolAddresses::derive(&pool.base_mint, &pool.creator)
}

fn oracles_for(pool: &Pool, held: &[usize], o: &OracleArgs) -> Res<(Pubkey, Vec<Pubkey>)> {
    let base = o.base_oracle.ok_or("--base-oracle is required")?;
    let accounts = held
        .iter()
        .map(|&s| {
            o.oracles.get(s).copied().ok_or_else(|| {
                format!(
                    "--oracle for collateral slot {s} is missing (give one per slot, {} slots)",
                    pool.num_collaterals
                )
            })
        })
        .collect::<Res<Vec<_>>>()?;
    Ok((base, accounts))
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Res<()> {
    let (url, keypair_path) = config::resolve(
        cli.url.as_deref(),
        cli.keypair.as_deref(),
        cli.config.as_deref(),
    )?;
    let payer = load_keypair(&keypair_path)?;
    let send = SendOptions {
        priority_fee: cli.priority_fee,
        compute_unit_limit: cli.compute_unit_limit,
        ..SendOptions::default()
    };
    let ctx = Ctx {
        client: Client::new(&url, payer, send),
        json: cli.json,
    };
    match cli.command {
        Command::Pool(c) => pool_command(&ctx, c),
        Command::Position(c) => position_command(&ctx, c),
        other => user_command(&ctx, other),
    }
}

fn done(ctx: &Ctx, what: &str, sig: &str) {
    if ctx.json {
        println!("{}", serde_json::json!({ "done": what, "signature": sig }));
    } else {
        println!("{what} ({sig})");
    }
}

fn pool_command(ctx: &Ctx, c: PoolCommand) -> Res<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    match c {
        PoolCommand::Init {
            base_mint,
            base_feed,
            guardian,
            config_file,
        } => {
            let config = read_config_file(config_file.as_ref())?;
            let addrs = PoolAddresses::derive(&base_mint, &me);
            let ix = ix::init_pool(
                &addrs,
                &guardian.unwrap_or(me),
                parse_feed_id(&base_feed)?,
                config,
            );
            let sig = client.send(&[ix], &[])?;
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
        PoolCommand::AddCollateral {
            pool,
            mint,
            feed,
            ltv_bps,
            liquidation_threshold_bps,
            liquidation_bonus_bps,
            deposit_cap,
        } => {
            let p = client.pool(&pool)?;
            let params = CollateralParams {
                feed_id: parse_feed_id(&feed)?,
                ltv_bps,
                liquidation_threshold_bps,
                liquidation_bonus_bps,
                deposit_cap,
            };
            let ix = ix::add_collateral(&addresses(&p), &me, &mint, params);
            let sig = client.send(&[ix], &[])?;
            done(
                ctx,
                &format!("collateral slot {} added", p.num_collaterals),
                &sig,
            );
            Ok(())
        }
        PoolCommand::UpdateConfig { pool, config_file } => {
            let config = read_config_file(Some(&config_file))?;
            let sig = client.send(&[ix::update_config(&pool, &me, config)], &[])?;
            done(ctx, "config updated", &sig);
            Ok(())
        }
        PoolCommand::Pause { pool, flags } => {
            let flags = parse_pause_flags(&flags)?;
            let sig = client.send(&[ix::set_pause(&pool, &me, flags)], &[])?;
            done(ctx, &format!("pause flags set to {flags:#06x}"), &sig);
            Ok(())
        }
        PoolCommand::FundInsurance { pool, amount } => {
            let p = client.pool(&pool)?;
            let amount = parse_amount(&amount, p.base_decimals)?;
            let source = client.ensure_ata(&me, &p.base_mint)?;
            let ix = ix::fund_insurance(&addresses(&p), &me, &source, amount);
            let sig = client.send(&[ix], &[])?;
            done(ctx, "insurance funded", &sig);
            Ok(())
        }
        PoolCommand::SweepInsurance { pool } => {
            let p = client.pool(&pool)?;
            let sig = client.send(&[ix::sweep_insurance(&addresses(&p))], &[])?;
            done(ctx, "pending insurance swept", &sig);
            Ok(())
        }
        PoolCommand::Show { pool } => {
            let v = pool_view(client, &pool)?;
            if ctx.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
                );
            } else {
                print_pool(&v);
            }
            Ok(())
        }
    }
}

fn position_command(ctx: &Ctx, c: PositionCommand) -> Res<()> {
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
            let asset = p.collateral(slot as usize).map_err(|e| e.to_string())?;
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
            let asset = *p.collateral(slot as usize).map_err(|e| e.to_string())?;
            let amount = parse_amount(&amount, asset.decimals)?;
            let position = pda::position(&pool, &me, index);
            let mut after = client.position(&position)?;
            after.collateral[slot as usize] =
                after.collateral[slot as usize].saturating_sub(amount);
            let (base, accounts) = oracles_for(&p, &p.held_slots(&after), &oracles)?;
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
        } => {
            let mut p = client.pool(&pool)?;
            let now = client.unix_time()?;
            p.accrue(now).map_err(|e| e.to_string())?;
            let key = pda::position(&pool, &owner.unwrap_or(me), index);
            let pos = client.position(&key)?;
            let debt = pos.debt(p.borrow_index.get()).map_err(|e| e.to_string())?;
            let mut health = None;
            if oracles.base_oracle.is_some() {
                let held = p.held_slots(&pos);
                let (base, accounts) = oracles_for(&p, &held, &oracles)?;
                let read = |k: &Pubkey| -> Res<_> {
                    let d = client
                        .account_data(k)?
                        .ok_or_else(|| format!("oracle {k} does not exist"))?;
                    decode_price_update(&d).map_err(|e| format!("oracle {k}: {e}"))
                };
                let base_update = read(&base)?;
                let mut updates = vec![None; p.num_collaterals as usize];
                for (&s, k) in held.iter().zip(&accounts) {
                    updates[s] = Some(read(k)?);
                }
                let m = lending_pool_liquidator::Market::from_updates(
                    &p,
                    now,
                    Some(&base_update),
                    &updates,
                );
                let base = m.base.ok_or("base price stale or invalid")?;
                let prices = held
                    .iter()
                    .map(|&s| m.collateral[s].ok_or(format!("slot {s} price stale or invalid")))
                    .collect::<Res<Vec<_>>>()?;
                health = Some(
                    p.position_health(&pos, &prices, &base, PriceMode::Spot)
                        .map_err(|e| e.to_string())?,
                );
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
                println!(
                    "{}",
                    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
                );
            } else {
                println!("position     {}", v.position);
                println!("owner        {}", v.owner);
                for (i, c) in v.collateral.iter().enumerate() {
                    let d = p.collaterals[i].decimals;
                    println!("collateral {i} {}", format_amount(*c as u128, d));
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
            }
            Ok(())
        }
    }
}

fn user_command(ctx: &Ctx, c: Command) -> Res<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    let (pool_key, p) = match &c {
        Command::Deposit { pool, .. }
        | Command::Withdraw { pool, .. }
        | Command::Redeem { pool, .. }
        | Command::Borrow { pool, .. }
        | Command::Repay { pool, .. }
        | Command::Settle { pool, .. } => (*pool, client.pool(pool)?),
        Command::Pool(_) | Command::Position(_) => unreachable!("dispatched before"),
    };
    let addrs = addresses(&p);
    let d = p.base_decimals;
    let (ix, what) = match c {
        Command::Deposit {
            amount, min_shares, ..
        } => {
            let amount = parse_amount(&amount, d)?;
            let source = client.ensure_ata(&me, &p.base_mint)?;
            let lp = client.ensure_ata(&me, &p.lp_mint)?;
            (
                ix::deposit(&addrs, &me, &source, &lp, amount, min_shares),
                "deposited",
            )
        }
        Command::Withdraw {
            amount, max_shares, ..
        } => {
            let amount = parse_amount(&amount, d)?;
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            let lp = client.ensure_ata(&me, &p.lp_mint)?;
            (
                ix::withdraw(&addrs, &me, &lp, &dest, amount, max_shares),
                "withdrawn",
            )
        }
        Command::Redeem {
            shares, min_amount, ..
        } => {
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            let lp = client.ensure_ata(&me, &p.lp_mint)?;
            (
                ix::redeem(&addrs, &me, &lp, &dest, shares, min_amount),
                "redeemed",
            )
        }
        Command::Borrow {
            amount,
            index,
            oracles,
            ..
        } => {
            let amount = parse_amount(&amount, d)?;
            let position = pda::position(&pool_key, &me, index);
            let pos = client.position(&position)?;
            let (base, accounts) = oracles_for(&p, &p.held_slots(&pos), &oracles)?;
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            (
                ix::borrow(&addrs, &position, &me, &dest, &base, &accounts, amount),
                "borrowed",
            )
        }
        Command::Repay {
            amount,
            owner,
            index,
            ..
        } => {
            // `all`: more than the debt repays exactly the debt (interest included)
            let amount = if amount == "all" {
                u64::MAX
            } else {
                parse_amount(&amount, d)?
            };
            let position = pda::position(&pool_key, &owner.unwrap_or(me), index);
            let source = client.ensure_ata(&me, &p.base_mint)?;
            let amount = if amount == u64::MAX {
                client.token_balance(&source)?
            } else {
                amount
            };
            (ix::repay(&addrs, &position, &me, &source, amount), "repaid")
        }
        Command::Settle { position, .. } => (ix::settle_bad_debt(&addrs, &position), "settled"),
        Command::Pool(_) | Command::Position(_) => unreachable!("dispatched before"),
    };
    let sig = client.send(&[ix], &[])?;
    done(ctx, what, &sig);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn feed_ids_and_pause_flags_parse() {
        let hex = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";
        assert_eq!(parse_feed_id(hex).unwrap()[0], 0xef);
        assert_eq!(parse_feed_id(&format!("0x{hex}")).unwrap()[31], 0x6d);
        assert!(parse_feed_id("abc").is_err());
        assert!(parse_feed_id(&"zz".repeat(32)).is_err());
        assert_eq!(parse_pause_flags("none").unwrap(), 0);
        assert_eq!(parse_pause_flags("all").unwrap(), pause::ALL);
        assert_eq!(
            parse_pause_flags("borrow, withdraw_collateral").unwrap(),
            pause::BORROW | pause::WITHDRAW_COLLATERAL
        );
        assert!(parse_pause_flags("borrowing").is_err());
    }

    #[test]
    fn config_files_fill_in_the_example_and_reject_typos() {
        let f: PoolConfigFile =
            serde_json::from_str(r#"{"baseRateBps": 0, "slope1Bps": 0}"#).unwrap();
        let c = f.to_config();
        assert_eq!(c.base_rate_bps, 0);
        assert_eq!(c.slope2_bps, PoolConfig::example().slope2_bps);
        assert!(serde_json::from_str::<PoolConfigFile>(r#"{"baseRate": 1}"#).is_err());
    }
}
