//! Integration suite: real transactions against the SBF binary with the real SPL Token
//! program (solana-program-test). One binary so the bank is linked once.
mod admin;
mod attacks;
mod borrowing;
mod breaker;
mod collateral;
mod common;
mod compute_units;
mod decimals;
mod harness_reads;
mod indexer;
mod init_pool;
mod insurance;
mod interest;
mod liquidation;
mod lp;
mod mark_exits;
mod marking;
mod multi_collateral;
mod multisig_admin;
mod random_walk;
mod recovery;
mod release;
mod stakes_common;
mod staking;
mod staking_errors;
mod waterfall;
