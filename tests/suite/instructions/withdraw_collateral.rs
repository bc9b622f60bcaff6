//! `withdraw_collateral`: collateral out, within the borrow limit of a position that owes
//! (its refusals at the limit are `borrow`'s tests, a tripped breaker the `breaker` story's).
use crate::support::*;
use lending_pool::{constants::pause, errors::LendingError, events::CollateralChanged};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// Bad input to a withdrawal of a position that owes: no amount, another slot's vault (with
/// the owner's account of that mint, so the token constraints pass), a slot the pool does
/// not list, and a paused withdrawal each get their own error and change nothing; then one
/// SOL comes out, priced by its oracle.
#[tokio::test]
async fn withdraw_collateral_bad_input_gets_its_error_and_changes_nothing() {
    let (mut bank, fx, [sol, btc]) = setup_lending(10_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[HELD, 0]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let borrow = fx.borrow_ix(bank, &b, 100 * USDC).await;
    bank.ok(&[borrow], &[&b.key]).await;
    let (p, owner) = (fx.addrs.pool, b.key.pubkey());
    let base = fx.base_oracle;
    let wrong_vault = ix::withdraw_collateral(
        &p,
        &b.position,
        &owner,
        &btc.vault,
        &b.collateral[1],
        &base,
        &[sol.oracle],
        0,
        SOL,
    );
    let unknown = ix::withdraw_collateral(
        &p,
        &b.position,
        &owner,
        &sol.vault,
        &b.collateral[0],
        &base,
        &[sol.oracle],
        3,
        SOL,
    );
    let cases = [
        (
            fx.withdraw_collateral_ix(bank, &b, 0, 0).await,
            LendingError::ZeroAmount,
        ),
        (wrong_vault, LendingError::WrongCollateralVault),
        (unknown, LendingError::UnknownCollateral),
    ];
    let watched = [
        b.position,
        b.collateral[0],
        b.collateral[1],
        sol.vault,
        btc.vault,
    ];
    for (ix, e) in cases {
        let check = move |r| assert_lending_err(r, e);
        assert_unchanged(bank, &fx, &watched, &[ix], &[&b.key], check).await;
    }
    fx.guardian_pauses(bank, pause::WITHDRAW_COLLATERAL).await;
    let one = fx.withdraw_collateral_ix(bank, &b, 0, SOL).await;
    let paused = |r| assert_lending_err(r, LendingError::OperationPaused);
    assert_unchanged(
        bank,
        &fx,
        &watched,
        std::slice::from_ref(&one),
        &[&b.key],
        paused,
    )
    .await;
    fx.guardian_pauses(bank, 0).await;
    let ev: CollateralChanged = bank.ok(&[one], &[&b.key]).await.event();
    assert_eq!(
        (ev.is_deposit, ev.collateral_slot, ev.amount),
        (false, 0, SOL)
    );
    assert_eq!(
        (ev.position_amount_before, ev.position_amount_after),
        (HELD, HELD - SOL)
    );
    assert_eq!(bank.position(&b.position).await.collateral[0], HELD - SOL);
    assert_eq!(bank.token_balance(&b.collateral[0]).await, SOL);
    assert_eq!(bank.token_balance(&sol.vault).await, HELD - SOL);
    fx.assert_books(bank).await;
}
