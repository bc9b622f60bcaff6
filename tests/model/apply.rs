//! One operation applied as its instruction would: the program's own book-keeping calls,
//! with the token movements around them and the settlement's booking and rules.
use super::{ops::Op, setup::ASSETS, world::World};
use lending_pool::{constants::*, math::*, state::*};
use lending_pool_tests::invariants::check_settlement;

impl World {
    /// Applies one operation as its instruction would; `Err` means the transaction failed
    /// (the caller restores the world: the transaction reverts). `Ok(true)`: LPs lost
    /// something in a settlement.
    pub(super) fn apply(&mut self, op: &Op) -> Result<bool, String> {
        let e = |x: anchor_lang::error::Error| x.to_string();
        // a pure book-keeping call that fails must leave the pool, positions and fund alone;
        // `pure!(result call)` is the call's `Result`, `pure!(call)` its value (or the op fails)
        macro_rules! pure {
            (result $call:expr) => {{
                let (pool0, pos0, fund0, st0) = (self.pool, self.positions, self.fund, self.stakes);
                let r = $call;
                if r.is_err() {
                    assert!(
                        bytemuck::bytes_of(&self.stakes) == bytemuck::bytes_of(&st0),
                        "stake written by failed {op:?}"
                    );
                    assert!(
                        bytemuck::bytes_of(&self.pool) == bytemuck::bytes_of(&pool0),
                        "pool written by failed {op:?}"
                    );
                    assert!(
                        bytemuck::bytes_of(&self.positions) == bytemuck::bytes_of(&pos0),
                        "position written by failed {op:?}"
                    );
                    assert!(
                        bytemuck::bytes_of(&self.fund) == bytemuck::bytes_of(&fund0),
                        "fund written by failed {op:?}"
                    );
                }
                r.map_err(e)
            }};
            ($call:expr) => {
                pure!(result $call)?
            };
        }
        let was_frozen = self.pool.status == STATUS_FROZEN;
        let mut settled_loss = false;
        match *op {
            Op::Deposit { lp, amount } => {
                self.accrue();
                if self.lp_base[lp] < amount {
                    return Err("insufficient funds".into());
                }
                let f = pure!(self.pool.deposit(amount, self.lp_supply, 0));
                self.lp_base[lp] -= amount;
                self.base_vault += amount;
                self.lp_shares[lp] += f.shares;
                self.lp_supply += f.shares;
                self.lp_net_deposits += amount as i128;
            }
            Op::Withdraw { lp, amount } => {
                self.accrue();
                let amount = if amount == u64::MAX {
                    let ledger = self.fund.balance().unwrap();
                    let lp_assets = self.pool.exit_lp_assets(ledger).unwrap();
                    to_assets_down(self.lp_shares[lp], lp_assets, self.lp_supply)
                        .unwrap()
                        .min(self.pool.available_cash())
                } else {
                    amount
                };
                let ledger = self.fund.balance().unwrap();
                let (supply, held) = (self.lp_supply, self.lp_shares[lp]);
                let f = pure!(self.pool.withdraw(amount, supply, ledger, held, u64::MAX));
                self.pay_lp(lp, f);
            }
            Op::Redeem { lp, bps } => {
                self.accrue();
                // shares minted at a near-zero price can fill most of a u64
                let shares = (self.lp_shares[lp] as u128 * bps as u128 / 10_000) as u64;
                let ledger = self.fund.balance().unwrap();
                let (supply, held) = (self.lp_supply, self.lp_shares[lp]);
                let f = pure!(self.pool.redeem(shares, supply, ledger, held, 0));
                self.pay_lp(lp, f);
            }
            Op::Donate { amount } => {
                // straight into the base vault, outside the program: not cash, moves no price
                let amount = amount.min(self.lp_base[0]);
                self.lp_base[0] -= amount;
                self.base_vault += amount;
                self.donated += amount;
            }
            Op::FundInsurance { amount } => {
                if self.lp_base[1] < amount {
                    return Err("insufficient funds".into());
                }
                pure!(self.fund.record_donation(amount));
                self.lp_base[1] -= amount;
                self.insurance_vault += amount;
            }
            Op::DepositCollateral { b, slot, amount } => {
                if self.b_collateral[b][slot] < amount {
                    return Err("insufficient funds".into());
                }
                pure!(self
                    .pool
                    .deposit_collateral(&mut self.positions[b], slot, amount));
                // a marked position accrues and is re-marked with what it now holds
                if self.positions[b].marked_shortfall > 0 {
                    self.accrue();
                    self.remark(b)?;
                }
                self.b_collateral[b][slot] -= amount;
                self.collateral_vault[slot] += amount;
            }
            Op::WithdrawCollateral { b, slot, amount } => {
                self.accrue();
                let with_debt = self.positions[b].scaled_debt.get() > 0;
                pure!(self
                    .pool
                    .withdraw_collateral(&mut self.positions[b], slot, amount));
                if with_debt
                    && !self
                        .health(b, PriceMode::Conservative)?
                        .within_borrow_limit()
                {
                    return Err("borrow limit".into());
                }
                if with_debt {
                    self.remark(b)?;
                }
                self.b_collateral[b][slot] += amount;
                self.collateral_vault[slot] -= amount;
            }
            Op::Borrow { b, amount } => {
                self.accrue();
                let amount = if amount == u64::MAX {
                    self.pool.available_cash()
                } else {
                    amount
                };
                let before = self.pool.total_debt().unwrap();
                pure!(self.pool.borrow(&mut self.positions[b], amount));
                if !self
                    .health(b, PriceMode::Conservative)?
                    .within_borrow_limit()
                {
                    return Err("borrow limit".into());
                }
                self.remark(b)?;
                // the aggregate's rounding can credit LPs with a unit
                self.lp_interest +=
                    (self.pool.total_debt().unwrap() - before) as i128 - amount as i128;
                self.b_base[b] += amount;
                self.base_vault -= amount;
            }
            Op::Repay { b, amount } => {
                self.accrue();
                let amount = amount.min(self.b_base[b]);
                let before = self.pool.total_debt().unwrap();
                let c = pure!(self.pool.repay(&mut self.positions[b], amount));
                let mark = self.pool.position_mark(&self.positions[b]).unwrap();
                let repays = self.positions[b].mark_repayable;
                pure!(self.pool.reduce_mark(&mut self.positions[b], self.now));
                // what the collateral repays stays: the mark falls by exactly what the debt
                // fell (the repayment, less the pool-favouring rounding of the debt left)
                let after = self.positions[b].marked_shortfall;
                if mark > 0 {
                    let fell = c.position_debt_before - c.position_debt_after;
                    assert_eq!(after, c.position_debt_after.saturating_sub(repays));
                    assert_eq!(after, mark.saturating_sub(fell), "{mark} − {fell}");
                    assert!(fell <= c.amount);
                }
                self.lp_interest +=
                    c.amount as i128 - (before - self.pool.total_debt().unwrap()) as i128;
                self.b_base[b] -= c.amount;
                self.base_vault += c.amount;
            }
            Op::Price { slot, permille } => self.set_price(slot, permille),
            Op::Retire { slot } => {
                // only a delisted slot, not yet retired, whose newest accepted price is more
                // than a day old
                let a = self.pool.collaterals[slot];
                let retirable = a.ltv_bps == 0
                    && !a.is_retired()
                    && self.now - a.newest_price_ts > RETIRE_AFTER_SECS;
                let r = pure!(result self.pool.retire_collateral(slot, self.now));
                assert_eq!(r.is_ok(), retirable, "retire: {r:?}");
                r?;
            }
            Op::Crash { permille } => (0..ASSETS).for_each(|slot| self.set_price(slot, permille)),
            Op::Warp { secs } => self.now += secs,
            Op::Liquidate { b, slot, amount } => {
                self.accrue();
                let before = self.pool.total_debt().unwrap();
                let req = LiquidationRequest {
                    slot,
                    repay_amount: amount,
                    min_collateral_out: 0,
                };
                let prices = self.prices();
                let before_health = self.health(b, PriceMode::Spot)?;
                let o = pure!(self.pool.liquidate(
                    &mut self.positions[b],
                    &mut self.fund,
                    req,
                    &prices,
                    self.lp_supply,
                    self.now,
                ));
                if self.liquidator_base < o.repaid + o.fee {
                    return Err("insufficient funds".into());
                }
                self.check_liquidation(&o, b, slot, before_health);
                self.lp_interest += o.repaid as i128 - (before - o.total_debt_after) as i128;
                self.liquidator_base -= o.repaid + o.fee;
                self.base_vault += o.repaid;
                self.insurance_vault += o.fee;
                self.collateral_vault[slot] -= o.collateral_out;
                self.liquidator_collateral[slot] += o.collateral_out;
                if let Some(s) = o.settlement {
                    settled_loss = self.book_settlement(&s, was_frozen);
                }
            }
            Op::Settle { b } => {
                self.accrue();
                let s = pure!(self.pool.settle_bad_debt(
                    &mut self.positions[b],
                    &mut self.fund,
                    self.lp_supply,
                    self.now,
                ));
                settled_loss = self.book_settlement(&s, was_frozen);
            }
            Op::Sweep => {
                self.accrue();
                let amount = pure!(self.pool.sweep_insurance());
                self.fund.record_interest(amount).map_err(e)?;
                self.base_vault -= amount;
                self.insurance_vault += amount;
            }
            Op::Recapitalize { amount } => {
                self.accrue();
                if self.donor_base < amount {
                    return Err("insufficient funds".into());
                }
                // permissionless, only while nobody can buy shares (frozen, or deposits
                // paused), and it needs LP shares
                let closed = was_frozen || self.pool.pause_flags & pause::DEPOSIT != 0;
                let r = pure!(result self.pool.recapitalize(amount, self.lp_supply, u64::MAX));
                assert_eq!(
                    r.is_ok(),
                    closed && self.lp_supply > 0,
                    "recapitalize: {r:?}"
                );
                r?;
                self.donor_base -= amount;
                self.base_vault += amount;
                self.lp_recovered += amount as i128;
            }
            Op::Unfreeze => {
                self.accrue();
                // reopens exactly a frozen pool whose share price is back at the floor, or
                // that has no LP shares left
                let lp_assets = self.pool.lp_assets().unwrap();
                let reopenable = was_frozen
                    && (self.lp_supply == 0
                        || !self.pool.share_price_below_floor(lp_assets, self.lp_supply));
                let r = pure!(result self.pool.unfreeze(self.lp_supply));
                assert_eq!(r.is_ok(), reopenable, "unfreeze: {r:?}");
                r?;
            }
            Op::SetPause { flags, admin } => {
                self.accrue();
                let defences_open = defences_open_while_liquidating(flags);
                let r = pure!(result self.pool.set_pause(flags, admin, self.now));
                assert_eq!(r.is_ok(), defences_open, "set_pause: {r:?}");
                r?;
            }
            Op::Stake { .. }
            | Op::RequestUnstake { .. }
            | Op::CancelUnstake { .. }
            | Op::Unstake { .. }
            | Op::Mark { .. } => self.apply_insurance(op)?,
            Op::RequestExit { .. } | Op::CompleteExit { .. } | Op::CancelExit { .. } => {
                self.apply_exit(op)?
            }
        }
        Ok(settled_loss)
    }

    fn pay_lp(&mut self, lp: usize, f: LpFlow) {
        self.lp_shares[lp] -= f.shares;
        self.lp_supply -= f.shares;
        self.lp_base[lp] += f.assets;
        self.base_vault -= f.assets;
        self.lp_net_deposits -= f.assets as i128;
    }

    /// The token side of a settlement the program booked, and its rules (the shared
    /// `check_settlement`, and the breaker's window against the model's record); `true` if
    /// LPs lost something.
    fn book_settlement(&mut self, s: &Settlement, was_frozen: bool) -> bool {
        self.insurance_vault -= s.from_insurance_vault;
        self.base_vault += s.from_insurance_vault;
        self.lp_losses += s.socialized as i128;
        check_settlement(s, &self.pool, &self.fund, was_frozen);
        self.settlement = Some(*s);
        if s.socialized > 0 {
            self.check_breaker(s);
        }
        s.socialized > 0
    }
}
