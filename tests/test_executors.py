"""Executors are interchangeable: the same results, in the same order, wherever the work runs."""
from __future__ import annotations

import pytest

from textlint.executors import InProcess, ProcessPool, choose


def _square_plus(item: int, shared: int) -> int:
    return item * item + shared


def _summary(item: int, shared) -> list[int]:
    return [item]


def _merge(*partials: list[int]) -> list[int]:
    return [value for partial in partials for value in partial]


@pytest.mark.parametrize("executor", [InProcess(), ProcessPool(2)], ids=["in-process", "pool"])
def test_map_yields_each_item_with_its_result_in_order(executor):
    items = iter(range(100))  # an iterator: read as the work is taken
    assert list(executor.map(_square_plus, items, 1, chunk=7)) == [(i, i * i + 1) for i in range(100)]


@pytest.mark.parametrize("executor", [InProcess(), ProcessPool(2)], ids=["in-process", "pool"])
def test_reduce_keeps_the_order_a_single_merge_has(executor):
    # 1,000 partials pass through merges of merges; the result is the one merge of all
    assert executor.reduce(_summary, _merge, iter(range(1000)), chunk=32) == list(range(1000))


def test_local_is_a_pool_only_when_the_input_is_worth_one():
    assert type(choose("local", 4, parallel=False)) is InProcess
    assert type(choose("local", 1, parallel=True)) is InProcess
    assert type(choose("local", 4, parallel=True)) is ProcessPool
