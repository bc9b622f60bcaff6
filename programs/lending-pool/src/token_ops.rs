//! SPL Token CPIs, with the pool PDA signing where the pool moves its own tokens.
use crate::{constants::POOL_SEED, state::Pool};
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, MintTo, Transfer};

/// Owned copy of the pool's signer seeds, taken before the pool's data is borrowed for a CPI.
pub struct PoolSigner {
    base_mint: Pubkey,
    creator: Pubkey,
    bump: [u8; 1],
}

impl PoolSigner {
    pub fn of(pool: &Pool) -> Self {
        Self {
            base_mint: pool.base_mint,
            creator: pool.creator,
            bump: [pool.bump],
        }
    }
    fn seeds(&self) -> [&[u8]; 4] {
        [
            POOL_SEED,
            self.base_mint.as_ref(),
            self.creator.as_ref(),
            &self.bump,
        ]
    }
}

/// Moves `amount` from an account the signer `authority` owns.
pub fn transfer_from_user<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = Transfer {
        from: from.clone(),
        to: to.clone(),
        authority: authority.clone(),
    };
    token::transfer(CpiContext::new(token_program.key(), accounts), amount)
}

/// Moves `amount` out of a pool-owned vault.
pub fn transfer_from_pool<'info>(
    signer: &PoolSigner,
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    pool: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = Transfer {
        from: from.clone(),
        to: to.clone(),
        authority: pool.clone(),
    };
    let seeds = signer.seeds();
    let signer_seeds: &[&[&[u8]]] = &[&seeds];
    token::transfer(
        CpiContext::new_with_signer(token_program.key(), accounts, signer_seeds),
        amount,
    )
}

pub fn mint_lp<'info>(
    signer: &PoolSigner,
    token_program: &AccountInfo<'info>,
    lp_mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    pool: &AccountInfo<'info>,
    shares: u64,
) -> Result<()> {
    let accounts = MintTo {
        mint: lp_mint.clone(),
        to: to.clone(),
        authority: pool.clone(),
    };
    let seeds = signer.seeds();
    let signer_seeds: &[&[&[u8]]] = &[&seeds];
    token::mint_to(
        CpiContext::new_with_signer(token_program.key(), accounts, signer_seeds),
        shares,
    )
}

/// Burns LP shares from an account the signer `owner` owns.
pub fn burn_lp<'info>(
    token_program: &AccountInfo<'info>,
    lp_mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    owner: &AccountInfo<'info>,
    shares: u64,
) -> Result<()> {
    let accounts = Burn {
        mint: lp_mint.clone(),
        from: from.clone(),
        authority: owner.clone(),
    };
    token::burn(CpiContext::new(token_program.key(), accounts), shares)
}
