//! Putting a snapshot into the bank: every account at its address with its owner and data
//! (the program is the same, so its PDAs and checks hold), and the base mint's authority
//! handed to a key of the simulation's, so the stress's liquidator can be given inventory.
use super::Snapshot;
use lending_pool_testkit::{Bank, Signer, TestKeypair as Keypair};

/// An SPL mint's `mint_authority`: a `COption<Pubkey>` at the start of its data.
const MINT_AUTHORITY: std::ops::Range<usize> = 0..36;

/// Loads `snap` into `bank`; returns the new authority of the pool's base mint.
pub fn load(bank: &mut Bank, snap: &Snapshot, base_mint: &anchor_lang::prelude::Pubkey) -> Keypair {
    let authority = bank.keypair();
    for a in &snap.accounts {
        let mut data = a.data.clone();
        if a.key == *base_mint {
            let mut option = 1u32.to_le_bytes().to_vec();
            option.extend_from_slice(authority.pubkey().as_ref());
            data[MINT_AUTHORITY].copy_from_slice(&option);
        }
        bank.set_account_data(&a.key, &a.owner, data);
    }
    authority
}
