//! The report's "Summary" table: the losses and who paid them, the liquidator, the end
//! state.
use super::fmt_tokens;
use crate::{
    metrics::{wad_f64, Summary},
    WAD,
};
use std::fmt::Write;

/// The "Summary" table: the losses and who paid them, the liquidator, the end state.
pub(super) fn summary(r: &mut String, s: &Summary) {
    let _ = writeln!(r, "## Summary\n");
    let _ = writeln!(r, "| metric | value |\n|---|---|");
    let rows = loss_rows(s)
        .into_iter()
        .chain(liquidator_rows(s))
        .chain(end_state_rows(s));
    for (k, v) in rows {
        let _ = writeln!(r, "| {k} | {v} |");
    }
}

/// The summary's rows on bad debt, the insurance fund and the LPs' share price.
fn loss_rows(s: &Summary) -> Vec<(&'static str, String)> {
    let t = |v: u128| fmt_tokens(v, s.base_decimals);
    vec![
        (
            "peak outstanding bad debt (shortfall)",
            t(s.peak_shortfall as u128),
        ),
        (
            "bad debt settled",
            format!("{} in {} settlements", t(s.bad_debt_settled), s.settlements),
        ),
        ("… covered by insurance", t(s.insurance_covered)),
        ("… socialized to LPs", t(s.socialized)),
        (
            "insurance at start (ledger + pending)",
            t(s.insurance_start as u128),
        ),
        ("insurance low point", t(s.insurance_min as u128)),
        (
            "insurance used (paid / (paid + left at the end))",
            bps(s.insurance_depletion_bps),
        ),
        (
            "insurance drawdown (start − low point)",
            bps(s.insurance_drawdown_bps),
        ),
        (
            "LP loss (socialized / lp_assets at start)",
            bps(s.lp_loss_bps),
        ),
        (
            "LP share price start → end",
            format!(
                "{:.6} → {:.6} ({:+} bps; low {:.6})",
                wad_f64(s.share_price_start_wad),
                wad_f64(s.share_price_end_wad),
                s.share_price_change_bps,
                wad_f64(s.share_price_min_wad)
            ),
        ),
    ]
}

/// The summary's rows on the liquidator: what it did, missed and earned.
fn liquidator_rows(s: &Summary) -> Vec<(&'static str, String)> {
    let t = |v: u128| fmt_tokens(v, s.base_decimals);
    vec![
        ("liquidations done", s.liquidations.to_string()),
        (
            "… repaid / fees to insurance",
            format!("{} / {}", t(s.liquidation_repaid), t(s.liquidation_fees)),
        ),
        (
            "actions missed (position-steps: over capacity / bot down / no inventory)",
            format!(
                "{} ({} / {} / {})",
                s.missed_position_steps, s.missed_capacity, s.missed_outage, s.missed_inventory
            ),
        ),
        (
            "… waiting out the bot's latency (position-steps)",
            s.waiting_latency.to_string(),
        ),
        (
            "liquidator transactions that failed",
            s.liquidator_failures.to_string(),
        ),
        (
            "liquidator profit (planned, quote units)",
            format!("{:.2}", s.liquidator_profit_wad as f64 / WAD as f64),
        ),
        (
            "… skipped as unprofitable (position-steps)",
            s.unprofitable_position_steps.to_string(),
        ),
        (
            "… blocked by stale on-chain prices (position-steps)",
            s.stale_price_position_steps.to_string(),
        ),
    ]
}

/// The summary's rows on the end state: positions, redemptions, the pool's flags, the
/// transactions.
fn end_state_rows(s: &Summary) -> Vec<(&'static str, String)> {
    vec![
        (
            "positions that went underwater",
            s.positions_underwater.to_string(),
        ),
        (
            "positions left underwater and unsettled at the end",
            s.underwater_unsettled.to_string(),
        ),
        (
            "LP redemptions done / failed (no cash)",
            format!("{} / {}", s.redemptions, s.redemptions_failed),
        ),
        ("pool frozen at end", s.final_frozen.to_string()),
        (
            "pause flags at end (breaker)",
            format!("{:#06x}", s.final_pause_flags),
        ),
        (
            "transactions processed / failed",
            format!("{} / {}", s.transactions_ok, s.transactions_failed),
        ),
    ]
}

fn bps(v: u64) -> String {
    format!("{v} bps ({:.2}%)", v as f64 / 100.0)
}
