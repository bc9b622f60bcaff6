//! The report's "Liquidator capital" section, for a scenario whose bots hold inventory and
//! borrow flash loans both: the same seed, price path and AMMs run again with the
//! flash-loan bots taken out, and the bad debt each run leaves side by side.
//!
//! *Bad debt* here is what the waterfall settled (insurance and LPs) plus the shortfall
//! still outstanding at true prices after the last step: the loss the liquidators did not
//! get to in time, realised or not.
use crate::{
    engine::RunResult,
    metrics::{ratio_bps, Summary},
    report::fmt_cents,
    scenario::Capital,
};
use std::fmt::Write;

/// One run's measures (base units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapitalOutcome {
    pub settled: u128,
    pub outstanding: u128,
    pub flash_fees: u128,
    /// The deepest discount of an AMM's price to the true price after a sale (bps).
    pub deepest_discount_bps: u64,
}

impl CapitalOutcome {
    pub fn of(r: &RunResult) -> Self {
        let e = r.summary.economics.as_ref();
        let bots = e.map(|e| e.bots.as_slice()).unwrap_or_default();
        let venues = e.map(|e| e.venues.as_slice()).unwrap_or_default();
        Self {
            settled: r.summary.bad_debt_settled,
            outstanding: r.samples.last().map_or(0, |x| x.shortfall) as u128,
            flash_fees: bots.iter().map(|b| b.flash_fees).sum(),
            deepest_discount_bps: venues.iter().map(|v| v.max_discount_bps).max().unwrap_or(0),
        }
    }

    /// Settled plus outstanding at the end.
    pub fn bad_debt(&self) -> u128 {
        self.settled + self.outstanding
    }
}

/// The section: a sentence with the difference, then the table (inventory-only first).
pub fn section(inventory_only: &RunResult, with_flash: &RunResult) -> String {
    let d = with_flash.summary.base_decimals;
    let t = |v: u128| fmt_cents(v as i128, d);
    let (a, b) = (
        CapitalOutcome::of(inventory_only),
        CapitalOutcome::of(with_flash),
    );
    let cleared = a.bad_debt() as i128 - b.bad_debt() as i128;
    let mut r = String::new();
    let _ = writeln!(
        r,
        "## Liquidator capital: inventory-only vs with flash-loan liquidators\n"
    );
    let _ = writeln!(
        r,
        "The same seed, price path and AMMs, run again without the flash-loan bots. **The \
         inventory-bound liquidators alone leave {} of bad debt (settled {} + outstanding {} \
         at the end); with the flash-loan liquidators competing, {}: the flash-loan bots clear \
         {} ({:.1}% of it).** *Bad debt* is what the waterfall settled plus the shortfall still \
         outstanding at true prices after the last step.\n",
        t(a.bad_debt()),
        t(a.settled),
        t(a.outstanding),
        t(b.bad_debt()),
        fmt_cents(cleared, d),
        ratio_bps(cleared.max(0) as u128, a.bad_debt()) as f64 / 100.0
    );
    let _ = writeln!(
        r,
        "| | inventory-only liquidators | with flash-loan liquidators |\n|---|---|---|"
    );
    let rows: [(&str, String, String); 4] = [
        ("**bad debt**", t(a.bad_debt()), t(b.bad_debt())),
        ("… settled (insurance + LPs)", t(a.settled), t(b.settled)),
        (
            "… outstanding at the end",
            t(a.outstanding),
            t(b.outstanding),
        ),
        (
            "flash-loan fees to insurance",
            t(a.flash_fees),
            t(b.flash_fees),
        ),
    ];
    for (k, x, y) in rows {
        let _ = writeln!(r, "| {k} | {x} | {y} |");
    }
    summary_rows(&mut r, &inventory_only.summary, &with_flash.summary);
    let _ = writeln!(
        r,
        "| deepest AMM discount to the true price after a sale | {} bps | {} bps |",
        a.deepest_discount_bps, b.deepest_discount_bps
    );
    r
}

/// A row's value, read off one run's summary.
type Row<'a> = dyn Fn(&Summary) -> String + 'a;

/// The rows read off each run's summary and its bots.
fn summary_rows(r: &mut String, a: &Summary, b: &Summary) {
    let d = b.base_decimals;
    let t = |v: u128| fmt_cents(v as i128, d);
    let flash = |s: &Summary| -> u64 {
        let bots = s
            .economics
            .as_ref()
            .map(|e| e.bots.as_slice())
            .unwrap_or_default();
        bots.iter()
            .filter(|x| x.capital == Capital::Flash)
            .map(|x| x.liquidations)
            .sum()
    };
    let rows: [(&str, &Row); 8] = [
        ("peak outstanding shortfall", &|s| {
            t(s.peak_shortfall as u128)
        }),
        ("LP loss (bps of lp_assets at start)", &|s| {
            s.lp_loss_bps.to_string()
        }),
        ("liquidations (by flash-loan bots)", &|s| {
            format!("{} ({})", s.liquidations, flash(s))
        }),
        ("repaid by liquidators", &|s| t(s.liquidation_repaid)),
        ("missed for lack of capital (position-steps)", &|s| {
            s.missed_inventory.to_string()
        }),
        ("skipped as unprofitable (position-steps)", &|s| {
            s.unprofitable_position_steps.to_string()
        }),
        ("positions that went underwater", &|s| {
            s.positions_underwater.to_string()
        }),
        ("positions left underwater and unsettled at the end", &|s| {
            s.underwater_unsettled.to_string()
        }),
    ];
    for (k, f) in rows {
        let _ = writeln!(r, "| {k} | {} | {} |", f(a), f(b));
    }
}
