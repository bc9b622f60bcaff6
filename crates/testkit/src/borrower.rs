//! A borrower (a position plus token accounts for the base asset and every collateral slot),
//! a liquidator (base tokens and an account for every collateral mint), and the instructions
//! a `PoolFixture` builds for them: deposit and withdraw collateral, borrow, repay, and
//! liquidate, with the oracle accounts the held slots need.
use crate::{Bank, PoolFixture, TxOutcome, User};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::state::{Pool, Position};
use lending_pool_sdk::{ix, pda, prices};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// A borrower with a position and token accounts for the base asset and every collateral.
pub struct Borrower {
    pub key: Keypair,
    pub position: Pubkey,
    pub base: Pubkey,
    /// Its token account for each collateral slot, in slot order.
    pub collateral: Vec<Pubkey>,
}

/// A liquidator: a user (base and LP accounts) with an account for every collateral mint.
pub struct Liquidator {
    pub user: User,
    /// Its token account for each collateral slot, in slot order.
    pub collateral: Vec<Pubkey>,
}

impl PoolFixture {
    /// A liquidator holding `base_amount` base tokens, with empty accounts for every
    /// collateral mint.
    pub async fn liquidator(&self, bank: &mut Bank, base_amount: u64) -> Liquidator {
        let user = self.user(bank, base_amount).await;
        let mut collateral = vec![];
        for c in &self.collaterals {
            collateral.push(bank.create_token_account(&c.mint, &user.key.pubkey()).await);
        }
        Liquidator { user, collateral }
    }

    /// A borrower with position 0 opened, `base_amount` base tokens and `collateral[slot]` of
    /// each collateral asset in their wallet (none deposited yet).
    pub async fn borrower(
        &self,
        bank: &mut Bank,
        base_amount: u64,
        collateral: &[u64],
    ) -> Borrower {
        self.borrower_measured(bank, base_amount, collateral)
            .await
            .0
    }

    /// `borrower`, also returning the `open_position` transaction (compute units).
    pub async fn borrower_measured(
        &self,
        bank: &mut Bank,
        base_amount: u64,
        collateral: &[u64],
    ) -> (Borrower, TxOutcome) {
        let key = bank.keypair();
        bank.airdrop(&key.pubkey(), 100_000_000).await;
        let base = bank
            .create_token_account(&self.addrs.base_mint, &key.pubkey())
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
        let mut accounts = vec![];
        for (c, &amount) in self
            .collaterals
            .iter()
            .zip(collateral.iter().chain(std::iter::repeat(&0)))
        {
            let acc = bank.create_token_account(&c.mint, &key.pubkey()).await;
            if amount > 0 {
                bank.mint_to(&c.mint, &self.mint_authority, &acc, amount)
                    .await;
            }
            accounts.push(acc);
        }
        let out = bank
            .ok(
                &[ix::open_position(&self.addrs.pool, &key.pubkey(), 0)],
                &[&key],
            )
            .await;
        let position = pda::position(&self.addrs.pool, &key.pubkey(), 0);
        let b = Borrower {
            key,
            position,
            base,
            collateral: accounts,
        };
        (b, out)
    }

    /// `deposit_collateral` with the base oracle and no slot oracles (what an unmarked
    /// position needs; `deposit_collateral_marked_ix` passes them).
    pub fn deposit_collateral_ix(&self, b: &Borrower, slot: u8, amount: u64) -> Instruction {
        let c = &self.collaterals[slot as usize];
        ix::deposit_collateral(
            &self.addrs.pool,
            &b.position,
            &b.key.pubkey(),
            &c.vault,
            &b.collateral[slot as usize],
            &self.base_oracle,
            &[],
            slot,
            amount,
        )
    }

    /// Oracle accounts for the slots `position` holds (what borrow / withdraw need).
    pub async fn oracles_for(&self, bank: &mut Bank, position: &Pubkey) -> Vec<Pubkey> {
        let pool = self.pool(bank).await;
        let pos = bank.position(position).await;
        self.held_oracles(&pool, &pos)
    }

    /// The oracle account of each slot `pos` holds, in slot order (`prices::oracle_accounts`).
    fn held_oracles(&self, pool: &Pool, pos: &Position) -> Vec<Pubkey> {
        let oracle_of_slot: Vec<Pubkey> = self.collaterals.iter().map(|c| c.oracle).collect();
        prices::oracle_accounts(pool, pos, &oracle_of_slot)
    }

    pub async fn borrow_ix(&self, bank: &mut Bank, b: &Borrower, amount: u64) -> Instruction {
        let oracles = self.oracles_for(bank, &b.position).await;
        ix::borrow(
            &self.addrs,
            &b.position,
            &b.key.pubkey(),
            &b.base,
            &self.base_oracle,
            &oracles,
            amount,
        )
    }

    pub fn repay_ix(&self, b: &Borrower, amount: u64) -> Instruction {
        ix::repay(&self.addrs, &b.position, &b.key.pubkey(), &b.base, amount)
    }

    /// `liquidator` liquidates `b`, paying from `liquidator_base` and receiving slot `slot`'s
    /// collateral into `liquidator_collateral`.
    #[allow(clippy::too_many_arguments)]
    pub async fn liquidate_ix(
        &self,
        bank: &mut Bank,
        b: &Borrower,
        liquidator: &Pubkey,
        liquidator_base: &Pubkey,
        liquidator_collateral: &Pubkey,
        slot: u8,
        repay: u64,
        min_collateral_out: u64,
    ) -> Instruction {
        let oracles = self.oracles_for(bank, &b.position).await;
        let accounts = ix::LiquidateAccounts {
            position: b.position,
            liquidator: *liquidator,
            collateral_vault: self.collaterals[slot as usize].vault,
            liquidator_base: *liquidator_base,
            liquidator_collateral: *liquidator_collateral,
            base_oracle: self.base_oracle,
            oracles,
        };
        ix::liquidate(&self.addrs, &accounts, repay, slot, min_collateral_out)
    }

    /// `liq` liquidates `b`: pays from its base account, receives slot `slot` into its own
    /// account for that mint.
    pub async fn liquidate_by_ix(
        &self,
        bank: &mut Bank,
        liq: &Liquidator,
        b: &Borrower,
        slot: u8,
        repay: u64,
        min_collateral_out: u64,
    ) -> Instruction {
        let l = &liq.user;
        let to = liq.collateral[slot as usize];
        self.liquidate_ix(
            bank,
            b,
            &l.key.pubkey(),
            &l.base,
            &to,
            slot,
            repay,
            min_collateral_out,
        )
        .await
    }

    /// Withdraws collateral; the oracle list is for the holdings after the withdrawal.
    pub async fn withdraw_collateral_ix(
        &self,
        bank: &mut Bank,
        b: &Borrower,
        slot: u8,
        amount: u64,
    ) -> Instruction {
        let pool = self.pool(bank).await;
        let mut pos = bank.position(&b.position).await;
        pos.collateral[slot as usize] = pos.collateral[slot as usize].saturating_sub(amount);
        let oracles = self.held_oracles(&pool, &pos);
        let c = &self.collaterals[slot as usize];
        ix::withdraw_collateral(
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
}
