//! The pool account (`SwapVersion::SwapV1`): a version byte, then `SwapV1`'s 323 bytes.
use super::ix::Fees;
use anchor_lang::prelude::Pubkey;
use anyhow::{ensure, Result};

/// Bytes of a pool account.
pub const SWAP_LEN: usize = 324;
/// `CurveType::ConstantProduct`.
pub const CONSTANT_PRODUCT: u8 = 0;

/// A token-swap pool, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapPool {
    pub bump_seed: u8,
    pub token_program: Pubkey,
    /// The pool's reserve token accounts and their mints.
    pub token_a: Pubkey,
    pub token_b: Pubkey,
    pub pool_mint: Pubkey,
    pub token_a_mint: Pubkey,
    pub token_b_mint: Pubkey,
    pub pool_fee_account: Pubkey,
    pub fees: Fees,
    pub curve_type: u8,
}

fn key(data: &[u8], at: usize) -> Pubkey {
    Pubkey::new_from_array(data[at..at + 32].try_into().expect("32 bytes"))
}

impl SwapPool {
    /// Offsets of the two mints, for `getProgramAccounts` filters.
    pub const TOKEN_A_MINT_OFFSET: usize = 131;
    pub const TOKEN_B_MINT_OFFSET: usize = 163;

    /// Decodes an initialized V1 pool.
    pub fn decode(data: &[u8]) -> Result<Self> {
        ensure!(
            data.len() == SWAP_LEN,
            "a token-swap pool is {SWAP_LEN} bytes, not {}",
            data.len()
        );
        ensure!(data[0] == 1, "token-swap pool version {}, not 1", data[0]);
        ensure!(data[1] == 1, "the token-swap pool is not initialized");
        let fees = Fees::decode(&data[227..291]);
        Ok(Self {
            bump_seed: data[2],
            token_program: key(data, 3),
            token_a: key(data, 35),
            token_b: key(data, 67),
            pool_mint: key(data, 99),
            token_a_mint: key(data, Self::TOKEN_A_MINT_OFFSET),
            token_b_mint: key(data, Self::TOKEN_B_MINT_OFFSET),
            pool_fee_account: key(data, 195),
            fees,
            curve_type: data[291],
        })
    }

    /// Whether it trades `input` for `output`, and in which direction (`Some(true)`: A to B).
    pub fn direction(&self, input: &Pubkey, output: &Pubkey) -> Option<bool> {
        if (&self.token_a_mint, &self.token_b_mint) == (input, output) {
            Some(true)
        } else if (&self.token_b_mint, &self.token_a_mint) == (input, output) {
            Some(false)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_decodes_from_its_offsets() {
        let mut data = vec![0u8; SWAP_LEN];
        data[0] = 1;
        data[1] = 1;
        data[2] = 254;
        for (i, at) in [3usize, 35, 67, 99, 131, 163, 195].into_iter().enumerate() {
            data[at..at + 32].fill(i as u8 + 1);
        }
        data[227..235].copy_from_slice(&25u64.to_le_bytes());
        data[235..243].copy_from_slice(&10_000u64.to_le_bytes());
        let pool = SwapPool::decode(&data).unwrap();
        assert_eq!(pool.bump_seed, 254);
        assert_eq!(pool.token_a, Pubkey::new_from_array([2; 32]));
        assert_eq!(pool.token_b_mint, Pubkey::new_from_array([6; 32]));
        assert_eq!(pool.pool_fee_account, Pubkey::new_from_array([7; 32]));
        assert_eq!(
            (
                pool.fees.trade_fee_numerator,
                pool.fees.trade_fee_denominator
            ),
            (25, 10_000)
        );
        let (a, b) = (pool.token_a_mint, pool.token_b_mint);
        assert_eq!(pool.direction(&a, &b), Some(true));
        assert_eq!(pool.direction(&b, &a), Some(false));
        assert_eq!(pool.direction(&a, &a), None);
        data[1] = 0;
        assert!(SwapPool::decode(&data).is_err());
        assert!(SwapPool::decode(&data[..323]).is_err());
    }
}
