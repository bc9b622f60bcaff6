//! Benchmarks over the test kit's in-process bank (never timed tests):
//! - [`cu`]: the compute units of every instruction on the SBF binary, rendered as
//!   `docs/compute-units.md` and gated against it and the budgets (bin `cu-bench`);
//! - [`peer`]: ours against the SPL token-lending program in the same bank, on the same
//!   actions (bin `peer-bench`, `docs/peer-compute-units.md`; the peer is built from
//!   `external/` by `scripts/build-external.sh`);
//! - [`logs`]: a transaction's log lines as the invocations they record, which both read.
pub mod cu;
pub mod logs;
pub mod peer;
