//! `retire_collateral` (issue 27, defect 5; SPEC "Retired collateral"): one unit of an asset
//! whose feed stopped used to shield its position forever, because `liquidate`,
//! `mark_shortfall` (`OracleStale`) and `settle_bad_debt` (`PositionHasCollateral`) all
//! refused it, so its loss was never recognised and an LP could leave at par ahead of it.
//! Once the admin retires the delisted slot (its newest accepted price a day old), the slot
//! is worth zero and needs no oracle: the loss is marked, liquidated and settled, and the
//! unit is forfeited.
use crate::support::*;
use lending_pool::{
    constants::RETIRE_AFTER_SECS,
    errors::LendingError,
    events::{BadDebtSettled, CollateralRetired, Liquidated, ShortfallMarked},
    state::CollateralParams,
};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// One unit of BTC (8 decimals): worth $0.0006, enough to shield a position before.
const DUST_BTC: u64 = 1;

fn delisted_btc() -> CollateralParams {
    CollateralParams {
        ltv_bps: 0,
        ..btc_params()
    }
}

// also covers: liquidate, mark_shortfall, settle_bad_debt, update_collateral, deposit_collateral
#[tokio::test]
async fn retire_collateral_lets_a_position_shielded_by_a_dead_feed_be_liquidated_and_settled() {
    let (mut bank, fx, [sol, btc]) = setup_lending(10_000 * USDC).await;
    let bank = &mut bank;
    let b = fx.borrower(bank, 0, &[10 * SOL, DUST_BTC]).await;
    bank.ok(
        &[
            fx.deposit_collateral_ix(&b, 0, 10 * SOL),
            fx.deposit_collateral_ix(&b, 1, DUST_BTC),
        ],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(bank, &b, BORROWED).await;
    bank.ok(&[ix], &[&b.key]).await;
    // another holder of BTC, without debt
    let c = fx.borrower(bank, 0, &[0, 5]).await;
    bank.ok(&[fx.deposit_collateral_ix(&c, 1, 5)], &[&c.key])
        .await;
    let borrowed_at = bank.now().await;
    assert_eq!(
        fx.pool(bank).await.collaterals[1].newest_price_ts,
        borrowed_at
    );

    let admin = &fx.admin;
    let retire = |slot| ix::retire_collateral(&fx.addrs.pool, &admin.pubkey(), slot);
    // a listed asset, or a delisted one whose feed is live, is not retired; nor by anyone
    // but the admin
    assert_refused(
        bank,
        &fx,
        &[retire(1)],
        &[admin],
        LendingError::CollateralNotDelisted,
    )
    .await;
    let delist = ix::update_collateral(&fx.addrs.pool, &admin.pubkey(), 1, delisted_btc());
    bank.ok(&[delist], &[admin]).await;
    assert_refused(
        bank,
        &fx,
        &[retire(1)],
        &[admin],
        LendingError::CollateralFeedLive,
    )
    .await;
    assert_refused(
        bank,
        &fx,
        &[retire(0)],
        &[admin],
        LendingError::CollateralNotDelisted,
    )
    .await;

    // the BTC feed stops; a day later SOL crashes (its price, and the base's, are fresh)
    bank.warp(RETIRE_AFTER_SECS).await;
    fx.set_prices(bank, &[CRASHED]).await;
    assert_refused(
        bank,
        &fx,
        &[retire(1)],
        &[admin],
        LendingError::CollateralFeedLive,
    )
    .await;
    bank.warp(1).await;
    fx.set_prices(bank, &[CRASHED]).await;

    // before: the stale unit blocks every way the loss could be recognised
    let liq = fx.liquidator(bank, 10_000 * USDC).await;
    let marker = bank.keypair();
    assert_lending_err(
        liquidate(bank, &fx, &liq, &b, 0, u64::MAX, 0).await,
        LendingError::OracleStale,
    );
    let mark = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    assert_lending_err(
        bank.process(&[mark], &[&marker]).await,
        LendingError::OracleStale,
    );
    let settle = ix::settle_bad_debt(&fx.addrs, &b.position);
    assert_refused(
        bank,
        &fx,
        &[settle],
        &[],
        LendingError::PositionHasCollateral,
    )
    .await;
    // ... so the pool prices LP exits as if nothing were lost
    assert_eq!(fx.pool(bank).await.marked_shortfall, 0);

    let stranger = bank.keypair();
    let by_stranger = ix::retire_collateral(&fx.addrs.pool, &stranger.pubkey(), 1);
    assert_refused(
        bank,
        &fx,
        &[by_stranger],
        &[&stranger],
        LendingError::NotAdmin,
    )
    .await;
    let out = bank.ok(&[retire(1)], &[admin]).await;
    let ev: CollateralRetired = out.event();
    assert_eq!(
        (
            ev.collateral_slot,
            ev.mint,
            ev.newest_price_ts,
            ev.total_deposited
        ),
        (1, btc.mint, borrowed_at, DUST_BTC + 5)
    );
    assert!(fx.pool(bank).await.collaterals[1].is_retired());

    // final: no update, no deposit, no seizure of the retired slot
    let update = ix::update_collateral(&fx.addrs.pool, &admin.pubkey(), 1, delisted_btc());
    assert_refused(
        bank,
        &fx,
        &[update],
        &[admin],
        LendingError::CollateralRetired,
    )
    .await;
    let deposit = fx.deposit_collateral_ix(&c, 1, 1);
    assert_refused(
        bank,
        &fx,
        &[deposit],
        &[&c.key],
        LendingError::CollateralDelisted,
    )
    .await;
    let seize = fx.liquidate_by_ix(bank, &liq, &b, 1, u64::MAX, 0).await;
    assert_refused(
        bank,
        &fx,
        &[seize],
        &[&liq.user.key],
        LendingError::CollateralRetired,
    )
    .await;

    // now the loss is priced without the dead feed: 10 SOL at $50 repay 500 / 1.05, and
    // the 1% fee on that reaches the fund; the rest of the debt is marked
    let mark = fx.mark_ix(bank, &b, &marker.pubkey()).await;
    assert!(fx.oracles_for(bank, &b.position).await == vec![sol.oracle]);
    let m: ShortfallMarked = bank.ok(&[mark], &[&marker]).await.event();
    let repays = 476_190_476 * 101 / 100; // 500 / 1.05, plus the fee it pays
    assert!(
        m.shortfall_after.abs_diff(m.position_debt - repays) <= 1,
        "{m:?}"
    );
    assert_eq!(fx.pool(bank).await.marked_shortfall, m.shortfall_after);

    // the liquidation takes the last valued slot and settles the rest, forfeiting the unit
    let out = liquidate(bank, &fx, &liq, &b, 0, u64::MAX, 0)
        .await
        .unwrap();
    let l: Liquidated = out.event();
    assert_eq!(l.collateral_out, 10 * SOL);
    let s: BadDebtSettled = out.event();
    assert_eq!(s.forfeited_collateral, [0, DUST_BTC, 0, 0]);
    assert_eq!(s.position_debt, l.position_debt_after);
    // the mark was what LPs lose: the debt left less the fee the fund just took
    assert_eq!(s.mark_released, m.shortfall_after);
    // (the fee and the fund's pending interest cover the first of it)
    assert_eq!(s.from_insurance_vault, l.fee);
    assert!(
        (s.socialized + s.from_pending).abs_diff(m.shortfall_after) <= 1,
        "{s:?}"
    );
    let pool = fx.pool(bank).await;
    let pos = bank.position(&b.position).await;
    assert_eq!((pos.collateral, pos.scaled_debt.get()), ([0; 4], 0));
    assert_eq!(
        (
            pool.collaterals[1].total_deposited,
            pool.collaterals[1].forfeited
        ),
        (5, DUST_BTC)
    );
    assert_eq!(bank.token_balance(&btc.vault).await, DUST_BTC + 5);
    assert_eq!(pool.marked_shortfall, 0);

    // a holder without debt still takes its retired units out, with no oracle
    let out = fx.withdraw_collateral_ix(bank, &c, 1, 5).await;
    bank.ok(&[out], &[&c.key]).await;
    assert_eq!(bank.token_balance(&c.collateral[1]).await, 5);
    fx.assert_books(bank).await;
}

/// A slot the pool does not list is unknown (`UnknownCollateral`), and a retired slot is
/// final: retiring it again is refused (`CollateralRetired`).
#[tokio::test]
async fn retire_collateral_refuses_an_unknown_or_retired_slot() {
    let (mut bank, fx, [_sol, btc]) = setup_lending(0).await;
    let bank = &mut bank;
    let admin = &fx.admin;
    let retire = |slot| ix::retire_collateral(&fx.addrs.pool, &admin.pubkey(), slot);
    assert_refused(
        bank,
        &fx,
        &[retire(2)],
        &[admin],
        LendingError::UnknownCollateral,
    )
    .await;
    let delist = ix::update_collateral(&fx.addrs.pool, &admin.pubkey(), 1, delisted_btc());
    bank.ok(&[delist], &[admin]).await;
    bank.warp(RETIRE_AFTER_SECS + 1).await;
    let ev: CollateralRetired = bank.ok(&[retire(1)], &[admin]).await.event();
    assert_eq!(
        (ev.collateral_slot, ev.mint, ev.total_deposited),
        (1, btc.mint, 0)
    );
    assert_refused(
        bank,
        &fx,
        &[retire(1)],
        &[admin],
        LendingError::CollateralRetired,
    )
    .await;
    assert!(fx.pool(bank).await.collaterals[1].is_retired());
}
