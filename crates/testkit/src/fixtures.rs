//! A pool created on the bank with the keys that run it: setting it up, adding collateral
//! assets, publishing prices, reading its accounts and checking its books against the vaults.
use crate::{Bank, TxOutcome};
use anchor_lang::prelude::Pubkey;
use lending_pool::state::{CollateralParams, InsuranceFund, Pool, PoolConfig};
use lending_pool_sdk::{ix, oracle::PriceUpdateSpec, pda, PoolAddresses};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The base asset's feed in fixtures.
pub const BASE_FEED: [u8; 32] = [0xBA; 32];
/// The base asset's price in fixtures unless a test sets `PoolFixture::base_price`: $1.
pub const BASE_PRICE: i64 = 100_000_000;

/// A freshly created pool and the keys that run it.
pub struct PoolFixture {
    pub addrs: PoolAddresses,
    pub admin: Keypair,
    pub guardian: Keypair,
    pub mint_authority: Keypair,
    pub decimals: u8,
    /// The base asset's `PriceUpdateV2` account and feed.
    pub base_oracle: Pubkey,
    pub base_feed: [u8; 32],
    /// What `set_prices` publishes for the base asset (× 10^-8; `BASE_PRICE` at creation).
    pub base_price: i64,
    /// The collateral assets added through the fixture, in slot order.
    pub collaterals: Vec<CollateralFixture>,
}

/// A collateral asset of a fixture pool, with its mint authority and oracle account.
#[derive(Clone, Copy, Debug)]
pub struct CollateralFixture {
    /// Its slot in `Pool::collaterals`.
    pub slot: u8,
    pub mint: Pubkey,
    pub vault: Pubkey,
    pub oracle: Pubkey,
    pub feed: [u8; 32],
    pub decimals: u8,
}

impl PoolFixture {
    /// Creates a base mint with `decimals` and a pool on it (the admin pays and creates).
    pub async fn new(bank: &mut Bank, decimals: u8, config: PoolConfig) -> Self {
        let admin = bank.keypair();
        let guardian = bank.keypair();
        let mint_authority = bank.keypair();
        bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
        let base_mint = bank.create_mint(&mint_authority.pubkey(), decimals).await;
        let addrs = PoolAddresses::derive(&base_mint, &admin.pubkey());
        bank.ok(
            &[ix::init_pool(&addrs, &guardian.pubkey(), BASE_FEED, config)],
            &[&admin],
        )
        .await;
        let fx = Self {
            addrs,
            admin,
            guardian,
            mint_authority,
            decimals,
            base_oracle: bank.keypair().pubkey(),
            base_feed: BASE_FEED,
            base_price: BASE_PRICE,
            collaterals: vec![],
        };
        fx.set_prices(bank, &[]).await;
        fx
    }

    /// Adds a collateral asset with a new mint (same mint authority) priced at `price × 10^-8`.
    pub async fn add_collateral(
        &mut self,
        bank: &mut Bank,
        decimals: u8,
        price: i64,
        params: CollateralParams,
    ) -> CollateralFixture {
        self.add_collateral_measured(bank, decimals, price, params)
            .await
            .0
    }

    /// `add_collateral`, also returning the `add_collateral` transaction (compute units).
    pub async fn add_collateral_measured(
        &mut self,
        bank: &mut Bank,
        decimals: u8,
        price: i64,
        params: CollateralParams,
    ) -> (CollateralFixture, TxOutcome) {
        let mint = bank
            .create_mint(&self.mint_authority.pubkey(), decimals)
            .await;
        let out = bank
            .ok(
                &[ix::add_collateral(
                    &self.addrs,
                    &self.admin.pubkey(),
                    &mint,
                    params,
                )],
                &[&self.admin],
            )
            .await;
        let oracle = bank.keypair().pubkey();
        let now = bank.now().await;
        bank.set_price(
            &oracle,
            &PriceUpdateSpec::new(params.feed_id, price, -8, now),
        );
        let c = CollateralFixture {
            slot: self.collaterals.len() as u8,
            mint,
            vault: pda::collateral_vault(&self.addrs.pool, &mint),
            oracle,
            feed: params.feed_id,
            decimals,
        };
        self.collaterals.push(c);
        (c, out)
    }

    /// Republishes every price at the bank's current time (after a warp): base at
    /// `base_price`, collaterals at `prices` (× 10^-8), in slot order.
    pub async fn set_prices(&self, bank: &mut Bank, prices: &[i64]) {
        let now = bank.now().await;
        bank.set_price(
            &self.base_oracle,
            &PriceUpdateSpec::new(self.base_feed, self.base_price, -8, now),
        );
        for (c, &p) in self.collaterals.iter().zip(prices) {
            bank.set_price(&c.oracle, &PriceUpdateSpec::new(c.feed, p, -8, now));
        }
    }

    /// The guardian sets the pause flags to `flags` (they lapse after `max_pause_secs`).
    pub async fn guardian_pauses(&self, bank: &mut Bank, flags: u16) -> TxOutcome {
        let ix = ix::set_pause(&self.addrs.pool, &self.guardian.pubkey(), flags);
        bank.ok(&[ix], &[&self.guardian]).await
    }

    pub async fn pool(&self, bank: &mut Bank) -> Pool {
        bank.pool(&self.addrs.pool).await
    }

    pub async fn insurance(&self, bank: &mut Bank) -> InsuranceFund {
        bank.insurance_fund(&self.addrs.insurance_fund).await
    }

    /// Asserts the SPEC invariants from outside, against the bank's actual balances: the
    /// program's own `Pool::check_invariants` (base vault ≥ cash, insurance vault ≥ ledger),
    /// and every collateral slot in use holding at least its `total_deposited` (and what was
    /// forfeited) in its vault.
    pub async fn assert_books(&self, bank: &mut Bank) {
        let pool = self.pool(bank).await;
        let fund = self.insurance(bank).await;
        let base_vault = bank.token_balance(&self.addrs.base_vault).await;
        let insurance_vault = bank.token_balance(&self.addrs.insurance_vault).await;
        let ledger = fund.balance().expect("ledger");
        let checked = pool.check_invariants(base_vault, ledger, insurance_vault);
        assert!(
            checked.is_ok(),
            "books do not reconcile ({checked:?}): base vault {base_vault} vs cash {}, \
             insurance vault {insurance_vault} vs ledger {ledger}",
            pool.cash
        );
        for slot in 0..pool.num_collaterals as usize {
            let asset = &pool.collaterals[slot];
            // derived from the slot's mint, so slots added without the fixture count too
            let vault = pda::collateral_vault(&self.addrs.pool, &asset.mint);
            let held = bank.token_balance(&vault).await;
            assert!(
                pool.check_collateral_vault(slot, held).is_ok(),
                "collateral slot {slot}: vault {held} < total deposited {} + forfeited {}",
                asset.total_deposited,
                asset.forfeited
            );
        }
    }
}
