"""Many files: the cache, parallel workers, and start-up import discipline."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FIXTURES, forget_run_records, install_plugin, run_cli, with_plugins

NBSP, ZWSP = "\u00a0", "\u200b"


def _corpus(folder, count=60):
    for index in range(count):
        defect = [f"a{NBSP}b", f"c{ZWSP}d", "clean line", "e\u2003f"][index % 4]
        path = folder / f"d{index % 3}" / f"f{index:03}.{'md' if index % 2 else 'txt'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title {index}\n\nSome prose, {defect}, more prose.\n", encoding="utf-8")


def test_parallel_run_gives_the_same_findings_in_the_same_order(project):
    _corpus(project)
    single = run_cli("check", "--no-cache", "--jobs", "1", "--format", "json", ".", cwd=project)
    double = run_cli("check", "--no-cache", "--jobs", "2", "--format", "json", ".", cwd=project)
    assert single.code == double.code == 1
    assert json.loads(single.out) == json.loads(double.out)
    assert len(json.loads(single.out)) == 45


def test_parallel_fix_fixes_every_file(project):
    _corpus(project)
    assert run_cli("fix", "--jobs", "2", ".", cwd=project).code == 0
    assert run_cli("check", "--no-cache", ".", cwd=project).code == 0


def _cache_files(project):
    return [os.path.join(d, f) for d, _, files in os.walk(project / ".textlint_cache") for f in files if f.endswith(".json")]


def _cache_file(project):
    (found,) = _cache_files(project)  # one file linted: one shard
    return found


def test_warm_cache_is_used(project):
    (project / "a.txt").write_text(f"a{NBSP}b\n", encoding="utf-8")
    cold = run_cli("check", "--format", "json", "a.txt", cwd=project)
    cache_path = _cache_file(project)
    with open(cache_path, encoding="utf-8") as handle:
        entries = json.load(handle)
    (key,) = entries
    entries[key][0]["message"] = "served from the cache"
    with open(cache_path, "w", encoding="utf-8") as handle:
        json.dump(entries, handle)
    forget_run_records(project)
    warm = run_cli("check", "--format", "json", "a.txt", cwd=project)
    assert json.loads(warm.out)[0]["message"] == "served from the cache"
    assert json.loads(cold.out)[0]["message"] != "served from the cache"
    assert run_cli("check", "--no-cache", "--format", "json", "a.txt", cwd=project).out == cold.out
    assert (project / ".textlint_cache" / ".gitignore").exists()


def test_cache_is_keyed_by_content_not_mtime(project):
    path = project / "a.txt"
    path.write_text(f"a{NBSP}b\n", encoding="utf-8")
    assert run_cli("check", "a.txt", cwd=project).code == 1
    stat = path.stat()
    path.write_text("a b\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run_cli("check", "a.txt", cwd=project).code == 0


def test_changed_configuration_invalidates_the_cache(project):
    (project / "a.txt").write_text(f"a{NBSP}b\n", encoding="utf-8")
    assert run_cli("check", "a.txt", cwd=project).code == 1
    (project / "textlint.toml").write_text('ignore = ["S001"]\n', encoding="utf-8")
    assert run_cli("check", "a.txt", cwd=project).code == 0
    assert run_cli("check", "--select", "S001", "a.txt", cwd=project).code == 1


def test_a_new_plugin_invalidates_the_cache(project, tmp_path_factory):
    source = (FIXTURES / "plugin" / "textlint_no_todo.py").read_text(encoding="utf-8")
    site = install_plugin(tmp_path_factory.mktemp("site"), "textlint_no_todo", source)
    (project / "a.txt").write_text("TODO\n", encoding="utf-8")
    assert run_cli("check", "a.txt", cwd=project).code == 0
    assert run_cli("check", "a.txt", cwd=project, env=with_plugins(site)).code == 1


def test_clean_removes_the_cache(project):
    (project / "a.txt").write_text("x\n", encoding="utf-8")
    run_cli("check", "a.txt", cwd=project)
    assert (project / ".textlint_cache").is_dir()
    assert run_cli("clean", cwd=project).code == 0
    assert not (project / ".textlint_cache").exists()


HEAVY = ["ftfy", "charset_normalizer", "markdown_it", "opencc", "pypinyin", "wordfreq", "regex"]


def _imported_after(code: str, cwd) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_importing_the_cli_imports_nothing_heavy(project):
    assert _imported_after("import textlint.cli", project) == set()


def test_checking_a_clean_file_imports_nothing_heavy(project):
    (project / "one.md").write_text("# Title\n\nA clean paragraph of English prose.\n", encoding="utf-8")
    code = (
        "from textlint.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['check', '--no-cache', 'one.md']) == 0"
    )
    assert _imported_after(code, project) == set()


def test_two_runs_can_share_the_cache(project):
    _corpus(project, count=40)
    command = [sys.executable, "-m", "textlint", "check", "--format", "json", "--jobs", "1"]
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [subprocess.Popen(command + [folder], cwd=project, stdout=subprocess.PIPE, env=env) for folder in ("d0", "d1", "d0")]
    outputs = [json.loads(run.communicate(timeout=300)[0]) for run in runs]
    assert all(run.returncode == 1 for run in runs)
    assert outputs[0] == outputs[2]
    for shard in _cache_files(project):
        with open(shard, encoding="utf-8") as handle:
            assert json.load(handle)  # whole, valid JSON: never a torn file
    # and the shared cache still gives the same answers
    again = run_cli("check", "--format", "json", "d0", "d1", cwd=project)
    assert sorted(json.loads(again.out), key=lambda d: d["path"]) == sorted(outputs[0] + outputs[1], key=lambda d: d["path"])


def test_an_edit_saved_while_fix_writes_is_kept(tmp_path, monkeypatch):
    """An editor saving while textlint fsyncs its temporary file: the edit wins."""
    import pytest

    from textlint import files

    target = tmp_path / "a.txt"
    original = "word\u00a0word\n".encode()
    target.write_bytes(original)
    real_fsync = os.fsync

    def fsync_while_someone_saves(fd):
        real_fsync(fd)
        target.write_bytes(b"the user's edit\n")

    monkeypatch.setattr(files.os, "fsync", fsync_while_someone_saves)
    with pytest.raises(files.WriteSkipped, match="changed since it was linted"):
        files.write_atomically(str(target), b"word word\n", original)
    assert target.read_bytes() == b"the user's edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def _corrupt_every_entry(project, make_bad):
    shards = list((project / ".textlint_cache").rglob("*.json"))
    assert shards
    for shard in shards:
        entries = json.loads(shard.read_text(encoding="utf-8"))
        shard.write_text(json.dumps({key: make_bad(value) for key, value in entries.items()}), encoding="utf-8")


def test_a_cache_of_the_wrong_shape_is_a_miss(project):
    (project / "a.txt").write_text("one\ntwo\u00a0words\nthree\n", encoding="utf-8")
    first = run_cli("check", "a.txt", cwd=project)
    assert first.code == 1 and ":2:4: S001" in first.out, first
    damages = [
        lambda entry: {"not": "a list"},
        lambda entry: [["a list", "of lists"]],
        lambda entry: [{**entry[0], "line": "2"}],
        lambda entry: [{**entry[0], "line": 0}],
        lambda entry: [{**entry[0], "fix": "drop it"}],
        lambda entry: [{**entry[0], "line": 40, "end_line": 40}],  # a line the file lacks
        lambda entry: [{"code": "S001"}],
    ]
    for make_bad in damages:
        _corrupt_every_entry(project, make_bad)
        forget_run_records(project)
        again = run_cli("check", "a.txt", cwd=project)
        assert (again.code, again.out) == (first.code, first.out), again


def test_a_file_never_written_reports_what_it_holds(project):
    """Invalid UTF-8 is never rewritten, so fix reports the file as it is:
    the fixable findings stay, and the bad byte is placed where it is."""
    data = "first line\u200b here\nword\u00a0word and more\ntail: ".encode() + b"\xd0"
    (project / "bad.txt").write_bytes(data)
    result = run_cli("fix", "--unsafe-fixes", "bad.txt", cwd=project)
    assert result.code == 1, result
    assert (project / "bad.txt").read_bytes() == data
    assert "bad.txt:1:11: S002" in result.out and "bad.txt:2:5: S001" in result.out, result
    assert "bad.txt:3:7: M005" in result.out and "E902 not fixed" in result.out, result


def test_bad_offsets_move_with_the_fixes():
    from textlint.api import fix_document_text
    from textlint.config import Settings
    from textlint.document import decode_bytes

    decoded = decode_bytes("a\u200bb\u200bc ok ".encode() + b"\xff tail\n")
    rules = Settings(select=["S002", "M005"]).rules_for("x.txt")
    outcome = fix_document_text(decoded.text, "x.txt", "txt", rules, decoded=decoded)
    assert outcome.text == "abc ok \ufffd tail\n"
    (m005,) = [d for d in outcome.remaining if d.code == "M005"]
    assert m005.column == 8, outcome  # where the bad byte is now, two characters on
