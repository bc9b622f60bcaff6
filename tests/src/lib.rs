//! What the integration suite (`suite/`) and the model test (`model/`) share: one set of
//! invariant checkers over the pool's state (`invariants`). The model test calls them after
//! every step on the program's own book-keeping, the random walk after every transaction on
//! the bank's accounts, so the two check the same rules in the same words.
pub mod invariants;
