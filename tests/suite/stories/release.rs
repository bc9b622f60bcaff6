//! What the release binary says about itself: the security.txt embedded in
//! `lending_pool.so` (neodyme-labs' format, what explorers show) carries release.toml's
//! values, and the binary declares the localnet program id Anchor.toml gives.
use lending_pool_testkit::default_sbf_out_dir;

fn release_value(key: &str) -> String {
    let text = include_str!("../../../programs/lending-pool/release.toml");
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("release.toml has no {key}"))
}

#[test]
fn the_binary_embeds_security_txt() {
    let dir = std::env::var_os("SBF_OUT_DIR").map_or_else(default_sbf_out_dir, Into::into);
    let so =
        std::fs::read(dir.join("lending_pool.so")).expect("lending_pool.so (scripts/build-sbf.sh)");
    let txt = solana_security_txt::find_and_parse(&so).expect("a security.txt in the binary");
    assert_eq!(txt.name, release_value("name"));
    assert_eq!(txt.project_url, release_value("project_url"));
    assert_eq!(txt.contacts.len(), 1);
    assert_eq!(txt.policy, release_value("policy"));
    assert_eq!(
        txt.source_code.as_deref(),
        Some(release_value("source_code").as_str())
    );
    assert_eq!(
        txt.preferred_languages,
        vec![release_value("preferred_languages")]
    );
}

#[test]
fn the_binary_is_built_for_the_localnet_id() {
    let anchor = include_str!("../../../Anchor.toml");
    let localnet = anchor
        .split("[programs.localnet]")
        .nth(1)
        .and_then(|s| s.lines().find(|l| l.starts_with("lending_pool")))
        .and_then(|l| l.split('"').nth(1))
        .expect("Anchor.toml [programs.localnet]");
    assert_eq!(lending_pool::ID.to_string(), localnet);
}
