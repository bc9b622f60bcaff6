//! `close_position`: only an empty position closes; its rent goes back to its owner.
use crate::support::*;
use anchor_lang::error::ErrorCode as AnchorError;
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: open_position, deposit_collateral
#[tokio::test]
async fn a_closed_position_cannot_be_reused() {
    let (mut bank, fx, _) = setup_lending(0).await;
    let b = fx.borrower(&mut bank, 0, &[SOL]).await;
    bank.ok(
        &[ix::close_position(
            &fx.addrs.pool,
            &b.key.pubkey(),
            &b.position,
        )],
        &[&b.key],
    )
    .await;
    let r = bank
        .process(&[fx.deposit_collateral_ix(&b, 0, SOL)], &[&b.key])
        .await;
    assert_anchor_err(r, AnchorError::AccountOwnedByWrongProgram);
    // it can be opened afresh, empty
    bank.ok(
        &[ix::open_position(&fx.addrs.pool, &b.key.pubkey(), 0)],
        &[&b.key],
    )
    .await;
    assert!(bank.position(&b.position).await.is_empty());
}
