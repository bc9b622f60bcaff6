//! Integration suite: real transactions against the SBF binary with the real SPL Token
//! program (solana-program-test). One binary so the bank is linked once.
//!
//! - `instructions::<name>`: one module per instruction of the program, holding its tests:
//!   success, each refusal and each attacker's move.
//! - `stories`: scenarios over many instructions (the loss waterfall, recovery, several
//!   collateral assets, decimals, the random walk, the indexer's replay...).
//! - `support`: the fixtures and checks they share.
//!
//! docs/testing.md maps every instruction to its tests (`scripts/test-map.sh`).
mod instructions;
mod stories;
mod support;
