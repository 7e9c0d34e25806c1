"""Corpus mode: JSON Lines records as documents (not built yet)."""
from __future__ import annotations


def run_jsonl(paths, options, text_field="text", output=None, executor="local"):
    from textlint.cli import UsageError

    raise UsageError("--jsonl is not available yet")
