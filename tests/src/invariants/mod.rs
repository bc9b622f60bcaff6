//! The invariants the model test and the random walk both check. Each checker takes the
//! state as its caller holds it (the model's structs, or the walk's decoded copies of the
//! accounts) and panics with what broke: both tests run their checks inside proptest, which
//! reports a panic as the failing case.
//!
//! - `books`: the vaults against the books, the positions against the pool's totals;
//! - `insurance`: the insurance shares, the stakers' ledgers and the marks; the rules on a
//!   request, a cancel and a payout;
//! - `transitions`: a settlement's books and rules, status and pause-flag changes, and the
//!   share and exit prices falling only where the SPEC lets them;
//! - `gate`: what the SPEC's gate says of an operation, independently of the program's own;
//! - `clearing`: the repayments a clearing path offers for a slot.
mod books;
mod clearing;
mod gate;
mod insurance;
mod transitions;

pub use books::{check_collateral, check_debts, check_vaults};
pub use clearing::covered_whole_slot_offers;
pub use gate::{gate, Action, Gate};
pub use insurance::{check_cancel, check_insurance, check_payout, check_request, Stakers};
pub use transitions::{
    check_exit_price, check_pause_flags, check_settlement, check_share_price, check_status,
};
