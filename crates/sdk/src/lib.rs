//! Client-side helpers for the lending pool: PDA derivation, instruction builders for every
//! instruction, account decoding, and prices in the program's shape (`prices`). The math is the program's own (`lending_pool::math`),
//! re-exported here, not a copy.
//!
//! ```
//! use lending_pool_sdk::{ix, PoolAddresses};
//! use anchor_lang::prelude::Pubkey;
//!
//! let (base_mint, creator, lp) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
//! let pool = PoolAddresses::derive(&base_mint, &creator);
//! let init = ix::init_pool(&pool, &creator, [7; 32], lending_pool_sdk::state::PoolConfig::example());
//! assert_eq!(init.accounts[0].pubkey, creator);
//! let deposit = ix::deposit(&pool, &creator, &Pubkey::new_unique(), &lp, 1_000_000, 0);
//! assert_eq!(deposit.program_id, lending_pool_sdk::PROGRAM_ID);
//! ```
pub use lending_pool::{
    self, constants, errors::LendingError, events, math, state, ID as PROGRAM_ID,
};

pub mod accounts;
pub mod checkout;
pub mod config;
pub mod examples;
pub mod feed_id;
pub mod filters;
pub mod ix;
pub mod oracle;
pub mod pda;
pub mod prices;
pub mod program_events;
pub mod replay;
pub mod snapshot;

pub use accounts::*;
pub use config::PoolConfigOverrides;
pub use feed_id::parse_feed_id;
pub use pda::PoolAddresses;
pub use snapshot::PoolSnapshot;
