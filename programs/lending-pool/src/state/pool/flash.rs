//! Flash loans (`docs/SPEC.md`, "Flash loans"): a liquidator borrows the pool's lendable
//! cash and returns it with a fee to the insurance fund before its transaction ends. The
//! handlers prove the pairing through the instructions sysvar; the books here count the
//! loan as owed while it is out (`cash` stays, the vault holds less), so the share price and
//! every health check read as if the tokens never left, and the LP, staking and borrowing
//! operations wait for the repayment (`Operation::refused_during_flash_loan`).
use super::Pool;
use crate::{
    constants::{pause, BPS},
    errors::LendingError,
    math::{add_u64, mul_div_down, mul_div_up, to_u64},
};
use anchor_lang::prelude::*;

/// A flash loan's terms: what was lent and the fee its repayment adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlashLoan {
    pub amount: u64,
    pub fee: u64,
}

impl FlashLoan {
    /// What the repayment returns.
    pub fn owed(&self) -> Result<u64> {
        add_u64(self.amount, self.fee)
    }
}

/// The fee on a flash loan of `amount` at `flash_fee_bps`, rounded up (never a free loan).
#[inline(always)]
pub fn flash_fee_up(amount: u64, flash_fee_bps: u32) -> Result<u64> {
    to_u64(mul_div_up(
        amount as u128,
        flash_fee_bps as u128,
        BPS as u128,
    )?)
}

/// Flash loans are top-level instructions: a program reaching one through CPI could skip
/// the pairing `flash_borrow` checks in the instructions sysvar.
#[inline(always)]
pub fn require_top_level(stack_height: usize) -> Result<()> {
    require!(
        stack_height == anchor_lang::solana_program::instruction::TRANSACTION_LEVEL_STACK_HEIGHT,
        LendingError::FlashLoanCpi
    );
    Ok(())
}

impl Pool {
    /// The largest flash loan now: `flash_loan_cap_bps` of the cash LPs can lend (rounded
    /// down; pending insurance is not theirs to lend).
    pub fn flash_loan_limit(&self) -> Result<u64> {
        to_u64(mul_div_down(
            self.available_cash() as u128,
            self.config.flash_loan_cap_bps as u128,
            BPS as u128,
        )?)
    }

    /// `flash_borrow`: lends `amount` until this transaction's `flash_repay`, at
    /// `flash_fee_bps` rounded up (never a free loan). One loan per pool at a time.
    pub fn flash_borrow(&mut self, amount: u64) -> Result<FlashLoan> {
        // the guardian's `BORROW` pause stops it; the breaker and a freeze do not: the loan
        // adds no risk (it is back before the transaction ends) and it is what liquidators
        // need most in a crash
        require!(
            self.pause_flags & pause::BORROW == 0,
            LendingError::OperationPaused
        );
        require!(
            self.flash_outstanding == 0,
            LendingError::FlashLoanOutstanding
        );
        require!(amount > 0, LendingError::ZeroAmount);
        require!(
            amount <= self.flash_loan_limit()?,
            LendingError::FlashLoanTooLarge
        );
        let fee = flash_fee_up(amount, self.config.flash_fee_bps)?;
        self.flash_outstanding = amount;
        self.flash_fee_due = fee;
        Ok(FlashLoan { amount, fee })
    }

    /// `flash_repay`: ends the outstanding loan; its fee joins the insurance fund's pending
    /// share (in the vault as cash, swept later like the reserve's interest), so the LPs'
    /// assets do not move.
    pub fn flash_repay(&mut self) -> Result<FlashLoan> {
        require!(self.flash_outstanding > 0, LendingError::NoFlashLoan);
        let loan = FlashLoan {
            amount: self.flash_outstanding,
            fee: self.flash_fee_due,
        };
        self.cash = add_u64(self.cash, loan.fee)?;
        self.insurance_pending = add_u64(self.insurance_pending, loan.fee)?;
        self.flash_outstanding = 0;
        self.flash_fee_due = 0;
        Ok(loan)
    }
}

#[cfg(test)]
mod tests {
    use super::{super::gate::Operation, super::test_support::pool, *};

    fn lending_pool() -> Pool {
        let mut p = pool();
        p.cash = 1_000_000;
        p.insurance_pending = 100_000;
        p.config.flash_fee_bps = 9;
        p.config.flash_loan_cap_bps = 5_000;
        p
    }

    #[test]
    fn a_loan_is_capped_priced_up_and_leaves_the_lp_books_alone_until_repaid() {
        let mut p = lending_pool();
        // half of the 900,000 lendable
        assert_eq!(p.flash_loan_limit().unwrap(), 450_000);
        assert_eq!(
            p.flash_borrow(450_001).unwrap_err(),
            LendingError::FlashLoanTooLarge.into()
        );
        let lp_before = p.lp_assets().unwrap();
        // 0.09% of 1,001 is 0.9009: rounded up to 1
        let loan = p.flash_borrow(1_001).unwrap();
        assert_eq!(
            loan,
            FlashLoan {
                amount: 1_001,
                fee: 1
            }
        );
        assert_eq!(
            p.lp_assets().unwrap(),
            lp_before,
            "the loan is counted as owed"
        );
        let repaid = p.flash_repay().unwrap();
        assert_eq!(repaid.owed().unwrap(), 1_002);
        assert_eq!((p.cash, p.insurance_pending), (1_000_001, 100_001));
        assert_eq!(p.lp_assets().unwrap(), lp_before, "the fee is the fund's");
        assert_eq!((p.flash_outstanding, p.flash_fee_due), (0, 0));
    }

    #[test]
    fn one_loan_at_a_time_and_only_a_loan_is_repaid() {
        let mut p = lending_pool();
        assert_eq!(
            p.flash_repay().unwrap_err(),
            LendingError::NoFlashLoan.into()
        );
        p.flash_borrow(10).unwrap();
        for op in [
            Operation::Deposit,
            Operation::Withdraw,
            Operation::Borrow,
            Operation::Stake,
            Operation::Unstake,
        ] {
            assert_eq!(
                p.require_allowed(op).unwrap_err(),
                LendingError::FlashLoanOutstanding.into(),
                "{op:?}"
            );
        }
        // a second loan is a borrow: refused while the first is out
        assert_eq!(
            p.flash_borrow(10).unwrap_err(),
            LendingError::FlashLoanOutstanding.into()
        );
        for op in [
            Operation::Liquidate,
            Operation::Settle,
            Operation::Repay,
            Operation::DepositCollateral,
            Operation::FundInsurance,
        ] {
            p.require_allowed(op).unwrap();
        }
    }

    #[test]
    fn a_tripped_breaker_or_a_freeze_leaves_flash_loans_to_the_liquidators() {
        let mut p = lending_pool();
        p.pause_flags = pause::BREAKER;
        p.status = super::super::STATUS_FROZEN;
        let loan = p.flash_borrow(10).unwrap();
        assert_eq!(loan.amount, 10);
        p.flash_repay().unwrap();
        p.pause_flags = pause::BORROW;
        assert_eq!(
            p.flash_borrow(10).unwrap_err(),
            LendingError::OperationPaused.into()
        );
    }

    #[test]
    fn a_zero_cap_turns_flash_loans_off_and_zero_is_refused() {
        let mut p = lending_pool();
        assert_eq!(
            p.flash_borrow(0).unwrap_err(),
            LendingError::ZeroAmount.into()
        );
        p.config.flash_loan_cap_bps = 0;
        assert_eq!(
            p.flash_borrow(1).unwrap_err(),
            LendingError::FlashLoanTooLarge.into()
        );
    }
}
