//! How the bank's transactions are signed: the payer and the keys the instructions ask for,
//! on the last blockhash, each made unique (a repeat would be dropped as already processed).
use super::{Bank, COMPUTE_BUDGET_PROGRAM_ID};
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;

impl Bank {
    /// `ixs` signed on the last blockhash. The same instructions twice would be the same
    /// signature (and be dropped as already processed): the message is made unique with a
    /// compute-unit limit instead of waiting for a new blockhash.
    pub(super) fn unique_transaction(
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
        if let super::Backend::Svm(_) = &self.backend {
            return crate::svm::Svm::pseudo_signed(ixs, payer, all, self.last_blockhash());
        }
        Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), all, self.last_blockhash())
    }
}

/// The payer and, of `signers`, the keys the instructions ask for (tests pass extra keys
/// freely).
pub(super) fn signers_for<'k>(
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
