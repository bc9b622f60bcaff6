//! A bot's capital in its transactions: what it can repay with, the flash loan around a
//! liquidation, the sale of seized collateral into the AMM, and what a landed transaction
//! did for the bot.
//!
//! The sale is a stand-in. The AMMs are the simulator's off-chain state (`venues`), not a
//! program on the bank, so a sale is two SPL Token instructions the simulator signs for:
//! the bot burns the collateral it sold (it went into the pool's reserve) and the base
//! mint's authority mints the pool's quoted proceeds into the bot's base account. A
//! flash-loan bot's transaction is `flash_borrow` → `liquidate` → burn → mint →
//! `flash_repay`, so the program sees the repayment funded by the sale within the loan, as
//! a swap instruction would fund it; an inventory bot sells what it seized at the end of
//! its turn, one transaction per asset.
use super::{bot::Turn, Simulation};
use crate::scenario::{Capital, Scenario};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::spl_token;
use lending_pool_sdk::{
    events::{BadDebtSettled, FlashRepaid, Liquidated},
    ix,
    math::value_wad_down,
    state::Pool,
};
use lending_pool_strategy::{Action, Market};
use lending_pool_testkit::{Signer, TxOutcome};

/// A sale into slot `slot`'s AMM carried by a transaction: collateral units in, base out.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sale {
    slot: usize,
    units: u64,
    proceeds: u64,
}

impl Simulation<'_> {
    /// What bot `i` can repay with now: an inventory bot its base tokens, a flash-loan bot
    /// the largest flash loan the pool grants.
    pub(super) async fn capital_budget(&mut self, i: usize, pool: &Pool) -> u64 {
        match self.liquidators[i].settings.capital {
            Capital::Inventory => self.bank.token_balance(&self.liquidators[i].base).await,
            Capital::Flash => pool.flash_loan_limit().unwrap_or(0),
        }
    }

    /// The transaction carrying `ix` (action `a`) for bot `i`: alone, or for a flash-loan
    /// bot's liquidation inside its loan with the sale between the liquidation and the
    /// repayment. The loan is the repayment and its fee, exactly what `liquidate` takes.
    pub(super) fn with_capital(
        &self,
        i: usize,
        a: &Action,
        ix: Instruction,
    ) -> (Vec<Instruction>, Option<Sale>) {
        let bot = &self.liquidators[i];
        let Action::Liquidate { plan, .. } = a else {
            return (vec![ix], None);
        };
        if bot.settings.capital != Capital::Flash {
            return (vec![ix], None);
        }
        let slot = plan.slot as usize;
        let units = plan.collateral_out;
        let proceeds = self.venues[slot].quote_out_down(units);
        let me = bot.key.pubkey();
        let mut ixs = vec![
            ix::flash_borrow(&self.fx.addrs, &me, &bot.base, a.cost()),
            ix,
        ];
        ixs.extend(self.sale_instructions(i, slot, units, proceeds));
        ixs.push(ix::flash_repay(&self.fx.addrs, &me, &bot.base));
        let sale = Sale {
            slot,
            units,
            proceeds,
        };
        (ixs, Some(sale))
    }

    /// The sale stand-in: bot `i` burns `units` of slot `slot`'s collateral and the base
    /// mint's authority mints `proceeds` into its base account.
    fn sale_instructions(
        &self,
        i: usize,
        slot: usize,
        units: u64,
        proceeds: u64,
    ) -> Vec<Instruction> {
        let bot = &self.liquidators[i];
        let (mint, owner) = (self.fx.collaterals[slot].mint, bot.key.pubkey());
        let account = bot.collateral[slot];
        let burn =
            spl_token::instruction::burn(&spl_token::ID, &account, &mint, &owner, &[], units)
                .expect("burn");
        let authority = self.fx.mint_authority.pubkey();
        let base_mint = self.fx.addrs.base_mint;
        let pay = spl_token::instruction::mint_to(
            &spl_token::ID,
            &base_mint,
            &bot.base,
            &authority,
            &[],
            proceeds,
        )
        .expect("mint_to");
        // a sale the pool pays nothing for is a burn alone
        std::iter::once(burn)
            .chain((proceeds > 0).then_some(pay))
            .collect()
    }

    /// Books what a landed transaction of bot `i` did: its liquidations (the collateral
    /// valued at the prices the program paid it at), settlements, flash fee and sale. An
    /// inventory bot with AMMs queues what it seized for its sale at the end of the turn.
    pub(super) fn credit(
        &mut self,
        i: usize,
        out: &TxOutcome,
        market: &Market,
        sale: Option<Sale>,
        turn: &mut Turn,
    ) {
        let d = self.fx.decimals;
        let sells_later = sale.is_none() && !self.venues.is_empty();
        let st = &mut self.liquidators[i].stats;
        for e in out.events::<Liquidated>() {
            let slot = e.collateral_slot as usize;
            st.liquidations += 1;
            st.repaid += e.repaid as u128;
            st.fees += e.fee as u128;
            st.seized_value += seized_value(e.collateral_out, slot, market, self.s, d);
            if sells_later {
                turn.pending[slot] += e.collateral_out;
            }
        }
        st.settlements += out.events::<BadDebtSettled>().len() as u64;
        st.flash_fees += out
            .events::<FlashRepaid>()
            .iter()
            .map(|e| e.fee as u128)
            .sum::<u128>();
        if let Some(sale) = sale {
            self.book_sale(i, sale, turn.step);
        }
    }

    /// Applies a sale that landed to its AMM and to bot `i`'s books.
    fn book_sale(&mut self, i: usize, sale: Sale, step: u32) {
        let price = self.paths[sale.slot][step as usize];
        let (proceeds, value) = self.venues[sale.slot].sell(sale.units, price);
        debug_assert_eq!(proceeds, sale.proceeds, "the pool paid what it quoted");
        let st = &mut self.liquidators[i].stats;
        st.sold_value += value;
        st.proceeds += proceeds as u128;
    }

    /// An inventory bot's sale at the end of its turn: what it seized this turn (`pending`,
    /// by slot), one transaction per asset.
    pub(super) async fn sell_seized(&mut self, i: usize, pending: &[u64], step: u32) {
        for (slot, &units) in pending.iter().enumerate().filter(|(_, &u)| u > 0) {
            let proceeds = self.venues[slot].quote_out_down(units);
            let ixs = self.sale_instructions(i, slot, units, proceeds);
            let key = self.liquidators[i].key.insecure_clone();
            let authority = self.fx.mint_authority.insecure_clone();
            match self.bank.process(&ixs, &[&key, &authority]).await {
                Ok(_) => {
                    let sale = Sale {
                        slot,
                        units,
                        proceeds,
                    };
                    self.book_sale(i, sale, step);
                }
                Err(_) => {
                    self.tally.bot_failures += 1;
                    self.liquidators[i].stats.failures += 1;
                }
            }
        }
    }
}

/// Base units (`d` decimals) that `units` of slot `slot`'s collateral are worth at
/// `market`'s price, rounded down.
fn seized_value(units: u64, slot: usize, market: &Market, s: &Scenario, d: u8) -> u128 {
    let Some(p) = market.prices.collateral[slot] else {
        return 0;
    };
    let decimals = s.collateral[slot].decimals;
    let wad = value_wad_down(units, decimals, p.spot_price(), p.expo).unwrap_or(0);
    wad / 10u128.pow(18 - d as u32)
}
