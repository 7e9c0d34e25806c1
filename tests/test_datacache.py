"""textlint.datacache: data derived once per machine, kept on disk.

No rule keeps its tables here any more (they are checked in, see
test_tables.py); the module stays for what the engine derives from the
machine itself.  A table of floats stands in for any derived data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import textlint
from textlint import datacache
from textlint import version as textlint_version

FORMAT = 1
DERIVED = {"的": -1.8459530215478157, "我": -2.0126400000000001, "é": -2.5, "鎴": -7.25}


def _valid(char, value) -> bool:
    return type(value) is float and len(char) == 1


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "textlint"


@pytest.fixture
def count_derivations():
    return []


@pytest.fixture
def load(count_derivations):
    def derive():
        count_derivations.append(1)
        return dict(DERIVED)

    def load_table():
        path = datacache.derived_path("charmodel", FORMAT, None)
        return datacache.load_or_derive(path, "log_frequency", FORMAT, _valid, derive)

    return load_table


def _cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("charmodel-*.json")) if folder.is_dir() else []


def test_a_table_is_kept_on_disk_once_and_reused(cache_home, count_derivations, load):
    first = load()
    (path,) = _cached_files(cache_home)
    assert "python" in path.name and textlint.__version__ in path.name
    assert not [p for p in cache_home.iterdir() if p.suffix == ".tmp"]  # written atomically, nothing left over
    stamp = path.stat().st_mtime_ns
    second = load()
    assert count_derivations == [1]  # derived once, then read back
    assert path.stat().st_mtime_ns == stamp
    # JSON gives back exactly the floats it was given
    assert first == second == DERIVED
    assert list(second.items()) == list(DERIVED.items())
    assert all(type(value) is float for value in second.values())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all",
        b'{"format": 1, "log_frequency": {"\\u7684": "high"}}',
        b'{"format": 1, "log_frequency": {}}',
        b'{"format": 999, "log_frequency": {"\\u7684": -1.5}}',
        b'["a list"]',
        b'{"format": 1, "log_frequency": {"ab": -1.5}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_corrupt_file_is_ignored_and_rewritten(cache_home, count_derivations, load, content):
    load()
    (path,) = _cached_files(cache_home)
    path.write_bytes(content)
    assert load() == DERIVED
    assert count_derivations == [1, 1]
    assert datacache.read_derived(path, "log_frequency", FORMAT, _valid) == DERIVED  # rewritten whole


def test_unwritable_cache_folder_falls_back_to_deriving(tmp_path, monkeypatch, count_derivations, load):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load() == DERIVED
    assert load() == DERIVED
    assert count_derivations == [1, 1]  # no error, derived in every process as before
    assert blocker.read_text() == "a file where the cache folder would go"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_cache_folder_falls_back_to_deriving(cache_home, count_derivations, load):
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o500)
    try:
        assert load() == DERIVED
        assert load() == DERIVED
        assert count_derivations == [1, 1]
        assert _cached_files(cache_home) == []
    finally:
        cache_home.chmod(0o700)


def test_file_name_follows_the_versions(cache_home, monkeypatch):
    name = datacache.derived_path("charmodel", FORMAT, "pytest").name
    assert "pytest-" in name
    monkeypatch.setattr(textlint_version, "__version__", "99.0")
    assert datacache.derived_path("charmodel", FORMAT, "pytest").name != name
    assert datacache.derived_path("charmodel", FORMAT, "pytest").parent == cache_home


def test_cache_folder_defaults_to_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert datacache.cache_folder() == tmp_path / ".cache" / "textlint"


def test_a_keyed_kind_keeps_only_its_newest_files(cache_home):
    """A key that changes (what is installed, the folder a run starts in)
    must not leave a file behind each time."""
    cache_home.mkdir(parents=True)
    for index in range(12):
        old = cache_home / f"entry-points-{index:024x}.json"
        old.write_text("{}")
        os.utime(old, ns=(10**18 + index, 10**18 + index))
    other = cache_home / "charmodel-1-kept.json"
    other.write_text("{}")
    os.utime(other, ns=(1, 1))  # older than all of them, but of another kind
    datacache.load_or_derive(cache_home / "entry-points-new.json", "plugins", FORMAT, _valid, lambda: dict(DERIVED),
                             kind="entry-points-")
    kept = sorted(p.name for p in cache_home.glob("entry-points-*"))
    assert len(kept) == datacache.KEEP_PER_KIND and "entry-points-new.json" in kept
    assert f"entry-points-{11:024x}.json" in kept and f"entry-points-{0:024x}.json" not in kept
    assert other.exists()


def test_pruning_a_folder_that_is_not_there_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "missing"))
    datacache.prune("entry-points-")
