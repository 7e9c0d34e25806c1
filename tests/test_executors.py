"""Executors are interchangeable: the same results, in the same order, wherever the work runs."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

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


@given(st.lists(st.integers(), max_size=300), st.integers(1, 70), st.integers(1, 8))
def test_chunks_hand_out_every_item_once_in_order_and_shrink_toward_the_end(items, size, jobs):
    from textlint.executors import _chunks

    chunks = list(_chunks(items, size, jobs))
    assert [item for chunk in chunks for item in chunk] == items
    assert all(1 <= len(chunk) <= size for chunk in chunks)
    lengths = [len(chunk) for chunk in chunks]
    assert lengths == sorted(lengths, reverse=True)  # never a big one after a small one
    if len(items) >= 8 * size * jobs:
        assert lengths[0] == size
        assert lengths[-1] < size or size == 1  # a chunk of one cannot shrink
