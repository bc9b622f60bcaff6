//! The bot process: one client, several pools, a round over all of them every interval or
//! as soon as a followed position or oracle changes (`push`),
//! metrics and probes updated as it goes, and a graceful stop. SIGTERM or SIGINT lets the
//! round in progress finish (every transaction it sent is confirmed, expired or recorded as
//! in doubt), then the process exits 0; no round starts after the signal.
use crate::{
    fees::FeePolicy,
    metrics::Metrics,
    push::{self, ws_url_of, Follower, Wake},
    round::{round, BotConfig, BotState, SwapperRef},
    settings::{PoolTarget, Settings},
};
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};
use lending_pool_client::{
    amount::parse_amount,
    config,
    rpc::{Client, SendOptions},
    send::SubmitOptions,
};
use lending_pool_sdk::constants::WAD;
use lending_pool_service::{http, shutdown, Health};
use lending_pool_strategy::{MarkConfig, StrategyConfig};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::{error, info, warn};

/// One watched pool: its configuration (once read) and what rounds carry over.
#[derive(Default)]
struct Watch {
    cfg: Option<BotConfig>,
    state: BotState,
}

pub struct Service {
    client: Client,
    settings: Settings,
    targets: Vec<PoolTarget>,
    fees: FeePolicy,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    stop: Arc<AtomicBool>,
    /// Bumped by every pushed change: a round starts at once instead of at the interval.
    wake: Arc<Wake>,
    /// Each target's pushed state, by pool (none with `no_push`).
    followers: HashMap<Pubkey, Arc<Follower>>,
    /// Where seized collateral is sold, if anywhere.
    swapper: Option<Arc<dyn lending_pool_swap::Swapper>>,
}

impl Service {
    pub fn new(settings: Settings) -> Result<Self> {
        let (url, keypair_path) = config::resolve(
            settings.url.as_deref(),
            settings.keypair.as_deref(),
            settings.solana_config.as_deref(),
        )?;
        let payer = solana_keypair::read_keypair_file(&keypair_path)
            .map_err(|e| anyhow!("keypair {}: {e}", keypair_path.display()))?;
        let metrics = Arc::new(Metrics::new());
        let mut client = Client::with_timeout(
            &url,
            payer,
            SendOptions {
                priority_fee: 0,
                compute_unit_limit: Some(settings.compute_unit_limit.unwrap_or(120_000)),
                retries: settings.retries.unwrap_or(2),
            },
            settings.rpc_timeout(),
        );
        client.faults = metrics.rpc_faults();
        // a round may wait for confirmations of several transactions in a row
        let stall = settings.confirm_timeout() * 4 + settings.interval() * 3;
        let stop = shutdown::flag()?;
        info!(url, bot = %client.payer_key(), "liquidator starting");
        let targets = settings.targets()?;
        let swapper = settings.swapper(&url)?;
        let wake = Arc::new(Wake::default());
        // one round needs no subscriptions
        let no_push = settings.no_push.unwrap_or(false) || settings.once.unwrap_or(false);
        let followers = match no_push {
            true => HashMap::new(),
            false => {
                let ws = settings.ws_url.clone().unwrap_or_else(|| ws_url_of(&url));
                info!(
                    ws,
                    "following positions and oracles over websocket subscriptions"
                );
                targets
                    .iter()
                    .map(|t| {
                        let watched =
                            std::iter::once(t.base_oracle).chain(t.oracles.iter().copied());
                        let f = push::follow(
                            ws.clone(),
                            url.clone(),
                            t.pool,
                            watched.collect(),
                            settings.resync(),
                            wake.clone(),
                        );
                        (t.pool, f)
                    })
                    .collect()
            }
        };
        Ok(Self {
            targets,
            swapper,
            wake,
            followers,
            fees: settings.fee_policy(),
            client,
            settings,
            metrics,
            health: Arc::new(Health::new(stall)),
            stop,
        })
    }

    /// The pool's configuration: amounts in its base token's decimals (read once; a
    /// mint's decimals never change).
    fn bot_config(&self, t: &PoolTarget) -> Result<BotConfig> {
        let s = &self.settings;
        let pool = self.client.pool(&t.pool)?;
        let max_repay = match t.max_repay.as_ref().or(s.max_repay.as_ref()) {
            Some(a) => parse_amount(a, pool.base_decimals)?,
            None => u64::MAX,
        };
        // quote units with 18 decimals (WAD)
        let min_profit = parse_amount(s.min_profit.as_deref().unwrap_or("0"), 9)? as u128
            * (WAD / 1_000_000_000);
        let tolerance = parse_amount(
            s.mark_tolerance.as_deref().unwrap_or("0"),
            pool.base_decimals,
        )?;
        Ok(BotConfig {
            pool: t.pool,
            base_oracle: t.base_oracle,
            oracles: t.oracles.clone(),
            strategy: StrategyConfig {
                max_repay,
                min_profit_wad: min_profit,
                slippage_bps: s.slippage_bps.unwrap_or(50),
            },
            max_actions: s.max_actions.unwrap_or(16),
            dry_run: s.dry_run.unwrap_or(false),
            sweep: !s.no_sweep.unwrap_or(false),
            marks: (!s.no_mark.unwrap_or(false)).then_some(MarkConfig { tolerance }),
            follower: self.followers.get(&t.pool).cloned(),
            capital: s.capital.unwrap_or_default(),
            swapper: self.swapper.clone().map(SwapperRef),
            swap_slippage_bps: s.swap_slippage_bps.unwrap_or(100),
            min_flash_profit: parse_amount(
                s.min_flash_profit.as_deref().unwrap_or("0"),
                pool.base_decimals,
            )?,
        })
    }

    /// `t`'s configuration, made on the first round that can read its pool.
    fn config<'a>(&self, t: &PoolTarget, slot: &'a mut Option<BotConfig>) -> Result<&'a BotConfig> {
        if slot.is_none() {
            *slot = Some(self.bot_config(t)?);
        }
        Ok(slot.as_ref().expect("set above"))
    }

    /// One round over every pool; `true` when each pool's round completed.
    fn round_all(&self, watches: &mut [Watch]) -> bool {
        let start = Instant::now();
        let mut ok = true;
        for (t, Watch { cfg, state }) in self.targets.iter().zip(watches.iter_mut()) {
            let pool = t.pool.to_string();
            let result = self.config(t, cfg).and_then(|cfg| {
                // without the recent fees (RPC trouble) the round still runs, at the floor
                let fee = self
                    .fees
                    .current(&self.client, &[t.pool])
                    .unwrap_or_else(|e| {
                        warn!(
                            pool,
                            "recent priority fees unavailable, paying the floor: {e:#}"
                        );
                        self.fees.floor()
                    });
                let mut send = self.client.send;
                send.priority_fee = fee;
                let opts = SubmitOptions {
                    send,
                    simulate: true,
                    fit_compute_limit: true,
                    confirm_timeout: self.settings.confirm_timeout(),
                };
                round(&self.client, cfg, &opts, state).map(|r| (r, fee))
            });
            match result {
                Ok((report, fee)) => {
                    self.metrics.record(&pool, &report, fee);
                    info!(pool, priority_fee = fee, "{}", report.summary());
                    for line in &report.log {
                        info!(pool, "  {line}");
                    }
                }
                // RPC down, an account missing: logged, and the next round tries again
                Err(e) => {
                    ok = false;
                    error!(pool, "round failed: {e:#}");
                }
            }
            if let Some(f) = self.followers.get(&t.pool) {
                self.metrics.record_push(&pool, f.is_live(), &f.stats);
            }
            self.health.beat();
        }
        self.metrics
            .round_finished(ok, start.elapsed().as_secs_f64());
        self.health.set_ready(ok);
        ok
    }

    /// Runs rounds until stopped (or once). Errors only for what the operator must fix
    /// before anything can work (the HTTP port taken).
    pub fn run(self) -> Result<()> {
        if let Some(addr) = self.settings.http_listen {
            let probes = http::probes(self.health.clone(), self.metrics.clone());
            let bound = http::serve_in_background(addr, probes)?;
            info!(%bound, "serving /metrics, /healthz and /readyz");
        }
        for t in &self.targets {
            self.metrics.register_pool(&t.pool.to_string());
            info!(pool = %t.pool, oracles = t.oracles.len(), "watching pool");
        }
        let mut watches: Vec<Watch> = self.targets.iter().map(|_| Watch::default()).collect();
        let once = self.settings.once.unwrap_or(false);
        loop {
            // a change pushed during the round starts the next one at once
            let seen = self.wake.generation();
            let ok = self.round_all(&mut watches);
            if once {
                return if ok {
                    Ok(())
                } else {
                    Err(anyhow!("the round failed"))
                };
            }
            if self.sleep_or_stop(self.settings.interval(), seen) {
                let in_doubt: usize = watches.iter().map(|w| w.state.in_doubt.len()).sum();
                if in_doubt > 0 {
                    warn!(
                        in_doubt,
                        "stopping with transactions in doubt (they expire with their blockhash)"
                    );
                }
                info!("stopped: the round in progress finished");
                return Ok(());
            }
        }
    }

    /// Sleeps `d` unless a stop signal arrives first (or has arrived): `true` to stop.
    fn sleep_or_stop(&self, d: Duration, seen: u64) -> bool {
        let until = Instant::now() + d;
        while Instant::now() < until {
            if self.stop.load(Ordering::Relaxed) {
                return true;
            }
            let step = Duration::from_millis(50).min(until - Instant::now());
            if self.wake.wait_past(seen, step) {
                // one slot's notifications (a price and the positions it moves) make one round
                std::thread::sleep(Duration::from_millis(50));
                self.metrics.pushed_wakeup();
                break;
            }
        }
        self.stop.load(Ordering::Relaxed)
    }
}
