//! `lending-pool program ...`: what a release needs that is not an instruction of the pool.
//! `new-keypair` makes a program keypair locally (program keypairs are never committed);
//! `hash` prints the SHA-256 of a built `.so` or of the binary deployed at a program id, the
//! same way for both (trailing zero bytes dropped, as the loader pads the program data
//! account), so a verifiable build is checked by comparing two lines. `deploy` and
//! `upgrade` go through the upgradeable loader as on a cluster (`loader`); `show` reads a
//! deployed program's authority, slot and hash.
mod loader;

use super::Ctx;
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, ensure, Context, Result};
use clap::Subcommand;
use sha2::{Digest, Sha256};
use solana_signer::Signer;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum ProgramCommand {
    /// Write a new program keypair to OUTFILE and print its address; if OUTFILE exists it
    /// is kept (never overwritten) and its address printed.
    NewKeypair {
        #[arg(long)]
        outfile: PathBuf,
    },
    /// SHA-256 of a built binary (--so) or of the one deployed at --program-id.
    Hash {
        #[arg(long, conflicts_with = "program_id")]
        so: Option<PathBuf>,
        #[arg(long)]
        program_id: Option<Pubkey>,
    },
    /// Deploy a built binary through the upgradeable loader at the address of
    /// --program-keypair: a buffer written in chunks, then deployed with the keypair as
    /// upgrade authority, which --final-authority (a key or a multisig vault) then takes.
    Deploy {
        #[arg(long)]
        so: PathBuf,
        #[arg(long)]
        program_keypair: PathBuf,
        /// Room for the program to grow, in bytes (default: twice the binary).
        #[arg(long)]
        max_len: Option<usize>,
        /// Who may upgrade it from now on (default: the keypair).
        #[arg(long)]
        final_authority: Option<Pubkey>,
    },
    /// Replace the program at --program-id by a built binary: the buffer is written by the
    /// keypair and handed to the upgrade authority, whose `Upgrade` is sent (the keypair is
    /// the authority) or printed for its multisig (--authority VAULT --print-message).
    Upgrade {
        #[arg(long)]
        so: PathBuf,
        #[arg(long)]
        program_id: Pubkey,
    },
    /// A deployed program: its upgrade authority, last deploy slot, size and hash.
    Show {
        #[arg(long)]
        program_id: Pubkey,
    },
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of an ELF with its trailing zero bytes dropped.
pub fn elf_hash(elf: &[u8]) -> String {
    let end = elf.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    hex(&Sha256::digest(&elf[..end]))
}

pub fn so_hash(path: &Path) -> Result<String> {
    let elf = std::fs::read(path).with_context(|| path.display().to_string())?;
    Ok(elf_hash(&elf))
}

/// The hash of the binary deployed at `program_id` (upgradeable loader).
pub fn program_data_hash(
    client: &lending_pool_client::rpc::Client,
    program_id: &Pubkey,
) -> Result<String> {
    Ok(elf_hash(&loader::program_state(client, program_id)?.elf))
}

/// `deploy`: buffer, deploy (the keypair the authority), then the final authority.
fn deploy(
    ctx: &Ctx,
    so: &Path,
    program_keypair: &Path,
    max_len: Option<usize>,
    final_authority: Option<Pubkey>,
) -> Result<()> {
    let elf = std::fs::read(so).with_context(|| so.display().to_string())?;
    let program = super::load_keypair(program_keypair)?;
    let client = &ctx.client;
    if client.rpc.get_account(&program.pubkey()).is_ok() {
        bail!(
            "{} already exists: `program upgrade` replaces a deployed program",
            program.pubkey()
        );
    }
    let max_len = max_len.unwrap_or(2 * elf.len());
    ensure!(
        max_len >= elf.len(),
        "--max-len {max_len} is smaller than the binary ({} bytes)",
        elf.len()
    );
    let buffer = loader::write_buffer(client, &elf, &client.payer)?;
    let ixs = loader::deploy_ixs(
        client,
        &program.pubkey(),
        &buffer,
        &client.payer.pubkey(),
        max_len,
    )?;
    let sig = client.send(&ixs, &[&program])?;
    super::done(
        ctx,
        &format!("deployed {} ({} bytes)", program.pubkey(), elf.len()),
        &sig,
    );
    if let Some(to) = final_authority.filter(|to| *to != client.payer.pubkey()) {
        let ix =
            loader::set_upgrade_authority(&program.pubkey(), &client.payer.pubkey(), Some(&to));
        let sig = client.send(&[ix], &[])?;
        super::done(ctx, &format!("upgrade authority handed to {to}"), &sig);
    }
    Ok(())
}

/// `upgrade`: the buffer, handed to the program's authority, then its `Upgrade`.
fn upgrade(ctx: &Ctx, so: &Path, program_id: &Pubkey) -> Result<()> {
    let elf = std::fs::read(so).with_context(|| so.display().to_string())?;
    let client = &ctx.client;
    let state = loader::program_state(client, program_id)?;
    let authority = state
        .authority
        .with_context(|| format!("{program_id} is immutable: it has no upgrade authority"))?;
    ensure!(
        authority == ctx.authority,
        "{program_id}'s upgrade authority is {authority}: sign with it, or give \
         --authority {authority} --print-message for its multisig"
    );
    ensure!(
        elf.len() <= state.elf.len(),
        "the binary ({} bytes) exceeds the program's room ({} bytes): extend it first",
        elf.len(),
        state.elf.len()
    );
    let payer = client.payer.pubkey();
    let buffer = loader::write_buffer(client, &elf, &client.payer)?;
    if authority != payer {
        let ix = loader::set_buffer_authority(&buffer, &payer, &authority);
        client.send(&[ix], &[])?;
    }
    eprintln!(
        "buffer {buffer}: {} bytes, hash {}",
        elf.len(),
        elf_hash(&elf)
    );
    // the spill account takes the buffer's lamports back: the authority, who signs
    let ix = loader::upgrade(program_id, &buffer, &authority, &authority);
    ctx.deliver(&format!("upgraded {program_id}"), &[ix])
}

/// `show`: the loader's view of a deployed program.
fn show(ctx: &Ctx, program_id: &Pubkey) -> Result<()> {
    let s = loader::program_state(&ctx.client, program_id)?;
    let authority = s
        .authority
        .map_or("none (immutable)".to_string(), |a| a.to_string());
    let hash = elf_hash(&s.elf);
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({
                "program_id": program_id.to_string(),
                "program_data": s.program_data.to_string(),
                "upgrade_authority": s.authority.map(|a| a.to_string()),
                "last_deploy_slot": s.slot,
                "data_len": s.elf.len(),
                "hash": hash,
            })
        );
    } else {
        println!("program {program_id}\n  program data {}\n  upgrade authority {authority}\n  last deployed at slot {}\n  room {} bytes\n  hash {hash}", s.program_data, s.slot, s.elf.len());
    }
    Ok(())
}

/// A program keypair at `outfile`, made if missing (never replaced); prints its address.
fn new_keypair(outfile: &Path) -> Result<()> {
    if outfile.exists() {
        let k = solana_keypair::read_keypair_file(outfile)
            .map_err(|e| anyhow::anyhow!("{}: {e}", outfile.display()))?;
        eprintln!("{} exists: kept", outfile.display());
        println!("{}", k.pubkey());
        return Ok(());
    }
    if let Some(dir) = outfile.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let k = solana_keypair::Keypair::new();
    solana_keypair::write_keypair_file(&k, outfile)
        .map_err(|e| anyhow::anyhow!("{}: {e}", outfile.display()))?;
    println!("{}", k.pubkey());
    Ok(())
}

/// The subcommands that need neither a network nor a keypair.
pub(super) fn run_offline(c: &ProgramCommand) -> Option<Result<()>> {
    match c {
        ProgramCommand::NewKeypair { outfile } => Some(new_keypair(outfile)),
        ProgramCommand::Hash { so: Some(path), .. } => Some(so_hash(path).map(|h| println!("{h}"))),
        ProgramCommand::Hash {
            so: None,
            program_id: None,
        } => Some(Err(anyhow::anyhow!(
            "give --so <file> or --program-id <address>"
        ))),
        ProgramCommand::Hash { .. }
        | ProgramCommand::Deploy { .. }
        | ProgramCommand::Upgrade { .. }
        | ProgramCommand::Show { .. } => None,
    }
}

pub(super) fn run(ctx: &Ctx, c: ProgramCommand) -> Result<()> {
    match c {
        ProgramCommand::Hash {
            program_id: Some(id),
            ..
        } => {
            println!("{}", program_data_hash(&ctx.client, &id)?);
            Ok(())
        }
        ProgramCommand::Deploy {
            so,
            program_keypair,
            max_len,
            final_authority,
        } => deploy(ctx, &so, &program_keypair, max_len, final_authority),
        ProgramCommand::Upgrade { so, program_id } => upgrade(ctx, &so, &program_id),
        ProgramCommand::Show { program_id } => show(ctx, &program_id),
        other => run_offline(&other).expect("handled before connecting"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_padding_does_not_change_the_hash() {
        let elf = b"\x7fELF some program bytes\x00\x01";
        let padded = [&elf[..], &[0u8; 100]].concat();
        assert_eq!(elf_hash(elf), elf_hash(&padded));
        assert_ne!(elf_hash(elf), elf_hash(&elf[..elf.len() - 1]));
        // sha256("") for an all-zero input
        assert_eq!(
            elf_hash(&[0; 8]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_program_keypair_is_never_overwritten() {
        let dir = std::env::temp_dir().join(format!("lp-keys-{}", std::process::id()));
        let outfile = dir.join("devnet/lending_pool-keypair.json");
        let c = ProgramCommand::NewKeypair {
            outfile: outfile.clone(),
        };
        run_offline(&c).unwrap().unwrap();
        let first = std::fs::read(&outfile).unwrap();
        run_offline(&c).unwrap().unwrap();
        assert_eq!(
            std::fs::read(&outfile).unwrap(),
            first,
            "kept, not replaced"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
