//! The lending pool over JSON RPC, for every off-chain tool (CLI, bot, indexer, local
//! network): `rpc` reads the program's accounts (decoded with `lending-pool-sdk`); `faults`
//! counts RPC failures by kind; `budget` sets a transaction's compute limit and priority
//! fee; `send` sends transactions (simulation, one signature, re-sends, confirmation) and
//! classifies what came back; `amount` reads and
//! writes token amounts in a mint's decimals; `config` resolves the RPC URL and keypair as
//! the Solana CLI does; `book` reads a pool's whole book at one slot.
pub mod amount;
pub mod book;
pub mod budget;
pub mod config;
pub mod faults;
pub mod lookup;
pub mod rpc;
pub mod send;
