//! The native prediction of each transaction: the program's own `Pool` methods, run on the
//! walk's copy of the accounts, give the error code or the state the bank must show after.
use super::{ops::Op, world::Walk};
use anchor_lang::prelude::{ProgramError, Pubkey};
use anchor_spl::token::spl_token;
use lending_pool::{
    errors::LendingError,
    math::PriceMode,
    state::{
        CollateralParams, InsuranceFund, InsuranceStake, LiquidationRequest, Operation, Pool,
        Position, Settlement,
    },
};

const TOKEN_INSUFFICIENT_FUNDS: u32 = spl_token::error::TokenError::InsufficientFunds as u32;

/// What the program's own code says a successful transaction leaves behind.
pub(super) struct After {
    pub(super) pool: Pool,
    pub(super) fund: InsuranceFund,
    pub(super) position: Option<(usize, Position)>,
    pub(super) stake: Option<(usize, InsuranceStake)>,
    pub(super) lp_supply: u64,
    /// Token movements (account, signed amount); every other account stays as it was.
    pub(super) moves: Vec<(Pubkey, i128)>,
    pub(super) settlement: Option<Settlement>,
}

/// The custom error code a native `Pool` error becomes on-chain.
pub(super) fn code(e: anchor_lang::error::Error) -> u32 {
    match ProgramError::from(e) {
        ProgramError::Custom(c) => c,
        other => panic!("native error without a custom code: {other:?}"),
    }
}

pub(super) fn lending(e: LendingError) -> u32 {
    u32::from(e)
}

impl Walk {
    /// What the handler's borrow-limit check after a borrow or withdrawal decides.
    fn within_borrow_limit(&self, pool: &Pool, pos: &Position) -> Result<(), u32> {
        if pos.scaled_debt.get() == 0 {
            return Ok(());
        }
        let mode = PriceMode::Conservative;
        let h = pool
            .position_health(pos, &self.market(pool, pos, mode), mode)
            .map_err(code)?;
        if h.within_borrow_limit() {
            Ok(())
        } else {
            Err(lending(LendingError::BorrowLimitExceeded))
        }
    }

    /// A marked position with debt is re-marked at the prices the handler's borrow-limit
    /// check read (conservative mode loads them; the mark uses their spot side).
    fn remark_with_debt(&self, pool: &mut Pool, pos: &mut Position) -> Result<(), u32> {
        if pos.scaled_debt.get() == 0 {
            return Ok(());
        }
        let prices = self.market(pool, pos, PriceMode::Conservative);
        pool.remark_if_marked(pos, &prices, self.now)
            .map(drop)
            .map_err(code)
    }

    /// The token program refuses a transfer of more than the source holds.
    pub(super) fn pays(&self, from: &Pubkey, amount: u64) -> Result<(), u32> {
        if self.balance(from) < amount {
            Err(TOKEN_INSUFFICIENT_FUNDS)
        } else {
            Ok(())
        }
    }

    /// What the program's own code does with `op` now: its error code, or the state after.
    pub(super) fn predict(&self, op: Op) -> Result<After, u32> {
        let now = self.now;
        let a = self.fx.addrs;
        let (mut pool, mut fund, supply) = (self.pool(), self.fund(), self.lp_supply());
        // as every handler brings the pool up to now: lapsed guardian pauses, then interest
        let accrue = |pool: &mut Pool| {
            pool.lapse_guardian_pauses(now);
            pool.accrue_interest(now).map(drop).map_err(code)
        };
        let mut position = None;
        let mut lp_supply = supply;
        let mut settlement = None;
        let mut stake = None;
        let moves: Vec<(Pubkey, i128)> = match op {
            Op::Deposit { lp, amount } => {
                accrue(&mut pool)?;
                let f = pool.deposit(amount, supply, 0).map_err(code)?;
                // the handler's own check: the LP supply must hold the new shares
                lp_supply = supply
                    .checked_add(f.shares)
                    .ok_or(lending(LendingError::MathOverflow))?;
                let u = &self.lps[lp];
                self.pays(&u.base, f.assets)?;
                vec![
                    (u.base, -(f.assets as i128)),
                    (a.base_vault, f.assets as i128),
                    (u.lp, f.shares as i128),
                ]
            }
            Op::Withdraw { lp, .. } | Op::Redeem { lp, .. } => {
                accrue(&mut pool)?;
                let u = &self.lps[lp];
                let held = self.balance(&u.lp);
                let ledger = fund.balance().map_err(code)?;
                let f = match op {
                    Op::Withdraw { assets, .. } => {
                        pool.withdraw(assets, supply, ledger, held, u64::MAX)
                    }
                    Op::Redeem { shares, .. } => pool.redeem(shares, supply, ledger, held, 0),
                    _ => unreachable!(),
                }
                .map_err(code)?;
                lp_supply -= f.shares;
                vec![
                    (u.lp, -(f.shares as i128)),
                    (u.base, f.assets as i128),
                    (a.base_vault, -(f.assets as i128)),
                ]
            }
            Op::DepositCollateral { b, slot, amount } => {
                // no accrual: a deposit of collateral does not touch the debt, unless the
                // position is marked: then it accrues and is re-marked at spot prices
                let mut pos = self.position(b);
                pool.deposit_collateral(&mut pos, slot, amount)
                    .map_err(code)?;
                if pos.marked_shortfall > 0 {
                    accrue(&mut pool)?;
                    let prices = self.market(&pool, &pos, PriceMode::Spot);
                    pool.remark_if_marked(&mut pos, &prices, now)
                        .map_err(code)?;
                }
                let from = self.borrowers[b].collateral[slot];
                self.pays(&from, amount)?;
                position = Some((b, pos));
                vec![
                    (from, -(amount as i128)),
                    (self.fx.collaterals[slot].vault, amount as i128),
                ]
            }
            Op::WithdrawCollateral { b, slot, amount } => {
                accrue(&mut pool)?;
                let mut pos = self.position(b);
                pool.withdraw_collateral(&mut pos, slot, amount)
                    .map_err(code)?;
                self.within_borrow_limit(&pool, &pos)?;
                self.remark_with_debt(&mut pool, &mut pos)?;
                position = Some((b, pos));
                vec![
                    (self.fx.collaterals[slot].vault, -(amount as i128)),
                    (self.borrowers[b].collateral[slot], amount as i128),
                ]
            }
            Op::Borrow { b, amount } => {
                accrue(&mut pool)?;
                let mut pos = self.position(b);
                pool.borrow(&mut pos, amount).map_err(code)?;
                self.within_borrow_limit(&pool, &pos)?;
                self.remark_with_debt(&mut pool, &mut pos)?;
                position = Some((b, pos));
                vec![
                    (a.base_vault, -(amount as i128)),
                    (self.borrowers[b].base, amount as i128),
                ]
            }
            Op::Repay { b, amount } => {
                accrue(&mut pool)?;
                let mut pos = self.position(b);
                let c = pool.repay(&mut pos, amount).map_err(code)?;
                pool.reduce_mark(&mut pos, now).map_err(code)?;
                self.pays(&self.borrowers[b].base, c.amount)?;
                position = Some((b, pos));
                vec![
                    (self.borrowers[b].base, -(c.amount as i128)),
                    (a.base_vault, c.amount as i128),
                ]
            }
            Op::Liquidate {
                liq,
                b,
                slot,
                repay,
            } => {
                accrue(&mut pool)?;
                let mut pos = self.position(b);
                let prices = self.market(&pool, &pos, PriceMode::Spot);
                let req = LiquidationRequest {
                    slot,
                    repay_amount: repay,
                    min_collateral_out: 0,
                };
                let o = pool
                    .liquidate(&mut pos, &mut fund, req, &prices, supply, now)
                    .map_err(code)?;
                let l = &self.liquidators[liq];
                self.pays(&l.user.base, o.repaid + o.fee)?;
                let covered = o.settlement.map_or(0, |s| s.from_insurance_vault) as i128;
                settlement = o.settlement;
                position = Some((b, pos));
                vec![
                    (l.user.base, -((o.repaid + o.fee) as i128)),
                    (a.base_vault, o.repaid as i128 + covered),
                    (a.insurance_vault, o.fee as i128 - covered),
                    (self.fx.collaterals[slot].vault, -(o.collateral_out as i128)),
                    (l.collateral[slot], o.collateral_out as i128),
                ]
            }
            Op::Settle { b } => {
                accrue(&mut pool)?;
                let mut pos = self.position(b);
                let s = pool
                    .settle_bad_debt(&mut pos, &mut fund, supply, now)
                    .map_err(code)?;
                settlement = Some(s);
                position = Some((b, pos));
                let covered = s.from_insurance_vault as i128;
                vec![(a.insurance_vault, -covered), (a.base_vault, covered)]
            }
            Op::Sweep => {
                accrue(&mut pool)?;
                let amount = pool.sweep_insurance().map_err(code)?;
                fund.record_interest(amount).map_err(code)?;
                vec![
                    (a.base_vault, -(amount as i128)),
                    (a.insurance_vault, amount as i128),
                ]
            }
            Op::FundInsurance { who, amount } => {
                // the handler reads the pool without writing it: a lapse applies, unrecorded
                let mut read = pool;
                read.lapse_guardian_pauses(now);
                read.require_allowed(Operation::FundInsurance)
                    .map_err(code)?;
                if amount == 0 {
                    return Err(lending(LendingError::ZeroAmount));
                }
                fund.record_donation(amount).map_err(code)?;
                let from = self.base_of(who);
                self.pays(&from, amount)?;
                vec![
                    (from, -(amount as i128)),
                    (a.insurance_vault, amount as i128),
                ]
            }
            Op::Recapitalize { who, amount } => {
                accrue(&mut pool)?;
                pool.recapitalize(amount, supply, u64::MAX).map_err(code)?;
                let from = self.base_of(who);
                self.pays(&from, amount)?;
                vec![(from, -(amount as i128)), (a.base_vault, amount as i128)]
            }
            Op::Unfreeze => {
                accrue(&mut pool)?;
                pool.unfreeze(supply).map_err(code)?;
                vec![]
            }
            Op::SetPause(flags) => {
                // the guardian's: lapsed pauses cleared first, then the bounds
                pool.set_pause(flags, false, now).map_err(code)?;
                vec![]
            }
            Op::Stake { .. }
            | Op::RequestUnstake { .. }
            | Op::CancelUnstake { .. }
            | Op::Unstake { .. }
            | Op::Mark { .. } => {
                let p = self.predict_insurance(op, &mut pool, &mut fund)?;
                stake = p.stake;
                position = p.position;
                p.moves
            }
            Op::RequestExit { lp, shares } => {
                accrue(&mut pool)?;
                let u = &self.lps[lp];
                let held = self.balance(&u.lp);
                let ledger = fund.balance().map_err(code)?;
                pool.request_exit(shares, supply, ledger, held, 0, now)
                    .map_err(code)?;
                vec![
                    (u.lp, -(shares as i128)),
                    (self.exit_escrow(lp), shares as i128),
                ]
            }
            Op::CompleteExit { lp } => {
                accrue(&mut pool)?;
                let req = self.exit_request(lp).expect("a request");
                let ledger = fund.balance().map_err(code)?;
                let paid = pool
                    .complete_exit(&req, supply, ledger, now)
                    .map_err(code)?;
                lp_supply -= paid.flow.shares;
                vec![
                    (self.exit_escrow(lp), -(paid.flow.shares as i128)),
                    (self.lps[lp].base, paid.flow.assets as i128),
                    (a.base_vault, -(paid.flow.assets as i128)),
                ]
            }
            Op::CancelExit { lp } => {
                let req = self.exit_request(lp).expect("a request");
                vec![
                    (self.exit_escrow(lp), -(req.shares as i128)),
                    (self.lps[lp].lp, req.shares as i128),
                ]
            }
            Op::Delist { slot } => {
                let params = CollateralParams {
                    ltv_bps: 0,
                    ..pool.collaterals[slot].params()
                };
                pool.update_collateral(slot, params).map_err(code)?;
                vec![]
            }
            Op::Retire { slot } => {
                pool.retire_collateral(slot, now).map_err(code)?;
                vec![]
            }
            Op::Donate { who, vault, amount } => {
                let (from, to) = self.donation_accounts(who, vault);
                self.pays(&from, amount)?;
                vec![(from, -(amount as i128)), (to, amount as i128)]
            }
        };
        Ok(After {
            pool,
            fund,
            position,
            stake,
            lp_supply,
            moves,
            settlement,
        })
    }
}
