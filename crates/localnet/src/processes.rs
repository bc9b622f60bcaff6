//! Driving the project's binaries as an operator would, for the end-to-end tests (the bot's
//! and the indexer's): running a command line to completion, a long-running process whose
//! output is collected, a graceful stop, plain HTTP/1.1 GETs over loopback and reading an
//! OpenMetrics page.
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Another binary of the workspace, beside `built` (a `CARGO_BIN_EXE_` path): the
/// workspace's test build puts them all in one directory.
pub fn sibling_bin(built: &str, name: &str) -> PathBuf {
    let bin = Path::new(built).with_file_name(name);
    assert!(
        bin.exists(),
        "{} is missing: build the workspace's binaries (`cargo test --workspace` does)",
        bin.display()
    );
    bin
}

/// A new, empty directory `<base>/<prefix>-<pid>-<nanos>` for one test's files. Not the
/// process id alone: CI machines start from the same state, so a later run's test can get
/// an earlier run's process id, and with it that run's database or keys in a shared target
/// directory.
pub fn scratch_dir(base: &Path, prefix: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_nanos();
    let dir = base.join(format!("{prefix}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Runs `bin --url URL --keypair KEYPAIR ARGS...` to completion: its stdout, or a panic
/// with everything it printed when it fails.
pub fn run(bin: &Path, url: &str, keypair: &str, args: &[&str]) -> String {
    let out = command(bin, url, keypair, args);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{stdout}\n{}",
        bin.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// As `run`, for a command that must fail: everything it printed.
pub fn run_failing(bin: &Path, url: &str, keypair: &str, args: &[&str]) -> String {
    let out = command(bin, url, keypair, args);
    assert!(!out.status.success(), "{args:?} succeeded");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn command(bin: &Path, url: &str, keypair: &str, args: &[&str]) -> std::process::Output {
    Command::new(bin)
        .args(["--url", url, "--keypair", keypair])
        .args(args)
        .env("RUST_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()))
}

/// A long-running process whose stdout lines are collected as it runs (`output`). Killed
/// when dropped, so a failing test leaves nothing behind.
pub struct Service {
    pub child: Child,
    output: Arc<Mutex<String>>,
}

impl Service {
    /// Starts `command` with stdout piped and collected.
    pub fn spawn(mut command: Command) -> Self {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the process starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (sink, stdout) = (output.clone(), child.stdout.take().expect("piped"));
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&line);
                s.push('\n');
            }
        });
        Self { child, output }
    }

    /// What it printed so far.
    pub fn output(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits for a printed line starting with `prefix` (e.g. `listening on http://`) and
    /// returns the rest of it. A process that exits first fails at once, with its status
    /// (its stderr, inherited, is printed above).
    pub fn wait_for_line(&mut self, prefix: &str, within: Duration) -> String {
        let start = std::time::Instant::now();
        loop {
            if let Some(rest) = self.output().lines().find_map(|l| l.strip_prefix(prefix)) {
                return rest.trim().to_string();
            }
            if let Some(status) = self.child.try_wait().expect("the process's status") {
                panic!(
                    "exited ({status}) before printing a line starting {prefix:?}:\n{}",
                    self.output()
                );
            }
            assert!(
                start.elapsed() < within,
                "no line starting {prefix:?} within {within:?}:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the process's status")
            .is_none()
    }

    /// SIGTERM (what an orchestrator sends), then its exit status and everything it printed.
    pub fn stop(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs")
            .success());
        let status = self.child.wait().expect("the process's exit");
        // the reader thread drains what the process printed last
        std::thread::sleep(Duration::from_millis(200));
        (status, self.output())
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on loopback (for a process told where to listen).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// `(status, body)` of `GET path` on `addr` (`host:port`), chunked bodies joined.
pub fn http_get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = vec![];
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Ok((
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_string()
        },
    ))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// The value of each sample of metric `name` (keyed by its labels as written, `""` for
/// none) in an OpenMetrics page.
pub fn samples(text: &str, name: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let rest = l.strip_prefix(name)?;
            // `name` itself, not a longer name it begins
            if !rest.starts_with([' ', '{']) {
                return None;
            }
            let (labels, value) = rest.rsplit_once(' ')?;
            Some((labels.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// The sum of `name`'s samples whose labels contain `label` (`""`: all of them).
pub fn sum_where(text: &str, name: &str, label: &str) -> f64 {
    samples(text, name)
        .iter()
        .filter(|(k, _)| k.contains(label))
        .map(|(_, v)| v)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openmetrics_samples_are_read_by_exact_name_and_label() {
        let page = "# TYPE a counter\na_total{pool=\"x\",kind=\"l\"} 2\na_total{pool=\"y\",kind=\"l\"} 3\na_total_extra 9\nb 1\n# EOF\n";
        assert_eq!(sum_where(page, "a_total", ""), 5.0);
        assert_eq!(sum_where(page, "a_total", "pool=\"y\""), 3.0);
        assert_eq!(samples(page, "b").get(""), Some(&1.0));
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"), "Wikipedia");
    }
}
