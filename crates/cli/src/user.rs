//! The top-level commands that move base tokens: an LP's `deposit`, `withdraw` and
//! `redeem`; a borrower's `borrow` and `repay`; and `settle` (anyone, for bankrupt positions).
use super::{addresses, done, oracles_for, Ctx, OracleArgs};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anyhow::Result;
use clap::Subcommand;
use lending_pool_client::{amount::parse_amount, rpc::Client};
use lending_pool_sdk::{ix, pda, state::Pool, PoolAddresses};
use solana_signer::Signer;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
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
    /// LP: burn `shares` LP units for base tokens; while the pool is stressed, request
    /// their exit instead (`complete-exit` pays it after `exit_delay_secs`).
    Redeem {
        #[arg(long)]
        pool: Pubkey,
        /// LP units (the LP mint has the base mint's decimals).
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
    /// Pay the signer's matured exit request (after `exit_delay_secs`): the lesser of its
    /// value at the request and its value now.
    CompleteExit {
        #[arg(long)]
        pool: Pubkey,
    },
    /// Cancel the signer's exit request: its shares come back.
    CancelExit {
        #[arg(long)]
        pool: Pubkey,
    },
    /// Settle a bankrupt position (debt and no collateral) through the loss waterfall.
    Settle {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        position: Pubkey,
    },
}

impl UserCommand {
    /// The pool every one of these commands acts on.
    fn pool(&self) -> Pubkey {
        match self {
            Self::Deposit { pool, .. }
            | Self::Withdraw { pool, .. }
            | Self::Redeem { pool, .. }
            | Self::CompleteExit { pool }
            | Self::CancelExit { pool }
            | Self::Borrow { pool, .. }
            | Self::Repay { pool, .. }
            | Self::Settle { pool, .. } => *pool,
        }
    }
}

/// Builds the command's one instruction (signed by the keypair) on the pool it names, sends
/// it and prints what it did.
pub(super) fn run(ctx: &Ctx, c: UserCommand) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    let pool_key = c.pool();
    let pool = client.pool(&pool_key)?;
    let u = Caller {
        client,
        me,
        pool_key,
        addrs: addresses(&pool),
        pool,
    };
    let (ix, what) = match c {
        UserCommand::Deposit {
            amount, min_shares, ..
        } => deposit(&u, &amount, min_shares)?,
        UserCommand::Withdraw {
            amount, max_shares, ..
        } => withdraw(&u, &amount, max_shares)?,
        UserCommand::Redeem {
            shares, min_amount, ..
        } => redeem(&u, shares, min_amount)?,
        UserCommand::CompleteExit { .. } => {
            let dest = client.ensure_ata(&me, &u.pool.base_mint)?;
            (ix::complete_exit(&u.addrs, &me, &dest), "exit completed")
        }
        UserCommand::CancelExit { .. } => {
            let lp = client.ensure_ata(&me, &u.pool.lp_mint)?;
            (ix::cancel_exit(&u.addrs, &me, &lp), "exit cancelled")
        }
        UserCommand::Borrow {
            amount,
            index,
            oracles,
            ..
        } => borrow(&u, &amount, index, &oracles)?,
        UserCommand::Repay {
            amount,
            owner,
            index,
            ..
        } => repay(&u, &amount, owner, index)?,
        UserCommand::Settle { position, .. } => {
            (ix::settle_bad_debt(&u.addrs, &position), "settled")
        }
    };
    let sig = client.send(&[ix], &[])?;
    done(ctx, what, &sig);
    Ok(())
}

/// What each of these commands starts from: the signer, and the pool it acts on.
struct Caller<'a> {
    client: &'a Client,
    me: Pubkey,
    pool_key: Pubkey,
    pool: Pool,
    addrs: PoolAddresses,
}

/// An instruction to send, and what to print once it landed.
type Act = (Instruction, &'static str);

/// `deposit`: base tokens in from the signer's account, LP shares out to its LP account.
fn deposit(u: &Caller, amount: &str, min_shares: u64) -> Result<Act> {
    let amount = parse_amount(amount, u.pool.base_decimals)?;
    let source = u.client.ensure_ata(&u.me, &u.pool.base_mint)?;
    let lp = u.client.ensure_ata(&u.me, &u.pool.lp_mint)?;
    let ix = ix::deposit(&u.addrs, &u.me, &source, &lp, amount, min_shares);
    Ok((ix, "deposited"))
}

/// `withdraw`: exactly `amount` base tokens out, for at most `max_shares` LP units.
fn withdraw(u: &Caller, amount: &str, max_shares: u64) -> Result<Act> {
    let amount = parse_amount(amount, u.pool.base_decimals)?;
    let dest = u.client.ensure_ata(&u.me, &u.pool.base_mint)?;
    let lp = u.client.ensure_ata(&u.me, &u.pool.lp_mint)?;
    let ix = ix::withdraw(&u.addrs, &u.me, &lp, &dest, amount, max_shares);
    Ok((ix, "withdrawn"))
}

/// `redeem`: `shares` LP units burnt for base tokens, or, while the pool is stressed, their
/// exit requested (paid after `exit_delay_secs`).
fn redeem(u: &Caller, shares: u64, min_amount: u64) -> Result<Act> {
    let (client, p) = (u.client, &u.pool);
    let dest = client.ensure_ata(&u.me, &p.base_mint)?;
    let lp = client.ensure_ata(&u.me, &p.lp_mint)?;
    let ledger = client.insurance_fund(&p.insurance_fund)?.balance()?;
    if p.is_stressed(ledger)? {
        let matures = p.config.exit_delay_secs;
        eprintln!("the pool is stressed: requesting the exit (complete-exit in {matures} s)");
        let ix = ix::request_exit(&u.addrs, &u.me, &lp, shares, min_amount);
        Ok((ix, "exit requested"))
    } else {
        let ix = ix::redeem(&u.addrs, &u.me, &lp, &dest, shares, min_amount);
        Ok((ix, "redeemed"))
    }
}

/// `borrow`: against the signer's position `index`, priced by the flagged oracles.
fn borrow(u: &Caller, amount: &str, index: u16, oracles: &OracleArgs) -> Result<Act> {
    let amount = parse_amount(amount, u.pool.base_decimals)?;
    let position = pda::position(&u.pool_key, &u.me, index);
    let pos = u.client.position(&position)?;
    let (base, accounts) = oracles_for(&u.pool, &pos, oracles)?;
    let dest = u.client.ensure_ata(&u.me, &u.pool.base_mint)?;
    let ix = ix::borrow(&u.addrs, &position, &u.me, &dest, &base, &accounts, amount);
    Ok((ix, "borrowed"))
}

/// `repay`: `amount` of `owner`'s position `index` (default: the signer's); `all` repays
/// what the signer holds, the program taking no more than the debt.
fn repay(u: &Caller, amount: &str, owner: Option<Pubkey>, index: u16) -> Result<Act> {
    // `all`: more than the debt repays exactly the debt (interest included)
    let amount = if amount == "all" {
        u64::MAX
    } else {
        parse_amount(amount, u.pool.base_decimals)?
    };
    let position = pda::position(&u.pool_key, &owner.unwrap_or(u.me), index);
    let source = u.client.ensure_ata(&u.me, &u.pool.base_mint)?;
    let amount = if amount == u64::MAX {
        u.client.token_balance(&source)?
    } else {
        amount
    };
    Ok((
        ix::repay(&u.addrs, &position, &u.me, &source, amount),
        "repaid",
    ))
}
