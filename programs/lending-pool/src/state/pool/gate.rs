//! The one gate: whether an operation may run now, given the pause flags the guardian or
//! admin set and whether the pool is frozen. Every operation calls `require_allowed` first.
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
    WithdrawCollateral,
    Liquidate,
    Settle,
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
            Self::WithdrawCollateral => pause::WITHDRAW_COLLATERAL,
            Self::Liquidate => pause::LIQUIDATE,
            Self::Settle => pause::SETTLE,
        }
    }

    /// Whether it adds value or risk, which a frozen pool no longer accepts. Exits
    /// (withdrawals at the pro-rata price), repayments, liquidations, settlements and
    /// insurance donations stay open.
    pub const fn needs_active_pool(self) -> bool {
        matches!(self, Self::Deposit | Self::Borrow | Self::DepositCollateral)
    }
}

impl Pool {
    /// Fails with `PoolFrozen` or `OperationPaused` unless `op` may run now.
    pub fn require_allowed(&self, op: Operation) -> Result<()> {
        require!(
            !op.needs_active_pool() || self.status == STATUS_ACTIVE,
            LendingError::PoolFrozen
        );
        require!(
            self.pause_flags & op.pause_flag() == 0,
            LendingError::OperationPaused
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

    const ALL: [Operation; 9] = [
        Operation::Deposit,
        Operation::Withdraw,
        Operation::FundInsurance,
        Operation::Borrow,
        Operation::Repay,
        Operation::DepositCollateral,
        Operation::WithdrawCollateral,
        Operation::Liquidate,
        Operation::Settle,
    ];

    #[test]
    fn each_flag_stops_exactly_its_operation() {
        let mut p = pool();
        let flags: u16 = ALL.iter().map(|o| o.pause_flag()).fold(0, |a, f| {
            assert_eq!(a & f, 0, "flags overlap");
            a | f
        });
        assert_eq!(flags, pause::ALL);
        for op in ALL {
            p.pause_flags = op.pause_flag();
            for other in ALL {
                assert_eq!(p.is_allowed(other), other != op, "{op:?} paused, {other:?}");
            }
            assert_eq!(
                p.require_allowed(op).unwrap_err(),
                LendingError::OperationPaused.into()
            );
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
