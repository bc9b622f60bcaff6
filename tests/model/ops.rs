//! The operations of the model, the wipe-out start some cases take, and the proptest
//! strategies that draw them.
use super::setup::{ASSET, ASSETS, BORROWERS, LPS, STAKERS, USDC};
use lending_pool::constants::pause;
use proptest::prelude::*;
use std::ops::Range;

#[derive(Clone, Debug)]
pub(super) enum Op {
    Deposit {
        lp: usize,
        amount: u64,
    },
    /// `u64::MAX`: as much as the LP's shares and the available cash allow.
    Withdraw {
        lp: usize,
        amount: u64,
    },
    Redeem {
        lp: usize,
        bps: u64,
    },
    Donate {
        amount: u64,
    },
    FundInsurance {
        amount: u64,
    },
    DepositCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    WithdrawCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    /// `u64::MAX`: all the available cash.
    Borrow {
        b: usize,
        amount: u64,
    },
    Repay {
        b: usize,
        amount: u64,
    },
    /// Sets `slot`'s price to `permille` of its starting price (at least the smallest price).
    Price {
        slot: usize,
        permille: u64,
    },
    /// Every asset at `permille` of its starting price.
    Crash {
        permille: u64,
    },
    Warp {
        secs: i64,
    },
    /// `amount` is the repayment offered (the program clamps it; `u64::MAX` is everything).
    Liquidate {
        b: usize,
        slot: usize,
        amount: u64,
    },
    Settle {
        b: usize,
    },
    Sweep,
    Recapitalize {
        amount: u64,
    },
    Unfreeze,
    /// The guardian's or the admin's `set_pause` (replaces every flag, the breaker's too).
    SetPause {
        flags: u16,
        admin: bool,
    },
    Stake {
        s: usize,
        amount: u64,
    },
    /// `bps` of the staker's shares (at least one share).
    RequestUnstake {
        s: usize,
        bps: u64,
    },
    CancelUnstake {
        s: usize,
    },
    Unstake {
        s: usize,
    },
    /// Anyone's `mark_shortfall` of borrower `b`'s position at spot prices.
    Mark {
        b: usize,
    },
    /// The admin's `retire_collateral` (refused unless delisted with its feed a day old).
    Retire {
        slot: usize,
    },
    /// `bps` of the LP's shares into an exit request (refused in a calm pool).
    RequestExit {
        lp: usize,
        bps: u64,
    },
    CompleteExit {
        lp: usize,
    },
    CancelExit {
        lp: usize,
    },
}

/// A start a share of the cases takes (SPEC "Insolvency and recovery"): borrower 0 takes
/// all the cash, its collateral becomes worthless, its liquidation's settlement is held back
/// while the LP takes the few units it repaid, then the loss leaves the LPs no equity and
/// freezes the pool. The random operations after it are the frozen pool's later life.
/// (Random sequences rarely get there: any collateral left repays a unit, any interest
/// feeds the fund, and either leaves the LPs some equity.) Before that, a staker's dollar,
/// half of it in cooldown, is spent on borrower 1's smaller default: that settlement empties
/// the fund and its shares die with it (a new epoch).
pub(super) const WIPE_OUT: [Op; 16] = [
    Op::Stake { s: 0, amount: USDC },
    Op::RequestUnstake { s: 0, bps: 5_000 },
    Op::Deposit {
        lp: 0,
        amount: 10_000 * USDC,
    },
    Op::DepositCollateral {
        b: 1,
        slot: 0,
        amount: 1_000_000_000,
    },
    Op::Borrow {
        b: 1,
        amount: 100 * USDC,
    },
    Op::DepositCollateral {
        b: 0,
        slot: 0,
        amount: 100_000_000_000,
    },
    Op::Borrow {
        b: 0,
        amount: u64::MAX,
    },
    Op::Crash { permille: 0 },
    Op::SetPause {
        flags: pause::SETTLE,
        admin: false,
    },
    Op::Liquidate {
        b: 1,
        slot: 0,
        amount: u64::MAX,
    },
    Op::Liquidate {
        b: 0,
        slot: 0,
        amount: u64::MAX,
    },
    Op::SetPause {
        flags: 0,
        admin: false,
    },
    Op::Settle { b: 1 },
    Op::Withdraw {
        lp: 0,
        amount: u64::MAX,
    },
    Op::SetPause {
        flags: 0,
        admin: false,
    },
    Op::Settle { b: 0 },
];

/// A range, or now and then `u64::MAX` ("as much as possible").
fn or_max(r: Range<u64>) -> impl Strategy<Value = u64> {
    prop_oneof![3 => r, 1 => Just(u64::MAX)]
}

/// A collateral slot and an amount of it: up to a quarter of a wallet, or dust (the issue's
/// "tiny amount of a second asset").
fn collateral() -> impl Strategy<Value = (usize, u64)> {
    (0..ASSETS).prop_flat_map(|slot| {
        (
            Just(slot),
            prop_oneof![3 => 1..=ASSET[slot].wallet / 4, 1 => 1..=1_000u64],
        )
    })
}

/// Mostly moves around the starting price, often crashes deep enough to leave positions
/// underwater, down to the smallest price.
fn permille() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 600..=1_500u64, 1 => 0..600u64]
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    let lp = 0..LPS;
    let b = 0..BORROWERS;
    prop_oneof![
        2 => (lp.clone(), 1..50_000 * USDC).prop_map(|(lp, amount)| Op::Deposit { lp, amount }),
        1 => (lp.clone(), or_max(1..20_000 * USDC))
            .prop_map(|(lp, amount)| Op::Withdraw { lp, amount }),
        1 => (lp, 1..=10_000u64).prop_map(|(lp, bps)| Op::Redeem { lp, bps }),
        1 => (1..1_000 * USDC).prop_map(|amount| Op::Donate { amount }),
        1 => (1..500 * USDC).prop_map(|amount| Op::FundInsurance { amount }),
        4 => (b.clone(), collateral())
            .prop_map(|(b, (slot, amount))| Op::DepositCollateral { b, slot, amount }),
        1 => (b.clone(), collateral())
            .prop_map(|(b, (slot, amount))| Op::WithdrawCollateral { b, slot, amount }),
        4 => (b.clone(), or_max(1..10_000 * USDC)).prop_map(|(b, amount)| Op::Borrow { b, amount }),
        1 => (b.clone(), 1..5_000 * USDC).prop_map(|(b, amount)| Op::Repay { b, amount }),
        2 => (0..ASSETS, permille()).prop_map(|(slot, permille)| Op::Price { slot, permille }),
        1 => permille().prop_map(|permille| Op::Crash { permille }),
        // seconds to hours (within the breaker's one-day window), or up to a quarter
        1 => prop_oneof![1..7_200i64, 1..90 * 86_400i64].prop_map(|secs| Op::Warp { secs }),
        4 => (b.clone(), 0..ASSETS, or_max(1..10_000 * USDC))
            .prop_map(|(b, slot, amount)| Op::Liquidate { b, slot, amount }),
        1 => b.prop_map(|b| Op::Settle { b }),
        1 => Just(Op::Sweep),
        1 => (1..5_000 * USDC).prop_map(|amount| Op::Recapitalize { amount }),
        1 => Just(Op::Unfreeze),
        // one flag, or a defence with liquidation (alone it is refused), or none
        1 => (
            prop_oneof![
                2 => Just(0u16),
                2 => (0..12u32).prop_map(|bit| 1u16 << bit),
                1 => Just(pause::REPAY | pause::LIQUIDATE),
            ],
            any::<bool>()
        )
            .prop_map(|(flags, admin)| Op::SetPause { flags, admin }),
        2 => (0..STAKERS, 1..20_000 * USDC).prop_map(|(s, amount)| Op::Stake { s, amount }),
        1 => (0..STAKERS, 1..=10_000u64).prop_map(|(s, bps)| Op::RequestUnstake { s, bps }),
        1 => (0..STAKERS).prop_map(|s| Op::CancelUnstake { s }),
        2 => (0..STAKERS).prop_map(|s| Op::Unstake { s }),
        2 => (0..BORROWERS).prop_map(|b| Op::Mark { b }),
        1 => (0..ASSETS).prop_map(|slot| Op::Retire { slot }),
        2 => (0..LPS, 1..=10_000u64).prop_map(|(lp, bps)| Op::RequestExit { lp, bps }),
        2 => (0..LPS).prop_map(|lp| Op::CompleteExit { lp }),
        1 => (0..LPS).prop_map(|lp| Op::CancelExit { lp }),
    ]
}
