//! The LiteSVM backend of [`crate::Bank`] (`Bank::start_svm`): the simulator's bank. The same
//! SBF binaries as program-test (the lending pool's, and program-test's own SPL Token build,
//! p-token with its batch instruction), every runtime feature active as in program-test, the
//! same rent and fee structure; transactions run directly on the SVM, which gives back the
//! inner instructions (the program's `emit_cpi!` events) of the execution itself.
use crate::bank::Processed;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anchor_spl::token::spl_token;
use lending_pool_sdk::PROGRAM_ID;
use litesvm::LiteSVM;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;

/// The bank's clock at the start (unix seconds): a fixed time, so every run starts at the
/// same instant (program-test starts at the wall-clock time; the simulator reads only
/// differences of the clock).
const GENESIS_UNIX_TIME: i64 = 1_750_000_000;

/// The bytes of a loader-v3 program-data account before the ELF: the state's tag (4), the
/// deployment slot (8) and the optional upgrade authority (1 + 32).
const PROGRAMDATA_METADATA_LEN: usize = 45;

pub(crate) struct Svm {
    pub svm: LiteSVM,
    pub payer: Keypair,
}

impl Svm {
    /// A bank with the programs loaded: a copy of this thread's first one (loading a program
    /// is a JIT compile: a good part of a short simulation), started anew for another binary.
    pub fn start(lending_pool_so: &std::path::Path) -> Self {
        thread_local! {
            static STARTED: std::cell::RefCell<Option<(std::path::PathBuf, Svm)>> =
                const { std::cell::RefCell::new(None) };
        }
        STARTED.with_borrow_mut(|started| {
            if started.as_ref().is_none_or(|(so, _)| so != lending_pool_so) {
                *started = Some((lending_pool_so.to_path_buf(), Self::load(lending_pool_so)));
            }
            let svm = &started.as_ref().expect("started").1;
            Self {
                svm: svm.svm.clone(),
                payer: svm.payer.insecure_clone(),
            }
        })
    }

    fn load(lending_pool_so: &std::path::Path) -> Self {
        let mut svm = LiteSVM::default()
            // program-test's genesis: every feature active
            .with_feature_set(agave_feature_set::FeatureSet::all_enabled())
            .with_builtins()
            .with_sysvars()
            .with_feature_accounts()
            // the bank signs every transaction itself and never expires a blockhash
            .with_sigverify(false)
            .with_blockhash_check(false)
            // the bank makes every transaction unique itself (`Bank::unique_transaction`)
            .with_transaction_history(0);
        let mut clock: anchor_lang::prelude::Clock = svm.get_sysvar();
        clock.unix_timestamp = GENESIS_UNIX_TIME;
        clock.epoch_start_timestamp = GENESIS_UNIX_TIME;
        svm.set_sysvar(&clock);
        // program-test's SPL Token (p-token 1.0.0, upgradeable loader), not LiteSVM's build;
        // of program-test's other SPL programs (Token-2022, memo, associated token accounts),
        // which neither the pool nor the simulator calls, none (each is a JIT compile per bank)
        let token = solana_program_binaries::by_id(&spl_token::ID, &Default::default())
            .expect("program-test ships SPL Token");
        let programdata = &token.last().expect("program data account").1;
        let elf = &solana_account::ReadableAccount::data(programdata)[PROGRAMDATA_METADATA_LEN..];
        svm.add_program(spl_token::ID, elf).expect("load SPL Token");
        let so = std::fs::read(lending_pool_so).expect("read lending_pool.so");
        svm.add_program(PROGRAM_ID, &so)
            .expect("load lending_pool.so");
        let payer = Keypair::new_from_array([9u8; 32]);
        svm.set_account(
            payer.pubkey(),
            solana_account::Account {
                lamports: 1_000_000_000 * 1_000_000_000,
                data: vec![],
                owner: Pubkey::default(),
                executable: false,
                rent_epoch: 0,
            },
        )
        .expect("fund the payer");
        Self { svm, payer }
    }

    /// Processes `tx`: the program's events (its `emit_cpi!` inner instructions, in order)
    /// and the result.
    pub fn execute(&mut self, tx: Transaction) -> (Vec<Vec<u8>>, Processed) {
        let program = crate::bank::program_index(&tx.message.account_keys);
        match self.svm.send_transaction(tx) {
            Ok(meta) => {
                let events = crate::bank::program_events(
                    program,
                    meta.inner_instructions
                        .iter()
                        .flatten()
                        .map(|ix| &ix.instruction),
                );
                let return_data = meta.return_data.data;
                let processed = Processed {
                    result: Ok(()),
                    compute_units: meta.compute_units_consumed,
                    logs: meta.logs,
                    return_data: (!return_data.is_empty()).then_some(return_data),
                };
                (events, processed)
            }
            Err(failed) => {
                let processed = Processed {
                    result: Err(failed.err),
                    compute_units: failed.meta.compute_units_consumed,
                    logs: failed.meta.logs,
                    return_data: None,
                };
                (vec![], processed)
            }
        }
    }

    /// `ixs` as a transaction whose signatures are the message's SHA-256 (twice): the keys
    /// `all` must still cover every signer the message asks for (as signing would check).
    pub fn pseudo_signed(
        ixs: &[Instruction],
        payer: &Keypair,
        all: &[&Keypair],
        blockhash: solana_hash::Hash,
    ) -> Transaction {
        let message =
            solana_message::Message::new_with_blockhash(ixs, Some(&payer.pubkey()), &blockhash);
        let signers = message.header.num_required_signatures as usize;
        let keys: Vec<Pubkey> = all.iter().map(|k| k.pubkey()).collect();
        for wanted in &message.account_keys[..signers] {
            assert!(
                keys.contains(wanted),
                "not enough signers: {wanted} is missing"
            );
        }
        let digest = solana_sha256_hasher::hash(&message.serialize()).to_bytes();
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&digest);
        signature[32..].copy_from_slice(&digest);
        Transaction {
            signatures: vec![signature.into(); signers],
            message,
        }
    }

    pub fn account(&self, key: &Pubkey) -> Option<solana_account::Account> {
        self.svm.get_account(key)
    }
}
