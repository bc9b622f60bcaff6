//! A known loss cannot be dodged: once a shortfall is marked, LP exits and entries are priced
//! net of the part the insurance fund cannot cover, and while that part is above zero the
//! pool is stressed, so an LP leaves by `request_exit` and `complete_exit`: one who leaves
//! before the settlement gets what one who stays gets after it, and a new LP neither pays
//! for nor escapes the loss.
use crate::support::*;
use lending_pool::{
    errors::LendingError,
    events::{BadDebtSettled, ExitCompleted, ExitRequested, LpDeposited},
    math::{share_price_wad_down, to_assets_down, to_shares_down, to_shares_up},
};
use lending_pool_testkit::*;

const EACH: u64 = 10_000 * USDC;
const INSURANCE: u64 = 100 * USDC;

/// Two LPs with `EACH` deposited (equal shares), `INSURANCE` in the fund, and a position
/// underwater by far more than it (no liquidation fee, so the fund gains nothing meanwhile).
async fn two_lps_and_a_loss() -> (Bank, PoolFixture, [User; 2], Borrower) {
    let (mut bank, fx) = sol_pool(no_fee(), 0).await;
    let bank_ = &mut bank;
    let lps = [fx.user(bank_, EACH).await, fx.user(bank_, EACH).await];
    for lp in &lps {
        bank_.ok(&[fx.deposit_ix(lp, EACH, 0)], &[&lp.key]).await;
    }
    assert_eq!(
        bank_.token_balance(&lps[0].lp).await,
        bank_.token_balance(&lps[1].lp).await
    );
    let donor = fx.user(bank_, INSURANCE).await;
    bank_
        .ok(&[fx.fund_insurance_ix(&donor, INSURANCE)], &[&donor.key])
        .await;
    let b = underwater(bank_, &fx).await;
    (bank, fx, lps, b)
}

/// `lp` takes every share it holds out, as the pool allows (`exit_shares`); returns what
/// it was paid.
async fn redeem_all(bank: &mut Bank, fx: &PoolFixture, lp: &User) -> u64 {
    let shares = bank.token_balance(&lp.lp).await;
    fx.exit_shares(bank, lp, shares, 0).await
}

/// LP 0 leaves first: after a mark (if `marked`) the pool is stressed, so it requests its
/// exit (an instant redemption is refused) and is paid after the delay, once the position
/// was liquidated to zero and settled; unmarked it redeems at once. Then LP 1 leaves.
/// Returns both payouts, the settlement and the mark.
async fn leave_then_settle(marked: bool) -> (u64, u64, BadDebtSettled, u64) {
    let (mut bank, fx, [lp1, lp2], b) = two_lps_and_a_loss().await;
    let bank = &mut bank;
    let mark = if marked {
        mark(bank, &fx, &b).await.shortfall_after
    } else {
        0
    };
    let shares = bank.token_balance(&lp1.lp).await;
    if marked {
        let redeem = fx.redeem_ix(&lp1, shares, 0);
        assert_refused(
            bank,
            &fx,
            &[redeem],
            &[&lp1.key],
            LendingError::PoolStressed,
        )
        .await;
        bank.ok(&[fx.request_exit_ix(&lp1, shares, 0)], &[&lp1.key])
            .await;
    } else {
        bank.ok(&[fx.redeem_ix(&lp1, shares, 0)], &[&lp1.key]).await;
    }
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    let settled: BadDebtSettled = bank.ok(&[ix], &[&liq.user.key]).await.event();
    if marked {
        let delay = fx.pool(bank).await.config.exit_delay_secs as i64;
        bank.warp(delay).await;
        let done: ExitCompleted = bank
            .ok(&[fx.complete_exit_ix(&lp1)], &[&lp1.key])
            .await
            .event();
        // the loss was fully priced at the request: the settlement moved no exit price
        assert!(
            done.value_now.abs_diff(done.value_at_request) <= 1,
            "{done:?}"
        );
    }
    let first = bank.token_balance(&lp1.base).await;
    let second = redeem_all(bank, &fx, &lp2).await;
    fx.assert_books(bank).await;
    (first, second, settled, mark)
}

#[tokio::test]
async fn an_lp_who_leaves_after_the_mark_gets_what_one_who_stays_gets() {
    let (first, second, s, mark) = leave_then_settle(true).await;
    // the fund covered all it had; the LPs bore the rest, and the mark had priced it
    assert_eq!(s.covered, INSURANCE);
    assert!(s.socialized > 500 * USDC);
    assert_eq!(s.mark_released, mark);
    // "to the rounding unit": the two LPs hold the same number of shares (10^10), and their
    // payouts differ by at most one base unit from the floor divisions and virtual share,
    // plus what the mark overstated the settled loss by (the mark rounds against the LP
    // who leaves: `mark - debt settled`, here at most a unit)
    let overstated = mark - s.debt;
    assert!(overstated <= 1, "mark {mark} vs settled {}", s.debt);
    assert!(
        first <= second + 1,
        "the leaver got {first}, the stayer {second}"
    );
    assert!(
        second <= first + 1 + overstated,
        "the leaver got {first}, the stayer {second}"
    );
    // each bore half the uncovered loss
    assert!((EACH - first).abs_diff(s.socialized / 2) <= 2);
}

#[tokio::test]
async fn without_the_mark_the_first_lp_escapes_the_loss() {
    let (first, second, s, _) = leave_then_settle(false).await;
    assert_eq!(s.mark_released, 0);
    // the leaver takes its full deposit; the stayer bears the whole uncovered loss
    assert!(first.abs_diff(EACH) <= 1);
    assert!((first - second).abs_diff(s.socialized) <= 2);
    assert!(s.socialized > 500 * USDC);
}

// also covers: deposit, withdraw, request_exit, preview_mark
#[tokio::test]
async fn lp_exits_with_a_mark_in_place_are_priced_net_of_the_uncovered_loss_and_deposits_at_the_books(
) {
    let (mut bank, fx, [lp1, _], b) = two_lps_and_a_loss().await;
    let bank = &mut bank;
    // preview_mark says what the mark will do to the exit price, and the mark does it
    let preview = fx.preview_mark(bank, &b).await;
    assert_eq!(preview.mark, 0);
    assert_eq!(preview.shortfall, fx.shortfall_now(bank, &b).await);
    assert_eq!(preview.insurance.gross, INSURANCE);
    assert_eq!(preview.insurance.covered, INSURANCE);
    assert_eq!(preview.uncovered_shortfall, preview.shortfall - INSURANCE);
    assert_eq!(
        preview.exit_lp_assets,
        preview.lp_assets - preview.uncovered_shortfall
    );
    assert_eq!(
        preview.exit_share_price_wad,
        share_price_wad_down(preview.exit_lp_assets, preview.lp_supply).unwrap()
    );
    assert_eq!(preview.insurance_total_shares, 0);
    assert_eq!(
        preview.insurance_share_price_wad,
        share_price_wad_down(preview.insurance.net(), 0).unwrap()
    );
    let recorded = mark(bank, &fx, &b).await.shortfall_after;
    assert_eq!(recorded, preview.shortfall);
    let pool = fx.pool(bank).await;
    let ledger = fx.insurance(bank).await.balance().unwrap();
    assert_eq!(pool.marked_shortfall, preview.marked_shortfall);
    assert_eq!(pool.exit_lp_assets(ledger).unwrap(), preview.exit_lp_assets);
    let (net, supply) = (preview.exit_lp_assets, preview.lp_supply);
    // a deposit buys at the full books (the price that favours the LPs already in: at the
    // net price it could buy in under a stale mark and leave at the full price)
    let lp3 = fx.user(bank, EACH).await;
    let ev: LpDeposited = bank
        .ok(&[fx.deposit_ix(&lp3, EACH, 0)], &[&lp3.key])
        .await
        .event();
    assert_eq!(
        ev.shares,
        to_shares_down(EACH, preview.lp_assets, supply).unwrap()
    );
    assert!(ev.shares < to_shares_down(EACH, net, supply).unwrap());
    assert_eq!(ev.after.uncovered_shortfall, preview.uncovered_shortfall);
    let lp3_shares = ev.shares;
    // what its shares fetch at the exit price right after: the visible loss, pro rata
    let worth_at_exit = to_assets_down(lp3_shares, net + EACH, supply + lp3_shares).unwrap();
    assert!(worth_at_exit < EACH);
    // the uncovered loss stresses the pool: a withdrawal is refused, and a request fixes the
    // shares' value at the net price (the books do not move until it is paid)
    let (net, supply) = (net + EACH, supply + ev.shares);
    let withdraw = fx.withdraw_ix(&lp1, 1_000 * USDC, u64::MAX);
    assert_refused(
        bank,
        &fx,
        &[withdraw],
        &[&lp1.key],
        LendingError::PoolStressed,
    )
    .await;
    let shares = to_shares_up(1_000 * USDC, net, supply).unwrap();
    let ev: ExitRequested = bank
        .ok(
            &[fx.request_exit_ix(&lp1, shares, 1_000 * USDC)],
            &[&lp1.key],
        )
        .await
        .event();
    assert_eq!(
        ev.value_at_request,
        to_assets_down(shares, net, supply).unwrap()
    );
    assert!(ev.value_at_request >= 1_000 * USDC);
    assert_eq!(
        ev.books.exit_share_price_wad,
        share_price_wad_down(net, supply).unwrap()
    );
    // the loss settles: the new LP's shares fetch what they fetched at the exit price when it
    // came in (the settlement moves no exit price), to the rounding unit
    let liq = liquidator(bank, &fx).await;
    let ix = fx.liquidate_by_ix(bank, &liq, &b, 0, u64::MAX, 0).await;
    bank.ok(&[ix], &[&liq.user.key]).await;
    let paid = redeem_all(bank, &fx, &lp3).await;
    assert!(
        paid <= worth_at_exit + 2 && paid + 2 >= worth_at_exit,
        "worth {worth_at_exit} at the exit price, redeemed {paid}"
    );
    fx.assert_books(bank).await;
}
