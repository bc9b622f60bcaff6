//! One event per state change; integers only, with before/after values an indexer can
//! reconcile against. Every event is emitted with [`emit_cpi`] (Anchor's `emit_cpi!`): as the
//! data of a self-CPI signed by the event authority PDA, which the runtime records among
//! the transaction's inner instructions. Logs (`emit!`) are capped per transaction and any
//! earlier instruction can fill them, which would hide a settlement from log readers;
//! inner instructions cannot be cut short, and only this program can sign for its event
//! authority, so nobody can forge one either. docs/engineering/compute.md has the measured cost.
mod admin;
mod collateral;
mod exit;
mod flash;
mod insurance;
mod loss;
mod lp;
mod position;

pub use admin::*;
pub use collateral::*;
pub use exit::*;
pub use flash::*;
pub use insurance::*;
pub use loss::*;
pub use lp::*;
pub use position::*;

use anchor_lang::prelude::*;

/// Emits `event` as `emit_cpi!` does (`EVENT_IX_TAG` + discriminator + Borsh fields, in an
/// instruction to this program signed by the event authority), from any function that has
/// the authority account: helpers shared by handlers emit without a `Context`.
///
/// The fields are serialized once, into a buffer sized for the largest event (Anchor's
/// `emit_cpi!` grows it and copies it twice more), and the authority is not borrowed.
pub fn emit_cpi<E: anchor_lang::Event>(event_authority: &AccountInfo, event: &E) -> Result<()> {
    let mut data = Vec::with_capacity(EVENT_DATA_CAPACITY);
    data.extend_from_slice(anchor_lang::event::EVENT_IX_TAG_LE);
    data.extend_from_slice(E::DISCRIMINATOR);
    event
        .serialize(&mut data)
        .map_err(|_| anchor_lang::error::ErrorCode::AccountDidNotSerialize)?;
    let ix = anchor_lang::solana_program::instruction::Instruction {
        program_id: crate::ID,
        accounts: vec![AccountMeta::new_readonly(*event_authority.key, true)],
        data,
    };
    // unchecked: the authority holds no data, so there is no borrow to check
    anchor_lang::solana_program::program::invoke_signed_unchecked(
        &ix,
        std::slice::from_ref(event_authority),
        &[&[EVENT_AUTHORITY_SEED, &[crate::EVENT_AUTHORITY_AND_BUMP.1]]],
    )
    .map_err(Into::into)
}

/// The event authority's seed (Anchor's).
pub const EVENT_AUTHORITY_SEED: &[u8] = b"__event_authority";

/// Room for the largest event's instruction data (`LpDeposited`/`LpWithdrawn`, about 430
/// bytes), so serializing never grows the buffer.
const EVENT_DATA_CAPACITY: usize = 512;
