use super::WrappedU128;
use crate::{constants::MAX_COLLATERALS, math::mul_wad_up};
use anchor_lang::prelude::*;

/// A borrower's position in one pool: PDA `[POSITION_SEED, pool, owner, index (u16 LE)]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Position {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// Holdings per collateral slot of the pool (base units of that mint).
    pub collateral: [u64; MAX_COLLATERALS],
    /// Debt in scaled units: `debt = scaled_debt × borrow_index / WAD` (rounded up).
    pub scaled_debt: WrappedU128,
    pub index: u16,
    pub bump: u8,
    pub padding: [u8; 5],
    /// The loss a full liquidation would leave to settle, as last set (base units; `> 0`
    /// while marked), and when. The mark grows with the borrow index since
    /// (`Pool::position_mark`): `mark_scaled_debt × index − mark_repayable`.
    pub marked_shortfall: u64,
    pub mark_ts: i64,
    /// The oldest `publish_time` among the prices behind the mark (0 without a mark): prices
    /// older than that may raise the mark but never lower or release it.
    pub mark_price_ts: i64,
    /// What a full liquidation repays at the mark's prices (base units, fees to the fund
    /// included; fixed until the next mark) and the scaled debt it was set against: both
    /// counted in the pool's marked sums while marked, zero otherwise.
    pub mark_repayable: u64,
    pub mark_scaled_debt: WrappedU128,
    pub reserved: [u8; 16],
}

const _: () = assert!(core::mem::size_of::<Position>() == 64 + 32 + 16 + 8 + 16 + 8 + 8 + 16 + 16);
const _: () = assert!(core::mem::align_of::<Position>() == 8);

impl Position {
    pub const SPACE: usize = 8 + core::mem::size_of::<Position>();

    /// What the position owes at `borrow_index`, rounded up.
    pub fn debt(&self, borrow_index: u128) -> Result<u64> {
        crate::math::to_u64(mul_wad_up(self.scaled_debt.get(), borrow_index)?)
    }

    pub fn has_collateral(&self) -> bool {
        self.collateral.iter().any(|&a| a > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.scaled_debt.get() == 0 && !self.has_collateral()
    }
}
