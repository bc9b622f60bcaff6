//! `unfreeze` (SPEC "Insolvency and recovery"), on the wiped-out pool of
//! `support::wipe_out`: the guardian or admin reopens a frozen pool only once its LPs have
//! equity again. The refusals of `recapitalize` on that pool are tagged for it.
use crate::support::{
    wipe_out::{config, wipe_out, SHARES_LEFT},
    *,
};
use lending_pool::{constants::pause, errors::LendingError, state::STATUS_FROZEN};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

// also covers: recapitalize
#[tokio::test]
async fn recapitalize_and_unfreeze_refuse_bad_inputs_and_strangers() {
    let mut w = wipe_out().await;
    let (bank, fx) = (&mut w.bank, &w.fx);
    // no equity yet: neither the guardian nor the admin may reopen
    for authority in [&fx.guardian, &fx.admin] {
        assert_refused(
            bank,
            fx,
            &[ix::unfreeze(&fx.addrs, &authority.pubkey())],
            &[authority],
            LendingError::SharePriceBelowFloor,
        )
        .await;
    }
    let stranger = bank.keypair();
    assert_refused(
        bank,
        fx,
        &[ix::unfreeze(&fx.addrs, &stranger.pubkey())],
        &[&stranger],
        LendingError::NotGuardianOrAdmin,
    )
    .await;

    let rescuer = fx.user(bank, 3_000 * USDC).await;
    assert_refused(
        bank,
        fx,
        &[ix::recapitalize(
            &fx.addrs,
            &rescuer.key.pubkey(),
            &rescuer.base,
            0,
            SHARES_LEFT,
        )],
        &[&rescuer.key],
        LendingError::ZeroAmount,
    )
    .await;
    // more than the rescuer holds: the books are written first, the token program refuses
    // the transfer, and the whole transaction goes
    let before = fx.pool(bank).await;
    assert_token_err(
        bank.process(
            &[ix::recapitalize(
                &fx.addrs,
                &rescuer.key.pubkey(),
                &rescuer.base,
                3_000 * USDC + 1,
                SHARES_LEFT,
            )],
            &[&rescuer.key],
        )
        .await,
        anchor_spl::token::spl_token::error::TokenError::InsufficientFunds,
    );
    assert_eq!(
        bytemuck::bytes_of(&before),
        bytemuck::bytes_of(&fx.pool(bank).await)
    );
    assert_eq!(bank.token_balance(&rescuer.base).await, 3_000 * USDC);
    // the donor's bound: one share more than it signed for is refused
    assert_refused(
        bank,
        fx,
        &[ix::recapitalize(
            &fx.addrs,
            &rescuer.key.pubkey(),
            &rescuer.base,
            USDC,
            SHARES_LEFT - 1,
        )],
        &[&rescuer.key],
        LendingError::LpSupplyAboveMaximum,
    )
    .await;

    // a pool without LP shares, deposits paused (an open pool refuses any recovery:
    // `loss_holders`): a gift to nobody would go to the next depositor
    let empty = PoolFixture::new(bank, DECIMALS, config()).await;
    let donor = empty.user(bank, 1_000 * USDC).await;
    let recap = ix::recapitalize(
        &empty.addrs,
        &donor.key.pubkey(),
        &donor.base,
        USDC,
        u64::MAX,
    );
    empty.guardian_pauses(bank, pause::DEPOSIT).await;
    assert_refused(
        bank,
        &empty,
        &[recap],
        &[&donor.key],
        LendingError::NoLpShares,
    )
    .await;
    assert_eq!(bank.token_balance(&donor.base).await, 1_000 * USDC);
    assert_eq!(empty.pool(bank).await.total_recovered, 0);
    // and an active pool cannot be unfrozen
    assert_refused(
        bank,
        &empty,
        &[ix::unfreeze(&empty.addrs, &empty.guardian.pubkey())],
        &[&empty.guardian],
        LendingError::PoolNotFrozen,
    )
    .await;
    assert_eq!(fx.pool(bank).await.status, STATUS_FROZEN);
    fx.assert_books(bank).await;
    empty.assert_books(bank).await;
}
