//! A local network anyone can start (`./scripts/localnet.sh`): a `solana-test-validator`
//! running the SBF program and the local-only Pyth stand-in (`programs/mock-pyth-receiver`,
//! loaded at the receiver's address), and a demo pool with LPs, stakers and borrowers. The
//! end-to-end tests start their validators and build their worlds with the same code, and
//! drive the binaries through `processes`. `price` moves a feed by hand
//! (`lending-pool-localnet price SOL 60`).
pub mod amm;
pub mod chain;
pub mod demo;
pub mod price;
pub mod processes;
pub mod summary;
pub mod validator;
