//! The report's "Scenario" section: what was simulated, and what the report's terms mean.
use crate::scenario::{Capital, PricePath, Scenario};
use std::fmt::Write;

/// The "Scenario" section: the collateral, the shocks and outages, the actors, and what
/// the report's terms mean.
pub(super) fn scenario_section(r: &mut String, sc: &Scenario) {
    let _ = writeln!(r, "## Scenario\n");
    collateral_table(r, sc);
    market_events(r, sc);
    actors(r, sc);
    glossary(r);
}

/// Each collateral's start price, risk parameters and price path.
fn collateral_table(r: &mut String, sc: &Scenario) {
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
}

/// The scenario's price shocks and oracle outages, one line each.
fn market_events(r: &mut String, sc: &Scenario) {
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
    if let Some(m) = &sc.market.correlation {
        let rows: Vec<String> = m.iter().map(|row| format!("{row:?}")).collect();
        let _ = writeln!(
            r,
            "\nCorrelation of the collateral's diffusion shocks (in the table's order; jumps \
             independent): [{}].",
            rows.join(", ")
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
}

/// The liquidators' and the borrowers' settings, in one paragraph.
fn actors(r: &mut String, sc: &Scenario) {
    let b = &sc.borrowers;
    r.push('\n');
    if sc.economics() {
        liquidators_and_amms(r, sc);
    } else {
        let l = &sc.bots()[0];
        let _ = write!(
            r,
            "Liquidator: latency {} steps, {} transactions per step, inventory {} base tokens, \
             outages {:?}. ",
            l.latency_steps,
            l.capacity_per_step,
            l.inventory(),
            l.outages,
        );
    }
    let _ = write!(
        r,
        "Borrowers: leverage {}–{} of the borrow limit, {}% defend below health {}",
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
}

/// Each liquidator bot and each collateral AMM, one clause each.
fn liquidators_and_amms(r: &mut String, sc: &Scenario) {
    for l in sc.bots() {
        let capital = match l.capital {
            Capital::Inventory => format!("inventory {} base tokens", l.inventory()),
            Capital::Flash => "flash loans".to_string(),
        };
        let _ = write!(
            r,
            "Liquidator {}: latency {} steps, {} transactions per step, {capital}, minimum \
             profit {}, outages {:?}. ",
            l.name.as_deref().unwrap_or_default(),
            l.latency_steps,
            l.capacity_per_step,
            l.min_profit,
            l.outages,
        );
    }
    for c in &sc.collateral {
        if let Some(a) = sc.amm_for(&c.name) {
            let _ = write!(
                r,
                "AMM {}: x·y = k, {} quote units a side at the start, {} bps fee, arbitrage \
                 closes {}% of the gap to the true price each step. ",
                c.name,
                a.depth_usd,
                a.fee_bps,
                a.arbitrage * 100.0
            );
        }
    }
}

/// What the report's terms mean.
fn glossary(r: &mut String) {
    let _ = writeln!(
        r,
        "\n*Shortfall* is Σ max(0, debt value − collateral value) over positions at true prices; \
         a position *went underwater* when it had one. *Left underwater and unsettled* counts the \
         positions whose collateral, at the true prices after the last step, cannot repay their \
         debt with its liquidation bonus, or that owe with no collateral left (the program's \
         `PositionHealth::is_underwater`): losses still on the books. *Missed* counts, per step, each position the bot had work for but could not act on \
         (capacity or outage); waiting out its reaction latency is counted apart. Amounts are base tokens (the base asset is priced at 1)."
    );
}
