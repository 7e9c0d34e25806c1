"""The store of compiled patterns (issue 13): a pattern from the store is
the pattern ``re.compile`` makes, and a missing, damaged or unwritable store
only costs time."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textlint import regexcode
from textlint.charclass import LazyPattern

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """An empty store in a cache folder of the test's own, read afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(regexcode, "_STORE", regexcode._Store())
    return tmp_path / "cache" / "textlint"


def _forget(monkeypatch) -> None:
    """As a new process: nothing read from the file yet."""
    monkeypatch.setattr(regexcode, "_STORE", regexcode._Store())


def _rule_patterns() -> list[tuple[str, int]]:
    """Every lazily compiled pattern of the engine and the rules, after loading them all."""
    from textlint.config import Settings

    Settings(select=["ALL"]).rules_for("a.md")
    return sorted({(p.pattern, p._flags) for p in gc.get_objects() if isinstance(p, LazyPattern)}, key=repr)


def _samples() -> list[str]:
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SEED.glob("*")) if path.is_file()]
    texts += [path.read_text(encoding="utf-8", errors="replace")
              for path in sorted(FIXTURES.rglob("*")) if path.is_file() and path.stat().st_size < 200_000]
    return [text[:1500] for text in texts]  # the head of each: every kind of text, a few seconds in all


def _behaviour(pattern, texts: list[str]) -> tuple:
    if isinstance(pattern.pattern, bytes):  # the mojibake rules scan bytes too
        texts = [text.encode("utf-8", "surrogatepass") for text in texts]
    return (pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex),
            [[m.span() + m.groups() for m in pattern.finditer(text)] for text in texts])


def test_the_internals_this_relies_on_work_here():
    assert regexcode._internals_work()  # else every test below only sees re.compile


def test_every_rule_pattern_read_back_from_the_store_matches_as_re_compiles_it(fresh_store, monkeypatch):
    import re

    patterns = _rule_patterns()
    assert len(patterns) > 100
    for source, flags in patterns:
        regexcode.compile(source, flags)
    regexcode.save()
    _forget(monkeypatch)
    monkeypatch.setattr(regexcode, "_compiled", None)  # a pattern the store lacked would fail here
    texts = _samples()
    for source, flags in patterns:
        assert _behaviour(regexcode.compile(source, flags), texts) == _behaviour(re.compile(source, flags), texts), source


def test_a_pattern_is_compiled_once_per_machine(fresh_store, monkeypatch):
    first = regexcode.compile(r"(?P<year>\d{4})-\d\d")
    regexcode.save()
    assert list(fresh_store.glob("regex-code-*"))
    _forget(monkeypatch)
    monkeypatch.setattr(regexcode, "_compiled", None)
    again = regexcode.compile(r"(?P<year>\d{4})-\d\d")
    assert again.groupindex == first.groupindex and again.match("2026-12").group("year") == "2026"


def test_a_process_that_added_nothing_writes_nothing(fresh_store, monkeypatch):
    regexcode.compile("a+b")
    regexcode.save()
    (path,) = fresh_store.glob("regex-code-*")
    before = path.stat().st_mtime_ns, path.read_bytes()
    _forget(monkeypatch)
    regexcode.compile("a+b")
    regexcode.save()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "header", "empty"])
def test_a_damaged_store_is_ignored_and_written_again(fresh_store, monkeypatch, damage):
    regexcode.compile("[a-z]+@[a-z]+")
    regexcode.save()
    (path,) = fresh_store.glob("regex-code-*")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-5] ^= 0x40
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "header":
        data[:5] = b"XXXXX"
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    _forget(monkeypatch)
    assert regexcode.compile("[a-z]+@[a-z]+").findall("mail me@here now") == ["me@here"]
    regexcode.save()
    assert regexcode._read(path)  # rewritten whole


def test_well_formed_but_wrong_code_is_refused_by_the_engine(fresh_store, monkeypatch):
    """A store whose checksum holds but whose code is not valid engine code
    (another engine's, say) is refused by _sre and compiled afresh."""
    regexcode.compile("x[0-9]+")
    flags, code, groups, groupindex, indexgroup = regexcode._STORE.entries[("x[0-9]+", 0)]
    regexcode._STORE.entries[("x[0-9]+", 0)] = (flags, code[:-8], groups, groupindex, indexgroup)
    regexcode.save()
    _forget(monkeypatch)
    assert regexcode.compile("x[0-9]+").findall("x12 y3 x4") == ["x12", "x4"]


def test_without_the_internals_patterns_come_from_re(fresh_store, monkeypatch):
    monkeypatch.setattr(regexcode, "_WORKS", [False])
    monkeypatch.setattr(regexcode, "_compiled", None)
    assert regexcode.compile("a(b)c").match("abc").group(1) == "b"
    regexcode.save()
    assert not fresh_store.exists()


def test_an_invalid_pattern_raises_re_error(fresh_store):
    import re

    with pytest.raises(re.error):
        regexcode.compile("(unclosed")


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(regexcode, "_STORE", regexcode._Store())
    assert regexcode.compile("q+").findall("aqqb") == ["qq"]
    regexcode.save()


def test_over_the_limit_the_store_keeps_what_its_last_process_used(fresh_store, monkeypatch):
    for source in ("one", "two", "three"):
        regexcode.compile(source)
    regexcode.save()
    _forget(monkeypatch)
    monkeypatch.setattr(regexcode, "MAX_ENTRIES", 2)
    regexcode.compile("one")
    regexcode.compile("four")
    regexcode.save()
    (path,) = fresh_store.glob("regex-code-*")
    assert sorted(source for source, _ in regexcode._read(path)) == ["four", "one"]


def test_workers_of_a_pool_write_what_they_compiled(tmp_path):
    """A pool's workers end without running atexit: their patterns reach
    the store through multiprocessing's exit hooks."""
    project = tmp_path / "project"
    project.mkdir()
    for index in range(30):  # enough files for a pool
        (project / f"f{index}.txt").write_text("中文 text, mixed\u00a0here.\n", encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    script = (
        "import sys\n"
        "from textlint import executors, regexcode\n"
        "started = executors._start_worker\n"
        "def start(shared):\n"
        "    regexcode.compile('pattern only a worker compiles')\n"
        "    started(shared)\n"
        "executors._start_worker = start\n"
        "from textlint.cli import main\n"
        "main(['check', '--no-cache', '--jobs', '2', '--exit-zero', '-q', '.'])\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, check=True)
    (path,) = (tmp_path / "cache" / "textlint").glob("regex-code-*")
    assert ("pattern only a worker compiles", 0) in regexcode._read(path)
