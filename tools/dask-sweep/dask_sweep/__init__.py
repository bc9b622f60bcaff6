"""Runs a `simulate sweep` grid on a Dask cluster: one task per shard, each running the
simulator binary on its part of the runs, then merges the shards' tables."""
