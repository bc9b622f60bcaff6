//! The SPEC's gate from outside, independently of `Pool::require_allowed`: a frozen pool
//! takes no deposits, borrows or new collateral; a tripped breaker stops borrows and
//! withdrawals of collateral from positions with debt, and debt-free collateral stays free.
use lending_pool::{
    constants::pause,
    errors::LendingError,
    state::{Pool, STATUS_FROZEN},
};

/// An operation the gate rules on.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    Deposit,
    Borrow,
    DepositCollateral,
    /// `with_debt`: the position owes; `within_holdings`: `0 < amount ≤` what it holds of
    /// the slot.
    WithdrawCollateral {
        with_debt: bool,
        within_holdings: bool,
    },
}

/// What the gate says of an operation.
#[derive(Clone, Copy, Debug)]
pub enum Gate {
    /// Refused, with this error.
    Refused(LendingError),
    /// Must go through.
    Passes,
    /// The gate does not decide (other rules may refuse it).
    Open,
}

/// What the gate says of `action` on `pool` (as it was before the operation) at `now` (the
/// guardian's pauses lapse at their expiry).
pub fn gate(pool: &Pool, now: i64, action: Action) -> Gate {
    let mut pool = *pool;
    pool.lapse_guardian_pauses(now);
    let paused = |flag: u16| pool.pause_flags & flag != 0;
    let frozen = pool.status == STATUS_FROZEN;
    match action {
        Action::Deposit | Action::Borrow | Action::DepositCollateral if frozen => {
            Gate::Refused(LendingError::PoolFrozen)
        }
        Action::Borrow if paused(pause::BREAKER) && !paused(pause::BORROW) => {
            Gate::Refused(LendingError::CircuitBreakerTripped)
        }
        Action::WithdrawCollateral {
            with_debt,
            within_holdings,
        } if !paused(pause::WITHDRAW_COLLATERAL) => {
            if with_debt && paused(pause::BREAKER) {
                Gate::Refused(LendingError::CircuitBreakerTripped)
            } else if !with_debt && within_holdings {
                Gate::Passes
            } else {
                Gate::Open
            }
        }
        _ => Gate::Open,
    }
}
