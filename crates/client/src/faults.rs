//! RPC failures counted by kind, shared by every request a client makes.
use prometheus_client::metrics::counter::Counter;
use solana_rpc_client_api::{
    client_error::{Error as ClientError, ErrorKind},
    request::RpcError,
};

/// RPC failures by kind. The handles are shared (cloning one counts into the same total),
/// so the bot registers them as metrics and every client request counts into them.
#[derive(Debug, Clone, Default)]
pub struct RpcFaults {
    /// No answer in time (the client's timeout).
    pub timeout: Counter,
    /// An HTTP error status (5xx from a node or a proxy in front of it).
    pub http_status: Counter,
    /// The connection failed or was dropped.
    pub transport: Counter,
    /// The node answered with a JSON-RPC error or an unreadable body.
    pub rpc: Counter,
}

impl RpcFaults {
    pub fn total(&self) -> u64 {
        self.timeout.get() + self.http_status.get() + self.transport.get() + self.rpc.get()
    }

    /// Counts `e` under its kind and returns the kind's name (`None`: not an RPC fault, the
    /// program refused a transaction in preflight).
    pub fn count(&self, e: &ClientError) -> Option<&'static str> {
        if e.get_transaction_error().is_some() {
            return None;
        }
        let (counter, kind) = match e.kind() {
            ErrorKind::Reqwest(r) if r.is_timeout() => (&self.timeout, "timeout"),
            ErrorKind::Reqwest(r) if r.status().is_some() => (&self.http_status, "http_status"),
            ErrorKind::Reqwest(_) | ErrorKind::Io(_) | ErrorKind::Middleware(_) => {
                (&self.transport, "transport")
            }
            // some client methods fold the cause into a message ("AccountNotFound: ...: <cause>")
            ErrorKind::RpcError(RpcError::ForUser(m)) if m.contains("HTTP status") => {
                (&self.http_status, "http_status")
            }
            ErrorKind::RpcError(RpcError::ForUser(m)) if m.contains("error sending request") => {
                (&self.transport, "transport")
            }
            _ => (&self.rpc, "rpc"),
        };
        counter.inc();
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use crate::rpc::{Client, SendOptions};
    use anchor_lang::prelude::Pubkey;
    use solana_keypair::Keypair;

    /// A loopback "node" answering each connection with `answer` (None: hang up).
    fn fake_node(answers: Vec<Option<&'static str>>) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for (stream, answer) in listener.incoming().zip(answers) {
                let mut stream = stream.unwrap();
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                if let Some(a) = answer {
                    let _ = stream.write_all(a.as_bytes());
                }
            }
        });
        url
    }

    #[test]
    fn rpc_failures_are_counted_by_kind() {
        let url = fake_node(vec![
            Some("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            None,
            Some("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 75\r\nConnection: close\r\n\r\n{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32005,\"message\":\"Node is behind\"},\"id\":1}"),
        ]);
        let client = Client::new(&url, Keypair::new(), SendOptions::default());
        let key = Pubkey::new_unique();
        for _ in 0..3 {
            let e = client.account_data(&key).unwrap_err();
            eprintln!("{e:#}");
        }
        let f = &client.faults;
        assert_eq!(
            (
                f.http_status.get(),
                f.transport.get(),
                f.rpc.get(),
                f.timeout.get()
            ),
            (1, 1, 1, 0)
        );
        assert_eq!(f.total(), 3);
    }
}
