//! Model-level stateful property test: random sequences of operations by several LPs,
//! borrowers holding up to four collateral assets, a liquidator, a third party who
//! recapitalizes and the guardian, run on the program's own pure book-keeping (`Pool`,
//! `Position`, `InsuranceFund`) through the same `Pool` methods the handlers call (the
//! liquidation and settlement orchestration included), with token balances modelled around
//! it. After every step the SPEC invariants and the accounting identities are checked, and
//! every underwater position must still have a clearing path. The transaction-level version
//! runs against the bank in the integration suite.
use bytemuck::Zeroable;
use lending_pool::{constants::*, math::*, state::*};
use proptest::{
    collection::vec,
    prelude::*,
    test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner},
};
use std::{cell::RefCell, io::Write, ops::Range, panic, time::Instant};

const LPS: usize = 3;
const BORROWERS: usize = 4;
const ASSETS: usize = MAX_COLLATERALS;
const USDC: u64 = 1_000_000;
const DOLLAR: i64 = 100_000_000;
/// Base tokens every LP, borrower, the liquidator and the recapitalizing donor start with.
const LP_WALLET: u64 = 200_000 * USDC;
const BORROWER_WALLET: u64 = 5_000 * USDC;
const LIQUIDATOR_WALLET: u64 = 1_000_000 * USDC;
const DONOR_WALLET: u64 = 1_000_000 * USDC;

/// At least this many steps per run (issue 12), in cases of up to `MAX_OPS` operations:
/// long enough for a frozen pool's later life and its recovery. In the dev profile a run
/// takes about 30 s of CPU on the 2-core CI machine, so it needs no profile override (one
/// for this package would also rebuild every crate that depends on it).
const MIN_STEPS: u64 = 1_000_000;
const MAX_OPS: usize = 2_000;

/// A collateral asset of the model: its decimals, risk parameters, starting price (expo -8)
/// and what each borrower holds of it at the start (about $15k-$32k).
struct Asset {
    decimals: u8,
    ltv_bps: u16,
    threshold_bps: u16,
    bonus_bps: u16,
    price: i64,
    wallet: u64,
}

const ASSET: [Asset; ASSETS] = [
    // SOL-like
    Asset {
        decimals: 9,
        ltv_bps: 7_500,
        threshold_bps: 8_000,
        bonus_bps: 500,
        price: 150 * DOLLAR,
        wallet: 200_000_000_000,
    },
    // a volatile 6-decimal token at $0.80
    Asset {
        decimals: 6,
        ltv_bps: 5_000,
        threshold_bps: 6_500,
        bonus_bps: 1_000,
        price: 80_000_000,
        wallet: 40_000_000_000,
    },
    // BTC-like
    Asset {
        decimals: 8,
        ltv_bps: 7_000,
        threshold_bps: 7_500,
        bonus_bps: 300,
        price: 60_000 * DOLLAR,
        wallet: 50_000_000,
    },
    // ETH-like at 18 decimals: all borrowers' 4 tokens together still fit a u64
    Asset {
        decimals: 18,
        ltv_bps: 8_000,
        threshold_bps: 8_500,
        bonus_bps: 800,
        price: 3_000 * DOLLAR,
        wallet: 4_000_000_000_000_000_000,
    },
];

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        lp: usize,
        amount: u64,
    },
    /// `u64::MAX`: as much as the LP's shares and the available cash allow.
    Withdraw {
        lp: usize,
        amount: u64,
    },
    Redeem {
        lp: usize,
        bps: u64,
    },
    Donate {
        amount: u64,
    },
    FundInsurance {
        amount: u64,
    },
    DepositCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    WithdrawCollateral {
        b: usize,
        slot: usize,
        amount: u64,
    },
    /// `u64::MAX`: all the available cash.
    Borrow {
        b: usize,
        amount: u64,
    },
    Repay {
        b: usize,
        amount: u64,
    },
    /// Sets `slot`'s price to `permille` of its starting price (at least the smallest price).
    Price {
        slot: usize,
        permille: u64,
    },
    /// Every asset at `permille` of its starting price.
    Crash {
        permille: u64,
    },
    Warp {
        secs: i64,
    },
    /// `amount` is the repayment offered (the program clamps it; `u64::MAX` is everything).
    Liquidate {
        b: usize,
        slot: usize,
        amount: u64,
    },
    Settle {
        b: usize,
    },
    Sweep,
    Recapitalize {
        amount: u64,
    },
    Unfreeze,
    /// The guardian's `set_pause` (replaces every flag, the breaker's too).
    SetPause {
        flags: u16,
    },
}

/// A start a share of the cases takes (SPEC "Insolvency and recovery"): the only borrower
/// takes all the cash, its collateral becomes worthless, its liquidation's settlement is held
/// back while the LP takes the few units it repaid, then the loss leaves the LPs no equity
/// and freezes the pool. The random operations after it are the frozen pool's later life.
/// (Random sequences rarely get there: any collateral left repays a unit, any interest
/// feeds the fund, and either leaves the LPs some equity.)
const WIPE_OUT: [Op; 9] = [
    Op::Deposit {
        lp: 0,
        amount: 10_000 * USDC,
    },
    Op::DepositCollateral {
        b: 0,
        slot: 0,
        amount: 100_000_000_000,
    },
    Op::Borrow {
        b: 0,
        amount: u64::MAX,
    },
    Op::Crash { permille: 0 },
    Op::SetPause {
        flags: pause::SETTLE,
    },
    Op::Liquidate {
        b: 0,
        slot: 0,
        amount: u64::MAX,
    },
    Op::Withdraw {
        lp: 0,
        amount: u64::MAX,
    },
    Op::SetPause { flags: 0 },
    Op::Settle { b: 0 },
];

/// A range, or now and then `u64::MAX` ("as much as possible").
fn or_max(r: Range<u64>) -> impl Strategy<Value = u64> {
    prop_oneof![3 => r, 1 => Just(u64::MAX)]
}

/// A collateral slot and an amount of it: up to a quarter of a wallet, or dust (the issue's
/// "tiny amount of a second asset").
fn collateral() -> impl Strategy<Value = (usize, u64)> {
    (0..ASSETS).prop_flat_map(|slot| {
        (
            Just(slot),
            prop_oneof![3 => 1..=ASSET[slot].wallet / 4, 1 => 1..=1_000u64],
        )
    })
}

/// Mostly moves around the starting price, often crashes deep enough to leave positions
/// underwater, down to the smallest price.
fn permille() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 600..=1_500u64, 1 => 0..600u64]
}

fn op() -> impl Strategy<Value = Op> {
    let lp = 0..LPS;
    let b = 0..BORROWERS;
    prop_oneof![
        2 => (lp.clone(), 1..50_000 * USDC).prop_map(|(lp, amount)| Op::Deposit { lp, amount }),
        1 => (lp.clone(), or_max(1..20_000 * USDC))
            .prop_map(|(lp, amount)| Op::Withdraw { lp, amount }),
        1 => (lp, 1..=10_000u64).prop_map(|(lp, bps)| Op::Redeem { lp, bps }),
        1 => (1..1_000 * USDC).prop_map(|amount| Op::Donate { amount }),
        1 => (1..500 * USDC).prop_map(|amount| Op::FundInsurance { amount }),
        4 => (b.clone(), collateral())
            .prop_map(|(b, (slot, amount))| Op::DepositCollateral { b, slot, amount }),
        1 => (b.clone(), collateral())
            .prop_map(|(b, (slot, amount))| Op::WithdrawCollateral { b, slot, amount }),
        4 => (b.clone(), or_max(1..10_000 * USDC)).prop_map(|(b, amount)| Op::Borrow { b, amount }),
        1 => (b.clone(), 1..5_000 * USDC).prop_map(|(b, amount)| Op::Repay { b, amount }),
        2 => (0..ASSETS, permille()).prop_map(|(slot, permille)| Op::Price { slot, permille }),
        1 => permille().prop_map(|permille| Op::Crash { permille }),
        // seconds to hours (within the breaker's one-day window), or up to a quarter
        1 => prop_oneof![1..7_200i64, 1..90 * 86_400i64].prop_map(|secs| Op::Warp { secs }),
        4 => (b.clone(), 0..ASSETS, or_max(1..10_000 * USDC))
            .prop_map(|(b, slot, amount)| Op::Liquidate { b, slot, amount }),
        1 => b.prop_map(|b| Op::Settle { b }),
        1 => Just(Op::Sweep),
        1 => (1..5_000 * USDC).prop_map(|amount| Op::Recapitalize { amount }),
        1 => Just(Op::Unfreeze),
        1 => prop_oneof![2 => Just(0u16), 1 => (0..10u32).prop_map(|bit| 1u16 << bit)]
            .prop_map(|flags| Op::SetPause { flags }),
    ]
}

#[derive(Clone)]
struct World {
    pool: Pool,
    fund: InsuranceFund,
    positions: [Position; BORROWERS],
    now: i64,
    /// Spot prices of the collateral assets (expo -8); the base asset is at $1.
    price: [i64; ASSETS],
    base_vault: u64,
    insurance_vault: u64,
    collateral_vault: [u64; ASSETS],
    lp_supply: u64,
    lp_base: [u64; LPS],
    lp_shares: [u64; LPS],
    b_base: [u64; BORROWERS],
    b_collateral: [[u64; ASSETS]; BORROWERS],
    liquidator_base: u64,
    liquidator_collateral: [u64; ASSETS],
    donor_base: u64,
    /// Every base token in the model (conserved).
    base_supply: u128,
    /// What LPs put in minus what they took out (base units).
    lp_net_deposits: i128,
    /// Interest credited to LPs (after the reserve factor), losses written off them and
    /// what third parties gave them back (`recapitalize`).
    lp_interest: i128,
    lp_losses: i128,
    lp_recovered: i128,
    /// All interest accrued, and the insurance fund's whole units of it.
    interest: u128,
    interest_to_insurance: u128,
    /// When each settlement wrote something off the LPs, and how much (the breaker's window).
    write_offs: Vec<(i64, u64)>,
    /// Steps so far in this case: seeds the clearing paths' choice of slot.
    steps: usize,
}

impl World {
    fn new(liquidation_fee_bps: u16) -> Self {
        let mut pool = Pool::zeroed();
        pool.config = PoolConfig {
            deposit_cap: u64::MAX,
            borrow_cap: u64::MAX,
            liquidation_fee_bps,
            ..PoolConfig::example()
        };
        pool.config.validate().expect("a valid config");
        pool.borrow_index.set(WAD);
        pool.base_decimals = 6;
        pool.num_collaterals = ASSETS as u8;
        for (slot, a) in ASSET.iter().enumerate() {
            let params = CollateralParams {
                feed_id: [slot as u8; 32],
                ltv_bps: a.ltv_bps,
                liquidation_threshold_bps: a.threshold_bps,
                liquidation_bonus_bps: a.bonus_bps,
                deposit_cap: u64::MAX,
            };
            params
                .validate(liquidation_fee_bps)
                .expect("a valid listing");
            pool.collaterals[slot].decimals = a.decimals;
            pool.collaterals[slot].set_params(params);
        }
        Self {
            pool,
            fund: InsuranceFund::zeroed(),
            positions: [Position::zeroed(); BORROWERS],
            now: 0,
            price: ASSET.map(|a| a.price),
            base_vault: 0,
            insurance_vault: 0,
            collateral_vault: [0; ASSETS],
            lp_supply: 0,
            lp_base: [LP_WALLET; LPS],
            lp_shares: [0; LPS],
            b_base: [BORROWER_WALLET; BORROWERS],
            b_collateral: [ASSET.map(|a| a.wallet); BORROWERS],
            liquidator_base: LIQUIDATOR_WALLET,
            liquidator_collateral: [0; ASSETS],
            donor_base: DONOR_WALLET,
            base_supply: (LPS as u64 * LP_WALLET
                + BORROWERS as u64 * BORROWER_WALLET
                + LIQUIDATOR_WALLET
                + DONOR_WALLET) as u128,
            lp_net_deposits: 0,
            lp_interest: 0,
            lp_losses: 0,
            lp_recovered: 0,
            interest: 0,
            interest_to_insurance: 0,
            write_offs: vec![],
            steps: 0,
        }
    }

    fn oracle(&self, p: i64) -> OraclePrice {
        OraclePrice {
            price: p,
            conf: p as u64 / 1_000,
            ema_price: p,
            expo: -8,
            publish_time: self.now,
        }
    }

    fn prices(&self) -> Prices {
        Prices {
            base: Some(self.oracle(DOLLAR)),
            collateral: self.price.map(|p| Some(self.oracle(p))),
        }
    }

    fn set_price(&mut self, slot: usize, permille: u64) {
        self.price[slot] = (ASSET[slot].price * permille as i64 / 1_000).max(1);
    }

    fn accrue(&mut self) {
        if let Some(a) = self.pool.accrue_interest(self.now).expect("accrual") {
            let interest = a.debt_after - a.debt_before;
            self.lp_interest += interest as i128 - a.to_insurance as i128;
            self.interest += interest as u128;
            self.interest_to_insurance += a.to_insurance as u128;
        }
    }

    fn health(&self, b: usize, mode: PriceMode) -> PositionHealth {
        self.pool
            .position_health(&self.positions[b], &self.prices(), mode)
            .expect("health")
    }

    fn share_price_num_den(&self) -> (u128, u128) {
        (
            self.pool.lp_assets().unwrap() as u128 + VIRTUAL_ASSETS,
            self.lp_supply as u128 + VIRTUAL_SHARES,
        )
    }

    /// Applies one operation as its instruction would; `Err` means the transaction failed
    /// (the caller restores the world: the transaction reverts). `Ok(true)`: LPs lost
    /// something in a settlement.
    fn apply(&mut self, op: &Op) -> Result<bool, String> {
        let e = |x: anchor_lang::error::Error| x.to_string();
        // a pure book-keeping call that fails must leave the pool, positions and fund alone;
        // `pure!(result call)` is the call's `Result`, `pure!(call)` its value (or the op fails)
        macro_rules! pure {
            (result $call:expr) => {{
                let (pool0, pos0, fund0) = (self.pool, self.positions, self.fund);
                let r = $call;
                if r.is_err() {
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
        let breaker = self.pool.pause_flags & pause::BREAKER != 0;
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
                    let lp_assets = self.pool.lp_assets().unwrap();
                    to_assets_down(self.lp_shares[lp], lp_assets, self.lp_supply)
                        .unwrap()
                        .min(self.pool.available_cash())
                } else {
                    amount
                };
                let f =
                    pure!(self
                        .pool
                        .withdraw(amount, self.lp_supply, self.lp_shares[lp], u64::MAX));
                self.pay_lp(lp, f);
            }
            Op::Redeem { lp, bps } => {
                self.accrue();
                // shares minted at a near-zero price can fill most of a u64
                let shares = (self.lp_shares[lp] as u128 * bps as u128 / 10_000) as u64;
                let f = pure!(self
                    .pool
                    .redeem(shares, self.lp_supply, self.lp_shares[lp], 0));
                self.pay_lp(lp, f);
            }
            Op::Donate { amount } => {
                // straight into the base vault, outside the program: not cash, moves no price
                let amount = amount.min(self.lp_base[0]);
                self.lp_base[0] -= amount;
                self.base_vault += amount;
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
                self.b_collateral[b][slot] -= amount;
                self.collateral_vault[slot] += amount;
            }
            Op::WithdrawCollateral { b, slot, amount } => {
                self.accrue();
                let with_debt = self.positions[b].scaled_debt.get() > 0;
                pure!(self
                    .pool
                    .withdraw_collateral(&mut self.positions[b], slot, amount));
                assert!(!(breaker && with_debt), "the breaker let collateral out");
                if with_debt
                    && !self
                        .health(b, PriceMode::Conservative)
                        .within_borrow_limit()
                {
                    return Err("borrow limit".into());
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
                assert!(!breaker, "the breaker let a borrow through");
                if !self
                    .health(b, PriceMode::Conservative)
                    .within_borrow_limit()
                {
                    return Err("borrow limit".into());
                }
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
                self.lp_interest +=
                    c.amount as i128 - (before - self.pool.total_debt().unwrap()) as i128;
                self.b_base[b] -= c.amount;
                self.base_vault += c.amount;
            }
            Op::Price { slot, permille } => self.set_price(slot, permille),
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
                let before_health = self.health(b, PriceMode::Spot);
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
                // permissionless, open in a frozen or paused pool: it needs only LP shares
                let r = pure!(result self.pool.recapitalize(amount, self.lp_supply));
                assert_eq!(r.is_ok(), self.lp_supply > 0, "recapitalize: {r:?}");
                r?;
                self.donor_base -= amount;
                self.base_vault += amount;
                self.lp_recovered += amount as i128;
            }
            Op::Unfreeze => {
                self.accrue();
                // reopens exactly a frozen pool whose LPs have equity again, or that has no
                // LP shares left
                let reopenable =
                    was_frozen && (self.pool.lp_assets().unwrap() > 0 || self.lp_supply == 0);
                let r = pure!(result self.pool.unfreeze(self.lp_supply));
                assert_eq!(r.is_ok(), reopenable, "unfreeze: {r:?}");
                r?;
            }
            Op::SetPause { flags } => self.pool.pause_flags = flags,
        }
        // a frozen pool takes no new value or risk
        let adds = matches!(
            op,
            Op::Deposit { .. } | Op::Borrow { .. } | Op::DepositCollateral { .. }
        );
        assert!(!(was_frozen && adds), "a frozen pool took {op:?}");
        Ok(settled_loss)
    }

    /// SPEC "Liquidation", on the outcome: the liquidator gets at most the repayment plus
    /// the slot's bonus, the fee is at most the fee on a full bonus, and a liquidation that
    /// leaves debt without collateral took collateral worth less than the debt.
    fn check_liquidation(
        &self,
        o: &LiquidationOutcome,
        b: usize,
        slot: usize,
        before: PositionHealth,
    ) {
        let asset = &ASSET[slot];
        let price = self.price[slot] as u64;
        let got = value_wad_down(o.collateral_out, asset.decimals, price, -8).unwrap();
        let paid = value_wad_up(o.repaid, 6, DOLLAR as u64, -8).unwrap();
        let bonus = (BPS + asset.bonus_bps as u64) as u128;
        assert!(
            got * BPS as u128 <= paid * bonus,
            "more than the bonus: {o:?}"
        );
        let fee_bps = self.pool.config.liquidation_fee_bps as u64;
        assert!(o.fee <= (o.repaid * fee_bps).div_ceil(BPS), "fee {o:?}");
        if !self.positions[b].has_collateral() && o.position_debt_after > 0 {
            assert!(
                before.collateral_value < before.debt_value,
                "solvent debt written off: {o:?}"
            );
        }
    }

    fn pay_lp(&mut self, lp: usize, f: LpFlow) {
        self.lp_shares[lp] -= f.shares;
        self.lp_supply -= f.shares;
        self.lp_base[lp] += f.assets;
        self.base_vault -= f.assets;
        self.lp_net_deposits -= f.assets as i128;
    }

    /// The token side of a settlement the program booked, and its rules; `true` if LPs
    /// lost something.
    fn book_settlement(&mut self, s: &Settlement, was_frozen: bool) -> bool {
        self.insurance_vault -= s.from_insurance_vault;
        self.base_vault += s.from_insurance_vault;
        self.lp_losses += s.socialized as i128;
        assert_eq!(
            s.debt,
            s.from_pending + s.from_insurance_vault + s.socialized
        );
        if s.socialized > 0 {
            // LPs only lose once the insurance fund is empty
            assert_eq!(self.pool.insurance_pending, 0);
            assert_eq!(self.fund.balance().unwrap(), 0);
        }
        // the pool freezes exactly when a write-down leaves LP shares without equity
        let wiped_out = s.socialized > 0 && s.lp_assets_after == 0 && s.lp_supply > 0;
        assert_eq!(s.frozen, was_frozen || wiped_out, "freeze rule: {s:?}");
        assert!(
            !s.breaker_tripped || s.socialized > 0,
            "breaker without a loss"
        );
        if s.socialized > 0 {
            self.check_breaker(s);
        }
        s.socialized > 0
    }

    /// SPEC "Circuit breaker", against the record of every write-off: a settlement trips the
    /// breaker if the losses of the last window exceed the limit, and only if those of the
    /// last `BREAKER_BUCKETS` buckets (the window and at most one bucket more) do.
    fn check_breaker(&mut self, s: &Settlement) {
        self.write_offs.push((self.now, s.socialized));
        let within = |secs: i64| -> u128 {
            let recent = self.write_offs.iter().filter(|(t, _)| self.now - t <= secs);
            recent.map(|&(_, x)| x as u128).sum()
        };
        let c = &self.pool.config;
        let limit = s.lp_assets_before as u128 * c.breaker_threshold_bps as u128 / BPS as u128;
        let counted = BREAKER_BUCKETS as i64 * self.pool.breaker_bucket_secs() as i64 - 1;
        if s.breaker_tripped {
            assert!(within(counted) > limit, "tripped below the limit: {s:?}");
        } else {
            let window = within(c.breaker_window_secs as i64);
            assert!(
                window <= limit,
                "{window} lost in the window, not tripped: {s:?}"
            );
        }
    }

    fn check(&self) {
        let p = &self.pool;
        // SPEC invariants
        assert!(
            self.base_vault >= p.cash,
            "base vault {} < cash {}",
            self.base_vault,
            p.cash
        );
        assert_eq!(
            self.insurance_vault,
            self.fund.balance().unwrap(),
            "insurance vault = ledger"
        );
        // debt: the positions' scaled debt sums to the pool's exactly
        let scaled: u128 = self.positions.iter().map(|x| x.scaled_debt.get()).sum();
        assert_eq!(scaled, p.total_scaled_debt.get());
        let debts: u64 = self
            .positions
            .iter()
            .map(|x| x.debt(p.borrow_index.get()).unwrap())
            .sum();
        let total = p.total_debt().unwrap();
        assert!(
            debts >= total && debts - total <= BORROWERS as u64,
            "Σ debt {debts} vs total {total}"
        );
        // collateral, per asset: holdings = total_deposited = vault; tokens are conserved
        for (slot, a) in ASSET.iter().enumerate() {
            let held: u128 = self
                .positions
                .iter()
                .map(|x| x.collateral[slot] as u128)
                .sum();
            assert_eq!(held, p.collaterals[slot].total_deposited as u128);
            assert_eq!(held, self.collateral_vault[slot] as u128);
            let wallets: u128 = self.b_collateral.iter().map(|w| w[slot] as u128).sum();
            assert_eq!(
                wallets + held + self.liquidator_collateral[slot] as u128,
                BORROWERS as u128 * a.wallet as u128,
                "collateral {slot} conserved"
            );
        }
        let base: u128 = self
            .lp_base
            .iter()
            .chain(&self.b_base)
            .chain(&[
                self.base_vault,
                self.insurance_vault,
                self.liquidator_base,
                self.donor_base,
            ])
            .map(|&x| x as u128)
            .sum();
        assert_eq!(base, self.base_supply, "base tokens conserved");
        // LPs own exactly what they put in, plus their interest, minus written-off losses,
        // plus what recapitalizations gave back; the loss ledger agrees
        let identity = self.lp_net_deposits + self.lp_interest - self.lp_losses + self.lp_recovered;
        assert_eq!(
            p.lp_assets().unwrap() as i128,
            identity,
            "lp_assets vs the LP ledger"
        );
        assert_eq!(p.total_socialized as i128, self.lp_losses);
        assert_eq!(p.total_recovered as i128, self.lp_recovered);
        // the fund's share of interest is exact to the WAD, however often interest accrues
        let share_wad = self.interest * p.config.reserve_factor_bps as u128 * (WAD / BPS as u128);
        assert_eq!(
            self.interest_to_insurance * WAD + p.insurance_remainder_wad.get(),
            share_wad,
            "insurance share of interest"
        );
        assert_eq!(self.lp_shares.iter().sum::<u64>(), self.lp_supply);
    }

    /// SPEC "Liquidation": no underwater position is left without a way out, and no
    /// liquidatable one without a liquidation. On a copy, for each position with debt while
    /// liquidation runs: if it is underwater (and settlement runs too), liquidate it slot by
    /// slot, each time offering everything (`u64::MAX`), and settle the rest: it must end
    /// without debt, the books intact; if it is only liquidatable, one such liquidation must
    /// succeed. `seed` picks the slot tried first. Returns how many were cleared.
    fn check_clearing_paths(&self, seed: usize) -> u64 {
        if !self.pool.is_allowed(Operation::Liquidate) {
            return 0;
        }
        let settles = self.pool.is_allowed(Operation::Settle);
        let mut cleared = 0;
        for b in 0..BORROWERS {
            if self.positions[b].scaled_debt.get() == 0 {
                continue;
            }
            let h = self.health(b, PriceMode::Spot);
            if h.is_underwater() {
                if settles {
                    self.clear(b, seed);
                    cleared += 1;
                }
            } else if h.is_liquidatable() {
                let mut w = self.funded_copy(b);
                if let Err(errors) = w.liquidate_some_slot(b, seed) {
                    panic!("liquidatable position {b} blocked: {errors:?}\n{h:?}");
                }
            }
        }
        cleared
    }

    fn clear(&self, b: usize, seed: usize) {
        let mut w = self.funded_copy(b);
        let mut calls = 0;
        // a slot taken at a reduced bonus (to keep a position that covers its debt covered)
        // can leave the rest healthy: then it is no longer the liquidators' to clear
        while w.positions[b].has_collateral()
            && w.positions[b].scaled_debt.get() > 0
            && w.health(b, PriceMode::Spot).is_liquidatable()
        {
            // partial liquidations only once rounding lifts it above water: the close factor
            // halves the debt each time down to dust, so this bounds them
            assert!(
                calls < 64,
                "underwater position {b}: no end to its liquidations"
            );
            if let Err(errors) = w.liquidate_some_slot(b, seed) {
                panic!(
                    "underwater position {b} stuck: {errors:?}\n{:?}\n{:?}",
                    w.health(b, PriceMode::Spot),
                    w.positions[b]
                );
            }
            calls += 1;
        }
        // a liquidation's repayment rounds up to a whole base unit, so one may repay the rest
        // of the debt before every slot is taken (a dust slot worth less than that unit):
        // then what is left is the owner's, and there is nothing to settle
        if w.positions[b].has_collateral() {
            // what collateral is left now covers what is owed, healthily
            let h = w.health(b, PriceMode::Spot);
            assert!(!h.is_liquidatable() || h.debt_value == 0, "{h:?}");
        } else if w.positions[b].scaled_debt.get() > 0 {
            if let Err(err) = w.apply(&Op::Settle { b }) {
                panic!(
                    "underwater position {b} not settled: {err}\n{:?}",
                    w.positions[b]
                );
            }
        }
        w.check();
    }

    /// A copy whose liquidator can pay for all of `b`'s debt (the new tokens counted).
    fn funded_copy(&self, b: usize) -> World {
        let mut w = self.clone();
        let top_up = 2 * w.positions[b].debt(w.pool.borrow_index.get()).unwrap() + USDC;
        w.liquidator_base += top_up;
        w.base_supply += top_up as u128;
        w
    }

    /// Liquidates at the first held slot from `seed` on that accepts (a failed attempt
    /// reverts): offering everything, or, where taking the slot at its full bonus would
    /// leave a position that covers its debt short, the slot's value less the position's
    /// excess over its debt (the most bonus the program allows), rounded up a unit or two.
    /// The errors of every slot if none accepts.
    fn liquidate_some_slot(&mut self, b: usize, seed: usize) -> Result<(), Vec<(usize, String)>> {
        let held = self.pool.held_slots(&self.positions[b]);
        let mut errors = vec![];
        for i in 0..held.len() {
            let slot = held[(seed + i) % held.len()];
            let offers = std::iter::once(u64::MAX).chain(self.covered_whole_slot_offers(b, slot));
            for amount in offers {
                let snapshot = self.clone();
                match self.apply(&Op::Liquidate { b, slot, amount }) {
                    Ok(_) => return Ok(()),
                    Err(err) => {
                        *self = snapshot;
                        errors.push((slot, err));
                    }
                }
            }
        }
        Err(errors)
    }

    /// Repayments that take all of `slot` and leave `b`'s remaining debt covered, when `b`'s
    /// collateral covers its debt: `value(slot) − (collateral − debt)` and a few units more,
    /// then the slot's value at par (which leaves at most a unit short).
    fn covered_whole_slot_offers(&self, b: usize, slot: usize) -> Vec<u64> {
        let h = self.health(b, PriceMode::Spot);
        let Some(excess) = h.collateral_value.checked_sub(h.debt_value) else {
            return vec![];
        };
        let p = self.prices().collateral[slot].expect("priced");
        let value = value_wad_down(
            self.positions[b].collateral[slot],
            ASSET[slot].decimals,
            p.price as u64,
            p.expo,
        )
        .unwrap();
        let keep = value.saturating_sub(excess);
        let base = self.prices().base.expect("priced");
        let d = self.pool.base_decimals;
        let r = amount_for_value_up(keep, d, base.price as u64, base.expo).unwrap();
        let at_par = amount_for_value_down(value, d, base.price as u64, base.expo).unwrap();
        (r..r.saturating_add(3)).chain([at_par]).collect()
    }
}

/// What the run went through, for the log.
#[derive(Default)]
struct Stats {
    steps: u64,
    cases: u64,
    liquidations: u64,
    settlements: u64,
    losses: u64,
    freezes: u64,
    recapitalizations: u64,
    unfreezes: u64,
    breaker_trips: u64,
    cleared: u64,
}

impl Stats {
    fn record(&mut self, before: &World, after: &World, op: &Op) {
        let (p0, p1) = (&before.pool, &after.pool);
        self.liquidations += matches!(op, Op::Liquidate { .. }) as u64;
        self.settlements += p1.settlement_seq - p0.settlement_seq;
        self.losses += (p1.total_socialized > p0.total_socialized) as u64;
        self.freezes += (p1.status > p0.status) as u64;
        self.unfreezes += (p1.status < p0.status) as u64;
        self.recapitalizations += (p1.total_recovered > p0.total_recovered) as u64;
        self.breaker_trips += (!matches!(op, Op::SetPause { .. })
            && p1.pause_flags & !p0.pause_flags & pause::BREAKER != 0)
            as u64;
    }
}

/// One case: a fresh pool (or one wiped out by `WIPE_OUT`), then `ops`.
fn run_case(
    fee_bps: u16,
    wiped_out: bool,
    ops: &[Op],
    stats: &mut Stats,
) -> Result<(), TestCaseError> {
    let mut w = World::new(fee_bps);
    w.check();
    if wiped_out {
        for op in &WIPE_OUT {
            w.step(op, stats)?;
        }
        prop_assert_eq!(w.pool.status, STATUS_FROZEN, "not wiped out");
    }
    for op in ops {
        w.step(op, stats)?;
    }
    stats.cases += 1;
    Ok(())
}

impl World {
    /// Applies `op` (reverted if it fails) and checks everything after it.
    fn step(&mut self, op: &Op, stats: &mut Stats) -> Result<(), TestCaseError> {
        let snapshot = self.clone();
        let (num0, den0) = self.share_price_num_den();
        match self.apply(op) {
            Ok(settled_loss) => {
                // the share price only falls in a settlement that wrote off LPs
                let (num1, den1) = self.share_price_num_den();
                if !settled_loss {
                    prop_assert!(num1 * den0 >= num0 * den1, "{op:?} lowered the share price");
                }
                stats.record(&snapshot, self, op);
            }
            Err(_) => *self = snapshot, // the transaction reverts
        }
        self.check();
        stats.cleared += self.check_clearing_paths(self.steps);
        self.steps += 1;
        stats.steps += 1;
        Ok(())
    }
}

/// Runs `f` (which catches its panics) without the panic messages: shrinking replays a
/// failure thousands of times, and the minimal case fails again with its message.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let r = f();
    panic::set_hook(hook);
    r
}

/// proptest's shrinking deletes each operation once, before it shrinks the others, so a
/// failing case keeps many operations that no longer matter: delete them until none can go.
fn minimize(fee_bps: u16, wiped_out: bool, mut ops: Vec<Op>) -> Vec<Op> {
    let fails = |ops: &[Op]| {
        panic::catch_unwind(|| run_case(fee_bps, wiped_out, ops, &mut Stats::default()))
            .map_or(true, |r| r.is_err())
    };
    loop {
        let len = ops.len();
        let mut i = 0;
        while i < ops.len() {
            let mut fewer = ops.clone();
            fewer.remove(i);
            if fails(&fewer) {
                ops = fewer;
            } else {
                i += 1;
            }
        }
        if ops.len() == len {
            return ops;
        }
    }
}

#[test]
fn random_operation_sequences_keep_the_books() {
    let start = Instant::now();
    let stats = RefCell::new(Stats::default());
    // liquidation fees of 0 to 2.5%; a quarter of the cases start wiped out
    let case = (
        prop_oneof![Just(0u16), Just(100), Just(250)],
        prop::bool::weighted(0.25),
        vec(op(), 1..=MAX_OPS),
    );
    // enough cases for the step count, and more if the lengths drawn fell short
    while stats.borrow().steps < MIN_STEPS {
        let remaining = MIN_STEPS - stats.borrow().steps;
        let mut runner = TestRunner::new(Config {
            cases: (remaining * 11 / 10 / (MAX_OPS as u64 / 2)) as u32 + 1,
            // the default scales with `cases`; a long case shrinks in a few thousand
            max_shrink_iters: 50_000,
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
                "proptest-regressions",
            ))),
            source_file: Some(file!()),
            ..Config::default()
        });
        let result = quietly(|| {
            runner.run(&case, |(fee_bps, wiped_out, ops)| {
                run_case(fee_bps, wiped_out, &ops, &mut stats.borrow_mut())
            })
        });
        if let Err(e) = result {
            let TestError::Fail(_, (fee_bps, wiped_out, ops)) = e else {
                panic!("{e}")
            };
            let ops = quietly(|| minimize(fee_bps, wiped_out, ops));
            eprintln!(
                "minimal failing case: fee {fee_bps} bps, wiped out first: {wiped_out}, {} ops: \
                 {ops:#?}",
                ops.len()
            );
            // fails again, with its own message
            run_case(fee_bps, wiped_out, &ops, &mut Stats::default()).unwrap();
        }
    }
    let s = stats.into_inner();
    // straight to stderr, not `eprintln!`: the test harness captures that for passing tests,
    // and CI logs should show how much the run covered
    writeln!(
        std::io::stderr(),
        "model: {} steps in {} cases, {:.1?}; {} liquidations, {} settlements ({} with LP \
         losses), {} breaker trips, {} freezes, {} recapitalizations, {} unfreezes, {} \
         underwater positions cleared on copies",
        s.steps,
        s.cases,
        start.elapsed(),
        s.liquidations,
        s.settlements,
        s.losses,
        s.breaker_trips,
        s.freezes,
        s.recapitalizations,
        s.unfreezes,
        s.cleared,
    )
    .unwrap();
}
