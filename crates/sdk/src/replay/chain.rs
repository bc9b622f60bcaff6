//! The replay against the chain: every total the events built, compared with the pool's
//! accounts and vaults at one slot.
use super::PoolReplay;
use lending_pool::state::{InsuranceFund, Pool, STATUS_FROZEN};

/// What the chain holds for one pool at one slot: its two accounts and three token amounts.
#[derive(Clone, Copy)]
pub struct ChainBooks {
    pub pool: Pool,
    pub fund: InsuranceFund,
    pub lp_supply: u64,
    pub base_vault: u64,
    pub insurance_vault: u64,
}

/// One compared field: (name, replayed, chain).
type Row = (&'static str, u128, u128);

impl PoolReplay {
    /// Every field where the replay and the chain's accounts differ: `[(field, replayed,
    /// chain)]`, empty when they agree to the unit; and a vault holding less than the books
    /// say it does (it may hold more: tokens sent to it directly are nobody's claim).
    pub fn chain_divergences(&self, chain: &ChainBooks) -> Vec<(&'static str, u128, u128)> {
        let rows = self
            .pool_rows(chain)
            .into_iter()
            .chain(self.fund_rows(chain))
            .chain(self.pause_rows(chain));
        let mut out: Vec<_> = rows.filter(|(_, r, c)| r != c).collect();
        self.vault_holes(chain, &mut out);
        self.state_divergences(chain, &mut out);
        out
    }

    /// The pool's books and its loss ledger.
    fn pool_rows(&self, chain: &ChainBooks) -> [Row; 9] {
        let (b, pool) = (&self.books, &chain.pool);
        let total_debt = pool.total_debt().unwrap_or(u64::MAX);
        let ledger = chain.fund.balance().unwrap_or(u64::MAX);
        [
            ("cash", b.cash.into(), pool.cash.into()),
            ("total_debt", b.total_debt.into(), total_debt.into()),
            (
                "insurance_pending",
                b.insurance_pending.into(),
                pool.insurance_pending.into(),
            ),
            ("lp_supply", b.lp_supply.into(), chain.lp_supply.into()),
            (
                "insurance_balance",
                b.insurance_ledger.into(),
                ledger.into(),
            ),
            (
                "settlements",
                b.settlements.into(),
                pool.settlement_seq.into(),
            ),
            (
                "total_socialized",
                b.total_socialized.into(),
                pool.total_socialized.into(),
            ),
            (
                "total_insurance_paid",
                b.total_covered.into(),
                pool.total_insurance_paid.into(),
            ),
            (
                "total_recovered",
                b.total_recovered.into(),
                pool.total_recovered.into(),
            ),
        ]
    }

    /// The marked shortfall and the insurance fund's shares.
    fn fund_rows(&self, chain: &ChainBooks) -> [Row; 5] {
        let (s, fund) = (&self.stakes, &chain.fund);
        [
            (
                "marked_shortfall",
                s.marked_shortfall.into(),
                chain.pool.marked_shortfall.into(),
            ),
            (
                "insurance_total_shares",
                s.total_shares.into(),
                fund.total_shares.into(),
            ),
            (
                "insurance_protocol_shares",
                s.protocol_shares.into(),
                fund.protocol_shares.into(),
            ),
            (
                "insurance_cooldown_shares",
                s.cooldown_shares.into(),
                fund.cooldown_shares.into(),
            ),
            (
                "insurance_share_epoch",
                s.share_epoch.into(),
                fund.share_epoch.into(),
            ),
        ]
    }

    /// The pause flags, all and the guardian's.
    fn pause_rows(&self, chain: &ChainBooks) -> [Row; 2] {
        let (b, pool) = (&self.books, &chain.pool);
        [
            ("pause_flags", b.pause_flags.into(), pool.pause_flags.into()),
            (
                "guardian_pause_flags",
                b.guardian_pause_flags.into(),
                pool.guardian_pause_flags.into(),
            ),
        ]
    }

    /// A vault holding less than the books: anyone can send tokens to a vault, so more than
    /// the books is a gift, less a hole.
    fn vault_holes(&self, chain: &ChainBooks, out: &mut Vec<Row>) {
        let b = &self.books;
        if chain.base_vault < b.cash {
            out.push(("base_vault", b.cash.into(), chain.base_vault.into()));
        }
        if chain.insurance_vault < b.insurance_ledger {
            out.push((
                "insurance_vault",
                b.insurance_ledger.into(),
                chain.insurance_vault.into(),
            ));
        }
    }

    /// The freeze and the share price, derived rather than stored.
    fn state_divergences(&self, chain: &ChainBooks, out: &mut Vec<Row>) {
        let b = &self.books;
        let frozen = chain.pool.status == STATUS_FROZEN;
        if b.frozen != frozen {
            out.push(("frozen", b.frozen.into(), frozen.into()));
        }
        let price = chain
            .pool
            .share_price_wad(chain.lp_supply)
            .unwrap_or(u128::MAX);
        if b.share_price_wad() != price {
            out.push(("share_price_wad", b.share_price_wad(), price));
        }
    }
}
