//! The Markdown report. Everything in it derives from the seed and the scenario (no wall-clock
//! numbers), so the same seed writes the same bytes.
use crate::{
    metrics::{wad_f64, Summary},
    scenario::{PricePath, Scenario},
    WAD,
};
use std::fmt::Write;

/// `units` base units as tokens with every decimal and thousands separators: `1,234.500000`.
pub fn fmt_tokens(units: u128, decimals: u8) -> String {
    let scale = 10u128.pow(decimals as u32);
    let whole = (units / scale).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if decimals == 0 {
        return grouped;
    }
    format!(
        "{grouped}.{:0width$}",
        units % scale,
        width = decimals as usize
    )
}

fn bps(v: u64) -> String {
    format!("{v} bps ({:.2}%)", v as f64 / 100.0)
}

/// The rows of the "Final books" table: (name, base units). The end-of-run test reads the
/// same names back and compares the units with the chain.
pub fn final_books(s: &Summary) -> Vec<(&'static str, u128)> {
    vec![
        ("cash", s.final_cash as u128),
        ("total debt", s.final_total_debt as u128),
        ("lp_assets", s.final_lp_assets as u128),
        ("LP supply (LP units)", s.final_lp_supply as u128),
        ("share price (WAD)", s.share_price_end_wad),
        ("insurance vault ledger", s.final_insurance_ledger as u128),
        ("insurance pending", s.final_insurance_pending as u128),
        ("total insurance paid", s.final_total_insurance_paid as u128),
        ("total socialized", s.final_total_socialized as u128),
        ("base vault balance", s.final_base_vault as u128),
        ("insurance vault balance", s.final_insurance_vault as u128),
    ]
}

/// The run's report; `sections` (Markdown, each from its `## ` heading) go after the final
/// books, before the charts.
pub fn write_run_report(
    sc: &Scenario,
    s: &Summary,
    sections: &[String],
    charts: &[(String, String)],
) -> String {
    let d = s.base_decimals;
    let t = |v: u128| fmt_tokens(v, d);
    let mut r = String::new();
    let _ = writeln!(r, "# Stress report: {}\n", sc.name);
    if !sc.description.is_empty() {
        let _ = writeln!(r, "{}\n", sc.description.trim());
    }
    let _ = writeln!(
        r,
        "Seed {} · {} steps of {} s ({:.1} h simulated) · {} LPs · {} borrowers · the real SBF \
         program on an in-process bank; every action below was a transaction.\n",
        s.seed, s.steps, sc.step_secs, s.hours, s.lps, s.borrowers
    );
    let _ = writeln!(r, "## Summary\n");
    let _ = writeln!(r, "| metric | value |\n|---|---|");
    let rows: Vec<(&str, String)> = vec![
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
    ];
    for (k, v) in rows {
        let _ = writeln!(r, "| {k} | {v} |");
    }
    let _ = writeln!(
        r,
        "\n## Final books (read from the chain after the last step)\n"
    );
    let _ = writeln!(r, "| book | tokens | base units |\n|---|---|---|");
    for (k, v) in final_books(s) {
        // LP units have the base decimals (one share unit per base unit at the start)
        let shown = if k.starts_with("share price") {
            format!("{:.9}", wad_f64(v))
        } else {
            t(v)
        };
        let _ = writeln!(r, "| {k} | {shown} | {v} |");
    }
    for sec in sections {
        let _ = writeln!(r, "\n{}", sec.trim_end());
    }
    let _ = writeln!(r, "\n## Charts\n");
    for (title, file) in charts {
        let _ = writeln!(r, "### {title}\n\n![{title}]({file})\n");
    }
    let _ = writeln!(r, "## Scenario\n");
    let _ = writeln!(
        r,
        "| collateral | start price | LTV | threshold | bonus | path |\n|---|---|---|---|---|---|"
    );
    for c in &sc.collateral {
        let path = match &c.path {
            PricePath::Gbm { drift, volatility, jumps_per_day, jump_mean, jump_stdev } => format!(
                "GBM μ {drift} σ {volatility}, {jumps_per_day} jumps/day (log mean {jump_mean}, sd {jump_stdev})"
            ),
            PricePath::Csv { file } => format!("CSV replay {}", file.display()),
        };
        let _ = writeln!(
            r,
            "| {} | {} | {} bps | {} bps | {} bps | {path} |",
            c.name, c.price, c.ltv_bps, c.liquidation_threshold_bps, c.liquidation_bonus_bps
        );
    }
    for k in &sc.shock {
        let _ = writeln!(
            r,
            "\nShock: {} {:+.1}% over {} steps from step {}.",
            k.asset.as_deref().unwrap_or("all collateral"),
            k.total_return * 100.0,
            k.duration_steps,
            k.start_step
        );
    }
    for o in &sc.oracle.outages {
        let _ = writeln!(
            r,
            "\nOracle outage: {} publishes nothing in steps {}..{}.",
            o.asset.as_deref().unwrap_or("every collateral feed"),
            o.start_step,
            o.end_step
        );
    }
    let l = &sc.liquidator;
    let b = &sc.borrowers;
    let _ = write!(
        r,
        "\nLiquidator: latency {} steps, {} transactions per step, inventory {} base tokens, \
         outages {:?}. Borrowers: leverage {}–{} of the borrow limit, {}% defend below health {}",
        l.latency_steps,
        l.capacity_per_step,
        l.inventory,
        l.outages,
        b.leverage_min,
        b.leverage_max,
        b.defender_share * 100.0,
        b.defend_health
    );
    if b.assets_max > 1 || b.dust_share > 0.0 {
        let _ = write!(
            r,
            "; {}–{} collateral assets each, {}% also hold one unit of another",
            b.assets_min,
            b.assets_max,
            b.dust_share * 100.0
        );
    }
    let _ = writeln!(r, ".");
    let _ = writeln!(
        r,
        "\n*Shortfall* is Σ max(0, debt value − collateral value) over positions at true prices; \
         a position *went underwater* when it had one. *Left underwater and unsettled* counts the \
         positions whose collateral, at the true prices after the last step, cannot repay their \
         debt with its liquidation bonus, or that owe with no collateral left (the program's \
         `PositionHealth::is_underwater`): losses still on the books. *Missed* counts, per step, each position the bot had work for but could not act on \
         (capacity or outage); waiting out its reaction latency is counted apart. Amounts are base tokens (the base asset is priced at 1)."
    );
    r
}
