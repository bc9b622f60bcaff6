//! `Initialize` (tag 0) and `Swap` (tag 1), in the program's byte layout.
use anchor_lang::{
    prelude::Pubkey,
    solana_program::instruction::{AccountMeta, Instruction},
};

/// The pool's fees, eight `u64`s as stored and as `Initialize` takes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fees {
    pub trade_fee_numerator: u64,
    pub trade_fee_denominator: u64,
    pub owner_trade_fee_numerator: u64,
    pub owner_trade_fee_denominator: u64,
    pub owner_withdraw_fee_numerator: u64,
    pub owner_withdraw_fee_denominator: u64,
    pub host_fee_numerator: u64,
    pub host_fee_denominator: u64,
}

impl Fees {
    fn fields(&self) -> [u64; 8] {
        [
            self.trade_fee_numerator,
            self.trade_fee_denominator,
            self.owner_trade_fee_numerator,
            self.owner_trade_fee_denominator,
            self.owner_withdraw_fee_numerator,
            self.owner_withdraw_fee_denominator,
            self.host_fee_numerator,
            self.host_fee_denominator,
        ]
    }

    pub(super) fn decode(bytes: &[u8]) -> Self {
        let f = |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        Self {
            trade_fee_numerator: f(0),
            trade_fee_denominator: f(1),
            owner_trade_fee_numerator: f(2),
            owner_trade_fee_denominator: f(3),
            owner_withdraw_fee_numerator: f(4),
            owner_withdraw_fee_denominator: f(5),
            host_fee_numerator: f(6),
            host_fee_denominator: f(7),
        }
    }

    /// A trade fee of `bps`, nothing to the owner or a host.
    pub fn trade_bps(bps: u64) -> Self {
        Self {
            trade_fee_numerator: bps,
            trade_fee_denominator: 10_000,
            ..Self::default()
        }
    }
}

/// The pool's authority: the PDA `[swap]` of the program, which owns the reserves and
/// mints the pool tokens.
pub fn authority(program: &Pubkey, swap: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[swap.as_ref()], program)
}

/// `Initialize` of a constant-product pool: `swap` (a new 324-byte account of the program,
/// signing), the reserves `token_a`/`token_b` (owned by the authority), the pool mint
/// (authority its mint authority, supply 0), the fee account and the depositor's pool-token
/// `destination`.
#[allow(clippy::too_many_arguments)]
pub fn initialize(
    program: &Pubkey,
    swap: &Pubkey,
    token_a: &Pubkey,
    token_b: &Pubkey,
    pool_mint: &Pubkey,
    fee_account: &Pubkey,
    destination: &Pubkey,
    fees: &Fees,
) -> Instruction {
    let mut data = vec![0u8];
    for f in fees.fields() {
        data.extend_from_slice(&f.to_le_bytes());
    }
    // curve type, then 32 bytes of calculator (none for constant product)
    data.push(super::CONSTANT_PRODUCT);
    data.extend_from_slice(&[0u8; 32]);
    Instruction {
        program_id: *program,
        accounts: vec![
            AccountMeta::new(*swap, true),
            AccountMeta::new_readonly(authority(program, swap).0, false),
            AccountMeta::new_readonly(*token_a, false),
            AccountMeta::new_readonly(*token_b, false),
            AccountMeta::new(*pool_mint, false),
            AccountMeta::new_readonly(*fee_account, false),
            AccountMeta::new(*destination, false),
            AccountMeta::new_readonly(anchor_spl::token::ID, false),
        ],
        data,
    }
}

/// `Swap`: sells `amount_in` from `user`'s `source` into the pool's `swap_source` reserve
/// and pays at least `minimum_amount_out` from `swap_destination` into `destination`.
#[allow(clippy::too_many_arguments)]
pub fn swap(
    program: &Pubkey,
    swap: &Pubkey,
    pool: &super::SwapPool,
    a_to_b: bool,
    user: &Pubkey,
    source: &Pubkey,
    destination: &Pubkey,
    amount_in: u64,
    minimum_amount_out: u64,
) -> Instruction {
    let (swap_source, swap_destination) = if a_to_b {
        (pool.token_a, pool.token_b)
    } else {
        (pool.token_b, pool.token_a)
    };
    let mut data = vec![1u8];
    data.extend_from_slice(&amount_in.to_le_bytes());
    data.extend_from_slice(&minimum_amount_out.to_le_bytes());
    Instruction {
        program_id: *program,
        accounts: vec![
            AccountMeta::new_readonly(*swap, false),
            AccountMeta::new_readonly(authority(program, swap).0, false),
            AccountMeta::new_readonly(*user, true),
            AccountMeta::new(*source, false),
            AccountMeta::new(swap_source, false),
            AccountMeta::new(swap_destination, false),
            AccountMeta::new(*destination, false),
            AccountMeta::new(pool.pool_mint, false),
            AccountMeta::new(pool.pool_fee_account, false),
            AccountMeta::new_readonly(pool.token_program, false),
        ],
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_carry_the_programs_layout() {
        let (program, swap_key) = (Pubkey::new_unique(), Pubkey::new_unique());
        let k = || Pubkey::new_unique();
        let ix = initialize(
            &program,
            &swap_key,
            &k(),
            &k(),
            &k(),
            &k(),
            &k(),
            &Fees::trade_bps(25),
        );
        // tag, 8 fee fields, curve type, calculator
        assert_eq!(ix.data.len(), 1 + 64 + 1 + 32);
        assert_eq!(&ix.data[1..9], &25u64.to_le_bytes());
        assert_eq!(&ix.data[9..17], &10_000u64.to_le_bytes());
        assert!(ix.accounts[0].is_signer);
        assert_eq!(ix.accounts[1].pubkey, authority(&program, &swap_key).0);
        let pool = super::super::SwapPool {
            bump_seed: 255,
            token_program: anchor_spl::token::ID,
            token_a: k(),
            token_b: k(),
            pool_mint: k(),
            token_a_mint: k(),
            token_b_mint: k(),
            pool_fee_account: k(),
            fees: Fees::default(),
            curve_type: 0,
        };
        let ix = swap(&program, &swap_key, &pool, false, &k(), &k(), &k(), 7, 5);
        assert_eq!(
            ix.data,
            [&[1u8][..], &7u64.to_le_bytes(), &5u64.to_le_bytes()].concat()
        );
        // B to A: the pool's B reserve takes the input
        assert_eq!(ix.accounts[4].pubkey, pool.token_b);
        assert_eq!(ix.accounts[5].pubkey, pool.token_a);
        assert!(ix.accounts[2].is_signer);
    }
}
