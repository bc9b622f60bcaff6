//! Unit tests of the insurance shares (`staking.rs`).
use super::*;
use bytemuck::Zeroable;
use proptest::prelude::*;

/// A payout window longer than any test's clock.
const WINDOW: u64 = 1_000_000;

fn gross(g: u64) -> FundValue {
    FundValue {
        gross: g,
        covered: 0,
    }
}

/// A fund holding `ledger` in its vault, with no shares yet.
fn fund(ledger: u64) -> InsuranceFund {
    let mut f = InsuranceFund::zeroed();
    f.record_donation(ledger).unwrap();
    f
}

fn value_of(f: &InsuranceFund, st: &InsuranceStake, v: FundValue) -> u64 {
    to_assets_down(st.shares, v.net(), f.total_shares).unwrap()
}

#[test]
fn the_protocol_owns_what_the_fund_held_before_the_first_stake() {
    let mut f = fund(5_000);
    let mut a = InsuranceStake::zeroed();
    let flow = f.stake(&mut a, 1_000, gross(5_000), 0).unwrap();
    assert_eq!((flow.shares, flow.protocol_shares_minted), (1_000, 5_000));
    assert_eq!(
        (f.total_shares, f.protocol_shares, f.total_staked_in),
        (6_000, 5_000, 1_000)
    );
    // income after that raises every share, the protocol's too (rounded down; the
    // virtual share keeps its sliver)
    f.record_fee(600).unwrap();
    assert_eq!(value_of(&f, &a, gross(6_600)), 1_099);
    // a second stake mints no protocol shares
    let mut b = InsuranceStake::zeroed();
    let flow = f.stake(&mut b, 1_100, gross(6_600), 0).unwrap();
    assert_eq!((flow.shares, flow.protocol_shares_minted), (1_000, 0));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 1_000, gross(0), 0).unwrap();
    let (f0, a0) = (f, a);
    let same = |f: &InsuranceFund, a: &InsuranceStake| {
        bytemuck::bytes_of(f) == bytemuck::bytes_of(&f0)
            && bytemuck::bytes_of(a) == bytemuck::bytes_of(&a0)
    };
    let v = gross(1_000);
    let e = |r: Result<u64>| r.unwrap_err();
    assert_eq!(
        e(f.stake(&mut a, 0, v, 0).map(|s| s.shares)),
        LendingError::ZeroAmount.into()
    );
    assert_eq!(
        e(f.stake(&mut a, 10, v, 11).map(|s| s.shares)),
        LendingError::SharesBelowMinimum.into()
    );
    assert_eq!(
        e(f.request_unstake(&mut a, 0, v, 0, 10, 0)),
        LendingError::ZeroAmount.into()
    );
    assert_eq!(
        e(f.request_unstake(&mut a, 1_001, v, 0, 10, 0)),
        LendingError::InsufficientStakeShares.into()
    );
    assert_eq!(
        e(f.cancel_unstake(&mut a, v).map(|c| c.shares)),
        LendingError::NoUnstakeRequest.into()
    );
    assert_eq!(
        e(f.unstake(&mut a, v, 0, WINDOW).map(|p| p.paid)),
        LendingError::NoUnstakeRequest.into()
    );
    assert!(same(&f, &a));
    f.request_unstake(&mut a, 400, v, 100, 10, 0).unwrap();
    let (f1, a1) = (f, a);
    assert_eq!(
        e(f.request_unstake(&mut a, 1, v, 100, 10, 0)),
        LendingError::UnstakeAlreadyRequested.into()
    );
    assert_eq!(
        e(f.unstake(&mut a, v, 109, WINDOW).map(|p| p.paid)),
        LendingError::UnstakeCooldownActive.into()
    );
    assert_eq!(bytemuck::bytes_of(&f), bytemuck::bytes_of(&f1));
    assert_eq!(bytemuck::bytes_of(&a), bytemuck::bytes_of(&a1));
    // a fund whose value is near zero cannot mint past a u64
    let mut g = fund(0);
    let mut s = InsuranceStake::zeroed();
    g.stake(&mut s, u64::MAX / 2, gross(0), 0).unwrap();
    assert_eq!(
        e(g.stake(&mut s, 10, gross(0), 0).map(|s| s.shares)),
        LendingError::InsuranceSharesOverflow.into()
    );
}

#[test]
fn a_settlement_during_the_cooldown_slashes_the_request() {
    let mut f = fund(0);
    let (mut a, mut b) = (InsuranceStake::zeroed(), InsuranceStake::zeroed());
    f.stake(&mut a, 6_000, gross(0), 0).unwrap();
    f.stake(&mut b, 4_000, gross(6_000), 0).unwrap();
    assert_eq!(
        f.request_unstake(&mut a, 6_000, gross(10_000), 0, 100, 0)
            .unwrap(),
        6_000
    );
    // the fund pays 5,000 of bad debt: a's request is worth half
    f.record_coverage(5_000).unwrap();
    let after = gross(5_000);
    let paid = f.unstake(&mut a, after, 100, WINDOW).unwrap();
    assert_eq!((paid.value_now, paid.paid), (3_000, 3_000));
    assert_eq!((a.shares, f.total_shares, f.cooldown_shares), (0, 4_000, 0));
}

#[test]
fn a_cooldown_earns_nothing_and_a_mark_prices_the_request() {
    let mut f = fund(0);
    let (mut a, mut b) = (InsuranceStake::zeroed(), InsuranceStake::zeroed());
    f.stake(&mut a, 5_000, gross(0), 0).unwrap();
    f.stake(&mut b, 5_000, gross(5_000), 0).unwrap();
    // a marked shortfall of 2,000 is covered by the fund: the request is worth net of it
    let marked = FundValue {
        gross: 10_000,
        covered: 2_000,
    };
    let worth = f.request_unstake(&mut a, 5_000, marked, 0, 100, 0).unwrap();
    assert_eq!(worth, 4_000);
    // the loss never comes and fees arrive: the payout stays at the request's value
    let paid = f.unstake(&mut a, gross(12_000), 100, WINDOW).unwrap();
    assert_eq!((paid.value_now, paid.paid), (5_999, 4_000));
    // b's shares hold everything the fund has left
    assert_eq!(value_of(&f, &b, gross(12_000 - 4_000)), 7_999);
}

#[test]
fn cancelling_after_a_gain_keeps_only_the_value_at_request() {
    let mut f = fund(0);
    let (mut a, mut b) = (InsuranceStake::zeroed(), InsuranceStake::zeroed());
    f.stake(&mut a, 5_000, gross(0), 0).unwrap();
    f.stake(&mut b, 5_000, gross(5_000), 0).unwrap();
    let worth = f
        .request_unstake(&mut a, 5_000, gross(10_000), 0, 100, 0)
        .unwrap();
    let v = gross(20_000); // the fund doubled during the cooldown
    let c = f.cancel_unstake(&mut a, v).unwrap();
    assert!(c.shares_burnt > 0);
    assert!(value_of(&f, &a, v) <= worth);
    assert!(
        value_of(&f, &a, v) + 2 >= worth,
        "{} vs {worth}",
        value_of(&f, &a, v)
    );
    assert_eq!((a.cooldown_shares, f.cooldown_shares), (0, 0));
    // after a loss, cancelling keeps every share
    let held = a.shares;
    let worth = f.request_unstake(&mut a, held, v, 0, 100, 0).unwrap();
    let c = f.cancel_unstake(&mut a, gross(10_000)).unwrap();
    assert_eq!(c.shares_burnt, 0);
    assert!(c.value_now < worth);
}

#[test]
fn a_refused_call_leaves_an_old_epochs_stake_alone() {
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 1_000, gross(0), 0).unwrap();
    f.request_unstake(&mut a, 500, gross(1_000), 0, 10, 0)
        .unwrap();
    f.record_coverage(1_000).unwrap();
    assert!(f.reset_shares_if_dust(0).unwrap());
    let (f0, a0) = (f, a);
    assert_eq!(
        f.request_unstake(&mut a, 1, gross(0), 0, 10, 0)
            .unwrap_err(),
        LendingError::InsufficientStakeShares.into()
    );
    assert_eq!(
        f.cancel_unstake(&mut a, gross(0)).unwrap_err(),
        LendingError::NoUnstakeRequest.into()
    );
    assert_eq!(
        f.unstake(&mut a, gross(0), 100, WINDOW).unwrap_err(),
        LendingError::NoUnstakeRequest.into()
    );
    assert_eq!(
        f.stake(&mut a, 0, gross(0), 0).unwrap_err(),
        LendingError::ZeroAmount.into()
    );
    // the stake still shows its old epoch's request; nothing was written
    assert_eq!(bytemuck::bytes_of(&a), bytemuck::bytes_of(&a0));
    assert_eq!(bytemuck::bytes_of(&f), bytemuck::bytes_of(&f0));
    assert_eq!((a.share_epoch, a.cooldown_shares), (0, 500));
}

#[test]
fn a_stake_cannot_buy_a_marked_down_fund_cheaply() {
    let mut f = fund(0);
    let (mut a, mut b) = (InsuranceStake::zeroed(), InsuranceStake::zeroed());
    f.stake(&mut a, 1_000, gross(0), 0).unwrap();
    // marks cover the whole fund: its net value is zero
    let marked = FundValue {
        gross: 1_000,
        covered: 1_000,
    };
    let flow = f.stake(&mut b, 1, marked, 0).unwrap();
    assert_eq!(flow.shares, 1, "priced at the gross value, not at ~zero");
    // the marks are released: b's unit is worth a unit, not half the fund
    assert_eq!(value_of(&f, &b, gross(1_001)), 1);
    // and a request while marked is valued net: nothing
    assert_eq!(
        f.request_unstake(&mut a, 1_000, marked, 0, 1, 0).unwrap(),
        0
    );
}

#[test]
fn an_emptied_fund_starts_a_new_epoch() {
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 1_000, gross(0), 0).unwrap();
    f.request_unstake(&mut a, 500, gross(1_000), 0, 10, 0)
        .unwrap();
    assert!(!f.reset_shares_if_dust(0).unwrap());
    f.record_coverage(1_000).unwrap();
    assert!(
        !f.reset_shares_if_dust(1).unwrap(),
        "pending interest is still value"
    );
    assert!(f.reset_shares_if_dust(0).unwrap());
    assert_eq!(
        (f.total_shares, f.cooldown_shares, f.share_epoch),
        (0, 0, 1)
    );
    // the old request is gone with its shares; a new stake mints at the initial price
    assert_eq!(
        f.unstake(&mut a, gross(0), 100, WINDOW).unwrap_err(),
        LendingError::NoUnstakeRequest.into()
    );
    let mut b = InsuranceStake::zeroed();
    b.share_epoch = 1;
    f.stake(&mut b, 700, gross(0), 0).unwrap();
    assert_eq!((b.shares, f.total_shares), (700, 700));
}

proptest! {
    /// Round trips never return more than was put in plus what the fund earned meanwhile,
    /// and the shares' value never exceeds what the fund holds.
    #[test]
    fn round_trips_never_pay_more_than_in_plus_earned(
        seed in 0u64..1_000_000_000_000, others in 0u64..1_000_000_000_000,
        x in 1u64..1_000_000_000_000, earned in 0u64..1_000_000_000,
        lost in 0u64..1_000_000_000_000, mark in 0u64..1_000_000_000_000,
    ) {
        let mut f = fund(seed);
        let (mut o, mut a) = (InsuranceStake::zeroed(), InsuranceStake::zeroed());
        let mut g = seed;
        if others > 0 {
            f.stake(&mut o, others, gross(g), 0).unwrap();
            g += others;
        }
        let flow = f.stake(&mut a, x, gross(g), 0);
        prop_assume!(flow.is_ok());
        g += x;
        g += earned;
        let v = FundValue { gross: g, covered: mark.min(g) };
        let held = a.shares;
        let worth = f.request_unstake(&mut a, held, v, 0, 1, 0).unwrap();
        prop_assert!(worth <= x + earned);
        let g2 = g - lost.min(g);
        f.total_donations_in += earned;
        f.total_covered_out = lost.min(g);
        let paid = f.unstake(&mut a, FundValue { gross: g2, covered: mark.min(g2) }, 1, WINDOW);
        if let Ok(p) = paid {
            prop_assert!(p.paid <= worth);
            prop_assert!(p.paid <= x + earned);
        }
        // what every share is worth adds up to at most the fund's value
        let total_value = to_assets_down(o.shares, g2, f.total_shares).unwrap()
            + to_assets_down(a.shares, g2, f.total_shares).unwrap()
            + to_assets_down(f.protocol_shares, g2, f.total_shares).unwrap();
        prop_assert!(total_value <= g2);
    }
}

#[test]
fn a_matured_request_lapses_after_its_window() {
    // three stakers of 500 each; a request made long ago is payable only in its window
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 500, gross(0), 0).unwrap();
    f.request_unstake(&mut a, 500, gross(500), 0, 100, 0)
        .unwrap();
    let (f0, a0) = (f, a);
    assert_eq!(
        f.unstake(&mut a, gross(500), 100 + 50 + 1, 50).unwrap_err(),
        LendingError::UnstakeWindowExpired.into()
    );
    assert_eq!(bytemuck::bytes_of(&a), bytemuck::bytes_of(&a0));
    assert_eq!(bytemuck::bytes_of(&f), bytemuck::bytes_of(&f0));
    // the last second of the window still pays
    assert_eq!(f.unstake(&mut a, gross(500), 150, 50).unwrap().paid, 500);
    // a lapsed request can be cancelled and made again, with a new cooldown
    let mut b = InsuranceStake::zeroed();
    f.stake(&mut b, 500, gross(0), 0).unwrap();
    f.request_unstake(&mut b, 500, gross(500), 0, 100, 0)
        .unwrap();
    f.cancel_unstake(&mut b, gross(500)).unwrap();
    f.request_unstake(&mut b, 500, gross(500), 1_000, 100, 0)
        .unwrap();
    assert_eq!(b.cooldown_end_ts, 1_100);
    assert_eq!(window_end(1_100, 50), 1_150);
    assert_eq!(window_end(i64::MAX - 1, u64::MAX), i64::MAX);
}

#[test]
fn a_request_below_its_minimum_is_refused() {
    // prices recovered but nobody re-marked: the stale mark values 451 of shares at 324
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 451, gross(0), 0).unwrap();
    let stale = FundValue {
        gross: 451,
        covered: 127,
    };
    let (f0, a0) = (f, a);
    assert_eq!(
        f.request_unstake(&mut a, 451, stale, 0, 10, 451)
            .unwrap_err(),
        LendingError::UnstakeValueBelowMinimum.into()
    );
    assert_eq!(bytemuck::bytes_of(&a), bytemuck::bytes_of(&a0));
    assert_eq!(bytemuck::bytes_of(&f), bytemuck::bytes_of(&f0));
    // re-marked first (the clients do it in the same transaction): the full value
    assert_eq!(
        f.request_unstake(&mut a, 451, gross(451), 0, 10, 451)
            .unwrap(),
        451
    );
}

#[test]
fn a_fund_left_with_dust_starts_a_new_epoch_and_takes_stakes_again() {
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.stake(&mut a, 10_000_000, gross(0), 0).unwrap();
    // a settlement leaves 9 units for 10^7 shares: under one unit per 10^6 shares
    f.record_coverage(10_000_000 - 9).unwrap();
    let mut g = f;
    assert!(!g.reset_shares_if_dust(1).unwrap(), "10 units: kept");
    assert!(f.reset_shares_if_dust(0).unwrap());
    assert_eq!((f.total_shares, f.share_epoch), (0, 1));
    // a stake of 10 tokens mints at the initial price; the dust is the protocol's
    let mut b = InsuranceStake::zeroed();
    let flow = f.stake(&mut b, 10_000_000, gross(9), 0).unwrap();
    assert_eq!((flow.shares, flow.protocol_shares_minted), (10_000_000, 9));
    // the old stake's shares are worth nothing and it may close; b's may not
    f.require_closable(&a).unwrap();
    assert_eq!(
        f.require_closable(&b).unwrap_err(),
        LendingError::StakeNotEmpty.into()
    );
}

#[test]
fn only_an_empty_stake_closes() {
    let mut f = fund(0);
    let mut a = InsuranceStake::zeroed();
    f.require_closable(&a).unwrap();
    f.stake(&mut a, 100, gross(0), 0).unwrap();
    f.request_unstake(&mut a, 100, gross(100), 0, 10, 0)
        .unwrap();
    assert_eq!(
        f.require_closable(&a).unwrap_err(),
        LendingError::StakeNotEmpty.into()
    );
    f.unstake(&mut a, gross(100), 10, WINDOW).unwrap();
    f.require_closable(&a).unwrap();
}
