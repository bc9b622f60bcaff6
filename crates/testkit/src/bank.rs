//! The in-process bank: starting solana-program-test (or, with the `svm` feature, LiteSVM)
//! with the lending pool's SBF binary, signing and sending transactions, deterministic
//! keypairs, reading and writing accounts, and moving the clock.
use crate::{TxFailure, TxOutcome, TxResult};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool::state::{InsuranceFund, InsuranceStake, Pool, Position};
use lending_pool_sdk::{accounts::decode_zero_copy, oracle::PriceUpdateSpec, PROGRAM_ID};
use solana_commitment_config::CommitmentLevel;
use solana_keypair::Keypair;
use solana_program_test::{BanksTransactionResultWithMetadata, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::{Transaction, TransactionError};
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

    /// Starts a bank with the lending pool's SBF binary loaded (never the native build).
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// `start`, with `customize` run on the `ProgramTest` before the bank starts (a test's
    /// own native program, e.g. a stand-in multisig vault that signs by PDA).
    pub async fn start_customized(customize: impl FnOnce(&mut ProgramTest)) -> Self {
        Self::start_with_customized(&[], customize).await
    }

    /// `start` with more SBF programs (`name.so` from the same directory, built by
    /// `scripts/build-external.sh`) loaded, each at its id: the peer benchmark's second program.
    pub async fn start_with(extra: &[(&'static str, Pubkey)]) -> Self {
        Self::start_with_customized(extra, |_| {}).await
    }

    async fn start_with_customized(
        extra: &[(&'static str, Pubkey)],
        customize: impl FnOnce(&mut ProgramTest),
    ) -> Self {
        let dir = sbf_out_dir();
        for (name, script) in std::iter::once(("lending_pool", "build-sbf.sh"))
            .chain(extra.iter().map(|&(name, _)| (name, "build-external.sh")))
        {
            let so = dir.join(format!("{name}.so"));
            assert!(
                so.exists(),
                "{} is missing: run scripts/{script} first",
                so.display()
            );
        }
        // program-test reads SBF_OUT_DIR itself; set it before the ProgramTest exists (only
        // when needed: parallel simulations start banks on several threads)
        if std::env::var_os("SBF_OUT_DIR").as_deref() != Some(dir.as_os_str()) {
            unsafe { std::env::set_var("SBF_OUT_DIR", &dir) };
        }
        let mut pt = ProgramTest::default();
        pt.prefer_bpf(true);
        pt.add_program("lending_pool", PROGRAM_ID, None);
        for &(name, id) in extra {
            pt.add_program(name, id, None);
        }
        customize(&mut pt);
        Self::new(Backend::Test(Box::new(pt.start_with_context().await)))
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
            return self.outcome(r, events);
        }
        let (events, r) = self.execute(tx, ixs, &payer, &all).await;
        self.outcome(r, events)
    }

    /// `ixs` signed on the last blockhash. The same instructions twice would be the same
    /// signature (and be dropped as already processed): the message is made unique with a
    /// compute-unit limit instead of waiting for a new blockhash.
    fn unique_transaction(
        &mut self,
        ixs: &[Instruction],
        payer: &Keypair,
        all: &[&Keypair],
    ) -> Transaction {
        let mut tx = self.signed(ixs, payer, all);
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
            tx = self.signed(&unique, payer, all);
        }
        tx
    }

    /// `ixs` as a transaction signed by `all` on the last blockhash. LiteSVM's bank does not
    /// verify signatures: each is the message's SHA-256 (twice), which keeps transactions
    /// apart as ed25519 signatures would, at a fraction of the cost of signing.
    fn signed(&self, ixs: &[Instruction], payer: &Keypair, all: &[&Keypair]) -> Transaction {
        #[cfg(feature = "svm")]
        if let Backend::Svm(_) = &self.backend {
            return crate::svm::Svm::pseudo_signed(ixs, payer, all, self.last_blockhash());
        }
        Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), all, self.last_blockhash())
    }

    /// Simulates `tx` (for its events) and processes it; when the bank has moved past its
    /// blockhash (warps, long tests), `ixs` are re-signed on the latest one and sent again.
    async fn execute(
        &mut self,
        tx: Transaction,
        ixs: &[Instruction],
        payer: &Keypair,
        all: &[&Keypair],
    ) -> (Vec<Vec<u8>>, Processed) {
        let (events, simulated) = self.cpi_events(&tx).await;
        // the simulation can find the blockhash too old where processing would not: take a
        // fresh one then, so the events come from the execution that counts
        if simulated != Err(TransactionError::BlockhashNotFound) {
            let r = self.process_with_metadata(tx).await;
            if r.result != Err(TransactionError::BlockhashNotFound) {
                return (events, r);
            }
        }
        // the bank moved on: re-sign on its latest blockhash
        let bh = self
            .ctx()
            .banks_client
            .get_latest_blockhash()
            .await
            .expect("blockhash");
        self.ctx().last_blockhash = bh;
        let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), all, bh);
        self.sent.insert(tx.signatures[0].into());
        let events = self.cpi_events(&tx).await.0;
        (events, self.process_with_metadata(tx).await)
    }

    /// Processes `tx` on the bank, with its metadata (logs, units, return data).
    async fn process_with_metadata(&mut self, tx: Transaction) -> Processed {
        let r: BanksTransactionResultWithMetadata = self
            .ctx()
            .banks_client
            .process_transaction_with_metadata(tx)
            .await
            .expect("banks client transport");
        let md = r.metadata;
        Processed {
            result: r.result,
            compute_units: md.as_ref().map_or(0, |m| m.compute_units_consumed),
            logs: md
                .as_ref()
                .map(|m| m.log_messages.clone())
                .unwrap_or_default(),
            return_data: md.and_then(|m| m.return_data).map(|d| d.data),
        }
    }

    /// Counts the processed transaction and gives back its outcome (its logs printed with
    /// `LENDING_POOL_PRINT_LOGS` set).
    fn outcome(&mut self, r: Processed, events: Vec<Vec<u8>>) -> TxResult {
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
            }),
            Err(error) => Err(TxFailure { error, logs }),
        }
    }

    /// The program's events in `tx`, in order: the data of its `emit_cpi!` inner
    /// instructions. program-test returns inner instructions only from a simulation, so the
    /// transaction is simulated on the same bank just before it is processed (same state,
    /// same clock: the same execution).
    async fn cpi_events(
        &mut self,
        tx: &Transaction,
    ) -> (Vec<Vec<u8>>, Result<(), TransactionError>) {
        let sim = self
            .ctx()
            .banks_client
            // the working bank, where the transaction is processed next (the default
            // commitment would simulate on an older, rooted bank)
            .simulate_transaction_with_commitment(tx.clone(), CommitmentLevel::Processed)
            .await
            .expect("banks client transport");
        let keys = &tx.message.account_keys;
        let result = sim.result.unwrap_or(Ok(()));
        let events = sim
            .simulation_details
            .and_then(|d| d.inner_instructions)
            .unwrap_or_default()
            .iter()
            .flatten()
            .filter(|ix| keys.get(ix.instruction.program_id_index as usize) == Some(&PROGRAM_ID))
            .filter_map(|ix| {
                lending_pool_sdk::program_events::cpi_event_bytes(&ix.instruction.data)
            })
            .map(<[u8]>::to_vec)
            .collect();
        (events, result)
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
        self.read_with(key, |d| {
            decode_zero_copy(d.expect("pool account")).expect("pool decodes")
        })
        .await
    }

    pub async fn insurance_fund(&mut self, key: &Pubkey) -> InsuranceFund {
        self.read_with(key, |d| {
            decode_zero_copy(d.expect("insurance account")).expect("insurance decodes")
        })
        .await
    }

    pub async fn position(&mut self, key: &Pubkey) -> Position {
        self.read_with(key, |d| {
            decode_zero_copy(d.expect("position account")).expect("position decodes")
        })
        .await
    }

    pub async fn insurance_stake(&mut self, key: &Pubkey) -> InsuranceStake {
        self.read_with(key, |d| {
            decode_zero_copy(d.expect("stake account")).expect("stake decodes")
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

/// `SBF_OUT_DIR`, or the checkout's `target/deploy`.
fn sbf_out_dir() -> std::path::PathBuf {
    std::env::var_os("SBF_OUT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(default_sbf_out_dir)
}

/// The payer and, of `signers`, the keys the instructions ask for (tests pass extra keys
/// freely).
fn signers_for<'k>(
    ixs: &[Instruction],
    payer: &'k Keypair,
    signers: &[&'k Keypair],
) -> Vec<&'k Keypair> {
    let wanted = |k: &Pubkey| {
        ixs.iter()
            .flat_map(|i| &i.accounts)
            .any(|m| m.is_signer && m.pubkey == *k)
    };
    let mut all: Vec<&Keypair> = vec![payer];
    all.extend(
        signers
            .iter()
            .copied()
            .filter(|k| k.pubkey() != payer.pubkey() && wanted(&k.pubkey())),
    );
    all
}

/// The read cache's and the sent set's hasher: their keys (addresses, signatures) are already
/// uniformly random bytes, so folding them is enough (SipHash was a visible share of a
/// simulation's time).
#[derive(Clone, Copy, Default)]
struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
