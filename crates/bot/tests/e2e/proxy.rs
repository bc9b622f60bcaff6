//! A fault-injecting HTTP proxy on loopback, between the bot and the validator's RPC. On a
//! seeded schedule it drops connections, delays answers, answers 503 or holds a request
//! past the client's timeout, at most `max_faults` times and only within `window` of its
//! start; everything else is forwarded unchanged (one upstream connection per request,
//! `Connection: close` both ways, so every fault reaches the client as one failed request).
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Drop,
    Delay,
    Status503,
    Timeout,
}

#[derive(Debug, Clone, Copy)]
pub struct FaultPlan {
    pub seed: u64,
    /// One request in `one_in` (on average) gets a fault.
    pub one_in: u64,
    pub max_faults: u64,
    pub window: Duration,
    /// How long a `Delay` holds a request (below the client's timeout).
    pub delay: Duration,
    /// How long a `Timeout` holds a request before closing (above the client's timeout).
    pub hold: Duration,
}

#[derive(Debug, Default)]
pub struct ProxyStats {
    pub requests: AtomicU64,
    pub drops: AtomicU64,
    pub delays: AtomicU64,
    pub status_503: AtomicU64,
    pub timeouts: AtomicU64,
}

impl ProxyStats {
    pub fn faults(&self) -> u64 {
        self.drops.load(Ordering::Relaxed)
            + self.delays.load(Ordering::Relaxed)
            + self.status_503.load(Ordering::Relaxed)
            + self.timeouts.load(Ordering::Relaxed)
    }
}

/// splitmix64: a seeded schedule without a dependency.
struct Schedule {
    state: u64,
    plan: FaultPlan,
    start: Instant,
    injected: u64,
}

impl Schedule {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The fault for the next request, if any; the kinds take turns so each occurs.
    fn next(&mut self) -> Option<Fault> {
        let roll = self.next_u64();
        if self.injected >= self.plan.max_faults
            || self.start.elapsed() > self.plan.window
            || !roll.is_multiple_of(self.plan.one_in)
        {
            return None;
        }
        self.injected += 1;
        Some(match self.injected % 4 {
            1 => Fault::Status503,
            2 => Fault::Drop,
            3 => Fault::Delay,
            _ => Fault::Timeout,
        })
    }
}

pub struct Proxy {
    pub url: String,
    pub stats: Arc<ProxyStats>,
}

impl Proxy {
    pub fn start(upstream: &str, plan: FaultPlan) -> Proxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("an http://ip:port upstream");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stats = Arc::new(ProxyStats::default());
        let schedule = Arc::new(Mutex::new(Schedule {
            state: plan.seed,
            plan,
            start: Instant::now(),
            injected: 0,
        }));
        let st = stats.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (st, schedule) = (st.clone(), schedule.clone());
                std::thread::spawn(move || {
                    let _ = serve(client, upstream, &st, &schedule, &plan);
                });
            }
        });
        Proxy { url, stats }
    }
}

/// Reads one HTTP/1.1 request (head and Content-Length body); `None` at end of stream.
fn read_request(r: &mut BufReader<TcpStream>) -> std::io::Result<Option<(Vec<String>, Vec<u8>)>> {
    let mut head = vec![];
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let len = head
        .iter()
        .find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0usize);
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Some((head, body)))
}

/// `answer` with its `Connection` header replaced by `Connection: close`, so the client
/// never reuses a connection (a reused one could hide a drop behind the client's retry).
fn close_after(answer: &[u8]) -> Vec<u8> {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return answer.to_vec();
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out = String::new();
    for line in head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
    {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    [out.as_bytes(), &answer[end + 4..]].concat()
}

fn serve(
    client: TcpStream,
    upstream: SocketAddr,
    stats: &ProxyStats,
    schedule: &Mutex<Schedule>,
    plan: &FaultPlan,
) -> std::io::Result<()> {
    let mut out = client.try_clone()?;
    let mut reader = BufReader::new(client);
    if let Some((head, body)) = read_request(&mut reader)? {
        stats.requests.fetch_add(1, Ordering::Relaxed);
        let fault = schedule.lock().unwrap().next();
        match fault {
            Some(Fault::Drop) => {
                stats.drops.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            Some(Fault::Status503) => {
                stats.status_503.fetch_add(1, Ordering::Relaxed);
                out.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
                return Ok(());
            }
            Some(Fault::Timeout) => {
                stats.timeouts.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(plan.hold);
                return Ok(());
            }
            Some(Fault::Delay) => {
                stats.delays.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(plan.delay);
            }
            None => {}
        }
        // forward with `Connection: close`, answer with whatever upstream said
        let mut up = TcpStream::connect(upstream)?;
        let mut req = String::new();
        for h in head
            .iter()
            .filter(|h| !h.to_ascii_lowercase().starts_with("connection:"))
        {
            req.push_str(h);
            req.push_str("\r\n");
        }
        req.push_str("Connection: close\r\n\r\n");
        up.write_all(req.as_bytes())?;
        up.write_all(&body)?;
        let mut answer = vec![];
        up.read_to_end(&mut answer)?;
        out.write_all(&close_after(&answer))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_seeded_and_bounded() {
        let plan = FaultPlan {
            seed: 7,
            one_in: 3,
            max_faults: 5,
            window: Duration::from_secs(60),
            delay: Duration::ZERO,
            hold: Duration::ZERO,
        };
        let run = || {
            let mut s = Schedule {
                state: plan.seed,
                plan,
                start: Instant::now(),
                injected: 0,
            };
            (0..200).map(|_| s.next()).collect::<Vec<_>>()
        };
        let (a, b) = (run(), run());
        assert_eq!(a, b, "same seed, same faults");
        assert_eq!(a.iter().flatten().count(), 5, "at most max_faults");
        for kind in [Fault::Drop, Fault::Delay, Fault::Status503, Fault::Timeout] {
            assert!(a.contains(&Some(kind)), "{kind:?} occurs");
        }
    }
}
