//! `lending-pool insurance ...`: an insurance staker's commands. Stakes buy shares of the
//! fund at its gross value; requests are valued net of the marked shortfall it would cover;
//! leaving takes a request, a
//! cooldown (`PoolConfig.unstake_cooldown_secs`) and then `unstake` within the payout window
//! (`unstake_window_secs`; later the request lapses), which pays the lesser of the value at
//! the request and the value then, so a known loss cannot be fled. A request re-marks the
//! pool's marked positions in the same transaction, so a stale mark cannot fix its value low.
use super::{addresses, done, oracles_for, Ctx, OracleArgs};
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use lending_pool_client::{
    amount::{format_amount, parse_amount},
    rpc::Client,
};
use lending_pool_sdk::{
    ix,
    math::{share_price_wad_down, to_assets_down},
    pda,
    state::InsuranceFund,
};
use serde::{Deserialize, Serialize};

#[derive(Subcommand, Debug)]
pub enum InsuranceCommand {
    /// Stake base tokens for insurance shares (opens the signer's stake account if needed).
    Stake {
        #[arg(long)]
        pool: Pubkey,
        /// Base tokens (e.g. 100.5).
        #[arg(long)]
        amount: String,
        /// Fail unless at least this many shares come back.
        #[arg(long, default_value_t = 0)]
        min_shares: u64,
    },
    /// Start the cooldown for `shares` (or `all`): their value is fixed now, net of marks.
    /// Every marked position of the pool is re-marked first, in the same transaction (pass
    /// the oracles when any is marked).
    RequestUnstake {
        #[arg(long)]
        pool: Pubkey,
        #[arg(long)]
        shares: String,
        /// Fail unless the request is worth at least this (base tokens). Default: what the
        /// shares are worth now at the current marks.
        #[arg(long)]
        min_value: Option<String>,
        #[command(flatten)]
        oracles: OracleArgs,
    },
    /// Take back the pending request's shares (less any gain made during the cooldown).
    CancelUnstake {
        #[arg(long)]
        pool: Pubkey,
    },
    /// After the cooldown, within the window: pay the request (the lesser of its value then
    /// and now).
    Unstake {
        #[arg(long)]
        pool: Pubkey,
    },
    /// Close the signer's empty stake account (rent back).
    CloseStake {
        #[arg(long)]
        pool: Pubkey,
    },
    /// A staker's shares, their value now, and the pending request.
    Show {
        #[arg(long)]
        pool: Pubkey,
        /// Default: the signer.
        staker: Option<Pubkey>,
    },
}

/// A stake as `insurance show` prints it (base units; WAD as a string).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StakeView {
    pub stake: String,
    pub owner: String,
    /// Shares held, those in cooldown included (0 when a settlement emptied the fund since).
    pub shares: u64,
    /// What they are worth now (accrued, net of the marks the fund would cover).
    pub value: u64,
    pub share_price_wad: String,
    pub cooldown_shares: u64,
    /// Fixed at the request; `unstake` pays `min(cooldown_value, cooldown_value_now)`.
    pub cooldown_value: u64,
    pub cooldown_value_now: u64,
    pub cooldown_end_ts: i64,
    /// Seconds until `unstake` may be sent (0: now), when a request is pending.
    pub cooldown_left_secs: i64,
    pub total_staked: u64,
    pub total_unstaked: u64,
}

pub(super) fn run(ctx: &Ctx, c: InsuranceCommand) -> Result<()> {
    match c {
        InsuranceCommand::Stake {
            pool,
            amount,
            min_shares,
        } => stake(ctx, &pool, &amount, min_shares),
        InsuranceCommand::RequestUnstake {
            pool,
            shares,
            min_value,
            oracles,
        } => request_unstake(ctx, &pool, &shares, min_value.as_deref(), &oracles),
        InsuranceCommand::CancelUnstake { pool } => cancel_unstake(ctx, &pool),
        InsuranceCommand::Unstake { pool } => unstake(ctx, &pool),
        InsuranceCommand::CloseStake { pool } => close_stake(ctx, &pool),
        InsuranceCommand::Show { pool, staker } => show(ctx, &pool, staker),
    }
}

/// `insurance stake`: opens the signer's stake account first if it has none.
fn stake(ctx: &Ctx, pool: &Pubkey, amount: &str, min_shares: u64) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer_key();
    let p = client.pool(pool)?;
    let amount = parse_amount(amount, p.base_decimals)?;
    let source = client.ensure_ata(&me, &p.base_mint)?;
    let mut ixs = vec![];
    if client.insurance_stake(&pda::stake(pool, &me))?.is_none() {
        ixs.push(ix::open_stake(pool, &me));
    }
    ixs.push(ix::stake(&addresses(&p), &me, &source, amount, min_shares));
    let sig = client.send(&ixs, &[])?;
    done(ctx, "staked", &sig);
    Ok(())
}

/// `insurance request-unstake`: `shares` (or `all`) into the cooldown, worth at least
/// `min_value` (default: their value now, net of the marks), the pool's marked positions
/// re-marked first in the same transaction.
fn request_unstake(
    ctx: &Ctx,
    pool: &Pubkey,
    shares: &str,
    min_value: Option<&str>,
    oracles: &OracleArgs,
) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer_key();
    let p = client.pool(pool)?;
    let view = stake_view(client, pool, &me)?;
    let shares = if shares == "all" {
        view.shares
    } else {
        shares
            .parse()
            .with_context(|| format!("shares `{shares}`: a whole number or `all`"))?
    };
    if shares == 0 {
        bail!("no insurance shares to unstake");
    }
    let min_value = match min_value {
        Some(v) => parse_amount(v, p.base_decimals)?,
        None => {
            let (fund, net, _) = fund_net_now(client, pool)?;
            to_assets_down(shares, net, fund.total_shares)?
        }
    };
    let mut ixs = remarks(client, pool, &p, oracles)?;
    ixs.push(ix::request_unstake(&addresses(&p), &me, shares, min_value));
    let sig = client.send(&ixs, &[])?;
    done(ctx, &format!("unstake of {shares} shares requested"), &sig);
    Ok(())
}

/// `insurance cancel-unstake`: the pending request's shares back.
fn cancel_unstake(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let client = &ctx.client;
    let p = client.pool(pool)?;
    let ix = ix::cancel_unstake(&addresses(&p), &client.payer_key());
    let sig = client.send(&[ix], &[])?;
    done(ctx, "unstake request cancelled", &sig);
    Ok(())
}

/// `insurance unstake`: the matured request paid into the signer's base-token account;
/// prints what it was paid.
fn unstake(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let client = &ctx.client;
    let me = client.payer_key();
    let p = client.pool(pool)?;
    let dest = client.ensure_ata(&me, &p.base_mint)?;
    let before = client.token_balance(&dest)?;
    let sig = client.send(&[ix::unstake(&addresses(&p), &me, &dest)], &[])?;
    let paid = client.token_balance(&dest)?.saturating_sub(before);
    done(
        ctx,
        &format!(
            "unstaked: paid {}",
            format_amount(paid as u128, p.base_decimals)
        ),
        &sig,
    );
    Ok(())
}

/// `insurance close-stake`: the signer's empty stake account closed, its rent back.
fn close_stake(ctx: &Ctx, pool: &Pubkey) -> Result<()> {
    let client = &ctx.client;
    let addrs = addresses(&client.pool(pool)?);
    let sig = client.send(&[ix::close_stake(&addrs, &client.payer_key())], &[])?;
    done(ctx, "stake account closed", &sig);
    Ok(())
}

/// `insurance show`: `staker`'s stake (default: the signer's), as JSON or printed.
fn show(ctx: &Ctx, pool: &Pubkey, staker: Option<Pubkey>) -> Result<()> {
    let client = &ctx.client;
    let v = stake_view(client, pool, &staker.unwrap_or(client.payer_key()))?;
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_stake(&v, client.pool(pool)?.base_decimals);
    }
    Ok(())
}

/// `mark_shortfall` for every marked position of the pool (re-marked at the oracles' prices
/// now), to go before an exit priced net of the marks.
fn remarks(
    client: &Client,
    pool_key: &Pubkey,
    pool: &lending_pool_sdk::state::Pool,
    oracles: &OracleArgs,
) -> Result<Vec<anchor_lang::solana_program::instruction::Instruction>> {
    let marker = client.payer_key();
    let mut ixs = vec![];
    for (key, pos) in client.positions(pool_key)? {
        if pos.marked_shortfall == 0 {
            continue;
        }
        let (base, accounts) = oracles_for(pool, &pos, oracles)
            .with_context(|| format!("position {key} is marked: it is re-marked first"))?;
        ixs.push(ix::mark_shortfall(
            pool_key, &key, &marker, &base, &accounts,
        ));
    }
    Ok(ixs)
}

/// The insurance fund and its value net of the covered marks, as the next instruction would
/// see them (the pool accrued to the cluster's clock), and that clock.
fn fund_net_now(client: &Client, pool_key: &Pubkey) -> Result<(InsuranceFund, u64, i64)> {
    let mut pool = client.pool(pool_key)?;
    let fund = client.insurance_fund(&pool.insurance_fund)?;
    let now = client.unix_time()?;
    pool.accrue_interest(now)?;
    let net = pool.insurance_value(fund.balance()?)?.net();
    Ok((fund, net, now))
}

/// Reads `owner`'s stake and values it as the next instruction would: the pool accrued to
/// the cluster's clock, the stake synced to the fund's share epoch.
pub fn stake_view(client: &Client, pool_key: &Pubkey, owner: &Pubkey) -> Result<StakeView> {
    let key = pda::stake(pool_key, owner);
    let mut st = client
        .insurance_stake(&key)?
        .with_context(|| format!("{owner} has no stake in pool {pool_key} (stake opens it)"))?;
    let (fund, net, now) = fund_net_now(client, pool_key)?;
    fund.sync_stake(&mut st);
    let worth = |shares: u64| to_assets_down(shares, net, fund.total_shares);
    Ok(StakeView {
        stake: key.to_string(),
        owner: owner.to_string(),
        shares: st.shares,
        value: worth(st.shares)?,
        share_price_wad: share_price_wad_down(net, fund.total_shares)?.to_string(),
        cooldown_shares: st.cooldown_shares,
        cooldown_value: st.cooldown_value,
        cooldown_value_now: worth(st.cooldown_shares)?,
        cooldown_end_ts: st.cooldown_end_ts,
        cooldown_left_secs: if st.cooldown_shares > 0 {
            st.cooldown_end_ts.saturating_sub(now).max(0)
        } else {
            0
        },
        total_staked: st.total_staked,
        total_unstaked: st.total_unstaked,
    })
}

fn print_stake(v: &StakeView, decimals: u8) {
    let t = |x: u64| format_amount(x as u128, decimals);
    let wad: u128 = v.share_price_wad.parse().unwrap_or(0);
    println!("stake            {} (owner {})", v.stake, v.owner);
    println!(
        "shares           {} worth {} ({} base per share)",
        v.shares,
        t(v.value),
        format_amount(wad / 1_000_000_000, 9)
    );
    if v.cooldown_shares > 0 {
        println!(
            "unstake request  {} shares: worth {} at the request, {} now; pays the lesser {}",
            v.cooldown_shares,
            t(v.cooldown_value),
            t(v.cooldown_value_now),
            if v.cooldown_left_secs > 0 {
                format!(
                    "in {} s (at unix {})",
                    v.cooldown_left_secs, v.cooldown_end_ts
                )
            } else {
                "now".to_string()
            }
        );
    } else {
        println!("unstake request  none");
    }
    println!(
        "lifetime         {} staked, {} unstaked",
        t(v.total_staked),
        t(v.total_unstaked)
    );
}
