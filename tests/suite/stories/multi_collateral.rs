//! Underwater positions holding several collateral assets (issue 12, defect 1): each
//! liquidation may take all of one slot, so the position is emptied slot by slot and the
//! last slot settles the rest in the same transaction, at several crash depths and in
//! either order; a position still worth its debt is emptied without a write-off. A dust
//! second asset shields nothing; a partial take of an underwater slot that lowers the
//! health is still refused.
use crate::support::{accounts, liquidate, watched, DOLLAR, SOL, USDC};
use lending_pool::{
    constants::BPS,
    errors::LendingError,
    events::{BadDebtSettled, Liquidated},
    state::{CollateralParams, PoolConfig},
};
use lending_pool_testkit::*;

/// The pool's four assets, each holding worth $1,000 at the start:
/// (decimals, price, LTV, liquidation threshold, bonus, the holding).
const ASSETS: [(u8, i64, u16, u16, u16, u64); 4] = [
    (9, 125 * DOLLAR, 7_500, 8_000, 500, 8 * SOL),
    (6, DOLLAR, 7_000, 8_000, 1_000, 1_000 * USDC),
    (8, 50_000 * DOLLAR, 7_500, 8_000, 300, 2_000_000),
    (
        18,
        2_500 * DOLLAR,
        7_000,
        7_500,
        800,
        400_000_000_000_000_000,
    ),
];
const LIQUIDITY: u64 = 100_000 * USDC;
const INSURANCE: u64 = 100 * USDC;
/// Borrowed per $1,000 holding (the conservative limit is at least 698.6 for each asset).
const DEBT_PER_ASSET: u64 = 700 * USDC;

struct Multi {
    bank: Bank,
    fx: PoolFixture,
    b: Borrower,
    liq: Liquidator,
}

/// A pool listing all four assets and a borrower holding `holdings[slot]` of each, owing
/// `debt`.
async fn setup(holdings: &[u64], debt: u64) -> Multi {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, 6, PoolConfig::example()).await;
    for (slot, &(decimals, price, ltv, threshold, bonus, _)) in ASSETS.iter().enumerate() {
        let params = CollateralParams {
            feed_id: [slot as u8 + 1; 32],
            ltv_bps: ltv,
            liquidation_threshold_bps: threshold,
            liquidation_bonus_bps: bonus,
            deposit_cap: u64::MAX,
        };
        fx.add_collateral(&mut bank, decimals, price, params).await;
    }
    let lp = fx.user(&mut bank, LIQUIDITY + INSURANCE).await;
    bank.ok(&[fx.deposit_ix(&lp, LIQUIDITY, 0)], &[&lp.key])
        .await;
    bank.ok(&[fx.fund_insurance_ix(&lp, INSURANCE)], &[&lp.key])
        .await;
    let b = fx.borrower(&mut bank, 0, holdings).await;
    for (slot, &amount) in holdings.iter().enumerate() {
        if amount > 0 {
            bank.ok(
                &[fx.deposit_collateral_ix(&b, slot as u8, amount)],
                &[&b.key],
            )
            .await;
        }
    }
    let ix = fx.borrow_ix(&mut bank, &b, debt).await;
    bank.ok(&[ix], &[&b.key]).await;
    let liq = fx.liquidator(&mut bank, 10_000 * USDC).await;
    Multi { bank, fx, b, liq }
}

/// The first `n` assets, whole.
fn holdings(n: usize) -> Vec<u64> {
    ASSETS.iter().take(n).map(|a| a.5).collect()
}

/// What taking all of `slot` costs at `pct` % of the starting prices when the slot cannot
/// pay its bonus on the debt left (SPEC, "Liquidation", in plain integers; every holding is
/// then worth exactly $10 × pct): `repaid = value / (1 + bonus)` (up), and the fee the share
/// fee / bonus of the bonus paid (up), at most the fee on the repayment (up).
fn whole_slot(slot: usize, pct: u64) -> (u64, u64) {
    let bonus = ASSETS[slot].4 as u64;
    let fee_bps = PoolConfig::example().liquidation_fee_bps as u64;
    let value = 10 * USDC * pct;
    let repaid = (value * BPS).div_ceil(BPS + bonus);
    let fee = ((value - repaid) * fee_bps)
        .div_ceil(bonus)
        .min((repaid * fee_bps).div_ceil(BPS));
    (repaid, fee)
}

impl Multi {
    /// Every asset at `pct` % of its starting price.
    async fn crash(&mut self, pct: u64) {
        let prices: Vec<i64> = ASSETS.iter().map(|a| a.1 * pct as i64 / 100).collect();
        self.fx.set_prices(&mut self.bank, &prices).await;
    }

    async fn liquidate(&mut self, slot: u8, repay: u64) -> TxResult {
        liquidate(&mut self.bank, &self.fx, &self.liq, &self.b, slot, repay, 0).await
    }

    /// Liquidates the slots in `order`, asserting each liquidation takes the whole slot and
    /// only the last may settle; returns the `Liquidated` events and that settlement. The
    /// position ends with neither collateral nor debt.
    async fn clear(&mut self, order: &[u8]) -> (Vec<Liquidated>, Option<BadDebtSettled>) {
        let (mut evs, mut settled) = (vec![], None);
        for (i, &slot) in order.iter().enumerate() {
            let held = self.bank.position(&self.b.position).await.collateral[slot as usize];
            let out = self.liquidate(slot, u64::MAX).await.unwrap_or_else(|f| {
                panic!(
                    "slot {slot} of {order:?}: {:?}\n{}",
                    f.error,
                    f.logs.join("\n")
                )
            });
            let ev: Liquidated = out.event();
            assert!(ev.full_close_allowed);
            assert_eq!((ev.collateral_out, ev.position_collateral_after), (held, 0));
            assert_eq!(ev.position_debt_after, ev.position_debt_before - ev.repaid);
            let received = self.liq.collateral[slot as usize];
            assert_eq!(self.bank.token_balance(&received).await, held);
            let mut s = out.events::<BadDebtSettled>();
            assert!(s.len() <= 1);
            if i + 1 < order.len() {
                assert!(s.is_empty(), "slot {slot} of {order:?} settled early");
            } else if let Some(s) = s.first() {
                assert_eq!(s.debt, ev.position_debt_after);
            }
            settled = s.pop();
            evs.push(ev);
        }
        let pos = self.bank.position(&self.b.position).await;
        assert_eq!((pos.scaled_debt.get(), pos.has_collateral()), (0, false));
        let pool = self.fx.pool(&mut self.bank).await;
        assert_eq!(pool.total_scaled_debt.get(), 0);
        for slot in 0..ASSETS.len() {
            assert_eq!(pool.collaterals[slot].total_deposited, 0);
        }
        self.fx.assert_books(&mut self.bank).await;
        (evs, settled)
    }
}

/// `n` assets worth $1,000 each against 700 each, crashed to 69% ($690 each: less than the
/// debt), 50%, 20% and 1%, emptied in slot order and in reverse: every slot costs its value
/// less its own bonus, and the last one settles what is left through the waterfall.
async fn emptied_slot_by_slot(n: usize) {
    for pct in [69, 50, 20, 1] {
        for reverse in [false, true] {
            let debt = DEBT_PER_ASSET * n as u64;
            let mut m = setup(&holdings(n), debt).await;
            m.crash(pct).await;
            let mut order: Vec<u8> = (0..n as u8).collect();
            if reverse {
                order.reverse();
            }
            let (evs, settled) = m.clear(&order).await;
            let s = settled.unwrap_or_else(|| panic!("{n} assets at {pct}%: no settlement"));
            for (ev, &slot) in evs.iter().zip(&order) {
                let want = whole_slot(slot as usize, pct);
                assert_eq!((ev.repaid, ev.fee), want, "{n} at {pct}%, slot {slot}");
            }
            let repaid: u64 = evs.iter().map(|e| e.repaid).sum();
            let fees: u64 = evs.iter().map(|e| e.fee).sum();
            // everything owed is repaid or settled; the fund (donation and fees) pays first
            assert_eq!(s.debt, debt - repaid);
            let covered = s.debt.min(INSURANCE + fees);
            assert_eq!(
                (s.from_pending, s.from_insurance_vault, s.socialized),
                (0, covered, s.debt - covered)
            );
            assert_eq!(s.lp_assets_after, LIQUIDITY - s.socialized);
            assert!(!s.frozen);
            let paid = 10_000 * USDC - m.bank.token_balance(&m.liq.user.base).await;
            assert_eq!(paid, repaid + fees);
            let pool = m.fx.pool(&mut m.bank).await;
            assert_eq!(pool.lp_assets().unwrap(), LIQUIDITY - s.socialized);
            assert_eq!(
                (pool.total_insurance_paid, pool.total_socialized),
                (covered, s.debt - covered)
            );
            let fund = m.fx.insurance(&mut m.bank).await;
            assert_eq!(fund.balance().unwrap(), INSURANCE + fees - covered);
        }
    }
}

#[tokio::test]
async fn an_underwater_position_with_two_assets_is_emptied_slot_by_slot() {
    emptied_slot_by_slot(2).await;
}

#[tokio::test]
async fn an_underwater_position_with_three_assets_is_emptied_slot_by_slot() {
    emptied_slot_by_slot(3).await;
}

#[tokio::test]
async fn an_underwater_position_with_four_assets_is_emptied_slot_by_slot() {
    emptied_slot_by_slot(4).await;
}

/// At 72% the two assets are worth $1,440 against 1,400: more than the debt, less than the
/// debt plus the bonuses (underwater). A liquidation may still take a whole slot, but may
/// not leave what is still owed uncovered: nothing a solvent position owes is written off.
/// In slot order the first slot goes at its full bonus and the last one repays the rest at
/// a smaller bonus. In reverse, the 10%-bonus slot at its full bonus would leave $720
/// against 745.45 and is refused; it goes for its value less the position's $40 excess.
#[tokio::test]
async fn a_solvent_underwater_position_is_emptied_without_a_write_off_in_either_order() {
    let debt = 2 * DEBT_PER_ASSET;
    let mut m = setup(&holdings(2), debt).await;
    m.crash(72).await;
    let (evs, settled) = m.clear(&[0, 1]).await;
    assert_eq!((evs[0].repaid, evs[0].fee), whole_slot(0, 72));
    assert_eq!(evs[0].repaid, 685_714_286);
    // the rest of the debt for all of slot 1: a bonus of 720 − 714.285714, a tenth as fee
    assert_eq!((evs[1].repaid, evs[1].fee), (714_285_714, 571_429));
    assert!(settled.is_none());
    assert_eq!(m.fx.pool(&mut m.bank).await.total_socialized, 0);

    let mut m = setup(&holdings(2), debt).await;
    m.crash(72).await;
    let keys = watched(&m.fx, &m.b, &m.liq);
    let before = accounts(&mut m.bank, &keys).await;
    // the full bonus (654.545455 repaid), or one unit short of 680: more than $720 left owed
    for repay in [u64::MAX, 680 * USDC - 1] {
        let r = m.liquidate(1, repay).await;
        assert_lending_err(r, LendingError::LiquidationWouldWriteOffSolventDebt);
        assert_eq!(accounts(&mut m.bank, &keys).await, before, "{repay}");
    }
    let ev: Liquidated = m.liquidate(1, 680 * USDC).await.unwrap().event();
    // all of slot 1 ($720) for 680: a $40 bonus, the fee a tenth of it
    assert_eq!(
        (ev.repaid, ev.collateral_out, ev.fee),
        (680 * USDC, ASSETS[1].5, 4 * USDC)
    );
    // slot 0 ($720) now pays exactly the 720 owed: no bonus, no fee, nothing to settle
    let (evs, settled) = m.clear(&[0]).await;
    assert_eq!((evs[0].repaid, evs[0].fee), (720 * USDC, 0));
    assert!(settled.is_none());
    assert_eq!(m.fx.pool(&mut m.bank).await.total_socialized, 0);
}

/// One base unit of a second asset (6 decimals, or one wei of the 18-decimal one) next to
/// 8 SOL-like tokens that crash to $600 against 700 of debt: the dust does not keep the
/// position from being emptied. In either order the dust goes for one unit (its value
/// rounded up), the big slot for its value less its bonus, and the last one settles the
/// rest.
// also covers: liquidate, settle_bad_debt
#[tokio::test]
async fn a_dust_second_asset_shields_nothing() {
    for dust_slot in [1u8, 3] {
        for order in [[0, dust_slot], [dust_slot, 0]] {
            let mut held = vec![0; ASSETS.len()];
            held[0] = ASSETS[0].5;
            held[dust_slot as usize] = 1;
            let mut m = setup(&held, DEBT_PER_ASSET).await;
            m.crash(60).await;
            let (evs, settled) = m.clear(&order).await;
            let by_slot = |slot: u8| {
                let i = order.iter().position(|&s| s == slot).unwrap();
                (evs[i].repaid, evs[i].fee)
            };
            assert_eq!(by_slot(0), whole_slot(0, 60));
            assert_eq!(by_slot(0), (571_428_572, 5_714_286));
            assert_eq!(by_slot(dust_slot), (1, 0));
            let s = settled.unwrap_or_else(|| panic!("dust in {dust_slot}, {order:?}"));
            assert_eq!(s.debt, DEBT_PER_ASSET - 571_428_572 - 1);
        }
    }
}

/// The same dust next to 8 SOL-like tokens at $90 ($720) against 700: underwater but
/// solvent. Taking the SOL at its full bonus (685.714286 repaid) would leave 14.29 owed
/// against the dust, to be written off: refused, as is anything short of the whole debt
/// (one unit owed is more than the dust is worth). The whole debt buys the SOL ($20 of
/// bonus, a fifth of it as fee); the borrower keeps the dust and owes nothing.
// also covers: liquidate
#[tokio::test]
async fn a_dust_second_asset_cannot_turn_a_solvent_position_into_bad_debt() {
    let mut held = vec![0; ASSETS.len()];
    held[0] = ASSETS[0].5;
    held[1] = 1;
    let mut m = setup(&held, DEBT_PER_ASSET).await;
    m.crash(72).await;
    let keys = watched(&m.fx, &m.b, &m.liq);
    let before = accounts(&mut m.bank, &keys).await;
    for repay in [whole_slot(0, 72).0, DEBT_PER_ASSET - 1] {
        let r = m.liquidate(0, repay).await;
        assert_lending_err(r, LendingError::LiquidationWouldWriteOffSolventDebt);
        assert_eq!(accounts(&mut m.bank, &keys).await, before, "{repay}");
    }
    let out = m.liquidate(0, u64::MAX).await.unwrap();
    let ev: Liquidated = out.event();
    assert_eq!(
        (ev.repaid, ev.collateral_out, ev.fee),
        (DEBT_PER_ASSET, ASSETS[0].5, 4 * USDC)
    );
    assert!(out.events::<BadDebtSettled>().is_empty());
    let pos = m.bank.position(&m.b.position).await;
    assert_eq!((pos.scaled_debt.get(), pos.collateral[1]), (0, 1));
    assert_eq!(m.fx.pool(&mut m.bank).await.total_socialized, 0);
    m.fx.assert_books(&mut m.bank).await;
}

/// Underwater, a liquidation that leaves part of a slot and lowers the health clears
/// nothing (and on a position worth more than its debt would extract the bonus again and
/// again): refused, whatever it offers short of the whole slot, and nothing changes. The
/// whole slot then goes through.
// also covers: liquidate
#[tokio::test]
async fn a_partial_take_of_an_underwater_slot_that_lowers_the_health_is_refused() {
    for pct in [72, 50] {
        let mut m = setup(&holdings(2), 2 * DEBT_PER_ASSET).await;
        m.crash(pct).await;
        let keys = watched(&m.fx, &m.b, &m.liq);
        let before = accounts(&mut m.bank, &keys).await;
        let whole = whole_slot(0, pct).0;
        for (slot, repay) in [(0, 100 * USDC), (0, whole - 1), (1, 100 * USDC)] {
            let r = m.liquidate(slot, repay).await;
            assert_lending_err(r, LendingError::LiquidationWorsensHealth);
            assert_eq!(
                accounts(&mut m.bank, &keys).await,
                before,
                "{pct}%, {repay}"
            );
        }
        let ev: Liquidated = m.liquidate(0, u64::MAX).await.unwrap().event();
        assert_eq!((ev.repaid, ev.collateral_out), (whole, ASSETS[0].5));
    }
}
