//! `idl [--check]`: builds the lending pool's Anchor IDL the way `anchor idl build` does (the
//! program's `idl-build` feature and its `__anchor_private_print_idl` tests) and writes
//! `idl/lending_pool.json`; with `--check`, fails if the committed file differs.
//!
//! The program is compiled natively into `<target dir>/idl` (`CARGO_TARGET_DIR` when set) so
//! the IDL build's flags never invalidate the workspace's main build.
use anchor_lang_idl::build::IdlBuilder;
use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    // the workspace holding the working directory, found at run time: a path compiled in
    // would name whichever checkout last built this binary in a shared target directory
    let Some(root) = workspace_root() else {
        eprintln!("idl: run it inside the workspace (no Anchor.toml above the working directory)");
        return ExitCode::FAILURE;
    };
    // `cargo run` exports RUSTUP_TOOLCHAIN; the builder would then call `cargo +{toolchain}`
    // literally. The workspace's rust-toolchain resolution is what we want anyway.
    // SAFETY: single-threaded, before any other thread exists.
    unsafe { std::env::remove_var("RUSTUP_TOOLCHAIN") };
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("idl");
    let idl = IdlBuilder::new()
        .program_path(root.join("programs/lending-pool"))
        .cargo_args(vec![
            "--locked".into(),
            "--target-dir".into(),
            target.display().to_string(),
        ])
        .build();
    let idl = match idl {
        Ok(idl) => idl,
        Err(e) => {
            eprintln!("idl: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut json = serde_json::to_string_pretty(&idl).expect("IDL serializes");
    json.push('\n');
    let path = root.join("idl/lending_pool.json");
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != json {
            eprintln!(
                "idl: {} is not current; run `cargo run -p lending-pool-idl --bin idl` and commit it",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        println!("idl: {} is current", path.display());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::write(&path, json) {
        eprintln!("idl: {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("idl: wrote {}", path.display());
    ExitCode::SUCCESS
}

/// The nearest directory at or above the working directory that holds `Anchor.toml`.
fn workspace_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .find(|dir| dir.join("Anchor.toml").is_file())
        .map(PathBuf::from)
}
