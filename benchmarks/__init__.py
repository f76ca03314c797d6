"""Benchmarks and the evaluation suite (`python -m benchmarks.eval`); scripts also run directly."""
