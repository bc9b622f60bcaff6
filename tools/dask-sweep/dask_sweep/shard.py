"""One task: the simulator binary on one shard of the runs, into a directory of its own.
Runs on a worker, so the binary, the grid and the output directory must be at the same
paths there (one machine, or a shared file system)."""
import os
import subprocess


def run_shard(simulate, grid, k, n, out_dir, runs_per_point=None):
    """Runs `simulate sweep GRID --shard K/N` into `out_dir`; returns (k, out_dir)."""
    cmd = [simulate, "sweep", grid, "--shard", f"{k}/{n}", "--out", out_dir, "--jobs", "1", "--quiet"]
    if runs_per_point is not None:
        cmd += ["--runs-per-point", str(runs_per_point)]
    env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "error"))
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"shard {k}/{n} failed ({p.returncode}): {p.stderr.strip()}")
    return k, out_dir


def runs_in_shard(total, k, n):
    """How many of the indices 0..total are k modulo n."""
    return len(range(k, total, n))
