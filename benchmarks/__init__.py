"""Benchmarks of GreenCluster's engines, each beside a named baseline (`make bench`)."""
