"""python -m dask_sweep GRID --simulate BIN --out DIR [--workers N | --scheduler ADDR]

Starts a LocalCluster of N single-threaded worker processes (or connects to the scheduler
at ADDR), submits one task per shard, shows runs done, rate and time left as shards finish,
merges the shards' tables into DIR/runs.parquet and DIR/runs.csv (sorted by run index) and
has the simulator draw the charts and sweep.md from the merged table."""
import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dask.distributed import Client, LocalCluster, as_completed

from .merge import merge
from .progress import Progress
from .shard import run_shard, runs_in_shard


def parse_args(argv):
    p = argparse.ArgumentParser(prog="dask_sweep", description=__doc__.split("\n\n")[1])
    p.add_argument("grid", type=Path)
    p.add_argument("--simulate", required=True, type=Path, help="the simulate binary")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    p.add_argument("--scheduler", help="a running scheduler's address instead of a LocalCluster")
    p.add_argument("--shards", type=int, help="tasks (default: 4 per worker, at most one per run)")
    p.add_argument("--runs-per-point", type=int)
    p.add_argument("--keep-shards", action="store_true", help="keep each shard's directory")
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


def total_runs(simulate, grid, runs_per_point):
    cmd = [str(simulate), "sweep", str(grid), "--count"]
    if runs_per_point is not None:
        cmd += ["--runs-per-point", str(runs_per_point)]
    return int(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())


def run_shards(client, a, total, shards):
    """Submits every shard and waits for them, advancing the progress as each finishes."""
    shard_root = a.out / "shards"
    dirs = [shard_root / f"{k}-of-{shards}" for k in range(shards)]
    futures = [
        client.submit(
            run_shard, str(a.simulate.resolve()), str(a.grid.resolve()), k, shards,
            str(dirs[k].resolve()), a.runs_per_point, pure=False,
        )
        for k in range(shards)
    ]
    progress = Progress(total, quiet=a.quiet)
    for f in as_completed(futures):
        k, _ = f.result()
        progress.advance(runs_in_shard(total, k, shards))
    progress.finish()
    return dirs


def cluster(a):
    if a.scheduler:
        return None, Client(a.scheduler)
    c = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                     dashboard_address=None)
    return c, Client(c)


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    start = time.monotonic()
    total = total_runs(a.simulate, a.grid, a.runs_per_point)
    c, client = cluster(a)
    try:
        workers = len(client.scheduler_info()["workers"]) or a.workers
        shards = max(1, min(total, a.shards or 4 * workers))
        dirs = run_shards(client, a, total, shards)
    finally:
        client.close()
        if c is not None:
            c.close()
    rows = merge(dirs, a.out)
    if not a.keep_shards:
        shutil.rmtree(a.out / "shards")
    wall = time.monotonic() - start
    print(f"{rows} runs in {shards} shards on {workers} workers in {wall:.1f} s "
          f"(cluster start and merge included): {a.out / 'runs.parquet'}")
    charts = [str(a.simulate), "sweep", str(a.grid), "--out", str(a.out), "--charts-only"]
    if a.runs_per_point is not None:
        charts += ["--runs-per-point", str(a.runs_per_point)]
    subprocess.run(charts, check=True)


if __name__ == "__main__":
    main()
