//! `set_pause` within the guardian's bounds (SPEC, "The guardian's bounds"): the guardian
//! or the admin set the flags; borrowers are never kept from defending a position that can
//! be liquidated, and the guardian's pauses lapse after `max_pause_secs` unless the admin
//! sets them.
use crate::support::*;
use lending_pool::{
    constants::pause,
    errors::LendingError,
    events::{PauseFlagsSet, PausesLapsed},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

#[tokio::test]
async fn guardian_or_admin_sets_pause_flags() {
    let (mut bank, fx) = setup().await;
    let pool = fx.addrs.pool;
    let out = bank
        .ok(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::ALL)],
            &[&fx.guardian],
        )
        .await;
    let ev: PauseFlagsSet = out.event();
    assert_eq!(
        (ev.before, ev.after, ev.authority),
        (0, pause::ALL, fx.guardian.pubkey())
    );
    bank.ok(
        &[ix::set_pause(&pool, &fx.admin.pubkey(), pause::BORROW)],
        &[&fx.admin],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.pause_flags, pause::BORROW);

    let stranger = TestKeypair::new();
    let r = bank
        .process(&[ix::set_pause(&pool, &stranger.pubkey(), 0)], &[&stranger])
        .await;
    assert_lending_err(r, LendingError::NotGuardianOrAdmin);
    let r = bank
        .process(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::ALL + 1)],
            &[&fx.guardian],
        )
        .await;
    assert_lending_err(r, LendingError::InvalidPauseFlags);
    assert_eq!(fx.pool(&mut bank).await.pause_flags, pause::BORROW);
}

/// Before: the guardian could pause `REPAY | DEPOSIT_COLLATERAL` and leave `LIQUIDATE` open,
/// so a liquidator took the bonus (2.5% of the debt at a 5% bonus, 27.5 USDC of this
/// position's 1,100) from a borrower trying to repay. Now such a pause is refused, by the
/// guardian and the admin alike, and the defences pause only with liquidation.
// also covers: repay
#[tokio::test]
async fn set_pause_refuses_pausing_defences_with_liquidation_open() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = borrower(bank, &fx).await;
    for authority in [&fx.guardian, &fx.admin] {
        for flags in [
            pause::REPAY,
            pause::DEPOSIT_COLLATERAL,
            pause::REPAY | pause::DEPOSIT_COLLATERAL,
        ] {
            assert_refused(
                bank,
                &fx,
                &[ix::set_pause(&fx.addrs.pool, &authority.pubkey(), flags)],
                &[authority],
                LendingError::PauseWouldBlockDefence,
            )
            .await;
        }
    }
    // the borrower can still defend
    bank.ok(&[fx.repay_ix(&b, 100 * USDC)], &[&b.key]).await;
    // with liquidation paused too, the defences may pause
    let flags = pause::REPAY | pause::DEPOSIT_COLLATERAL | pause::LIQUIDATE;
    fx.guardian_pauses(bank, flags).await;
    // and liquidation cannot be resumed alone while they stay paused
    assert_refused(
        bank,
        &fx,
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.admin.pubkey(),
            pause::REPAY | pause::DEPOSIT_COLLATERAL,
        )],
        &[&fx.admin],
        LendingError::PauseWouldBlockDefence,
    )
    .await;
    assert_eq!(fx.pool(bank).await.pause_flags, flags);
}

/// The guardian's pause lapses after `max_pause_secs` (seen by the next instruction that
/// brings the pool up to date, with a `PausesLapsed` event); re-pausing within the period
/// does not extend it; the admin's pause does not lapse.
// also covers: deposit
#[tokio::test]
async fn set_pause_by_the_guardian_lapses_and_by_the_admin_does_not() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let max = fx.pool(bank).await.config.max_pause_secs as i64;
    let start = bank.now().await;
    let out = fx.guardian_pauses(bank, pause::DEPOSIT).await;
    let e: PauseFlagsSet = out.event();
    assert_eq!(
        (e.after, e.guardian_flags, e.guardian_expires_ts),
        (pause::DEPOSIT, pause::DEPOSIT, start + max)
    );
    // a day later the guardian adds a flag: the running expiry stays
    bank.warp(86_400).await;
    let out = fx
        .guardian_pauses(bank, pause::DEPOSIT | pause::STAKE)
        .await;
    let e: PauseFlagsSet = out.event();
    assert_eq!(e.guardian_expires_ts, start + max);
    let lp = fx.user(bank, 100 * USDC).await;
    bank.warp(max - 86_400 - 1).await;
    assert_refused(
        bank,
        &fx,
        &[fx.deposit_ix(&lp, 100 * USDC, 0)],
        &[&lp.key],
        LendingError::OperationPaused,
    )
    .await;
    bank.warp(1).await;
    let out = bank
        .ok(&[fx.deposit_ix(&lp, 100 * USDC, 0)], &[&lp.key])
        .await;
    let lapse: PausesLapsed = out.event();
    assert_eq!(
        (lapse.before, lapse.after),
        (pause::DEPOSIT | pause::STAKE, 0)
    );
    let pool = fx.pool(bank).await;
    assert_eq!(
        (
            pool.pause_flags,
            pool.guardian_pause_flags,
            pool.guardian_pause_expires_ts
        ),
        (0, 0, 0)
    );

    // the admin's own pause stays however long it lasts
    let out = bank
        .ok(
            &[ix::set_pause(
                &fx.addrs.pool,
                &fx.admin.pubkey(),
                pause::DEPOSIT,
            )],
            &[&fx.admin],
        )
        .await;
    let e: PauseFlagsSet = out.event();
    assert_eq!((e.guardian_flags, e.guardian_expires_ts), (0, 0));
    bank.warp(10 * max).await;
    assert_refused(
        bank,
        &fx,
        &[fx.deposit_ix(&lp, 1, 0)],
        &[&lp.key],
        LendingError::OperationPaused,
    )
    .await;
}
