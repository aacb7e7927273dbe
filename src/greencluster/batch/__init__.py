"""Dask executors and pipelines over the core engines (batch matching at scale)."""
