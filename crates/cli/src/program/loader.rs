//! The upgradeable loader as a cluster uses it: a buffer written in chunks (sent together,
//! confirmed together, the unconfirmed re-sent under a fresh blockhash), then deployed at a
//! program keypair's address or swapped into a program by `Upgrade`; and the program's
//! state read back (authority, program data, last deploy slot).
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anyhow::{bail, ensure, Context, Result};
use lending_pool_client::rpc::Client;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_loader_v3_interface::{instruction as loader, state::UpgradeableLoaderState};
use solana_rpc_client_api::config::RpcSendTransactionConfig;
use solana_signer::Signer;
use solana_transaction::{Message, Transaction};
use std::time::{Duration, Instant};

pub const BPF_LOADER_UPGRADEABLE: Pubkey =
    anchor_lang::pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");
/// The largest transaction the cluster forwards.
const PACKET_DATA_SIZE: usize = 1232;
/// Rounds of sending what is still unconfirmed, each under a fresh blockhash.
const WRITE_ROUNDS: usize = 5;

/// A deployed program as the loader holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramState {
    pub program_data: Pubkey,
    pub authority: Option<Pubkey>,
    pub slot: u64,
    /// The program data account's ELF area (the binary, then zero padding up to its size).
    pub elf: Vec<u8>,
}

/// Reads `program_id`'s upgradeable-loader state.
pub fn program_state(client: &Client, program_id: &Pubkey) -> Result<ProgramState> {
    let account = client
        .rpc
        .get_account(program_id)
        .map_err(|e| client.fault(e))
        .with_context(|| format!("program {program_id}"))?;
    ensure!(
        account.owner == BPF_LOADER_UPGRADEABLE,
        "{program_id} is not owned by the upgradeable loader"
    );
    let program_data = match bincode::deserialize(&account.data) {
        Ok(UpgradeableLoaderState::Program {
            programdata_address,
        }) => programdata_address,
        _ => bail!("{program_id} is not an upgradeable program account"),
    };
    let data = client
        .account_data(&program_data)?
        .with_context(|| format!("program data {program_data} missing"))?;
    let header = UpgradeableLoaderState::size_of_programdata_metadata();
    match bincode::deserialize(&data) {
        Ok(UpgradeableLoaderState::ProgramData {
            slot,
            upgrade_authority_address,
        }) if data.len() >= header => Ok(ProgramState {
            program_data,
            authority: upgrade_authority_address,
            slot,
            elf: data[header..].to_vec(),
        }),
        _ => bail!("{program_data} is not a program data account"),
    }
}

/// The bytes of one `Write` that fit a transaction signed by `signers` keys.
pub fn chunk_len(payer: &Pubkey, authority: &Pubkey, buffer: &Pubkey) -> usize {
    let empty = loader::write(buffer, authority, 0, vec![]);
    let message = Message::new(&[empty], Some(payer));
    let signatures = message.header.num_required_signatures as usize;
    // the transaction: a compact count, the signatures, the message; the data's length
    // prefix may grow from one byte to two
    PACKET_DATA_SIZE - (1 + 64 * signatures + message.serialize().len() + 1)
}

/// A new buffer holding `elf`, whose authority is `authority`; returns its address.
pub fn write_buffer(client: &Client, elf: &[u8], authority: &Keypair) -> Result<Pubkey> {
    let buffer = Keypair::new();
    let lamports = client
        .rpc
        .get_minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_buffer(elf.len()))
        .map_err(|e| client.fault(e))?;
    let create = loader::create_buffer(
        &client.payer.pubkey(),
        &buffer.pubkey(),
        &authority.pubkey(),
        lamports,
        elf.len(),
    )
    .context("the create-buffer instructions")?;
    client
        .send(
            &create,
            &signers_besides_payer(client, &[&buffer, authority]),
        )
        .context("creating the buffer")?;
    write_chunks(client, &buffer.pubkey(), authority, elf)?;
    Ok(buffer.pubkey())
}

/// The distinct keypairs among `keys` that are not the payer (who always signs).
pub fn signers_besides_payer<'a>(client: &Client, keys: &[&'a Keypair]) -> Vec<&'a Keypair> {
    let mut out: Vec<&Keypair> = vec![];
    for k in keys {
        if k.pubkey() != client.payer.pubkey() && out.iter().all(|o| o.pubkey() != k.pubkey()) {
            out.push(k);
        }
    }
    out
}

/// Writes `elf` into `buffer`: every chunk sent at once, then confirmed; what is not
/// confirmed when its blockhash expires is signed afresh and sent again.
fn write_chunks(client: &Client, buffer: &Pubkey, authority: &Keypair, elf: &[u8]) -> Result<()> {
    let payer = client.payer.pubkey();
    let len = chunk_len(&payer, &authority.pubkey(), buffer);
    let mut pending: Vec<(u32, &[u8])> = elf
        .chunks(len)
        .enumerate()
        .map(|(i, c)| ((i * len) as u32, c))
        .collect();
    let signers: Vec<&Keypair> = std::iter::once(&client.payer)
        .chain(signers_besides_payer(client, &[authority]))
        .collect();
    let config = RpcSendTransactionConfig {
        skip_preflight: true,
        ..RpcSendTransactionConfig::default()
    };
    for _ in 0..WRITE_ROUNDS {
        if pending.is_empty() {
            return Ok(());
        }
        let (blockhash, last_valid) = client
            .rpc
            .get_latest_blockhash_with_commitment(CommitmentConfig::confirmed())
            .map_err(|e| client.fault(e))?;
        let mut sent = Vec::with_capacity(pending.len());
        for (offset, bytes) in &pending {
            let ix = loader::write(buffer, &authority.pubkey(), *offset, bytes.to_vec());
            let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer), &signers, blockhash);
            // a send that fails is simply not confirmed: the next round sends it again
            let _ = client.rpc.send_transaction_with_config(&tx, config);
            sent.push((tx.signatures[0], (*offset, *bytes)));
        }
        pending = confirm(client, sent, last_valid)?;
    }
    bail!(
        "{} chunks of the buffer unconfirmed after {WRITE_ROUNDS} rounds",
        pending.len()
    )
}

/// Waits until each signature is confirmed or the blockhash expired; returns the chunks
/// still unconfirmed. A chunk the loader refused is an error.
fn confirm<'a>(
    client: &Client,
    mut sent: Vec<(solana_transaction::Signature, (u32, &'a [u8]))>,
    last_valid: u64,
) -> Result<Vec<(u32, &'a [u8])>> {
    let start = Instant::now();
    while !sent.is_empty() {
        let mut still = vec![];
        for batch in sent.chunks(256) {
            let sigs: Vec<_> = batch.iter().map(|(s, _)| *s).collect();
            let statuses = client
                .rpc
                .get_signature_statuses(&sigs)
                .map_err(|e| client.fault(e))?
                .value;
            for ((sig, chunk), status) in batch.iter().zip(statuses) {
                match status {
                    Some(s) if s.satisfies_commitment(CommitmentConfig::confirmed()) => {
                        if let Some(e) = s.err {
                            bail!("the buffer write at offset {} failed: {e}", chunk.0);
                        }
                    }
                    _ => still.push((*sig, *chunk)),
                }
            }
        }
        sent = still;
        if sent.is_empty() {
            break;
        }
        let height = client
            .rpc
            .get_block_height_with_commitment(CommitmentConfig::confirmed())
            .map_err(|e| client.fault(e))?;
        if height > last_valid || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(400));
    }
    Ok(sent.into_iter().map(|(_, c)| c).collect())
}

/// Deploys `buffer` at `program`'s address, with `authority` (the buffer's) as upgrade
/// authority and room for `max_len` bytes.
pub fn deploy_ixs(
    client: &Client,
    program: &Pubkey,
    buffer: &Pubkey,
    authority: &Pubkey,
    max_len: usize,
) -> Result<Vec<Instruction>> {
    let lamports = client
        .rpc
        .get_minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_program())
        .map_err(|e| client.fault(e))?;
    loader::deploy_with_max_program_len(
        &client.payer.pubkey(),
        program,
        buffer,
        authority,
        lamports,
        max_len,
    )
    .context("the deploy instructions")
}

pub use loader::{set_buffer_authority, set_upgrade_authority, upgrade};
