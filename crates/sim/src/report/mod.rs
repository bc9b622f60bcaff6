//! The Markdown report. Everything in it derives from the seed and the scenario (no wall-clock
//! numbers), so the same seed writes the same bytes. Its sections, in order: the header, the
//! summary (`summary`), the final books, the caller's sections (among them the liquidators'
//! economics, `liquidators`), the charts and the scenario (`scenario`).
mod liquidators;
mod scenario;
mod summary;

pub use liquidators::liquidators_section;

use crate::{
    metrics::{wad_f64, Summary},
    scenario::Scenario,
};
use scenario::scenario_section;
use std::fmt::Write;
use summary::summary;

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

/// `units` base units as tokens rounded down to hundredths, with thousands separators and a
/// sign when negative: `-1,234.50` (the economics tables, where every decimal is noise).
pub fn fmt_cents(units: i128, decimals: u8) -> String {
    let cents = units.unsigned_abs() / 10u128.pow(decimals.saturating_sub(2) as u32);
    let cents = cents * 10u128.pow(2u32.saturating_sub(decimals as u32));
    let sign = if units < 0 { "-" } else { "" };
    format!("{sign}{}", fmt_tokens(cents, 2))
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
    let mut r = String::new();
    header(&mut r, sc, s);
    summary(&mut r, s);
    final_books_table(&mut r, s);
    for sec in sections {
        let _ = writeln!(r, "\n{}", sec.trim_end());
    }
    charts_section(&mut r, charts);
    scenario_section(&mut r, sc);
    r
}

/// The title, the scenario's description and what was run.
fn header(r: &mut String, sc: &Scenario, s: &Summary) {
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
}

/// The "Final books" table, read from the chain after the last step.
fn final_books_table(r: &mut String, s: &Summary) {
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
            fmt_tokens(v, s.base_decimals)
        };
        let _ = writeln!(r, "| {k} | {shown} | {v} |");
    }
}

/// The "Charts" section: each chart under its title.
fn charts_section(r: &mut String, charts: &[(String, String)]) {
    let _ = writeln!(r, "\n## Charts\n");
    for (title, file) in charts {
        let _ = writeln!(r, "### {title}\n\n![{title}]({file})\n");
    }
}
