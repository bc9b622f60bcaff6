//! `lending-pool`: admin and user commands, and read-only views of the pool's books.
//!
//! This crate holds the command line itself (`Cli`, `Command`, the global options), the
//! dispatch (`run`) and what every command group shares (`Ctx`, oracle arguments); each
//! command group lives in its own module: `pool` (and `pool_view`), `position` (and
//! `shortfall`), `insurance`, `user`, `program`; `parse` reads pause flags and pool config
//! files.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use lending_pool_client::{
    config,
    rpc::{Client, SendOptions},
};
use lending_pool_sdk::{
    prices,
    state::{Pool, Position},
    PoolAddresses,
};
use solana_keypair::{read_keypair_file, Keypair};
use std::path::PathBuf;

mod delivery;
mod insurance;
mod parse;
mod pool;
mod pool_view;
mod position;
mod program;
mod shortfall;
mod user;

pub use delivery::{message_json, Delivery};
pub use insurance::{stake_view, InsuranceCommand, StakeView};
pub use parse::parse_pause_flags;
pub use pool::PoolCommand;
pub use pool_view::{pool_view, CollateralView, PoolView};
pub use position::{PositionCommand, PositionView};
pub use program::{program_data_hash, so_hash, ProgramCommand};
pub use shortfall::{preview, ShortfallView};
pub use user::UserCommand;

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
    /// Act as this admin, guardian or owner instead of the keypair's key (a multisig
    /// vault): with --print-message.
    #[arg(long, global = true)]
    pub authority: Option<Pubkey>,
    /// Print the unsigned message (the authority pays and signs) instead of sending: for a
    /// Squads proposal (base58) or another multisig.
    #[arg(long, global = true, conflicts_with = "sign_only")]
    pub print_message: bool,
    /// Sign with the keypair and print the signed transaction without sending (offline
    /// signing); needs --blockhash.
    #[arg(long, global = true, requires = "blockhash")]
    pub sign_only: bool,
    /// The recent blockhash to sign with (--sign-only).
    #[arg(long, global = true)]
    pub blockhash: Option<String>,
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
    /// The program itself: a fresh program keypair, the hash of a build or of the
    /// deployed binary (verifiable builds).
    #[command(subcommand)]
    Program(ProgramCommand),
    /// Insurance stakers: stake, request / cancel / complete an unstake, show a stake.
    #[command(subcommand)]
    Insurance(InsuranceCommand),
    // deposit, withdraw, redeem, borrow, repay, settle: top-level subcommands of their own
    #[command(flatten)]
    User(UserCommand),
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

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let (url, keypair_path) = config::resolve(
        cli.url.as_deref(),
        cli.keypair.as_deref(),
        cli.config.as_deref(),
    )?;
    if let Command::Program(c) = &cli.command {
        if let Some(result) = program::run_offline(c) {
            return result;
        }
    }
    let delivery = match (cli.print_message, cli.sign_only, &cli.blockhash) {
        (true, _, _) => Delivery::PrintMessage,
        (_, true, Some(h)) => Delivery::SignOnly {
            blockhash: h.parse().map_err(|e| anyhow!("--blockhash {h}: {e}"))?,
        },
        _ => Delivery::Send,
    };
    // printing a multisig's message needs no keypair: only reads
    let payer = match (load_keypair(&keypair_path), delivery, cli.authority) {
        (Err(_), Delivery::PrintMessage, Some(_)) => Keypair::new(),
        (k, _, _) => k?,
    };
    let authority = cli
        .authority
        .unwrap_or_else(|| solana_signer::Signer::pubkey(&payer));
    let send = SendOptions {
        priority_fee: cli.priority_fee,
        compute_unit_limit: cli.compute_unit_limit,
        ..SendOptions::default()
    };
    let ctx = Ctx {
        client: Client::new(&url, payer, send),
        json: cli.json,
        authority,
        delivery,
    };
    let administration = matches!(
        cli.command,
        Command::Pool(_) | Command::Program(ProgramCommand::Upgrade { .. })
    );
    if ctx.delivery != Delivery::Send && !administration {
        bail!(
            "--print-message and --sign-only apply to `pool` commands and `program upgrade` \
             (administration)"
        );
    }
    match cli.command {
        Command::Pool(c) => pool::run(&ctx, c),
        Command::Position(c) => position::run(&ctx, c),
        Command::Insurance(c) => insurance::run(&ctx, c),
        Command::Program(c) => program::run(&ctx, c),
        Command::User(c) => user::run(&ctx, c),
    }
}

/// What every command needs: the connection (with the signer) and the output format.
struct Ctx {
    client: Client,
    json: bool,
    /// Who signs as admin, guardian or owner: the keypair, or `--authority`.
    authority: Pubkey,
    delivery: Delivery,
}

/// Prints that a transaction landed: `what (signature)`, or JSON.
fn done(ctx: &Ctx, what: &str, sig: &str) {
    if ctx.json {
        println!("{}", serde_json::json!({ "done": what, "signature": sig }));
    } else {
        println!("{what} ({sig})");
    }
}

fn load_keypair(path: &std::path::Path) -> Result<Keypair> {
    // the error is a `Box<dyn Error>` (not `Send`), so it is kept as its message
    read_keypair_file(path).map_err(|e| anyhow!("keypair {}: {e}", path.display()))
}

fn addresses(pool: &Pool) -> PoolAddresses {
    PoolAddresses::derive(&pool.base_mint, &pool.creator)
}

/// The base oracle and the remaining accounts pricing `pos` (the oracle of each slot it
/// holds, in slot order: `prices::oracle_accounts`), from the flags.
fn oracles_for(pool: &Pool, pos: &Position, o: &OracleArgs) -> Result<(Pubkey, Vec<Pubkey>)> {
    let base = o.base_oracle.context("--base-oracle is required")?;
    if let Some(slot) = pool
        .priced_slots(pos)
        .into_iter()
        .find(|&s| s >= o.oracles.len())
    {
        bail!(
            "--oracle for collateral slot {slot} is missing (give one per slot, {} slots)",
            pool.num_collaterals
        );
    }
    Ok((base, prices::oracle_accounts(pool, pos, &o.oracles)))
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
    fn mark_shortfall_and_insurance_commands_parse() {
        let (pool, pos, oracle) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let parse = |args: &[&str]| Cli::try_parse_from([&["lending-pool"], args].concat());
        let (p, k, o) = (pool.to_string(), pos.to_string(), oracle.to_string());
        let oracles = ["--base-oracle", o.as_str(), "--oracle", o.as_str()];
        let cli = parse(&[&["position", "mark", k.as_str()], &oracles[..]].concat()).unwrap();
        match cli.command {
            Command::Position(PositionCommand::Mark { position, oracles }) => {
                assert_eq!(position, pos);
                assert_eq!(
                    (oracles.base_oracle, oracles.oracles),
                    (Some(oracle), vec![oracle])
                );
            }
            other => panic!("{other:?}"),
        }
        let cli = parse(&["--json", "position", "shortfall", k.as_str()]).unwrap();
        assert!(cli.json);
        assert!(matches!(
            cli.command,
            Command::Position(PositionCommand::Shortfall { position, .. }) if position == pos
        ));
        let cli = parse(&[
            "insurance",
            "request-unstake",
            "--pool",
            &p,
            "--shares",
            "all",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::Insurance(InsuranceCommand::RequestUnstake { ref shares, .. }) if shares == "all"
        ));
        let cli = parse(&["insurance", "show", "--pool", &p, &k]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Insurance(InsuranceCommand::Show { staker: Some(s), .. }) if s == pos
        ));
        let cli = parse(&["insurance", "stake", "--pool", &p, "--amount", "1.5"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Insurance(InsuranceCommand::Stake { ref amount, min_shares: 0, .. }) if amount == "1.5"
        ));
        // a stake needs its amount; a mark needs its position
        assert!(parse(&["insurance", "stake", "--pool", &p]).is_err());
        assert!(parse(&["position", "mark"]).is_err());
    }
}
