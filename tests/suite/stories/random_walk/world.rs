//! The walk's world: the bank, the pool fixture and its actors, the copy of every account
//! the walk tracks, the published prices, and the accessors that decode them.
use super::{
    ops::{Holder, Vault},
    setup::{
        params, ASSETS, BORROWERS, BORROWER_WALLET, LIQUIDATORS, LIQUIDATOR_WALLET, LPS, LP_WALLET,
        STAKERS, STAKER_WALLET, UNSTAKE_COOLDOWN_SECS,
    },
    stats::Stats,
};
use crate::support::DECIMALS;
use anchor_lang::{prelude::Pubkey, solana_program::program_pack::Pack};
use anchor_spl::token::spl_token;
use lending_pool::{
    math::{PriceMode, Prices},
    oracle::{decode_price_update, PriceUpdate},
    state::{ExitRequest, InsuranceFund, InsuranceStake, Pool, PoolConfig, Position},
};
use lending_pool_sdk::{accounts::decode_zero_copy, ix, pda, prices};
use lending_pool_testkit::*;
use std::collections::BTreeMap;

/// Tokens sent straight to the vaults: the books do not see them, so every vault holds
/// exactly its books plus these.
#[derive(Default)]
pub(super) struct Donated {
    pub(super) base: u64,
    pub(super) insurance: u64,
    pub(super) collateral: [u64; 4],
}

pub(super) struct Walk {
    pub(super) bank: Bank,
    pub(super) fx: PoolFixture,
    pub(super) lps: Vec<User>,
    pub(super) borrowers: Vec<Borrower>,
    pub(super) liquidators: Vec<Liquidator>,
    /// Insurance stakers, and their stake accounts.
    pub(super) stakers: Vec<User>,
    pub(super) stakes: Vec<Pubkey>,
    /// Collateral prices (× 10^-8) and the updates as published, base first.
    pub(super) prices: [i64; 4],
    /// Collateral feeds that stopped: their last update stays as it was.
    pub(super) stopped: [bool; 4],
    pub(super) base_update: PriceUpdate,
    updates: [PriceUpdate; 4],
    pub(super) now: i64,
    /// Every account the walk tracks, as last read.
    pub(super) accounts: BTreeMap<Pubkey, Vec<u8>>,
    /// Every token account (users' and vaults'), with its mint.
    pub(super) token_accounts: Vec<(Pubkey, Pubkey)>,
    /// What the base and collateral mints have issued (the walk mints nothing).
    pub(super) issued: BTreeMap<Pubkey, u64>,
    pub(super) donated: Donated,
    pub(super) stats: Stats,
}

/// A token account's amount (0 for one that does not exist: a closed exit escrow).
pub(super) fn token_amount(data: &[u8]) -> u64 {
    if data.is_empty() {
        return 0;
    }
    spl_token::state::Account::unpack(data)
        .expect("token account")
        .amount
}

pub(super) fn mint_supply(data: &[u8]) -> u64 {
    spl_token::state::Mint::unpack(data).expect("mint").supply
}

impl Walk {
    pub(super) async fn new() -> Self {
        let mut bank = Bank::start().await;
        let config = PoolConfig {
            unstake_cooldown_secs: UNSTAKE_COOLDOWN_SECS,
            ..PoolConfig::example()
        };
        let mut fx = PoolFixture::new(&mut bank, DECIMALS, config).await;
        for (slot, a) in ASSETS.iter().enumerate() {
            fx.add_collateral(&mut bank, a.listing.decimals, a.listing.price, params(slot))
                .await;
        }
        let mut lps = vec![];
        for _ in 0..LPS {
            lps.push(fx.user(&mut bank, LP_WALLET).await);
        }
        let wallets: Vec<u64> = ASSETS.iter().map(|a| a.wallet).collect();
        let mut borrowers = vec![];
        for _ in 0..BORROWERS {
            borrowers.push(fx.borrower(&mut bank, BORROWER_WALLET, &wallets).await);
        }
        let mut liquidators = vec![];
        for _ in 0..LIQUIDATORS {
            liquidators.push(fx.liquidator(&mut bank, LIQUIDATOR_WALLET).await);
        }
        let mut stakers = vec![];
        let mut stakes = vec![];
        for _ in 0..STAKERS {
            let u = fx.user(&mut bank, STAKER_WALLET).await;
            let owner = u.key.pubkey();
            // the owner pays the stake account's rent
            bank.airdrop(&owner, 10_000_000).await;
            bank.ok(&[ix::open_stake(&fx.addrs.pool, &owner)], &[&u.key])
                .await;
            stakes.push(pda::stake(&fx.addrs.pool, &owner));
            stakers.push(u);
        }
        // a starting book: half of every LP's wallet lent out, every borrower holding two
        // assets (the walk mixes in more)
        for lp in &lps {
            bank.ok(&[fx.deposit_ix(lp, LP_WALLET / 2, 0)], &[&lp.key])
                .await;
        }
        for (i, b) in borrowers.iter().enumerate() {
            for slot in [i % 4, (i + 1) % 4] {
                let ix = fx.deposit_collateral_ix(b, slot as u8, ASSETS[slot].wallet / 4);
                bank.ok(&[ix], &[&b.key]).await;
            }
        }

        let a = fx.addrs;
        let mut token_accounts = vec![
            (a.base_vault, a.base_mint),
            (a.insurance_vault, a.base_mint),
        ];
        for c in &fx.collaterals {
            token_accounts.push((c.vault, c.mint));
        }
        let users = lps.iter().chain(&stakers);
        for u in users.chain(liquidators.iter().map(|l| &l.user)) {
            token_accounts.push((u.base, a.base_mint));
            token_accounts.push((u.lp, a.lp_mint));
        }
        // each LP's exit request escrow (absent until it requests)
        for u in &lps {
            let request = pda::exit_request(&a.pool, &u.key.pubkey());
            token_accounts.push((pda::exit_escrow(&request), a.lp_mint));
        }
        for b in &borrowers {
            token_accounts.push((b.base, a.base_mint));
        }
        for (slot, c) in fx.collaterals.iter().enumerate() {
            for b in &borrowers {
                token_accounts.push((b.collateral[slot], c.mint));
            }
            for l in &liquidators {
                token_accounts.push((l.collateral[slot], c.mint));
            }
        }
        let mut keys = vec![a.pool, a.insurance_fund, a.lp_mint, a.base_mint];
        keys.extend(fx.collaterals.iter().map(|c| c.mint));
        keys.extend(borrowers.iter().map(|b| b.position));
        keys.extend(stakes.iter().copied());
        keys.extend(token_accounts.iter().map(|(k, _)| *k));
        keys.extend(
            lps.iter()
                .map(|u| pda::exit_request(&a.pool, &u.key.pubkey())),
        );
        // an LP pays its request's rent (the walk compares data, not lamports)
        keys.extend(lps.iter().map(|u| u.key.pubkey()));
        let mut accounts = BTreeMap::new();
        // (exit requests and their escrows do not exist yet: empty)
        for k in keys {
            accounts.insert(k, bank.account_data(&k).await.unwrap_or_default());
        }
        let mut walk = Walk {
            bank,
            fx,
            lps,
            borrowers,
            liquidators,
            stakers,
            stakes,
            prices: ASSETS.map(|a| a.listing.price),
            stopped: [false; 4],
            base_update: empty_update(),
            updates: [empty_update(); 4],
            now: 0,
            accounts,
            token_accounts,
            issued: BTreeMap::new(),
            donated: Donated::default(),
            stats: Stats::default(),
        };
        // every token of the base and collateral mints is in an account the walk tracks
        let mut mints = vec![a.base_mint];
        mints.extend(walk.fx.collaterals.iter().map(|c| c.mint));
        for mint in mints {
            let held = walk.held_of(&mint);
            assert_eq!(held, mint_supply(&walk.accounts[&mint]), "untracked tokens");
            walk.issued.insert(mint, held);
        }
        walk.publish_prices().await;
        walk.check_books().await;
        walk
    }

    pub(super) fn pool(&self) -> Pool {
        decode_zero_copy(&self.accounts[&self.fx.addrs.pool]).expect("pool")
    }

    pub(super) fn fund(&self) -> InsuranceFund {
        decode_zero_copy(&self.accounts[&self.fx.addrs.insurance_fund]).expect("fund")
    }

    pub(super) fn position(&self, b: usize) -> Position {
        decode_zero_copy(&self.accounts[&self.borrowers[b].position]).expect("position")
    }

    pub(super) fn stake(&self, s: usize) -> InsuranceStake {
        decode_zero_copy(&self.accounts[&self.stakes[s]]).expect("stake")
    }

    pub(super) fn balance(&self, account: &Pubkey) -> u64 {
        token_amount(&self.accounts[account])
    }

    /// LP `lp`'s pending exit request (as the walk last read it) and its escrow.
    pub(super) fn exit_request(&self, lp: usize) -> Option<ExitRequest> {
        let key = pda::exit_request(&self.fx.addrs.pool, &self.lps[lp].key.pubkey());
        let data = &self.accounts[&key];
        (!data.is_empty()).then(|| decode_zero_copy(data).expect("exit request"))
    }

    pub(super) fn exit_escrow(&self, lp: usize) -> Pubkey {
        let key = pda::exit_request(&self.fx.addrs.pool, &self.lps[lp].key.pubkey());
        pda::exit_escrow(&key)
    }

    pub(super) fn lp_supply(&self) -> u64 {
        mint_supply(&self.accounts[&self.fx.addrs.lp_mint])
    }

    /// Σ balances of the tracked accounts of `mint`.
    pub(super) fn held_of(&self, mint: &Pubkey) -> u64 {
        self.token_accounts
            .iter()
            .filter(|(_, m)| m == mint)
            .map(|(k, _)| self.balance(k))
            .sum()
    }

    /// The pool as the next instruction sees it after accruing (`None` if accrual fails).
    pub(super) fn accrued_pool(&self) -> Option<Pool> {
        let mut pool = self.pool();
        pool.lapse_guardian_pauses(self.now);
        pool.accrue_interest(self.now).ok()?;
        Some(pool)
    }

    pub(super) fn holder(&self, who: u8) -> Holder {
        let i = who as usize % (LPS + BORROWERS + LIQUIDATORS);
        if i < LPS {
            Holder::Lp(i)
        } else if i < LPS + BORROWERS {
            Holder::Borrower(i - LPS)
        } else {
            Holder::Liquidator(i - LPS - BORROWERS)
        }
    }

    pub(super) fn key_of(&self, who: Holder) -> &TestKeypair {
        match who {
            Holder::Lp(i) => &self.lps[i].key,
            Holder::Borrower(i) => &self.borrowers[i].key,
            Holder::Liquidator(i) => &self.liquidators[i].user.key,
        }
    }

    pub(super) fn base_of(&self, who: Holder) -> Pubkey {
        match who {
            Holder::Lp(i) => self.lps[i].base,
            Holder::Borrower(i) => self.borrowers[i].base,
            Holder::Liquidator(i) => self.liquidators[i].user.base,
        }
    }

    /// The donation's source account and destination vault.
    pub(super) fn donation_accounts(&self, who: Holder, vault: Vault) -> (Pubkey, Pubkey) {
        let a = &self.fx.addrs;
        match vault {
            Vault::Base => (self.base_of(who), a.base_vault),
            Vault::Insurance => (self.base_of(who), a.insurance_vault),
            Vault::Collateral(slot) => {
                let from = match who {
                    Holder::Liquidator(i) => self.liquidators[i].collateral[slot],
                    Holder::Borrower(i) => self.borrowers[i].collateral[slot],
                    Holder::Lp(_) => panic!("LPs hold no collateral"),
                };
                (from, self.fx.collaterals[slot].vault)
            }
        }
    }

    /// Publishes every price at the bank's time and keeps the updates as the program will
    /// decode them.
    pub(super) async fn publish_prices(&mut self) {
        self.now = self.bank.now().await;
        // a stopped feed keeps its last update
        let stale: Vec<_> = (0..ASSETS.len()).filter(|&s| self.stopped[s]).collect();
        let mut kept = vec![];
        for &slot in &stale {
            let oracle = self.fx.collaterals[slot].oracle;
            kept.push((
                oracle,
                self.bank.account_data(&oracle).await.expect("oracle"),
            ));
        }
        self.fx.set_prices(&mut self.bank, &self.prices).await;
        for (oracle, data) in kept {
            let owner = lending_pool_sdk::oracle::PYTH_RECEIVER_PROGRAM_ID;
            self.bank.set_account_data(&oracle, &owner, data);
        }
        let decode = |d: Option<Vec<u8>>| decode_price_update(&d.expect("oracle")).unwrap();
        self.base_update = decode(self.bank.account_data(&self.fx.base_oracle).await);
        for slot in 0..ASSETS.len() {
            let oracle = self.fx.collaterals[slot].oracle;
            self.updates[slot] = decode(self.bank.account_data(&oracle).await);
        }
    }

    /// The prices the program loads for `pos` in `mode` (only the held slots).
    pub(super) fn market(&self, pool: &Pool, pos: &Position, mode: PriceMode) -> Prices {
        let updates = self.updates.map(Some);
        let mut p = prices::from_updates(pool, self.now, Some(&self.base_update), &updates, mode);
        for slot in 0..ASSETS.len() {
            if pos.collateral[slot] == 0 {
                p.collateral[slot] = None;
            }
        }
        p
    }
}

fn empty_update() -> PriceUpdate {
    PriceUpdate {
        fully_verified: false,
        feed_id: [0; 32],
        price: 0,
        conf: 0,
        exponent: 0,
        publish_time: 0,
        ema_price: 0,
    }
}
