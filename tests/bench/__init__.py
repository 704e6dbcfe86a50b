"""Benchmarks: `make bench` runs them all; each prints our figure beside a same-run baseline."""
