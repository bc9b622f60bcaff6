//! What may change, and by what: a settlement's books and the SPEC's rules on it, the pool's
//! status and pause flags, and the LP share and exit prices.
use core::fmt::Debug;
use lending_pool::{
    constants::{pause, BPS, VIRTUAL_ASSETS, VIRTUAL_SHARES},
    state::{InsuranceFund, Pool, Settlement, STATUS_ACTIVE, STATUS_FROZEN},
};

/// The settlement leaves the LP share price below the pool's freeze floor (or no equity at
/// all), computed here rather than by `Pool::share_price_below_floor`: `(lp_assets + 1) /
/// (supply + 1)` below `freeze_floor_bps` of par.
fn below_floor(pool: &Pool, s: &Settlement) -> bool {
    let floor = pool.config.freeze_floor_bps as u128;
    let lp_assets = s.lp_assets_after as u128 + VIRTUAL_ASSETS;
    s.lp_assets_after == 0
        || lp_assets * (BPS as u128) < floor * (s.lp_supply as u128 + VIRTUAL_SHARES)
}

/// A settlement's books add up and follow the SPEC's rules (`pool` and `fund` as it left
/// them; `was_frozen`: the pool's status before): insurance pays before LPs lose anything,
/// and an emptied fund's shares die with it; the settled loss is no longer marked; only a
/// retired slot forfeits; the pool freezes exactly when a write-down leaves the LPs below
/// the floor; the breaker trips only on a loss.
pub fn check_settlement(s: &Settlement, pool: &Pool, fund: &InsuranceFund, was_frozen: bool) {
    assert_eq!(
        s.debt,
        s.from_pending + s.from_insurance_vault + s.socialized,
        "what covers the debt: {s:?}"
    );
    assert_eq!(
        s.lp_assets_after,
        s.lp_assets_before - s.socialized,
        "{s:?}"
    );
    for (slot, &n) in s.forfeited_collateral.iter().enumerate() {
        assert!(
            n == 0 || pool.collaterals[slot].is_retired(),
            "slot {slot} forfeited: {s:?}"
        );
    }
    if s.socialized > 0 {
        // LPs lose only once the insurance fund is empty
        assert_eq!(
            (s.insurance_pending_after, s.insurance_vault_balance_after),
            (0, 0),
            "LPs lost while insurance was left: {s:?}"
        );
        assert_eq!((pool.insurance_pending, fund.balance().unwrap()), (0, 0));
        // ... and its shares with it: a new epoch starts with none
        assert_eq!(fund.total_shares, 0, "shares outlived the fund: {s:?}");
    }
    assert_eq!(
        (fund.total_shares, fund.share_epoch),
        (s.insurance_total_shares, s.insurance_share_epoch),
        "{s:?}"
    );
    assert_eq!(pool.marked_shortfall, s.marked_shortfall_after, "{s:?}");
    let wiped_out = s.socialized > 0 && s.lp_supply > 0 && below_floor(pool, s);
    assert_eq!(s.frozen, was_frozen || wiped_out, "freeze rule: {s:?}");
    assert_eq!(s.frozen, pool.status == STATUS_FROZEN, "{s:?}");
    assert!(
        !s.breaker_tripped || s.socialized > 0,
        "breaker without a loss: {s:?}"
    );
}

/// The status changes only as the SPEC says: active to frozen only by a settlement that
/// leaves the LPs below the floor, frozen to active only by `unfreeze` (`by_unfreeze`), at
/// the floor again or with no LP shares left (`lp_supply` after).
pub fn check_status(
    before: &Pool,
    after: &Pool,
    settlement: Option<&Settlement>,
    by_unfreeze: bool,
    lp_supply: u64,
) {
    match (before.status, after.status) {
        (b, a) if b == a => {}
        (STATUS_ACTIVE, STATUS_FROZEN) => {
            let s = settlement.expect("only a settlement freezes");
            assert!(
                s.socialized > 0 && s.lp_supply > 0 && below_floor(after, s),
                "froze a pool whose share price is at the floor: {s:?}"
            );
        }
        (STATUS_FROZEN, STATUS_ACTIVE) => {
            assert!(by_unfreeze, "only unfreeze reopens a pool");
            let lp_assets = after.lp_assets().unwrap();
            assert!(
                lp_supply == 0 || !after.share_price_below_floor(lp_assets, lp_supply),
                "reopened below the floor"
            );
        }
        (b, a) => panic!("status {b} -> {a}"),
    }
}

/// Pause flags change only by `set_pause` (to exactly its flags), a lapse of the guardian's
/// pauses at `now`, or a settlement that tripped the breaker (adding its flag to the flags
/// in force).
pub fn check_pause_flags(
    before: &Pool,
    after: &Pool,
    now: i64,
    set_pause: Option<u16>,
    settlement: Option<&Settlement>,
) {
    // every instruction that brings the pool up to date first clears lapsed guardian pauses
    // (one that only reads the pool leaves them): no transition of its own
    let mut lapsed = *before;
    lapsed.lapse_guardian_pauses(now);
    if before.pause_flags == after.pause_flags || lapsed.pause_flags == after.pause_flags {
        return;
    }
    if let Some(flags) = set_pause {
        assert_eq!(after.pause_flags, flags, "set_pause sets exactly its flags");
        return;
    }
    let s = settlement.expect("only set_pause, a lapse or the breaker change the flags");
    assert!(s.breaker_tripped && s.socialized > 0, "{s:?}");
    assert_eq!(after.pause_flags, lapsed.pause_flags | pause::BREAKER);
}

/// `(lp_assets + 1) / (supply + 1)`, as a fraction.
fn share_price(pool: &Pool, supply: u64) -> (u128, u128) {
    (
        pool.lp_assets().unwrap() as u128 + VIRTUAL_ASSETS,
        supply as u128 + VIRTUAL_SHARES,
    )
}

/// The price LP flows trade at, `(exit_lp_assets + 1) / (supply + 1)`: net of the marked
/// loss insurance would not cover.
fn exit_price(pool: &Pool, fund: &InsuranceFund, supply: u64) -> (u128, u128) {
    let exit = pool.exit_lp_assets(fund.balance().unwrap()).unwrap();
    (
        exit as u128 + VIRTUAL_ASSETS,
        supply as u128 + VIRTUAL_SHARES,
    )
}

/// The LP share price falls only where `may_fall` says (a settlement that wrote LPs down, or
/// a deposit priced net of an uncovered mark); `before` and `after` are the pool and the LP
/// supply around an operation (`what`) that succeeded.
pub fn check_share_price(
    before: (&Pool, u64),
    after: (&Pool, u64),
    may_fall: bool,
    what: impl Debug,
) {
    let ((n0, d0), (n1, d1)) = (
        share_price(before.0, before.1),
        share_price(after.0, after.1),
    );
    assert!(
        may_fall || n1 * d0 >= n0 * d1,
        "{what:?} lowered the share price"
    );
}

/// The exit price falls only when a loss becomes known: a mark rises, or a settlement
/// (`settled`) pays it (an unstake, in particular, cannot leave LPs a covered mark).
pub fn check_exit_price(
    before: (&Pool, &InsuranceFund, u64),
    after: (&Pool, &InsuranceFund, u64),
    settled: bool,
    what: impl Debug,
) {
    if settled || after.0.marked_shortfall > before.0.marked_shortfall {
        return;
    }
    let (n0, d0) = exit_price(before.0, before.1, before.2);
    let (n1, d1) = exit_price(after.0, after.1, after.2);
    assert!(n1 * d0 >= n0 * d1, "{what:?} lowered the exit price");
}
