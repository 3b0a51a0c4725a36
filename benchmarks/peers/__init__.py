"""Benchmarks that run in benchmarks/.venv-peers, where msmart-ng and midea-beautiful-air live."""
