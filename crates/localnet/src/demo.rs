//! The demo pool: a USDC-like base asset (6 decimals) lent against two collaterals of
//! different decimals (a SOL-like asset, 9 decimals at $150, and a BTC-like one, 8 decimals
//! at $60,000), two LPs, two insurance stakers and a donation, and borrowers from
//! comfortable to close to their limit, and an AMM pool per collateral against USDC (SPL
//! token-swap, $1.5M a side) that an arbitrageur keeps at the oracle's price. Everyone's
//! keypair is written to `dir`, so the CLI and the bot can act as them.
use crate::amm;
use crate::chain::{create_mint, create_price, feed_id, fund, mint_to};
use anchor_lang::prelude::Pubkey;
use anyhow::{Context, Result};
use lending_pool_client::rpc::Client;
use lending_pool_sdk::{examples, ix, pda, state::PoolConfig, PoolAddresses};
use solana_keypair::{write_keypair_file, Keypair};
use solana_signer::Signer;
use std::path::{Path, PathBuf};

pub const USDC: u64 = 1_000_000;
pub const SOL: u64 = 1_000_000_000;
pub const BTC: u64 = 100_000_000;
/// Prices in Pyth units of 10⁻⁸ dollars.
pub use lending_pool_sdk::examples::DOLLAR;
pub const BASE_FEED: &str = "baba";
pub const SOL_FEED: &str = "0101";
pub const BTC_FEED: &str = "0b0b";

/// The example BTC, listed at the example SOL's risk parameters: the seeded positions (and
/// the end-to-end tests' crashes over them) are sized to a 75% limit on both.
const DEMO_BTC: examples::ExampleAsset = examples::ExampleAsset {
    ltv_bps: examples::SOL.ltv_bps,
    liquidation_threshold_bps: examples::SOL.liquidation_threshold_bps,
    liquidation_bonus_bps: examples::SOL.liquidation_bonus_bps,
    ..examples::BTC
};

/// One collateral asset of the demo.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Collateral {
    pub symbol: String,
    pub slot: u8,
    pub mint: String,
    pub decimals: u8,
    pub oracle: String,
    pub feed_id: String,
    /// Its SPL token-swap pool against the base asset.
    pub amm_pool: String,
}

/// What the demo made, printed for the user and read by tests.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Demo {
    pub pool: String,
    pub base_mint: String,
    pub base_decimals: u8,
    pub base_oracle: String,
    pub collaterals: Vec<Collateral>,
    /// Keypair files by role (`admin`, `lp1`, `staker1`, `borrower1`, `liquidator`, ...).
    pub keypairs: std::collections::BTreeMap<String, PathBuf>,
    /// `--pool-oracles` for the indexer: `POOL=BASE,SLOT0,SLOT1`.
    pub pool_oracles: String,
}

impl Demo {
    pub fn pool(&self) -> Pubkey {
        self.pool.parse().expect("pool address")
    }

    /// The bot's and the CLI's price flags for this pool.
    pub fn oracle_args(&self) -> Vec<String> {
        let mut args = vec!["--base-oracle".to_string(), self.base_oracle.clone()];
        for c in &self.collaterals {
            args.extend(["--oracle".to_string(), c.oracle.clone()]);
        }
        args
    }

    /// Posts a new price for collateral `slot` (dollars × 10⁸) and trades its AMM pool to
    /// it (the payer, every demo mint's authority, is the arbitrageur).
    pub fn set_collateral_price(&self, client: &Client, slot: usize, price: i64) -> Result<()> {
        let feed = crate::price::Feed::resolve(Some(self), &self.collaterals[slot].symbol)?;
        crate::price::publish(client, &feed, price).map(|_| ())
    }
}

fn keypair(dir: &Path, name: &str, kp: &Keypair, out: &mut Demo) -> Result<()> {
    let path = dir.join(format!("{name}.json"));
    write_keypair_file(kp, &path)
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    out.keypairs.insert(name.to_string(), path);
    Ok(())
}

/// Seeds the demo with `client`'s payer as the pool's admin, phase by phase: the mints and
/// prices, the pool and its listings, the LPs, the insurance fund, the borrowers and a
/// liquidator.
pub fn seed(client: &Client, dir: &Path) -> Result<Demo> {
    std::fs::create_dir_all(dir)?;
    let assets = Assets::create(client)?;
    let addrs = open_pool(client, &assets)?;
    let mut demo = Demo::new(&addrs, &assets);
    keypair(dir, "admin", &client.payer, &mut demo)?;
    let seeder = Seeder {
        client,
        dir,
        addrs,
        assets,
    };
    seeder.lps(&mut demo)?;
    seeder.insurance(&mut demo)?;
    seeder.borrowers(&mut demo)?;
    // a liquidator with inventory, for the bot
    seeder.user("liquidator", 200_000 * USDC, &mut demo)?;
    Ok(demo)
}

/// Each AMM pool's depth: this many dollars on each side.
const AMM_SIDE_DOLLARS: u64 = 1_500_000;

/// The AMM price of a collateral at `price` (dollars × 10⁸): base units per collateral unit.
pub(crate) fn amm_price(price: i64, decimals: u8) -> (u128, u128) {
    (
        price as u128 * USDC as u128,
        10u128.pow(decimals as u32) * DOLLAR as u128,
    )
}

/// The collateral assets in slot order, with their feeds.
const LISTINGS: [(examples::ExampleAsset, &str); 2] =
    [(examples::SOL, SOL_FEED), (DEMO_BTC, BTC_FEED)];

/// The demo's assets on the chain: the base mint (USDC) and its price account, each
/// collateral's mint and price account, in slot order.
struct Assets {
    usdc: Pubkey,
    base_oracle: Pubkey,
    mints: Vec<Pubkey>,
    oracles: Vec<Pubkey>,
    collaterals: Vec<Collateral>,
}

impl Assets {
    fn create(client: &Client) -> Result<Self> {
        let usdc = create_mint(client, 6)?;
        let base_oracle = create_price(client, feed_id(BASE_FEED), DOLLAR)?;
        let (mut mints, mut oracles, mut collaterals) = (vec![], vec![], vec![]);
        for (slot, (asset, feed)) in LISTINGS.iter().enumerate() {
            let (symbol, decimals) = (asset.symbol, asset.decimals);
            let mint = create_mint(client, decimals)?;
            let oracle = create_price(client, feed_id(feed), asset.price)?;
            let units = 10u128.pow(decimals as u32);
            let held = AMM_SIDE_DOLLARS as u128 * DOLLAR as u128 * units / asset.price as u128;
            let amm_pool =
                amm::create_pool(client, &mint, &usdc, held as u64, AMM_SIDE_DOLLARS * USDC)?;
            mints.push(mint);
            oracles.push(oracle);
            collaterals.push(Collateral {
                symbol: symbol.to_string(),
                slot: slot as u8,
                mint: mint.to_string(),
                decimals,
                oracle: oracle.to_string(),
                feed_id: feed.repeat(16),
                amm_pool: amm_pool.to_string(),
            });
        }
        Ok(Self {
            usdc,
            base_oracle,
            mints,
            oracles,
            collaterals,
        })
    }
}

/// The pool on USDC, `client`'s payer its admin, with the collateral assets listed.
fn open_pool(client: &Client, assets: &Assets) -> Result<PoolAddresses> {
    let admin = client.payer_key();
    let addrs = PoolAddresses::derive(&assets.usdc, &admin);
    // prices are posted by hand here: accept them for an hour
    let config = PoolConfig {
        oracle_max_age_secs: 3_600,
        ..PoolConfig::example()
    };
    client.send(
        &[ix::init_pool(&addrs, &admin, feed_id(BASE_FEED), config)],
        &[],
    )?;
    for ((asset, feed), mint) in LISTINGS.iter().zip(&assets.mints) {
        let params = asset.params(feed_id(feed));
        client.send(&[ix::add_collateral(&addrs, &admin, mint, params)], &[])?;
    }
    Ok(addrs)
}

impl Demo {
    /// The demo's addresses, no keypair written yet.
    fn new(addrs: &PoolAddresses, assets: &Assets) -> Self {
        let oracles: Vec<&str> = assets
            .collaterals
            .iter()
            .map(|c| c.oracle.as_str())
            .collect();
        Demo {
            pool: addrs.pool.to_string(),
            base_mint: assets.usdc.to_string(),
            base_decimals: 6,
            base_oracle: assets.base_oracle.to_string(),
            pool_oracles: format!(
                "{}={},{}",
                addrs.pool,
                assets.base_oracle,
                oracles.join(",")
            ),
            collaterals: assets.collaterals.clone(),
            keypairs: Default::default(),
        }
    }
}

/// What the phases after the pool's creation share: the admin's client, where keypairs go,
/// the pool and the assets.
struct Seeder<'a> {
    client: &'a Client,
    dir: &'a Path,
    addrs: PoolAddresses,
    assets: Assets,
}

impl Seeder<'_> {
    /// A new user `name` with SOL for fees and `usdc_amount` USDC, its keypair written to
    /// the directory, and a client signing as it.
    fn user(&self, name: &str, usdc_amount: u64, demo: &mut Demo) -> Result<(Keypair, Client)> {
        let client = self.client;
        let kp = Keypair::new();
        fund(client, &kp.pubkey(), 10_000_000_000)?;
        if usdc_amount > 0 {
            mint_to(client, &self.assets.usdc, &kp.pubkey(), usdc_amount)?;
        }
        keypair(self.dir, name, &kp, demo)?;
        let c = Client::new(&client.rpc.url(), kp.insecure_clone(), client.send);
        Ok((kp, c))
    }

    /// Two LPs, each depositing all its USDC.
    fn lps(&self, demo: &mut Demo) -> Result<()> {
        let addrs = &self.addrs;
        for (name, amount) in [("lp1", 600_000 * USDC), ("lp2", 400_000 * USDC)] {
            let (kp, c) = self.user(name, amount, demo)?;
            let source = c.ensure_ata(&kp.pubkey(), &self.assets.usdc)?;
            let lp = c.ensure_ata(&kp.pubkey(), &addrs.lp_mint)?;
            c.send(
                &[ix::deposit(addrs, &kp.pubkey(), &source, &lp, amount, 0)],
                &[],
            )
            .with_context(|| format!("{name} deposits"))?;
        }
        Ok(())
    }

    /// The insurance fund: the admin's donation, then two stakers.
    fn insurance(&self, demo: &mut Demo) -> Result<()> {
        let (client, addrs) = (self.client, &self.addrs);
        let admin = client.payer_key();
        let admin_usdc = mint_to(client, &self.assets.usdc, &admin, 5_000 * USDC)?;
        client.send(
            &[ix::fund_insurance(addrs, &admin, &admin_usdc, 5_000 * USDC)],
            &[],
        )?;
        for (name, amount) in [("staker1", 20_000 * USDC), ("staker2", 10_000 * USDC)] {
            let (kp, c) = self.user(name, amount, demo)?;
            let source = c.ensure_ata(&kp.pubkey(), &self.assets.usdc)?;
            c.send(&[ix::open_stake(&addrs.pool, &kp.pubkey())], &[])?;
            c.send(&[ix::stake(addrs, &kp.pubkey(), &source, amount, 0)], &[])
                .with_context(|| format!("{name} stakes"))?;
        }
        Ok(())
    }

    /// Borrowers from comfortable to close to their limit: (SOL held, BTC held, USDC
    /// borrowed), limits 75% of $150/SOL and $60k/BTC.
    fn borrowers(&self, demo: &mut Demo) -> Result<()> {
        let borrowers = [
            (100 * SOL, 0, 5_000 * USDC),       // $15,000 against $5,000: safe
            (200 * SOL, 0, 21_000 * USDC),      // limit $22,500: close
            (0, BTC, 30_000 * USDC),            // limit $45,000
            (50 * SOL, BTC / 2, 24_000 * USDC), // limit $28,125
            (20 * SOL, 0, 2_200 * USDC),        // limit $2,250: on the edge
        ];
        for (i, (sol, btc, debt)) in borrowers.into_iter().enumerate() {
            self.borrower(&format!("borrower{}", i + 1), [sol, btc], debt, demo)?;
        }
        Ok(())
    }

    /// A borrower `name` who deposits `held` (per slot, minted to it) into its position 0
    /// and borrows `debt`, priced by the oracles of the slots it holds.
    fn borrower(&self, name: &str, held: [u64; 2], debt: u64, demo: &mut Demo) -> Result<()> {
        let (addrs, assets) = (&self.addrs, &self.assets);
        let (kp, c) = self.user(name, 0, demo)?;
        let owner = kp.pubkey();
        let position = pda::position(&addrs.pool, &owner, 0);
        c.send(&[ix::open_position(&addrs.pool, &owner, 0)], &[])?;
        for (slot, &amount) in held.iter().enumerate().filter(|(_, &a)| a > 0) {
            let mint = &assets.mints[slot];
            let source = mint_to(self.client, mint, &owner, amount)?;
            let vault = pda::collateral_vault(&addrs.pool, mint);
            c.send(
                &[ix::deposit_collateral(
                    &addrs.pool,
                    &position,
                    &owner,
                    &vault,
                    &source,
                    &assets.base_oracle,
                    &[],
                    slot as u8,
                    amount,
                )],
                &[],
            )?;
        }
        let dest = c.ensure_ata(&owner, &assets.usdc)?;
        let oracles: Vec<Pubkey> = (0..held.len())
            .filter(|&slot| held[slot] > 0)
            .map(|slot| assets.oracles[slot])
            .collect();
        c.send(
            &[ix::borrow(
                addrs,
                &position,
                &owner,
                &dest,
                &assets.base_oracle,
                &oracles,
                debt,
            )],
            &[],
        )
        .with_context(|| format!("{name} borrows"))?;
        Ok(())
    }
}
