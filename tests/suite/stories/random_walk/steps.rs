//! The random steps of the walk and their proptest strategy.
use proptest::prelude::*;

/// One step of the walk. Actors are picked modulo their count; amounts are shares of what
/// the actor holds or may take, so most steps are plausible and some go over the limit.
#[derive(Clone, Debug)]
pub(super) enum Step {
    /// An LP deposits `pct`% of its wallet.
    Deposit {
        lp: u8,
        pct: u8,
    },
    /// An LP withdraws `pct`% of what it could take out now (above 100: more than that).
    Withdraw {
        lp: u8,
        pct: u8,
    },
    /// An LP redeems `pct`% of its shares.
    Redeem {
        lp: u8,
        pct: u8,
    },
    /// A bank run: every LP withdraws all it can.
    Run,
    DepositCollateral {
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// `pct`% of the slot held (above 100: more than held).
    WithdrawCollateral {
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// `pct`% of the remaining borrow capacity at conservative prices.
    Borrow {
        b: u8,
        pct: u8,
    },
    /// `pct`% of the debt; from 100 on, `u64::MAX` (everything owed).
    Repay {
        b: u8,
        pct: u8,
    },
    /// Collateral `slot`'s price × `pct` / 100 (a crash below ~50).
    Price {
        slot: u8,
        pct: u16,
    },
    /// Every collateral price × `pct` / 100.
    CrashAll {
        pct: u8,
    },
    /// Collateral `slot`'s price back to `pct`% of its starting price.
    Reset {
        slot: u8,
        pct: u16,
    },
    Warp {
        secs: u32,
    },
    /// Repays `pct`% of the debt (from 100 on, `u64::MAX`) for collateral of `slot`.
    Liquidate {
        liq: u8,
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// Empties an underwater position slot by slot, starting at held slot `rot`.
    Clear {
        liq: u8,
        b: u8,
        rot: u8,
    },
    Settle {
        b: u8,
    },
    Sweep,
    /// `permille`‰ of the pool's size (`scale`) into the insurance fund.
    FundInsurance {
        who: u8,
        permille: u16,
    },
    /// Tokens sent straight to a vault (base, insurance, collateral 0..4) outside the
    /// program: `permille`‰ of the pool's size in base, of the donor's wallet in collateral.
    Donate {
        who: u8,
        vault: u8,
        permille: u16,
    },
    /// `permille`‰ of the pool's size given to the LPs.
    Recapitalize {
        who: u8,
        permille: u16,
    },
    Unfreeze,
    /// The guardian toggles one operation's pause flag.
    Pause {
        flag: u8,
    },
    /// The guardian clears every flag, a tripped breaker included.
    Resume,
    /// A staker stakes `permille`‰ of its wallet (above 1,000: more than it holds).
    Stake {
        who: u8,
        permille: u16,
    },
    /// A staker asks to unstake `pct`% of its shares (above 100: more than it holds).
    RequestUnstake {
        who: u8,
        pct: u8,
    },
    CancelUnstake {
        who: u8,
    },
    Unstake {
        who: u8,
    },
    /// Anyone marks a position's shortfall (one with debt, if any).
    Mark {
        who: u8,
        b: u8,
    },
    /// An LP requests the exit of `pct`% of its shares (while the pool is stressed), if it
    /// has no request pending.
    RequestExit {
        lp: u8,
        pct: u8,
    },
    /// An LP with a pending request completes (`cancel` false) or cancels it.
    SettleExit {
        lp: u8,
        cancel: bool,
    },
    /// With `roll` < 64 (a quarter of the draws): the last asset is delisted, its feed
    /// stops, a day passes and the admin retires it. Otherwise the admin tries to retire
    /// slot `roll % 4` as it is (refused unless it was delisted a day ago).
    Retire {
        roll: u8,
    },
    /// Every borrower defaults at once while the LPs run: settlement paused, every price
    /// down to 10^-8 dollars, every position emptied slot by slot, then each settled right
    /// after the LPs took out all the cash they could. Once insurance is spent, the last
    /// settlement leaves the LPs nothing and the pool freezes.
    Wipeout {
        liq: u8,
        rot: u8,
    },
}

pub(super) fn step() -> impl Strategy<Value = Step> {
    let who = any::<u8>;
    prop_oneof![
        16 => (who(), 1..=40u8).prop_map(|(lp, pct)| Step::Deposit { lp, pct }),
        8 => (who(), 1..=110u8).prop_map(|(lp, pct)| Step::Withdraw { lp, pct }),
        8 => (who(), 1..=100u8).prop_map(|(lp, pct)| Step::Redeem { lp, pct }),
        2 => Just(Step::Run),
        20 => (who(), 0..4u8, 1..=60u8)
            .prop_map(|(b, slot, pct)| Step::DepositCollateral { b, slot, pct }),
        8 => (who(), 0..4u8, 1..=110u8)
            .prop_map(|(b, slot, pct)| Step::WithdrawCollateral { b, slot, pct }),
        24 => (who(), 1..=110u8).prop_map(|(b, pct)| Step::Borrow { b, pct }),
        10 => (who(), 1..=120u8).prop_map(|(b, pct)| Step::Repay { b, pct }),
        16 => (0..4u8, 70..=140u16).prop_map(|(slot, pct)| Step::Price { slot, pct }),
        6 => (0..4u8, 1..=50u16).prop_map(|(slot, pct)| Step::Price { slot, pct }),
        2 => (1..=40u8).prop_map(|pct| Step::CrashAll { pct }),
        6 => (0..4u8, 50..=150u16).prop_map(|(slot, pct)| Step::Reset { slot, pct }),
        10 => (1..=259_200u32).prop_map(|secs| Step::Warp { secs }),
        10 => (who(), who(), 0..4u8, 1..=120u8)
            .prop_map(|(liq, b, slot, pct)| Step::Liquidate { liq, b, slot, pct }),
        10 => (who(), who(), who()).prop_map(|(liq, b, rot)| Step::Clear { liq, b, rot }),
        4 => who().prop_map(|b| Step::Settle { b }),
        4 => Just(Step::Sweep),
        4 => (who(), 1..=5u16).prop_map(|(who, permille)| Step::FundInsurance { who, permille }),
        4 => (who(), 0..6u8, 1..=5u16)
            .prop_map(|(who, vault, permille)| Step::Donate { who, vault, permille }),
        6 => (who(), 1..=300u16)
            .prop_map(|(who, permille)| Step::Recapitalize { who, permille }),
        4 => Just(Step::Unfreeze),
        2 => (0..9u8).prop_map(|flag| Step::Pause { flag }),
        4 => Just(Step::Resume),
        1 => (who(), who()).prop_map(|(liq, rot)| Step::Wipeout { liq, rot }),
        6 => (who(), 0..=1_050u16).prop_map(|(who, permille)| Step::Stake { who, permille }),
        5 => (who(), 1..=110u8).prop_map(|(who, pct)| Step::RequestUnstake { who, pct }),
        2 => who().prop_map(|who| Step::CancelUnstake { who }),
        5 => who().prop_map(|who| Step::Unstake { who }),
        6 => (who(), who()).prop_map(|(who, b)| Step::Mark { who, b }),
        1 => any::<u8>().prop_map(|roll| Step::Retire { roll }),
        6 => (who(), 1..=100u8).prop_map(|(lp, pct)| Step::RequestExit { lp, pct }),
        6 => (who(), prop::bool::weighted(0.2))
            .prop_map(|(lp, cancel)| Step::SettleExit { lp, cancel }),
    ]
}
