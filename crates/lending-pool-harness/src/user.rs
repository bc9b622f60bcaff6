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

impl PoolFixture {
    /// A user holding `base_amount` base tokens and an empty LP account.
    pub async fn user(&self, bank: &mut Bank, base_amount: u64) -> User {
        let key = bank.keypair();
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

    pub fn fund_insurance_ix(&self, u: &User, amount: u64) -> Instruction {
        ix::fund_insurance(&self.addrs, &u.key.pubkey(), &u.base, amount)
    }
}
