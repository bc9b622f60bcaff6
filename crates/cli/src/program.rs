//! `lending-pool program ...`: what a release needs that is not an instruction of the pool.
//! `new-keypair` makes a program keypair locally (program keypairs are never committed);
//! `hash` prints the SHA-256 of a built `.so` or of the binary deployed at a program id, the
//! same way for both (trailing zero bytes dropped, as the loader pads the program data
//! account), so a verifiable build is checked by comparing two lines.
use super::Ctx;
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use sha2::{Digest, Sha256};
use solana_signer::Signer;
use std::path::{Path, PathBuf};

const BPF_LOADER_UPGRADEABLE: Pubkey =
    anchor_lang::pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");
/// `UpgradeableLoaderState::ProgramData`: tag (4), slot (8), Option<authority> (1 + 32).
const PROGRAM_DATA_HEADER: usize = 45;

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
    let account = client
        .rpc
        .get_account(program_id)
        .map_err(|e| client.fault(e))?;
    if account.owner != BPF_LOADER_UPGRADEABLE {
        bail!("{program_id} is not owned by the upgradeable loader");
    }
    // UpgradeableLoaderState::Program { programdata_address }: tag 2, then the address
    let data_address = match account.data.get(..36) {
        Some([2, 0, 0, 0, rest @ ..]) => Pubkey::try_from(rest).expect("32 bytes"),
        _ => bail!("{program_id} is not an upgradeable program account"),
    };
    let data = client
        .account_data(&data_address)?
        .with_context(|| format!("program data {data_address} missing"))?;
    match data.get(..4) {
        Some([3, 0, 0, 0]) if data.len() >= PROGRAM_DATA_HEADER => {
            Ok(elf_hash(&data[PROGRAM_DATA_HEADER..]))
        }
        _ => bail!("{data_address} is not a program data account"),
    }
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
        ProgramCommand::Hash { .. } => None,
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
