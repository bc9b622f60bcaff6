//! SPL Token plumbing on the bank: creating mints and token accounts, minting and moving
//! tokens outside the program, and reading balances and supplies.
use crate::Bank;
use anchor_lang::{prelude::Pubkey, solana_program::program_pack::Pack};
use anchor_spl::token::spl_token;
use solana_keypair::Keypair;
use solana_signer::Signer;

impl Bank {
    pub async fn token_balance(&mut self, account: &Pubkey) -> u64 {
        self.read_with(account, |d| {
            spl_token::state::Account::unpack(d.expect("token account"))
                .expect("token account decodes")
                .amount
        })
        .await
    }

    pub async fn mint_supply(&mut self, mint: &Pubkey) -> u64 {
        self.read_with(mint, |d| {
            spl_token::state::Mint::unpack(d.expect("mint account"))
                .expect("mint decodes")
                .supply
        })
        .await
    }

    async fn create_owned_account(&mut self, space: usize, owner: &Pubkey) -> Keypair {
        let kp = self.keypair();
        let lamports = self.rent_exempt_minimum(space).await;
        let ix = solana_system_interface::instruction::create_account(
            &self.payer().pubkey(),
            &kp.pubkey(),
            lamports,
            space as u64,
            owner,
        );
        self.ok(&[ix], &[&kp]).await;
        kp
    }

    /// A new SPL mint with `authority` as mint authority and no freeze authority.
    pub async fn create_mint(&mut self, authority: &Pubkey, decimals: u8) -> Pubkey {
        let kp = self
            .create_owned_account(spl_token::state::Mint::LEN, &spl_token::ID)
            .await;
        let ix = spl_token::instruction::initialize_mint2(
            &spl_token::ID,
            &kp.pubkey(),
            authority,
            None,
            decimals,
        )
        .expect("initialize_mint2");
        self.ok(&[ix], &[]).await;
        kp.pubkey()
    }

    /// A new token account for `mint` owned by `owner`.
    pub async fn create_token_account(&mut self, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
        let kp = self
            .create_owned_account(spl_token::state::Account::LEN, &spl_token::ID)
            .await;
        let ix =
            spl_token::instruction::initialize_account3(&spl_token::ID, &kp.pubkey(), mint, owner)
                .expect("initialize_account3");
        self.ok(&[ix], &[]).await;
        kp.pubkey()
    }

    pub async fn mint_to(&mut self, mint: &Pubkey, authority: &Keypair, to: &Pubkey, amount: u64) {
        let ix = spl_token::instruction::mint_to(
            &spl_token::ID,
            mint,
            to,
            &authority.pubkey(),
            &[],
            amount,
        )
        .expect("mint_to");
        self.ok(&[ix], &[authority]).await;
    }

    /// Moves `amount` between two token accounts outside the program (e.g. a donation).
    pub async fn token_transfer(
        &mut self,
        from: &Pubkey,
        to: &Pubkey,
        owner: &Keypair,
        amount: u64,
    ) {
        let ix = spl_token::instruction::transfer(
            &spl_token::ID,
            from,
            to,
            &owner.pubkey(),
            &[],
            amount,
        )
        .expect("transfer");
        self.ok(&[ix], &[owner]).await;
    }
}
