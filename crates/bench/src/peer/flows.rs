//! The side-by-side run: one bank, our pool and the peer's market on the same two mints,
//! then the same user actions on both at the same clock, each measured as a whole
//! transaction.
use super::{
    ix::refresh_reserve,
    keys::ReserveConfig,
    keys::PEER_PROGRAM_ID,
    market::{PeerBorrower, PeerMarket, PeerUser, ReserveSpec},
    scenario::*,
    Accrual, Action, Measured, Report,
};
use anchor_lang::{
    prelude::{Clock, Pubkey},
    solana_program::instruction::Instruction,
};
use lending_pool::state::{CollateralParams, PoolConfig};
use lending_pool_sdk::ix as ours_ix;
use lending_pool_testkit::{Bank, Borrower, Liquidator, PoolFixture, TxOutcome, User};
use solana_keypair::Keypair;

/// Our collateral's parameters (LTV 75%, liquidation at 80%, bonus 5%).
fn our_collateral() -> CollateralParams {
    CollateralParams {
        feed_id: [1; 32],
        ltv_bps: LTV_PCT as u16 * 100,
        liquidation_threshold_bps: LIQUIDATION_THRESHOLD_PCT as u16 * 100,
        liquidation_bonus_bps: LIQUIDATION_BONUS_PCT as u16 * 100,
        deposit_cap: u64::MAX,
    }
}

/// A peer reserve on `mint`, seeded with `initial_liquidity`: `PoolConfig::example()`'s rate
/// curve (1% at zero utilization, 5% at the 80% kink, 80% at full), our collateral's LTV,
/// threshold and bonus, and no fees (our pool charges none on a borrow).
fn peer_reserve<'a>(
    mint: &'a Pubkey,
    mint_authority: &'a Keypair,
    initial_liquidity: u64,
    price: i64,
) -> ReserveSpec<'a> {
    let config = ReserveConfig {
        optimal_utilization_rate: 80,
        loan_to_value_ratio: LTV_PCT,
        liquidation_bonus: LIQUIDATION_BONUS_PCT,
        liquidation_threshold: LIQUIDATION_THRESHOLD_PCT,
        min_borrow_rate: 1,
        optimal_borrow_rate: 5,
        max_borrow_rate: 80,
        borrow_fee_wad: 0,
        flash_loan_fee_wad: 0,
        host_fee_percentage: 0,
    };
    ReserveSpec {
        mint,
        mint_authority,
        initial_liquidity,
        config,
        price,
    }
}

/// Moves the one clock both programs read: unix time by `secs`, the slot by as many
/// 400 ms slots.
async fn advance(bank: &mut Bank, secs: i64) {
    let mut clock: Clock = bank.ctx().banks_client.get_sysvar().await.expect("clock");
    clock.unix_timestamp += secs;
    clock.slot += slots(secs);
    bank.ctx().set_sysvar(&clock);
}

/// Sets the clock's unix time to `START_UNIX_TIME` (the slot is the bank's, the same in
/// every run), so no run depends on when it ran.
async fn pin_clock(bank: &mut Bank) {
    let mut clock: Clock = bank.ctx().banks_client.get_sysvar().await.expect("clock");
    clock.unix_timestamp = START_UNIX_TIME;
    bank.ctx().set_sysvar(&clock);
}

/// Everything both sides need, set up on one bank.
struct Sides {
    fx: PoolFixture,
    peer: PeerMarket,
    /// Whether a keeper accrues interest in the slot just before each action (`run`).
    warm: bool,
}

impl Sides {
    /// Both sides publish the same prices at the bank's current clock.
    async fn prices(&self, bank: &mut Bank, sol_price: i64) {
        self.fx.set_prices(bank, &[sol_price]).await;
        self.peer.set_prices(bank, USDC_PRICE, sol_price).await;
    }

    async fn step(&self, bank: &mut Bank, secs: i64, sol_price: i64) {
        advance(bank, secs).await;
        self.prices(bank, sol_price).await;
    }

    /// Our transaction: one instruction, named `name`.
    async fn ours(&self, bank: &mut Bank, name: &str, ix: Instruction, who: &Keypair) -> Measured {
        if self.warm {
            bank.ok(&[ours_ix::accrue_interest(&self.fx.addrs.pool)], &[])
                .await;
        }
        let out = bank.ok(&[ix], &[who]).await;
        measured(&out, &[name.to_string()])
    }

    /// The peer's transaction, its instructions named after what they touch.
    async fn peer(&self, bank: &mut Bank, ixs: &[Instruction], who: &Keypair) -> Measured {
        if self.warm {
            let p = &self.peer;
            let keeper = [refresh_reserve(&p.sol), refresh_reserve(&p.usdc)];
            bank.ok(&keeper, &[]).await;
        }
        let out = bank.ok(ixs, &[who]).await;
        let names: Vec<String> = ixs.iter().map(|i| self.peer.describe(i)).collect();
        measured(&out, &names)
    }
}

/// The transaction's total and each top-level instruction's units (from the
/// `Program … consumed N of M compute units` log lines at depth 1).
pub(super) fn measured(out: &TxOutcome, names: &[String]) -> Measured {
    let units = crate::logs::top_level_units(&out.logs, None);
    assert_eq!(
        units.len(),
        names.len(),
        "one consumed line per instruction expected, logs:\n{}",
        out.logs.join("\n")
    );
    Measured {
        compute_units: out.compute_units,
        instructions: names.iter().cloned().zip(units).collect(),
    }
}

/// Runs the scenario (`scenario.rs`) on both programs in one bank, then again on a new bank
/// with a keeper accruing interest on both just before each action (`warm`).
pub async fn measure(no_batch_dir: Option<&std::path::Path>) -> Report {
    let (actions, accruals) = run(false).await;
    let (warm, _) = run(true).await;
    let mut no_batch = vec![];
    if let Some(dir) = no_batch_dir {
        // the bank loads `lending_pool.so` from SBF_OUT_DIR (`Bank::start_with`)
        let default = std::env::var_os("SBF_OUT_DIR");
        unsafe { std::env::set_var("SBF_OUT_DIR", dir) };
        no_batch = run(false).await.0;
        match default {
            Some(d) => unsafe { std::env::set_var("SBF_OUT_DIR", d) },
            None => unsafe { std::env::remove_var("SBF_OUT_DIR") },
        }
    }
    Report {
        actions,
        warm,
        accruals,
        no_batch,
    }
}

/// The scenario on a new bank; `warm`: a keeper transaction accrues interest just before
/// each action, in the same slot (our `accrue_interest`, the peer's RefreshReserve of both
/// reserves), so the action accrues nothing itself. The accruals are measured cold only.
async fn run(warm: bool) -> (Vec<Action>, Vec<Accrual>) {
    let mut bank = Bank::start_with(&[("spl_token_lending_peer", PEER_PROGRAM_ID)]).await;
    let b = &mut bank;
    pin_clock(b).await;
    let (s, users) = open_both(b, warm).await;
    let actions = user_actions(b, &s, &users).await;
    let accruals = if warm { vec![] } else { accruals(b, &s).await };
    (actions, accruals)
}

/// Each side's users: an LP, a borrower and a liquidator.
struct Users {
    lp: User,
    borrower: Borrower,
    liq: Liquidator,
    p_lp: PeerUser,
    p_borrower: PeerBorrower,
    p_liq: PeerUser,
}

/// Our pool and the peer's market on the same two mints, each seeded by its owner, and
/// their users.
async fn open_both(b: &mut Bank, warm: bool) -> (Sides, Users) {
    // ours: the pool on a USDC-like base mint, a SOL-like collateral, a seed LP
    let mut fx = PoolFixture::new(b, USDC_DECIMALS, PoolConfig::example()).await;
    fx.add_collateral(b, SOL_DECIMALS, SOL_PRICE, our_collateral())
        .await;
    let seed = fx.user(b, SEED_LIQUIDITY).await;
    b.ok(&[fx.deposit_ix(&seed, SEED_LIQUIDITY, 0)], &[&seed.key])
        .await;
    let lp = fx.user(b, LP_DEPOSIT).await;
    let borrower = fx.borrower(b, 0, &[COLLATERAL]).await;
    let liq = fx.liquidator(b, LIQUIDATOR_FUNDS).await;
    // the peer: a market on the same two mints, seeded by its owner likewise
    let authority = fx.mint_authority.insecure_clone();
    let usdc = peer_reserve(&fx.addrs.base_mint, &authority, SEED_LIQUIDITY, USDC_PRICE);
    let sol = peer_reserve(
        &fx.collaterals[0].mint,
        &authority,
        PEER_SOL_SEED,
        SOL_PRICE,
    );
    let peer = PeerMarket::new(b, usdc, sol).await;
    let p_lp = peer.user(b, &peer.usdc, &authority, LP_DEPOSIT).await;
    let p_borrower = peer.borrower(b, &authority, COLLATERAL).await;
    let p_liq = peer.liquidator(b, &authority, LIQUIDATOR_FUNDS).await;
    let users = Users {
        lp,
        borrower,
        liq,
        p_lp,
        p_borrower,
        p_liq,
    };
    (Sides { fx, peer, warm }, users)
}

/// The user actions on both sides, in order: an LP deposit and a collateral deposit, a
/// borrow, a repayment an hour later, and a liquidation after SOL falls.
async fn user_actions(b: &mut Bank, s: &Sides, u: &Users) -> Vec<Action> {
    let (fx, peer) = (&s.fx, &s.peer);
    let mut actions = vec![];

    s.step(b, STEP_SECS, SOL_PRICE).await;
    let ix = fx.deposit_ix(&u.lp, LP_DEPOSIT, 0);
    let ours = s.ours(b, "deposit", ix, &u.lp.key).await;
    let theirs = s
        .peer(b, &peer.deposit(&u.p_lp, LP_DEPOSIT), &u.p_lp.key)
        .await;
    actions.push(Action::new(ACTIONS[0], ours, theirs));
    let ix = fx.deposit_collateral_ix(&u.borrower, 0, COLLATERAL);
    let ours = s.ours(b, "deposit_collateral", ix, &u.borrower.key).await;
    let ixs = peer.deposit_collateral(&u.p_borrower, COLLATERAL);
    let theirs = s.peer(b, &ixs, &u.p_borrower.sol.key).await;
    actions.push(Action::new(ACTIONS[1], ours, theirs));

    s.step(b, STEP_SECS, SOL_PRICE).await;
    let ix = fx.borrow_ix(b, &u.borrower, BORROW).await;
    let ours = s.ours(b, "borrow", ix, &u.borrower.key).await;
    let ixs = peer.borrow(&u.p_borrower, BORROW);
    let theirs = s.peer(b, &ixs, &u.p_borrower.sol.key).await;
    actions.push(Action::new(ACTIONS[2], ours, theirs));
    assert_eq!(b.token_balance(&u.borrower.base).await, BORROW);
    assert_eq!(b.token_balance(&u.p_borrower.usdc).await, BORROW);

    s.step(b, REPAY_AFTER_SECS, SOL_PRICE).await;
    let ix = fx.repay_ix(&u.borrower, REPAY);
    let ours = s.ours(b, "repay", ix, &u.borrower.key).await;
    let ixs = peer.repay(&u.p_borrower, REPAY);
    let theirs = s.peer(b, &ixs, &u.p_borrower.sol.key).await;
    actions.push(Action::new(ACTIONS[3], ours, theirs));

    s.step(b, STEP_SECS, SOL_CRASH_PRICE).await;
    let ix = fx
        .liquidate_by_ix(b, &u.liq, &u.borrower, 0, LIQUIDATE, 0)
        .await;
    let ours = s.ours(b, "liquidate", ix, &u.liq.user.key).await;
    let ixs = peer.liquidate(&u.p_liq, &u.p_borrower, LIQUIDATE);
    let theirs = s.peer(b, &ixs, &u.p_liq.key).await;
    actions.push(Action::new(ACTIONS[4], ours, theirs));
    assert!(b.token_balance(&u.liq.collateral[0]).await > 0);
    assert!(b.token_balance(&u.p_liq.ctokens).await > 0);
    actions
}

/// Interest accrual alone after each idle spell, debt outstanding on both.
async fn accruals(b: &mut Bank, s: &Sides) -> Vec<Accrual> {
    let (fx, peer) = (&s.fx, &s.peer);
    let mut accruals = vec![];
    for &(idle, secs) in IDLE {
        s.step(b, secs, SOL_CRASH_PRICE).await;
        let ix = ours_ix::accrue_interest(&fx.addrs.pool);
        let ours = b.ok(&[ix], &[]).await.compute_units;
        let refresh = refresh_reserve(&peer.usdc);
        let theirs = b.ok(&[refresh], &[]).await.compute_units;
        accruals.push(Accrual {
            idle,
            secs,
            ours,
            peer: theirs,
        });
    }
    accruals
}
