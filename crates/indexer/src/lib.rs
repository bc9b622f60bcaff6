//! The lending pool's indexer: follows the program over RPC (a logs subscription for
//! wake-ups, `getSignaturesForAddress` from the stored cursor for the record), stores every
//! event in SQLite or PostgreSQL, replays each pool's books from the events
//! (`lending_pool_sdk::replay`) and compares them with the chain's accounts after every
//! batch, and serves the JSON API and the risk dashboard.
//!
//! A pipeline: `source` (RPC: signatures, then whole blocks) → `decode` (each event's bytes
//! into the program's event type, once) → `store` (the database, with each event's IDL JSON)
//! → `index` (the replayed books), driven by `follow`; `api` and `views` serve what the index
//! and the store hold, `positions` reads positions live, `stress` prices the live book under
//! collateral shocks on a schedule.
pub mod api;
mod base58;
pub mod decode;
pub mod follow;
pub mod idl_json;
pub mod index;
pub mod metrics;
pub mod positions;
pub mod settings;
pub mod source;
pub mod store;
pub mod stress;
pub mod views;
