"""Merging the shards' tables: the rows of every shard sorted by run index, as one
runs.parquet (pyarrow) and one runs.csv. The CSV is merged as text, line by line, so it has
the very bytes one `simulate sweep` process writes for the same runs."""
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def merge_parquet(shard_dirs, out: Path):
    tables = [pq.read_table(Path(d) / "runs.parquet") for d in shard_dirs]
    schema = tables[0].schema
    for d, t in zip(shard_dirs, tables):
        if not t.schema.equals(schema):
            raise ValueError(f"{d}: its columns differ from the first shard's")
    merged = pa.concat_tables(tables).sort_by("run")
    # one row group, as the simulator writes it
    pq.write_table(merged, out / "runs.parquet", compression="none")
    return merged


def merge_csv(shard_dirs, out: Path):
    header, rows = None, []
    for d in shard_dirs:
        lines = (Path(d) / "runs.csv").read_text().splitlines()
        if header is None:
            header = lines[0]
        elif lines[0] != header:
            raise ValueError(f"{d}: its CSV header differs from the first shard's")
        rows.extend(lines[1:])
    # the run index is the first column
    rows.sort(key=lambda line: int(line.split(",", 1)[0]))
    (out / "runs.csv").write_text("".join(f"{line}\n" for line in [header, *rows]))
    return len(rows)


def merge(shard_dirs, out: Path):
    """Both tables into `out`; returns the number of rows."""
    out.mkdir(parents=True, exist_ok=True)
    table = merge_parquet(shard_dirs, out)
    n = merge_csv(shard_dirs, out)
    if n != table.num_rows:
        raise ValueError(f"{n} CSV rows, {table.num_rows} Parquet rows")
    return n
