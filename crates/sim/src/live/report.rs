//! The live-book stress as Markdown: the snapshot, the path applied, what it cost and who
//! bore it, and the steps where something happened.
use super::{LiveOutcome, Snapshot};
use crate::scenario::Scenario;
use std::fmt::Write;

const WAD: f64 = 1e18;

pub fn write_report(
    snap: &Snapshot,
    s: &Scenario,
    seed: u64,
    o: &LiveOutcome,
    decimals: u8,
) -> String {
    let tokens = |units: u64| units as f64 / 10f64.powi(decimals as i32);
    let mut r = String::new();
    let _ = writeln!(r, "# Live-book stress: {}\n", s.name);
    let _ = writeln!(
        r,
        "Pool `{}` at slot {} (chain time {}): {} positions, {} insurance stakes, LP assets {:.2}, insurance vault {:.2}.",
        snap.pool,
        snap.slot,
        snap.unix_time,
        o.positions,
        snap.stakes.len(),
        tokens(o.lp_assets_start),
        tokens(o.insurance_start)
    );
    let _ = writeln!(
        r,
        "The scenario's price path (seed {seed}, {} steps of {} s) moves each collateral's live price; nobody deposits, borrows or exits; one liquidator holds the scenario's inventory.\n",
        s.steps, s.step_secs
    );
    outcome_table(&mut r, o, &tokens);
    let _ = writeln!(r, "\n## Steps with actions\n\n| step | price moves | liquidations | settlements | total debt | left |\n|---|---|---|---|---|---|");
    for x in o
        .steps
        .iter()
        .filter(|x| x.liquidations + x.settlements > 0)
    {
        let moves: Vec<String> = x
            .moves
            .iter()
            .map(|m| format!("{:+.1}%", (m - 1.0) * 100.0))
            .collect();
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {:.2} | {} |",
            x.step,
            moves.join(" "),
            x.liquidations,
            x.settlements,
            tokens(x.total_debt),
            x.left
        );
    }
    r
}

/// What the stress cost and who bore it, as a two-column table.
fn outcome_table(r: &mut String, o: &LiveOutcome, tokens: &dyn Fn(u64) -> f64) {
    let liquidations: u32 = o.steps.iter().map(|x| x.liquidations).sum();
    let settlements: u32 = o.steps.iter().map(|x| x.settlements).sum();
    let end = o.steps.last();
    let _ = writeln!(r, "| outcome | value |\n|---|---|");
    for (what, v) in [
        ("bad debt settled", format!("{:.2}", tokens(o.bad_debt))),
        (
            "insurance drawn",
            format!("{:.2}", tokens(o.insurance_drawn)),
        ),
        (
            "borne by LPs",
            format!("{:.2} ({:.2} bps)", tokens(o.socialized), o.lp_loss_bps()),
        ),
        (
            "liquidations / settlements",
            format!("{liquidations} / {settlements}"),
        ),
        (
            "LP share price, start → end",
            format!(
                "{:.6} → {:.6}",
                o.share_price_start_wad as f64 / WAD,
                end.map_or(0.0, |e| e.share_price_wad as f64 / WAD)
            ),
        ),
        (
            "positions still to clear at the end",
            end.map_or(0, |e| e.left).to_string(),
        ),
    ] {
        let _ = writeln!(r, "| {what} | {v} |");
    }
}
