//! The one gate: whether an operation may run now, given the pause flags the guardian or
//! admin set, the circuit breaker, whether the pool is frozen and whether a flash loan is
//! out. Every operation calls
//! `require_allowed` first.
use super::{Pool, STATUS_ACTIVE};
use crate::{constants::pause, errors::LendingError};
use anchor_lang::prelude::*;

/// Everything the pool's users do that a pause flag or a freeze can stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Deposit,
    Withdraw,
    FundInsurance,
    Borrow,
    Repay,
    DepositCollateral,
    /// `with_debt`: the position owes something (only those are stopped by the breaker).
    WithdrawCollateral {
        with_debt: bool,
    },
    Liquidate,
    Settle,
    /// New insurance stakes.
    Stake,
    /// Unstake requests and payouts.
    Unstake,
}

impl Operation {
    /// The `pause_flags` bit that stops it.
    pub const fn pause_flag(self) -> u16 {
        match self {
            Self::Deposit => pause::DEPOSIT,
            Self::Withdraw => pause::WITHDRAW,
            Self::FundInsurance => pause::FUND_INSURANCE,
            Self::Borrow => pause::BORROW,
            Self::Repay => pause::REPAY,
            Self::DepositCollateral => pause::DEPOSIT_COLLATERAL,
            Self::WithdrawCollateral { .. } => pause::WITHDRAW_COLLATERAL,
            Self::Liquidate => pause::LIQUIDATE,
            Self::Settle => pause::SETTLE,
            Self::Stake => pause::STAKE,
            Self::Unstake => pause::UNSTAKE,
        }
    }

    /// Whether it adds value or risk, which a frozen pool no longer accepts. Exits
    /// (withdrawals at the pro-rata price), repayments, liquidations, settlements and
    /// insurance donations stay open.
    pub const fn needs_active_pool(self) -> bool {
        matches!(self, Self::Deposit | Self::Borrow | Self::DepositCollateral)
    }

    /// Whether an outstanding flash loan stops it: LP flows, staking and borrowing would
    /// price or take cash that is lent out within the transaction. Liquidation,
    /// settlement, marks and repayments go on (the loan exists for them).
    pub const fn refused_during_flash_loan(self) -> bool {
        matches!(
            self,
            Self::Deposit | Self::Withdraw | Self::Borrow | Self::Stake | Self::Unstake
        )
    }

    /// Whether a tripped circuit breaker stops it: new risk against the LPs (borrows, and
    /// collateral leaving a position that owes). Repay, collateral deposits, liquidation and
    /// settlement always go on, and debt-free collateral stays free.
    pub const fn stopped_by_breaker(self) -> bool {
        matches!(
            self,
            Self::Borrow | Self::WithdrawCollateral { with_debt: true }
        )
    }
}

impl Pool {
    /// Fails with `PoolFrozen`, `OperationPaused` or `CircuitBreakerTripped` unless `op` may
    /// run now.
    pub fn require_allowed(&self, op: Operation) -> Result<()> {
        require!(
            !op.needs_active_pool() || self.status == STATUS_ACTIVE,
            LendingError::PoolFrozen
        );
        require!(
            self.pause_flags & op.pause_flag() == 0,
            LendingError::OperationPaused
        );
        require!(
            !op.stopped_by_breaker() || self.pause_flags & pause::BREAKER == 0,
            LendingError::CircuitBreakerTripped
        );
        require!(
            !op.refused_during_flash_loan() || self.flash_outstanding == 0,
            LendingError::FlashLoanOutstanding
        );
        Ok(())
    }

    /// `require_allowed` as a question (a liquidation settles in the same instruction only
    /// when settlement is allowed).
    pub fn is_allowed(&self, op: Operation) -> bool {
        self.require_allowed(op).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::{super::test_support::pool, super::STATUS_FROZEN, *};

    const ALL: [Operation; 12] = [
        Operation::Deposit,
        Operation::Withdraw,
        Operation::FundInsurance,
        Operation::Borrow,
        Operation::Repay,
        Operation::DepositCollateral,
        Operation::WithdrawCollateral { with_debt: false },
        Operation::WithdrawCollateral { with_debt: true },
        Operation::Liquidate,
        Operation::Settle,
        Operation::Stake,
        Operation::Unstake,
    ];

    #[test]
    fn each_flag_stops_exactly_its_operation() {
        let mut p = pool();
        let flags: u16 = ALL.iter().map(|o| o.pause_flag()).fold(0, |a, f| a | f);
        assert_eq!(flags | pause::BREAKER, pause::ALL);
        for op in ALL {
            p.pause_flags = op.pause_flag();
            for other in ALL {
                let same_flag = other.pause_flag() == op.pause_flag();
                assert_eq!(p.is_allowed(other), !same_flag, "{op:?} paused, {other:?}");
            }
            assert_eq!(
                p.require_allowed(op).unwrap_err(),
                LendingError::OperationPaused.into()
            );
        }
    }

    #[test]
    fn the_breaker_stops_borrows_and_withdrawals_against_debt_only() {
        let mut p = pool();
        p.pause_flags = pause::BREAKER;
        for op in ALL {
            let r = p.require_allowed(op);
            match op {
                Operation::Borrow | Operation::WithdrawCollateral { with_debt: true } => {
                    assert_eq!(r.unwrap_err(), LendingError::CircuitBreakerTripped.into())
                }
                _ => r.unwrap(),
            }
        }
    }

    #[test]
    fn a_frozen_pool_takes_no_new_value_or_risk() {
        let mut p = pool();
        p.status = STATUS_FROZEN;
        for op in ALL {
            let r = p.require_allowed(op);
            if op.needs_active_pool() {
                assert_eq!(r.unwrap_err(), LendingError::PoolFrozen.into());
            } else {
                r.unwrap();
            }
        }
    }
}
