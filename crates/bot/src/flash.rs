//! Liquidating without capital: one version-0 transaction borrows the repayment from the
//! pool (`flash_borrow`), liquidates, sells the seized collateral through the swapper and
//! repays the loan with its fee (`flash_repay`). It is sent only when the sale's quote, at
//! the slippage tolerance, covers the loan, its fee and the bot's least profit; if the sale
//! pays less on chain, the repayment fails and with it the whole transaction. The bot's
//! address lookup table (one per pool, made on first use and extended with new pool-level
//! addresses) keeps the transaction within its 1,232 bytes.
use crate::{
    outcome::Class,
    round::{ActionKind, Round, Scan},
};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anyhow::Result;
use lending_pool_sdk::ix;
use lending_pool_strategy::{scan::BotAccounts, Action, LiquidationPlan};
use solana_message::AddressLookupTableAccount;
use std::collections::BTreeSet;

/// A flash loan: the amount lent and its fee.
#[derive(Debug, Clone, Copy)]
pub struct Loan {
    pub amount: u64,
    pub fee: u64,
}

impl Round<'_> {
    /// Sends `liquidate` (on `action`, paying into `bot.base` and receiving collateral in
    /// `receive`) wrapped in a flash loan and a sale; `None` when it is not worth sending
    /// (no sale, or one that does not cover the loan).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn flash_liquidate(
        &mut self,
        action: &Action,
        plan: &LiquidationPlan,
        liquidate: Instruction,
        receive: Pubkey,
        loan: Loan,
        scan: &Scan,
        bot: &BotAccounts,
    ) -> Option<Class> {
        let position = action.position();
        let swapper = self.cfg.swapper.clone()?.0;
        let sell = plan.min_collateral_out;
        let quote = self.covering_quote(swapper.as_ref(), position, plan, loan, scan)?;
        let me = bot.liquidator;
        let sale = match swapper.instructions(&quote, &me, &receive, &bot.base) {
            Ok(s) => s,
            Err(e) => {
                self.report.log.push(format!(
                    "skip flash-liquidate {position}: {} instructions: {e:#}",
                    swapper.name()
                ));
                return None;
            }
        };
        let mut ixs = vec![
            ix::flash_borrow(&scan.addrs, &me, &bot.base, loan.amount),
            liquidate,
        ];
        ixs.extend(sale.all());
        ixs.push(ix::flash_repay(&scan.addrs, &me, &bot.base));
        let tables = match self.lookup_tables(&ixs, &[position, me], &sale.lookup_tables) {
            Ok(t) => t,
            Err(e) => {
                self.report.log.push(format!(
                    "skip flash-liquidate {position}: lookup table: {e:#}"
                ));
                return None;
            }
        };
        let what = format!(
            "flash-liquidate {position}: borrow {} (fee {}), slot {} repay {} for {} collateral (min {}), sell {sell} via {} for {} (min {}, impact {} bps)",
            loan.amount,
            loan.fee,
            plan.slot,
            plan.repay,
            plan.collateral_out,
            plan.min_collateral_out,
            swapper.name(),
            quote.out_amount,
            quote.min_out,
            quote.price_impact_bps,
        );
        Some(self.act_all(
            ActionKind::FlashLiquidate,
            Some(position),
            &ixs,
            &tables,
            &what,
        ))
    }

    /// The sale of the collateral the program pays at least (`min_collateral_out`, what the
    /// sale may count on), when its quote at the slippage tolerance covers the loan, its fee
    /// and the least profit; `None` (logged) otherwise.
    fn covering_quote(
        &mut self,
        swapper: &dyn lending_pool_swap::Swapper,
        position: Pubkey,
        plan: &LiquidationPlan,
        loan: Loan,
        scan: &Scan,
    ) -> Option<lending_pool_swap::Quote> {
        let mint = scan.pool.collaterals[plan.slot as usize].mint;
        let sell = plan.min_collateral_out;
        let owed = loan.amount.saturating_add(loan.fee);
        let slippage = self.cfg.swap_slippage_bps;
        let quote = match swapper.quote(&mint, &scan.pool.base_mint, sell, slippage) {
            Ok(q) => q,
            Err(e) => {
                self.report.log.push(format!(
                    "skip flash-liquidate {position}: no sale of {sell}: {e:#}"
                ));
                return None;
            }
        };
        if quote.min_out < owed.saturating_add(self.cfg.min_flash_profit) {
            self.report.log.push(format!(
                "skip flash-liquidate {position}: the sale pays at least {} for {sell}, the loan costs {owed}",
                quote.min_out
            ));
            return None;
        }
        Some(quote)
    }

    /// The bot's table for this pool, holding every account of `ixs` but signers and
    /// `exclude` (the position: new every time), made or extended as needed; and the
    /// swap's own `extra` tables.
    fn lookup_tables(
        &mut self,
        ixs: &[Instruction],
        exclude: &[Pubkey],
        extra: &[Pubkey],
    ) -> Result<Vec<AddressLookupTableAccount>> {
        let mut wanted = BTreeSet::new();
        for ix in ixs {
            wanted.insert(ix.program_id);
            for a in ix.accounts.iter().filter(|a| !a.is_signer) {
                wanted.insert(a.pubkey);
            }
        }
        let wanted: Vec<Pubkey> = wanted
            .into_iter()
            .filter(|k| !exclude.contains(k))
            .collect();
        let table = match self.state.lookup_table {
            Some(t) => {
                self.client.extend_lookup_table(&t, &wanted)?;
                t
            }
            None => {
                let t = self.client.create_lookup_table(&wanted)?;
                self.report
                    .log
                    .push(format!("created address lookup table {t}"));
                self.state.lookup_table = Some(t);
                t
            }
        };
        let mut tables = vec![self.client.lookup_table(&table)?];
        for t in extra {
            tables.push(self.client.lookup_table(t)?);
        }
        Ok(tables)
    }
}
