//! `redeem`: shares in, assets out rounded down.
use crate::support::*;
use lending_pool::events::LpWithdrawn;

#[tokio::test]
async fn redeem_everything_returns_exactly_the_deposit() {
    let (mut bank, fx) = setup().await;
    let alice = fx.user(&mut bank, 777_777).await;
    let bob = fx.user(&mut bank, 123_457).await;
    bank.ok(&[fx.deposit_ix(&alice, 777_777, 0)], &[&alice.key])
        .await;
    bank.ok(&[fx.deposit_ix(&bob, 123_457, 0)], &[&bob.key])
        .await;
    let shares = bank.token_balance(&alice.lp).await;
    let out = bank
        .ok(&[fx.redeem_ix(&alice, shares, 777_777)], &[&alice.key])
        .await;
    assert_eq!(bank.token_balance(&alice.base).await, 777_777);
    assert_eq!(bank.token_balance(&alice.lp).await, 0);
    let ev: LpWithdrawn = out.event();
    assert_eq!((ev.assets, ev.shares), (777_777, shares));
    assert_eq!(ev.after.lp_supply, ev.before.lp_supply - shares);
    assert!(ev.after.share_price_wad >= ev.before.share_price_wad);
    fx.assert_books(&mut bank).await;
}
