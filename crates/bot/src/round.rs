//! The reference liquidator bot's round: scan the pool's positions over RPC, decide with
//! `lending-pool-strategy` (pure, tested without a network), act, mark what it could not
//! clear (and correct or release stale marks), report. Every action is simulated first
//! and sent under one signature (the client's `send`); its outcome is classified (`outcome`), so a
//! position another bot cleared first is a lost race, not a failure.
use crate::outcome::{classify, Class};
pub use crate::report::RoundReport;
use crate::settings::Capital;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anyhow::{ensure, Result};
use lending_pool_client::{
    rpc::Client,
    send::{describe_rejection, Outcome, SubmitOptions},
};
use lending_pool_sdk::{
    ix,
    oracle::decode_price_update,
    state::{Pool, Position},
    PoolAddresses,
};
use lending_pool_strategy::{
    scan::BotAccounts, Action, FlashTerms, Funding, MarkConfig, Market, RoundPlan, StrategyConfig,
};
use solana_message::AddressLookupTableAccount;
use solana_signer::Signer;
use solana_transaction::Signature;
use std::collections::{HashMap, HashSet};

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
    /// How liquidations are paid for.
    pub capital: Capital,
    /// Where seized collateral is sold (needed for flash loans).
    pub swapper: Option<SwapperRef>,
    /// Tolerated shortfall of a sale versus its quote, bps.
    pub swap_slippage_bps: u16,
    /// Least a flash liquidation's quoted sale must leave over the loan and its fee.
    pub min_flash_profit: u64,
}

/// A shared swapper (shown by name).
#[derive(Clone)]
pub struct SwapperRef(pub std::sync::Arc<dyn lending_pool_swap::Swapper>);

impl std::fmt::Debug for SwapperRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

/// What an action was, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    Liquidate,
    /// Flash-borrow, liquidate, sell the collateral, repay: one transaction.
    FlashLiquidate,
    Settle,
    Mark,
    Sweep,
    /// Selling collateral the bot holds.
    Sell,
}

impl ActionKind {
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Liquidate => "liquidate",
            ActionKind::FlashLiquidate => "flash-liquidate",
            ActionKind::Settle => "settle",
            ActionKind::Mark => "mark",
            ActionKind::Sweep => "sweep",
            ActionKind::Sell => "sell",
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
    /// The bot's address lookup table for this pool's flash liquidations, once made.
    pub lookup_table: Option<Pubkey>,
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

/// One scan-decide-act round, phase by phase: the transactions earlier rounds left in doubt,
/// the scan, the plan, the actions (liquidations and settlements), the marks, the sweep; the
/// report records each.
pub fn round(
    client: &Client,
    cfg: &BotConfig,
    opts: &SubmitOptions,
    state: &mut BotState,
) -> Result<RoundReport> {
    state.rounds += 1;
    let report = RoundReport {
        plan_prefix: format!("{}:{}", cfg.pool, state.rounds),
        ..RoundReport::default()
    };
    let mut r = Round {
        client,
        cfg,
        opts,
        state,
        report,
    };
    resolve_in_doubt(client, r.state, &mut r.report);
    let scan = r.scan()?;
    let (mut round, bot) = r.plan(&scan)?;
    let acted = r.act_on_plan(&scan, &mut round, &bot)?;
    r.sell(&scan, &bot);
    r.mark(&scan, &round, &bot, &acted);
    r.sweep(&scan);
    Ok(r.report)
}

/// What a round's phases share: the connection, the settings, the state carried from round
/// to round, and the report being written.
pub(crate) struct Round<'a> {
    pub(crate) client: &'a Client,
    pub(crate) cfg: &'a BotConfig,
    opts: &'a SubmitOptions,
    pub(crate) state: &'a mut BotState,
    pub(crate) report: RoundReport,
}

/// What the scan read: the pool, the prices, and the positions free to act on (none with a
/// transaction still in doubt) out of the `found` the pool has.
pub(crate) struct Scan {
    pub(crate) pool: Pool,
    pub(crate) addrs: PoolAddresses,
    market: Market,
    positions: Vec<(Pubkey, Position)>,
    found: usize,
}

impl<'a> Round<'a> {
    /// Reads the pool, its oracles (one per collateral slot, checked) and its positions.
    fn scan(&mut self) -> Result<Scan> {
        let (client, cfg) = (self.client, self.cfg);
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
        let found = positions.len();
        positions.retain(|(k, _)| !self.state.in_doubt.contains_key(k));
        self.report.in_flight = found - positions.len();
        Ok(Scan {
            pool,
            addrs,
            market,
            positions,
            found,
        })
    }

    /// The bot's base account and its balance (the inventory the plan spends), and the
    /// plan: the actions worth taking, the most valuable first.
    fn plan(&mut self, scan: &Scan) -> Result<(RoundPlan, BotAccounts<'a>)> {
        let (client, cfg) = (self.client, self.cfg);
        let me = client.payer.pubkey();
        let base_account = client.ensure_ata(&me, &scan.pool.base_mint)?;
        let balance = client.token_balance(&base_account)?;
        self.report.inventory = balance;
        let (inventory, flash) = match cfg.capital {
            Capital::Inventory => (balance, None),
            Capital::Flash => (0, FlashTerms::of(&scan.pool)),
            Capital::Auto => (balance, FlashTerms::of(&scan.pool)),
        };
        let round = RoundPlan::plan_funded(
            &scan.pool,
            &scan.positions,
            &scan.market,
            &cfg.strategy,
            inventory,
            flash,
        );
        self.report.stats = round.stats;
        self.report.stats.positions = scan.found;
        let bot = BotAccounts {
            liquidator: me,
            base: base_account,
            base_oracle: cfg.base_oracle,
            oracle_of_slot: &cfg.oracles,
        };
        Ok((round, bot))
    }

    /// The plan's liquidations and settlements, the most valuable first, up to
    /// `max_actions` and while the inventory lasts. Returns the positions acted on: those
    /// whose action landed (in a dry run: would be sent), or that someone else changed
    /// first; the program re-marks or releases those itself.
    fn act_on_plan(
        &mut self,
        scan: &Scan,
        round: &mut RoundPlan,
        bot: &BotAccounts,
    ) -> Result<HashSet<Pubkey>> {
        let mut acted = HashSet::new();
        for action in round.actions.clone().into_iter().take(self.cfg.max_actions) {
            let Some(funding) = round.fund(&action) else {
                self.report.log.push(format!(
                    "skip {}: needs {}, holds {}",
                    action.position(),
                    action.cost(),
                    round.balance()
                ));
                continue;
            };
            let (receive, what, kind) = self.describe(&action, scan, bot)?;
            let ix = round.instruction(&action, &scan.addrs, &scan.pool, bot, receive);
            if self.cfg.dry_run {
                // as if it landed: the marks planned below leave it to the program
                acted.insert(action.position());
                let how = match funding {
                    Funding::FlashLoan { .. } => " with a flash loan",
                    Funding::Inventory => "",
                };
                self.report.log.push(format!("dry run: would {what}{how}"));
                continue;
            }
            let class = match (funding, &action) {
                (Funding::FlashLoan { amount, fee }, Action::Liquidate { plan, .. }) => {
                    let loan = crate::flash::Loan { amount, fee };
                    match self.flash_liquidate(&action, plan, ix, receive, loan, scan, bot) {
                        Some(class) => class,
                        None => continue,
                    }
                }
                _ => self.act(kind, Some(action.position()), ix, &what),
            };
            if matches!(class, Class::Landed | Class::LostRace | Class::InDoubt) {
                acted.insert(action.position());
            }
            if let (Class::Landed, Action::Liquidate { plan, .. }) = (class, &action) {
                self.report.profit_wad = self.report.profit_wad.saturating_add(plan.profit_wad);
            }
        }
        Ok(acted)
    }

    /// An action's receiving account (the bot's base account for a settlement, its
    /// account of the seized collateral for a liquidation), its log line and its kind.
    fn describe(
        &self,
        action: &Action,
        scan: &Scan,
        bot: &BotAccounts,
    ) -> Result<(Pubkey, String, ActionKind)> {
        Ok(match action {
            Action::Settle { position, debt } => (
                bot.base,
                format!("settle {position}: debt {debt}"),
                ActionKind::Settle,
            ),
            Action::Liquidate { position, plan } => (
                self.client
                    .ensure_ata(&bot.liquidator, &scan.pool.collaterals[plan.slot as usize].mint)?,
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
        })
    }

    /// Marks the shortfalls the actions left (and corrects or releases stale marks), when
    /// the bot marks.
    fn mark(&mut self, scan: &Scan, round: &RoundPlan, bot: &BotAccounts, acted: &HashSet<Pubkey>) {
        let cfg = self.cfg;
        let Some(mark_cfg) = &cfg.marks else {
            return;
        };
        for plan in round.marks(&scan.pool, &scan.market, acted, mark_cfg) {
            let what = format!(
                "mark {}: shortfall {} (was {})",
                plan.position, plan.shortfall, plan.mark_before
            );
            if cfg.dry_run {
                self.report.log.push(format!("dry run: would {what}"));
                continue;
            }
            let ix = round.mark_instruction(&plan, &scan.addrs, &scan.pool, bot);
            let class = self.act(ActionKind::Mark, Some(plan.position), ix, &what);
            if class == Class::Landed {
                self.report.released += usize::from(plan.releases());
            }
        }
    }

    /// Sweeps the pool's pending insurance into the fund, when the bot sweeps and there is
    /// any.
    fn sweep(&mut self, scan: &Scan) {
        let pending = scan.pool.insurance_pending;
        if !(self.cfg.sweep && pending > 0) {
            return;
        }
        let what = format!("sweep {pending} pending insurance");
        if self.cfg.dry_run {
            self.report.log.push(format!("dry run: would {what}"));
        } else {
            let ix = ix::sweep_insurance(&scan.addrs);
            self.act(ActionKind::Sweep, None, ix, &what);
        }
    }

    /// Sends one action (already simulated inside `submit`) and books its outcome.
    fn act(
        &mut self,
        kind: ActionKind,
        position: Option<Pubkey>,
        ix: Instruction,
        what: &str,
    ) -> Class {
        self.act_all(kind, position, &[ix], &[], what)
    }

    /// `act` for an action of several instructions, in a version-0 transaction when
    /// lookup `tables` are given.
    pub(crate) fn act_all(
        &mut self,
        kind: ActionKind,
        position: Option<Pubkey>,
        ixs: &[Instruction],
        tables: &[AddressLookupTableAccount],
        what: &str,
    ) -> Class {
        let report = &mut self.report;
        let plan = format!("{}/{}", report.plan_prefix, report.log.len());
        let outcome = match self.client.submit_with_tables(ixs, &[], tables, self.opts) {
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
                    self.state
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
}
