use crate::events::emit_cpi;
use crate::{
    constants::*,
    errors::LendingError,
    events::PoolInitialized,
    state::{InsuranceFund, Pool, PoolConfig, STATUS_ACTIVE},
};
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InitPoolArgs {
    pub guardian: Pubkey,
    /// Pyth feed id of the base asset (prices the debt).
    pub base_feed_id: [u8; 32],
    pub config: PoolConfig,
}

/// Creates the pool (admin = creator), its base vault, LP mint, insurance fund and insurance
/// vault, all PDAs of the pool.
#[event_cpi]
#[derive(Accounts)]
pub struct InitPool<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    pub base_mint: Box<Account<'info, Mint>>,
    #[account(
        init, payer = creator, space = Pool::SPACE,
        seeds = [POOL_SEED, base_mint.key().as_ref(), creator.key().as_ref()], bump,
    )]
    pub pool: AccountLoader<'info, Pool>,
    #[account(
        init, payer = creator,
        seeds = [BASE_VAULT_SEED, pool.key().as_ref()], bump,
        token::mint = base_mint, token::authority = pool,
    )]
    pub base_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init, payer = creator,
        seeds = [LP_MINT_SEED, pool.key().as_ref()], bump,
        // one share unit per base unit at the initial price (`constants::VIRTUAL_SHARES`)
        mint::decimals = base_mint.decimals,
        mint::authority = pool,
    )]
    pub lp_mint: Box<Account<'info, Mint>>,
    #[account(
        init, payer = creator, space = InsuranceFund::SPACE,
        seeds = [INSURANCE_FUND_SEED, pool.key().as_ref()], bump,
    )]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    #[account(
        init, payer = creator,
        seeds = [INSURANCE_VAULT_SEED, pool.key().as_ref()], bump,
        token::mint = base_mint, token::authority = pool,
    )]
    pub insurance_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handle_init_pool(ctx: Context<InitPool>, args: InitPoolArgs) -> Result<()> {
    require!(
        ctx.accounts.base_mint.decimals <= MAX_BASE_DECIMALS,
        LendingError::InvalidBaseDecimals
    );
    args.config.validate()?;
    let clock = Clock::get()?;
    let a = &ctx.accounts;
    {
        let mut pool = a.pool.load_init()?;
        pool.admin = a.creator.key();
        pool.guardian = args.guardian;
        pool.creator = a.creator.key();
        pool.base_mint = a.base_mint.key();
        pool.base_vault = a.base_vault.key();
        pool.lp_mint = a.lp_mint.key();
        pool.insurance_fund = a.insurance_fund.key();
        pool.insurance_vault = a.insurance_vault.key();
        pool.config = args.config;
        pool.base_feed_id = args.base_feed_id;
        pool.borrow_index.set(WAD);
        pool.last_accrual_ts = clock.unix_timestamp;
        pool.status = STATUS_ACTIVE;
        pool.base_decimals = a.base_mint.decimals;
        pool.bump = ctx.bumps.pool;
        pool.base_vault_bump = ctx.bumps.base_vault;
        pool.lp_mint_bump = ctx.bumps.lp_mint;
        pool.insurance_vault_bump = ctx.bumps.insurance_vault;

        let mut fund = a.insurance_fund.load_init()?;
        fund.pool = a.pool.key();
        fund.vault = a.insurance_vault.key();
        fund.bump = ctx.bumps.insurance_fund;
        // the discriminators are written on exit, so check the books on the fresh structs
        pool.check_invariants(
            a.base_vault.amount,
            fund.balance()?,
            a.insurance_vault.amount,
        )?;
    }
    emit_cpi(
        &ctx.accounts.event_authority,
        &PoolInitialized {
            pool: a.pool.key(),
            admin: a.creator.key(),
            guardian: args.guardian,
            base_mint: a.base_mint.key(),
            base_vault: a.base_vault.key(),
            lp_mint: a.lp_mint.key(),
            insurance_fund: a.insurance_fund.key(),
            insurance_vault: a.insurance_vault.key(),
            config: args.config,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        },
    )?;
    Ok(())
}
