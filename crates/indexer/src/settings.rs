//! The indexer's settings: flags, each with an `INDEXER_*` environment variable.
use crate::positions::PoolOracles;
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use clap::Parser;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "lending-pool-indexer",
    version,
    about = "Indexes the lending pool's events into SQLite or PostgreSQL and serves the API and the risk dashboard"
)]
pub struct Settings {
    /// JSON RPC endpoint of the node to follow.
    #[arg(long, env = "INDEXER_RPC_URL", default_value = "http://127.0.0.1:8899")]
    pub url: String,
    /// Its websocket endpoint (default: the RPC URL's, on the next port, as a validator serves it).
    #[arg(long, env = "INDEXER_WS_URL")]
    pub ws_url: Option<String>,
    /// `sqlite:<file>` (created if missing) or `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "INDEXER_DATABASE_URL",
        default_value = "sqlite:lending-pool-index.db?mode=rwc"
    )]
    pub database_url: String,
    /// Address the API and the dashboard listen on.
    #[arg(long, env = "INDEXER_LISTEN", default_value = "127.0.0.1:3030")]
    pub listen: String,
    /// The program to follow.
    #[arg(long, env = "INDEXER_PROGRAM_ID", default_value_t = lending_pool_sdk::PROGRAM_ID)]
    pub program_id: Pubkey,
    /// Longest time between rounds when the subscription is quiet (milliseconds).
    #[arg(long, env = "INDEXER_POLL_MS", default_value_t = 2_000)]
    pub poll_ms: u64,
    /// The built dashboard (`scripts/build-dashboard.sh`); served at `/` when it exists.
    #[arg(long, env = "INDEXER_DASHBOARD_DIR", default_value = "dashboard/dist")]
    pub dashboard_dir: PathBuf,
    /// Oracle accounts that price a pool's positions for `/positions`:
    /// `POOL=BASE_ORACLE,SLOT0_ORACLE,...` (repeat the flag per pool).
    #[arg(
        long = "pool-oracles",
        env = "INDEXER_POOL_ORACLES",
        value_delimiter = ';'
    )]
    pub pool_oracles: Vec<String>,
    /// Log filter (`tracing` syntax).
    #[arg(long, env = "INDEXER_LOG", default_value = "info")]
    pub log: String,
    /// Seconds between stresses of each pool's live book (`/stress`; pools with
    /// --pool-oracles); 0 turns them off.
    #[arg(long, env = "INDEXER_STRESS_SECS", default_value_t = 60)]
    pub stress_secs: u64,
}

impl Settings {
    /// The websocket URL: given, or the RPC URL's scheme and port + 1.
    pub fn ws_url(&self) -> Result<String> {
        if let Some(ws) = &self.ws_url {
            return Ok(ws.clone());
        }
        let ws = self
            .url
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1);
        let (head, port) = ws
            .rsplit_once(':')
            .context("RPC URL without a port: give --ws-url")?;
        let port: u16 = port
            .trim_end_matches('/')
            .parse()
            .context("RPC URL port: give --ws-url")?;
        Ok(format!("{head}:{}", port + 1))
    }

    pub fn oracles(&self) -> Result<HashMap<Pubkey, PoolOracles>> {
        self.pool_oracles
            .iter()
            .map(|s| {
                let (pool, oracles) = s
                    .split_once('=')
                    .with_context(|| format!("--pool-oracles {s}: POOL=BASE,SLOT0,..."))?;
                Ok((
                    pool.trim().parse().context("pool address")?,
                    oracles.parse()?,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_url_is_the_next_port() {
        let s = Settings::parse_from(["x", "--url", "http://127.0.0.1:8899"]);
        assert_eq!(s.ws_url().unwrap(), "ws://127.0.0.1:8900");
        let s = Settings::parse_from(["x", "--url", "http://h:1", "--ws-url", "ws://h:9"]);
        assert_eq!(s.ws_url().unwrap(), "ws://h:9");
    }

    #[test]
    fn pool_oracles_parse() {
        let (p, b, o) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let s = Settings::parse_from(["x", "--pool-oracles", &format!("{p}={b},{o}")]);
        let m = s.oracles().unwrap();
        assert_eq!(m[&p].base, b);
        assert_eq!(m[&p].slots, vec![o]);
        let s = Settings::parse_from(["x", "--pool-oracles", "nope"]);
        assert!(s.oracles().is_err());
    }
}
