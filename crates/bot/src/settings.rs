//! The bot's settings. Each can be given as a flag, as an environment variable
//! (`LIQUIDATOR_` and the flag's name in capitals, `-` as `_`) or in a TOML file
//! (`--config-file`, keys as the flags are spelled); a flag beats the environment, which
//! beats the file, which beats the default. Pools come from `--pool` (one, with its
//! oracles) or from the file's `[[pools]]` tables (several).
use crate::fees::FeePolicy;
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

/// How the bot pays for liquidations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ValueEnum, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Capital {
    /// Only from the base tokens it holds.
    #[default]
    Inventory,
    /// Only with flash loans: borrow the repayment, liquidate, sell the collateral, repay,
    /// in one transaction; it needs no base tokens.
    Flash,
    /// From its inventory while that lasts, with flash loans after.
    Auto,
}

/// Where seized collateral is sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ValueEnum, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SwapperKind {
    /// Nowhere: the bot keeps what it seizes.
    #[default]
    None,
    /// The SPL token-swap program's constant-product pools (`--amm-program`).
    Amm,
    /// Jupiter's swap API (`--jupiter-url`).
    Jupiter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ValueEnum, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// One pool to watch, as the file gives it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolEntry {
    pub pool: String,
    pub base_oracle: String,
    /// One `PriceUpdateV2` account per collateral slot, in slot order.
    #[serde(default)]
    pub oracles: Vec<String>,
    /// Overrides the global `max-repay` (base tokens of this pool).
    pub max_repay: Option<String>,
}

/// A pool to watch, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolTarget {
    pub pool: Pubkey,
    pub base_oracle: Pubkey,
    pub oracles: Vec<Pubkey>,
    pub max_repay: Option<String>,
}

#[derive(Parser, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[command(
    name = "liquidator",
    version,
    about = "Reference liquidator bot for lending pools: liquidates, settles and marks, with metrics and health endpoints"
)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// TOML file with any of the settings below (flags and LIQUIDATOR_* variables win).
    #[arg(long, env = "LIQUIDATOR_CONFIG_FILE")]
    #[serde(skip)]
    pub config_file: Option<PathBuf>,
    /// RPC URL or moniker; default: the Solana CLI config's json_rpc_url.
    #[arg(short = 'u', long, env = "LIQUIDATOR_URL")]
    pub url: Option<String>,
    /// The bot's keypair (pays fees, repays debt, receives collateral).
    #[arg(short = 'k', long, env = "LIQUIDATOR_KEYPAIR")]
    pub keypair: Option<String>,
    /// The Solana CLI config file to take the URL and keypair from.
    #[arg(short = 'C', long = "config", env = "LIQUIDATOR_SOLANA_CONFIG")]
    pub solana_config: Option<PathBuf>,
    /// The pool to watch (the file can list several as [[pools]]).
    #[arg(long, env = "LIQUIDATOR_POOL")]
    #[serde(skip)]
    pub pool: Option<String>,
    /// The base asset's PriceUpdateV2 account (with --pool).
    #[arg(long, env = "LIQUIDATOR_BASE_ORACLE")]
    #[serde(skip)]
    pub base_oracle: Option<String>,
    /// Collateral PriceUpdateV2 accounts, one per slot, in slot order (with --pool;
    /// comma-separated in the environment).
    #[arg(long = "oracle", env = "LIQUIDATOR_ORACLES", value_delimiter = ',')]
    #[serde(skip)]
    pub oracles: Vec<String>,
    #[arg(skip)]
    pub pools: Vec<PoolEntry>,
    /// Seconds between rounds [default: 10].
    #[arg(long, env = "LIQUIDATOR_INTERVAL_SECS")]
    pub interval_secs: Option<u64>,
    /// Run one round and exit.
    #[arg(long, env = "LIQUIDATOR_ONCE", num_args = 0..=1, default_missing_value = "true")]
    pub once: Option<bool>,
    /// Decide and log, send nothing.
    #[arg(long, env = "LIQUIDATOR_DRY_RUN", num_args = 0..=1, default_missing_value = "true")]
    pub dry_run: Option<bool>,
    /// Most base tokens one liquidation may repay [default: everything the bot holds].
    #[arg(long, env = "LIQUIDATOR_MAX_REPAY")]
    pub max_repay: Option<String>,
    /// Skip liquidations earning less than this (quote units, e.g. 0.5) [default: 0].
    #[arg(long, env = "LIQUIDATOR_MIN_PROFIT")]
    pub min_profit: Option<String>,
    /// Tolerated shortfall of the collateral paid out versus the plan, bps [default: 50].
    #[arg(long, env = "LIQUIDATOR_SLIPPAGE_BPS")]
    pub slippage_bps: Option<u16>,
    /// Transactions per pool and round, most valuable first [default: 16].
    #[arg(long, env = "LIQUIDATOR_MAX_ACTIONS")]
    pub max_actions: Option<usize>,
    /// A fixed priority fee (micro-lamports per compute unit); without it the fee follows
    /// getRecentPrioritizationFees.
    #[arg(long, env = "LIQUIDATOR_PRIORITY_FEE")]
    pub priority_fee: Option<u64>,
    /// Percentile of recent fees for the pool's accounts to pay [default: 75].
    #[arg(long, env = "LIQUIDATOR_PRIORITY_FEE_PERCENTILE")]
    pub priority_fee_percentile: Option<u8>,
    /// Lowest priority fee, micro-lamports per CU [default: 0].
    #[arg(long, env = "LIQUIDATOR_MIN_PRIORITY_FEE")]
    pub min_priority_fee: Option<u64>,
    /// Highest priority fee, micro-lamports per CU [default: 200000].
    #[arg(long, env = "LIQUIDATOR_MAX_PRIORITY_FEE")]
    pub max_priority_fee: Option<u64>,
    /// Compute-unit limit per transaction before fitting to the simulation [default: 120000].
    #[arg(long, env = "LIQUIDATOR_COMPUTE_UNIT_LIMIT")]
    pub compute_unit_limit: Option<u32>,
    /// Attempts after a failed RPC read [default: 2].
    #[arg(long, env = "LIQUIDATOR_RETRIES")]
    pub retries: Option<u32>,
    /// Seconds one RPC request may take [default: 30].
    #[arg(long, env = "LIQUIDATOR_RPC_TIMEOUT_SECS")]
    pub rpc_timeout_secs: Option<u64>,
    /// Seconds to wait for a confirmation before watching it from round to round [default: 60].
    #[arg(long, env = "LIQUIDATOR_CONFIRM_TIMEOUT_SECS")]
    pub confirm_timeout_secs: Option<u64>,
    /// Do not sweep pending insurance.
    #[arg(long, env = "LIQUIDATOR_NO_SWEEP", num_args = 0..=1, default_missing_value = "true")]
    pub no_sweep: Option<bool>,
    /// Do not mark the shortfalls of positions the round left underwater (nor correct or
    /// release stale marks).
    #[arg(long, env = "LIQUIDATOR_NO_MARK", num_args = 0..=1, default_missing_value = "true")]
    pub no_mark: Option<bool>,
    /// Re-mark a position only when its shortfall moved by more than this (base tokens)
    /// [default: 0]; releases are always sent.
    #[arg(long, env = "LIQUIDATOR_MARK_TOLERANCE")]
    pub mark_tolerance: Option<String>,
    /// Serve /metrics, /healthz and /readyz on this address (e.g. 0.0.0.0:9464).
    #[arg(long, env = "LIQUIDATOR_HTTP_LISTEN")]
    pub http_listen: Option<SocketAddr>,
    /// Log lines as text or JSON [default: text].
    #[arg(long, env = "LIQUIDATOR_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Log filter, tracing's syntax (e.g. info,lending_pool_bot=debug) [default: info].
    #[arg(long, env = "LIQUIDATOR_LOG")]
    pub log: Option<String>,
    /// Websocket URL for pushed state [default: the RPC URL's, as the Solana tools derive it].
    #[arg(long, env = "LIQUIDATOR_WS_URL")]
    pub ws_url: Option<String>,
    /// Poll every interval only: no websocket subscriptions.
    #[arg(long, env = "LIQUIDATOR_NO_PUSH", num_args = 0..=1, default_missing_value = "true")]
    pub no_push: Option<bool>,
    /// Seconds between full resynchronisations of the pushed positions [default: 300].
    #[arg(long, env = "LIQUIDATOR_RESYNC_SECS")]
    pub resync_secs: Option<u64>,
    /// How liquidations are paid for: inventory, flash or auto [default: inventory]. Flash
    /// and auto need a swapper.
    #[arg(long, env = "LIQUIDATOR_CAPITAL")]
    pub capital: Option<Capital>,
    /// Where seized collateral is sold: none, amm or jupiter [default: none]. With one, the
    /// bot also sells the collateral it holds after each round.
    #[arg(long, env = "LIQUIDATOR_SWAPPER")]
    pub swapper: Option<SwapperKind>,
    /// The SPL token-swap program (--swapper amm) [default: its declared id].
    #[arg(long, env = "LIQUIDATOR_AMM_PROGRAM")]
    pub amm_program: Option<String>,
    /// Jupiter's swap API (--swapper jupiter) [default: https://lite-api.jup.ag/swap/v1].
    #[arg(long, env = "LIQUIDATOR_JUPITER_URL")]
    pub jupiter_url: Option<String>,
    /// Jupiter API key, sent as x-api-key.
    #[arg(long, env = "LIQUIDATOR_JUPITER_API_KEY")]
    pub jupiter_api_key: Option<String>,
    /// Tolerated shortfall of a sale's output versus its quote, bps [default: 100].
    #[arg(long, env = "LIQUIDATOR_SWAP_SLIPPAGE_BPS")]
    pub swap_slippage_bps: Option<u16>,
    /// Skip flash liquidations whose quoted sale (at the slippage tolerance) leaves less
    /// than this over the loan and its fee, base tokens [default: 0].
    #[arg(long, env = "LIQUIDATOR_MIN_FLASH_PROFIT")]
    pub min_flash_profit: Option<String>,
}

/// Takes each setting from `self` where given, else from `file`.
macro_rules! or_file {
    ($self:ident, $file:ident; $($field:ident),*) => {
        Settings { $($field: $self.$field.or($file.$field),)* ..$self }
    };
}

impl Settings {
    /// Flags and environment (already in `self`) over the file's settings.
    pub fn over(self, file: Settings) -> Settings {
        let pools = if self.pool.is_some() {
            vec![]
        } else {
            file.pools.clone()
        };
        let cli = self;
        let merged = or_file!(cli, file; url, keypair, solana_config, interval_secs, once,
            dry_run, max_repay, min_profit, slippage_bps, max_actions, priority_fee,
            priority_fee_percentile, min_priority_fee, max_priority_fee, compute_unit_limit,
            retries, rpc_timeout_secs, confirm_timeout_secs, no_sweep, no_mark, mark_tolerance,
            http_listen, log_format, log, ws_url, no_push, resync_secs, capital, swapper,
            amm_program, jupiter_url, jupiter_api_key, swap_slippage_bps, min_flash_profit);
        Settings { pools, ..merged }
    }

    /// Parses the command line and the environment, then reads `--config-file` if given.
    pub fn load() -> Result<Settings> {
        let args = Settings::parse();
        match &args.config_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("config file {}", path.display()))?;
                let file: Settings = toml::from_str(&text)
                    .with_context(|| format!("config file {}", path.display()))?;
                Ok(args.over(file))
            }
            None => Ok(args),
        }
    }

    /// The pools to watch: `--pool` with its oracles, else the file's `[[pools]]`.
    pub fn targets(&self) -> Result<Vec<PoolTarget>> {
        let key = |what: &str, s: &str| {
            Pubkey::from_str(s).with_context(|| format!("{what} {s:?} is not a public key"))
        };
        let entries = match &self.pool {
            Some(pool) => vec![PoolEntry {
                pool: pool.clone(),
                base_oracle: self
                    .base_oracle
                    .clone()
                    .context("--pool needs --base-oracle")?,
                oracles: self.oracles.clone(),
                max_repay: None,
            }],
            None => self.pools.clone(),
        };
        if entries.is_empty() {
            bail!("no pool to watch: give --pool (with --base-oracle and --oracle) or [[pools]] in the config file");
        }
        let mut targets = Vec::with_capacity(entries.len());
        for e in entries {
            let t = PoolTarget {
                pool: key("pool", &e.pool)?,
                base_oracle: key("base oracle", &e.base_oracle)?,
                oracles: e
                    .oracles
                    .iter()
                    .map(|o| key("oracle", o))
                    .collect::<Result<_>>()?,
                max_repay: e.max_repay.clone(),
            };
            if targets.iter().any(|o: &PoolTarget| o.pool == t.pool) {
                bail!("pool {} is listed twice", t.pool);
            }
            targets.push(t);
        }
        Ok(targets)
    }

    pub fn fee_policy(&self) -> FeePolicy {
        match self.priority_fee {
            Some(fee) => FeePolicy::Fixed(fee),
            None => FeePolicy::Recent {
                percentile: self.priority_fee_percentile.unwrap_or(75),
                min: self.min_priority_fee.unwrap_or(0),
                max: self.max_priority_fee.unwrap_or(200_000),
            },
        }
    }

    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.interval_secs.unwrap_or(10))
    }

    pub fn confirm_timeout(&self) -> Duration {
        Duration::from_secs(self.confirm_timeout_secs.unwrap_or(60))
    }

    pub fn rpc_timeout(&self) -> Duration {
        Duration::from_secs(self.rpc_timeout_secs.unwrap_or(30))
    }

    pub fn resync(&self) -> Duration {
        Duration::from_secs(self.resync_secs.unwrap_or(300))
    }

    /// The swapper the settings name, for the RPC at `url`; an error when flash loans are
    /// asked for without one.
    pub fn swapper(
        &self,
        url: &str,
    ) -> Result<Option<std::sync::Arc<dyn lending_pool_swap::Swapper>>> {
        use lending_pool_swap::{jupiter::JupiterSwapper, token_swap::AmmSwapper};
        let swapper: Option<std::sync::Arc<dyn lending_pool_swap::Swapper>> =
            match self.swapper.unwrap_or_default() {
                SwapperKind::None => None,
                SwapperKind::Amm => {
                    let program = match &self.amm_program {
                        Some(p) => Pubkey::from_str(p)
                            .with_context(|| format!("amm program {p:?} is not a public key"))?,
                        None => lending_pool_swap::token_swap::PROGRAM_ID,
                    };
                    Some(std::sync::Arc::new(AmmSwapper::new(url, program)))
                }
                SwapperKind::Jupiter => Some(std::sync::Arc::new(JupiterSwapper::new(
                    self.jupiter_url
                        .as_deref()
                        .unwrap_or(lending_pool_swap::jupiter::DEFAULT_URL),
                    self.jupiter_api_key.clone(),
                    // the liquidation and the two flash instructions need the rest
                    30,
                )?)),
            };
        if swapper.is_none() && self.capital.unwrap_or_default() != Capital::Inventory {
            bail!("--capital flash or auto sells the seized collateral in the same transaction: give --swapper amm or jupiter");
        }
        Ok(swapper)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
url = "http://10.0.0.1:8899"
interval-secs = 5
priority-fee-percentile = 90
max-priority-fee = 50000
http-listen = "127.0.0.1:9464"
log-format = "json"
no-mark = true

[[pools]]
pool = "GRYPn4CGF2h1EAzpYikRdZGQ4JJbKJ8rMb1WpQroRwD2"
base-oracle = "11111111111111111111111111111111"
oracles = ["SysvarC1ock11111111111111111111111111111111"]

[[pools]]
pool = "SysvarRent111111111111111111111111111111111"
base-oracle = "11111111111111111111111111111111"
max-repay = "1000"
"#;

    fn parse(args: &[&str]) -> Settings {
        Settings::try_parse_from([&["liquidator"], args].concat()).unwrap()
    }

    #[test]
    fn the_file_fills_what_flags_leave_open() {
        let file: Settings = toml::from_str(FILE).unwrap();
        let s = parse(&["--interval-secs", "2"]).over(file);
        assert_eq!(s.interval(), Duration::from_secs(2), "the flag wins");
        assert_eq!(s.url.as_deref(), Some("http://10.0.0.1:8899"));
        assert_eq!(s.log_format, Some(LogFormat::Json));
        assert_eq!(s.no_mark, Some(true));
        assert_eq!(s.http_listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(
            s.fee_policy(),
            FeePolicy::Recent {
                percentile: 90,
                min: 0,
                max: 50_000
            }
        );
        let t = s.targets().unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].oracles.len(), 1);
        assert_eq!(t[1].max_repay.as_deref(), Some("1000"));
    }

    #[test]
    fn flash_capital_needs_a_swapper() {
        let s = parse(&["--capital", "flash"]);
        let e = s.swapper("http://127.0.0.1:8899").err().unwrap();
        assert!(format!("{e}").contains("--swapper"), "{e}");
        let s = parse(&["--capital", "auto", "--swapper", "amm"]);
        assert_eq!(
            s.swapper("http://127.0.0.1:8899").unwrap().unwrap().name(),
            "amm"
        );
        let s = parse(&[
            "--swapper",
            "jupiter",
            "--jupiter-url",
            "http://127.0.0.1:1/swap/v1",
        ]);
        assert_eq!(
            s.swapper("http://127.0.0.1:8899").unwrap().unwrap().name(),
            "jupiter"
        );
        assert!(parse(&[])
            .swapper("http://127.0.0.1:8899")
            .unwrap()
            .is_none());
        let file: Settings =
            toml::from_str("capital = \"auto\"\nswapper = \"amm\"\nswap-slippage-bps = 30")
                .unwrap();
        let s = parse(&[]).over(file);
        assert_eq!(
            (s.capital, s.swapper, s.swap_slippage_bps),
            (Some(Capital::Auto), Some(SwapperKind::Amm), Some(30))
        );
    }

    #[test]
    fn a_pool_flag_replaces_the_files_pools() {
        let file: Settings = toml::from_str(FILE).unwrap();
        let s = parse(&[
            "--pool",
            "SysvarRent111111111111111111111111111111111",
            "--base-oracle",
            "11111111111111111111111111111111",
            "--oracle",
            "11111111111111111111111111111111",
            "--oracle",
            "SysvarC1ock11111111111111111111111111111111",
            "--priority-fee",
            "5",
            "--once",
        ])
        .over(file);
        let t = s.targets().unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].oracles.len(), 2);
        assert_eq!(s.fee_policy(), FeePolicy::Fixed(5));
        assert_eq!(s.once, Some(true));
    }

    #[test]
    fn bad_settings_are_refused_with_their_name() {
        let err = toml::from_str::<Settings>("interval = 3")
            .unwrap_err()
            .to_string();
        assert!(err.contains("interval"), "{err}");
        let s = parse(&[
            "--pool",
            "not-a-key",
            "--base-oracle",
            "11111111111111111111111111111111",
        ]);
        assert!(format!("{:#}", s.targets().unwrap_err()).contains("not-a-key"));
        assert!(parse(&[]).targets().is_err(), "no pool");
        let s = parse(&["--pool", "11111111111111111111111111111111"]);
        assert!(format!("{:#}", s.targets().unwrap_err()).contains("--base-oracle"));
    }

    #[test]
    fn defaults_hold_without_any_setting() {
        let s = parse(&[]);
        assert_eq!(s.interval(), Duration::from_secs(10));
        assert_eq!(
            s.fee_policy(),
            FeePolicy::Recent {
                percentile: 75,
                min: 0,
                max: 200_000
            }
        );
        assert_eq!(s.once, None);
    }
}
