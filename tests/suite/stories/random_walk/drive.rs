//! How each random step becomes transactions: actors picked, amounts sized from what the
//! walk's copy says they hold or may take.
use super::{
    ops::{Holder, Op, Vault},
    setup::{ASSETS, BORROWERS, LIQUIDATORS, LPS, STAKERS, USDC},
    steps::Step,
    world::Walk,
};
use lending_pool::{
    constants::{pause, RETIRE_AFTER_SECS},
    math::{to_assets_down, value_wad_up, PriceMode},
    state::Position,
};

fn pct_of(x: u64, pct: u64) -> u64 {
    (x as u128 * pct as u128 / 100).min(u64::MAX as u128) as u64
}

impl Walk {
    pub(super) async fn step(&mut self, s: &Step) {
        match *s {
            Step::Deposit { lp, pct } => {
                let lp = lp as usize % LPS;
                let amount = pct_of(self.balance(&self.lps[lp].base), pct as u64);
                self.exec(Op::Deposit { lp, amount }).await;
            }
            Step::Withdraw { lp, pct } => {
                let lp = lp as usize % LPS;
                let assets = pct_of(self.exit_room(lp), pct as u64);
                self.exec(Op::Withdraw { lp, assets }).await;
            }
            Step::Redeem { lp, pct } => {
                let lp = lp as usize % LPS;
                let shares = pct_of(self.balance(&self.lps[lp].lp), pct as u64);
                self.exec(Op::Redeem { lp, shares }).await;
            }
            Step::Run => self.run().await,
            Step::DepositCollateral { b, slot, pct } => {
                let (b, slot) = (b as usize % BORROWERS, slot as usize);
                let wallet = self.balance(&self.borrowers[b].collateral[slot]);
                let amount = pct_of(wallet, pct as u64);
                self.exec(Op::DepositCollateral { b, slot, amount }).await;
            }
            Step::WithdrawCollateral { b, slot, pct } => {
                let b = b as usize % BORROWERS;
                // mostly a slot the position holds
                let held = self.pool().priced_slots(&self.position(b));
                let slot = held.get(slot as usize).copied().unwrap_or(slot as usize);
                let amount = pct_of(self.position(b).collateral[slot], pct as u64).max(1);
                self.exec(Op::WithdrawCollateral { b, slot, amount }).await;
            }
            Step::Borrow { b, pct } => {
                let b = self.pick(b, |p| p.has_collateral());
                let amount = pct_of(self.borrow_room(b), pct as u64);
                self.exec(Op::Borrow { b, amount }).await;
            }
            Step::Repay { b, pct } => {
                let b = self.pick(b, |p| p.scaled_debt.get() > 0);
                let amount = if pct >= 100 {
                    u64::MAX
                } else {
                    pct_of(self.debt(b), pct as u64)
                };
                self.exec(Op::Repay { b, amount }).await;
            }
            Step::Price { slot, pct } => {
                let p = &mut self.prices[slot as usize];
                *p = (*p as i128 * pct as i128 / 100).max(1) as i64;
                self.publish_prices().await;
            }
            Step::CrashAll { pct } => {
                for p in &mut self.prices {
                    *p = (*p as i128 * pct as i128 / 100).max(1) as i64;
                }
                self.publish_prices().await;
            }
            Step::Reset { slot, pct } => {
                let start = ASSETS[slot as usize].listing.price;
                self.prices[slot as usize] = (start as i128 * pct as i128 / 100) as i64;
                self.publish_prices().await;
            }
            Step::Warp { secs } => {
                self.bank.warp(secs as i64).await;
                self.publish_prices().await;
            }
            Step::Liquidate { liq, b, slot, pct } => {
                let liq = liq as usize % LIQUIDATORS;
                let b = self.pick(b, |p| self.liquidatable(p));
                let repay = if pct >= 100 {
                    u64::MAX
                } else {
                    pct_of(self.debt(b), pct as u64)
                };
                let slot = slot as usize;
                self.exec(Op::Liquidate {
                    liq,
                    b,
                    slot,
                    repay,
                })
                .await;
            }
            Step::Clear { liq, b, rot } => {
                let (liq, b) = (liq as usize % LIQUIDATORS, b as usize % BORROWERS);
                self.clear(liq, b, rot as usize).await;
            }
            Step::Settle { b } => {
                let pool = self.pool();
                let b = self.pick(b, |p| p.scaled_debt.get() > 0 && !pool.holds_value(p));
                self.exec(Op::Settle { b }).await;
            }
            Step::Sweep => {
                self.exec(Op::Sweep).await;
            }
            Step::FundInsurance { who, permille } => {
                let who = self.holder(who);
                let amount = self.scale() / 1_000 * permille as u64;
                self.exec(Op::FundInsurance { who, amount }).await;
            }
            Step::Donate {
                who,
                vault,
                permille,
            } => {
                let vault = match vault {
                    0 => Vault::Base,
                    1 => Vault::Insurance,
                    v => Vault::Collateral(v as usize - 2),
                };
                let who = match (self.holder(who), vault) {
                    // collateral comes from those who hold some
                    (Holder::Lp(i), Vault::Collateral(_)) => Holder::Borrower(i),
                    (who, _) => who,
                };
                let (from, _) = self.donation_accounts(who, vault);
                let amount = match vault {
                    Vault::Collateral(_) => self.balance(&from) / 1_000 * permille as u64,
                    _ => self.scale() / 1_000 * permille as u64,
                };
                if amount > 0 {
                    self.exec(Op::Donate { who, vault, amount }).await;
                }
            }
            Step::Recapitalize { who, permille } => {
                let who = self.holder(who);
                let amount = self.scale() / 1_000 * permille as u64;
                self.exec(Op::Recapitalize { who, amount }).await;
            }
            Step::Unfreeze => {
                self.exec(Op::Unfreeze).await;
            }
            Step::Pause { flag } => {
                let flags = self.pool().pause_flags ^ (1 << flag);
                self.exec(Op::SetPause(flags)).await;
            }
            Step::Resume => {
                self.exec(Op::SetPause(0)).await;
            }
            Step::Stake { who, permille } => {
                let s = who as usize % STAKERS;
                let wallet = self.balance(&self.stakers[s].base);
                let amount = (wallet as u128 * permille as u128 / 1_000) as u64;
                self.exec(Op::Stake { s, amount }).await;
            }
            Step::RequestUnstake { who, pct } => {
                let s = who as usize % STAKERS;
                let mut st = self.stake(s);
                self.fund().sync_stake(&mut st);
                let shares = pct_of(st.shares, pct as u64);
                self.exec(Op::RequestUnstake { s, shares }).await;
            }
            Step::CancelUnstake { who } => {
                let s = who as usize % STAKERS;
                self.exec(Op::CancelUnstake { s }).await;
            }
            Step::Unstake { who } => {
                let s = who as usize % STAKERS;
                self.exec(Op::Unstake { s }).await;
            }
            Step::Mark { who, b } => {
                let who = self.holder(who);
                let b = self.pick(b, |p| p.scaled_debt.get() > 0);
                self.exec(Op::Mark { who, b }).await;
            }
            Step::RequestExit { lp, pct } => {
                let lp = lp as usize % LPS;
                if self.exit_request(lp).is_none() {
                    let shares = pct_of(self.balance(&self.lps[lp].lp), pct as u64);
                    self.exec(Op::RequestExit { lp, shares }).await;
                }
            }
            Step::SettleExit { lp, cancel } => {
                let lp = lp as usize % LPS;
                if self.exit_request(lp).is_some() {
                    let op = if cancel {
                        Op::CancelExit { lp }
                    } else {
                        Op::CompleteExit { lp }
                    };
                    self.exec(op).await;
                }
            }
            Step::Retire { roll } if roll < 64 => {
                let slot = ASSETS.len() - 1;
                self.exec(Op::Delist { slot }).await;
                self.stopped[slot] = true;
                self.bank.warp(RETIRE_AFTER_SECS + 1).await;
                self.publish_prices().await;
                self.exec(Op::Retire { slot }).await;
            }
            Step::Retire { roll } => {
                let slot = roll as usize % ASSETS.len();
                self.exec(Op::Retire { slot }).await;
            }
            Step::Wipeout { liq, rot } => {
                let liq = liq as usize % LIQUIDATORS;
                let flags = self.pool().pause_flags;
                self.exec(Op::SetPause(flags | pause::SETTLE)).await;
                self.prices = [1; 4];
                self.publish_prices().await;
                for b in 0..BORROWERS {
                    self.clear(liq, b, rot as usize).await;
                }
                self.exec(Op::SetPause(flags & !pause::SETTLE)).await;
                for b in 0..BORROWERS {
                    let pos = self.position(b);
                    if pos.scaled_debt.get() > 0 && !self.pool().holds_value(&pos) {
                        self.run().await;
                        self.exec(Op::Settle { b }).await;
                    }
                }
            }
        }
    }

    /// The first borrower from `b` on (cyclically) whose position satisfies `want`, else `b`.
    fn pick(&self, b: u8, want: impl Fn(&Position) -> bool) -> usize {
        let b = b as usize % BORROWERS;
        (0..BORROWERS)
            .map(|i| (b + i) % BORROWERS)
            .find(|&i| want(&self.position(i)))
            .unwrap_or(b)
    }

    /// Whether `pos` can be liquidated now (at spot prices, after accrual).
    fn liquidatable(&self, pos: &Position) -> bool {
        let Some(pool) = self.accrued_pool() else {
            return false;
        };
        let prices = self.market(&pool, pos, PriceMode::Spot);
        pool.position_health(pos, &prices, PriceMode::Spot)
            .is_ok_and(|h| h.is_liquidatable())
    }

    /// A bank run: every LP withdraws all it can.
    async fn run(&mut self) {
        for lp in 0..LPS {
            let assets = self.exit_room(lp);
            if assets > 0 {
                self.exec(Op::Withdraw { lp, assets }).await;
            }
        }
    }

    /// The pool's size for donations and recapitalizations: its LP assets, at least
    /// 1,000,000 USDC (a wiped-out pool has none).
    fn scale(&self) -> u64 {
        let lp_assets = self.pool().lp_assets().unwrap_or(0);
        lp_assets.max(1_000_000 * USDC)
    }

    /// What LP `lp` could take out now: its shares' value at the exit price (net of the
    /// marked loss insurance would not cover), within the available cash.
    fn exit_room(&self, lp: usize) -> u64 {
        let Some(pool) = self.accrued_pool() else {
            return 0;
        };
        let shares = self.balance(&self.lps[lp].lp);
        let ledger = self.fund().balance().unwrap_or(0);
        let value = pool
            .exit_lp_assets(ledger)
            .and_then(|assets| to_assets_down(shares, assets, self.lp_supply()))
            .unwrap_or(0);
        value.min(pool.available_cash())
    }

    /// Borrower `b`'s debt as the next instruction sees it.
    fn debt(&self, b: usize) -> u64 {
        self.accrued_pool()
            .and_then(|p| self.position(b).debt(p.borrow_index.get()).ok())
            .unwrap_or(0)
    }

    /// Base units borrower `b` could still borrow at conservative prices.
    fn borrow_room(&self, b: usize) -> u64 {
        let Some(pool) = self.accrued_pool() else {
            return 0;
        };
        let pos = self.position(b);
        let mode = PriceMode::Conservative;
        let Ok(h) = pool.position_health(&pos, &self.market(&pool, &pos, mode), mode) else {
            return 0;
        };
        let base = &self.base_update;
        let debt_price = base.price.max(base.ema_price) as u64 + base.conf;
        let unit = value_wad_up(1, pool.base_decimals, debt_price, base.exponent).unwrap();
        (h.borrow_limit.saturating_sub(h.debt_value) / unit).min(u64::MAX as u128) as u64
    }
}
