//! `open_stake`: one stake account per staker and pool.
use crate::support::*;
use lending_pool::state::PoolConfig;
use lending_pool_sdk::{ix, pda};
use lending_pool_testkit::*;

/// A staker's account opens empty, owned by the staker, at its PDA for the pool; a second
/// `open_stake` of the same owner and pool is refused (the account exists), and the same
/// owner's account of another pool is another account.
#[tokio::test]
async fn open_stake_opens_one_empty_account_per_owner_and_pool() {
    let (mut bank, fx) = setup().await;
    let other = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    let u = fx.user(&mut bank, 0).await;
    let owner = u.key.pubkey();
    // the owner pays the rent
    bank.airdrop(&owner, 100_000_000).await;
    let open = ix::open_stake(&fx.addrs.pool, &owner);
    bank.ok(std::slice::from_ref(&open), &[&u.key]).await;
    let stake = pda::stake(&fx.addrs.pool, &owner);
    let st = bank.insurance_stake(&stake).await;
    assert_eq!((st.pool, st.owner), (fx.addrs.pool, owner));
    assert_eq!(
        (
            st.shares,
            st.cooldown_shares,
            st.total_staked,
            st.share_epoch
        ),
        (0, 0, 0, 0)
    );
    // the System program's AccountAlreadyInUse (its error 0)
    let again = bank.process(&[open], &[&u.key]).await;
    assert_eq!(custom_code(&again.unwrap_err()), Some(0));
    bank.ok(&[ix::open_stake(&other.addrs.pool, &owner)], &[&u.key])
        .await;
    let foreign = pda::stake(&other.addrs.pool, &owner);
    assert_ne!(foreign, stake);
    assert_eq!(bank.insurance_stake(&foreign).await.pool, other.addrs.pool);
}
