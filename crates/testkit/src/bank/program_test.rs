//! The program-test backend of [`Bank`] (the integration suite's): starting
//! solana-program-test with the SBF binaries, and a transaction's path through its banks
//! client (a simulation for the events, then the processing, re-signed when the bank has
//! moved past its blockhash).
use super::{program_events, program_index, sbf_out_dir, Backend, Bank, Processed};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lending_pool_sdk::PROGRAM_ID;
use solana_commitment_config::CommitmentLevel;
use solana_keypair::Keypair;
use solana_program_test::{BanksTransactionResultWithMetadata, ProgramTest};
use solana_signer::Signer;
use solana_transaction::{Transaction, TransactionError};

impl Bank {
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

    /// Simulates `tx` (for its events) and processes it; when the bank has moved past its
    /// blockhash (warps, long tests), `ixs` are re-signed on the latest one and sent again.
    pub(super) async fn execute(
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
        let result = sim.result.unwrap_or(Ok(()));
        let inner = sim
            .simulation_details
            .and_then(|d| d.inner_instructions)
            .unwrap_or_default();
        let events = program_events(
            program_index(&tx.message.account_keys),
            inner.iter().flatten().map(|ix| &ix.instruction),
        );
        (events, result)
    }
}
