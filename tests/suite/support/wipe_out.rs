//! A pool wiped out by one borrower's default (SPEC "Insolvency and recovery"), for the
//! recovery story and the `unfreeze` and `recapitalize` refusals: three LPs lend 10,000 USDC,
//! the borrower's $100 of collateral is liquidated slot by slot, the LPs keep 0.93% of par
//! and the pool freezes.
use super::{crash::liquidate_slot, pools::*};
use lending_pool::{
    constants::WAD,
    events::{BadDebtSettled, Liquidated},
    math::share_price_wad_down,
    state::PoolConfig,
};
use lending_pool_testkit::*;

/// 0.2 BTC (8 decimals).
pub const FIFTH_BTC: u64 = 20_000_000;
/// What the two liquidations repay: $20 of SOL / 1.05 and $80 of BTC / 1.08, rounded up.
pub const SOL_REPAID: u64 = 19_047_620;
pub const BTC_REPAID: u64 = 74_074_075;
/// What the LPs keep: the repayments, 0.93% of the 10,000 they lent (below the 1% floor).
pub const KEPT: u64 = SOL_REPAID + BTC_REPAID;
/// The defaulted debt left to settle: 10,000 USDC lent, both repayments in.
pub const LOSS: u64 = 10_000 * USDC - KEPT;
/// Every LP share is still out: one per unit deposited at a price of exactly 1.
pub const SHARES_LEFT: u64 = 10_000 * USDC;
pub const ALICE_SHARES: u64 = 5_000 * USDC;
/// After the 3,000 USDC recapitalization, and what Alice's shares redeem then.
pub const LP_AFTER: u64 = KEPT + 3_000 * USDC;
pub const ALICE_OUT: u64 = 1_546_560_847;
pub const BOB_SHARES: u64 = 3_000 * USDC;

/// What `wipe_out` leaves behind.
pub struct WipedOut {
    pub bank: Bank,
    pub fx: PoolFixture,
    /// The three LPs, all holding through the loss.
    pub early: User,
    pub alice: User,
    pub bob: User,
    /// The borrower who defaulted: no collateral, no debt left.
    pub b: Borrower,
    /// A position with 10 SOL and no debt (1 more SOL in the wallet).
    pub saver: Borrower,
    pub liq: Liquidator,
}

/// No liquidation fee: the insurance fund stays empty, since whatever it paid into a
/// settlement would be left to the LPs as equity.
pub fn config() -> PoolConfig {
    PoolConfig {
        liquidation_fee_bps: 0,
        ..PoolConfig::example()
    }
}

/// Three LPs bring 10,000 USDC and one borrower takes all of it against 50 SOL and 0.2 BTC.
/// SOL falls from $150 to $0.40, BTC from $60,000 to $400: $100 of collateral for $10,000.
///
/// The position is emptied slot by slot (underwater: each liquidation takes a whole slot
/// for its value less the bonus; the first marks the loss it leaves), and the last one
/// settles the rest in the same instruction: the LPs keep the repayments, 0.93% of par,
/// below the freeze floor, so the pool freezes.
pub async fn wipe_out() -> WipedOut {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, DECIMALS, config()).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    fx.add_collateral(&mut bank, 8, BTC_PRICE, btc_params())
        .await;
    let mut lps = vec![];
    for amount in [2_000 * USDC, ALICE_SHARES, BOB_SHARES] {
        let u = fx.user(&mut bank, amount).await;
        bank.ok(&[fx.deposit_ix(&u, amount, amount)], &[&u.key])
            .await;
        lps.push(u);
    }
    let [early, alice, bob] = <[User; 3]>::try_from(lps).ok().unwrap();
    let saver = fx.borrower(&mut bank, 0, &[11 * SOL]).await;
    bank.ok(
        &[fx.deposit_collateral_ix(&saver, 0, 10 * SOL)],
        &[&saver.key],
    )
    .await;
    let b = fx.borrower(&mut bank, 0, &[50 * SOL, FIFTH_BTC]).await;
    bank.ok(
        &[
            fx.deposit_collateral_ix(&b, 0, 50 * SOL),
            fx.deposit_collateral_ix(&b, 1, FIFTH_BTC),
        ],
        &[&b.key],
    )
    .await;
    let ix = fx.borrow_ix(&mut bank, &b, 10_000 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    assert_eq!(fx.pool(&mut bank).await.cash, 0, "all cash lent out");
    let liq = fx.liquidator(&mut bank, 1_000 * USDC).await;

    fx.set_prices(&mut bank, &[40 * DOLLAR / 100, 400 * DOLLAR])
        .await;
    let done = liquidate_slot(&mut bank, &fx, &liq, &b, 0).await.unwrap();
    let l: Liquidated = done.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (SOL_REPAID, 50 * SOL, 0)
    );
    assert!(done.events::<BadDebtSettled>().is_empty());
    let done = liquidate_slot(&mut bank, &fx, &liq, &b, 1).await.unwrap();
    let l: Liquidated = done.event();
    assert_eq!(
        (l.repaid, l.collateral_out, l.fee),
        (BTC_REPAID, FIFTH_BTC, 0)
    );
    let s: BadDebtSettled = done.event();
    assert_eq!((s.debt, s.covered, s.socialized), (LOSS, 0, LOSS));
    assert_eq!(
        (s.lp_assets_before, s.lp_assets_after),
        (10_000 * USDC, KEPT)
    );
    assert_eq!(
        (s.lp_supply_before, s.lp_supply_after),
        (SHARES_LEFT, SHARES_LEFT)
    );
    // from exactly one unit per share to 0.93% of it
    assert_eq!(s.share_price_before_wad, WAD);
    assert_eq!(
        s.share_price_after_wad,
        share_price_wad_down(KEPT, SHARES_LEFT).unwrap()
    );
    assert!(s.frozen);
    // a loss of nearly everything is far above the breaker's 5% too
    assert!(s.breaker_tripped);
    WipedOut {
        bank,
        fx,
        early,
        alice,
        bob,
        b,
        saver,
        liq,
    }
}
