//! `open_position`: numbered positions, one account per owner, pool and index.
use crate::support::*;
use lending_pool::events::PositionOpened;
use lending_pool_sdk::{ix, pda};
use lending_pool_testkit::*;

/// A position opens empty for its owner at the index asked: an owner may hold several (the
/// fixture's borrowers hold index 0), each its own account, each opened once.
#[tokio::test]
async fn open_position_opens_numbered_positions_for_their_owner() {
    let (mut bank, fx, _) = setup_lending(0).await;
    let b = fx.borrower(&mut bank, 0, &[2 * SOL]).await;
    let owner = b.key.pubkey();
    let open = ix::open_position(&fx.addrs.pool, &owner, 1);
    let out = bank.ok(std::slice::from_ref(&open), &[&b.key]).await;
    let second = pda::position(&fx.addrs.pool, &owner, 1);
    let ev: PositionOpened = out.event();
    assert_eq!(
        (ev.pool, ev.position, ev.owner, ev.index),
        (fx.addrs.pool, second, owner, 1)
    );
    assert_ne!(second, b.position);
    let pos = bank.position(&second).await;
    assert_eq!((pos.pool, pos.owner, pos.index), (fx.addrs.pool, owner, 1));
    assert!(pos.is_empty());
    // the same index again: the account exists (the System program's AccountAlreadyInUse)
    let again = bank.process(&[open], &[&b.key]).await;
    assert_eq!(custom_code(&again.unwrap_err()), Some(0));
    // the two positions hold their own collateral
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, SOL)], &[&b.key])
        .await;
    assert_eq!(bank.position(&b.position).await.collateral[0], SOL);
    assert!(bank.position(&second).await.is_empty());
}
