//! `localnet.json`: where a running local network is and what its demo made, written by
//! `lending-pool-localnet` at start and read by its `price` command (and by anyone
//! scripting against the network).
use crate::demo::Demo;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub rpc_url: String,
    pub ws_url: String,
    pub program_id: String,
    pub pyth_receiver: String,
    /// Absent when the network was started with `--no-demo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<Demo>,
}

impl Summary {
    pub fn new(rpc_url: String, ws_url: String, demo: Option<Demo>) -> Self {
        Self {
            rpc_url,
            ws_url,
            program_id: lending_pool_sdk::PROGRAM_ID.to_string(),
            pyth_receiver: lending_pool_sdk::constants::PYTH_RECEIVER_PROGRAM_ID.to_string(),
            demo,
        }
    }

    pub fn file(dir: &Path) -> PathBuf {
        dir.join("localnet.json")
    }

    pub fn write(&self, dir: &Path) -> Result<PathBuf> {
        let file = Self::file(dir);
        std::fs::write(&file, serde_json::to_string_pretty(self)?)
            .with_context(|| format!("writing {}", file.display()))?;
        Ok(file)
    }

    pub fn read(dir: &Path) -> Result<Self> {
        let file = Self::file(dir);
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("{} (is ./scripts/localnet.sh running?)", file.display()))?;
        serde_json::from_str(&text).with_context(|| format!("reading {}", file.display()))
    }
}
