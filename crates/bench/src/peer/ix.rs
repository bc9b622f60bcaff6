//! Instructions of the peer, spl-token-lending 0.2.0, built from bytes: a tag byte and
//! little-endian fields, accounts in the order the processor reads them (layouts in
//! `external/INTERFACE.md`). No dependency on the peer crate or on solana-program 1.x.
use super::keys::{MarketKeys, ReserveConfig, ReserveKeys, ORACLE_PROGRAM_ID, PEER_PROGRAM_ID};
use anchor_lang::{
    prelude::Pubkey,
    pubkey,
    solana_program::instruction::{AccountMeta, Instruction},
};
use anchor_spl::token::spl_token;

/// The instruction's name, from its tag (for the benchmark's listing).
pub fn name(ix: &Instruction) -> &'static str {
    match ix.data.first() {
        Some(0) => "InitLendingMarket",
        Some(2) => "InitReserve",
        Some(3) => "RefreshReserve",
        Some(4) => "DepositReserveLiquidity",
        Some(6) => "InitObligation",
        Some(7) => "RefreshObligation",
        Some(8) => "DepositObligationCollateral",
        Some(10) => "BorrowObligationLiquidity",
        Some(11) => "RepayObligationLiquidity",
        Some(12) => "LiquidateObligation",
        _ => "other",
    }
}

fn ro(p: Pubkey) -> AccountMeta {
    AccountMeta::new_readonly(p, false)
}
fn rw(p: Pubkey) -> AccountMeta {
    AccountMeta::new(p, false)
}
fn signer(p: Pubkey) -> AccountMeta {
    AccountMeta::new_readonly(p, true)
}
fn ix(accounts: Vec<AccountMeta>, data: Vec<u8>) -> Instruction {
    Instruction {
        program_id: PEER_PROGRAM_ID,
        accounts,
        data,
    }
}
fn tag_u64(tag: u8, v: u64) -> Vec<u8> {
    let mut d = vec![tag];
    d.extend_from_slice(&v.to_le_bytes());
    d
}
// the peer reads both sysvars from its account list
const CLOCK: Pubkey = pubkey!("SysvarC1ock11111111111111111111111111111111");
const RENT: Pubkey = pubkey!("SysvarRent111111111111111111111111111111111");
const TOKEN: Pubkey = spl_token::ID;

/// 0 InitLendingMarket: `quote` is the quote currency (null-padded), e.g. `b"USD"`.
pub fn init_lending_market(m: &MarketKeys, quote: &[u8]) -> Instruction {
    let mut q = [0u8; 32];
    q[..quote.len()].copy_from_slice(quote);
    let mut d = vec![0u8];
    d.extend_from_slice(m.owner.as_ref());
    d.extend_from_slice(&q);
    ix(
        vec![rw(m.market), ro(RENT), ro(TOKEN), ro(ORACLE_PROGRAM_ID)],
        d,
    )
}

/// 2 InitReserve: moves `amount` from `source` (owned by the market owner, who signs as
/// transfer authority too) and mints the cTokens into `destination_collateral` (allocated,
/// uninitialised; the reserve's vaults and cToken mint likewise).
pub fn init_reserve(
    m: &MarketKeys,
    r: &ReserveKeys,
    source: &Pubkey,
    destination_collateral: &Pubkey,
    amount: u64,
    config: &ReserveConfig,
) -> Instruction {
    let mut d = tag_u64(2, amount);
    d.extend_from_slice(&config.bytes());
    ix(
        vec![
            rw(*source),
            rw(*destination_collateral),
            rw(r.reserve),
            ro(r.mint),
            rw(r.supply),
            rw(r.fee_receiver),
            rw(r.collateral_mint),
            rw(r.collateral_supply),
            ro(r.product),
            ro(r.price),
            ro(m.market),
            ro(m.authority),
            signer(m.owner),
            signer(m.owner),
            ro(CLOCK),
            ro(RENT),
            ro(TOKEN),
        ],
        d,
    )
}

/// 3 RefreshReserve: reads the price, accrues interest since the last refresh.
pub fn refresh_reserve(r: &ReserveKeys) -> Instruction {
    ix(vec![rw(r.reserve), ro(r.price), ro(CLOCK)], vec![3])
}

/// 4 DepositReserveLiquidity: `amount` of the reserve's mint in, cTokens out.
pub fn deposit_reserve_liquidity(
    m: &MarketKeys,
    r: &ReserveKeys,
    source: &Pubkey,
    destination_collateral: &Pubkey,
    authority: &Pubkey,
    amount: u64,
) -> Instruction {
    ix(
        vec![
            rw(*source),
            rw(*destination_collateral),
            rw(r.reserve),
            rw(r.supply),
            rw(r.collateral_mint),
            ro(m.market),
            ro(m.authority),
            signer(*authority),
            ro(CLOCK),
            ro(TOKEN),
        ],
        tag_u64(4, amount),
    )
}

/// 6 InitObligation on an allocated, zeroed, program-owned account.
pub fn init_obligation(m: &MarketKeys, obligation: &Pubkey, owner: &Pubkey) -> Instruction {
    ix(
        vec![
            rw(*obligation),
            ro(m.market),
            signer(*owner),
            ro(CLOCK),
            ro(RENT),
            ro(TOKEN),
        ],
        vec![6],
    )
}

/// 7 RefreshObligation: `reserves` are its deposit reserves, then its borrow reserves.
pub fn refresh_obligation(obligation: &Pubkey, reserves: &[Pubkey]) -> Instruction {
    let mut accounts = vec![rw(*obligation), ro(CLOCK)];
    accounts.extend(reserves.iter().map(|&r| ro(r)));
    ix(accounts, vec![7])
}

/// 8 DepositObligationCollateral: `amount` cTokens of `r` into the obligation.
pub fn deposit_obligation_collateral(
    m: &MarketKeys,
    r: &ReserveKeys,
    source_collateral: &Pubkey,
    obligation: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Instruction {
    ix(
        vec![
            rw(*source_collateral),
            rw(r.collateral_supply),
            ro(r.reserve),
            rw(*obligation),
            ro(m.market),
            signer(*owner),
            signer(*owner),
            ro(CLOCK),
            ro(TOKEN),
        ],
        tag_u64(8, amount),
    )
}

/// 10 BorrowObligationLiquidity (no host fee account).
pub fn borrow(
    m: &MarketKeys,
    r: &ReserveKeys,
    destination: &Pubkey,
    obligation: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Instruction {
    ix(
        vec![
            rw(r.supply),
            rw(*destination),
            rw(r.reserve),
            rw(r.fee_receiver),
            rw(*obligation),
            ro(m.market),
            ro(m.authority),
            signer(*owner),
            ro(CLOCK),
            ro(TOKEN),
        ],
        tag_u64(10, amount),
    )
}

/// 11 RepayObligationLiquidity (anyone may repay; `authority` owns `source`).
pub fn repay(
    m: &MarketKeys,
    r: &ReserveKeys,
    source: &Pubkey,
    obligation: &Pubkey,
    authority: &Pubkey,
    amount: u64,
) -> Instruction {
    ix(
        vec![
            rw(*source),
            rw(r.supply),
            rw(r.reserve),
            rw(*obligation),
            ro(m.market),
            signer(*authority),
            ro(CLOCK),
            ro(TOKEN),
        ],
        tag_u64(11, amount),
    )
}

/// 12 LiquidateObligation: repays `amount` of `repay`'s liquidity from `source`, receives
/// `withdraw`'s cTokens into `destination_collateral`.
#[allow(clippy::too_many_arguments)]
pub fn liquidate(
    m: &MarketKeys,
    repay: &ReserveKeys,
    withdraw: &ReserveKeys,
    source: &Pubkey,
    destination_collateral: &Pubkey,
    obligation: &Pubkey,
    liquidator: &Pubkey,
    amount: u64,
) -> Instruction {
    ix(
        vec![
            rw(*source),
            rw(*destination_collateral),
            rw(repay.reserve),
            rw(repay.supply),
            ro(withdraw.reserve),
            rw(withdraw.collateral_supply),
            rw(*obligation),
            ro(m.market),
            ro(m.authority),
            signer(*liquidator),
            ro(CLOCK),
            ro(TOKEN),
        ],
        tag_u64(12, amount),
    )
}
