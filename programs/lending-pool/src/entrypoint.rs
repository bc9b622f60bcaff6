//! The program's entrypoint, in place of the one `#[program]` generates (the `own-entrypoint`
//! feature turns Anchor's off). It behaves as Anchor's and differs only in cost:
//! - **An event's self-CPI is answered first.** Every event is an instruction to this
//!   program, signed by the event authority, whose handler only checks that signature
//!   (`events/mod.rs`). Anchor's entry deserializes the account, then compares the data
//!   with each of the 38 instruction discriminators before it reaches that handler: about
//!   540 CU per event. Here the raw input is read in place, about 40 CU. Anything that is
//!   not exactly such an instruction (another account count, a missing signature, another
//!   key, another program id) goes to Anchor's entry, which refuses it as before.
//! - **Accounts are deserialized into a fixed array**, not a heap `Vec`
//!   (`solana_program_entrypoint::entrypoint_no_alloc!`'s way): about 30 CU an account.
use anchor_lang::{
    event::EVENT_IX_TAG_LE,
    prelude::{AccountInfo, Pubkey},
    solana_program::entrypoint::{
        deserialize_into, BPF_ALIGN_OF_U128, MAX_PERMITTED_DATA_INCREASE, NON_DUP_MARKER, SUCCESS,
    },
};
use std::mem::MaybeUninit;

/// The runtime passes at most 64 accounts' infos (the no-alloc entrypoint's limit).
const MAX_ACCOUNT_INFOS: usize = 64;

/// # Safety
/// Called by the runtime with its serialized input (the SBF loader's ABI).
#[no_mangle]
pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
    if is_event_self_cpi(input) {
        return SUCCESS;
    }
    #[allow(clippy::declare_interior_mutable_const)]
    const UNINIT: MaybeUninit<AccountInfo> = MaybeUninit::uninit();
    let mut accounts = [UNINIT; MAX_ACCOUNT_INFOS];
    let (program_id, count, data) = deserialize_into(input, &mut accounts);
    // SAFETY: `deserialize_into` initialised the first `count` infos.
    let accounts =
        &*(&accounts[..count] as *const [MaybeUninit<AccountInfo>] as *const [AccountInfo]);
    call_program(program_id, accounts, data)
}

#[inline(never)]
fn call_program<'a>(
    program_id: &'a Pubkey,
    accounts: &'a [AccountInfo<'a>],
    data: &'a [u8],
) -> u64 {
    match crate::entry(program_id, accounts, data) {
        Ok(()) => SUCCESS,
        Err(error) => error.into(),
    }
}

/// Whether the input is an event: one account, the event authority, signing; data
/// starting with `EVENT_IX_TAG`; this program's id. Anchor's event handler accepts exactly
/// these and changes nothing.
///
/// # Safety
/// `input` is the runtime's serialized input: `u64` account count, each account as
/// `[dup marker, signer, writable, executable, 4 bytes, key, owner, lamports: u64,
/// data_len: u64, data, MAX_PERMITTED_DATA_INCREASE, padding to 8, rent_epoch: u64]`,
/// then `data_len: u64`, the data and the program id.
unsafe fn is_event_self_cpi(input: *const u8) -> bool {
    const KEY: usize = 8 + 8;
    const DATA_LEN: usize = KEY + 32 + 32 + 8;
    if *(input as *const u64) != 1 || *input.add(8) != NON_DUP_MARKER || *input.add(9) == 0 {
        return false;
    }
    if *(input.add(KEY) as *const Pubkey) != crate::EVENT_AUTHORITY_AND_BUMP.0 {
        return false;
    }
    let account_data_len = *(input.add(DATA_LEN) as *const u64) as usize;
    let mut offset = DATA_LEN + 8 + account_data_len + MAX_PERMITTED_DATA_INCREASE;
    offset += (input.add(offset) as usize).wrapping_neg() & (BPF_ALIGN_OF_U128 - 1);
    offset += 8; // rent epoch
    let ix_len = *(input.add(offset) as *const u64) as usize;
    let ix_data = input.add(offset + 8);
    ix_len >= EVENT_IX_TAG_LE.len()
        && std::slice::from_raw_parts(ix_data, EVENT_IX_TAG_LE.len()) == EVENT_IX_TAG_LE
        && *(ix_data.add(ix_len) as *const Pubkey) == crate::ID
}

anchor_lang::solana_program::entrypoint::custom_heap_default!();
anchor_lang::solana_program::entrypoint::custom_panic_default!();
