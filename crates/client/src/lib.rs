//! The lending pool over JSON RPC, for every off-chain tool (CLI, bot, indexer, local
//! network): `rpc` reads the program's accounts (decoded with `lending-pool-sdk`) and counts
//! RPC faults by kind; `send` sends transactions with a compute-unit limit, a priority fee,
//! simulation, retries and confirmation, and classifies what came back; `amount` reads and
//! writes token amounts in a mint's decimals; `config` resolves the RPC URL and keypair as
//! the Solana CLI does.
pub mod amount;
pub mod config;
pub mod rpc;
pub mod send;
