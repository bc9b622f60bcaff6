//! Marked shortfalls from outside: the `mark_shortfall`, `preview_mark` and marked
//! `deposit_collateral` instructions a `PoolFixture` builds, and the shortfall the program
//! would record, computed natively from the accounts and oracles (`Pool::shortfall_at`).
use crate::{Bank, Borrower, PoolFixture};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction, AnchorDeserialize};
use lending_pool::{
    instructions::MarkPreview,
    math::{PriceMode, Prices},
    oracle::decode_price_update,
};
use lending_pool_sdk::{ix, prices};
use solana_signer::Signer;

impl PoolFixture {
    /// `marker` marks `b`'s position at the current oracle prices.
    pub async fn mark_ix(&self, bank: &mut Bank, b: &Borrower, marker: &Pubkey) -> Instruction {
        let oracles = self.oracles_for(bank, &b.position).await;
        ix::mark_shortfall(
            &self.addrs.pool,
            &b.position,
            marker,
            &self.base_oracle,
            &oracles,
        )
    }

    /// Runs `preview_mark` for `b`'s position and decodes its return data.
    pub async fn preview_mark(&self, bank: &mut Bank, b: &Borrower) -> MarkPreview {
        let oracles = self.oracles_for(bank, &b.position).await;
        let ix = ix::preview_mark(&self.addrs, &b.position, &self.base_oracle, &oracles);
        let out = bank.ok(&[ix], &[]).await;
        let data = out.return_data.expect("preview_mark returns data");
        MarkPreview::deserialize(&mut data.as_slice()).expect("MarkPreview decodes")
    }

    /// Deposits collateral into a position that may be marked (base and held-slot oracles,
    /// holdings after the deposit, as the program re-marks at them).
    pub async fn deposit_collateral_marked_ix(
        &self,
        bank: &mut Bank,
        b: &Borrower,
        slot: u8,
        amount: u64,
    ) -> Instruction {
        let pool = self.pool(bank).await;
        let mut pos = bank.position(&b.position).await;
        pos.collateral[slot as usize] += amount;
        let of_slot: Vec<Pubkey> = self.collaterals.iter().map(|c| c.oracle).collect();
        let oracles = prices::oracle_accounts(&pool, &pos, &of_slot);
        let c = &self.collaterals[slot as usize];
        ix::deposit_collateral(
            &self.addrs.pool,
            &b.position,
            &b.key.pubkey(),
            &c.vault,
            &b.collateral[slot as usize],
            &self.base_oracle,
            &oracles,
            slot,
            amount,
        )
    }

    /// The oracles' prices now, validated as the program does in spot mode.
    pub async fn spot_prices(&self, bank: &mut Bank) -> Prices {
        let pool = self.pool(bank).await;
        let now = bank.now().await;
        let base = self.price_update(bank, &self.base_oracle).await;
        let mut collateral = vec![];
        for c in &self.collaterals {
            collateral.push(self.price_update(bank, &c.oracle).await);
        }
        prices::from_updates(&pool, now, base.as_ref(), &collateral, PriceMode::Spot)
    }

    async fn price_update(
        &self,
        bank: &mut Bank,
        oracle: &Pubkey,
    ) -> Option<lending_pool::oracle::PriceUpdate> {
        let data = bank.account_data(oracle).await?;
        decode_price_update(&data).ok()
    }

    /// `Pool::shortfall_at` for `b`'s position on the accounts as they are, at spot prices:
    /// what a mark now records (the pool must already be accrued to now).
    pub async fn shortfall_now(&self, bank: &mut Bank, b: &Borrower) -> u64 {
        let prices = self.spot_prices(bank).await;
        let pool = self.pool(bank).await;
        let pos = bank.position(&b.position).await;
        pool.shortfall_at(&pos, &prices).expect("shortfall")
    }
}
