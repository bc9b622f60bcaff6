//! Marks from outside: marking a position as anyone may, and the marks checked against the
//! shortfall the program's own code computes from the accounts.
use lending_pool::{events::ShortfallMarked, state::mark_reason};
use lending_pool_testkit::*;

/// Marks `b` (signed by a fresh key: marking is permissionless) and returns the event.
pub async fn mark(bank: &mut Bank, fx: &PoolFixture, b: &Borrower) -> ShortfallMarked {
    let marker = bank.keypair();
    let ix = fx.mark_ix(bank, b, &marker.pubkey()).await;
    let ev: ShortfallMarked = bank.ok(&[ix], &[&marker]).await.event();
    assert_eq!((ev.actor, ev.reason), (marker.pubkey(), mark_reason::MARK));
    ev
}

/// The position's mark equals the native `shortfall_at` and the pool's sum is over `all`.
pub async fn assert_marks(bank: &mut Bank, fx: &PoolFixture, b: &Borrower, all: &[&Borrower]) {
    let pos = bank.position(&b.position).await;
    assert_eq!(pos.marked_shortfall, fx.shortfall_now(bank, b).await);
    let mut sum = 0;
    for o in all {
        sum += bank.position(&o.position).await.marked_shortfall;
    }
    assert_eq!(fx.pool(bank).await.marked_shortfall, sum);
}
