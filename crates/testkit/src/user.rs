//! A user of the pool's LP side (holding base and LP tokens) and the instructions a
//! `PoolFixture` builds for one: deposit, withdraw, redeem and insurance donations.
use crate::{Bank, PoolFixture};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::ix;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// An actor with base and LP token accounts.
pub struct User {
    pub key: Keypair,
    pub base: Pubkey,
    pub lp: Pubkey,
}

/// What a user holds in lamports: rent for an exit request and its escrow, twice over.
pub const USER_LAMPORTS: u64 = 10_000_000;

impl PoolFixture {
    /// A user holding `base_amount` base tokens, an empty LP account and lamports for the
    /// rent of an exit request and its escrow.
    pub async fn user(&self, bank: &mut Bank, base_amount: u64) -> User {
        let key = bank.keypair();
        bank.airdrop(&key.pubkey(), USER_LAMPORTS).await;
        let base = bank
            .create_token_account(&self.addrs.base_mint, &key.pubkey())
            .await;
        let lp = bank
            .create_token_account(&self.addrs.lp_mint, &key.pubkey())
            .await;
        if base_amount > 0 {
            bank.mint_to(
                &self.addrs.base_mint,
                &self.mint_authority,
                &base,
                base_amount,
            )
            .await;
        }
        User { key, base, lp }
    }

    pub fn deposit_ix(&self, u: &User, amount: u64, min_shares_out: u64) -> Instruction {
        ix::deposit(
            &self.addrs,
            &u.key.pubkey(),
            &u.base,
            &u.lp,
            amount,
            min_shares_out,
        )
    }

    pub fn withdraw_ix(&self, u: &User, assets: u64, max_shares_in: u64) -> Instruction {
        ix::withdraw(
            &self.addrs,
            &u.key.pubkey(),
            &u.lp,
            &u.base,
            assets,
            max_shares_in,
        )
    }

    pub fn redeem_ix(&self, u: &User, shares: u64, min_assets_out: u64) -> Instruction {
        ix::redeem(
            &self.addrs,
            &u.key.pubkey(),
            &u.lp,
            &u.base,
            shares,
            min_assets_out,
        )
    }

    /// `u` exits `shares` as the pool allows now (SPEC, "LP exits cannot outrun a loss in
    /// progress"): a redemption when it is calm; else a request, the exit delay, and the
    /// request's completion. Returns the base tokens it paid.
    pub async fn exit_shares(
        &self,
        bank: &mut Bank,
        u: &User,
        shares: u64,
        min_assets: u64,
    ) -> u64 {
        let pool = self.pool(bank).await;
        let ledger = self.insurance(bank).await.balance().expect("ledger");
        let before = bank.token_balance(&u.base).await;
        if pool.is_stressed(ledger).expect("stress") {
            bank.ok(&[self.request_exit_ix(u, shares, min_assets)], &[&u.key])
                .await;
            bank.warp(pool.config.exit_delay_secs as i64).await;
            bank.ok(&[self.complete_exit_ix(u)], &[&u.key]).await;
        } else {
            bank.ok(&[self.redeem_ix(u, shares, min_assets)], &[&u.key])
                .await;
        }
        bank.token_balance(&u.base).await - before
    }

    /// `request_exit` of `shares` from the user's LP account (a stressed pool).
    pub fn request_exit_ix(&self, u: &User, shares: u64, min_assets: u64) -> Instruction {
        ix::request_exit(&self.addrs, &u.key.pubkey(), &u.lp, shares, min_assets)
    }

    /// `complete_exit` of the user's request into its base account.
    pub fn complete_exit_ix(&self, u: &User) -> Instruction {
        ix::complete_exit(&self.addrs, &u.key.pubkey(), &u.base)
    }

    /// `cancel_exit`: the request's shares back into the user's LP account.
    pub fn cancel_exit_ix(&self, u: &User) -> Instruction {
        ix::cancel_exit(&self.addrs, &u.key.pubkey(), &u.lp)
    }

    pub fn fund_insurance_ix(&self, u: &User, amount: u64) -> Instruction {
        ix::fund_insurance(&self.addrs, &u.key.pubkey(), &u.base, amount)
    }
}
