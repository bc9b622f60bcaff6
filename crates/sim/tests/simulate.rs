//! The simulator end to end on the SBF binary: the default scenario's report against the
//! pool's on-chain state, determinism, Monte Carlo, and every shipped scenario file.
use anchor_lang::Discriminator;
use lending_pool_sdk::state::{PoolConfig, Position};
use lending_pool_sim::{
    loss_share::LossShare, metrics::Summary, monte_carlo, prices::price_paths, report,
    run_and_report, Scenario,
};
use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    lending_pool_sdk::checkout::workspace_root().join("scenarios")
}

fn scenario(name: &str) -> Scenario {
    Scenario::load(&scenarios_dir().join(name)).expect("scenario loads")
}

fn out_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The base-units column of the report's "Final books" table, by row name.
fn final_books_in(md: &str) -> Vec<(String, u128)> {
    let section = md
        .split("## Final books")
        .nth(1)
        .expect("final books section")
        .split("\n## ")
        .next()
        .unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| book"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].to_string(), cells[3].parse().expect("base units"))
        })
        .collect()
}

/// The value cell of a summary row.
fn summary_cell<'a>(md: &'a str, row: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {row} |")))
        .unwrap_or_else(|| panic!("row {row}"))
        .split('|')
        .nth(2)
        .unwrap()
        .trim()
}

#[tokio::test]
async fn the_default_scenario_report_matches_the_chain() {
    let s = scenario("crash-40pct-1h.toml");
    let dir = out_dir("default");
    let (mut r, [other, no_delay], path) =
        run_and_report(&s, s.seed, &dir, None).await.expect("run");
    let md = std::fs::read_to_string(&path).unwrap();
    // "Who bore the loss": marking on (the scenario's run, with the two-step exit), marking
    // on with no exit delay, then off
    assert!(r.summary.loss.marking && !other.loss.marking);
    assert!(no_delay.loss.marking && no_delay.loss.exit_delay_secs == 0);
    assert!(r.summary.loss.exit_delay_secs > 0);
    // the two-step exit: the runners do no better than the stayers (within 1 bps)
    assert!(r.summary.loss.running_saved_bps() <= 1.0);
    for (row, f) in [
        ("**LP loss, ran (bps)**", &|l: &LossShare| l.ran.loss_bps()),
        ("**LP loss, stayed (bps)**", &|l: &LossShare| {
            l.stayed.loss_bps()
        }),
        ("**staker loss (bps of staked)**", &|l: &LossShare| {
            l.stakers.loss_bps()
        }),
    ] as [(&str, &dyn Fn(&LossShare) -> f64); 3]
    {
        let cells: Vec<&str> = md
            .lines()
            .find(|l| l.starts_with(&format!("| {row} |")))
            .unwrap_or_else(|| panic!("row {row}"))
            .split('|')
            .map(str::trim)
            .collect();
        assert_eq!(cells[2], format!("{:.2}", f(&r.summary.loss)), "{row}");
        assert_eq!(cells[3], format!("{:.2}", f(&no_delay.loss)), "{row}");
        assert_eq!(cells[4], format!("{:.2}", f(&other.loss)), "{row}");
    }
    for (_, file) in [
        ("", "prices.png"),
        ("", "share_price.png"),
        ("", "insurance.png"),
        ("", "debt.png"),
        ("", "bad_debt.png"),
        ("", "utilization.png"),
        ("", "borrow_rate.png"),
        ("", "fund.png"),
    ] {
        let png = std::fs::read(dir.join(file)).expect("chart written");
        assert!(png.starts_with(b"\x89PNG"), "{file}");
        assert!(md.contains(&format!("]({file})")), "report embeds {file}");
    }

    // the chain, read independently of the simulator's own bookkeeping
    let fx = &r.fixture;
    let bank = &mut r.bank;
    let pool = fx.pool(bank).await;
    let fund = fx.insurance(bank).await;
    let lp_supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    let base_vault = bank.token_balance(&fx.addrs.base_vault).await;
    let insurance_vault = bank.token_balance(&fx.addrs.insurance_vault).await;
    let expected: Vec<(String, u128)> = vec![
        ("cash", pool.cash as u128),
        ("total debt", pool.total_debt().unwrap() as u128),
        ("lp_assets", pool.lp_assets().unwrap() as u128),
        ("LP supply (LP units)", lp_supply as u128),
        (
            "share price (WAD)",
            pool.share_price_wad(lp_supply).unwrap(),
        ),
        ("insurance vault ledger", fund.balance().unwrap() as u128),
        ("insurance pending", pool.insurance_pending as u128),
        ("total insurance paid", pool.total_insurance_paid as u128),
        ("total socialized", pool.total_socialized as u128),
        ("base vault balance", base_vault as u128),
        ("insurance vault balance", insurance_vault as u128),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(final_books_in(&md), expected);

    // the scenario exercises every layer of the waterfall
    let sum = &r.summary;
    // and leaves nothing underwater; with the fee a share of the bonus paid, no liquidatable
    // position is ever skipped as unprofitable
    assert_eq!(
        (sum.underwater_unsettled, sum.unprofitable_position_steps),
        (0, 0)
    );
    assert_eq!(
        summary_cell(&md, "positions left underwater and unsettled at the end"),
        "0"
    );
    assert!(sum.liquidations > 0 && sum.settlements > 0);
    assert!(pool.total_insurance_paid > 0 && pool.total_socialized > 0);
    // the settlement events the bot saw add up to the pool's loss ledger
    assert_eq!(sum.insurance_covered, pool.total_insurance_paid as u128);
    assert_eq!(sum.socialized, pool.total_socialized as u128);
    assert_eq!(
        sum.bad_debt_settled,
        sum.insurance_covered + sum.socialized,
        "every settled unit came from insurance or from LPs"
    );
    let d = pool.base_decimals;
    assert_eq!(
        summary_cell(&md, "… socialized to LPs"),
        report::fmt_tokens(pool.total_socialized as u128, d)
    );
    assert_eq!(
        summary_cell(&md, "… covered by insurance"),
        report::fmt_tokens(pool.total_insurance_paid as u128, d)
    );
    assert_eq!(
        summary_cell(&md, "liquidations done"),
        sum.liquidations.to_string()
    );
    // LP loss in bps is the ledger's socialized total over lp_assets at the start
    assert_eq!(
        sum.lp_loss_bps as u128,
        pool.total_socialized as u128 * 10_000 / sum.lp_assets_start as u128
    );
    assert!(
        summary_cell(&md, "LP loss (socialized / lp_assets at start)")
            .starts_with(&format!("{} bps", sum.lp_loss_bps))
    );

    // the books reconcile with the token program's balances (nobody donates in a run, so
    // exactly) and with the positions
    assert_eq!(base_vault, pool.cash);
    assert_eq!(insurance_vault, fund.balance().unwrap());
    let mut scaled = 0u128;
    let mut debts = 0u128;
    let mut held = [0u64; 4];
    for key in &r.positions {
        let data = bank.account_data(key).await.unwrap();
        assert!(data.starts_with(Position::DISCRIMINATOR));
        let p = bank.position(key).await;
        scaled += p.scaled_debt.get();
        debts += p.debt(pool.borrow_index.get()).unwrap() as u128;
        for (h, c) in held.iter_mut().zip(p.collateral) {
            *h += c;
        }
    }
    assert_eq!(scaled, pool.total_scaled_debt.get());
    // each position's debt rounds up on its own: the sum may exceed the total by one unit each
    let total = pool.total_debt().unwrap() as u128;
    assert!(debts >= total && debts <= total + r.positions.len() as u128);
    // the series the charts draw ends where the chain is
    let last = r.samples.last().unwrap();
    assert_eq!(
        (last.cash, last.total_debt, last.total_socialized),
        (pool.cash, pool.total_debt().unwrap(), pool.total_socialized)
    );
    for (i, c) in fx.collaterals.iter().enumerate() {
        assert_eq!(pool.collaterals[i].total_deposited, held[i]);
        assert_eq!(bank.token_balance(&c.vault).await, held[i]);
    }
}

/// Every borrower holds two to four assets, some also one unit of another: every position
/// the crash leaves underwater is emptied slot by slot and settled by the last slot.
#[tokio::test]
async fn several_collateral_assets_per_borrower_leave_nothing_underwater() {
    let s = scenario("multi-collateral-crash.toml");
    let dir = out_dir("multi-collateral");
    let (mut r, _, path) = run_and_report(&s, s.seed, &dir, None).await.expect("run");
    let md = std::fs::read_to_string(&path).unwrap();
    let sum = &r.summary;
    assert_eq!(sum.underwater_unsettled, 0);
    assert_eq!(
        summary_cell(&md, "positions left underwater and unsettled at the end"),
        "0"
    );
    // positions holding several assets went underwater and were settled by the bot,
    // whose every transaction went through
    assert!(sum.positions_underwater > 0 && sum.settlements > 0);
    assert_eq!((sum.liquidator_failures, sum.transactions_failed), (0, 0));
    assert_eq!(sum.bad_debt_settled, sum.insurance_covered + sum.socialized);
    // on the chain: nothing owes without collateral, and dust holdings are there
    let (mut held, mut dust) = ([0u64; 4], 0);
    for key in &r.positions {
        let p = r.bank.position(key).await;
        assert!(p.scaled_debt.get() == 0 || p.has_collateral(), "{key}");
        dust += p.collateral.iter().filter(|&&a| a == 1).count();
        for (h, c) in held.iter_mut().zip(p.collateral) {
            *h += c;
        }
    }
    assert!(dust > 0, "some borrowers hold one unit of an asset");
    let pool = r.fixture.pool(&mut r.bank).await;
    for (slot, h) in held.iter().enumerate() {
        assert_eq!(pool.collaterals[slot].total_deposited, *h);
    }
}

#[tokio::test]
async fn the_same_seed_writes_the_same_report_and_another_seed_does_not() {
    let mut s = scenario("crash-40pct-1h.toml");
    s.borrowers.count = 40;
    s.lps.count = 8;
    let a = out_dir("seed-a");
    let b = out_dir("seed-b");
    let c = out_dir("seed-c");
    let (ra, _, _) = run_and_report(&s, 7, &a, None).await.unwrap();
    run_and_report(&s, 7, &b, None).await.unwrap();
    let (rc, _, _) = run_and_report(&s, 8, &c, None).await.unwrap();
    let read = |d: &Path, f: &str| std::fs::read(d.join(f)).unwrap();
    for f in [
        "report.md",
        "prices.png",
        "share_price.png",
        "insurance.png",
        "debt.png",
        "bad_debt.png",
        "utilization.png",
        "borrow_rate.png",
        "fund.png",
    ] {
        assert_eq!(read(&a, f), read(&b, f), "{f}");
    }
    // another seed is another market and other actors, not just another header
    assert_ne!(ra.samples[1].prices, rc.samples[1].prices);
    assert_ne!(ra.samples[0].lp_assets, rc.samples[0].lp_assets);
}

#[test]
fn monte_carlo_runs_match_single_runs_and_percentiles_are_nearest_rank() {
    let mut s = scenario("csv-replay.toml");
    s.borrowers.count = 12;
    s.lps.count = 4;
    s.steps = 30;
    let seeds = [1u64, 2, 3];
    let mc = monte_carlo::run_many(&s, &seeds, 2, &|_| {}).expect("monte carlo");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (seed, parallel) in seeds.iter().zip(&mc.runs) {
        let single: Summary = rt
            .block_on(lending_pool_sim::run(&s, *seed, None))
            .unwrap()
            .summary;
        assert_eq!(
            &single, parallel,
            "seed {seed}: a parallel run is the same run"
        );
    }
    assert!(mc.transactions() > 0);
    let md = monte_carlo::write_report(&s, &mc, 2);
    assert!(md.contains("| LP loss (bps of lp_assets) |"));
    // every seed also ran with the marking keeper the other way
    assert_eq!(mc.flipped.len(), seeds.len());
    assert!(mc
        .flipped
        .iter()
        .zip(&mc.runs)
        .all(|(f, r)| f.loss.marking != r.loss.marking));
    assert!(md.contains("## Who bore the loss") && md.contains("| LP loss, ran (bps) |"));
    assert!(md.contains("simulated transactions per second"));
    // the value at risk: three percentiles of four measures, each with its interval
    let var = md
        .split("## Value at risk")
        .nth(1)
        .expect("value at risk section");
    let rows = var.lines().take_while(|l| !l.starts_with("## "));
    assert_eq!(
        rows.filter(|l| l.starts_with("| LP loss")
            || l.starts_with("| insurance")
            || l.starts_with("| bad debt"))
            .count(),
        12
    );
    assert!(var.contains("| insurance drawn (tokens) | p99 |"));

    let v: Vec<u128> = (1..=100).collect();
    assert_eq!(monte_carlo::percentile(&v, 50.0), 50);
    assert_eq!(monte_carlo::percentile(&v, 95.0), 95);
    assert_eq!(monte_carlo::percentile(&v, 99.0), 99);
    assert_eq!(monte_carlo::percentile(&[7], 5.0), 7);
    assert_eq!(monte_carlo::percentile(&[], 50.0), 0);
}

#[test]
fn every_shipped_scenario_loads_and_has_a_price_path() {
    let mut names = vec![];
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let s = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
            let paths = price_paths(&s, s.seed).unwrap();
            assert_eq!(paths.len(), s.collateral.len());
            assert!(paths
                .iter()
                .all(|p| p.len() == s.steps as usize + 1 && p.iter().all(|x| *x > 0.0)));
            names.push(s.name);
        }
    }
    names.sort();
    assert_eq!(
        names,
        [
            "calm",
            "correlated-bleed",
            "crash-40pct-1h",
            "csv-replay",
            "liquidator-outage",
            "multi-collateral-crash",
            "oracle-outage",
            "slow-bleed",
            "thin-liquidity",
            "wipe-out-recovery"
        ]
    );
}

#[test]
fn pool_config_overrides_read_like_the_cli_config_file() {
    let base = std::fs::read_to_string(scenarios_dir().join("calm.toml")).unwrap();
    let with = base.replace(
        "[pool]\n",
        "[pool.config]\nslope2_bps = 30000\noracleMaxAgeSecs = 30\n\n[pool]\n",
    );
    assert_ne!(with, base, "calm.toml has a [pool] table");
    let s = Scenario::from_toml(&with, &scenarios_dir()).unwrap();
    let c = lending_pool_sim::engine::pool_config(&s);
    assert_eq!((c.slope2_bps, c.oracle_max_age_secs), (30_000, 30));
    assert_eq!(c.slope1_bps, PoolConfig::example().slope1_bps);
    assert_eq!(
        c.deposit_cap,
        u64::MAX / 4,
        "no caps unless the scenario sets them"
    );
    let typo = base.replace("[pool]\n", "[pool.config]\nslope3_bps = 1\n\n[pool]\n");
    assert!(Scenario::from_toml(&typo, &scenarios_dir()).is_err());
}

#[test]
fn tokens_are_formatted_exactly() {
    assert_eq!(report::fmt_tokens(0, 6), "0.000000");
    assert_eq!(report::fmt_tokens(1_234_567_890_123, 6), "1,234,567.890123");
    assert_eq!(report::fmt_tokens(999, 0), "999");
    assert_eq!(report::fmt_tokens(1_000, 0), "1,000");
    // the economics tables: hundredths, rounded toward zero, signed
    assert_eq!(report::fmt_cents(1_234_567_891, 6), "1,234.56");
    assert_eq!(report::fmt_cents(-1_234_567_891, 6), "-1,234.56");
    assert_eq!(report::fmt_cents(7, 0), "7.00");
    assert_eq!(report::fmt_cents(5, 2), "0.05");
}

#[tokio::test]
async fn an_oracle_outage_blocks_liquidations_until_the_feed_returns() {
    let mut s = scenario("oracle-outage.toml");
    s.borrowers.count = 30;
    s.steps = 80;
    let r = lending_pool_sim::run(&s, s.seed, None).await.unwrap();
    let o = &s.oracle.outages[0];
    let during = &r.samples[o.start_step as usize + 2..o.end_step as usize];
    assert!(r.summary.stale_price_position_steps > 0);
    assert!(
        during.iter().all(|x| x.liquidations == 0),
        "nothing can be liquidated on a stale price"
    );
    let after = &r.samples[o.end_step as usize..];
    assert!(after.iter().any(|x| x.liquidations > 0));
}

#[tokio::test]
async fn a_liquidator_outage_is_counted_and_nothing_is_liquidated_while_it_lasts() {
    let mut s = scenario("liquidator-outage.toml");
    s.borrowers.count = 30;
    s.steps = 100;
    let r = lending_pool_sim::run(&s, s.seed, None).await.unwrap();
    let bot = &s.bots()[0];
    let [start, end] = bot.outages[0];
    assert!(r.summary.missed_outage > 0);
    assert!(r.samples[start as usize..end as usize]
        .iter()
        .all(|x| x.liquidations == 0 && x.settlements == 0));
    // capped at the bot's capacity per step
    assert!(r.summary.missed_outage <= (end - start) as u64 * bot.capacity_per_step as u64);
}

/// A pool wiped out in a crash freezes below its floor (nobody can buy shares near zero),
/// the donor gives back what the LPs lost, the guardian reopens it, and the LPs who held
/// through it are made whole (their loss is at most rounding, in bps of their deposits).
#[tokio::test]
async fn a_wiped_out_pool_freezes_is_recapitalized_and_reopens_with_its_lps_whole() {
    let s = scenario("wipe-out-recovery.toml");
    let mut r = lending_pool_sim::run(&s, s.seed, None).await.unwrap();
    let l = &r.summary.loss;
    let frozen = l.recovery.frozen_step.expect("the pool froze");
    let recapitalized = l.recovery.recapitalized_step.expect("recapitalized");
    assert_eq!(
        recapitalized,
        frozen + s.recovery.as_ref().unwrap().delay_steps
    );
    assert_eq!(l.recovery.reopened_step, Some(recapitalized));
    let pool = r.fixture.pool(&mut r.bank).await;
    assert_eq!(pool.status, lending_pool_sdk::state::STATUS_ACTIVE);
    assert_eq!(pool.total_recovered, l.recovery.recapitalized);
    assert_eq!(pool.total_recovered, pool.total_socialized);
    assert!(r.summary.socialized > 0);
    // the LPs who held lost nothing but rounding (they earned the interest before the crash)
    assert!(l.stayed.lps > 0);
    assert!(l.stayed.loss_bps() < 0.01, "{}", l.stayed.loss_bps());
}
