//! An in-process bank (solana-program-test) running the lending pool's SBF binary next to the
//! real SPL Token program. Shared by the integration tests, the demo and the CU benchmark.
//!
//! The binary is loaded from `SBF_OUT_DIR` (default: the workspace's `target/deploy`), so run
//! `scripts/build-sbf.sh` first.
use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, AnchorDeserialize, Discriminator,
    Event,
};
use anchor_spl::token::spl_token;
use lending_pool::state::{CollateralParams, InsuranceFund, Pool, PoolConfig, Position};
use lending_pool_sdk::{
    accounts::decode_zero_copy, ix, oracle::PriceUpdateSpec, pda, PoolAddresses, PROGRAM_ID,
};
use solana_keypair::Keypair;
use solana_program_test::{ProgramTest, ProgramTestContext};
use solana_transaction::Transaction;
use std::collections::HashSet;

pub use solana_keypair::Keypair as TestKeypair;
pub use solana_program_test::BanksClientError;
pub use solana_signer::Signer;
pub use solana_transaction::TransactionError;

pub mod bench;
pub mod errors;
pub use errors::*;

/// A transaction that went through.
#[derive(Debug, Clone)]
pub struct TxOutcome {
    pub compute_units: u64,
    pub logs: Vec<String>,
    pub return_data: Option<Vec<u8>>,
}

impl TxOutcome {
    /// Decodes every event of type `E` the transaction emitted (`Program data:` log lines).
    pub fn events<E: Event + AnchorDeserialize + Discriminator>(&self) -> Vec<E> {
        use base64::Engine;
        self.logs
            .iter()
            .filter_map(|l| l.strip_prefix("Program data: "))
            .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
            .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
            .collect()
    }

    /// Every event's raw bytes (discriminator first), in the order they were emitted.
    pub fn event_payloads(&self) -> Vec<Vec<u8>> {
        use base64::Engine;
        self.logs
            .iter()
            .filter_map(|l| l.strip_prefix("Program data: "))
            .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .collect()
    }

    /// The single event of type `E`; panics if there is not exactly one.
    pub fn event<E: Event + AnchorDeserialize + Discriminator>(&self) -> E {
        let mut all = self.events::<E>();
        assert_eq!(
            all.len(),
            1,
            "expected exactly one event, logs:\n{}",
            self.logs.join("\n")
        );
        all.pop().unwrap()
    }
}

/// A transaction that failed.
#[derive(Debug, Clone)]
pub struct TxFailure {
    pub error: TransactionError,
    pub logs: Vec<String>,
}

pub type TxResult = Result<TxOutcome, TxFailure>;

const COMPUTE_BUDGET_PROGRAM_ID: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");

/// Where the SBF binary is expected.
pub fn default_sbf_out_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/deploy")
}

/// The bank plus the helpers every test needs.
pub struct Bank {
    pub ctx: ProgramTestContext,
    sent: HashSet<[u8; 64]>,
    keys_made: u64,
    txs_ok: u64,
    txs_failed: u64,
}

impl Bank {
    /// Starts a bank with the lending pool's SBF binary loaded (never the native build).
    pub async fn start() -> Self {
        let dir = std::env::var_os("SBF_OUT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(default_sbf_out_dir);
        let so = dir.join("lending_pool.so");
        assert!(
            so.exists(),
            "{} is missing: run scripts/build-sbf.sh first",
            so.display()
        );
        // program-test reads SBF_OUT_DIR itself; set it before the ProgramTest exists (only
        // when needed: parallel simulations start banks on several threads)
        if std::env::var_os("SBF_OUT_DIR").as_deref() != Some(dir.as_os_str()) {
            unsafe { std::env::set_var("SBF_OUT_DIR", &dir) };
        }
        let mut pt = ProgramTest::default();
        pt.prefer_bpf(true);
        pt.add_program("lending_pool", PROGRAM_ID, None);
        Self {
            ctx: pt.start_with_context().await,
            sent: HashSet::new(),
            keys_made: 0,
            txs_ok: 0,
            txs_failed: 0,
        }
    }

    /// A new keypair, the same sequence in every run, so PDA bumps (and with them compute
    /// units) repeat exactly.
    pub fn keypair(&mut self) -> Keypair {
        self.keys_made += 1;
        let mut secret = [7u8; 32];
        secret[..8].copy_from_slice(&self.keys_made.to_le_bytes());
        Keypair::new_from_array(secret)
    }

    /// Transactions processed so far: (succeeded, failed).
    pub fn transaction_counts(&self) -> (u64, u64) {
        (self.txs_ok, self.txs_failed)
    }

    pub fn payer(&self) -> Keypair {
        self.ctx.payer.insecure_clone()
    }

    /// Signs (payer first) and processes `ixs` as one transaction.
    pub async fn process(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let payer = self.ctx.payer.insecure_clone();
        // sign with the keys the instructions ask for (tests pass extra keys freely)
        let wanted = |k: &Pubkey| {
            ixs.iter()
                .flat_map(|i| &i.accounts)
                .any(|m| m.is_signer && m.pubkey == *k)
        };
        let mut all: Vec<&Keypair> = vec![&payer];
        all.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey() && wanted(&k.pubkey())),
        );
        let mut tx = Transaction::new_signed_with_payer(
            ixs,
            Some(&payer.pubkey()),
            &all,
            self.ctx.last_blockhash,
        );
        // the same instructions twice would be the same signature (and be dropped as already
        // processed): make the message unique with a compute-unit limit instead of waiting
        // for a new blockhash
        let mut nonce = 0u32;
        while !self.sent.insert(tx.signatures[0].into()) {
            nonce += 1;
            let mut data = vec![2u8]; // ComputeBudgetInstruction::SetComputeUnitLimit
            data.extend_from_slice(&(1_400_000 - nonce).to_le_bytes());
            let limit = Instruction {
                program_id: COMPUTE_BUDGET_PROGRAM_ID,
                accounts: vec![],
                data,
            };
            let unique: Vec<Instruction> =
                std::iter::once(limit).chain(ixs.iter().cloned()).collect();
            tx = Transaction::new_signed_with_payer(
                &unique,
                Some(&payer.pubkey()),
                &all,
                self.ctx.last_blockhash,
            );
        }
        let mut r = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx.clone())
            .await
            .expect("banks client transport");
        if r.result == Err(TransactionError::BlockhashNotFound) {
            // the bank moved on (warps, long tests): re-sign on its latest blockhash
            let bh = self
                .ctx
                .banks_client
                .get_latest_blockhash()
                .await
                .expect("blockhash");
            self.ctx.last_blockhash = bh;
            let msg_ixs: Vec<Instruction> = ixs.to_vec();
            let tx = Transaction::new_signed_with_payer(&msg_ixs, Some(&payer.pubkey()), &all, bh);
            self.sent.insert(tx.signatures[0].into());
            r = self
                .ctx
                .banks_client
                .process_transaction_with_metadata(tx)
                .await
                .expect("banks client transport");
        }
        let md = r.metadata;
        let logs = md
            .as_ref()
            .map(|m| m.log_messages.clone())
            .unwrap_or_default();
        if r.result.is_ok() {
            self.txs_ok += 1;
        } else {
            self.txs_failed += 1;
        }
        match r.result {
            Ok(()) => Ok(TxOutcome {
                compute_units: md.as_ref().map_or(0, |m| m.compute_units_consumed),
                logs,
                return_data: md.and_then(|m| m.return_data).map(|d| d.data),
            }),
            Err(error) => Err(TxFailure { error, logs }),
        }
    }

    /// Like `process`, but panics (with the logs) on failure.
    pub async fn ok(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxOutcome {
        match self.process(ixs, signers).await {
            Ok(o) => o,
            Err(f) => panic!("transaction failed: {:?}\n{}", f.error, f.logs.join("\n")),
        }
    }

    pub async fn account_data(&mut self, key: &Pubkey) -> Option<Vec<u8>> {
        self.ctx
            .banks_client
            .get_account(*key)
            .await
            .expect("get_account")
            .map(|a| a.data)
    }

    pub async fn pool(&mut self, key: &Pubkey) -> Pool {
        decode_zero_copy(&self.account_data(key).await.expect("pool account"))
            .expect("pool decodes")
    }

    pub async fn insurance_fund(&mut self, key: &Pubkey) -> InsuranceFund {
        decode_zero_copy(&self.account_data(key).await.expect("insurance account"))
            .expect("insurance decodes")
    }

    pub async fn position(&mut self, key: &Pubkey) -> Position {
        decode_zero_copy(&self.account_data(key).await.expect("position account"))
            .expect("position decodes")
    }

    /// The bank's clock (unix seconds).
    pub async fn now(&mut self) -> i64 {
        let clock: anchor_lang::prelude::Clock =
            self.ctx.banks_client.get_sysvar().await.expect("clock");
        clock.unix_timestamp
    }

    /// Moves the clock forward by `secs` seconds (and the slot by one).
    pub async fn warp(&mut self, secs: i64) {
        let mut clock: anchor_lang::prelude::Clock =
            self.ctx.banks_client.get_sysvar().await.expect("clock");
        clock.unix_timestamp += secs;
        clock.slot += 1;
        self.ctx.set_sysvar(&clock);
    }

    /// Writes a Pyth `PriceUpdateV2` account at `address` (owned by the receiver program).
    pub fn set_price(&mut self, address: &Pubkey, spec: &PriceUpdateSpec) {
        self.set_account_data(
            address,
            &lending_pool_sdk::oracle::PYTH_RECEIVER_PROGRAM_ID,
            spec.account_data(),
        );
    }

    /// Writes an arbitrary account (for oracles and cosplay attempts).
    pub fn set_account_data(&mut self, address: &Pubkey, owner: &Pubkey, data: Vec<u8>) {
        let account = solana_account::Account {
            lamports: 1_000_000_000,
            data,
            owner: *owner,
            executable: false,
            rent_epoch: 0,
        };
        self.ctx.set_account(address, &account.into());
    }

    pub async fn token_balance(&mut self, account: &Pubkey) -> u64 {
        use anchor_lang::solana_program::program_pack::Pack;
        let data = self.account_data(account).await.expect("token account");
        spl_token::state::Account::unpack(&data)
            .expect("token account decodes")
            .amount
    }

    pub async fn mint_supply(&mut self, mint: &Pubkey) -> u64 {
        use anchor_lang::solana_program::program_pack::Pack;
        let data = self.account_data(mint).await.expect("mint account");
        spl_token::state::Mint::unpack(&data)
            .expect("mint decodes")
            .supply
    }

    async fn create_owned_account(&mut self, space: usize, owner: &Pubkey) -> Keypair {
        let kp = self.keypair();
        let rent = self.ctx.banks_client.get_rent().await.expect("rent");
        let ix = solana_system_interface::instruction::create_account(
            &self.ctx.payer.pubkey(),
            &kp.pubkey(),
            rent.minimum_balance(space),
            space as u64,
            owner,
        );
        self.ok(&[ix], &[&kp]).await;
        kp
    }

    /// A new SPL mint with `authority` as mint authority and no freeze authority.
    pub async fn create_mint(&mut self, authority: &Pubkey, decimals: u8) -> Pubkey {
        use anchor_lang::solana_program::program_pack::Pack;
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
        use anchor_lang::solana_program::program_pack::Pack;
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

    /// Sends `lamports` from the payer (for keys that must pay for something themselves).
    pub async fn airdrop(&mut self, to: &Pubkey, lamports: u64) {
        let ix =
            solana_system_interface::instruction::transfer(&self.ctx.payer.pubkey(), to, lamports);
        self.ok(&[ix], &[]).await;
    }
}

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
    pub collaterals: Vec<CollateralFixture>,
}

/// A collateral asset of a fixture pool, with its mint authority and oracle account.
#[derive(Clone, Copy, Debug)]
pub struct CollateralFixture {
    pub index: u8,
    pub mint: Pubkey,
    pub vault: Pubkey,
    pub oracle: Pubkey,
    pub feed: [u8; 32],
    pub decimals: u8,
}

/// A borrower with a position and token accounts for the base asset and every collateral.
pub struct Borrower {
    pub key: Keypair,
    pub position: Pubkey,
    pub base: Pubkey,
    pub collateral: Vec<Pubkey>,
}

/// The base asset's feed in fixtures.
pub const BASE_FEED: [u8; 32] = [0xBA; 32];

/// An actor with base and LP token accounts.
pub struct User {
    pub key: Keypair,
    pub base: Pubkey,
    pub lp: Pubkey,
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
        let base_oracle = bank.keypair().pubkey();
        let now = bank.now().await;
        bank.set_price(
            &base_oracle,
            &PriceUpdateSpec::new(BASE_FEED, 100_000_000, -8, now),
        );
        Self {
            addrs,
            admin,
            guardian,
            mint_authority,
            decimals,
            base_oracle,
            base_feed: BASE_FEED,
            collaterals: vec![],
        }
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
            index: self.collaterals.len() as u8,
            mint,
            vault: pda::collateral_vault(&self.addrs.pool, &mint),
            oracle,
            feed: params.feed_id,
            decimals,
        };
        self.collaterals.push(c);
        (c, out)
    }

    /// Republishes every price at the bank's current time (after a warp): base at $1,
    /// collaterals at `prices` (× 10^-8), in slot order.
    pub async fn set_prices(&self, bank: &mut Bank, prices: &[i64]) {
        let now = bank.now().await;
        bank.set_price(
            &self.base_oracle,
            &PriceUpdateSpec::new(self.base_feed, 100_000_000, -8, now),
        );
        for (c, &p) in self.collaterals.iter().zip(prices) {
            bank.set_price(&c.oracle, &PriceUpdateSpec::new(c.feed, p, -8, now));
        }
    }

    /// A borrower with position 0 opened, `base_amount` base tokens and `collateral[i]` of
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

    pub fn deposit_collateral_ix(&self, b: &Borrower, slot: u8, amount: u64) -> Instruction {
        let c = &self.collaterals[slot as usize];
        ix::deposit_collateral(
            &self.addrs.pool,
            &b.position,
            &b.key.pubkey(),
            &c.vault,
            &b.collateral[slot as usize],
            slot,
            amount,
        )
    }

    /// Oracle accounts for the slots `position` holds (what borrow / withdraw need).
    pub async fn oracles_for(&self, bank: &mut Bank, position: &Pubkey) -> Vec<Pubkey> {
        let pool = self.pool(bank).await;
        let pos = bank.position(position).await;
        pool.held_slots(&pos)
            .into_iter()
            .map(|i| self.collaterals[i].oracle)
            .collect()
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
        let oracles: Vec<Pubkey> = pool
            .held_slots(&pos)
            .into_iter()
            .map(|i| self.collaterals[i].oracle)
            .collect();
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

    pub async fn pool(&self, bank: &mut Bank) -> Pool {
        bank.pool(&self.addrs.pool).await
    }

    pub async fn insurance(&self, bank: &mut Bank) -> InsuranceFund {
        bank.insurance_fund(&self.addrs.insurance_fund).await
    }

    /// Asserts the SPEC invariants from outside, against the bank's actual balances.
    pub async fn assert_books(&self, bank: &mut Bank) {
        let pool = self.pool(bank).await;
        let fund = self.insurance(bank).await;
        let base_vault = bank.token_balance(&self.addrs.base_vault).await;
        let insurance_vault = bank.token_balance(&self.addrs.insurance_vault).await;
        assert!(
            base_vault >= pool.cash,
            "base vault {base_vault} < cash {}",
            pool.cash
        );
        let ledger = fund.balance().expect("ledger");
        assert!(
            insurance_vault >= ledger,
            "insurance vault {insurance_vault} < ledger {ledger}"
        );
    }
}
