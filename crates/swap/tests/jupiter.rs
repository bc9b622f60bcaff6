//! The Jupiter swapper against a local HTTP stub serving responses written from Jupiter's
//! published schema (`fixtures/`): the requests it makes, the quote and the instructions
//! it reads. No network.
use anchor_lang::prelude::Pubkey;
use lending_pool_swap::{jupiter::JupiterSwapper, Route, Swapper};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const QUOTE: &str = include_str!("fixtures/quote.json");
const SWAP_INSTRUCTIONS: &str = include_str!("fixtures/swap-instructions.json");

fn key(s: &str) -> Pubkey {
    s.parse().unwrap()
}

/// Each request the stub answered: its request line and body.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// Serves `/quote` and `/swap-instructions` from the fixtures; records each request line
/// and body.
fn stub(status: u16) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/swap/v1", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let request = request.trim().to_string();
            let answer = if request.contains("/swap-instructions") {
                SWAP_INSTRUCTIONS
            } else {
                QUOTE
            };
            log.lock()
                .unwrap()
                .push((request, String::from_utf8(body).unwrap()));
            let reason = if status == 200 { "OK" } else { "Error" };
            write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (url, seen)
}

#[test]
fn jupiter_quotes_and_instructions_are_requested_and_read_per_the_schema() {
    let (url, seen) = stub(200);
    let jup = JupiterSwapper::new(&url, Some("k3y".into()), 40).unwrap();
    let (sol, usdc) = (
        key("So11111111111111111111111111111111111111112"),
        key("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
    );
    let quote = jup.quote(&sol, &usdc, 2_500_000_000, 50).unwrap();
    assert_eq!(quote.out_amount, 362_841_275);
    // Jupiter's own threshold at the slippage asked
    assert_eq!(quote.min_out, 361_027_069);
    assert_eq!(quote.price_impact_bps, 12);
    assert!(matches!(&quote.route, Route::Jupiter(v) if v["contextSlot"] == 299_283_763));
    let (request, _) = seen.lock().unwrap()[0].clone();
    for param in [
        "GET /swap/v1/quote?",
        "inputMint=So11111111111111111111111111111111111111112",
        "outputMint=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
        "amount=2500000000",
        "slippageBps=50",
        "swapMode=ExactIn",
        "maxAccounts=40",
    ] {
        assert!(request.contains(param), "{param} in {request}");
    }

    let user = key("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM");
    let dest = key("3yKqAMLAAgcxbXvWMB1RKz1kZxnvyQHRLtSXYeHXKdzm");
    let ixs = jup
        .instructions(&quote, &user, &Pubkey::default(), &dest)
        .unwrap();
    // the compute budget is the bot's: Jupiter's is dropped
    assert_eq!(ixs.setup.len(), 1);
    assert_eq!(ixs.setup[0].program_id, anchor_spl::associated_token::ID);
    assert_eq!(ixs.swap.len(), 1);
    let swap = &ixs.swap[0];
    assert_eq!(
        swap.program_id,
        key("JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4")
    );
    assert_eq!(swap.accounts.len(), 4);
    assert!(swap.accounts[1].is_signer && !swap.accounts[1].is_writable);
    assert_eq!(
        &swap.data[..8],
        &[0xe5, 0x17, 0xcb, 0x97, 0x7a, 0xe3, 0xad, 0x2a]
    );
    assert!(ixs.cleanup.is_empty());
    assert_eq!(
        ixs.lookup_tables,
        vec![key("GxS6FiQ3mNnAar9HGQ6mxP7t6FcwmHkU7peSeQDUHmpN")]
    );
    let (request, body) = seen.lock().unwrap()[1].clone();
    assert!(
        request.starts_with("POST /swap/v1/swap-instructions"),
        "{request}"
    );
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["userPublicKey"], user.to_string());
    assert_eq!(body["destinationTokenAccount"], dest.to_string());
    assert_eq!(body["quoteResponse"]["outAmount"], "362841275");
    assert_eq!(body["wrapAndUnwrapSol"], false);
}

#[test]
fn a_quote_for_something_else_or_an_http_error_is_refused() {
    let (url, _) = stub(200);
    let jup = JupiterSwapper::new(&url, None, 40).unwrap();
    let (sol, usdc) = (
        key("So11111111111111111111111111111111111111112"),
        key("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
    );
    // the stub quotes 2,500,000,000 whatever is asked
    let e = jup.quote(&sol, &usdc, 1_000, 50).unwrap_err();
    assert!(format!("{e:#}").contains("not 1000"), "{e:#}");
    let e = jup.quote(&usdc, &sol, 2_500_000_000, 50).unwrap_err();
    assert!(format!("{e:#}").contains("Jupiter quoted"), "{e:#}");
    let (url, _) = stub(429);
    let jup = JupiterSwapper::new(&url, None, 40).unwrap();
    let e = jup.quote(&sol, &usdc, 2_500_000_000, 50).unwrap_err();
    assert!(format!("{e:#}").contains("HTTP 429"), "{e:#}");
}
