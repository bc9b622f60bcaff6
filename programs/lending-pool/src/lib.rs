//! A lending pool that survives its own bad debt. The protocol model is `docs/SPEC.md` at
//! the repository root. Handlers (`instructions/`) load accounts, call one `Pool` method
//! (`state/pool/`), move tokens and run the post-transfer checks (`checks.rs`); the
//! arithmetic lives in `math/`.
use anchor_lang::prelude::*;

pub mod checks;
pub mod constants;
#[doc(hidden)]
pub mod cu_trace;
// the deployed program's entrypoint (`entrypoint.rs`); never in a crate that links this one
#[cfg(all(target_os = "solana", feature = "own-entrypoint", not(feature = "cpi")))]
mod entrypoint;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod oracle;
pub mod state;
pub mod token_accounts;
pub mod token_ops;

use instructions::*;
use state::{CollateralParams, PoolConfig, Settlement};

// `declare_id!` with the id Anchor.toml gives the cluster being built for (build.rs)
include!(concat!(env!("OUT_DIR"), "/program_id.rs"));

// Who to tell about a vulnerability, embedded in the binary (values: release.toml).
#[cfg(all(target_os = "solana", feature = "own-entrypoint", not(feature = "cpi")))]
solana_security_txt::security_txt! {
    name: env!("LP_SECURITY_NAME"),
    project_url: env!("LP_SECURITY_PROJECT_URL"),
    contacts: env!("LP_SECURITY_CONTACTS"),
    policy: env!("LP_SECURITY_POLICY"),
    preferred_languages: env!("LP_SECURITY_PREFERRED_LANGUAGES"),
    source_code: env!("LP_SECURITY_SOURCE_CODE"),
    auditors: env!("LP_SECURITY_AUDITORS")
}

#[program]
pub mod lending_pool {
    use super::*;

    /// Creates a pool for `base_mint` with its vaults, LP mint and insurance fund.
    pub fn init_pool(ctx: Context<InitPool>, args: InitPoolArgs) -> Result<()> {
        init_pool::handle_init_pool(ctx, args)
    }

    /// Deposits `amount` base tokens for LP shares (rounded down); fails below `min_shares_out`.
    pub fn deposit(ctx: Context<Deposit>, amount: u64, min_shares_out: u64) -> Result<()> {
        deposit::handle_deposit(ctx, amount, min_shares_out)
    }

    /// Withdraws exactly `assets` base tokens, burning shares rounded up (at most `max_shares_in`);
    /// a calm pool only (`PoolStressed`: use `request_exit`).
    pub fn withdraw(ctx: Context<Withdraw>, assets: u64, max_shares_in: u64) -> Result<()> {
        withdraw::handle_withdraw(ctx, assets, max_shares_in)
    }

    /// Burns exactly `shares` LP shares for base tokens rounded down (at least `min_assets_out`);
    /// a calm pool only (`PoolStressed`: use `request_exit`).
    pub fn redeem(ctx: Context<Withdraw>, shares: u64, min_assets_out: u64) -> Result<()> {
        withdraw::handle_redeem(ctx, shares, min_assets_out)
    }

    /// While the pool is stressed: requests the exit of `shares` LP shares at their value at
    /// the exit price now (at least `min_assets`), paid by `complete_exit` after
    /// `exit_delay_secs` at the lesser of that and their value then.
    pub fn request_exit(ctx: Context<RequestExit>, shares: u64, min_assets: u64) -> Result<()> {
        request_exit::handle_request_exit(ctx, shares, min_assets)
    }

    /// Pays a matured exit request: `min(value at request, value now)` for its shares.
    pub fn complete_exit(ctx: Context<CompleteExit>) -> Result<()> {
        complete_exit::handle_complete_exit(ctx)
    }

    /// Cancels an exit request: its shares return to the owner.
    pub fn cancel_exit(ctx: Context<CancelExit>) -> Result<()> {
        cancel_exit::handle_cancel_exit(ctx)
    }

    /// Donates `amount` base tokens to the insurance fund.
    pub fn fund_insurance(ctx: Context<FundInsurance>, amount: u64) -> Result<()> {
        fund_insurance::handle_fund_insurance(ctx, amount)
    }

    /// Admin: replaces the pool's parameters (validated against the documented bounds).
    pub fn update_config(ctx: Context<UpdateConfig>, config: PoolConfig) -> Result<()> {
        update_config::handle_update_config(ctx, config)
    }

    /// Guardian or admin: sets the per-operation pause flags.
    pub fn set_pause(ctx: Context<SetPause>, flags: u16) -> Result<()> {
        set_pause::handle_set_pause(ctx, flags)
    }

    /// Admin: names a new guardian.
    pub fn set_guardian(ctx: Context<SetGuardian>, guardian: Pubkey) -> Result<()> {
        set_guardian::handle_set_guardian(ctx, guardian)
    }

    /// Admin: proposes a new admin (step one of two; default key cancels).
    pub fn transfer_admin(ctx: Context<TransferAdmin>, new_admin: Pubkey) -> Result<()> {
        transfer_admin::handle_transfer_admin(ctx, new_admin)
    }

    /// Pending admin: accepts the hand-over (step two).
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        accept_admin::handle_accept_admin(ctx)
    }

    /// Admin: adds a collateral asset (mint, vault, oracle feed, LTV, threshold, bonus, cap).
    pub fn add_collateral(ctx: Context<AddCollateral>, params: CollateralParams) -> Result<()> {
        add_collateral::handle_add_collateral(ctx, params)
    }

    /// Admin: replaces collateral `slot`'s feed id, LTV, threshold, bonus and cap (LTV 0
    /// delists it).
    pub fn update_collateral(
        ctx: Context<UpdateCollateral>,
        slot: u8,
        params: CollateralParams,
    ) -> Result<()> {
        update_collateral::handle_update_collateral(ctx, slot, params)
    }

    /// Admin: retires collateral `slot`, delisted and without an accepted price for a day:
    /// it is worth zero from now on and needs no oracle (holdings of bankrupt positions are
    /// forfeited at settlement).
    pub fn retire_collateral(ctx: Context<RetireCollateral>, slot: u8) -> Result<()> {
        retire_collateral::handle_retire_collateral(ctx, slot)
    }

    /// Opens the caller's position number `index` in the pool.
    pub fn open_position(ctx: Context<OpenPosition>, index: u16) -> Result<()> {
        open_position::handle_open_position(ctx, index)
    }

    /// Owner: adds `amount` of collateral `slot` to the position. Remaining accounts: one
    /// `PriceUpdateV2` per collateral slot held after the deposit, in slot order (read when
    /// the position is marked, to re-mark it).
    pub fn deposit_collateral<'info>(
        ctx: Context<'info, DepositCollateral<'info>>,
        slot: u8,
        amount: u64,
    ) -> Result<()> {
        deposit_collateral::handle_deposit_collateral(ctx, slot, amount)
    }

    /// Owner: takes collateral out while staying within the borrow limit (conservative prices).
    pub fn withdraw_collateral<'info>(
        ctx: Context<'info, WithdrawCollateral<'info>>,
        slot: u8,
        amount: u64,
    ) -> Result<()> {
        withdraw_collateral::handle_withdraw_collateral(ctx, slot, amount)
    }

    /// Owner: borrows `amount` base tokens within the borrow limit, borrow cap and cash.
    pub fn borrow<'info>(ctx: Context<'info, Borrow<'info>>, amount: u64) -> Result<()> {
        borrow::handle_borrow(ctx, amount)
    }

    /// Anyone: repays up to `amount` of a position's debt (never more than the debt).
    pub fn repay(ctx: Context<Repay>, amount: u64) -> Result<()> {
        repay::handle_repay(ctx, amount)
    }

    /// Owner: closes an empty position, rent back to the owner.
    pub fn close_position(ctx: Context<ClosePosition>) -> Result<()> {
        close_position::handle_close_position(ctx)
    }

    /// Anyone: accrues interest up to now.
    pub fn accrue_interest(ctx: Context<AccrueInterest>) -> Result<()> {
        accrue_interest::handle_accrue_interest(ctx)
    }

    /// Anyone: moves pending insurance claims from cash to the insurance vault.
    pub fn sweep_insurance(ctx: Context<SweepInsurance>) -> Result<()> {
        sweep_insurance::handle_sweep_insurance(ctx)
    }

    /// Anyone, top level only: lends `amount` of the pool's lendable cash (at most
    /// `flash_loan_cap_bps` of it) until the pool's `flash_repay` later in this transaction,
    /// which returns it with `flash_fee_bps` (rounded up) for the insurance fund. While it
    /// is out, LP, staking and borrowing instructions of the pool are refused.
    pub fn flash_borrow(ctx: Context<FlashBorrow>, amount: u64) -> Result<()> {
        flash_borrow::handle_flash_borrow(ctx, amount)
    }

    /// Anyone, top level only: returns the pool's outstanding flash loan and its fee from
    /// `source` (signed by `payer`).
    pub fn flash_repay(ctx: Context<FlashRepay>) -> Result<()> {
        flash_repay::handle_flash_repay(ctx)
    }

    /// Anyone: liquidates an unhealthy position, repaying up to `repay_amount` (close factor
    /// 50%) for collateral of `slot` plus its bonus (at least
    /// `min_collateral_out`); settles the rest if no collateral is left.
    pub fn liquidate<'info>(
        ctx: Context<'info, Liquidate<'info>>,
        repay_amount: u64,
        slot: u8,
        min_collateral_out: u64,
    ) -> Result<()> {
        liquidate::handle_liquidate(ctx, repay_amount, slot, min_collateral_out)
    }

    /// Anyone: settles a bankrupt position (debt, no collateral): insurance, then LPs.
    pub fn settle_bad_debt(ctx: Context<SettleBadDebt>) -> Result<()> {
        settle_bad_debt::handle_settle_bad_debt(ctx)
    }

    /// Anyone: adds `amount` base tokens to the LPs' books (recovered losses; no shares), only
    /// while the pool is frozen or deposits are paused, and with at most `max_lp_supply` LP
    /// shares outstanding.
    pub fn recapitalize(ctx: Context<Recapitalize>, amount: u64, max_lp_supply: u64) -> Result<()> {
        recapitalize::handle_recapitalize(ctx, amount, max_lp_supply)
    }

    /// Guardian or admin: reopens a frozen pool whose LP share price is back at the floor.
    pub fn unfreeze(ctx: Context<Unfreeze>) -> Result<()> {
        unfreeze::handle_unfreeze(ctx)
    }

    /// Opens the caller's insurance stake account in the pool.
    pub fn open_stake(ctx: Context<OpenStake>) -> Result<()> {
        open_stake::handle_open_stake(ctx)
    }

    /// Stakes `amount` base tokens into the insurance fund for shares (at least `min_shares_out`).
    pub fn stake(ctx: Context<Stake>, amount: u64, min_shares_out: u64) -> Result<()> {
        stake::handle_stake(ctx, amount, min_shares_out)
    }

    /// Fixes `shares` for an unstake at their value now (at least `min_value`) and starts the
    /// cooldown; payable within `unstake_window_secs` after it.
    pub fn request_unstake(
        ctx: Context<UnstakeRequest>,
        shares: u64,
        min_value: u64,
    ) -> Result<()> {
        request_unstake::handle_request_unstake(ctx, shares, min_value)
    }

    /// Cancels the pending unstake request.
    pub fn cancel_unstake(ctx: Context<UnstakeRequest>) -> Result<()> {
        request_unstake::handle_cancel_unstake(ctx)
    }

    /// After the cooldown, within the window: pays `min(value at request, value now)` for the
    /// request's shares.
    pub fn unstake(ctx: Context<Unstake>) -> Result<()> {
        unstake::handle_unstake(ctx)
    }

    /// Owner: closes a stake account with no shares and no request, rent back to the owner.
    pub fn close_stake(ctx: Context<CloseStake>) -> Result<()> {
        close_stake::handle_close_stake(ctx)
    }

    /// Anyone: marks (or re-marks) a position's shortfall at spot prices.
    pub fn mark_shortfall<'info>(ctx: Context<'info, MarkShortfall<'info>>) -> Result<()> {
        mark_shortfall::handle_mark_shortfall(ctx)
    }

    /// View: a position's shortfall now and the pool's exit prices (return data).
    pub fn preview_mark<'info>(ctx: Context<'info, PreviewMark<'info>>) -> Result<MarkPreview> {
        preview_mark::handle_preview_mark(ctx)
    }

    /// View: what `settle_bad_debt` would do now (return data).
    pub fn preview_settle(ctx: Context<PreviewSettle>) -> Result<Settlement> {
        preview_settle::handle_preview_settle(ctx)
    }

    /// View: a position's health at spot and conservative prices (return data).
    pub fn position_health<'info>(
        ctx: Context<'info, PositionHealthView<'info>>,
    ) -> Result<HealthReport> {
        position_health::handle_position_health(ctx)
    }
}
