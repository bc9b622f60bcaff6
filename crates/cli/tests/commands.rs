//! The `lending-pool` binary as a user runs it, on the commands that need no cluster (the
//! end-to-end test against a local validator, in the bot's crate, runs the rest).
use std::path::PathBuf;
use std::process::{Command, Output};

fn lending_pool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lending-pool"))
        // no Solana CLI config needed: the URL and keypair are given
        .args([
            "--url",
            "http://127.0.0.1:1",
            "--keypair",
            "/nonexistent.json",
        ])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn program_hash_drops_the_trailing_zeros_of_a_build() {
    let so = scratch("abc.so");
    // an ELF padded with zeros hashes as its content: SHA-256("abc")
    std::fs::write(&so, b"abc\0\0\0\0").unwrap();
    let out = lending_pool(&["program", "hash", "--so", so.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn program_new_keypair_never_overwrites_a_key() {
    let file = scratch("program-keypair.json");
    let _ = std::fs::remove_file(&file);
    let path = file.to_str().unwrap();
    let first = lending_pool(&["program", "new-keypair", "--outfile", path]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    let again = lending_pool(&["program", "new-keypair", "--outfile", path]);
    assert!(again.status.success());
    assert_eq!(first.stdout, again.stdout, "the same address printed");
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "the file kept");
}

#[test]
fn refusals_say_what_is_missing_and_exit_non_zero() {
    let hash = lending_pool(&["program", "hash"]);
    assert!(!hash.status.success());
    assert!(
        String::from_utf8_lossy(&hash.stderr)
            .contains("give --so <file> or --program-id <address>"),
        "{}",
        String::from_utf8_lossy(&hash.stderr)
    );
    // offline signing needs the blockhash to sign with: refused before anything is read
    let sign = lending_pool(&["--sign-only", "program", "hash", "--so", "x.so"]);
    assert_eq!(sign.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&sign.stderr).contains("--blockhash"));
}
