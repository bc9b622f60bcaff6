//! Scenarios over many instructions: what the pool does as a whole, told end to end.
mod attacks;
mod breaker;
mod compute_units;
mod decimals;
mod harness_reads;
mod indexer;
mod interest;
mod mark_exits;
mod multi_collateral;
mod multisig_admin;
mod random_walk;
mod recovery;
mod release;
mod staking;
mod vault_invariants;
mod waterfall;
