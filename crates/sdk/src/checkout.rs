//! Where the workspace's own tools (benches, the simulator, the local network) find the
//! checkout they run in. Found at run time from the working directory: a path compiled in
//! (`CARGO_MANIFEST_DIR`) names whichever checkout last built the binary in a shared target
//! directory, not the one running it.
use std::path::PathBuf;

/// The nearest directory at or above the working directory that holds `Anchor.toml`, else
/// the working directory itself.
pub fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|dir| dir.join("Anchor.toml").is_file())
        .map_or(cwd.clone(), PathBuf::from)
}

/// Where the SBF binaries are: `SBF_OUT_DIR` when set, else the checkout's `target/deploy`.
pub fn deploy_dir() -> PathBuf {
    std::env::var_os("SBF_OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/deploy"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_workspace_from_a_crate_directory() {
        // cargo runs a crate's tests in the crate's directory, two levels below the root
        let root = workspace_root();
        assert!(root.join("Anchor.toml").is_file(), "{}", root.display());
        assert!(root.join("programs/lending-pool").is_dir());
    }
}
