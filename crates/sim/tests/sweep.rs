//! Sweeps end to end on the SBF binary: a small grid's table, charts and notes; its shards
//! (run apart, merged by run index) equal the whole; each row is the run a scenario file
//! with those values gives.
use lending_pool_sim::sweep::{
    self,
    grid::Grid,
    outcome::{Outcome, COLUMNS},
    plan::{Plan, Shard},
    table::{Column, Table},
    SweepArgs,
};
use std::path::{Path, PathBuf};

/// A small grid over the CSV replay: 2 insurance seeds × 2 LTVs × 2 seeds, short runs.
const GRID: &str = r#"
scenario = "scenarios/csv-replay.toml"
runs_per_point = 2
seed = 5
[[parameter]]
path = "steps"
values = [30]
[[parameter]]
path = "borrowers.count"
values = [12]
[[parameter]]
path = "pool.insurance"
values = [0.0, 250.5]
[[parameter]]
path = "collateral.0.ltv_bps"
values = [7000, 7500]
"#;

fn grid_file(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let root = lending_pool_sdk::checkout::workspace_root();
    let text = GRID.replace("scenarios/", &format!("{}/scenarios/", root.display()));
    let path = dir.join("grid.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn args(grid: &Path, out: &Path, shard: Option<Shard>) -> SweepArgs {
    SweepArgs {
        grid: grid.to_path_buf(),
        out: Some(out.to_path_buf()),
        jobs: Some(2),
        shard,
        runs_per_point: None,
        charts_only: false,
        count: false,
        quiet: true,
    }
}

fn table(dir: &Path) -> Table {
    Table::from_csv(&std::fs::read_to_string(dir.join("runs.csv")).unwrap()).unwrap()
}

#[test]
fn a_sweep_writes_its_rows_and_its_shards_merge_into_the_same_table() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep");
    let _ = std::fs::remove_dir_all(&dir);
    let grid = grid_file(&dir);
    sweep::command(args(&grid, &dir.join("all"), None)).expect("sweep");
    let all = table(&dir.join("all"));
    assert_eq!(all.rows(), 8);
    assert_eq!(
        all.names[3..7],
        [
            "steps",
            "borrowers.count",
            "pool.insurance",
            "collateral.0.ltv_bps"
        ]
    );
    assert_eq!(all.names.len(), 3 + 4 + COLUMNS.len() + 1);
    for f in [
        "runs.parquet",
        "sweep.md",
        "pool-insurance.png",
        "collateral-0-ltv_bps.png",
    ] {
        assert!(dir.join("all").join(f).exists(), "{f}");
    }
    // a single-valued parameter gets no chart
    assert!(!dir.join("all/steps.png").exists());

    // three shards, merged by run index, are the whole table
    let mut rows: Vec<(i64, String)> = vec![];
    for k in 0..3 {
        let out = dir.join(format!("shard-{k}"));
        sweep::command(args(&grid, &out, Some(Shard { k, n: 3 }))).expect("shard");
        assert!(!out.join("sweep.md").exists(), "a shard draws no charts");
        let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
        rows.extend(
            csv.lines()
                .skip(1)
                .map(|l| (l.split(',').next().unwrap().parse().unwrap(), l.to_string())),
        );
    }
    rows.sort();
    let header = all.names.join(",");
    let merged: String = std::iter::once(header)
        .chain(rows.into_iter().map(|r| r.1))
        .map(|l| l + "\n")
        .collect();
    assert_eq!(
        merged,
        std::fs::read_to_string(dir.join("all/runs.csv")).unwrap()
    );
}

#[test]
fn each_row_is_the_run_of_its_point_and_seed() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep-rows");
    let _ = std::fs::remove_dir_all(&dir);
    let grid = grid_file(&dir);
    let plan = Plan::new(Grid::load(&grid).unwrap(), None).unwrap();
    let out = dir.join("out");
    sweep::command(args(&grid, &out, Some(Shard { k: 1, n: 4 }))).expect("shard");
    let t = table(&out);
    let Column::Int(index) = &t.columns[0] else {
        panic!("run index")
    };
    assert_eq!(index, &[1, 5]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // run 5: point 2 (insurance 250.5, LTV 7000), the second seed
    let run = plan.run(5);
    let s = plan.scenario(run.point).unwrap();
    assert_eq!(
        (s.pool.insurance, s.collateral[0].ltv_bps, run.seed),
        (250.5, 7000, 6)
    );
    let o = Outcome::of(
        &rt.block_on(lending_pool_sim::run(&s, run.seed, None))
            .unwrap(),
    )
    .unwrap();
    let first = t.names.iter().position(|n| n == COLUMNS[0]).unwrap();
    for (k, name) in COLUMNS.iter().enumerate() {
        let Column::Int(v) = &t.columns[first + k] else {
            panic!("{name}")
        };
        assert_eq!(v[1], o.values[k], "{name}");
    }
}

#[test]
fn charts_only_draws_from_a_merged_table() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep-charts");
    let _ = std::fs::remove_dir_all(&dir);
    let grid = grid_file(&dir);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // a table as a merge leaves it: no run happens, the charts come from its rows
    let mut csv = String::from(
        "run,point,seed,steps,borrowers.count,pool.insurance,collateral.0.ltv_bps,lp_loss_bps\n",
    );
    for (i, (ins, ltv, loss)) in [
        (0.0, 7000, 3),
        (0.0, 7500, 9),
        (250.5, 7000, 1),
        (250.5, 7500, 4),
    ]
    .iter()
    .enumerate()
    {
        csv += &format!("{i},{i},5,30,12,{ins},{ltv},{loss}\n");
    }
    std::fs::write(out.join("runs.csv"), csv).unwrap();
    let a = SweepArgs {
        charts_only: true,
        ..args(&grid, &out, None)
    };
    sweep::command(a).expect("charts");
    let md = std::fs::read_to_string(out.join("sweep.md")).unwrap();
    assert!(
        md.contains("merged from shards") && md.contains("![pool.insurance](pool-insurance.png)")
    );
    assert!(out.join("collateral-0-ltv_bps.png").exists());
}
