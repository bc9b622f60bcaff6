"""python -m dask_sweep.compare ONE MERGED: checks that a merged sweep's tables equal those
one `simulate sweep` process wrote for the same runs (the Parquet tables row for row, with
their column types, and the CSV byte for byte). Exits non-zero on a difference."""
import sys
from pathlib import Path

import pyarrow.parquet as pq


def checks(one: Path, merged: Path):
    a, b = pq.read_table(one / "runs.parquet"), pq.read_table(merged / "runs.parquet")
    yield "same columns and types", a.schema.equals(b.schema), f"{a.schema} vs {b.schema}"
    yield "same rows", a.num_rows == b.num_rows > 0, f"{a.num_rows} vs {b.num_rows}"
    yield "equal tables", a.equals(b), "the values differ"
    da, db = a.to_pandas(), b.to_pandas()
    yield "equal data frames", da.equals(db), f"\n{da.compare(db) if da.shape == db.shape else ''}"
    ca, cb = (one / "runs.csv").read_bytes(), (merged / "runs.csv").read_bytes()
    yield "identical CSV", ca == cb, "the CSV files differ"


def main(argv=None):
    one, merged = map(Path, (sys.argv[1:] if argv is None else argv))
    passed = failed = 0
    for name, ok, why in checks(one, merged):
        print(f"{'ok' if ok else 'FAILED'}: {name}" + ("" if ok else f": {why}"))
        passed, failed = passed + ok, failed + (not ok)
    rows = pq.read_table(one / "runs.parquet").num_rows
    print(f"merged tables vs one process's, {rows} runs")
    print(f"dask-sweep: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
