//! How a command's instructions leave the CLI. By default they are signed by the keypair
//! and sent. For an admin or guardian that is a multisig (a Squads vault, a governance PDA)
//! `--authority <vault> --print-message` prints the unsigned message with the vault as fee
//! payer and signer (base58 for a Squads proposal, base64, and the instructions as JSON for
//! other tools); for an offline signer `--sign-only --blockhash <hash>` signs without a
//! network and prints the signature and the signed transaction.
use super::Ctx;
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use anyhow::{bail, Result};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::json;
use solana_signer::Signer;
use solana_transaction::{Message, Transaction};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Send,
    PrintMessage,
    SignOnly { blockhash: solana_transaction::Hash },
}

/// The unsigned message for `authority` (fee payer and signer) as printed by
/// `--print-message`.
pub fn message_json(what: &str, authority: &Pubkey, ixs: &[Instruction]) -> serde_json::Value {
    let message = Message::new(ixs, Some(authority));
    let bytes = message.serialize();
    let instructions: Vec<_> = ixs
        .iter()
        .map(|ix| {
            json!({
                "program_id": ix.program_id.to_string(),
                "accounts": ix.accounts.iter().map(|a| json!({
                    "pubkey": a.pubkey.to_string(),
                    "is_signer": a.is_signer,
                    "is_writable": a.is_writable,
                })).collect::<Vec<_>>(),
                "data_base64": BASE64.encode(&ix.data),
            })
        })
        .collect();
    json!({
        "action": what,
        "authority": authority.to_string(),
        "message_base58": bs58::encode(&bytes).into_string(),
        "message_base64": BASE64.encode(&bytes),
        "instructions": instructions,
    })
}

impl Ctx {
    /// Sends `ixs` (and prints `what` with the signature), or prints them for a multisig or
    /// an offline signer.
    pub(super) fn deliver(&self, what: &str, ixs: &[Instruction]) -> Result<()> {
        let payer = self.client.payer.pubkey();
        match self.delivery {
            Delivery::Send => {
                if self.authority != payer {
                    bail!(
                        "--authority {} is not the keypair's ({payer}): add --print-message to \
                         get the message for its multisig, or sign with its keypair",
                        self.authority
                    );
                }
                let sig = self.client.send(ixs, &[])?;
                super::done(self, what, &sig);
            }
            Delivery::PrintMessage => {
                let v = message_json(what, &self.authority, ixs);
                println!("{}", serde_json::to_string_pretty(&v)?);
            }
            Delivery::SignOnly { blockhash } => {
                if self.authority != payer {
                    bail!("--sign-only signs with the keypair: --authority must be its key");
                }
                let mut tx = Transaction::new_unsigned(Message::new(ixs, Some(&payer)));
                tx.try_sign(&[&self.client.payer], blockhash)?;
                let bytes = bincode::serialize(&tx)?;
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({
                        "action": what,
                        "blockhash": blockhash.to_string(),
                        "signer": payer.to_string(),
                        "signature": tx.signatures[0].to_string(),
                        "transaction_base64": BASE64.encode(bytes),
                    }))?
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lending_pool_sdk::ix;

    #[test]
    fn the_printed_message_is_the_authoritys_instruction() {
        let (pool, vault) = (Pubkey::new_unique(), Pubkey::new_unique());
        let ixs = [ix::set_pause(&pool, &vault, 1)];
        let v = message_json("pause", &vault, &ixs);
        let bytes = bs58::decode(v["message_base58"].as_str().unwrap())
            .into_vec()
            .unwrap();
        assert_eq!(
            BASE64
                .decode(v["message_base64"].as_str().unwrap())
                .unwrap(),
            bytes
        );
        let message: Message = bincode::deserialize(&bytes).unwrap();
        // the vault pays and signs: it is the first account and the only signer
        assert_eq!(message.account_keys[0], vault);
        assert_eq!(message.header.num_required_signatures, 1);
        assert_eq!(message.instructions.len(), 1);
        let compiled = &message.instructions[0];
        assert_eq!(
            message.account_keys[compiled.program_id_index as usize],
            lending_pool_sdk::PROGRAM_ID
        );
        assert_eq!(compiled.data, ixs[0].data);
        let accounts = v["instructions"][0]["accounts"].as_array().unwrap();
        let signer = accounts.iter().find(|a| a["is_signer"] == true).unwrap();
        assert_eq!(signer["pubkey"], vault.to_string());
    }
}
