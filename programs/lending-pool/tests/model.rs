//! Model-level stateful property test: random sequences of operations by several LPs,
//! borrowers and a liquidator, run on the program's own pure book-keeping (`Pool`,
//! `Position`, `InsuranceFund`) through the same `Pool` methods the handlers call (the
//! liquidation and settlement orchestration included), with token balances modelled
//! around it. After every step the SPEC invariants and the accounting identities
//! are checked. The transaction-level version runs against the bank in the integration
//! suite.
use bytemuck::Zeroable;
use lending_pool::{constants::*, math::*, state::*};
use proptest::prelude::*;

const LPS: usize = 3;
const BORROWERS: usize = 3;
const USDC: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;
const DOLLAR: i64 = 100_000_000;

#[derive(Clone, Debug)]
enum Op {
    Deposit { lp: usize, amount: u64 },
    Withdraw { lp: usize, amount: u64 },
    Redeem { lp: usize, bps: u64 },
    Donate { amount: u64 },
    FundInsurance { amount: u64 },
    DepositCollateral { b: usize, amount: u64 },
    WithdrawCollateral { b: usize, amount: u64 },
    Borrow { b: usize, amount: u64 },
    Repay { b: usize, amount: u64 },
    Price { dollars_e8: i64 },
    Warp { secs: i64 },
    Liquidate { b: usize, amount: u64 },
    Settle { b: usize },
    Sweep,
}

fn op() -> impl Strategy<Value = Op> {
    let lp = 0..LPS;
    let b = 0..BORROWERS;
    prop_oneof![
        1 => (lp.clone(), 1..50_000 * USDC).prop_map(|(lp, amount)| Op::Deposit { lp, amount }),
        1 => (lp.clone(), 1..20_000 * USDC).prop_map(|(lp, amount)| Op::Withdraw { lp, amount }),
        1 => (lp, 1..=10_000u64).prop_map(|(lp, bps)| Op::Redeem { lp, bps }),
        1 => (1..1_000 * USDC).prop_map(|amount| Op::Donate { amount }),
        1 => (1..500 * USDC).prop_map(|amount| Op::FundInsurance { amount }),
        1 => (b.clone(), 1..50 * SOL).prop_map(|(b, amount)| Op::DepositCollateral { b, amount }),
        1 => (b.clone(), 1..20 * SOL).prop_map(|(b, amount)| Op::WithdrawCollateral { b, amount }),
        3 => (b.clone(), 1..5_000 * USDC).prop_map(|(b, amount)| Op::Borrow { b, amount }),
        1 => (b.clone(), 1..5_000 * USDC).prop_map(|(b, amount)| Op::Repay { b, amount }),
        2 => (5 * DOLLAR..300 * DOLLAR).prop_map(|dollars_e8| Op::Price { dollars_e8 }),
        1 => (1..90 * 86_400i64).prop_map(|secs| Op::Warp { secs }),
        2 => (b.clone(), 1..10_000 * USDC).prop_map(|(b, amount)| Op::Liquidate { b, amount }),
        1 => b.prop_map(|b| Op::Settle { b }),
        1 => Just(Op::Sweep),
    ]
}

#[derive(Clone)]
struct World {
    pool: Pool,
    fund: InsuranceFund,
    positions: [Position; BORROWERS],
    now: i64,
    sol_price: i64,
    base_vault: u64,
    insurance_vault: u64,
    collateral_vault: u64,
    lp_supply: u64,
    lp_base: [u64; LPS],
    lp_shares: [u64; LPS],
    b_base: [u64; BORROWERS],
    b_sol: [u64; BORROWERS],
    liquidator_base: u64,
    liquidator_sol: u64,
    /// What LPs put in minus what they took out (base units).
    lp_net_deposits: i128,
    /// Interest credited to LPs (after the reserve factor) and losses written off them.
    lp_interest: i128,
    lp_losses: i128,
    debt_ops: i128,
}

impl World {
    fn new() -> Self {
        let mut pool = Pool::zeroed();
        pool.config = PoolConfig {
            deposit_cap: u64::MAX,
            borrow_cap: u64::MAX,
            ..PoolConfig::example()
        };
        pool.borrow_index.set(WAD);
        pool.base_decimals = 6;
        pool.num_collaterals = 1;
        pool.collaterals[0] = CollateralAsset {
            decimals: 9,
            ltv_bps: 7_500,
            liquidation_threshold_bps: 8_000,
            liquidation_bonus_bps: 500,
            deposit_cap: u64::MAX,
            ..CollateralAsset::default()
        };
        Self {
            pool,
            fund: InsuranceFund::zeroed(),
            positions: [Position::zeroed(); BORROWERS],
            now: 0,
            sol_price: 150 * DOLLAR,
            base_vault: 0,
            insurance_vault: 0,
            collateral_vault: 0,
            lp_supply: 0,
            lp_base: [200_000 * USDC; LPS],
            lp_shares: [0; LPS],
            b_base: [0; BORROWERS],
            b_sol: [200 * SOL; BORROWERS],
            liquidator_base: 1_000_000 * USDC,
            liquidator_sol: 0,
            lp_net_deposits: 0,
            lp_interest: 0,
            lp_losses: 0,
            debt_ops: 0,
        }
    }

    fn price(&self, p: i64) -> OraclePrice {
        OraclePrice {
            price: p,
            conf: p as u64 / 1_000,
            ema_price: p,
            expo: -8,
            publish_time: self.now,
        }
    }

    fn accrue(&mut self) {
        if let Some(a) = self.pool.accrue_interest(self.now).expect("accrual") {
            self.lp_interest += (a.debt_after - a.debt_before) as i128 - a.to_insurance as i128;
            self.debt_ops += 1;
        }
    }

    fn prices(&self) -> Prices {
        let mut prices = Prices {
            base: Some(self.price(DOLLAR)),
            ..Prices::default()
        };
        prices.collateral[0] = Some(self.price(self.sol_price));
        prices
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

    /// Applies one operation as its instruction would; `Err` means the transaction failed.
    fn apply(&mut self, op: &Op) -> Result<bool, String> {
        let e = |x: anchor_lang::error::Error| x.to_string();
        // a pure book-keeping call that fails must leave the pool and positions untouched
        macro_rules! pure {
            ($call:expr) => {{
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
                r.map_err(e)?
            }};
        }
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
                let f =
                    pure!(self
                        .pool
                        .withdraw(amount, self.lp_supply, self.lp_shares[lp], u64::MAX));
                self.pay_lp(lp, f);
            }
            Op::Redeem { lp, bps } => {
                self.accrue();
                let shares = self.lp_shares[lp] * bps / 10_000;
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
                self.fund.record_donation(amount).map_err(e)?;
                self.lp_base[1] -= amount;
                self.insurance_vault += amount;
            }
            Op::DepositCollateral { b, amount } => {
                if self.b_sol[b] < amount {
                    return Err("insufficient funds".into());
                }
                pure!(self
                    .pool
                    .deposit_collateral(&mut self.positions[b], 0, amount));
                self.b_sol[b] -= amount;
                self.collateral_vault += amount;
            }
            Op::WithdrawCollateral { b, amount } => {
                self.accrue();
                pure!(self
                    .pool
                    .withdraw_collateral(&mut self.positions[b], 0, amount));
                if self.positions[b].scaled_debt.get() > 0
                    && !self
                        .health(b, PriceMode::Conservative)
                        .within_borrow_limit()
                {
                    return Err("borrow limit".into());
                }
                self.b_sol[b] += amount;
                self.collateral_vault -= amount;
            }
            Op::Borrow { b, amount } => {
                self.accrue();
                let before = self.pool.total_debt().unwrap();
                pure!(self.pool.borrow(&mut self.positions[b], amount));
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
                self.debt_ops += 1;
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
                self.debt_ops += 1;
            }
            Op::Price { dollars_e8 } => self.sol_price = dollars_e8,
            Op::Warp { secs } => self.now += secs,
            Op::Liquidate { b, amount } => {
                self.accrue();
                let before = self.pool.total_debt().unwrap();
                let req = LiquidationRequest {
                    slot: 0,
                    repay_amount: amount,
                    min_collateral_out: 0,
                };
                let prices = self.prices();
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
                self.lp_interest += o.repaid as i128 - (before - o.total_debt_after) as i128;
                self.liquidator_base -= o.repaid + o.fee;
                self.base_vault += o.repaid;
                self.insurance_vault += o.fee;
                self.collateral_vault -= o.collateral_out;
                self.liquidator_sol += o.collateral_out;
                self.debt_ops += 1;
                if let Some(s) = o.settlement {
                    settled_loss = self.book_settlement(&s);
                }
            }
            Op::Settle { b } => {
                self.accrue();
                settled_loss = self.settle(b)?;
            }
            Op::Sweep => {
                self.accrue();
                let amount = self.pool.sweep_insurance().map_err(e)?;
                self.fund.record_interest(amount).map_err(e)?;
                self.base_vault -= amount;
                self.insurance_vault += amount;
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

    fn settle(&mut self, b: usize) -> Result<bool, String> {
        let (pool0, pos0, fund0) = (self.pool, self.positions, self.fund);
        let r = self.pool.settle_bad_debt(
            &mut self.positions[b],
            &mut self.fund,
            self.lp_supply,
            self.now,
        );
        if r.is_err() {
            assert!(
                bytemuck::bytes_of(&self.pool) == bytemuck::bytes_of(&pool0),
                "pool written by a failed settlement"
            );
            assert!(
                bytemuck::bytes_of(&self.positions) == bytemuck::bytes_of(&pos0),
                "position written by a failed settlement"
            );
            assert!(
                bytemuck::bytes_of(&self.fund) == bytemuck::bytes_of(&fund0),
                "fund written by a failed settlement"
            );
        }
        let s = r.map_err(|x| x.to_string())?;
        Ok(self.book_settlement(&s))
    }

    /// The token side of a settlement the program booked; `true` if LPs lost something.
    fn book_settlement(&mut self, s: &Settlement) -> bool {
        self.insurance_vault -= s.from_insurance_vault;
        self.base_vault += s.from_insurance_vault;
        self.lp_losses += s.socialized as i128;
        self.debt_ops += 1;
        if s.socialized > 0 {
            // LPs only lose once the insurance fund is empty
            assert_eq!(self.pool.insurance_pending, 0);
            assert_eq!(self.fund.balance().unwrap(), 0);
        }
        s.socialized > 0
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
        // collateral
        let held: u64 = self.positions.iter().map(|x| x.collateral[0]).sum();
        assert_eq!(held, p.collaterals[0].total_deposited);
        assert_eq!(held, self.collateral_vault);
        // tokens are conserved
        let base: u128 = self
            .lp_base
            .iter()
            .chain(&self.b_base)
            .map(|&x| x as u128)
            .sum::<u128>()
            + (self.base_vault + self.insurance_vault + self.liquidator_base) as u128;
        assert_eq!(base, 3 * 200_000 * USDC as u128 + 1_000_000 * USDC as u128);
        let sol: u64 = self.b_sol.iter().sum::<u64>() + self.collateral_vault + self.liquidator_sol;
        assert_eq!(sol, BORROWERS as u64 * 200 * SOL);
        // LPs own exactly what they put in, plus their interest, minus written-off losses
        let identity = self.lp_net_deposits + self.lp_interest - self.lp_losses;
        assert_eq!(
            p.lp_assets().unwrap() as i128,
            identity,
            "lp_assets vs the LP ledger"
        );
        assert_eq!(self.lp_shares.iter().sum::<u64>(), self.lp_supply);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_operation_sequences_keep_the_books(ops in proptest::collection::vec(op(), 200..600)) {
        let mut w = World::new();
        w.check();
        for op in &ops {
            let snapshot = w.clone();
            let (num0, den0) = w.share_price_num_den();
            match w.apply(op) {
                Ok(settled_loss) => {
                    // the share price only falls in a settlement that wrote off LPs
                    let (num1, den1) = w.share_price_num_den();
                    if !settled_loss {
                        prop_assert!(num1 * den0 >= num0 * den1, "{op:?} lowered the share price");
                    }
                }
                Err(_) => w = snapshot, // the transaction reverts
            }
            w.check();
        }
    }
}
