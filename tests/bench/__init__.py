"""Smoke test of scripts/bench."""
