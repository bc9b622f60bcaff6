//! `getProgramAccounts` filters for the program's accounts, as plain data (no RPC types), so
//! every client (CLI, bot, indexer, simulator) lists accounts the same way.
use crate::state::Position;
use anchor_lang::{prelude::Pubkey, Discriminator};

/// A `getProgramAccounts` memcmp filter: `bytes` at `offset` of the account data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memcmp {
    pub offset: usize,
    pub bytes: Vec<u8>,
}

/// Filters selecting exactly the `Position` accounts of `pool`: the account discriminator at
/// offset 0 and the pool key at offset 8 (`Position.pool` is the first field). Combine with a
/// data-size filter of `Position::SPACE`.
pub fn position_filters(pool: &Pubkey) -> [Memcmp; 2] {
    [
        Memcmp {
            offset: 0,
            bytes: Position::DISCRIMINATOR.to_vec(),
        },
        Memcmp {
            offset: 8,
            bytes: pool.to_bytes().to_vec(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_select_positions_of_one_pool() {
        let pool = Pubkey::new_unique();
        let f = position_filters(&pool);
        assert_eq!(f[0].offset, 0);
        assert_eq!(f[0].bytes, Position::DISCRIMINATOR);
        // Position.pool is the first field after the discriminator
        let mut pos: Position = bytemuck::Zeroable::zeroed();
        pos.pool = pool;
        let mut data = Position::DISCRIMINATOR.to_vec();
        data.extend_from_slice(bytemuck::bytes_of(&pos));
        assert_eq!(&data[f[1].offset..f[1].offset + 32], pool.as_ref());
    }
}
