//! The API's JSON, from the index (shapes in `docs/indexer-api.md`). Amounts, shares and
//! WAD values are decimal strings; slots, times, counts and basis points numbers.
use crate::index::{At, PoolIndex};
use anchor_lang::prelude::Pubkey;
use lending_pool_sdk::{
    constants::{pause, BPS, WAD},
    events::{BadDebtSettled, Liquidated},
};
use serde_json::{json, Value};

/// `num / den` in basis points, rounded down; `None` when `den` is zero.
pub fn ratio_bps(num: u64, den: u64) -> Option<u64> {
    (den > 0).then(|| (num as u128 * BPS as u128 / den as u128).min(u64::MAX as u128) as u64)
}

/// A WAD ratio in basis points, rounded down.
pub fn wad_bps(wad: u128) -> u64 {
    (wad / (WAD / BPS as u128)).min(u64::MAX as u128) as u64
}

pub fn pool_summary(key: &Pubkey, p: &PoolIndex) -> Value {
    json!({
        "pool": key.to_string(),
        "base_mint": p.init.as_ref().map(|i| i.base_mint.to_string()),
        "decimals": p.decimals,
        "last_slot": p.last_slot,
        "reconciled": p.reconciliation.ok() && p.alarm().is_none(),
        "alarm": p.alarm(),
    })
}

pub fn pool_view(key: &Pubkey, p: &PoolIndex) -> Value {
    let b = &p.replay.books;
    let s = &p.replay.stakes;
    let last = p.history.last();
    let gross = b.insurance_gross();
    json!({
        "pool": key.to_string(),
        "base_mint": p.init.as_ref().map(|i| i.base_mint.to_string()),
        "decimals": p.decimals,
        "last_slot": p.last_slot,
        "last_signature": p.last_signature,
        "books": {
            "cash": b.cash.to_string(),
            "total_debt": b.total_debt.to_string(),
            "insurance_pending": b.insurance_pending.to_string(),
            "lp_assets": b.lp_assets().to_string(),
            "lp_supply": b.lp_supply.to_string(),
            "share_price_wad": b.share_price_wad().to_string(),
            "insurance_balance": gross.to_string(),
            "marked_shortfall": s.marked_shortfall.to_string(),
            "settlements": b.settlements,
            "total_covered": b.total_covered.to_string(),
            "total_socialized": b.total_socialized.to_string(),
            "total_recovered": b.total_recovered.to_string(),
        },
        "insurance": {
            "balance": gross.to_string(),
            "total_shares": s.total_shares.to_string(),
            "protocol_shares": s.protocol_shares.to_string(),
            "cooldown_shares": s.cooldown_shares.to_string(),
            "share_epoch": s.share_epoch,
            "coverage_ratio_bps": ratio_bps(gross, b.total_debt),
        },
        "utilization_bps": last.map_or(0, |h| wad_bps(h.utilization_wad)),
        "borrow_rate_bps": last.map_or(0, |h| wad_bps(h.rate_wad)),
        "state": {
            "frozen": b.frozen,
            "breaker_tripped": b.pause_flags & pause::BREAKER != 0,
            "pause_flags": b.pause_flags,
            // the guardian's flags lapse then unless the admin sets them (0: none)
            "guardian_pause_flags": b.guardian_pause_flags,
            "guardian_pause_expires_ts": b.guardian_pause_expires_ts,
        },
        "reconciliation": {
            "ok": p.reconciliation.ok() && p.divergence.is_none(),
            "checked_slot": p.reconciliation.checked_slot,
            "mismatches": p.reconciliation.mismatches.iter().map(|(f, i, c)| json!({
                "field": f, "indexed": i.to_string(), "chain": c.to_string(),
            })).collect::<Vec<_>>(),
            "divergence": p.divergence.as_ref().map(|(sig, d)| json!({
                "signature": sig, "event": d.event, "field": d.what,
                "replayed": d.replayed.to_string(), "reported": d.reported.to_string(),
            })),
        },
    })
}

pub fn history(p: &PoolIndex, limit: usize) -> Value {
    let skip = p.history.len().saturating_sub(limit);
    Value::Array(
        p.history[skip..]
            .iter()
            .map(|h| {
                json!({
                    "slot": h.slot,
                    "timestamp": h.timestamp,
                    "signature": h.signature,
                    "cash": h.cash.to_string(),
                    "total_debt": h.total_debt.to_string(),
                    "insurance_pending": h.insurance_pending.to_string(),
                    "lp_assets": h.lp_assets.to_string(),
                    "lp_supply": h.lp_supply.to_string(),
                    "share_price_wad": h.share_price_wad.to_string(),
                    "insurance_balance": h.insurance_balance.to_string(),
                    "marked_shortfall": h.marked_shortfall.to_string(),
                    "utilization_bps": wad_bps(h.utilization_wad),
                    "borrow_rate_bps": wad_bps(h.rate_wad),
                })
            })
            .collect(),
    )
}

pub fn settlement(s: &At<BadDebtSettled>) -> Value {
    let e = &s.event;
    json!({
        "seq": e.seq,
        "slot": s.slot,
        "timestamp": s.timestamp,
        "signature": s.signature,
        "position": e.position.to_string(),
        "position_debt": e.position_debt.to_string(),
        "debt": e.debt.to_string(),
        "covered": e.covered.to_string(),
        "from_pending": e.from_pending.to_string(),
        "from_insurance_vault": e.from_insurance_vault.to_string(),
        "socialized": e.socialized.to_string(),
        "share_price_before_wad": e.share_price_before_wad.to_string(),
        "share_price_after_wad": e.share_price_after_wad.to_string(),
        "lp_assets_before": e.lp_assets_before.to_string(),
        "lp_assets_after": e.lp_assets_after.to_string(),
        "insurance_balance_before": e.insurance_balance_before.to_string(),
        "insurance_balance_after": e.insurance_balance_after.to_string(),
        "frozen": e.frozen,
        "breaker_tripped": e.breaker_tripped,
    })
}

pub fn liquidation(l: &At<Liquidated>, p: &PoolIndex) -> Value {
    let e = &l.event;
    let collateral = p.collaterals.get(&e.collateral_slot);
    json!({
        "collateral_mint": collateral.map(|c| c.0.to_string()),
        "collateral_decimals": collateral.and_then(|c| c.1),
        "slot": l.slot,
        "timestamp": l.timestamp,
        "signature": l.signature,
        "position": e.position.to_string(),
        "liquidator": e.liquidator.to_string(),
        "collateral_slot": e.collateral_slot,
        "repaid": e.repaid.to_string(),
        "collateral_out": e.collateral_out.to_string(),
        "fee": e.fee.to_string(),
        "position_debt_before": e.position_debt_before.to_string(),
        "position_debt_after": e.position_debt_after.to_string(),
        "health_before_wad": e.health_before_wad.to_string(),
        "health_after_wad": e.health_after_wad.to_string(),
    })
}

/// The LP exit queue: whether the pool is stressed now (uncovered marks or the breaker:
/// exits are requests) and every pending request, oldest first.
pub fn exits(p: &PoolIndex) -> Value {
    let b = &p.replay.books;
    let marked = p.replay.stakes.marked_shortfall;
    let uncovered = marked - marked.min(b.insurance_gross());
    let breaker = b.pause_flags & lending_pool_sdk::constants::pause::BREAKER != 0;
    let mut rows: Vec<&At<lending_pool_sdk::events::ExitRequested>> = p.exits.values().collect();
    rows.sort_by_key(|r| (r.slot, r.event.timestamp));
    json!({
        "stressed": breaker || uncovered > 0,
        "uncovered_shortfall": uncovered.to_string(),
        "breaker_tripped": breaker,
        "exit_delay_secs": p.config.map(|c| c.exit_delay_secs),
        "pending_shares": rows.iter().map(|r| r.event.shares as u128).sum::<u128>().to_string(),
        "requests": rows.iter().map(|r| json!({
            "owner": r.event.owner.to_string(),
            "exit_request": r.event.exit_request.to_string(),
            "shares": r.event.shares.to_string(),
            "value_at_request": r.event.value_at_request.to_string(),
            "requested_at": r.event.timestamp,
            "matures_ts": r.event.matures_ts,
            "signature": r.signature,
        })).collect::<Vec<_>>(),
    })
}

pub fn stakers(p: &PoolIndex) -> Value {
    let b = &p.replay.books;
    let s = &p.replay.stakes;
    let rows: Vec<Value> = s
        .stakes
        .keys()
        .map(|key| (key, s.current(key)))
        .filter(|(_, st)| st.shares > 0 || st.cooldown_shares > 0)
        .map(|(key, st)| {
            json!({
                "stake": key.to_string(),
                "staker": st.staker.to_string(),
                "shares": st.shares.to_string(),
                "cooldown_shares": st.cooldown_shares.to_string(),
                "value": s.value_of(st.shares, b).to_string(),
            })
        })
        .collect();
    json!({
        "fund_balance": b.insurance_gross().to_string(),
        "marked_shortfall": s.marked_shortfall.to_string(),
        "total_shares": s.total_shares.to_string(),
        "protocol_shares": s.protocol_shares.to_string(),
        "cooldown_shares": s.cooldown_shares.to_string(),
        "share_epoch": s.share_epoch,
        "coverage_ratio_bps": ratio_bps(b.insurance_gross(), b.total_debt),
        "stakers": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        decode::{DecodedEvent, DecodedTx},
        index::Index,
    };
    use lending_pool_sdk::{
        events::{ExitCancelled, ExitCompleted, ExitRequested, LpBooks},
        program_events::ProgramEvent,
    };

    fn tx(slot: u64, event: ProgramEvent) -> DecodedTx {
        DecodedTx {
            signature: format!("sig{slot}"),
            slot,
            tx_order: 0,
            block_time: Some(slot as i64),
            events: vec![DecodedEvent { raw: vec![], event }],
            logs_truncated: false,
        }
    }

    fn books() -> LpBooks {
        LpBooks {
            cash: 0,
            total_debt: 0,
            insurance_pending: 0,
            lp_assets: 0,
            lp_supply: 0,
            share_price_wad: 0,
            marked_shortfall: 0,
            uncovered_shortfall: 0,
            exit_share_price_wad: 0,
        }
    }

    #[test]
    fn the_exit_queue_holds_pending_requests_until_completed_or_cancelled() {
        let pool = Pubkey::new_unique();
        let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
        let requested = |owner, shares| {
            ProgramEvent::ExitRequested(ExitRequested {
                pool,
                owner,
                exit_request: Pubkey::new_unique(),
                shares,
                value_at_request: shares - 1,
                min_assets: 0,
                matures_ts: 7_200,
                books: books(),
                slot: 1,
                timestamp: 0,
            })
        };
        let mut index = Index::default();
        index.apply(&tx(1, requested(a, 100)));
        index.apply(&tx(2, requested(b, 50)));
        let q = exits(&index.pools[&pool]);
        assert_eq!(q["pending_shares"], "150");
        let owners: Vec<&str> = q["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["owner"].as_str().unwrap())
            .collect();
        assert_eq!(owners, [a.to_string(), b.to_string()]);
        assert_eq!(q["requests"][0]["value_at_request"], "99");
        index.apply(&tx(
            3,
            ProgramEvent::ExitCompleted(ExitCompleted {
                pool,
                owner: a,
                exit_request: Pubkey::new_unique(),
                destination: Pubkey::new_unique(),
                shares: 100,
                value_at_request: 99,
                value_now: 98,
                assets: 98,
                requested_ts: 0,
                before: books(),
                after: books(),
                slot: 3,
                timestamp: 3,
            }),
        ));
        index.apply(&tx(
            4,
            ProgramEvent::ExitCancelled(ExitCancelled {
                pool,
                owner: b,
                exit_request: Pubkey::new_unique(),
                shares: 50,
                value_at_request: 49,
                requested_ts: 0,
                slot: 4,
                timestamp: 4,
            }),
        ));
        let q = exits(&index.pools[&pool]);
        assert_eq!(
            (
                q["pending_shares"].as_str(),
                q["requests"].as_array().map(Vec::len)
            ),
            (Some("0"), Some(0))
        );
        // a calm pool: no marks, no breaker
        assert_eq!(q["stressed"], false);
    }

    #[test]
    fn ratios_round_down_and_refuse_zero() {
        assert_eq!(ratio_bps(1, 3), Some(3_333));
        assert_eq!(ratio_bps(5, 0), None);
        assert_eq!(ratio_bps(u64::MAX, 1), Some(u64::MAX));
        assert_eq!(wad_bps(WAD / 2), 5_000);
        assert_eq!(wad_bps(WAD / 10_000 - 1), 0);
    }
}
