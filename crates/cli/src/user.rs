//! The top-level commands that move base tokens: an LP's `deposit`, `withdraw` and
//! `redeem`; a borrower's `borrow` and `repay`; and `settle` (anyone, for bankrupt positions).
use super::{addresses, done, oracles_for, Ctx, OracleArgs};
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::Subcommand;
use lending_pool_client::amount::parse_amount;
use lending_pool_sdk::{ix, pda};
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

pub(super) fn run(ctx: &Ctx, c: UserCommand) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer.pubkey();
    let pool_key = c.pool();
    let p = client.pool(&pool_key)?;
    let addrs = addresses(&p);
    let d = p.base_decimals;
    let (ix, what) = match c {
        UserCommand::Deposit {
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
        UserCommand::Withdraw {
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
        UserCommand::Redeem {
            shares, min_amount, ..
        } => {
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            let lp = client.ensure_ata(&me, &p.lp_mint)?;
            // a stressed pool takes exits by request (paid after `exit_delay_secs`)
            let ledger = client.insurance_fund(&p.insurance_fund)?.balance()?;
            if p.is_stressed(ledger)? {
                let matures = p.config.exit_delay_secs;
                eprintln!(
                    "the pool is stressed: requesting the exit (complete-exit in {matures} s)"
                );
                (
                    ix::request_exit(&addrs, &me, &lp, shares, min_amount),
                    "exit requested",
                )
            } else {
                (
                    ix::redeem(&addrs, &me, &lp, &dest, shares, min_amount),
                    "redeemed",
                )
            }
        }
        UserCommand::CompleteExit { .. } => {
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            (ix::complete_exit(&addrs, &me, &dest), "exit completed")
        }
        UserCommand::CancelExit { .. } => {
            let lp = client.ensure_ata(&me, &p.lp_mint)?;
            (ix::cancel_exit(&addrs, &me, &lp), "exit cancelled")
        }
        UserCommand::Borrow {
            amount,
            index,
            oracles,
            ..
        } => {
            let amount = parse_amount(&amount, d)?;
            let position = pda::position(&pool_key, &me, index);
            let pos = client.position(&position)?;
            let (base, accounts) = oracles_for(&p, &pos, &oracles)?;
            let dest = client.ensure_ata(&me, &p.base_mint)?;
            (
                ix::borrow(&addrs, &position, &me, &dest, &base, &accounts, amount),
                "borrowed",
            )
        }
        UserCommand::Repay {
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
        UserCommand::Settle { position, .. } => (ix::settle_bad_debt(&addrs, &position), "settled"),
    };
    let sig = client.send(&[ix], &[])?;
    done(ctx, what, &sig);
    Ok(())
}
