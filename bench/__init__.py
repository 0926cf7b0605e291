"""Benchmarks, each runnable as one command that prints a table (see docs/performance.md)."""
