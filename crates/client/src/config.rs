//! Where to connect and who signs: `--url` / `--keypair`, else the Solana CLI's config file
//! (`~/.config/solana/cli/config.yml`), else localhost and `~/.config/solana/id.json`.
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

pub const DEFAULT_URL: &str = "http://127.0.0.1:8899";

/// The two settings the tools take from the Solana CLI config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SolanaConfig {
    pub json_rpc_url: Option<String>,
    pub keypair_path: Option<String>,
}

/// `~/.config/solana/cli/config.yml` (the Solana CLI's default location).
pub fn default_config_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".config/solana/cli/config.yml"))
}

/// Reads `json_rpc_url` and `keypair_path` from the Solana CLI's YAML config (flat
/// `key: value` lines; quotes optional). A missing file is an empty config.
pub fn read_solana_config(path: &Path) -> Result<SolanaConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SolanaConfig::default()),
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    Ok(parse_solana_config(&text))
}

pub fn parse_solana_config(text: &str) -> SolanaConfig {
    let mut c = SolanaConfig::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value
            .trim()
            .trim_matches(|q| q == '"' || q == '\'')
            .to_string();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "json_rpc_url" => c.json_rpc_url = Some(value),
            "keypair_path" => c.keypair_path = Some(value),
            _ => {}
        }
    }
    c
}

/// Expands the Solana CLI's cluster monikers (`localhost`, `devnet`, `testnet`,
/// `mainnet-beta` and their first letters); anything else is taken as a URL.
pub fn resolve_url(url: &str) -> String {
    match url {
        "l" | "localhost" => DEFAULT_URL.into(),
        "d" | "devnet" => "https://api.devnet.solana.com".into(),
        "t" | "testnet" => "https://api.testnet.solana.com".into(),
        "m" | "mainnet-beta" => "https://api.mainnet-beta.solana.com".into(),
        other => other.into(),
    }
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// The URL and keypair path to use: flags first, then the config file, then defaults.
pub fn resolve(
    url: Option<&str>,
    keypair: Option<&str>,
    config_file: Option<&Path>,
) -> Result<(String, PathBuf)> {
    let file = match config_file
        .map(Path::to_path_buf)
        .or_else(default_config_path)
    {
        Some(p) => read_solana_config(&p)?,
        None => SolanaConfig::default(),
    };
    let url = url
        .map(str::to_string)
        .or(file.json_rpc_url)
        .unwrap_or_else(|| DEFAULT_URL.into());
    let keypair = keypair
        .map(str::to_string)
        .or(file.keypair_path)
        .unwrap_or_else(|| "~/.config/solana/id.json".into());
    Ok((resolve_url(&url), expand_home(&keypair)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_solana_cli_config() {
        let text = "---\njson_rpc_url: \"https://api.devnet.solana.com\"\nwebsocket_url: \"\"\nkeypair_path: /home/a/.config/solana/id.json\naddress_labels:\n  \"11111111111111111111111111111111\": System Program\ncommitment: confirmed\n";
        let c = parse_solana_config(text);
        assert_eq!(
            c.json_rpc_url.as_deref(),
            Some("https://api.devnet.solana.com")
        );
        assert_eq!(
            c.keypair_path.as_deref(),
            Some("/home/a/.config/solana/id.json")
        );
    }

    #[test]
    fn flags_beat_the_config_file_which_beats_defaults() {
        let dir = std::env::temp_dir().join(format!("lp-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.yml");
        std::fs::write(&file, "json_rpc_url: devnet\nkeypair_path: /k.json\n").unwrap();
        let (url, kp) = resolve(None, None, Some(&file)).unwrap();
        assert_eq!(url, "https://api.devnet.solana.com");
        assert_eq!(kp, PathBuf::from("/k.json"));
        let (url, kp) = resolve(Some("l"), Some("/other.json"), Some(&file)).unwrap();
        assert_eq!(url, DEFAULT_URL);
        assert_eq!(kp, PathBuf::from("/other.json"));
        let (url, _) = resolve(None, None, Some(&dir.join("missing.yml"))).unwrap();
        assert_eq!(url, DEFAULT_URL);
        assert_eq!(resolve_url("http://10.0.0.1:8899"), "http://10.0.0.1:8899");
    }
}
