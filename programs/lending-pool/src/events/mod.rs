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
pub fn emit_cpi<E: anchor_lang::Event>(event_authority: &AccountInfo, event: &E) -> Result<()> {
    let data = [anchor_lang::event::EVENT_IX_TAG_LE, &event.data()].concat();
    let ix = anchor_lang::solana_program::instruction::Instruction::new_with_bytes(
        crate::ID,
        &data,
        vec![AccountMeta::new_readonly(*event_authority.key, true)],
    );
    anchor_lang::solana_program::program::invoke_signed(
        &ix,
        std::slice::from_ref(event_authority),
        &[&[b"__event_authority", &[crate::EVENT_AUTHORITY_AND_BUMP.1]]],
    )
    .map_err(Into::into)
}
