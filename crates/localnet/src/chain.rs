//! What a local world needs besides the program: mints, token balances, SOL, and (mock)
//! Pyth price updates that can be changed while the validator runs.
use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, InstructionData, ToAccountMetas,
};
use anchor_spl::token::spl_token;
use anyhow::Result;
use lending_pool_client::rpc::Client;
use lending_pool_sdk::oracle::PriceUpdateSpec;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Pyth's exponent for the prices posted here: price × 10⁻⁸.
pub const PRICE_EXPONENT: i32 = -8;

/// A 32-byte feed id made of one repeated byte pair (`"0101"` → `0x0101…01`), for tests
/// and the demo.
pub fn feed_id(two_hex: &str) -> [u8; 32] {
    lending_pool_sdk::parse_feed_id(&two_hex.repeat(16)).expect("a hex byte pair")
}

/// A new mint of `decimals`, the payer its mint authority.
pub fn create_mint(client: &Client, decimals: u8) -> Result<Pubkey> {
    create_mint_for(client, decimals, &client.payer_key())
}

/// A new mint of `decimals` with `authority` its mint authority and no freeze authority.
pub fn create_mint_for(client: &Client, decimals: u8, authority: &Pubkey) -> Result<Pubkey> {
    use anchor_lang::solana_program::program_pack::Pack;
    let mint = Keypair::new();
    let payer = client.payer_key();
    let rent = client
        .rpc
        .get_minimum_balance_for_rent_exemption(spl_token::state::Mint::LEN)?;
    let ixs = [
        solana_system_interface::instruction::create_account(
            &payer,
            &mint.pubkey(),
            rent,
            spl_token::state::Mint::LEN as u64,
            &spl_token::ID,
        ),
        spl_token::instruction::initialize_mint2(
            &spl_token::ID,
            &mint.pubkey(),
            authority,
            None,
            decimals,
        )?,
    ];
    client.send(&ixs, &[&mint])?;
    Ok(mint.pubkey())
}

/// A new token account of `mint` owned by `owner` (any address, a PDA too), at a fresh
/// keypair's address.
pub fn create_token_account(client: &Client, mint: &Pubkey, owner: &Pubkey) -> Result<Pubkey> {
    use anchor_lang::solana_program::program_pack::Pack;
    let account = Keypair::new();
    let len = spl_token::state::Account::LEN;
    let rent = client.rpc.get_minimum_balance_for_rent_exemption(len)?;
    let ixs = [
        solana_system_interface::instruction::create_account(
            &client.payer_key(),
            &account.pubkey(),
            rent,
            len as u64,
            &spl_token::ID,
        ),
        spl_token::instruction::initialize_account3(
            &spl_token::ID,
            &account.pubkey(),
            mint,
            owner,
        )?,
    ];
    client.send(&ixs, &[&account])?;
    Ok(account.pubkey())
}

/// Mints `amount` base units of `mint` (the payer is its authority) to `owner`'s ATA.
pub fn mint_to(client: &Client, mint: &Pubkey, owner: &Pubkey, amount: u64) -> Result<Pubkey> {
    let ata = client.ensure_ata(owner, mint)?;
    let ix = spl_token::instruction::mint_to(
        &spl_token::ID,
        mint,
        &ata,
        &client.payer_key(),
        &[],
        amount,
    )?;
    client.send(&[ix], &[])?;
    Ok(ata)
}

/// Sends `lamports` from the payer to `to`.
pub fn fund(client: &Client, to: &Pubkey, lamports: u64) -> Result<()> {
    let ix = solana_system_interface::instruction::transfer(&client.payer_key(), to, lamports);
    client.send(&[ix], &[])?;
    Ok(())
}

/// The mock receiver's `post`: `account` now holds a fully verified update of `feed` at
/// `price` × 10⁻⁸, published at the cluster's current time.
pub fn post_price_ix(
    client: &Client,
    account: &Pubkey,
    feed: [u8; 32],
    price: i64,
) -> Result<Instruction> {
    let now = client.unix_time()?;
    let data = PriceUpdateSpec::new(feed, price, PRICE_EXPONENT, now)
        .account_data_with_authority(&client.payer_key());
    Ok(Instruction {
        program_id: mock_pyth_receiver::ID,
        accounts: mock_pyth_receiver::accounts::Post {
            price_update: *account,
            authority: client.payer_key(),
        }
        .to_account_metas(None),
        data: mock_pyth_receiver::instruction::Post { data }.data(),
    })
}

/// A new `PriceUpdateV2` account owned by the (mock) receiver.
pub fn create_price(client: &Client, feed: [u8; 32], price: i64) -> Result<Pubkey> {
    let account = Keypair::new();
    let len = mock_pyth_receiver::PRICE_UPDATE_V2_LEN;
    let rent = client.rpc.get_minimum_balance_for_rent_exemption(len)?;
    let create = solana_system_interface::instruction::create_account(
        &client.payer_key(),
        &account.pubkey(),
        rent,
        len as u64,
        &mock_pyth_receiver::ID,
    );
    let post = post_price_ix(client, &account.pubkey(), feed, price)?;
    client.send(&[create, post], &[&account])?;
    Ok(account.pubkey())
}

pub fn set_price(client: &Client, oracle: &Pubkey, feed: [u8; 32], price: i64) -> Result<()> {
    client.send(&[post_price_ix(client, oracle, feed, price)?], &[])?;
    Ok(())
}
