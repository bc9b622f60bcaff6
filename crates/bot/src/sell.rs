//! Selling what the bot holds: after a round's actions, every collateral the pool lists
//! that the bot has a balance of (what an inventory liquidation seized, or what a flash
//! liquidation seized beyond the sale's minimum) is sold for the base asset through the
//! swapper, so the bot's capital returns to base tokens. Dust the swap would pay nothing
//! for is kept.
use crate::round::{ActionKind, Round, Scan};
use anchor_spl::associated_token::get_associated_token_address;
use lending_pool_strategy::scan::BotAccounts;

impl Round<'_> {
    pub(crate) fn sell(&mut self, scan: &Scan, bot: &BotAccounts) {
        let Some(swapper) = self.cfg.swapper.clone().map(|s| s.0) else {
            return;
        };
        for slot in 0..scan.pool.num_collaterals as usize {
            let mint = scan.pool.collaterals[slot].mint;
            let held_in = get_associated_token_address(&bot.liquidator, &mint);
            let held = match self.client.account_data(&held_in) {
                Ok(Some(_)) => self.client.token_balance(&held_in).unwrap_or(0),
                _ => 0,
            };
            if held == 0 {
                continue;
            }
            if self.cfg.dry_run {
                self.report.log.push(format!(
                    "dry run: would sell {held} of {mint} via {}",
                    swapper.name()
                ));
                continue;
            }
            let slippage = self.cfg.swap_slippage_bps;
            let quote = swapper.quote(&mint, &scan.pool.base_mint, held, slippage);
            // dust the swap pays nothing for is kept
            if quote.as_ref().is_ok_and(|q| q.min_out == 0) {
                continue;
            }
            let sale = quote.and_then(|q| {
                let ixs = swapper.instructions(&q, &bot.liquidator, &held_in, &bot.base)?;
                let tables = ixs
                    .lookup_tables
                    .iter()
                    .map(|t| self.client.lookup_table(t))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                Ok((q, ixs.all(), tables))
            });
            match sale {
                Ok((q, ixs, tables)) => {
                    let what = format!(
                        "sell {held} of {mint} via {} for {} (min {}, impact {} bps)",
                        swapper.name(),
                        q.out_amount,
                        q.min_out,
                        q.price_impact_bps
                    );
                    self.act_all(ActionKind::Sell, None, &ixs, &tables, &what);
                }
                Err(e) => self
                    .report
                    .log
                    .push(format!("cannot sell {held} of {mint}: {e:#}")),
            }
        }
    }
}
