//! The peer's oracle: Pyth v2 push accounts (the `pc.rs` layout), faked in the bank. The
//! peer checks the product account at InitReserve (magic, version, type, its price account,
//! the quote currency) and reads the price account at every RefreshReserve: price type,
//! status Trading, `valid_slot` within 5 slots of the clock, the aggregate price and its
//! exponent. Both accounts are owned by the market's `ORACLE_PROGRAM_ID`.
use super::keys::ORACLE_PROGRAM_ID;
use anchor_lang::prelude::{Clock, Pubkey};
use lending_pool_testkit::Bank;

const MAGIC: u32 = 0xa1b2_c3d4;
const VERSION: u32 = 2;
const PRODUCT_LEN: usize = 512;
/// `size_of::<pyth::Price>()`; shorter data makes the peer panic.
const PRICE_LEN: usize = 3312;

/// A product account naming `price_account` and quoting in `quote` (e.g. "USD").
pub fn product_data(price_account: &Pubkey, quote: &str) -> Vec<u8> {
    let mut d = vec![0u8; PRODUCT_LEN];
    d[0..4].copy_from_slice(&MAGIC.to_le_bytes());
    d[4..8].copy_from_slice(&VERSION.to_le_bytes());
    d[8..12].copy_from_slice(&2u32.to_le_bytes()); // AccountType::Product
    d[12..16].copy_from_slice(&(PRODUCT_LEN as u32).to_le_bytes());
    d[16..48].copy_from_slice(price_account.as_ref());
    // attributes from 48: [key_len][key][value_len][value]
    let key = b"quote_currency";
    let mut a = 48;
    d[a] = key.len() as u8;
    d[a + 1..a + 1 + key.len()].copy_from_slice(key);
    a += 1 + key.len();
    d[a] = quote.len() as u8;
    d[a + 1..a + 1 + quote.len()].copy_from_slice(quote.as_bytes());
    d
}

/// A price account: `price × 10^expo`, status Trading, valid at `slot`.
pub fn price_data(price: i64, expo: i32, slot: u64) -> Vec<u8> {
    let mut d = vec![0u8; PRICE_LEN];
    d[0..4].copy_from_slice(&MAGIC.to_le_bytes());
    d[4..8].copy_from_slice(&VERSION.to_le_bytes());
    d[8..12].copy_from_slice(&3u32.to_le_bytes()); // AccountType::Price
    d[12..16].copy_from_slice(&(PRICE_LEN as u32).to_le_bytes());
    d[16..20].copy_from_slice(&1u32.to_le_bytes()); // PriceType::Price
    d[20..24].copy_from_slice(&expo.to_le_bytes());
    d[32..40].copy_from_slice(&slot.to_le_bytes()); // curr_slot
    d[40..48].copy_from_slice(&slot.to_le_bytes()); // valid_slot
    d[208..216].copy_from_slice(&price.to_le_bytes()); // agg.price
    d[224..228].copy_from_slice(&1u32.to_le_bytes()); // agg.status = Trading
    d[232..240].copy_from_slice(&slot.to_le_bytes()); // agg.pub_slot
    d
}

/// The bank's clock (the Clock sysvar the peer reads from its account list).
pub async fn clock(bank: &mut Bank) -> Clock {
    bank.ctx().banks_client.get_sysvar().await.expect("clock")
}

/// Writes the product account at `product` for the price account `price`.
pub fn set_product(bank: &mut Bank, product: &Pubkey, price: &Pubkey) {
    bank.set_account_data(product, &ORACLE_PROGRAM_ID, product_data(price, "USD"));
}

/// Publishes `price × 10^expo` at `account`, valid at the bank's current slot.
pub async fn set_price(bank: &mut Bank, account: &Pubkey, price: i64, expo: i32) {
    let slot = clock(bank).await.slot;
    bank.set_account_data(account, &ORACLE_PROGRAM_ID, price_data(price, expo, slot));
}
