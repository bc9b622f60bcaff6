//! Compute units of every instruction on the SBF binary, measured in one scripted run: the
//! main pool here, the multi-asset liquidations and the recovery (`liquidations`), staking
//! and marked shortfalls (`insurance`), each on a pool of its own.
mod budgets;
mod gate;
mod insurance;
mod liquidations;
pub use gate::{check, parse_table, CommittedTable, Failure, TOLERANCE_PCT, TOOLCHAIN_PREFIX};
use lending_pool::{
    constants::pause,
    state::{CollateralParams, PoolConfig},
};
use lending_pool_sdk::ix;
use lending_pool_testkit::{Bank, PoolFixture, Signer, TxOutcome};

/// One measured instruction.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub instruction: &'static str,
    pub scenario: &'static str,
    pub compute_units: u64,
    /// Its ceiling, which CI enforces (`budgets.rs`).
    pub budget: Option<u64>,
    /// What the compute pass aims at (`budgets.rs`).
    pub target: Option<u64>,
}

impl Measurement {
    /// A row with its budget and target from `budgets.rs`.
    fn new(instruction: &'static str, scenario: &'static str, compute_units: u64) -> Self {
        let (budget, target) = budgets::budget(instruction, scenario).unzip();
        Self {
            instruction,
            scenario,
            compute_units,
            budget,
            target,
        }
    }
}

/// Runs every instruction once (twice where the first call differs) and records its CU.
pub async fn measure_all() -> Vec<Measurement> {
    let mut bank = Bank::start().await;
    let mut out = Vec::new();
    let mut rec = |instruction, scenario, compute_units| {
        out.push(Measurement::new(instruction, scenario, compute_units))
    };

    let admin = bank.keypair();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let mint_authority = bank.keypair();
    let base_mint = bank.create_mint(&mint_authority.pubkey(), 6).await;
    let addrs = lending_pool_sdk::PoolAddresses::derive(&base_mint, &admin.pubkey());
    let guardian = bank.keypair();
    let r = bank
        .ok(
            &[ix::init_pool(
                &addrs,
                &guardian.pubkey(),
                lending_pool_testkit::BASE_FEED,
                PoolConfig::example(),
            )],
            &[&admin],
        )
        .await;
    rec(
        "init_pool",
        "creates pool, 2 vaults, LP mint, insurance fund",
        r.compute_units,
    );
    let base_oracle = bank.keypair().pubkey();
    let mut fx = PoolFixture {
        addrs,
        admin,
        guardian,
        mint_authority,
        decimals: 6,
        base_oracle,
        base_feed: lending_pool_testkit::BASE_FEED,
        base_price: lending_pool_testkit::BASE_PRICE,
        collaterals: vec![],
    };
    fx.set_prices(&mut bank, &[]).await;

    let alice = fx.user(&mut bank, 10_000_000_000).await;
    let r = bank
        .ok(&[fx.deposit_ix(&alice, 5_000_000_000, 0)], &[&alice.key])
        .await;
    rec("deposit", "first deposit (empty pool)", r.compute_units);
    let r = bank
        .ok(&[fx.deposit_ix(&alice, 1_234_567, 0)], &[&alice.key])
        .await;
    rec("deposit", "later deposit", r.compute_units);
    let r = bank
        .ok(
            &[fx.withdraw_ix(&alice, 1_000_000, u64::MAX)],
            &[&alice.key],
        )
        .await;
    rec("withdraw", "exact assets out", r.compute_units);
    let r = bank
        .ok(&[fx.redeem_ix(&alice, 1_000_000_000, 0)], &[&alice.key])
        .await;
    rec("redeem", "exact shares in", r.compute_units);
    let r = bank
        .ok(&[fx.fund_insurance_ix(&alice, 1_000_000)], &[&alice.key])
        .await;
    rec("fund_insurance", "donation", r.compute_units);

    // borrowers: two collateral assets (SOL-like at $150, BTC-like at $60,000)
    let (sol, btc) = (collateral(1), collateral(2));
    fx.add_collateral(&mut bank, 9, 15_000_000_000, sol).await;
    let (_, r) = fx
        .add_collateral_measured(&mut bank, 8, 6_000_000_000_000, btc)
        .await;
    rec(
        "add_collateral",
        "creates the collateral vault",
        r.compute_units,
    );
    let (b, r) = fx
        .borrower_measured(&mut bank, 0, &[100_000_000_000, 100_000_000])
        .await;
    rec("open_position", "creates the position PDA", r.compute_units);
    let r = bank
        .ok(
            &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
            &[&b.key],
        )
        .await;
    rec("deposit_collateral", "", r.compute_units);
    bank.ok(&[fx.deposit_collateral_ix(&b, 1, 10_000_000)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_000_000_000).await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rec(
        "borrow",
        "two collateral assets, first borrow",
        r.compute_units,
    );
    bank.warp(86_400).await;
    fx.set_prices(&mut bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 500_000_000).await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rec(
        "borrow",
        "two collateral assets, accrues a day of interest",
        r.compute_units,
    );
    bank.warp(3_600).await;
    let r = bank.ok(&[fx.repay_ix(&b, 300_000_000)], &[&b.key]).await;
    rec(
        "repay",
        "partial, accrues an hour of interest",
        r.compute_units,
    );
    fx.set_prices(&mut bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let oracles = fx.oracles_for(&mut bank, &b.position).await;
    let r = bank
        .ok(
            &[ix::position_health(
                &fx.addrs.pool,
                &b.position,
                &fx.base_oracle,
                &oracles,
            )],
            &[],
        )
        .await;
    rec(
        "position_health",
        "view, two collateral assets",
        r.compute_units,
    );
    let ix = fx
        .withdraw_collateral_ix(&mut bank, &b, 0, 1_000_000_000)
        .await;
    let r = bank.ok(&[ix], &[&b.key]).await;
    rec(
        "withdraw_collateral",
        "with debt, two collateral assets",
        r.compute_units,
    );
    bank.warp(60).await;
    let r = bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await;
    rec("accrue_interest", "one minute", r.compute_units);
    let r = bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await;
    rec("sweep_insurance", "", r.compute_units);
    bank.mint_to(
        &fx.addrs.base_mint,
        &fx.mint_authority,
        &b.base,
        1_000_000_000,
    )
    .await;
    bank.ok(&[fx.repay_ix(&b, u64::MAX)], &[&b.key]).await;
    for slot in 0..2u8 {
        let held = bank.position(&b.position).await.collateral[slot as usize];
        let ix = fx.withdraw_collateral_ix(&mut bank, &b, slot, held).await;
        bank.ok(&[ix], &[&b.key]).await;
    }
    let r = bank
        .ok(
            &[ix::close_position(
                &fx.addrs.pool,
                &b.key.pubkey(),
                &b.position,
            )],
            &[&b.key],
        )
        .await;
    rec("close_position", "", r.compute_units);

    // liquidation: three borrowers with 10 SOL each and 1,100 borrowed, then SOL crashes
    fx.set_prices(&mut bank, &[15_000_000_000, 6_000_000_000_000])
        .await;
    let mut crashed = vec![];
    for _ in 0..3 {
        let b = fx.borrower(&mut bank, 0, &[10_000_000_000]).await;
        bank.ok(
            &[fx.deposit_collateral_ix(&b, 0, 10_000_000_000)],
            &[&b.key],
        )
        .await;
        let ix = fx.borrow_ix(&mut bank, &b, 1_100_000_000).await;
        bank.ok(&[ix], &[&b.key]).await;
        crashed.push(b);
    }
    let liq = fx.user(&mut bank, 100_000_000_000).await;
    let liq_sol = bank
        .create_token_account(&fx.collaterals[0].mint, &liq.key.pubkey())
        .await;
    fx.set_prices(&mut bank, &[13_000_000_000, 6_000_000_000_000])
        .await;
    let ix = fx
        .liquidate_ix(
            &mut bank,
            &crashed[0],
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    let r = bank.ok(&[ix], &[&liq.key]).await;
    rec(
        "liquidate",
        "partial (close factor), no settlement",
        r.compute_units,
    );
    fx.set_prices(&mut bank, &[5_000_000_000, 6_000_000_000_000])
        .await;
    let ix = fx
        .liquidate_ix(
            &mut bank,
            &crashed[1],
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    let r = bank.ok(&[ix], &[&liq.key]).await;
    rec(
        "liquidate",
        "to zero collateral + automatic settlement",
        r.compute_units,
    );
    bank.ok(
        &[ix::set_pause(
            &fx.addrs.pool,
            &fx.guardian.pubkey(),
            pause::SETTLE,
        )],
        &[&fx.guardian],
    )
    .await;
    let ix = fx
        .liquidate_ix(
            &mut bank,
            &crashed[2],
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    bank.ok(&[ix], &[&liq.key]).await;
    bank.ok(
        &[ix::set_pause(&fx.addrs.pool, &fx.guardian.pubkey(), 0)],
        &[&fx.guardian],
    )
    .await;
    bank.warp(3_600).await;
    let r = bank
        .ok(&[ix::preview_settle(&fx.addrs, &crashed[2].position)], &[])
        .await;
    rec("preview_settle", "view", r.compute_units);
    let r = bank
        .ok(&[ix::settle_bad_debt(&fx.addrs, &crashed[2].position)], &[])
        .await;
    rec(
        "settle_bad_debt",
        "insurance + LP write-down, accrues an hour",
        r.compute_units,
    );

    let pool = fx.addrs.pool;
    let config = PoolConfig {
        deposit_cap: 1 << 60,
        ..PoolConfig::example()
    };
    let r = bank
        .ok(
            &[ix::update_config(&pool, &fx.admin.pubkey(), config)],
            &[&fx.admin],
        )
        .await;
    rec("update_config", "admin", r.compute_units);
    let mut params = bank.pool(&pool).await.collaterals[0].params();
    params.deposit_cap = params.deposit_cap.saturating_sub(1);
    let r = bank
        .ok(
            &[ix::update_collateral(&pool, &fx.admin.pubkey(), 0, params)],
            &[&fx.admin],
        )
        .await;
    rec("update_collateral", "admin", r.compute_units);
    let r = bank
        .ok(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::BORROW)],
            &[&fx.guardian],
        )
        .await;
    rec("set_pause", "guardian", r.compute_units);
    let new_guardian = bank.keypair();
    let r = bank
        .ok(
            &[ix::set_guardian(
                &pool,
                &fx.admin.pubkey(),
                &new_guardian.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    rec("set_guardian", "admin", r.compute_units);
    let new_admin = bank.keypair();
    let r = bank
        .ok(
            &[ix::transfer_admin(
                &pool,
                &fx.admin.pubkey(),
                &new_admin.pubkey(),
            )],
            &[&fx.admin],
        )
        .await;
    rec("transfer_admin", "propose", r.compute_units);
    let r = bank
        .ok(
            &[ix::accept_admin(&pool, &new_admin.pubkey())],
            &[&new_admin],
        )
        .await;
    rec("accept_admin", "accept", r.compute_units);
    // the new admin delists slot 0; its feed is a day old when it is retired
    let delisted = CollateralParams {
        ltv_bps: 0,
        ..bank.pool(&pool).await.collaterals[0].params()
    };
    bank.ok(
        &[ix::update_collateral(
            &pool,
            &new_admin.pubkey(),
            0,
            delisted,
        )],
        &[&new_admin],
    )
    .await;
    bank.warp(lending_pool::constants::RETIRE_AFTER_SECS + 1)
        .await;
    let r = bank
        .ok(
            &[ix::retire_collateral(&pool, &new_admin.pubkey(), 0)],
            &[&new_admin],
        )
        .await;
    rec(
        "retire_collateral",
        "admin, delisted slot a day without a price",
        r.compute_units,
    );
    // on pools of their own, so the rows above stay as they were
    let mut more = liquidations::four_asset_liquidations(&mut bank).await;
    more.extend(liquidations::recovery(&mut bank).await);
    more.extend(insurance::staking(&mut bank).await);
    more.extend(insurance::marks(&mut bank).await);
    for m in more {
        rec(m.instruction, m.scenario, m.compute_units);
    }
    // the rows of one instruction together, in the order instructions were first measured
    let mut names: Vec<&str> = vec![];
    for m in &out {
        if !names.contains(&m.instruction) {
            names.push(m.instruction);
        }
    }
    out.sort_by_key(|m| names.iter().position(|&n| n == m.instruction));
    out
}

/// A row for the transaction `r`.
pub(super) fn measured(
    instruction: &'static str,
    scenario: &'static str,
    r: &TxOutcome,
) -> Measurement {
    Measurement::new(instruction, scenario, r.compute_units)
}

/// The example SOL listing (LTV 75%, threshold 80%, bonus 5%) on feed `[feed; 32]`.
pub(super) fn collateral(feed: u8) -> CollateralParams {
    lending_pool_sdk::examples::SOL.params([feed; 32])
}

/// The Markdown table committed as `docs/compute-units.md`, measured by `toolchain`.
pub fn render_markdown(rows: &[Measurement], toolchain: &str) -> String {
    let mut s = format!(
        "# Compute units\n\n\
         Measured on the SBF binary (`target/deploy/lending_pool.so`) in solana-program-test by\n\
         `./scripts/cu-bench.sh` (see README). Units are what the transaction consumed, CPIs into\n\
         the SPL Token program (the p-token build program-test ships) and the System program\n\
         included. CI fails when a row rises more than {TOLERANCE_PCT}% above this table or over its\n\
         budget; rows are compared only with a table from the same toolchain (builds from the\n\
         offline toolchain and from platform-tools differ).\n\n\
         {TOOLCHAIN_PREFIX}`{toolchain}`\n\n\
         | instruction | scenario | compute units | budget | target |\n|---|---|---:|---:|---:|\n",
    );
    for m in rows {
        let budget = m.budget.map_or("".to_string(), |b| format!("≤ {b}"));
        let target = m.target.map_or("".to_string(), |t| t.to_string());
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.instruction, m.scenario, m.compute_units, budget, target
        ));
    }
    s
}
