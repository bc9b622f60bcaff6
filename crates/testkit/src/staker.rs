//! An insurance staker and the staking instructions a `PoolFixture` builds for one.
use crate::{Bank, PoolFixture};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::{
    math::to_assets_down,
    state::{InsuranceFund, InsuranceStake, Pool},
};
use lending_pool_sdk::{ix, pda};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// A staker with a base token account and an opened stake account.
pub struct Staker {
    pub key: Keypair,
    pub base: Pubkey,
    /// Its `InsuranceStake` PDA in the fixture's pool.
    pub stake: Pubkey,
}

impl PoolFixture {
    /// A staker holding `base_amount` base tokens, its stake account opened (it pays the rent).
    pub async fn staker(&self, bank: &mut Bank, base_amount: u64) -> Staker {
        let u = self.user(bank, base_amount).await;
        bank.airdrop(&u.key.pubkey(), 100_000_000).await;
        bank.ok(
            &[ix::open_stake(&self.addrs.pool, &u.key.pubkey())],
            &[&u.key],
        )
        .await;
        let stake = pda::stake(&self.addrs.pool, &u.key.pubkey());
        Staker {
            key: u.key,
            base: u.base,
            stake,
        }
    }

    pub fn stake_ix(&self, s: &Staker, amount: u64, min_shares_out: u64) -> Instruction {
        ix::stake(
            &self.addrs,
            &s.key.pubkey(),
            &s.base,
            amount,
            min_shares_out,
        )
    }

    /// A request with no minimum value (`request_unstake_min_ix` sets one).
    pub fn request_unstake_ix(&self, s: &Staker, shares: u64) -> Instruction {
        self.request_unstake_min_ix(s, shares, 0)
    }

    pub fn request_unstake_min_ix(&self, s: &Staker, shares: u64, min_value: u64) -> Instruction {
        ix::request_unstake(&self.addrs, &s.key.pubkey(), shares, min_value)
    }

    pub fn close_stake_ix(&self, s: &Staker) -> Instruction {
        ix::close_stake(&self.addrs, &s.key.pubkey())
    }

    pub fn cancel_unstake_ix(&self, s: &Staker) -> Instruction {
        ix::cancel_unstake(&self.addrs, &s.key.pubkey())
    }

    /// Pays `s`'s request into its own base account.
    pub fn unstake_ix(&self, s: &Staker) -> Instruction {
        ix::unstake(&self.addrs, &s.key.pubkey(), &s.base)
    }

    pub async fn stake_account(&self, bank: &mut Bank, s: &Staker) -> InsuranceStake {
        bank.insurance_stake(&s.stake).await
    }

    /// What `s`'s shares are worth now, as the program prices them: `to_assets_down(shares,
    /// net, total_shares)` with the fund's value net of the covered marked shortfall (zero for
    /// shares of an older epoch).
    pub async fn stake_value(&self, bank: &mut Bank, s: &Staker) -> u64 {
        let (pool, fund) = (self.pool(bank).await, self.insurance(bank).await);
        let st = self.stake_account(bank, s).await;
        if st.share_epoch != fund.share_epoch {
            return 0;
        }
        share_value(&pool, &fund, st.shares)
    }
}

/// `shares` of the fund at its value net of the covered marked shortfall, rounded down.
pub fn share_value(pool: &Pool, fund: &InsuranceFund, shares: u64) -> u64 {
    let value = pool
        .insurance_value(fund.balance().expect("ledger"))
        .expect("insurance value");
    to_assets_down(shares, value.net(), fund.total_shares).expect("share value")
}
