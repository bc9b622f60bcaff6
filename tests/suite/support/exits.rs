//! The world of the exit tests (issue 27, defect 6): two LPs of 5,000 each; a borrower of
//! 1,100 against 10 SOL, underwater at $50 and marked (no insurance: the whole mark is
//! uncovered, so the pool is stressed).
use super::{crash::underwater, marks::mark, pools::*};
use lending_pool_testkit::*;

/// What each of the two LPs deposits.
pub const EACH: u64 = 5_000 * USDC;

/// Two LPs, an underwater borrower; marked when `marked`.
pub async fn world(marked: bool) -> (Bank, PoolFixture, [User; 2], Borrower) {
    let (mut bank, fx) = sol_pool(no_fee(), 0).await;
    let bank_ = &mut bank;
    let lps = [fx.user(bank_, EACH).await, fx.user(bank_, EACH).await];
    for lp in &lps {
        bank_.ok(&[fx.deposit_ix(lp, EACH, 0)], &[&lp.key]).await;
    }
    let b = underwater(bank_, &fx).await;
    if marked {
        mark(bank_, &fx, &b).await;
    }
    (bank, fx, lps, b)
}
