//! The transaction-level random walk (issue 12, "Reliability"): thousands of real
//! transactions on the SBF binary against one pool with four collateral assets (0, 8, 9 and
//! 18 decimals, bonuses from 5% to 15%), several LPs, borrowers holding mixed collateral and
//! liquidators, through price moves and crashes, warps, liquidations (of a chosen slot, and
//! underwater positions emptied slot by slot), settlements, insurance flows, donations to
//! every vault, pauses, the circuit breaker, freezes, recapitalization and unfreezing.
//!
//! After every transaction the walk checks:
//! - its outcome is the one the program's own `Pool` methods, run natively on the same
//!   accounts, prices and clock, give: the same error code, or exactly the same pool, fund
//!   and position bytes, LP supply and token movements;
//! - a failed transaction wrote none of its writable accounts;
//! - the books reconcile with the bank (`assert_books`) and, counting the walk's direct
//!   donations, equal every vault exactly; the positions add up to the pool's totals;
//!   tokens are conserved per mint across all users and vaults;
//! - the pool freezes only when a settlement leaves the LPs no equity and reopens only by
//!   `unfreeze`; pause flags change only by `set_pause` or a tripping breaker; LPs lose only
//!   once the insurance fund is empty;
//! - an underwater position can be emptied slot by slot and its remainder settled.
//!
//! The walk keeps a copy of every account it tracks and re-reads only what a transaction
//! could have written (its writable accounts); at the end of each case the whole copy is
//! compared with the bank, so nothing changed behind the walk's back.
use crate::common::DECIMALS;
use anchor_lang::{
    prelude::{ProgramError, Pubkey},
    solana_program::{instruction::Instruction, program_pack::Pack},
};
use anchor_spl::token::spl_token;
use lending_pool::{
    constants::{pause, BPS},
    errors::LendingError,
    math::{
        amount_for_value_down, amount_for_value_up, to_assets_down, value_wad_down, value_wad_up,
        PriceMode, Prices,
    },
    oracle::{decode_price_update, PriceUpdate},
    state::{
        CollateralParams, InsuranceFund, LiquidationRequest, Operation, Pool, PoolConfig, Position,
        Settlement, STATUS_ACTIVE, STATUS_FROZEN,
    },
};
use lending_pool_harness::*;
use lending_pool_sdk::{accounts::decode_zero_copy, ix, prices};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};
use std::{cell::RefCell, collections::BTreeMap, time::Instant};

const USDC: u64 = 1_000_000;
const DOLLAR: i64 = 100_000_000;

/// Cases × steps: sized for at least `MIN_TRANSACTIONS` per run (each case also starts a
/// bank and sets up ~150 accounts, which is not counted).
const CASES: u32 = 40;
const STEPS: usize = 500;
const MIN_TRANSACTIONS: u64 = 5_000;

const LPS: usize = 4;
const BORROWERS: usize = 5;
const LIQUIDATORS: usize = 3;
const LP_WALLET: u64 = 3_000_000 * USDC;
const BORROWER_WALLET: u64 = 1_000_000 * USDC;
/// Enough for any liquidator to repay any one position in full.
const LIQUIDATOR_WALLET: u64 = 50_000_000 * USDC;

const TOKEN_INSUFFICIENT_FUNDS: u32 = spl_token::error::TokenError::InsufficientFunds as u32;

/// A collateral asset of the walk, and what every borrower holds of it at the start.
struct Asset {
    decimals: u8,
    price: i64,
    ltv_bps: u16,
    threshold_bps: u16,
    bonus_bps: u16,
    wallet: u64,
}

const ASSETS: [Asset; 4] = [
    // SOL-like
    Asset {
        decimals: 9,
        price: 150 * DOLLAR,
        ltv_bps: 7_500,
        threshold_bps: 8_000,
        bonus_bps: 500,
        wallet: 4_000_000_000_000,
    },
    // BTC-like
    Asset {
        decimals: 8,
        price: 60_000 * DOLLAR,
        ltv_bps: 6_000,
        threshold_bps: 7_000,
        bonus_bps: 800,
        wallet: 1_000_000_000,
    },
    // 18 decimals at $100,000: a u64 holds 18.4 tokens, so amounts sit near the top of the
    // range (the five wallets together hold 15 tokens)
    Asset {
        decimals: 18,
        price: 100_000 * DOLLAR,
        ltv_bps: 7_000,
        threshold_bps: 7_800,
        bonus_bps: 600,
        wallet: 3_000_000_000_000_000_000,
    },
    // 0 decimals at $2.50: one unit is the smallest amount, so every quote rounds coarsely
    Asset {
        decimals: 0,
        price: 250_000_000,
        ltv_bps: 5_000,
        threshold_bps: 6_500,
        bonus_bps: 1_500,
        wallet: 200_000,
    },
];

fn params(slot: usize) -> CollateralParams {
    let a = &ASSETS[slot];
    CollateralParams {
        feed_id: [slot as u8 + 1; 32],
        ltv_bps: a.ltv_bps,
        liquidation_threshold_bps: a.threshold_bps,
        liquidation_bonus_bps: a.bonus_bps,
        deposit_cap: u64::MAX,
    }
}

/// One step of the walk. Actors are picked modulo their count; amounts are shares of what
/// the actor holds or may take, so most steps are plausible and some go over the limit.
#[derive(Clone, Debug)]
enum Step {
    /// An LP deposits `pct`% of its wallet.
    Deposit {
        lp: u8,
        pct: u8,
    },
    /// An LP withdraws `pct`% of what it could take out now (above 100: more than that).
    Withdraw {
        lp: u8,
        pct: u8,
    },
    /// An LP redeems `pct`% of its shares.
    Redeem {
        lp: u8,
        pct: u8,
    },
    /// A bank run: every LP withdraws all it can.
    Run,
    DepositCollateral {
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// `pct`% of the slot held (above 100: more than held).
    WithdrawCollateral {
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// `pct`% of the remaining borrow capacity at conservative prices.
    Borrow {
        b: u8,
        pct: u8,
    },
    /// `pct`% of the debt; from 100 on, `u64::MAX` (everything owed).
    Repay {
        b: u8,
        pct: u8,
    },
    /// Collateral `slot`'s price × `pct` / 100 (a crash below ~50).
    Price {
        slot: u8,
        pct: u16,
    },
    /// Every collateral price × `pct` / 100.
    CrashAll {
        pct: u8,
    },
    /// Collateral `slot`'s price back to `pct`% of its starting price.
    Reset {
        slot: u8,
        pct: u16,
    },
    Warp {
        secs: u32,
    },
    /// Repays `pct`% of the debt (from 100 on, `u64::MAX`) for collateral of `slot`.
    Liquidate {
        liq: u8,
        b: u8,
        slot: u8,
        pct: u8,
    },
    /// Empties an underwater position slot by slot, starting at held slot `rot`.
    Clear {
        liq: u8,
        b: u8,
        rot: u8,
    },
    Settle {
        b: u8,
    },
    Sweep,
    /// `permille`‰ of the pool's size (`scale`) into the insurance fund.
    FundInsurance {
        who: u8,
        permille: u16,
    },
    /// Tokens sent straight to a vault (base, insurance, collateral 0..4) outside the
    /// program: `permille`‰ of the pool's size in base, of the donor's wallet in collateral.
    Donate {
        who: u8,
        vault: u8,
        permille: u16,
    },
    /// `permille`‰ of the pool's size given to the LPs.
    Recapitalize {
        who: u8,
        permille: u16,
    },
    Unfreeze,
    /// The guardian toggles one operation's pause flag.
    Pause {
        flag: u8,
    },
    /// The guardian clears every flag, a tripped breaker included.
    Resume,
    /// Every borrower defaults at once while the LPs run: settlement paused, every price
    /// down to 10^-8 dollars, every position emptied slot by slot, then each settled right
    /// after the LPs took out all the cash they could. Once insurance is spent, the last
    /// settlement leaves the LPs nothing and the pool freezes.
    Wipeout {
        liq: u8,
        rot: u8,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let who = any::<u8>;
    prop_oneof![
        16 => (who(), 1..=40u8).prop_map(|(lp, pct)| Step::Deposit { lp, pct }),
        8 => (who(), 1..=110u8).prop_map(|(lp, pct)| Step::Withdraw { lp, pct }),
        8 => (who(), 1..=100u8).prop_map(|(lp, pct)| Step::Redeem { lp, pct }),
        2 => Just(Step::Run),
        20 => (who(), 0..4u8, 1..=60u8)
            .prop_map(|(b, slot, pct)| Step::DepositCollateral { b, slot, pct }),
        8 => (who(), 0..4u8, 1..=110u8)
            .prop_map(|(b, slot, pct)| Step::WithdrawCollateral { b, slot, pct }),
        24 => (who(), 1..=110u8).prop_map(|(b, pct)| Step::Borrow { b, pct }),
        10 => (who(), 1..=120u8).prop_map(|(b, pct)| Step::Repay { b, pct }),
        16 => (0..4u8, 70..=140u16).prop_map(|(slot, pct)| Step::Price { slot, pct }),
        6 => (0..4u8, 1..=50u16).prop_map(|(slot, pct)| Step::Price { slot, pct }),
        2 => (1..=40u8).prop_map(|pct| Step::CrashAll { pct }),
        6 => (0..4u8, 50..=150u16).prop_map(|(slot, pct)| Step::Reset { slot, pct }),
        10 => (1..=259_200u32).prop_map(|secs| Step::Warp { secs }),
        10 => (who(), who(), 0..4u8, 1..=120u8)
            .prop_map(|(liq, b, slot, pct)| Step::Liquidate { liq, b, slot, pct }),
        10 => (who(), who(), who()).prop_map(|(liq, b, rot)| Step::Clear { liq, b, rot }),
        4 => who().prop_map(|b| Step::Settle { b }),
        4 => Just(Step::Sweep),
        4 => (who(), 1..=5u16).prop_map(|(who, permille)| Step::FundInsurance { who, permille }),
        4 => (who(), 0..6u8, 1..=5u16)
            .prop_map(|(who, vault, permille)| Step::Donate { who, vault, permille }),
        6 => (who(), 1..=300u16)
            .prop_map(|(who, permille)| Step::Recapitalize { who, permille }),
        4 => Just(Step::Unfreeze),
        2 => (0..9u8).prop_map(|flag| Step::Pause { flag }),
        4 => Just(Step::Resume),
        1 => (who(), who()).prop_map(|(liq, rot)| Step::Wipeout { liq, rot }),
    ]
}

/// Who holds base tokens (donors, recapitalizers).
#[derive(Clone, Copy, Debug)]
enum Holder {
    Lp(usize),
    Borrower(usize),
    Liquidator(usize),
}

#[derive(Clone, Copy, Debug)]
enum Vault {
    Base,
    Insurance,
    Collateral(usize),
}

/// One transaction, with its amounts fixed.
#[derive(Clone, Copy, Debug)]
enum Op {
    Deposit {
        lp: usize,
        amount: u64,
    },
    Withdraw {
        lp: usize,
        assets: u64,
    },
    Redeem {
        lp: usize,
        shares: u64,
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
    Borrow {
        b: usize,
        amount: u64,
    },
    Repay {
        b: usize,
        amount: u64,
    },
    Liquidate {
        liq: usize,
        b: usize,
        slot: usize,
        repay: u64,
    },
    Settle {
        b: usize,
    },
    Sweep,
    FundInsurance {
        who: Holder,
        amount: u64,
    },
    Recapitalize {
        who: Holder,
        amount: u64,
    },
    Unfreeze,
    SetPause(u16),
    /// A plain SPL transfer into a vault (collateral from a borrower's or liquidator's
    /// account of that mint, base from `who`'s base account).
    Donate {
        who: Holder,
        vault: Vault,
        amount: u64,
    },
}

/// What the program's own code says a successful transaction leaves behind.
struct After {
    pool: Pool,
    fund: InsuranceFund,
    position: Option<(usize, Position)>,
    lp_supply: u64,
    /// Token movements (account, signed amount); every other account stays as it was.
    moves: Vec<(Pubkey, i128)>,
    settlement: Option<Settlement>,
}

/// The custom error code a native `Pool` error becomes on-chain.
fn code(e: anchor_lang::error::Error) -> u32 {
    match ProgramError::from(e) {
        ProgramError::Custom(c) => c,
        other => panic!("native error without a custom code: {other:?}"),
    }
}

fn lending(e: LendingError) -> u32 {
    u32::from(e)
}

/// Repayments that take all of `slot` and leave a position whose collateral covers its debt
/// still covering the rest (SPEC "Liquidation", solvency): `value(slot) − (collateral −
/// debt)` and a few units more, then the slot's value at par. None otherwise.
fn covered_whole_slot_offers(
    pool: &Pool,
    pos: &Position,
    prices: &Prices,
    slot: usize,
) -> Vec<u64> {
    let Ok(h) = pool.position_health(pos, prices, PriceMode::Spot) else {
        return vec![];
    };
    let (Some(excess), Some(c), Some(base)) = (
        h.collateral_value.checked_sub(h.debt_value),
        prices.collateral[slot],
        prices.base,
    ) else {
        return vec![];
    };
    let decimals = pool.collaterals[slot].decimals;
    let Ok(value) = value_wad_down(pos.collateral[slot], decimals, c.spot_price(), c.expo) else {
        return vec![];
    };
    let in_base = |v| {
        amount_for_value_up(v, pool.base_decimals, base.spot_price(), base.expo).unwrap_or(u64::MAX)
    };
    let r = in_base(value.saturating_sub(excess));
    let at_par = amount_for_value_down(value, pool.base_decimals, base.spot_price(), base.expo)
        .unwrap_or(u64::MAX);
    (r..r.saturating_add(3)).chain([at_par]).collect()
}

fn pct_of(x: u64, pct: u64) -> u64 {
    (x as u128 * pct as u128 / 100).min(u64::MAX as u128) as u64
}

#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    sent: u64,
    ok: u64,
    liquidations: u64,
    settlements: u64,
    /// Underwater positions emptied slot by slot.
    cleared: u64,
    freezes: u64,
    unfreezes: u64,
    recapitalizations: u64,
    breaker_trips: u64,
    breaker_resets: u64,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.sent += o.sent;
        self.ok += o.ok;
        self.liquidations += o.liquidations;
        self.settlements += o.settlements;
        self.cleared += o.cleared;
        self.freezes += o.freezes;
        self.unfreezes += o.unfreezes;
        self.recapitalizations += o.recapitalizations;
        self.breaker_trips += o.breaker_trips;
        self.breaker_resets += o.breaker_resets;
    }
}

/// Tokens sent straight to the vaults: the books do not see them, so every vault holds
/// exactly its books plus these.
#[derive(Default)]
struct Donated {
    base: u64,
    insurance: u64,
    collateral: [u64; 4],
}

struct Walk {
    bank: Bank,
    fx: PoolFixture,
    lps: Vec<User>,
    borrowers: Vec<Borrower>,
    liquidators: Vec<Liquidator>,
    /// Collateral prices (× 10^-8) and the updates as published, base first.
    prices: [i64; 4],
    base_update: PriceUpdate,
    updates: [PriceUpdate; 4],
    now: i64,
    /// Every account the walk tracks, as last read.
    accounts: BTreeMap<Pubkey, Vec<u8>>,
    /// Every token account (users' and vaults'), with its mint.
    token_accounts: Vec<(Pubkey, Pubkey)>,
    /// What the base and collateral mints have issued (the walk mints nothing).
    issued: BTreeMap<Pubkey, u64>,
    donated: Donated,
    stats: Stats,
}

fn token_amount(data: &[u8]) -> u64 {
    spl_token::state::Account::unpack(data)
        .expect("token account")
        .amount
}

fn mint_supply(data: &[u8]) -> u64 {
    spl_token::state::Mint::unpack(data).expect("mint").supply
}

impl Walk {
    async fn new() -> Self {
        let mut bank = Bank::start().await;
        let mut fx = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
        for (slot, a) in ASSETS.iter().enumerate() {
            fx.add_collateral(&mut bank, a.decimals, a.price, params(slot))
                .await;
        }
        let mut lps = vec![];
        for _ in 0..LPS {
            lps.push(fx.user(&mut bank, LP_WALLET).await);
        }
        let wallets: Vec<u64> = ASSETS.iter().map(|a| a.wallet).collect();
        let mut borrowers = vec![];
        for _ in 0..BORROWERS {
            borrowers.push(fx.borrower(&mut bank, BORROWER_WALLET, &wallets).await);
        }
        let mut liquidators = vec![];
        for _ in 0..LIQUIDATORS {
            liquidators.push(fx.liquidator(&mut bank, LIQUIDATOR_WALLET).await);
        }
        // a starting book: half of every LP's wallet lent out, every borrower holding two
        // assets (the walk mixes in more)
        for lp in &lps {
            bank.ok(&[fx.deposit_ix(lp, LP_WALLET / 2, 0)], &[&lp.key])
                .await;
        }
        for (i, b) in borrowers.iter().enumerate() {
            for slot in [i % 4, (i + 1) % 4] {
                let ix = fx.deposit_collateral_ix(b, slot as u8, ASSETS[slot].wallet / 4);
                bank.ok(&[ix], &[&b.key]).await;
            }
        }

        let a = fx.addrs;
        let mut token_accounts = vec![
            (a.base_vault, a.base_mint),
            (a.insurance_vault, a.base_mint),
        ];
        for c in &fx.collaterals {
            token_accounts.push((c.vault, c.mint));
        }
        for u in lps.iter().chain(liquidators.iter().map(|l| &l.user)) {
            token_accounts.push((u.base, a.base_mint));
            token_accounts.push((u.lp, a.lp_mint));
        }
        for b in &borrowers {
            token_accounts.push((b.base, a.base_mint));
        }
        for (slot, c) in fx.collaterals.iter().enumerate() {
            for b in &borrowers {
                token_accounts.push((b.collateral[slot], c.mint));
            }
            for l in &liquidators {
                token_accounts.push((l.collateral[slot], c.mint));
            }
        }
        let mut keys = vec![a.pool, a.insurance_fund, a.lp_mint, a.base_mint];
        keys.extend(fx.collaterals.iter().map(|c| c.mint));
        keys.extend(borrowers.iter().map(|b| b.position));
        keys.extend(token_accounts.iter().map(|(k, _)| *k));
        let mut accounts = BTreeMap::new();
        for k in keys {
            accounts.insert(k, bank.account_data(&k).await.expect("account"));
        }
        let mut walk = Walk {
            bank,
            fx,
            lps,
            borrowers,
            liquidators,
            prices: ASSETS.map(|a| a.price),
            base_update: empty_update(),
            updates: [empty_update(); 4],
            now: 0,
            accounts,
            token_accounts,
            issued: BTreeMap::new(),
            donated: Donated::default(),
            stats: Stats::default(),
        };
        // every token of the base and collateral mints is in an account the walk tracks
        let mut mints = vec![a.base_mint];
        mints.extend(walk.fx.collaterals.iter().map(|c| c.mint));
        for mint in mints {
            let held = walk.held_of(&mint);
            assert_eq!(held, mint_supply(&walk.accounts[&mint]), "untracked tokens");
            walk.issued.insert(mint, held);
        }
        walk.publish_prices().await;
        walk.check_books().await;
        walk
    }

    fn pool(&self) -> Pool {
        decode_zero_copy(&self.accounts[&self.fx.addrs.pool]).expect("pool")
    }

    fn fund(&self) -> InsuranceFund {
        decode_zero_copy(&self.accounts[&self.fx.addrs.insurance_fund]).expect("fund")
    }

    fn position(&self, b: usize) -> Position {
        decode_zero_copy(&self.accounts[&self.borrowers[b].position]).expect("position")
    }

    fn balance(&self, account: &Pubkey) -> u64 {
        token_amount(&self.accounts[account])
    }

    fn lp_supply(&self) -> u64 {
        mint_supply(&self.accounts[&self.fx.addrs.lp_mint])
    }

    /// Σ balances of the tracked accounts of `mint`.
    fn held_of(&self, mint: &Pubkey) -> u64 {
        self.token_accounts
            .iter()
            .filter(|(_, m)| m == mint)
            .map(|(k, _)| self.balance(k))
            .sum()
    }

    /// The pool as the next instruction sees it after accruing (`None` if accrual fails).
    fn accrued_pool(&self) -> Option<Pool> {
        let mut pool = self.pool();
        pool.accrue_interest(self.now).ok()?;
        Some(pool)
    }

    fn holder(&self, who: u8) -> Holder {
        let i = who as usize % (LPS + BORROWERS + LIQUIDATORS);
        if i < LPS {
            Holder::Lp(i)
        } else if i < LPS + BORROWERS {
            Holder::Borrower(i - LPS)
        } else {
            Holder::Liquidator(i - LPS - BORROWERS)
        }
    }

    fn key_of(&self, who: Holder) -> &TestKeypair {
        match who {
            Holder::Lp(i) => &self.lps[i].key,
            Holder::Borrower(i) => &self.borrowers[i].key,
            Holder::Liquidator(i) => &self.liquidators[i].user.key,
        }
    }

    fn base_of(&self, who: Holder) -> Pubkey {
        match who {
            Holder::Lp(i) => self.lps[i].base,
            Holder::Borrower(i) => self.borrowers[i].base,
            Holder::Liquidator(i) => self.liquidators[i].user.base,
        }
    }

    /// The donation's source account and destination vault.
    fn donation_accounts(&self, who: Holder, vault: Vault) -> (Pubkey, Pubkey) {
        let a = &self.fx.addrs;
        match vault {
            Vault::Base => (self.base_of(who), a.base_vault),
            Vault::Insurance => (self.base_of(who), a.insurance_vault),
            Vault::Collateral(slot) => {
                let from = match who {
                    Holder::Liquidator(i) => self.liquidators[i].collateral[slot],
                    Holder::Borrower(i) => self.borrowers[i].collateral[slot],
                    Holder::Lp(_) => panic!("LPs hold no collateral"),
                };
                (from, self.fx.collaterals[slot].vault)
            }
        }
    }

    /// Publishes every price at the bank's time and keeps the updates as the program will
    /// decode them.
    async fn publish_prices(&mut self) {
        self.now = self.bank.now().await;
        self.fx.set_prices(&mut self.bank, &self.prices).await;
        let decode = |d: Option<Vec<u8>>| decode_price_update(&d.expect("oracle")).unwrap();
        self.base_update = decode(self.bank.account_data(&self.fx.base_oracle).await);
        for slot in 0..ASSETS.len() {
            let oracle = self.fx.collaterals[slot].oracle;
            self.updates[slot] = decode(self.bank.account_data(&oracle).await);
        }
    }

    /// The prices the program loads for `pos` in `mode` (only the held slots).
    fn market(&self, pool: &Pool, pos: &Position, mode: PriceMode) -> Prices {
        let updates = self.updates.map(Some);
        let mut p = prices::from_updates(pool, self.now, Some(&self.base_update), &updates, mode);
        for slot in 0..ASSETS.len() {
            if pos.collateral[slot] == 0 {
                p.collateral[slot] = None;
            }
        }
        p
    }

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

    /// The token program refuses a transfer of more than the source holds.
    fn pays(&self, from: &Pubkey, amount: u64) -> Result<(), u32> {
        if self.balance(from) < amount {
            Err(TOKEN_INSUFFICIENT_FUNDS)
        } else {
            Ok(())
        }
    }

    /// What the program's own code does with `op` now: its error code, or the state after.
    fn predict(&self, op: Op) -> Result<After, u32> {
        let now = self.now;
        let a = self.fx.addrs;
        let (mut pool, mut fund, supply) = (self.pool(), self.fund(), self.lp_supply());
        let accrue = |pool: &mut Pool| pool.accrue_interest(now).map(drop).map_err(code);
        let mut position = None;
        let mut lp_supply = supply;
        let mut settlement = None;
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
                let f = match op {
                    Op::Withdraw { assets, .. } => pool.withdraw(assets, supply, held, u64::MAX),
                    Op::Redeem { shares, .. } => pool.redeem(shares, supply, held, 0),
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
                // no accrual: a deposit of collateral does not touch the debt
                let mut pos = self.position(b);
                pool.deposit_collateral(&mut pos, slot, amount)
                    .map_err(code)?;
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
                pool.require_allowed(Operation::FundInsurance)
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
                pool.recapitalize(amount, supply).map_err(code)?;
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
                pool.pause_flags = flags;
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
            lp_supply,
            moves,
            settlement,
        })
    }

    /// The instruction for `op` and the key that signs it.
    async fn instruction(&mut self, op: Op) -> (Instruction, TestKeypair) {
        let fx = &self.fx;
        let a = &fx.addrs;
        let guardian = || fx.guardian.insecure_clone();
        match op {
            Op::Deposit { lp, amount } => {
                let u = &self.lps[lp];
                (fx.deposit_ix(u, amount, 0), u.key.insecure_clone())
            }
            Op::Withdraw { lp, assets } => {
                let u = &self.lps[lp];
                (fx.withdraw_ix(u, assets, u64::MAX), u.key.insecure_clone())
            }
            Op::Redeem { lp, shares } => {
                let u = &self.lps[lp];
                (fx.redeem_ix(u, shares, 0), u.key.insecure_clone())
            }
            Op::DepositCollateral { b, slot, amount } => {
                let b = &self.borrowers[b];
                let ix = fx.deposit_collateral_ix(b, slot as u8, amount);
                (ix, b.key.insecure_clone())
            }
            Op::WithdrawCollateral { b, slot, amount } => {
                let b = &self.borrowers[b];
                let ix = fx
                    .withdraw_collateral_ix(&mut self.bank, b, slot as u8, amount)
                    .await;
                (ix, b.key.insecure_clone())
            }
            Op::Borrow { b, amount } => {
                let b = &self.borrowers[b];
                let ix = fx.borrow_ix(&mut self.bank, b, amount).await;
                (ix, b.key.insecure_clone())
            }
            Op::Repay { b, amount } => {
                let b = &self.borrowers[b];
                (fx.repay_ix(b, amount), b.key.insecure_clone())
            }
            Op::Liquidate {
                liq,
                b,
                slot,
                repay,
            } => {
                let l = &self.liquidators[liq];
                let ix = fx
                    .liquidate_by_ix(&mut self.bank, l, &self.borrowers[b], slot as u8, repay, 0)
                    .await;
                (ix, l.user.key.insecure_clone())
            }
            Op::Settle { b } => (
                ix::settle_bad_debt(a, &self.borrowers[b].position),
                self.bank.payer(),
            ),
            Op::Sweep => (ix::sweep_insurance(a), self.bank.payer()),
            Op::FundInsurance { who, amount } => {
                let key = self.key_of(who).insecure_clone();
                let ix = ix::fund_insurance(a, &key.pubkey(), &self.base_of(who), amount);
                (ix, key)
            }
            Op::Recapitalize { who, amount } => {
                let key = self.key_of(who).insecure_clone();
                let ix = ix::recapitalize(a, &key.pubkey(), &self.base_of(who), amount);
                (ix, key)
            }
            Op::Unfreeze => (ix::unfreeze(a, &fx.guardian.pubkey()), guardian()),
            Op::SetPause(flags) => (
                ix::set_pause(&a.pool, &fx.guardian.pubkey(), flags),
                guardian(),
            ),
            Op::Donate { who, vault, amount } => {
                let (from, to) = self.donation_accounts(who, vault);
                let key = self.key_of(who).insecure_clone();
                let ix = spl_token::instruction::transfer(
                    &spl_token::ID,
                    &from,
                    &to,
                    &key.pubkey(),
                    &[],
                    amount,
                )
                .expect("transfer");
                (ix, key)
            }
        }
    }

    /// Sends `op` and checks everything the walk checks; the outcome's settlement, if it
    /// succeeded.
    async fn exec(&mut self, op: Op) -> Option<Option<Settlement>> {
        let (ix, signer) = self.instruction(op).await;
        let expected = self.predict(op);
        let before = self.pool();
        let withdrawing = match op {
            Op::WithdrawCollateral { b, .. } => Some(self.position(b)),
            _ => None,
        };
        let result = self
            .bank
            .process(std::slice::from_ref(&ix), &[&signer])
            .await;
        self.stats.sent += 1;

        // only the transaction's writable accounts can have changed: re-read those
        let mut changed = vec![];
        let mut deltas: BTreeMap<Pubkey, i128> = BTreeMap::new();
        for key in ix
            .accounts
            .iter()
            .filter(|m| m.is_writable)
            .map(|m| m.pubkey)
        {
            let new = self.bank.account_data(&key).await.expect("account");
            let old = self.accounts.insert(key, new.clone()).unwrap_or_else(|| {
                panic!("{op:?} writes {key}, an account the walk does not track")
            });
            if old != new {
                changed.push(key);
            }
            if self.token_accounts.iter().any(|(k, _)| *k == key) {
                let d = token_amount(&new) as i128 - token_amount(&old) as i128;
                deltas.insert(key, d);
            }
        }

        let outcome = result.as_ref().map(drop).map_err(custom_code);
        self.check_gate(op, &before, withdrawing, outcome);
        let settlement = match (result, expected) {
            (Err(f), Err(want)) => {
                assert_eq!(
                    custom_code(&f),
                    Some(want),
                    "{op:?}: the program's own code fails with {want}, the transaction with {:?}\n{}",
                    f.error,
                    f.logs.join("\n")
                );
                assert!(changed.is_empty(), "failed {op:?} wrote {changed:?}");
                None
            }
            (Err(f), Ok(_)) => panic!(
                "{op:?} failed ({:?}) where the program's own code succeeds\n{}",
                f.error,
                f.logs.join("\n")
            ),
            (Ok(o), Err(want)) => panic!(
                "{op:?} succeeded where the program's own code fails with {want}\n{}",
                o.logs.join("\n")
            ),
            (Ok(_), Ok(after)) => {
                self.stats.ok += 1;
                self.check_after(op, &after, &deltas);
                Some(after.settlement)
            }
        };
        if let Some(s) = settlement {
            self.count(op, &before, s);
            self.check_transition(op, &before, s);
        }
        self.check_books().await;
        settlement
    }

    /// The bank agrees with the program's own code, byte for byte and token for token.
    fn check_after(&mut self, op: Op, after: &After, deltas: &BTreeMap<Pubkey, i128>) {
        let pool = self.pool();
        assert!(
            bytemuck::bytes_of(&pool) == bytemuck::bytes_of(&after.pool),
            "{op:?}: the pool differs from the program's own books\nbank: {pool:?}\nnative: {:?}",
            after.pool
        );
        let fund = self.fund();
        assert!(
            bytemuck::bytes_of(&fund) == bytemuck::bytes_of(&after.fund),
            "{op:?}: the fund differs\nbank: {fund:?}\nnative: {:?}",
            after.fund
        );
        if let Some((b, pos)) = after.position {
            let got = self.position(b);
            assert!(
                bytemuck::bytes_of(&got) == bytemuck::bytes_of(&pos),
                "{op:?}: position {b} differs\nbank: {got:?}\nnative: {pos:?}"
            );
        }
        assert_eq!(self.lp_supply(), after.lp_supply, "{op:?}: LP supply");
        let mut want: BTreeMap<Pubkey, i128> = BTreeMap::new();
        for (k, d) in &after.moves {
            *want.entry(*k).or_default() += d;
        }
        for (k, d) in deltas {
            assert_eq!(
                *d,
                want.remove(k).unwrap_or(0),
                "{op:?}: token account {k} moved"
            );
        }
        assert!(
            want.values().all(|d| *d == 0),
            "{op:?}: expected movements in accounts it does not write: {want:?}"
        );
        match op {
            Op::Donate { vault, amount, .. } => match vault {
                Vault::Base => self.donated.base += amount,
                Vault::Insurance => self.donated.insurance += amount,
                Vault::Collateral(slot) => self.donated.collateral[slot] += amount,
            },
            Op::Liquidate { .. } => self.stats.liquidations += 1,
            Op::Recapitalize { .. } => self.stats.recapitalizations += 1,
            _ => {}
        }
    }

    fn count(&mut self, op: Op, before: &Pool, settlement: Option<Settlement>) {
        let after = self.pool();
        self.stats.settlements += settlement.is_some() as u64;
        if before.status != after.status {
            match after.status {
                STATUS_FROZEN => self.stats.freezes += 1,
                _ => self.stats.unfreezes += 1,
            }
        }
        let tripped = |p: &Pool| p.pause_flags & pause::BREAKER != 0;
        if !tripped(before) && tripped(&after) {
            self.stats.breaker_trips += 1;
        }
        if tripped(before) && !tripped(&after) && matches!(op, Op::SetPause(_)) {
            self.stats.breaker_resets += 1;
        }
    }

    /// The SPEC's gate from outside, independently of `Pool::require_allowed`: a frozen pool
    /// takes no deposits, borrows or new collateral; a tripped breaker stops borrows and
    /// withdrawals of collateral from positions with debt, and debt-free collateral stays free.
    fn check_gate(
        &self,
        op: Op,
        before: &Pool,
        withdrawing: Option<Position>,
        outcome: Result<(), Option<u32>>,
    ) {
        let paused = |flag: u16| before.pause_flags & flag != 0;
        let frozen = before.status == STATUS_FROZEN;
        let refused = |e: LendingError| Err(Some(lending(e)));
        match op {
            Op::Deposit { .. } | Op::Borrow { .. } | Op::DepositCollateral { .. } if frozen => {
                assert_eq!(
                    outcome,
                    refused(LendingError::PoolFrozen),
                    "{op:?} in a frozen pool"
                )
            }
            Op::Borrow { .. } if paused(pause::BREAKER) && !paused(pause::BORROW) => assert_eq!(
                outcome,
                refused(LendingError::CircuitBreakerTripped),
                "{op:?} past a tripped breaker"
            ),
            Op::WithdrawCollateral { slot, amount, .. } if !paused(pause::WITHDRAW_COLLATERAL) => {
                let pos = withdrawing.expect("position before");
                if pos.scaled_debt.get() > 0 && paused(pause::BREAKER) {
                    assert_eq!(
                        outcome,
                        refused(LendingError::CircuitBreakerTripped),
                        "{op:?} against debt past a tripped breaker"
                    );
                } else if pos.scaled_debt.get() == 0 && amount <= pos.collateral[slot] {
                    assert_eq!(
                        outcome,
                        Ok(()),
                        "{op:?}: debt-free collateral must come out"
                    );
                }
            }
            _ => {}
        }
    }

    /// The SPEC's rules for status, pause flags and the loss waterfall, from outside.
    fn check_transition(&self, op: Op, before: &Pool, settlement: Option<Settlement>) {
        let after = self.pool();
        if let Some(s) = settlement {
            assert_eq!(
                s.debt,
                s.from_pending + s.from_insurance_vault + s.socialized
            );
            assert_eq!(s.lp_assets_after, s.lp_assets_before - s.socialized);
            if s.socialized > 0 {
                // LPs lose only once the insurance fund is empty
                assert_eq!(
                    (s.insurance_pending_after, s.insurance_vault_balance_after),
                    (0, 0),
                    "{op:?}: LPs lost while insurance was left: {s:?}"
                );
            }
            assert_eq!(s.frozen, after.status == STATUS_FROZEN);
        }
        if before.status != after.status {
            match (before.status, after.status) {
                (STATUS_ACTIVE, STATUS_FROZEN) => {
                    let s = settlement.expect("only a settlement freezes");
                    assert!(
                        s.socialized > 0 && s.lp_assets_after == 0 && s.lp_supply > 0,
                        "{op:?} froze a pool whose LPs keep equity: {s:?}"
                    );
                }
                (STATUS_FROZEN, STATUS_ACTIVE) => {
                    assert!(matches!(op, Op::Unfreeze), "{op:?} unfroze the pool");
                    // LP equity again, or no LP shares left to protect
                    assert!(after.lp_assets().unwrap() > 0 || self.lp_supply() == 0);
                }
                (b, a) => panic!("{op:?}: status {b} -> {a}"),
            }
        }
        if before.pause_flags != after.pause_flags {
            match op {
                Op::SetPause(flags) => assert_eq!(after.pause_flags, flags),
                _ => {
                    let s = settlement.unwrap_or_else(|| panic!("{op:?} changed the pause flags"));
                    assert!(s.breaker_tripped && s.socialized > 0);
                    assert_eq!(after.pause_flags, before.pause_flags | pause::BREAKER);
                }
            }
        }
    }

    /// The books against the bank and every vault, the positions against the pool's
    /// totals, and token conservation per mint.
    async fn check_books(&mut self) {
        self.fx.assert_books(&mut self.bank).await;
        let (pool, fund) = (self.pool(), self.fund());
        let a = self.fx.addrs;
        assert_eq!(
            self.balance(&a.base_vault),
            pool.cash + self.donated.base,
            "base vault = cash + donations"
        );
        assert_eq!(
            self.balance(&a.insurance_vault),
            fund.balance().unwrap() + self.donated.insurance,
            "insurance vault = ledger + donations"
        );
        let positions: Vec<Position> = (0..BORROWERS).map(|b| self.position(b)).collect();
        for slot in 0..ASSETS.len() {
            let deposited = pool.collaterals[slot].total_deposited;
            let held: u64 = positions.iter().map(|p| p.collateral[slot]).sum();
            assert_eq!(held, deposited, "slot {slot}: Σ holdings = total deposited");
            let vault = self.balance(&self.fx.collaterals[slot].vault);
            assert_eq!(
                vault,
                deposited + self.donated.collateral[slot],
                "slot {slot}: vault = total deposited + donations"
            );
        }
        let scaled: u128 = positions.iter().map(|p| p.scaled_debt.get()).sum();
        assert_eq!(scaled, pool.total_scaled_debt.get(), "Σ scaled debt");
        let index = pool.borrow_index.get();
        let owed: u64 = positions.iter().map(|p| p.debt(index).unwrap()).sum();
        let total = pool.total_debt().unwrap();
        assert!(
            owed >= total && owed <= total + BORROWERS as u64,
            "Σ debts {owed} vs total debt {total}: at most one unit per position above"
        );
        for (mint, issued) in &self.issued {
            assert_eq!(
                self.held_of(mint),
                *issued,
                "mint {mint}: tokens not conserved"
            );
        }
        assert_eq!(
            self.held_of(&a.lp_mint),
            self.lp_supply(),
            "LP supply = Σ LP accounts"
        );
    }

    /// Every tracked account, read afresh, is what the walk's copy says.
    async fn verify_copy(&mut self) {
        let keys: Vec<Pubkey> = self.accounts.keys().copied().collect();
        for k in keys {
            let data = self.bank.account_data(&k).await.expect("account");
            assert!(
                data == self.accounts[&k],
                "account {k} changed behind the walk"
            );
        }
        for (mint, issued) in &self.issued {
            assert_eq!(mint_supply(&self.accounts[mint]), *issued);
        }
    }

    /// Empties borrower `b`'s position slot by slot while it is underwater. Whenever
    /// liquidation is not paused and the liquidator can pay the whole debt, each of these
    /// liquidations must go through, and the last one settles the rest (unless settlement is
    /// paused). A position that is not underwater gets one ordinary full-size attempt.
    async fn clear(&mut self, liq: usize, b: usize, rot: usize) {
        let mut must = true;
        let mut sent = 0;
        for _ in 0..ASSETS.len() {
            let Some(pool) = self.accrued_pool() else {
                return;
            };
            let pos = self.position(b);
            if !pos.has_collateral() || pos.scaled_debt.get() == 0 {
                break;
            }
            let held = pool.held_slots(&pos);
            let slot = held[rot % held.len()];
            let prices = self.market(&pool, &pos, PriceMode::Spot);
            let underwater = pool
                .position_health(&pos, &prices, PriceMode::Spot)
                .is_ok_and(|h| h.is_underwater());
            if !underwater && sent > 0 {
                // rounding of the last slot's repayment can lift the remainder just above
                // water; it is then an ordinary position
                must = false;
                break;
            }
            let debt = pos.debt(pool.borrow_index.get()).unwrap() as u128;
            let fee = debt * pool.config.liquidation_fee_bps as u128 / BPS as u128 + 1;
            let funded = self.balance(&self.liquidators[liq].user.base) as u128 >= debt + fee;
            must &= underwater && funded && pool.is_allowed(Operation::Liquidate);
            // everything offered (the slot at its full bonus); where that would leave a
            // position that covers its debt short, the slot for its value less the excess
            let mut ok = false;
            for repay in std::iter::once(u64::MAX)
                .chain(covered_whole_slot_offers(&pool, &pos, &prices, slot))
            {
                ok = self
                    .exec(Op::Liquidate {
                        liq,
                        b,
                        slot,
                        repay,
                    })
                    .await
                    .is_some();
                if ok {
                    break;
                }
            }
            sent += 1;
            assert!(
                ok || !must,
                "underwater position {b} has no clearing path: emptying slot {slot} failed"
            );
            if !ok || !underwater {
                break;
            }
        }
        if sent > 0 && must {
            let pos = self.position(b);
            let settle_paused = !self.pool().is_allowed(Operation::Settle);
            assert!(
                pos.scaled_debt.get() == 0 || (!pos.has_collateral() && settle_paused),
                "underwater position {b} left with debt after being emptied: {pos:?}"
            );
            self.stats.cleared += 1;
        }
    }

    async fn step(&mut self, s: &Step) {
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
                let held = self.pool().held_slots(&self.position(b));
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
                let start = ASSETS[slot as usize].price;
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
                let b = self.pick(b, |p| p.scaled_debt.get() > 0 && !p.has_collateral());
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
                    if pos.scaled_debt.get() > 0 && !pos.has_collateral() {
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

    /// What LP `lp` could take out now: its shares' value, within the available cash.
    fn exit_room(&self, lp: usize) -> u64 {
        let Some(pool) = self.accrued_pool() else {
            return 0;
        };
        let shares = self.balance(&self.lps[lp].lp);
        let value = pool
            .lp_assets()
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

fn empty_update() -> PriceUpdate {
    PriceUpdate {
        fully_verified: false,
        feed_id: [0; 32],
        price: 0,
        conf: 0,
        exponent: 0,
        publish_time: 0,
        ema_price: 0,
    }
}

async fn walk(steps: Vec<Step>) -> Stats {
    let mut w = Walk::new().await;
    for s in &steps {
        w.step(s).await;
    }
    w.verify_copy().await;
    w.stats
}

/// The walk: `CASES` random sequences of `STEPS` steps, each on a fresh bank. Failures are
/// persisted by proptest (and `PROPTEST_RNG_SEED` fixes the seed); every walk is
/// deterministic given its steps.
#[test]
fn random_transactions_keep_the_books() {
    let config = Config {
        cases: CASES,
        // a failing walk reruns in a few seconds; bound the shrinking, not the search
        max_shrink_iters: 256,
        source_file: Some(file!()),
        ..Config::default()
    };
    let total = RefCell::new(Stats::default());
    let start = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(step(), STEPS), |steps| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let stats = rt.block_on(walk(steps));
        total.borrow_mut().add(&stats);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let t = *total.borrow();
    eprintln!(
        "random walk: {CASES} cases x {STEPS} steps: {} transactions sent, {} succeeded, \
         in {:.1?} ({} liquidations, {} settlements, {} underwater positions cleared, \
         {} freezes, {} recapitalizations, {} unfreezes, {} breaker trips, {} breaker resets)",
        t.sent,
        t.ok,
        start.elapsed(),
        t.liquidations,
        t.settlements,
        t.cleared,
        t.freezes,
        t.recapitalizations,
        t.unfreezes,
        t.breaker_trips,
        t.breaker_resets,
    );
    assert!(
        t.sent >= MIN_TRANSACTIONS,
        "the walk sent {} transactions, fewer than {MIN_TRANSACTIONS}",
        t.sent
    );
}
