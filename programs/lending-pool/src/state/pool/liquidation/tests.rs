//! Unit tests of the liquidation policy (`liquidation.rs`).
use super::{
    super::test_support::{bankrupt, one_slot, pool, spot},
    *,
};
use crate::state::CollateralAsset;
use bytemuck::Zeroable;

#[test]
fn liquidation_has_no_dead_zone() {
    // 10 SOL against 1,000 of debt at $103: liquidatable (limit 824), not underwater,
    // yet a 50% liquidation with a 5% bonus would lower the health. The close factor is
    // lifted and the liquidator takes everything for the whole debt.
    let mut p = pool();
    p.cash = 1_000_000_000_000;
    p.base_decimals = 6;
    p.num_collaterals = 1;
    p.collaterals[0] = CollateralAsset {
        decimals: 9,
        ltv_bps: 7_500,
        liquidation_threshold_bps: 8_000,
        liquidation_bonus_bps: 500,
        deposit_cap: u64::MAX,
        ..Default::default()
    };
    let mut pos = bankrupt(&mut p, 1_000_000_000);
    p.deposit_collateral(&mut pos, 0, 10_000_000_000).unwrap();
    let price = |x: i64| OraclePrice {
        price: x,
        conf: 0,
        ema_price: x,
        expo: -8,
        publish_time: 0,
    };
    let mut prices = Prices {
        base: Some(price(100_000_000)),
        ..Prices::default()
    };
    prices.collateral[0] = Some(price(10_300_000_000));
    let mut fund = InsuranceFund::zeroed();
    let req = |repay_amount| LiquidationRequest {
        slot: 0,
        repay_amount,
        min_collateral_out: 0,
    };
    let (p0, pos0) = (p, pos);
    // half would lower the health (and writes nothing)
    let e = p
        .liquidate(&mut pos, &mut fund, req(500_000_000), &prices, 0, 0)
        .unwrap_err();
    assert_eq!(e, LendingError::LiquidationWorsensHealth.into());
    assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
    // the close factor is lifted: the liquidator repays everything for all the collateral
    // ($1,030 for $1,000: a 3% bonus), and nothing is left to write off
    let all = p
        .liquidate(&mut pos, &mut fund, req(u64::MAX), &prices, 0, 0)
        .unwrap();
    assert!(all.full_close_allowed);
    assert_eq!((all.collateral_out, pos.collateral[0]), (10_000_000_000, 0));
    assert_eq!((all.repaid, all.position_debt_after), (1_000_000_000, 0));
    assert_eq!(all.settlement, None);
    assert_eq!(fund.total_fees_in, all.fee);
    // taking everything for less than the debt would write off a solvent position's
    // remaining debt (the liquidator pockets the difference): refused
    let (mut p2, mut pos2) = (p0, pos0);
    let e = p2
        .liquidate(&mut pos2, &mut fund, req(990_000_000), &prices, 0, 0)
        .unwrap_err();
    assert_eq!(e, LendingError::LiquidationWouldWriteOffSolventDebt.into());
    assert_eq!(bytemuck::bytes_of(&p2), bytemuck::bytes_of(&p0));
    // underwater ($95 × 10 < $1,000), a smaller repayment for everything is allowed: the
    // write-off is the loss the collateral cannot cover, and paying more shrinks it
    prices.collateral[0] = Some(price(9_500_000_000));
    let o = p2
        .liquidate(&mut pos2, &mut fund, req(950_000_000), &prices, 0, 0)
        .unwrap();
    assert_eq!((o.collateral_out, o.repaid), (10_000_000_000, 950_000_000));
    // the rest is settled in the same call: the debt is gone, the loss is on the ledger
    let s = o.settlement.expect("settled with the last collateral");
    assert_eq!(s.debt, o.position_debt_after);
    assert_eq!(pos2.scaled_debt.get(), 0);
    assert_eq!(p2.total_socialized + p2.total_insurance_paid, s.debt);
    // at $110 the collateral can pay the bonus on the whole debt: the close factor holds
    let (mut p, mut pos) = (p0, pos0);
    prices.collateral[0] = Some(price(11_000_000_000));
    let o = p
        .liquidate(&mut pos, &mut fund, req(u64::MAX), &prices, 0, 0)
        .unwrap();
    assert!(!o.full_close_allowed);
    assert_eq!(o.repaid, 500_000_000);
    assert!(o.health_after_wad > o.health_before_wad);
}

/// A pool with four collateral assets of different decimals and bonuses, and a borrower
/// holding the first `n` of them, worth $1,000 each at the start, owing 75% of it.
fn multi(n: usize, dust_last: bool) -> (Pool, Position, Prices) {
    let mut p = pool();
    p.cash = 10_000_000_000_000;
    p.base_decimals = 6;
    p.num_collaterals = 4;
    let assets = [(9u8, 500u16), (6, 1_000), (8, 300), (18, 800)];
    for (slot, (decimals, bonus)) in assets.into_iter().enumerate() {
        p.collaterals[slot] = CollateralAsset {
            decimals,
            ltv_bps: 7_500,
            liquidation_threshold_bps: 8_000,
            liquidation_bonus_bps: bonus,
            deposit_cap: u64::MAX,
            ..Default::default()
        };
    }
    let mut prices = Prices {
        base: Some(usd(100_000_000)),
        ..Prices::default()
    };
    let mut pos = Position::zeroed();
    for (slot, (decimals, _)) in assets.into_iter().enumerate().take(n) {
        // one token at $1,000 (or a dust amount for the last one)
        prices.collateral[slot] = Some(usd(100_000_000_000));
        let amount = if dust_last && slot == n - 1 {
            1
        } else {
            10u64.pow(decimals as u32)
        };
        p.deposit_collateral(&mut pos, slot, amount).unwrap();
    }
    let worth = if dust_last { n as u64 - 1 } else { n as u64 };
    p.borrow(&mut pos, worth * 750_000_000).unwrap();
    (p, pos, prices)
}

fn usd(x: i64) -> OraclePrice {
    OraclePrice {
        price: x,
        conf: 0,
        ema_price: x,
        expo: -8,
        publish_time: 0,
    }
}

#[test]
fn underwater_positions_with_several_assets_are_emptied_slot_by_slot() {
    // crash depths: every asset falls to this share of its price (all underwater: the
    // collateral is worth less than the debt plus the bonus)
    for n in 2..=4 {
        for crash_pct in [78i64, 70, 50, 20, 1] {
            for order in [false, true] {
                let (mut p, mut pos, mut prices) = multi(n, false);
                for slot in 0..n {
                    prices.collateral[slot] = Some(usd(1_000_000_000 * crash_pct));
                }
                let h = p.position_health(&pos, &prices, PriceMode::Spot).unwrap();
                assert!(h.is_underwater(), "{n} assets at {crash_pct}%");
                let mut fund = InsuranceFund::zeroed();
                let slots: Vec<usize> = if order {
                    (0..n).rev().collect()
                } else {
                    (0..n).collect()
                };
                let mut settled = None;
                for (i, &slot) in slots.iter().enumerate() {
                    let o =
                        take_slot(&mut p, &mut pos, &mut fund, slot, &prices).unwrap_or_else(|e| {
                            panic!("{n} assets at {crash_pct}%, slot {slot}: {e:?}")
                        });
                    assert_eq!(pos.collateral[slot], 0, "the whole slot is taken");
                    assert!(o.full_close_allowed);
                    if i + 1 < n {
                        assert_eq!(o.settlement, None);
                    } else {
                        settled = o.settlement;
                    }
                }
                // the last slot settled the rest: nothing stays on the books
                assert_eq!((pos.has_collateral(), pos.scaled_debt.get()), (false, 0));
                assert_eq!(p.total_scaled_debt.get(), 0);
                // below the debt the last slot settles the loss; above it (78%: $780 per
                // $750 owed) nothing is written off, whatever the order of the slots
                assert_eq!(settled.is_some(), crash_pct < 75, "{n} at {crash_pct}%");
                if let Some(s) = settled {
                    assert_eq!(
                        s.debt,
                        s.socialized + s.from_pending + s.from_insurance_vault
                    );
                }
            }
        }
    }
}

#[test]
fn a_dust_second_asset_does_not_shield_an_underwater_position() {
    // the borrower adds one unit of a second asset; the first crashes below the debt
    for n in 2..=4 {
        let (mut p, mut pos, mut prices) = multi(n, true);
        for slot in 0..n - 1 {
            prices.collateral[slot] = Some(usd(60_000_000_000));
        }
        let mut fund = InsuranceFund::zeroed();
        for slot in 0..n {
            take_slot(&mut p, &mut pos, &mut fund, slot, &prices)
                .unwrap_or_else(|e| panic!("{n} assets, slot {slot}: {e:?}"));
            assert_eq!(pos.collateral[slot], 0);
        }
        assert_eq!((pos.has_collateral(), pos.scaled_debt.get()), (false, 0));
    }
}

/// Liquidates all of `slot`: asking for the whole debt (the slot at its full bonus), or,
/// where that would leave a position worth its debt short, for the slot's value less the
/// position's excess (the most bonus that keeps the rest covered), rounded up a unit or
/// two, or at last for the slot's value at par.
fn take_slot(
    p: &mut Pool,
    pos: &mut Position,
    fund: &mut InsuranceFund,
    slot: usize,
    prices: &Prices,
) -> Result<LiquidationOutcome> {
    let req = |repay_amount| LiquidationRequest {
        slot,
        repay_amount,
        min_collateral_out: 0,
    };
    let whole = p.liquidate(pos, fund, req(u64::MAX), prices, 1_000, 0);
    if whole != Err(LendingError::LiquidationWouldWriteOffSolventDebt.into()) {
        return whole;
    }
    let h = p.position_health(pos, prices, PriceMode::Spot)?;
    let c = prices.collateral[slot].unwrap();
    let asset = p.collaterals[slot];
    let value = value_wad_down(pos.collateral[slot], asset.decimals, c.price as u64, c.expo)?;
    let keep = value - (h.collateral_value - h.debt_value);
    let base = prices.base.unwrap();
    let repay = amount_for_value_up(keep, p.base_decimals, base.price as u64, base.expo)?;
    let at_par = amount_for_value_down(value, p.base_decimals, base.price as u64, base.expo)?;
    (repay..repay + 3)
        .chain([at_par])
        .find_map(|r| p.liquidate(pos, fund, req(r), prices, 1_000, 0).ok())
        .ok_or(LendingError::LiquidationWouldWriteOffSolventDebt.into())
}

#[test]
fn a_dust_second_asset_cannot_turn_a_solvent_position_into_bad_debt() {
    // 10 SOL at $104 and one unit of the 6-decimal asset, owing $1,000: underwater (the
    // SOL cannot pay its 5% bonus on the whole debt) but worth more than the debt. Taking
    // the SOL at its full bonus ($990.48 repaid) would leave $9.52 owed against the dust
    // to settle; refused. A whole-slot take must leave what is owed covered.
    let mut p = pool();
    p.cash = 10_000_000_000;
    p.base_decimals = 6;
    p.num_collaterals = 2;
    p.collaterals = multi(2, true).0.collaterals;
    let mut pos = Position::zeroed();
    p.deposit_collateral(&mut pos, 0, 10_000_000_000).unwrap();
    p.deposit_collateral(&mut pos, 1, 1).unwrap();
    p.borrow(&mut pos, 1_000_000_000).unwrap();
    let mut prices = Prices {
        base: Some(usd(100_000_000)),
        ..Prices::default()
    };
    prices.collateral[0] = Some(usd(10_400_000_000));
    prices.collateral[1] = Some(usd(100_000_000));
    let mut fund = InsuranceFund::zeroed();
    let p0 = p;
    // the SOL at its full bonus: $1,040 / 1.05 = $990.476191 repaid
    let full_bonus = LiquidationRequest {
        slot: 0,
        repay_amount: 990_476_191,
        min_collateral_out: 0,
    };
    assert_eq!(
        p.liquidate(&mut pos, &mut fund, full_bonus, &prices, 1_000, 0)
            .unwrap_err(),
        LendingError::LiquidationWouldWriteOffSolventDebt.into()
    );
    assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
    // the whole debt for the whole SOL: a 4% bonus (and a fee of 1/5 of it), nothing owed
    let o = take_slot(&mut p, &mut pos, &mut fund, 0, &prices).unwrap();
    assert_eq!(
        (o.repaid, o.collateral_out, o.fee),
        (1_000_000_000, 10_000_000_000, 8_000_000)
    );
    assert_eq!((o.position_debt_after, o.settlement), (0, None));
    assert_eq!(p.total_socialized + p.total_insurance_paid, 0);
}

#[test]
fn a_partial_liquidation_of_an_underwater_slot_still_may_not_lower_health() {
    // underwater but not empty-handed: taking half of a slot at the full bonus would
    // lower the health without clearing anything (and, solvent, create a loss)
    let (mut p, mut pos, mut prices) = multi(2, false);
    for slot in 0..2 {
        prices.collateral[slot] = Some(usd(78_000_000_000));
    }
    let p0 = p;
    let req = LiquidationRequest {
        slot: 0,
        repay_amount: 100_000_000,
        min_collateral_out: 0,
    };
    let e = p
        .liquidate(
            &mut pos,
            &mut InsuranceFund::zeroed(),
            req,
            &prices,
            1_000,
            0,
        )
        .unwrap_err();
    assert_eq!(e, LendingError::LiquidationWorsensHealth.into());
    assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
}

fn everything() -> LiquidationRequest {
    LiquidationRequest {
        slot: 0,
        repay_amount: u64::MAX,
        min_collateral_out: 0,
    }
}

#[test]
fn an_indivisible_collateral_has_no_band_without_liquidation() {
    // two units at $900 against $1,450: liquidatable, not underwater; the close factor's
    // $725 × 1.05 is 0.85 of a unit. The liquidator may repay one unit's $900 / 1.05
    for held_price in [900_00000000i64, 800_00000000, 770_00000000] {
        let (mut p, mut pos) = one_slot(0, 2, 1_450_000_000);
        let o = p
            .liquidate(
                &mut pos,
                &mut InsuranceFund::zeroed(),
                everything(),
                &spot(100_000_000, held_price),
                0,
                0,
            )
            .unwrap();
        assert_eq!(o.collateral_out, 1, "at {held_price}");
        let unit = held_price as u128 * 1_000_000 / 100_000_000; // base units of one unit
        assert_eq!(
            o.repaid as u128,
            (unit * 10_000).div_ceil(10_500),
            "at {held_price}"
        );
        assert_eq!(pos.collateral[0], 1);
    }
}

#[test]
fn a_partial_liquidation_never_leaves_dust_debt() {
    // 10 SOL at $120 against $1,000: liquidatable, not underwater. With a minimum debt
    // above the $500 the close factor would leave, the position may be closed in full, but
    // not left owing less than the minimum with its collateral kept
    let (mut p, mut pos) = one_slot(9, 10_000_000_000, 1_000_000_000);
    let prices = spot(100_000_000, 12_000_000_000);
    p.config.min_debt = 600_000_000;
    let (p0, pos0) = (p, pos);
    let req = LiquidationRequest {
        repay_amount: 999_500_000,
        ..everything()
    };
    let mut fund = InsuranceFund::zeroed();
    assert_eq!(
        p.liquidate(&mut pos, &mut fund, req, &prices, 0, 0)
            .map(|_| ())
            .unwrap_err(),
        LendingError::DebtBelowMinimum.into()
    );
    assert_eq!(bytemuck::bytes_of(&p), bytemuck::bytes_of(&p0));
    assert_eq!(bytemuck::bytes_of(&pos), bytemuck::bytes_of(&pos0));
    let o = p
        .liquidate(&mut pos, &mut fund, everything(), &prices, 0, 0)
        .unwrap();
    assert!(o.full_close_allowed);
    assert_eq!((o.repaid, o.position_debt_after), (1_000_000_000, 0));
    // without the minimum, the close factor holds
    let (mut p, mut pos) = one_slot(9, 10_000_000_000, 1_000_000_000);
    p.config.min_debt = 0;
    let o = p
        .liquidate(&mut pos, &mut fund, everything(), &prices, 0, 0)
        .unwrap();
    assert_eq!((o.full_close_allowed, o.repaid), (false, 500_000_000));
}

#[test]
fn a_liquidation_that_leaves_a_loss_marks_it() {
    // 10 SOL at $50 against $1,100, settlement paused: the liquidation takes all of it for
    // $500 / 1.05 and leaves 623.81 owed with no collateral: marked at the whole debt
    let (mut p, mut pos) = one_slot(9, 10_000_000_000, 1_100_000_000);
    p.pause_flags = crate::constants::pause::SETTLE;
    let prices = spot(100_000_000, 5_000_000_000);
    assert_eq!(pos.marked_shortfall, 0);
    let o = p
        .liquidate(
            &mut pos,
            &mut InsuranceFund::zeroed(),
            everything(),
            &prices,
            0,
            7,
        )
        .unwrap();
    assert_eq!(o.settlement, None);
    let debt = pos.debt(p.borrow_index.get()).unwrap();
    assert_eq!((pos.collateral[0], debt), (0, 1_100_000_000 - 476_190_477));
    let m = o.mark.expect("marked");
    assert_eq!((m.position_before, m.position_after), (0, debt));
    assert_eq!(
        (pos.marked_shortfall, p.marked_shortfall, pos.mark_ts),
        (debt, debt, 7)
    );
    // a solvent position's partial liquidation leaves no loss: nothing is marked
    let (mut p, mut pos) = one_slot(9, 10_000_000_000, 1_000_000_000);
    let o = p
        .liquidate(
            &mut pos,
            &mut InsuranceFund::zeroed(),
            everything(),
            &spot(100_000_000, 12_000_000_000),
            0,
            7,
        )
        .unwrap();
    assert_eq!((o.mark, pos.marked_shortfall), (None, 0));
}
