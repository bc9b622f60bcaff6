//! SPL Token accounts read in place. `Account<TokenAccount>` unpacks every field of every
//! token account into a heap copy; the handlers need at most a mint, an amount or a supply,
//! and the token program checks the rest in the CPI. These read just that, after the same
//! owner and initialisation checks (and the same Anchor error codes) as `Account<T>`.
use anchor_lang::{error::ErrorCode, prelude::*};
use anchor_spl::token::ID as TOKEN_PROGRAM_ID;

const TOKEN_ACCOUNT_LEN: usize = 165;
const MINT_LEN: usize = 82;
/// `AccountState` at byte 108 of a token account: 0 uninitialised, 1 initialised, 2 frozen.
const STATE_OFFSET: usize = 108;

/// The data of `info` if it is an initialised SPL Token account of `len` bytes.
fn token_data<'a>(info: &'a AccountInfo, len: usize) -> Result<std::cell::Ref<'a, &'a mut [u8]>> {
    if *info.owner != TOKEN_PROGRAM_ID {
        return Err(Error::from(ErrorCode::AccountOwnedByWrongProgram)
            .with_account_name(info.key.to_string()));
    }
    let data = info.try_borrow_data()?;
    let initialised = data.len() == len
        && if len == TOKEN_ACCOUNT_LEN {
            data[STATE_OFFSET] != 0
        } else {
            data[45] != 0 // a mint's is_initialized
        };
    require!(initialised, ErrorCode::AccountDidNotDeserialize);
    Ok(data)
}

fn pubkey_at(data: &[u8], at: usize) -> Pubkey {
    let mut k = [0u8; 32];
    k.copy_from_slice(&data[at..at + 32]);
    Pubkey::new_from_array(k)
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(v)
}

/// The mint of token account `info`.
pub fn token_mint(info: &AccountInfo) -> Result<Pubkey> {
    Ok(pubkey_at(&token_data(info, TOKEN_ACCOUNT_LEN)?, 0))
}

/// The owner (transfer authority) of token account `info`.
pub fn token_owner(info: &AccountInfo) -> Result<Pubkey> {
    Ok(pubkey_at(&token_data(info, TOKEN_ACCOUNT_LEN)?, 32))
}

/// The balance of token account `info`.
pub fn token_amount(info: &AccountInfo) -> Result<u64> {
    Ok(u64_at(&token_data(info, TOKEN_ACCOUNT_LEN)?, 64))
}

/// The supply of mint `info`.
pub fn mint_supply(info: &AccountInfo) -> Result<u64> {
    Ok(u64_at(&token_data(info, MINT_LEN)?, 36))
}

/// No two of the writable token accounts `keys` are the same account. Handlers check it as
/// their first constraint, with `ConstraintDuplicateMutableAccount`, where Anchor checked
/// its `Account<T>` fields (with a hash set, at a far higher cost).
pub fn distinct(keys: &[&Pubkey]) -> bool {
    keys.iter()
        .enumerate()
        .all(|(i, k)| !keys[i + 1..].contains(k))
}
