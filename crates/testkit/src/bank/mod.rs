//! The in-process bank: starting solana-program-test (or, with the `svm` feature, LiteSVM)
//! with the lending pool's SBF binary, signing and sending transactions, deterministic
//! keypairs, reading and writing accounts, and moving the clock. The program-test
//! backend's own start and transaction path are in `program_test`, LiteSVM's in `crate::svm`.
mod key_hash;
mod program_test;
mod signing;

use key_hash::KeyHash;
use signing::signers_for;

use crate::{TxFailure, TxOutcome, TxResult};
use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, Discriminator, ZeroCopy,
};
use lending_pool::state::{InsuranceFund, InsuranceStake, Pool, Position};
use lending_pool_sdk::{accounts::decode_zero_copy, oracle::PriceUpdateSpec, PROGRAM_ID};
use solana_keypair::Keypair;
use solana_program_test::ProgramTestContext;
use solana_signer::Signer;
use solana_transaction::TransactionError;
use std::collections::{HashMap, HashSet};

const SYSVAR_OWNER: Pubkey = anchor_lang::pubkey!("Sysvar1111111111111111111111111111111111111");
const COMPUTE_BUDGET_PROGRAM_ID: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");

/// Where the SBF binary is expected without `SBF_OUT_DIR`: the checkout's `target/deploy`.
pub fn default_sbf_out_dir() -> std::path::PathBuf {
    lending_pool_sdk::checkout::workspace_root().join("target/deploy")
}

/// The bank plus the helpers every test needs.
pub struct Bank {
    backend: Backend,
    sent: HashSet<[u8; 64], KeyHash>,
    /// Account data read since the account last changed. Every read is a round trip
    /// through the banks client's RPC layer (the simulator's largest cost outside the
    /// program); an account changes only in a transaction that lists it or through
    /// `set_account_data`, which both drop its entry.
    reads: HashMap<Pubkey, Option<Vec<u8>>, KeyHash>,
    keys_made: u64,
    txs_ok: u64,
    txs_failed: u64,
}

/// What executes the transactions: solana-program-test's banks (the integration suite) or
/// LiteSVM (the simulator: the same SBF binaries and runtime crates, without the banks
/// client's RPC layer, the bank forks and the simulation before every transaction).
enum Backend {
    Test(Box<ProgramTestContext>),
    #[cfg(feature = "svm")]
    Svm(Box<crate::svm::Svm>),
}

/// A processed transaction: its result, and for a completed one its metadata.
pub(crate) struct Processed {
    pub result: Result<(), TransactionError>,
    pub compute_units: u64,
    pub logs: Vec<String>,
    pub return_data: Option<Vec<u8>>,
}

impl Bank {
    fn new(backend: Backend) -> Self {
        Self {
            backend,
            sent: HashSet::default(),
            reads: HashMap::default(),
            keys_made: 0,
            txs_ok: 0,
            txs_failed: 0,
        }
    }

    /// The program-test context (banks client, payer, sysvars) of a bank started with
    /// `start*`; panics on a LiteSVM bank (`start_svm`).
    pub fn ctx(&mut self) -> &mut ProgramTestContext {
        match &mut self.backend {
            Backend::Test(ctx) => ctx,
            #[cfg(feature = "svm")]
            Backend::Svm(_) => panic!("Bank::ctx: a LiteSVM bank has no program-test context"),
        }
    }

    /// Starts a bank on LiteSVM with the same programs and runtime settings as `start` (the
    /// lending pool's SBF binary, program-test's SPL Token build, every feature active): the
    /// simulator's bank. Transactions, events, errors and accounts are the same as on
    /// program-test; the fee payer is a fixed key and a failed transaction charges no fee.
    #[cfg(feature = "svm")]
    pub async fn start_svm() -> Self {
        let so = sbf_out_dir().join("lending_pool.so");
        assert!(
            so.exists(),
            "{} is missing: run scripts/build-sbf.sh first",
            so.display()
        );
        Self::new(Backend::Svm(Box::new(crate::svm::Svm::start(&so))))
    }

    /// A new keypair, the same sequence in every run, so PDA bumps (and with them compute
    /// units) repeat exactly.
    pub fn keypair(&mut self) -> Keypair {
        // every bank makes the same keys: derived once per thread (deriving the public key is
        // most of a simulation's set-up outside its transactions), copied after
        thread_local! {
            static MADE: std::cell::RefCell<Vec<Keypair>> = const { std::cell::RefCell::new(vec![]) };
        }
        self.keys_made += 1;
        let n = self.keys_made;
        MADE.with_borrow_mut(|made| {
            while made.len() < n as usize {
                let mut secret = [7u8; 32];
                secret[..8].copy_from_slice(&(made.len() as u64 + 1).to_le_bytes());
                made.push(Keypair::new_from_array(secret));
            }
            made[n as usize - 1].insecure_clone()
        })
    }

    /// Transactions processed so far: (succeeded, failed).
    pub fn transaction_counts(&self) -> (u64, u64) {
        (self.txs_ok, self.txs_failed)
    }

    pub fn payer(&self) -> Keypair {
        match &self.backend {
            Backend::Test(ctx) => ctx.payer.insecure_clone(),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.payer.insecure_clone(),
        }
    }

    fn payer_pubkey(&self) -> Pubkey {
        match &self.backend {
            Backend::Test(ctx) => ctx.payer.pubkey(),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.payer.pubkey(),
        }
    }

    fn last_blockhash(&self) -> solana_hash::Hash {
        match &self.backend {
            Backend::Test(ctx) => ctx.last_blockhash,
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.latest_blockhash(),
        }
    }

    /// The lamports an account of `space` bytes needs to be rent-exempt.
    pub async fn rent_exempt_minimum(&mut self, space: usize) -> u64 {
        match &mut self.backend {
            Backend::Test(ctx) => ctx
                .banks_client
                .get_rent()
                .await
                .expect("rent")
                .minimum_balance(space),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.minimum_balance_for_rent_exemption(space),
        }
    }

    /// Sends `lamports` from the payer (for keys that must pay for something themselves).
    pub async fn airdrop(&mut self, to: &Pubkey, lamports: u64) {
        let ix = solana_system_interface::instruction::transfer(&self.payer_pubkey(), to, lamports);
        self.ok(&[ix], &[]).await;
    }

    /// Signs (payer first) and processes `ixs` as one transaction.
    pub async fn process(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let payer = self.payer();
        let all = signers_for(ixs, &payer, signers);
        let tx = self.unique_transaction(ixs, &payer, &all);
        // whatever the outcome (a failed transaction still charges its fee payer)
        self.reads.remove(&payer.pubkey());
        for m in ixs.iter().flat_map(|i| &i.accounts) {
            self.reads.remove(&m.pubkey);
        }
        #[cfg(feature = "svm")]
        if let Backend::Svm(svm) = &mut self.backend {
            let (events, r) = svm.execute(tx);
            return self.outcome(r, events, ixs);
        }
        let (events, r) = self.execute(tx, ixs, &payer, &all).await;
        self.outcome(r, events, ixs)
    }

    /// Counts the processed transaction and gives back its outcome (its logs printed with
    /// `LENDING_POOL_PRINT_LOGS` set).
    fn outcome(&mut self, r: Processed, events: Vec<Vec<u8>>, ixs: &[Instruction]) -> TxResult {
        let logs = r.logs;
        if std::env::var_os("LENDING_POOL_PRINT_LOGS").is_some() {
            eprintln!("--- tx ({:?})\n{}", r.result, logs.join("\n"));
        }
        if r.result.is_ok() {
            self.txs_ok += 1;
        } else {
            self.txs_failed += 1;
        }
        match r.result {
            Ok(()) => Ok(TxOutcome {
                compute_units: r.compute_units,
                logs,
                events,
                return_data: r.return_data,
                instructions: ixs
                    .iter()
                    .map(|i| (i.program_id, i.accounts.len()))
                    .collect(),
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

    /// An account's lamports (0 when it does not exist), read fresh.
    pub async fn lamports(&mut self, key: &Pubkey) -> u64 {
        match &mut self.backend {
            Backend::Test(ctx) => ctx
                .banks_client
                .get_balance(*key)
                .await
                .expect("get_balance"),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.get_balance(key).unwrap_or(0),
        }
    }

    pub async fn account_data(&mut self, key: &Pubkey) -> Option<Vec<u8>> {
        if let Some(data) = self.reads.get(key) {
            return data.clone();
        }
        let account = match &mut self.backend {
            Backend::Test(ctx) => ctx
                .banks_client
                .get_account(*key)
                .await
                .expect("get_account"),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.account(key),
        };
        // sysvars change without a transaction (the clock on a warp, recent blockhashes)
        if account.as_ref().is_none_or(|a| a.owner != SYSVAR_OWNER) {
            self.reads
                .insert(*key, account.as_ref().map(|a| a.data.clone()));
        }
        account.map(|a| a.data)
    }

    /// `read` of an account's data, borrowed from the read cache (no copy of the data).
    pub(crate) async fn read_with<R>(
        &mut self,
        key: &Pubkey,
        read: impl FnOnce(Option<&[u8]>) -> R,
    ) -> R {
        if !self.reads.contains_key(key) {
            let data = self.account_data(key).await;
            if !self.reads.contains_key(key) {
                // a sysvar: not cached
                return read(data.as_deref());
            }
        }
        read(self.reads[key].as_deref())
    }

    pub async fn pool(&mut self, key: &Pubkey) -> Pool {
        self.decoded(key, "pool").await
    }

    pub async fn insurance_fund(&mut self, key: &Pubkey) -> InsuranceFund {
        self.decoded(key, "insurance").await
    }

    pub async fn position(&mut self, key: &Pubkey) -> Position {
        self.decoded(key, "position").await
    }

    pub async fn insurance_stake(&mut self, key: &Pubkey) -> InsuranceStake {
        self.decoded(key, "stake").await
    }

    /// The program account `key` (a `what`), decoded; panics if it is missing or is not one.
    async fn decoded<T: ZeroCopy + Discriminator>(&mut self, key: &Pubkey, what: &str) -> T {
        self.read_with(key, |d| {
            let data = d.unwrap_or_else(|| panic!("{what} account"));
            decode_zero_copy(data).unwrap_or_else(|e| panic!("{what} decodes: {e:?}"))
        })
        .await
    }

    /// The bank's clock (unix seconds).
    pub async fn now(&mut self) -> i64 {
        self.clock().await.unix_timestamp
    }

    async fn clock(&mut self) -> anchor_lang::prelude::Clock {
        match &mut self.backend {
            Backend::Test(ctx) => ctx.banks_client.get_sysvar().await.expect("clock"),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.get_sysvar(),
        }
    }

    /// Moves the clock forward by `secs` seconds (and the slot by one).
    pub async fn warp(&mut self, secs: i64) {
        let mut clock = self.clock().await;
        clock.unix_timestamp += secs;
        clock.slot += 1;
        match &mut self.backend {
            Backend::Test(ctx) => ctx.set_sysvar(&clock),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.set_sysvar(&clock),
        }
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
        self.reads.remove(address);
        match &mut self.backend {
            Backend::Test(ctx) => ctx.set_account(address, &account.into()),
            #[cfg(feature = "svm")]
            Backend::Svm(svm) => svm.svm.set_account(*address, account).expect("set_account"),
        }
    }
}

/// The program's events among a transaction's inner instructions, in order: the data of
/// its `emit_cpi!` self-invocations (both backends report inner instructions this way).
/// `program` is the program's index among the transaction's keys (`program_index`).
pub(crate) fn program_events<'a>(
    program: Option<usize>,
    inner: impl Iterator<Item = &'a solana_message::compiled_instruction::CompiledInstruction>,
) -> Vec<Vec<u8>> {
    inner
        .filter(|ix| Some(ix.program_id_index as usize) == program)
        .filter_map(|ix| lending_pool_sdk::program_events::cpi_event_bytes(&ix.data))
        .map(<[u8]>::to_vec)
        .collect()
}

/// Where the lending pool is among a transaction's account keys.
pub(crate) fn program_index(account_keys: &[Pubkey]) -> Option<usize> {
    account_keys.iter().position(|k| *k == PROGRAM_ID)
}

/// `SBF_OUT_DIR`, or the checkout's `target/deploy`.
pub(crate) fn sbf_out_dir() -> std::path::PathBuf {
    std::env::var_os("SBF_OUT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(default_sbf_out_dir)
}
