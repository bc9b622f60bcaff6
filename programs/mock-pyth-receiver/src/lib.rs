//! **For local validators only.** Loaded at the address of Pyth's receiver program so that
//! end-to-end tests can post and update `PriceUpdateV2` accounts (the lending pool accepts
//! price accounts only when the receiver owns them). Never deploy this to a real cluster:
//! anyone holding an account's write authority could post any price.
//!
//! `post` writes a whole `PriceUpdateV2` (134 bytes) into an account this program owns. The
//! account's write authority (bytes 8..40 of the data) must sign: the first post sets it.
use anchor_lang::prelude::*;

declare_id!("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");

/// The size Pyth's receiver allocates for a `PriceUpdateV2`.
pub const PRICE_UPDATE_V2_LEN: usize = 134;
const AUTHORITY: core::ops::Range<usize> = 8..40;

#[program]
pub mod mock_pyth_receiver {
    use super::*;

    /// Overwrites `price_update` with `data` (a full `PriceUpdateV2`, authority included).
    pub fn post(ctx: Context<Post>, data: Vec<u8>) -> Result<()> {
        require!(data.len() == PRICE_UPDATE_V2_LEN, MockError::WrongLength);
        let signer = ctx.accounts.authority.key.to_bytes();
        require!(data[AUTHORITY] == signer, MockError::WrongAuthority);
        let mut account = ctx.accounts.price_update.try_borrow_mut_data()?;
        require!(account.len() == PRICE_UPDATE_V2_LEN, MockError::WrongLength);
        let current = &account[AUTHORITY];
        require!(
            current.iter().all(|&b| b == 0) || current == signer,
            MockError::WrongAuthority
        );
        account.copy_from_slice(&data);
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Post<'info> {
    /// CHECK: raw price data; this program must own it (created by the caller with
    /// `system_program::create_account`, space 134, owner = this program).
    #[account(mut, owner = crate::ID)]
    pub price_update: UncheckedAccount<'info>,
    pub authority: Signer<'info>,
}

#[error_code]
pub enum MockError {
    #[msg("PriceUpdateV2 data must be 134 bytes")]
    WrongLength,
    #[msg("the account's write authority must sign, and stay the same")]
    WrongAuthority,
}
