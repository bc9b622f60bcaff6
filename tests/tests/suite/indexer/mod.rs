//! An indexer that sees only the program's events reconstructs the pool's books exactly:
//! cash, total debt, pending insurance, the insurance ledger, LP supply, `lp_assets` and the
//! share price, after every transaction of a scenario that has them all; and (`stakes`,
//! `stakers`) every staker's insurance shares, the fund's value and shares, and the marks.
mod stakers;
mod stakes;

use crate::common::*;
use crate::liquidation::{DOLLAR, SOL, USDC};
use anchor_lang::{AnchorDeserialize, Discriminator};
use lending_pool::{events::*, math::share_price_wad_down};
use lending_pool_harness::*;
use lending_pool_sdk::ix;

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Books {
    cash: u64,
    total_debt: u64,
    insurance_pending: u64,
    insurance_ledger: u64,
    lp_supply: u64,
    settlements: u64,
    socialized: u64,
}

impl Books {
    fn lp_assets(&self) -> u64 {
        self.cash + self.total_debt - self.insurance_pending
    }

    fn apply(&mut self, out: &TxOutcome) {
        for bytes in out.event_payloads() {
            self.apply_event(&bytes);
        }
    }

    /// One event's effect on the books.
    pub(super) fn apply_event(&mut self, bytes: &[u8]) {
        {
            let (disc, mut data) = bytes.split_at(8);
            macro_rules! is {
                ($t:ty) => {
                    disc == <$t as Discriminator>::DISCRIMINATOR
                };
            }
            if is!(LpDeposited) {
                let e = LpDeposited::deserialize(&mut data).unwrap();
                self.cash += e.assets;
                self.lp_supply += e.shares;
            } else if is!(LpWithdrawn) {
                let e = LpWithdrawn::deserialize(&mut data).unwrap();
                self.cash -= e.assets;
                self.lp_supply -= e.shares;
            } else if is!(InterestAccrued) {
                let e = InterestAccrued::deserialize(&mut data).unwrap();
                self.total_debt += e.total_debt_after - e.total_debt_before;
                self.insurance_pending += e.to_insurance;
            } else if is!(DebtChanged) {
                let e = DebtChanged::deserialize(&mut data).unwrap();
                if e.is_borrow {
                    self.cash -= e.amount;
                } else {
                    self.cash += e.amount;
                }
                // the aggregate's rounding is the event's to report, not the indexer's to guess
                self.total_debt = self.total_debt + e.total_debt_after - e.total_debt_before;
            } else if is!(Staked) {
                self.insurance_ledger += Staked::deserialize(&mut data).unwrap().amount;
            } else if is!(Unstaked) {
                self.insurance_ledger -= Unstaked::deserialize(&mut data).unwrap().paid;
            } else if is!(InsuranceFunded) {
                self.insurance_ledger += InsuranceFunded::deserialize(&mut data).unwrap().amount;
            } else if is!(InsuranceSwept) {
                let e = InsuranceSwept::deserialize(&mut data).unwrap();
                self.insurance_pending -= e.amount;
                self.cash -= e.amount;
                self.insurance_ledger += e.amount;
            } else if is!(Liquidated) {
                let e = Liquidated::deserialize(&mut data).unwrap();
                self.cash += e.repaid;
                self.insurance_ledger += e.fee;
                assert_eq!(self.cash, e.cash_after);
                self.total_debt = e.total_debt_after;
            } else if is!(BadDebtSettled) {
                let e = BadDebtSettled::deserialize(&mut data).unwrap();
                assert_eq!(
                    self.lp_assets(),
                    e.lp_assets_before,
                    "replayed lp_assets before settlement"
                );
                assert_eq!(
                    self.insurance_pending + self.insurance_ledger,
                    e.insurance_balance_before
                );
                self.insurance_pending -= e.from_pending;
                self.insurance_ledger -= e.from_insurance_vault;
                self.cash += e.from_insurance_vault;
                self.total_debt -= e.debt;
                self.settlements += 1;
                self.socialized += e.socialized;
                assert_eq!(e.seq, self.settlements);
                assert_eq!(self.lp_assets(), e.lp_assets_after);
                assert_eq!(self.lp_assets(), e.lp_assets_before - e.socialized);
                assert_eq!(
                    share_price_wad_down(self.lp_assets(), self.lp_supply).unwrap(),
                    e.share_price_after_wad
                );
            }
        }
    }

    pub(super) fn insurance_gross(&self) -> u64 {
        self.insurance_ledger + self.insurance_pending
    }

    pub(super) async fn assert_matches_chain(&self, bank: &mut Bank, fx: &PoolFixture) {
        let pool = fx.pool(bank).await;
        let ledger = fx.insurance(bank).await.balance().unwrap();
        let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
        let chain = Books {
            cash: pool.cash,
            total_debt: pool.total_debt().unwrap(),
            insurance_pending: pool.insurance_pending,
            insurance_ledger: ledger,
            lp_supply: supply,
            settlements: pool.settlement_seq,
            socialized: pool.total_socialized,
        };
        assert_eq!(*self, chain);
        assert_eq!(self.lp_assets(), pool.lp_assets().unwrap());
        assert_eq!(
            share_price_wad_down(self.lp_assets(), self.lp_supply).unwrap(),
            pool.share_price_wad(supply).unwrap()
        );
        assert_eq!(ledger, bank.token_balance(&fx.addrs.insurance_vault).await);
    }
}

#[tokio::test]
async fn an_indexer_replaying_events_reconstructs_the_books() {
    let mut chain = Bank::start().await;
    let bank = &mut chain;
    let mut fx = PoolFixture::new(bank, DECIMALS, lending_pool::state::PoolConfig::example()).await;
    fx.add_collateral(bank, 9, SOL_PRICE, sol_params()).await;
    let fx = &fx;
    let mut books = Books::default();

    // every transaction's events are replayed, then the replay is compared with the chain
    macro_rules! step {
        ($tx:expr) => {{
            let out = $tx;
            books.apply(&out);
            books.assert_matches_chain(bank, fx).await;
            out
        }};
    }
    let lp1 = fx.user(bank, 60_000 * USDC).await;
    let lp2 = fx.user(bank, 40_049 * USDC).await;
    step!(
        bank.ok(&[fx.deposit_ix(&lp1, 60_000 * USDC, 0)], &[&lp1.key])
            .await
    );
    step!(
        bank.ok(&[fx.deposit_ix(&lp2, 39_999 * USDC, 0)], &[&lp2.key])
            .await
    );
    step!(
        bank.ok(&[fx.fund_insurance_ix(&lp2, 50 * USDC)], &[&lp2.key])
            .await
    );
    let b1 = fx.borrower(bank, 0, &[10 * SOL]).await;
    let b2 = fx.borrower(bank, 0, &[100 * SOL]).await;
    for (b, held, amount) in [
        (&b1, 10 * SOL, 1_100 * USDC),
        (&b2, 100 * SOL, 9_000 * USDC),
    ] {
        step!(
            bank.ok(&[fx.deposit_collateral_ix(b, 0, held)], &[&b.key])
                .await
        );
        let ix = fx.borrow_ix(bank, b, amount).await;
        step!(bank.ok(&[ix], &[&b.key]).await);
    }

    // months of interest, a sweep, a partial repayment, a withdrawal
    bank.warp(60 * 86_400).await;
    step!(bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await);
    step!(bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await);
    bank.warp(86_400).await;
    step!(bank.ok(&[fx.repay_ix(&b2, 3_333 * USDC)], &[&b2.key]).await);
    step!(
        bank.ok(
            &[fx.withdraw_ix(&lp1, 10_000 * USDC, u64::MAX)],
            &[&lp1.key]
        )
        .await
    );

    // the crash: b1 is liquidated to zero and its bad debt settled in the same instruction
    fx.set_prices(bank, &[50 * DOLLAR]).await;
    let liq = fx.user(bank, 10_000 * USDC).await;
    let liq_sol = bank
        .create_token_account(&fx.collaterals[0].mint, &liq.key.pubkey())
        .await;
    let ix = fx
        .liquidate_ix(
            bank,
            &b1,
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    let out = step!(bank.ok(&[ix], &[&liq.key]).await);
    assert_eq!(out.events::<BadDebtSettled>().len(), 1);
    // b2 at $50: 100 SOL ($5,000) against ~5,750: underwater, liquidated in full
    let ix = fx
        .liquidate_ix(
            bank,
            &b2,
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    step!(bank.ok(&[ix], &[&liq.key]).await);
    let shares = bank.token_balance(&lp2.lp).await;
    step!(
        bank.ok(&[fx.redeem_ix(&lp2, shares / 2, 0)], &[&lp2.key])
            .await
    );

    assert!(books.settlements >= 1 && books.socialized > 0);
}
