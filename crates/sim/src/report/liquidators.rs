//! The report's "Liquidators" section, written when the scenario sets liquidator economics:
//! what each bot did, paid and earned, and what the sales did to each collateral's AMM.
use super::{fmt_cents, fmt_tokens};
use crate::{
    economics::{BotStats, Economics, VenueStats},
    scenario::Capital,
};
use std::fmt::Write;

/// The section's Markdown; amounts in base tokens (the base asset is priced at 1).
pub fn liquidators_section(e: &Economics, decimals: u8) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "## Liquidators\n");
    let _ = writeln!(
        r,
        "Each step the bots act in order of latency (the fastest first), each on the chain as \
         the ones before it left it. *Seized* is the collateral's value at the oracle price \
         the program paid it at, *sold* its value at the true price when sold into the AMM, \
         *proceeds* what the AMM paid; *profit* is proceeds plus what the bot still holds at \
         the end, less the repayments, the liquidation fees and the flash-loan fees ({} bps \
         of each loan, paid to the insurance fund). *Missed* counts position-steps the bot had \
         work for and let go: beyond its capital (inventory, or the pool's flash-loan cap), \
         unprofitable at the AMM's quote, over its capacity, or while down.\n",
        e.flash_fee_bps
    );
    let _ = writeln!(
        r,
        "| liquidator | capital | latency (steps) | liquidations | repaid | seized | sold | \
         proceeds | flash fees | **profit** | missed: capital / unprofitable / capacity / down |"
    );
    let _ = writeln!(r, "|---|---|---|---|---|---|---|---|---|---|---|");
    for b in &e.bots {
        bot_row(&mut r, b, decimals);
    }
    if !e.venues.is_empty() {
        venue_table(&mut r, &e.venues, decimals);
    }
    r
}

fn bot_row(r: &mut String, b: &BotStats, d: u8) {
    let t = |v: u128| fmt_cents(v as i128, d);
    let capital = match b.capital {
        Capital::Inventory => format!("inventory {}", fmt_cents(b.inventory_start as i128, d)),
        Capital::Flash => "flash loans".to_string(),
    };
    let _ = writeln!(
        r,
        "| {} | {capital} | {} | {} | {} | {} | {} | {} | {} | **{}** | {} / {} / {} / {} |",
        b.name,
        b.latency_steps,
        b.liquidations,
        t(b.repaid),
        t(b.seized_value),
        t(b.sold_value),
        t(b.proceeds),
        t(b.flash_fees),
        fmt_cents(b.profit(), d),
        b.missed_capital,
        b.missed_unprofitable,
        b.missed_capacity,
        b.missed_outage
    );
}

/// Each AMM: its settings, what liquidators sold into it and what that cost them.
fn venue_table(r: &mut String, venues: &[VenueStats], d: u8) {
    let _ = writeln!(
        r,
        "\nThe AMMs (x·y = k): the *execution discount* is what selling cost against the true \
         price (price impact and fee, in bps of the value sold); the *deepest discount* is the \
         furthest the pool's price stood below the true price right after a liquidator's sale, \
         before arbitrage pulled it back.\n"
    );
    let _ = writeln!(
        r,
        "| AMM | depth (a side) | fee | arbitrage (of the gap, per step) | sales | sold (tokens) | \
         value sold | proceeds | execution discount | deepest discount | price at the end (true) |"
    );
    let _ = writeln!(r, "|---|---|---|---|---|---|---|---|---|---|---|");
    for v in venues {
        let _ = writeln!(
            r,
            "| {} | {} | {} bps | {}% | {} | {} | {} | {} | {} bps | {} bps | {:.2} ({:.2}) |",
            v.asset,
            fmt_tokens(v.depth_usd.round() as u128, 0),
            v.fee_bps,
            v.arbitrage * 100.0,
            v.sales,
            fmt_tokens(v.sold_units, v.decimals),
            fmt_cents(v.sold_value as i128, d),
            fmt_cents(v.proceeds as i128, d),
            v.execution_discount_bps(),
            v.max_discount_bps,
            v.end_price,
            v.end_true_price
        );
    }
}
