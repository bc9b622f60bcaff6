//! The reference liquidator bot's round: scan the pool's positions over RPC, decide with
//! `lending-pool-strategy` (pure, tested without a network), act, mark what it could not
//! clear (and correct or release stale marks), report. Every action is simulated first
//! and sent under one signature (the client's `send`); its outcome is classified (`outcome`), so a
//! position another bot cleared first is a lost race, not a failure.
use crate::outcome::{classify, Class};
use anchor_lang::prelude::Pubkey;
use anyhow::{ensure, Result};
use lending_pool_client::{
    rpc::Client,
    send::{describe_rejection, Outcome, SubmitOptions},
};
use lending_pool_sdk::{ix, oracle::decode_price_update, PoolAddresses};
use lending_pool_strategy::{
    scan::{BotAccounts, ScanStats},
    Action, MarkConfig, Market, RoundPlan, StrategyConfig,
};
use solana_signer::Signer;
use solana_transaction::Signature;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    /// The pool's pushed state: its positions come from there while it is live, from a
    /// `getProgramAccounts` otherwise.
    pub follower: Option<std::sync::Arc<crate::push::Follower>>,
}

/// What an action was, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    Liquidate,
    Settle,
    Mark,
    Sweep,
}

impl ActionKind {
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Liquidate => "liquidate",
            ActionKind::Settle => "settle",
            ActionKind::Mark => "mark",
            ActionKind::Sweep => "sweep",
        }
    }
}

/// What the bot carries from round to round: transactions whose fate is unknown (not
/// confirmed in time, blockhash still valid), by position. Until each is decided its
/// position is left alone, so one plan can never land twice.
#[derive(Debug, Default)]
pub struct BotState {
    pub in_doubt: HashMap<Pubkey, (ActionKind, Signature, u64)>,
    /// Rounds run, for plan ids in the logs.
    pub rounds: u64,
}

/// What one round found and did.
#[derive(Debug, Clone, Default)]
pub struct RoundReport {
    pub stats: ScanStats,
    /// Log lines, one per action (planned in a dry run, sent otherwise).
    pub log: Vec<String>,
    /// Every action's outcome, including those of earlier rounds decided in this one.
    pub outcomes: BTreeMap<(ActionKind, Class), u64>,
    /// Actions sent (each under one signature).
    pub sent: BTreeMap<ActionKind, u64>,
    /// The planned profit of the liquidations that landed (quote, WAD).
    pub profit_wad: i128,
    /// The bot's base-token balance at the start of the round.
    pub inventory: u64,
    /// Positions left alone because a transaction on them is still in doubt.
    pub in_flight: usize,
    pub released: usize,
    /// What the round's plan ids start with: the pool and the round number, so an id is
    /// unique in the process (one plan, one signature; the logs show which).
    pub plan_prefix: String,
}

impl RoundReport {
    pub fn count(&self, kind: ActionKind, class: Class) -> u64 {
        self.outcomes.get(&(kind, class)).copied().unwrap_or(0)
    }

    fn of_class(&self, class: Class) -> u64 {
        self.outcomes
            .iter()
            .filter(|((_, c), _)| *c == class)
            .map(|(_, n)| n)
            .sum()
    }

    /// The one-line summary the bot logs after each round.
    pub fn summary(&self) -> String {
        let s = &self.stats;
        format!(
            "round: {} positions, {} liquidatable ({} unprofitable, {} over budget, {} blocked), {} bankrupt, {} unpriced; liquidated {}, settled {}, marked {} ({} released), failed {}; lost {} to faster bots, {} stale, {} paused, {} expired, {} in doubt",
            s.positions, s.liquidatable, s.unprofitable, s.over_budget, s.blocked, s.bankrupt,
            s.missing_price,
            self.count(ActionKind::Liquidate, Class::Landed),
            self.count(ActionKind::Settle, Class::Landed),
            self.count(ActionKind::Mark, Class::Landed),
            self.released,
            self.of_class(Class::Failed),
            self.of_class(Class::LostRace),
            self.of_class(Class::Stale),
            self.of_class(Class::Paused),
            self.of_class(Class::Expired),
            self.in_flight,
        )
    }

    fn record(&mut self, kind: ActionKind, class: Class) {
        *self.outcomes.entry((kind, class)).or_default() += 1;
    }
}

/// Settles the transactions earlier rounds left in doubt, where they are now decided.
fn resolve_in_doubt(client: &Client, state: &mut BotState, report: &mut RoundReport) {
    let decided: Vec<(Pubkey, ActionKind, Outcome)> = state
        .in_doubt
        .iter()
        .filter_map(|(position, (kind, sig, last_valid))| {
            client
                .resolve(sig, *last_valid)
                .map(|o| (*position, *kind, o))
        })
        .collect();
    for (position, kind, outcome) in decided {
        state.in_doubt.remove(&position);
        let class = classify(&outcome);
        report.record(kind, class);
        report.log.push(format!(
            "earlier {} on {position}: {}",
            kind.label(),
            class.label()
        ));
    }
}

/// Sends one action (already simulated inside `submit`) and books its outcome.
#[allow(clippy::too_many_arguments)]
fn act(
    client: &Client,
    state: &mut BotState,
    report: &mut RoundReport,
    opts: &SubmitOptions,
    kind: ActionKind,
    position: Option<Pubkey>,
    ix: anchor_lang::solana_program::instruction::Instruction,
    what: &str,
) -> Class {
    let plan = format!("{}/{}", report.plan_prefix, report.log.len());
    let outcome = match client.submit(&[ix], &[], opts) {
        Ok(o) => o,
        Err(e) => {
            report.record(kind, Class::Failed);
            report.log.push(format!("FAILED {what}: {e:#}"));
            return Class::Failed;
        }
    };
    let class = classify(&outcome);
    report.record(kind, class);
    let sig = match &outcome {
        Outcome::Landed { signature, .. }
        | Outcome::Expired { signature }
        | Outcome::InDoubt { signature, .. } => Some(*signature),
        Outcome::Rejected { signature, .. } => *signature,
    };
    if sig.is_some() {
        *report.sent.entry(kind).or_default() += 1;
    }
    let sig = sig.map_or_else(|| "not sent".to_string(), |s| s.to_string());
    match (&outcome, class) {
        (Outcome::Landed { .. }, _) => report.log.push(format!("{what} (plan {plan}, {sig})")),
        (
            Outcome::InDoubt {
                signature,
                last_valid_block_height,
            },
            _,
        ) => {
            if let Some(p) = position {
                state
                    .in_doubt
                    .insert(p, (kind, *signature, *last_valid_block_height));
            }
            report.log.push(format!(
                "IN DOUBT {what} (plan {plan}, {sig}): watched until its blockhash expires"
            ));
        }
        (Outcome::Rejected { error, logs, .. }, Class::Failed) => report.log.push(format!(
            "FAILED {what} (plan {plan}, {sig}): {}",
            describe_rejection(error, logs)
        )),
        (Outcome::Rejected { error, .. }, class) => report.log.push(format!(
            "{} {what} (plan {plan}, {sig}): {error}",
            class.label().to_uppercase()
        )),
        (Outcome::Expired { .. }, _) => report.log.push(format!(
            "EXPIRED {what} (plan {plan}, {sig}): replanned next round"
        )),
    }
    class
}

/// One scan-decide-act round.
pub fn round(
    client: &Client,
    cfg: &BotConfig,
    opts: &SubmitOptions,
    state: &mut BotState,
) -> Result<RoundReport> {
    state.rounds += 1;
    let mut report = RoundReport {
        plan_prefix: format!("{}:{}", cfg.pool, state.rounds),
        ..RoundReport::default()
    };
    resolve_in_doubt(client, state, &mut report);

    let pool = client.pool(&cfg.pool)?;
    ensure!(
        cfg.oracles.len() == pool.num_collaterals as usize,
        "pool {} has {} collateral slots: give one oracle per slot, in order",
        cfg.pool,
        pool.num_collaterals
    );
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
    let mut positions = match cfg.follower.as_ref().and_then(|f| f.positions()) {
        Some(pushed) => pushed,
        None => client.positions(&cfg.pool)?,
    };
    let before = positions.len();
    positions.retain(|(k, _)| !state.in_doubt.contains_key(k));
    report.in_flight = before - positions.len();

    let me = client.payer.pubkey();
    let base_account = client.ensure_ata(&me, &pool.base_mint)?;
    let balance = client.token_balance(&base_account)?;
    report.inventory = balance;
    let mut round = RoundPlan::plan(&pool, &positions, &market, &cfg.strategy, balance);
    report.stats = round.stats;
    report.stats.positions = before;
    let bot = BotAccounts {
        liquidator: me,
        base: base_account,
        base_oracle: cfg.base_oracle,
        oracle_of_slot: &cfg.oracles,
    };
    // positions whose liquidation or settlement landed (in a dry run: would be sent), or
    // that someone else changed first; the program re-marks or releases those itself
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
        let (receive, what, kind) = match action {
            Action::Settle { position, debt } => (
                base_account,
                format!("settle {position}: debt {debt}"),
                ActionKind::Settle,
            ),
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
                ActionKind::Liquidate,
            ),
        };
        let ix = round.instruction(&action, &addrs, &pool, &bot, receive);
        if cfg.dry_run {
            // as if it landed: the marks planned below leave it to the program
            acted.insert(action.position());
            report.log.push(format!("dry run: would {what}"));
            continue;
        }
        let class = act(
            client,
            state,
            &mut report,
            opts,
            kind,
            Some(action.position()),
            ix,
            &what,
        );
        if matches!(class, Class::Landed | Class::LostRace | Class::InDoubt) {
            acted.insert(action.position());
        }
        if let (Class::Landed, Action::Liquidate { plan, .. }) = (class, &action) {
            report.profit_wad = report.profit_wad.saturating_add(plan.profit_wad);
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
            let class = act(
                client,
                state,
                &mut report,
                opts,
                ActionKind::Mark,
                Some(plan.position),
                ix,
                &what,
            );
            if class == Class::Landed {
                report.released += usize::from(plan.releases());
            }
        }
    }
    if cfg.sweep && pool.insurance_pending > 0 {
        let what = format!("sweep {} pending insurance", pool.insurance_pending);
        if cfg.dry_run {
            report.log.push(format!("dry run: would {what}"));
        } else {
            act(
                client,
                state,
                &mut report,
                opts,
                ActionKind::Sweep,
                None,
                ix::sweep_insurance(&addrs),
                &what,
            );
        }
    }
    Ok(report)
}
