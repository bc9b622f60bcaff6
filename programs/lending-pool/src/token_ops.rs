//! SPL Token CPIs, with the pool PDA signing where the pool moves its own tokens.
//!
//! An instruction collects its token moves in a [`TokenMoves`] and sends them at once: two
//! or more go as one p-token `Batch` instruction (discriminator 255), one CPI instead of
//! one per move. Each CPI pays the invoke's base cost (1,000 CU) and the translation of
//! its accounts and signer seeds before the token program runs (a p-token transfer is
//! under 150 CU). Build with the `no-token-batch` feature for a cluster whose Token
//! program is the pre-p-token SPL Token (it rejects 255): every move is then its own CPI.
use crate::{constants::POOL_SEED, state::Pool};
use anchor_lang::{
    prelude::*,
    solana_program::{
        instruction::{AccountMeta, Instruction},
        program::invoke_signed_unchecked,
    },
};

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

/// SPL Token instruction discriminators (the layout every SPL Token build shares).
const TRANSFER: u8 = 3;
const MINT_TO: u8 = 7;
const BURN: u8 = 8;
/// p-token's batch: `[255, (account_count, data_len, data…)…]`, accounts in sequence.
const BATCH: u8 = 255;
/// Each move: three accounts and `[discriminator, amount: u64 LE]`.
const MOVE_ACCOUNTS: usize = 3;
const MOVE_DATA: usize = 9;
const MAX_MOVES: usize = 4;

/// Token moves of one instruction, sent in one CPI (see the module docs).
pub struct TokenMoves<'a, 'info> {
    token_program: &'a AccountInfo<'info>,
    /// the pool account and its seeds, when the pool signs some move
    pool: Option<(&'a AccountInfo<'info>, &'a PoolSigner)>,
    metas: Vec<AccountMeta>,
    infos: Vec<AccountInfo<'info>>,
    /// the batch's data; each move's own instruction data is `data[header + 2..][..9]`
    data: Vec<u8>,
}

impl<'a, 'info> TokenMoves<'a, 'info> {
    /// Moves signed by their owners or, with `pool`, by the pool PDA its seeds derive.
    pub fn new(
        token_program: &'a AccountInfo<'info>,
        pool: Option<(&'a AccountInfo<'info>, &'a PoolSigner)>,
    ) -> Self {
        let mut data = Vec::with_capacity(1 + MAX_MOVES * (2 + MOVE_DATA));
        data.push(BATCH);
        Self {
            token_program,
            pool,
            metas: Vec::with_capacity(MAX_MOVES * MOVE_ACCOUNTS),
            infos: Vec::with_capacity(MAX_MOVES * MOVE_ACCOUNTS),
            data,
        }
    }

    /// `amount` from `from` (owned by `authority`: a signer, or the pool) to `to`.
    pub fn transfer(
        &mut self,
        from: &AccountInfo<'info>,
        to: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        amount: u64,
    ) -> &mut Self {
        self.push(TRANSFER, [from, to, authority], amount)
    }

    /// Mints `amount` of `mint` (its mint authority `authority`) to `to`.
    pub fn mint_to(
        &mut self,
        mint: &AccountInfo<'info>,
        to: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        amount: u64,
    ) -> &mut Self {
        self.push(MINT_TO, [mint, to, authority], amount)
    }

    /// Burns `amount` of `mint` from `from` (owned by the signer `authority`).
    pub fn burn(
        &mut self,
        mint: &AccountInfo<'info>,
        from: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        amount: u64,
    ) -> &mut Self {
        self.push(BURN, [from, mint, authority], amount)
    }

    fn push(
        &mut self,
        discriminator: u8,
        [a0, a1, authority]: [&AccountInfo<'info>; MOVE_ACCOUNTS],
        amount: u64,
    ) -> &mut Self {
        debug_assert!(self.len() < MAX_MOVES);
        self.metas.push(AccountMeta::new(*a0.key, false));
        self.metas.push(AccountMeta::new(*a1.key, false));
        self.metas
            .push(AccountMeta::new_readonly(*authority.key, true));
        self.infos
            .extend([a0.clone(), a1.clone(), authority.clone()]);
        self.data
            .extend_from_slice(&[MOVE_ACCOUNTS as u8, MOVE_DATA as u8, discriminator]);
        self.data.extend_from_slice(&amount.to_le_bytes());
        self
    }

    fn len(&self) -> usize {
        self.metas.len() / MOVE_ACCOUNTS
    }

    /// Whether move `i` is the pool's to sign.
    fn pool_signs(&self, i: usize) -> bool {
        self.pool
            .is_some_and(|(pool, _)| self.metas[i * MOVE_ACCOUNTS + 2].pubkey == *pool.key)
    }

    /// The pool's seeds when it must sign.
    fn signer_if(&self, pool_signs: bool) -> Option<&'a PoolSigner> {
        self.pool.filter(|_| pool_signs).map(|(_, signer)| signer)
    }

    /// Sends the moves: one batch CPI for two or more (unless `no-token-batch`), else one
    /// CPI each. The pool signs only CPIs that need it.
    pub fn send(self) -> Result<()> {
        let n = self.len();
        let program_id = *self.token_program.key;
        if n > 1 && !cfg!(feature = "no-token-batch") {
            let signer = self.signer_if((0..n).any(|i| self.pool_signs(i)));
            let ix = Instruction {
                program_id,
                accounts: self.metas,
                data: self.data,
            };
            return invoke(&ix, &self.infos, signer);
        }
        for i in 0..n {
            let accounts = i * MOVE_ACCOUNTS..(i + 1) * MOVE_ACCOUNTS;
            let data_start = 1 + i * (2 + MOVE_DATA) + 2;
            let ix = Instruction {
                program_id,
                accounts: self.metas[accounts.clone()].to_vec(),
                data: self.data[data_start..data_start + MOVE_DATA].to_vec(),
            };
            invoke(
                &ix,
                &self.infos[accounts],
                self.signer_if(self.pool_signs(i)),
            )?;
        }
        Ok(())
    }
}

/// Unchecked: `invoke_signed` would first try to borrow every account the instruction
/// names, searching `infos` by key for each (~450 CU for a batch on SBF). That check guards
/// against a caller holding a borrow of an account's data across the CPI, which the CPI's
/// writes would then alias. Every handler's loads and token-account reads end before it
/// sends its moves.
fn invoke(ix: &Instruction, infos: &[AccountInfo], signer: Option<&PoolSigner>) -> Result<()> {
    match signer {
        Some(signer) => invoke_signed_unchecked(ix, infos, &[&signer.seeds()]),
        None => invoke_signed_unchecked(ix, infos, &[]),
    }
    .map_err(Into::into)
}

/// One move out of an account the signer `authority` owns.
pub fn transfer_from_user<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut moves = TokenMoves::new(token_program, None);
    moves.transfer(from, to, authority, amount);
    moves.send()
}

/// One move out of a pool-owned vault.
pub fn transfer_from_pool<'info>(
    signer: &PoolSigner,
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    pool: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut moves = TokenMoves::new(token_program, Some((pool, signer)));
    moves.transfer(from, to, pool, amount);
    moves.send()
}

/// Closes `account`, a token account the pool owns and that holds nothing, its rent to
/// `destination` (SPL Token `CloseAccount`, signed by the pool).
pub fn close_pool_account<'info>(
    signer: &PoolSigner,
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    pool: &AccountInfo<'info>,
) -> Result<()> {
    const CLOSE_ACCOUNT: u8 = 9;
    let ix = Instruction {
        program_id: *token_program.key,
        accounts: vec![
            AccountMeta::new(*account.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*pool.key, true),
        ],
        data: vec![CLOSE_ACCOUNT],
    };
    let infos = [account.clone(), destination.clone(), pool.clone()];
    invoke(&ix, &infos, Some(signer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_layout_is_p_tokens() {
        let keys: Vec<Pubkey> = (0..5).map(|_| Pubkey::new_unique()).collect();
        let mut lamports = [0u64; 5];
        let mut data: [[u8; 0]; 5] = [[]; 5];
        let owner = Pubkey::new_unique();
        let infos: Vec<AccountInfo> = keys
            .iter()
            .zip(lamports.iter_mut())
            .zip(data.iter_mut())
            .map(|((k, l), d)| AccountInfo::new(k, false, true, l, d, &owner, false))
            .collect();
        let [program, pool, from, to, mint] = &infos[..] else {
            unreachable!()
        };
        let signer = PoolSigner {
            base_mint: Pubkey::new_unique(),
            creator: Pubkey::new_unique(),
            bump: [255],
        };
        let mut moves = TokenMoves::new(program, Some((pool, &signer)));
        moves
            .transfer(from, to, from, 5)
            .mint_to(mint, to, pool, 7)
            .burn(mint, from, from, 0x0102);
        assert_eq!(moves.len(), 3);
        let mut want = vec![BATCH];
        for (d, amount) in [(TRANSFER, 5u64), (MINT_TO, 7), (BURN, 0x0102)] {
            want.extend_from_slice(&[3, 9, d]);
            want.extend_from_slice(&amount.to_le_bytes());
        }
        assert_eq!(moves.data, want);
        let metas: Vec<(Pubkey, bool, bool)> = moves
            .metas
            .iter()
            .map(|m| (m.pubkey, m.is_writable, m.is_signer))
            .collect();
        let (f, t, m, p) = (*from.key, *to.key, *mint.key, *pool.key);
        assert_eq!(
            metas,
            [
                (f, true, false),
                (t, true, false),
                (f, false, true),
                (m, true, false),
                (t, true, false),
                (p, false, true),
                // burn: the account, then the mint
                (f, true, false),
                (m, true, false),
                (f, false, true),
            ]
        );
        assert_eq!(
            (0..3).map(|i| moves.pool_signs(i)).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(moves.infos.len(), 9);
    }
}
