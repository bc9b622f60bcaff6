//! Off-chain tools over JSON RPC: the `lending-pool` command line (admins, LPs, borrowers,
//! read-only views of the books) and the reference `liquidator` bot. The decisions the bot
//! takes live in `lending-pool-liquidator` (pure, tested without a network); this crate
//! reads accounts, builds instructions with `lending-pool-sdk` and sends transactions.
pub mod amount;
pub mod bot;
pub mod cli;
pub mod config;
pub mod rpc;
pub mod send;
