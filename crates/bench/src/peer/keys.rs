//! The peer's ids, account sizes, the keys of its market and reserves, and a reserve's
//! configuration (spl-token-lending 0.2.0; layouts in `external/INTERFACE.md`).
use anchor_lang::{prelude::Pubkey, pubkey};

/// The id the peer declares (`declare_id!`); the bank loads the .so under it.
pub const PEER_PROGRAM_ID: Pubkey = pubkey!("6TvznH3B2e3p2mbhufNBpgSrLx6UkgvxtVQvopEZ2kuH");
/// The "oracle program" the market records: any key; the fake Pyth accounts are owned by it.
pub const ORACLE_PROGRAM_ID: Pubkey = pubkey!("FsJ3A3u2vn5cTVofAjvy6y5kwABJAqYWpe4975bi2epH");
/// Sizes the peer expects of its own (zeroed, program-owned) accounts.
pub const MARKET_LEN: usize = 258;
pub const RESERVE_LEN: usize = 571;
pub const OBLIGATION_LEN: usize = 916;

/// A lending market and its authority (the PDA that owns every reserve vault).
#[derive(Clone, Copy, Debug)]
pub struct MarketKeys {
    pub market: Pubkey,
    pub authority: Pubkey,
    pub owner: Pubkey,
}

/// One reserve: its state account, vaults, cToken mint and Pyth accounts.
#[derive(Clone, Copy, Debug)]
pub struct ReserveKeys {
    pub reserve: Pubkey,
    pub mint: Pubkey,
    pub supply: Pubkey,
    pub fee_receiver: Pubkey,
    pub collateral_mint: Pubkey,
    pub collateral_supply: Pubkey,
    pub product: Pubkey,
    pub price: Pubkey,
}

/// `ReserveConfig` as InitReserve takes it (percent fields are whole percents).
#[derive(Clone, Copy, Debug)]
pub struct ReserveConfig {
    pub optimal_utilization_rate: u8,
    pub loan_to_value_ratio: u8,
    pub liquidation_bonus: u8,
    pub liquidation_threshold: u8,
    pub min_borrow_rate: u8,
    pub optimal_borrow_rate: u8,
    pub max_borrow_rate: u8,
    /// 10^18 = 100%.
    pub borrow_fee_wad: u64,
    pub flash_loan_fee_wad: u64,
    pub host_fee_percentage: u8,
}

impl ReserveConfig {
    /// The 24 bytes InitReserve takes after its amount (the reserve stores them as is).
    pub fn bytes(&self) -> Vec<u8> {
        let mut d = vec![
            self.optimal_utilization_rate,
            self.loan_to_value_ratio,
            self.liquidation_bonus,
            self.liquidation_threshold,
            self.min_borrow_rate,
            self.optimal_borrow_rate,
            self.max_borrow_rate,
        ];
        d.extend_from_slice(&self.borrow_fee_wad.to_le_bytes());
        d.extend_from_slice(&self.flash_loan_fee_wad.to_le_bytes());
        d.push(self.host_fee_percentage);
        d
    }
}
