"""One way to replace a file: whole, or not at all."""
from __future__ import annotations

import os
import stat

import pytest

from textlint.atomic import AtomicFile


def test_the_target_is_replaced_whole_on_commit(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with AtomicFile(str(target), 0o640) as out:
        out.stream.write(b"new")
        assert target.read_text() == "old"  # nothing shows before the commit
    assert target.read_text() == "new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.txt"]


def test_an_error_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with AtomicFile(str(target), encoding="utf-8") as out:
            out.stream.write("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_check_before_the_rename_can_keep_the_target(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    out = AtomicFile(str(target))
    out.stream.write(b"new")

    def changed():
        raise ValueError("changed since it was read")

    with pytest.raises(ValueError):
        out.commit(before_replace=changed)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_file_written_by_name_is_committed_too(tmp_path):
    target = tmp_path / "out.bin"
    out = AtomicFile(str(target))
    out.stream.close()
    with open(out.temporary, "wb") as handle:  # as pyarrow writes Parquet
        handle.write(b"rows")
    out.commit()
    assert target.read_bytes() == b"rows"
