//! Build-time identity of the program.
//!
//! * The program id: `LENDING_POOL_PROGRAM_ID` if set, else the id Anchor.toml gives for
//!   `LENDING_POOL_CLUSTER` (`[programs.<cluster>]`, default `localnet`). The binary
//!   declares it (`declare_id!`), and Anchor checks it on every call, so a build for one
//!   cluster cannot be deployed at another's address by mistake.
//! * security.txt: `release.toml`'s `[security]` values (each overridable by
//!   `LENDING_POOL_SECURITY_<KEY>`), passed to the crate as `LP_SECURITY_<KEY>`. A mainnet
//!   build refuses values still marked `unset`.
use std::{env, fs, path::Path};

const SECURITY_KEYS: [&str; 7] = [
    "name",
    "project_url",
    "contacts",
    "policy",
    "preferred_languages",
    "source_code",
    "auditors",
];

/// `key = "value"` lines of `section` in a flat TOML file.
fn section_values(text: &str, section: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut out = vec![];
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == format!("[{section}]");
            continue;
        }
        if !inside || line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim();
            if let Some(v) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                out.push((k.trim().to_string(), v.to_string()));
            }
        }
    }
    out
}

fn is_base58_address(s: &str) -> bool {
    (32..=44).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'))
}

fn main() {
    let dir = env::var("CARGO_MANIFEST_DIR").unwrap();
    let anchor_toml = Path::new(&dir).join("../../Anchor.toml");
    let release_toml = Path::new(&dir).join("release.toml");
    println!("cargo:rerun-if-changed={}", anchor_toml.display());
    println!("cargo:rerun-if-changed={}", release_toml.display());
    for var in ["LENDING_POOL_PROGRAM_ID", "LENDING_POOL_CLUSTER"] {
        println!("cargo:rerun-if-env-changed={var}");
    }

    let cluster = env::var("LENDING_POOL_CLUSTER").unwrap_or_else(|_| "localnet".into());
    let id = match env::var("LENDING_POOL_PROGRAM_ID") {
        Ok(id) => id,
        Err(_) => {
            let text = fs::read_to_string(&anchor_toml).expect("Anchor.toml");
            section_values(&text, &format!("programs.{cluster}"))
                .into_iter()
                .find(|(k, _)| k == "lending_pool")
                .map(|(_, v)| v)
                .unwrap_or_else(|| {
                    panic!(
                        "Anchor.toml has no [programs.{cluster}] lending_pool id: run \
                         scripts/program-keys.sh {cluster} first"
                    )
                })
        }
    };
    assert!(
        is_base58_address(&id),
        "program id {id:?} is not a base58 address"
    );
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("program_id.rs");
    fs::write(out, format!("declare_id!(\"{id}\");\n")).unwrap();

    let text = fs::read_to_string(&release_toml).expect("release.toml");
    let values = section_values(&text, "security");
    for key in SECURITY_KEYS {
        let var = format!("LENDING_POOL_SECURITY_{}", key.to_uppercase());
        println!("cargo:rerun-if-env-changed={var}");
        let value = env::var(&var).ok().or_else(|| {
            values
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        });
        let value = value.unwrap_or_else(|| panic!("release.toml: [security] {key} is missing"));
        assert!(
            !(cluster == "mainnet" && value.contains("unset")),
            "a mainnet build needs a real security.txt {key} (release.toml or {var})"
        );
        assert!(!value.contains('\0'), "{key} may not contain NUL");
        println!("cargo:rustc-env=LP_SECURITY_{}={value}", key.to_uppercase());
    }
    println!("cargo:rustc-env=LP_CLUSTER={cluster}");
}
