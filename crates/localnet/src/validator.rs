//! Starting the validator with the program, the mock Pyth receiver and the SPL token-swap
//! AMM (`external/`, at its declared id).
use anchor_lang::prelude::Pubkey;
use anyhow::{ensure, Result};
use solana_keypair::Keypair;
use solana_test_validator::{TestValidator, TestValidatorGenesis, UpgradeableProgramInfo};
use std::path::PathBuf;

pub const BPF_LOADER_UPGRADEABLE: Pubkey =
    anchor_lang::pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");

pub use lending_pool_sdk::checkout::deploy_dir;

/// The keypair of the program's localnet address (Anchor.toml's `[programs.localnet]`),
/// for deploying through the loader on a local validator. It is public: nothing but local
/// validators and tests may ever use that address.
pub fn localnet_program_keypair() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/localnet-program-keypair.json")
}

/// How to start one.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// RPC port (the websocket is the next one); `None` picks free ports.
    pub rpc_port: Option<u16>,
    /// Ledger directory (kept after exit); `None` uses a temporary one.
    pub ledger: Option<PathBuf>,
    /// Start without the lending pool: it is then deployed through the upgradeable loader,
    /// as on a cluster (`lending-pool program deploy`).
    pub without_lending_pool: bool,
}

/// Starts a validator with the three programs (upgradeable, no upgrade authority) and returns
/// it with its faucet keypair (funded with the genesis lamports).
pub fn start(opts: &Options) -> Result<(TestValidator, Keypair)> {
    let dir = deploy_dir();
    for (so, script) in [
        ("lending_pool.so", "build-sbf.sh"),
        ("mock_pyth_receiver.so", "build-sbf.sh"),
        ("spl_token_swap_amm.so", "build-external.sh"),
    ] {
        ensure!(
            dir.join(so).is_file(),
            "{} is missing: build the programs first (./scripts/{script})",
            dir.join(so).display()
        );
    }
    let mut genesis = TestValidatorGenesis::default();
    let mut programs = vec![
        UpgradeableProgramInfo {
            program_id: mock_pyth_receiver::ID,
            loader: BPF_LOADER_UPGRADEABLE,
            upgrade_authority: Pubkey::default(),
            program_path: dir.join("mock_pyth_receiver.so"),
        },
        UpgradeableProgramInfo {
            program_id: lending_pool_swap::token_swap::PROGRAM_ID,
            loader: BPF_LOADER_UPGRADEABLE,
            upgrade_authority: Pubkey::default(),
            program_path: dir.join("spl_token_swap_amm.so"),
        },
    ];
    if !opts.without_lending_pool {
        programs.push(UpgradeableProgramInfo {
            program_id: lending_pool_sdk::PROGRAM_ID,
            loader: BPF_LOADER_UPGRADEABLE,
            upgrade_authority: Pubkey::default(),
            program_path: dir.join("lending_pool.so"),
        });
    }
    genesis.add_upgradeable_programs_with_path(&programs);
    // transaction history (getSignaturesForAddress, getTransaction, getBlock) with the logs
    // and inner instructions (where the events are): what the indexer reads. A test
    // validator keeps none by default (agave-validator: --enable-rpc-transaction-history
    // --enable-extended-tx-metadata-storage)
    genesis.rpc_config(solana_rpc::rpc::JsonRpcConfig {
        enable_rpc_transaction_history: true,
        enable_extended_tx_metadata_storage: true,
        ..solana_rpc::rpc::JsonRpcConfig::default_for_test()
    });
    if let Some(port) = opts.rpc_port {
        genesis.rpc_port(port);
    }
    if let Some(ledger) = &opts.ledger {
        genesis.ledger_path(ledger);
    }
    Ok(genesis.start())
}
