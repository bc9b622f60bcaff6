//! The insurance shares and the marks: every share is counted, the shares together are worth
//! the fund's net value (less only the rounding), the stakers' ledgers agree with the fund's
//! and with their wallets, and the marks add up; and the rules on every request, cancel and
//! payout.
use lending_pool::{
    math::to_assets_down,
    state::{
        CancelledUnstake, FundValue, InsuranceFund, InsuranceStake, Pool, Position, UnstakePayout,
    },
};

/// The stakers as a test tracks them: their stake accounts as stored (of any share epoch),
/// their wallets now, and what each wallet held before it staked anything.
pub struct Stakers<'a> {
    pub stakes: &'a [InsuranceStake],
    pub wallets: &'a [u64],
    pub wallet_start: u64,
}

/// The fund's shares, its value and the stakers' ledgers, and the marks of `positions`
/// (every position of the pool).
pub fn check_insurance(pool: &Pool, fund: &InsuranceFund, s: Stakers, positions: &[Position]) {
    // the stakes as the fund sees them (an older epoch's shares are worth nothing)
    let stakes: Vec<InsuranceStake> = s
        .stakes
        .iter()
        .map(|st| {
            let mut st = *st;
            fund.sync_stake(&mut st);
            st
        })
        .collect();
    // every share of the current epoch is a staker's or the protocol's
    let held: u128 = stakes.iter().map(|st| st.shares as u128).sum();
    assert_eq!(
        held + fund.protocol_shares as u128,
        fund.total_shares as u128,
        "Σ stake shares + protocol shares = total shares"
    );
    let cooling: u128 = stakes.iter().map(|st| st.cooldown_shares as u128).sum();
    assert_eq!(cooling, fund.cooldown_shares as u128, "Σ cooldown shares");
    for st in &stakes {
        assert!(
            st.cooldown_shares <= st.shares,
            "cooldown beyond holdings: {st:?}"
        );
        assert_eq!(st.cooldown_shares == 0, st.cooldown_end_ts == 0, "{st:?}");
        assert!(st.cooldown_value == 0 || st.cooldown_shares > 0, "{st:?}");
    }
    // the shares' value: what each holder's shares are worth (rounded down) adds up to at
    // most the fund's net value, short of it by at most one virtual share's worth
    // (`(net + 1) / (S + 1)`, the offset's sliver) plus a unit per holder
    let v = pool.insurance_value(fund.balance().unwrap()).unwrap();
    assert_eq!(v.gross, fund.balance().unwrap() + pool.insurance_pending);
    assert_eq!(v.covered, pool.marked_shortfall.min(v.gross));
    let (net, total) = (v.net(), fund.total_shares);
    let holders: Vec<u64> = stakes
        .iter()
        .map(|st| st.shares)
        .chain([fund.protocol_shares])
        .filter(|&shares| shares > 0)
        .collect();
    let value: u128 = holders
        .iter()
        .map(|&shares| to_assets_down(shares, net, total).unwrap() as u128)
        .sum();
    assert!(value <= net as u128, "shares worth {value} > net {net}");
    let (gap, n) = (net as u128 - value, holders.len() as u128);
    // gap ≤ (net + 1) / (S + 1) − 1 + n (each floor loses less than a unit)
    assert!(
        (gap + 1).saturating_sub(n) * (total as u128 + 1) <= net as u128 + 1,
        "shares worth {value} of net {net}: {n} holders, {total} shares"
    );
    // the stakers' ledgers agree with the fund's, and with their wallets
    let staked: u128 = s.stakes.iter().map(|st| st.total_staked as u128).sum();
    let unstaked: u128 = s.stakes.iter().map(|st| st.total_unstaked as u128).sum();
    assert_eq!(staked, fund.total_staked_in as u128, "Σ staked = staked in");
    assert_eq!(
        unstaked, fund.total_unstaked_out as u128,
        "Σ unstaked = paid out"
    );
    for (i, (st, &wallet)) in s.stakes.iter().zip(s.wallets).enumerate() {
        assert_eq!(
            wallet as u128 + st.total_staked as u128,
            s.wallet_start as u128 + st.total_unstaked as u128,
            "staker {i}'s wallet"
        );
    }
    // marks: the pool's sums are exactly its marked positions' (`Pool::check_marks`)
    if let Err(e) = pool.check_marks(positions) {
        panic!("{e}");
    }
}

/// A request is worth its shares' net value when it is made (`value`, `total_shares`),
/// rounded down.
pub fn check_request(worth: u64, shares: u64, value: FundValue, total_shares: u64) {
    let fair = to_assets_down(shares, value.net(), total_shares).unwrap();
    assert_eq!(worth, fair, "a request is worth its shares' net value");
}

/// A cancel keeps no gain made during the cooldown: after a gain, the shares it keeps are
/// worth at most the request's value (at `value` and the fund's `total_shares` after it);
/// after a loss it burns nothing (the shares bore the loss).
pub fn check_cancel(c: &CancelledUnstake, value: FundValue, total_shares: u64) {
    let kept = to_assets_down(c.shares - c.shares_burnt, value.net(), total_shares).unwrap();
    if c.value_now > c.value_at_request {
        assert!(kept <= c.value_at_request, "a cancel kept a gain: {c:?}");
    } else {
        assert_eq!(
            c.shares_burnt, 0,
            "a cancel burnt shares after a loss: {c:?}"
        );
    }
}

/// A payout is `min(value at request, value now)`, the value now being the request's
/// `shares` at their net value before it (`value`, `total_shares`), which is net of every
/// marked loss the fund would cover.
pub fn check_payout(p: &UnstakePayout, shares: u64, value: FundValue, total_shares: u64) {
    let worth = to_assets_down(shares, value.net(), total_shares).unwrap();
    assert_eq!(p.value_now, worth, "a payout's value now: {p:?}");
    assert_eq!(p.paid, p.value_at_request.min(worth), "{p:?}");
}
