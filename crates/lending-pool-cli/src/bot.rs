//! The reference liquidator bot's round: scan the pool's positions over RPC, decide with
//! `lending-pool-liquidator` (pure, tested without a network), act, mark what it could not
//! clear (and correct or release stale marks), log. The `liquidator`
//! binary runs rounds on an interval.
use crate::rpc::Client;
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lending_pool_liquidator::{
    scan::{BotAccounts, ScanStats},
    Action, MarkConfig, Market, Round, StrategyConfig,
};
use lending_pool_sdk::{ix, oracle::decode_price_update, PoolAddresses};
use solana_signer::Signer;
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub struct BotConfig {
    pub pool: Pubkey,
    /// `PriceUpdateV2` account of the base asset and of each collateral slot, in slot order.
    pub base_oracle: Pubkey,
    pub oracles: Vec<Pubkey>,
    pub strategy: StrategyConfig,
    /// At most this many transactions per round (the most valuable first).
    pub max_actions: usize,
    pub dry_run: bool,
    /// Sweep pending insurance into the fund when there is any.
    pub sweep: bool,
    /// Mark the shortfalls left after the actions (`None`: never mark).
    pub marks: Option<MarkConfig>,
}

/// What one round found and did.
#[derive(Debug, Clone, Default)]
pub struct RoundReport {
    pub stats: ScanStats,
    /// Log lines, one per action (planned in a dry run, sent otherwise).
    pub log: Vec<String>,
    pub liquidated: usize,
    pub settled: usize,
    pub failed: usize,
    /// `mark_shortfall`s that landed, and those of them releasing a mark.
    pub marked: usize,
    pub released: usize,
    pub swept: bool,
}

/// One scan-decide-act round.
pub fn round(client: &Client, cfg: &BotConfig) -> Result<RoundReport> {
    let pool = client.pool(&cfg.pool)?;
    let addrs = PoolAddresses::derive(&pool.base_mint, &pool.creator);
    let now = client.unix_time()?;
    let read = |k: &Pubkey| -> Result<_> {
        Ok(client
            .account_data(k)?
            .and_then(|d| decode_price_update(&d).ok()))
    };
    let base = read(&cfg.base_oracle)?;
    let collateral = cfg.oracles.iter().map(read).collect::<Result<Vec<_>>>()?;
    let market = Market::from_updates(&pool, now, base.as_ref(), &collateral);
    let positions = client.positions(&cfg.pool)?;

    let me = client.payer.pubkey();
    let base_account = client.ensure_ata(&me, &pool.base_mint)?;
    let balance = client.token_balance(&base_account)?;
    let mut round = Round::plan(&pool, &positions, &market, &cfg.strategy, balance);
    let mut report = RoundReport {
        stats: round.stats,
        ..RoundReport::default()
    };
    let bot = BotAccounts {
        liquidator: me,
        base: base_account,
        base_oracle: cfg.base_oracle,
        oracle_of_slot: &cfg.oracles,
    };
    // positions whose liquidation or settlement landed (in a dry run: would be sent); the
    // program re-marks or releases those itself
    let mut acted = HashSet::new();
    for action in round.actions.clone().into_iter().take(cfg.max_actions) {
        if !round.reserve(&action) {
            report.log.push(format!(
                "skip {}: needs {}, holds {}",
                action.position(),
                action.cost(),
                round.balance()
            ));
            continue;
        }
        let (receive, what) = match action {
            Action::Settle { position, debt } => {
                (base_account, format!("settle {position}: debt {debt}"))
            }
            Action::Liquidate { position, plan } => (
                client.ensure_ata(&me, &pool.collaterals[plan.slot as usize].mint)?,
                format!(
                    "liquidate {position}: slot {} repay {} for {} collateral (min {}), fee {}, profit {:.6}{}",
                    plan.slot,
                    plan.repay,
                    plan.collateral_out,
                    plan.min_collateral_out,
                    plan.fee,
                    plan.profit_wad as f64 / 1e18,
                    if plan.settles_bad_debt { ", settles the rest" } else { "" }
                ),
            ),
        };
        let ix = round.instruction(&action, &addrs, &pool, &bot, receive);
        if cfg.dry_run {
            // as if it landed: the marks planned below leave it to the program
            acted.insert(action.position());
            report.log.push(format!("dry run: would {what}"));
            continue;
        }
        match client.send(&[ix], &[]) {
            Ok(sig) => {
                acted.insert(action.position());
                match action {
                    Action::Settle { .. } => report.settled += 1,
                    Action::Liquidate { .. } => report.liquidated += 1,
                }
                report.log.push(format!("{what} ({sig})"));
            }
            Err(e) => {
                report.failed += 1;
                report.log.push(format!("FAILED {what}: {e:#}"));
            }
        }
    }
    if let Some(mark_cfg) = &cfg.marks {
        for plan in round.marks(&pool, &market, &acted, mark_cfg) {
            let what = format!(
                "mark {}: shortfall {} (was {})",
                plan.position, plan.shortfall, plan.mark_before
            );
            if cfg.dry_run {
                report.log.push(format!("dry run: would {what}"));
                continue;
            }
            let ix = round.mark_instruction(&plan, &addrs, &pool, &bot);
            match client.send(&[ix], &[]) {
                Ok(sig) => {
                    report.marked += 1;
                    report.released += usize::from(plan.releases());
                    report.log.push(format!("{what} ({sig})"));
                }
                Err(e) => {
                    report.failed += 1;
                    report.log.push(format!("FAILED {what}: {e:#}"));
                }
            }
        }
    }
    if cfg.sweep && pool.insurance_pending > 0 {
        if cfg.dry_run {
            report.log.push(format!(
                "dry run: would sweep {} pending insurance",
                pool.insurance_pending
            ));
        } else {
            match client.send(&[ix::sweep_insurance(&addrs)], &[]) {
                Ok(sig) => {
                    report.swept = true;
                    report.log.push(format!("swept pending insurance ({sig})"));
                }
                Err(e) => report.log.push(format!("FAILED sweep: {e:#}")),
            }
        }
    }
    Ok(report)
}
