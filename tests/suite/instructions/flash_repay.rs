//! `flash_repay`: ends the pool's outstanding flash loan with its fee. Its successes are
//! `flash_borrow`'s (they come in pairs); here, what it refuses on its own.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool::{errors::LendingError, state::PoolConfig};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// With no loan out there is nothing to repay; a repayment in another token, or from the
/// pool's own vault, is refused by its accounts.
#[tokio::test]
async fn flash_repay_refuses_without_a_loan_and_from_the_wrong_account() {
    let (mut bank, fx) = sol_pool(PoolConfig::example(), LENT).await;
    let u = fx.user(&mut bank, 10 * USDC).await;
    assert_refused(
        &mut bank,
        &fx,
        &[ix::flash_repay(&fx.addrs, &u.key.pubkey(), &u.base)],
        &[&u.key],
        LendingError::NoFlashLoan,
    )
    .await;
    let borrow = ix::flash_borrow(&fx.addrs, &u.key.pubkey(), &u.base, USDC);
    // an LP-token account is no base-token account
    let wrong_mint = ix::flash_repay(&fx.addrs, &u.key.pubkey(), &u.lp);
    assert_anchor_err(
        bank.process(&[borrow.clone(), wrong_mint], &[&u.key]).await,
        AnchorError::ConstraintTokenMint,
    );
    let from_vault = ix::flash_repay(&fx.addrs, &u.key.pubkey(), &fx.addrs.base_vault);
    assert_lending_err(
        bank.process(&[borrow, from_vault], &[&u.key]).await,
        LendingError::DestinationIsPoolVault,
    );
    assert_eq!(fx.pool(&mut bank).await.flash_outstanding, 0);
    fx.assert_books(&mut bank).await;
}
