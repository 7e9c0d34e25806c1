"""Corpus mode: JSON Lines records as documents, locally and on a Dask cluster."""
from __future__ import annotations

import io
import json
import os
import random
import shutil

import pytest
from hypothesis import given, strategies as st

from conftest import FIXTURES, run_cli
from textlint import executors
from textlint.pipeline.jsonl import run_jsonl
from textlint.pipeline.partitions import iter_partitions
from textlint.pipeline.records import replace_text, value_span
from textlint.model import CorpusRule, Finding
from textlint.runner import RunOptions

RECORDS = FIXTURES / "corpus" / "records.jsonl"
NBSP, ZWSP = "\u00a0", "\u200b"


def _rows(out: str) -> list[tuple]:
    """(record, line, column, code) of each finding, the line and column in the record's text."""
    return [(d["record"], d.get("text_line", 1), d.get("text_column", 1), d["code"]) for d in json.loads(out)]


# -- check: where findings are reported -------------------------------------------------------


def test_findings_name_the_file_record_line_and_column(project):
    shutil.copy(RECORDS, project / "records.jsonl")
    result = run_cli("check", "--jsonl", "records.jsonl", "--format", "json", cwd=project)
    assert result.code == 1, result
    findings = json.loads(result.out)
    assert {d["path"] for d in findings} == {"records.jsonl"}
    assert _rows(result.out) == [
        (2, 1, 4, "S001"),
        (4, 1, 1, "E901"),  # no text field
        (5, 1, 1, "E901"),  # not JSON
        (6, 1, 1, "E901"),  # not an object
        (7, 1, 1, "E901"),  # the field is null
        (8, 2, 24, "S002"),  # second line of the record's text
        (9, 1, 31, "S001"),  # "format": "md": the NBSP in inline code is left alone
        (10, 1, 1, "E901"),  # not UTF-8
        (11, 1, 4, "S001"),  # duplicate keys: the last one is the text, as in json.loads
    ]


def test_bad_records_say_why(project):
    shutil.copy(RECORDS, project / "records.jsonl")
    result = run_cli("check", "--jsonl", "records.jsonl", "--select", "S", "--format", "json", cwd=project)
    messages = {d["record"]: d["message"] for d in json.loads(result.out) if d["code"] == "E901"}
    assert messages == {
        4: "record 4: no field 'text'",
        5: "record 5: not valid JSON at column 19: Unterminated string starting at",
        6: "record 6: not a JSON object but an array",
        7: "record 7: field 'text' is null, not a string",
        10: "record 10: not valid UTF-8 at byte 24",
    }
    assert all(d["rule"] == "bad-record" and d["severity"] == "error" for d in json.loads(result.out) if d["code"] == "E901")


def test_text_format_shows_the_record_number(project):
    (project / "a.jsonl").write_text(json.dumps({"text": f"one\ntwo{NBSP}words"}) + "\n", encoding="utf-8")
    result = run_cli("check", "--jsonl", "a.jsonl", cwd=project)
    assert result.code == 1
    assert "a.jsonl:1:2:4: S001" in result.out


def test_another_text_field(project):
    (project / "a.jsonl").write_text(
        json.dumps({"text": f"a{NBSP}b", "body": f"c{ZWSP}d"}) + "\n", encoding="utf-8"
    )
    result = run_cli("check", "--jsonl", "a.jsonl", "--text-field", "body", "--format", "json", cwd=project)
    assert _rows(result.out) == [(1, 1, 2, "S002")]


def test_records_are_numbered_by_line_across_partitions(tmp_path):
    lines = []
    for index in range(1, 301):
        if index % 7 == 0:
            lines.append("")  # a blank line keeps its number
        elif index % 50 == 0:
            lines.append(json.dumps({"text": "x" * 5000 + f"{NBSP}y"}))  # longer than a partition
        else:
            lines.append(json.dumps({"n": index, "text": f"the{NBSP}record {index}"}))
    path = tmp_path / "many.jsonl"
    path.write_text("\r\n".join(lines), encoding="utf-8")  # CRLF, no final newline
    options = RunOptions(mode="check", select=["S001"], jobs=1)
    results = list(run_jsonl([str(path)], options, partition_size=1024))
    records = [d.record for r in results for d in r.diagnostics]
    assert records == [i for i in range(1, 301) if i % 7]
    columns = {d.record: d.column for r in results for d in r.diagnostics}
    assert columns[1] == 4 and columns[50] == 5001
    assert [r.path for r in results][:2] == [f"{path}:1", f"{path}:2"]


def test_partitions_hold_whole_lines_and_cover_the_file(tmp_path):
    path = tmp_path / "a.jsonl"
    data = b"".join(b'{"text": "%s"}\n' % (b"w" * (i * 37 % 300)) for i in range(200)) + b'{"text": "end"}'
    path.write_bytes(data)
    parts = list(iter_partitions(str(path), 512))
    assert b"".join(p.data for p in parts) == data
    assert all(p.data.endswith(b"\n") for p in parts[:-1])
    assert [p.first_record for p in parts] == [1 + data[: p.offset].count(b"\n") for p in parts]
    assert max(len(p.data) for p in parts) < 512 + 400


# -- fix --output --------------------------------------------------------------------------------


def test_fix_writes_every_record_in_order_touching_only_the_text(project):
    shutil.copy(RECORDS, project / "records.jsonl")
    result = run_cli("fix", "--jsonl", "records.jsonl", "--output", "out", "--format", "json", cwd=project)
    assert result.code == 1, result  # the bad records remain
    assert {d["code"] for d in json.loads(result.out)} == {"E901"}
    before = RECORDS.read_bytes().split(b"\n")
    after = (project / "out" / "records.jsonl").read_bytes().split(b"\n")
    assert len(after) == len(before)
    changed = [i + 1 for i, (old, new) in enumerate(zip(before, after)) if old != new]
    assert changed == [2, 8, 9, 11]
    assert after[1] == b'{"id": 2, "text": "Two words", "tags": ["a", "b"]}'
    # escapes stay escapes, "1.50" stays "1.50"
    assert after[7] == b'{"id": 8, "text": "First line.\\nSecond line with a zerowidth space.", "score": 1.50}'
    assert after[8].decode() == (
        '{"id": 9, "meta": {"text": "nested"}, "text": "Markdown `code\u00a0span` and prose here.", "format": "md"}'
    )
    assert after[10].decode() == '{"text": "first of two", "id": 11, "text": "dup key, the last one counts"}'
    # the output checks clean but for the records that were never documents
    again = run_cli("check", "--jsonl", "out/records.jsonl", "--format", "json", cwd=project)
    assert {d["code"] for d in json.loads(again.out)} == {"E901"}
    assert (project / "records.jsonl").read_bytes() == RECORDS.read_bytes()  # input untouched


def test_fix_copies_files_with_nothing_to_fix_byte_for_byte(project):
    data = b'{"text": "fine"}\r\n\n{"text": "also fine", "n": 1e3}'
    (project / "clean.jsonl").write_bytes(data)
    (project / "empty.jsonl").write_bytes(b"")
    assert run_cli("fix", "--jsonl", "clean.jsonl", "empty.jsonl", "--output", "out", cwd=project).code == 0
    assert (project / "out" / "clean.jsonl").read_bytes() == data
    assert (project / "out" / "empty.jsonl").read_bytes() == b""


def test_fix_diff_shows_records(project):
    (project / "a.jsonl").write_text(json.dumps({"text": f"a{NBSP}b"}) + "\n", encoding="utf-8")
    result = run_cli("fix", "--jsonl", "--diff", "a.jsonl", cwd=project)
    assert result.code == 1
    assert "--- a/a.jsonl:1" in result.out and "+a b" in result.out
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["fix", "--jsonl", "a.jsonl"], "needs --output"),
        (["check", "--jsonl", "a.jsonl", "--output", "out"], "--output works with fix"),
        (["fix", "--jsonl", "a.jsonl", "--output", "."], "would overwrite the input"),
        (["check", "--jsonl", "a.jsonl", "--executor", "spark"], "unknown executor"),
        (["check", "--jsonl", "-"], "not standard input"),
        (["check", "a.jsonl", "--output", "out"], "--output works with --jsonl"),
    ],
)
def test_usage_errors(project, args, message):
    (project / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    result = run_cli(*args, cwd=project)
    assert result.code == 2 and message in result.err, result
    assert result.out == ""


def test_an_unreadable_file_is_reported_and_the_run_goes_on(project):
    (project / "a.jsonl").write_text(json.dumps({"text": f"a{NBSP}b"}) + "\n", encoding="utf-8")
    (project / "folder.jsonl").mkdir()
    (project / "folder.jsonl" / "b.jsonl").write_text(json.dumps({"text": f"c{ZWSP}d"}) + "\n", encoding="utf-8")
    (project / "missing.jsonl").symlink_to(project / "nowhere")
    result = run_cli("check", "--jsonl", "a.jsonl", "missing.jsonl", "folder.jsonl", "--format", "json", cwd=project)
    found = [(d["path"], d["code"]) for d in json.loads(result.out)]
    assert found == [("a.jsonl", "S001"), ("missing.jsonl", "E902"), ("folder.jsonl/b.jsonl", "S002")]


# -- splicing the fixed text into the record -----------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ('{"text": "a"}', '{"text": "B"}'),
        ('{ "a" : {"text": "no"} , "text" :"a" ,"z":[1,"}"]}', '{ "a" : {"text": "no"} , "text" :"B" ,"z":[1,"}"]}'),
        ('{"text": "x", "text": "a"}', '{"text": "x", "text": "B"}'),
        ('{"k\\"ey": "\\"", "text": "\\u00e9"}', '{"k\\"ey": "\\"", "text": "B"}'),
    ],
)
def test_replace_text_changes_only_the_value(line, expected):
    assert replace_text(line, "text", "B") == expected
    start, end = value_span(line, "text")
    assert json.loads(line[start:end]) == json.loads(line)["text"]


def test_replace_text_keeps_an_ascii_line_ascii():
    assert replace_text('{"text": "caf\\u00e9"}', "text", "café!") == '{"text": "caf\\u00e9!"}'
    assert replace_text('{"text": "café"}', "text", "café!") == '{"text": "café!"}'


# -- the cross-document map, reduce and check steps -----------------------------------------


class RecurringLine(CorpusRule):
    """Test rule: a line found in at least three records."""

    code = "X951"
    name = "test-recurring-line"
    summary = "a line that recurs across records"
    default_enabled = False

    def summarize(self, doc):
        return {line: 1 for line in set(doc.lines) if line.strip()}

    def merge(self, summaries):
        merged: dict[str, int] = {}
        for summary in summaries:
            for line, count in summary.items():
                merged[line] = merged.get(line, 0) + count
        return merged

    def check_corpus(self, doc, merged):
        for index, line in enumerate(doc.lines):
            if merged.get(line, 0) >= 3:
                start, end = doc.line_span(index)
                yield Finding(start, end, f"recurs in {merged[line]} records")


class _Plugin:
    import textlint as _textlint

    @_textlint.hookimpl
    def textlint_rules(self):
        return [RecurringLine()]


def _clear_caches():
    from textlint import config, registry

    registry.all_rules.cache_clear()
    config._enabled_codes.cache_clear()
    config._configured_rules.cache_clear()


@pytest.fixture
def corpus_rule():
    from textlint.plugins import plugin_manager

    plugin = _Plugin()
    plugin_manager().register(plugin, name="test-corpus-rule")
    _clear_caches()
    try:
        yield RecurringLine.code
    finally:
        plugin_manager().unregister(plugin)
        _clear_caches()


FOOTERS = ["Subscribe for more.", "All rights reserved.", "Share this page"]


def _big_corpus(folder, records=3000, files=2):
    rng = random.Random(6)
    paths = []
    for number in range(files):
        path = folder / f"part{number}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for index in range(records // files):
                words = [rng.choice(["alpha", "beta", "gamma", f"de{NBSP}lta", f"ep{ZWSP}s"]) for _ in range(12)]
                text = " ".join(words) + f" {index}\n{rng.choice(FOOTERS) if index % 700 else 'Rare footer'}"
                if index % 997 == 5:
                    out.write('{"text": broken\n')
                elif index % 500 == 7:
                    out.write("\n")
                else:
                    out.write(json.dumps({"id": index, "text": text}, ensure_ascii=bool(index % 2)) + "\n")
        paths.append(str(path))
    return paths


def _findings(results):
    return [
        (d.path, d.record, d.line, d.column, d.end_column, d.code, d.message)
        for result in results
        for d in result.diagnostics
    ]


def test_corpus_rule_map_reduce_in_process_and_on_a_pool(corpus_rule, tmp_path, monkeypatch):
    paths = _big_corpus(tmp_path, records=1200)
    options = dict(mode="check", select=["S001", corpus_rule])
    single = _findings(run_jsonl(paths, RunOptions(jobs=1, **options), partition_size=8192))
    monkeypatch.setattr("textlint.executors.PARALLEL_MIN_BYTES", 1)
    pools = []
    real_pool = executors.ProcessPool._pool
    monkeypatch.setattr(executors.ProcessPool, "_pool", lambda self, state: pools.append(1) or real_pool(self, state))
    pooled = _findings(run_jsonl(paths, RunOptions(jobs=2, **options), partition_size=8192))
    assert len(pools) == 2  # the map step and the check step each ran on a pool
    assert pooled == single
    recurring = [f for f in single if f[5] == corpus_rule]
    assert recurring and all(f[6].startswith("recurs in") for f in recurring)
    assert {f[2] for f in recurring} == {2}  # the footers
    # "Rare footer" is in two records (the first of each file): not reported
    assert [f[1] for f in single if f[2] == 2 and f[1] == 1] == []
    assert {(f[0], f[1]) for f in single if f[5] == "E901"} == {(path, 6) for path in paths}


def test_corpus_rule_fix_keeps_every_record(corpus_rule, tmp_path):
    paths = _big_corpus(tmp_path, records=400, files=1)
    options = RunOptions(mode="fix", select=["S002", corpus_rule], jobs=1)
    results = list(run_jsonl(paths, options, output=str(tmp_path / "out")))
    before = open(paths[0], "rb").read().split(b"\n")
    after = (tmp_path / "out" / "part0.jsonl").read_bytes().split(b"\n")
    assert len(before) == len(after)
    assert sum(r.fixed for r in results) > 0
    assert ZWSP.encode() not in b"\n".join(after) and b"\\u200b" not in b"\n".join(after)


# -- compressed JSON Lines and Parquet -------------------------------------------------------

CORPUS_RECORDS = [
    {"id": "a", "text": "A clean record."},
    {"id": "b", "text": f"Two{NBSP}words", "score": 1.5},
    {"id": "c", "text": f"first line\nzero{ZWSP}width"},
    {"id": "d", "title": "no text"},
]


def _jsonl_bytes(records) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def _write_kind(path, data: bytes, kind: str):
    import gzip

    if kind == "gz":
        path.write_bytes(gzip.compress(data))
    elif kind == "zst":
        zstandard = pytest.importorskip("zstandard")
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        path.write_bytes(data)
    return path


def _read_kind(path, kind: str) -> bytes:
    import gzip

    data = path.read_bytes()
    if kind == "gz":
        assert data[:2] == b"\x1f\x8b"  # written as gzip, not as plain text
        return gzip.decompress(data)
    if kind == "zst":
        zstandard = pytest.importorskip("zstandard")
        assert data[:4] == b"\x28\xb5\x2f\xfd"
        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return data


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_compressed_json_lines_are_checked_and_fixed_in_kind(project, kind):
    data = _jsonl_bytes(CORPUS_RECORDS)
    (project / "plain.jsonl").write_bytes(data)
    _write_kind(project / f"c.jsonl.{kind}", data, kind)
    plain = run_cli("check", "--jsonl", "plain.jsonl", "--format", "json", cwd=project)
    packed = run_cli("check", "--jsonl", f"c.jsonl.{kind}", "--format", "json", cwd=project)
    assert packed.code == 1, packed
    assert _rows(packed.out) == _rows(plain.out) == [(2, 1, 4, "S001"), (3, 2, 5, "S002"), (4, 1, 1, "E901")]
    assert {d["path"] for d in json.loads(packed.out)} == {f"c.jsonl.{kind}"}
    assert run_cli("fix", "--jsonl", "plain.jsonl", "--output", "out", cwd=project).code == 1
    fixed = run_cli("fix", "--jsonl", f"c.jsonl.{kind}", "--output", "out", cwd=project)
    assert fixed.code == 1, fixed  # the record without text remains
    assert _read_kind(project / "out" / f"c.jsonl.{kind}", kind) == (project / "out" / "plain.jsonl").read_bytes()
    assert (project / "out" / "plain.jsonl").read_bytes() != data


def test_a_compressed_file_is_read_by_its_content_not_its_name(project):
    import gzip

    (project / "shard-0001").write_bytes(gzip.compress(_jsonl_bytes(CORPUS_RECORDS)))
    result = run_cli("check", "--jsonl", "shard-0001", "--format", "json", cwd=project)
    assert _rows(result.out) == [(2, 1, 4, "S001"), (3, 2, 5, "S002"), (4, 1, 1, "E901")]


def test_folders_yield_compressed_and_parquet_files(project):
    import gzip

    folder = project / "corpus"
    (folder / "deep").mkdir(parents=True)
    record = json.dumps({"text": f"a{NBSP}b"}).encode() + b"\n"
    (folder / "a.jsonl").write_bytes(record)
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(record))
    (folder / "deep" / "c.ndjson.gz").write_bytes(gzip.compress(record))
    (folder / "notes.txt").write_text(f"x{NBSP}y", encoding="utf-8")  # not a corpus file
    expected = ["corpus/a.jsonl", "corpus/b.jsonl.gz", "corpus/deep/c.ndjson.gz"]
    zstandard = _optional("zstandard")
    if zstandard:
        (folder / "d.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(record))
        expected.append("corpus/d.jsonl.zst")
    pq = _optional("pyarrow.parquet")
    if pq:
        import pyarrow as pa

        pq.write_table(pa.table({"text": [f"e{NBSP}f"]}), folder / "e.parquet")
        expected.append("corpus/e.parquet")
    result = run_cli("check", "--jsonl", "corpus", "--format", "json", cwd=project)
    assert sorted(d["path"] for d in json.loads(result.out)) == sorted(expected)


def test_folders_are_walked_as_file_mode_walks_them(project):
    """.gitignore and exclude hold for corpus files found in a folder; a file named is taken."""
    folder = project / "corpus"
    (folder / "drafts").mkdir(parents=True)
    record = json.dumps({"text": f"a{NBSP}b"}) + "\n"
    for name in ("a.jsonl", "scratch.jsonl", "drafts/b.jsonl"):
        (folder / name).write_text(record, encoding="utf-8")
    (folder / ".gitignore").write_text("scratch.jsonl\n", encoding="utf-8")
    (project / "textlint.toml").write_text('exclude = ["corpus/drafts/"]\n', encoding="utf-8")
    result = run_cli("check", "--jsonl", "corpus", "--format", "json", cwd=project)
    assert sorted(d["path"] for d in json.loads(result.out)) == ["corpus/a.jsonl"]
    named = run_cli("check", "--jsonl", "corpus/drafts/b.jsonl", "--format", "json", cwd=project)
    assert sorted(d["path"] for d in json.loads(named.out)) == ["corpus/drafts/b.jsonl"]


def test_a_broken_link_in_a_corpus_folder_is_reported_and_the_run_goes_on(project):
    folder = project / "corpus"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"text": f"a{NBSP}b"}) + "\n", encoding="utf-8")
    (folder / "gone.jsonl").symlink_to(folder / "missing.jsonl")
    result = run_cli("check", "--jsonl", "corpus", "--format", "json", cwd=project)
    found = [(d["path"], d["code"], d["message"]) for d in json.loads(result.out)]
    assert ("corpus/gone.jsonl", "E902", "broken symbolic link") in found
    assert "corpus/a.jsonl" in {path for path, _, _ in found}


def _optional(name):
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"BZh91AY&SY" + bytes(40), "bzip2"),
        (b"\xfd7zXZ\x00" + bytes(40), "xz"),
        (b"PK\x03\x04" + bytes(40), "zip"),
    ],
)
def test_a_file_of_a_kind_it_cannot_read_is_an_error_not_a_pass(project, content, kind):
    (project / "c.jsonl.bz").write_bytes(content)
    result = run_cli("check", "--jsonl", "c.jsonl.bz", cwd=project)
    assert result.code == 2, result
    assert f"c.jsonl.bz: {kind}" in result.err and "Parquet" in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_a_folder_with_no_corpus_file_is_an_error_not_a_pass(project):
    (project / "corpus").mkdir()
    (project / "corpus" / "c.json.bz2").write_bytes(b"BZh9")
    result = run_cli("check", "--jsonl", "corpus", cwd=project)
    assert result.code == 2, result
    assert "no JSON Lines or Parquet file" in result.err and "All checks passed" not in result.out


def test_a_truncated_gzip_file_is_reported_and_no_output_is_written(project):
    import gzip

    records = [{"text": f"record {i} with{NBSP}space"} for i in range(2000)]
    packed = gzip.compress(_jsonl_bytes(records))
    (project / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    result = run_cli("fix", "--jsonl", "cut.jsonl.gz", "--output", "out", "--format", "json", cwd=project)
    assert result.code == 1, result
    errors = [d for d in json.loads(result.out) if d["code"] == "E902"]
    assert len(errors) == 1 and "cut.jsonl.gz" in errors[0]["path"]
    assert "ended before" in errors[0]["message"] or "truncated" in errors[0]["message"]
    assert not (project / "out" / "cut.jsonl.gz").exists()
    assert [p.name for p in (project / "out").iterdir()] == []  # no temporary file left


def test_a_truncated_zstd_file_is_reported(project):
    zstandard = pytest.importorskip("zstandard")
    packed = zstandard.ZstdCompressor().compress(_jsonl_bytes(CORPUS_RECORDS * 50))
    (project / "cut.jsonl.zst").write_bytes(packed[:-7])
    result = run_cli("check", "--jsonl", "cut.jsonl.zst", "--format", "json", cwd=project)
    assert result.code == 1, result
    assert [d["code"] for d in json.loads(result.out)][-1] == "E902"
    assert "truncated" in json.loads(result.out)[-1]["message"]


def test_many_zstd_frames_read_as_one_stream(project):
    zstandard = pytest.importorskip("zstandard")
    compressor = zstandard.ZstdCompressor()
    frames = b"".join(compressor.compress(json.dumps(r).encode() + b"\n") for r in CORPUS_RECORDS)
    (project / "frames.jsonl.zst").write_bytes(frames)
    result = run_cli("check", "--jsonl", "frames.jsonl.zst", "--format", "json", cwd=project)
    assert _rows(result.out) == [(2, 1, 4, "S001"), (3, 2, 5, "S002"), (4, 1, 1, "E901")]


def _shadowing(tmp_path, module: str) -> dict:
    """An environment in which ``import module`` fails, as where the extra is not installed."""
    from conftest import ROOT

    shadow = tmp_path / "shadow"
    shadow.mkdir(exist_ok=True)
    (shadow / f"{module}.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)])}


@pytest.mark.parametrize("module, name", [("zstandard", "c.jsonl.zst"), ("pyarrow", "c.parquet")])
def test_a_missing_extra_is_named(project, tmp_path, module, name):
    magic = {"c.jsonl.zst": b"\x28\xb5\x2f\xfd" + bytes(20), "c.parquet": b"PAR1" + bytes(20) + b"PAR1"}[name]
    (project / name).write_bytes(magic)
    result = run_cli("check", "--jsonl", name, cwd=project, env=_shadowing(tmp_path, module))
    assert result.code == 2, result
    assert f"{name}:" in result.err and "pip install 'textlint[corpus]'" in result.err
    assert "Traceback" not in result.err


def test_compressed_partitions_are_linted_on_a_pool_as_in_process(tmp_path, monkeypatch):
    import gzip

    paths = _big_corpus(tmp_path, records=1200, files=1)
    packed = tmp_path / "part0.jsonl.gz"
    packed.write_bytes(gzip.compress(open(paths[0], "rb").read()))
    single = _findings(run_jsonl([paths[0]], RunOptions(mode="check", jobs=1), partition_size=8192))
    monkeypatch.setattr("textlint.executors.PARALLEL_MIN_BYTES", 1)
    pooled = _findings(run_jsonl([str(packed)], RunOptions(mode="check", jobs=2), partition_size=8192))
    assert [f[1:] for f in pooled] == [f[1:] for f in single] and len(single) > 100


def test_diff_and_cross_document_rules_read_compressed_files(corpus_rule, tmp_path):
    import gzip

    paths = _big_corpus(tmp_path, records=400, files=1)
    packed = tmp_path / "part0.jsonl.gz"
    packed.write_bytes(gzip.compress(open(paths[0], "rb").read()))
    options = dict(mode="check", select=["S001", corpus_rule], jobs=1)
    packed_findings = _findings(run_jsonl([str(packed)], RunOptions(**options)))
    assert [f[1:] for f in packed_findings] == [f[1:] for f in _findings(run_jsonl(paths, RunOptions(**options)))]
    assert corpus_rule in {f[5] for f in packed_findings}
    diffs = [r.diff for r in run_jsonl([str(packed)], RunOptions(mode="diff", select=["S001"], jobs=1)) if r.diff]
    assert diffs and all("part0.jsonl.gz:" in diff for diff in diffs)


# -- Parquet -----------------------------------------------------------------------------------


@pytest.fixture
def parquet():
    return pytest.importorskip("pyarrow.parquet")


def _parquet_table():
    import pyarrow as pa

    texts = [f"`code{NBSP}span`", f"Two{NBSP}words", None, f"first\nzero{ZWSP}width", "fine"] * 3
    return pa.table(
        {
            "id": pa.array(range(1, 16), pa.int64()),
            "text": pa.array(texts, pa.large_string()),
            "meta": pa.array(
                [{"body": f"nested{NBSP}body" if i % 2 else "clean body", "lang": "en"} for i in range(15)],
                pa.struct([("body", pa.string()), ("lang", pa.string())]),
            ),
            "tags": pa.array([["x", "y"]] * 15, pa.list_(pa.string())),
            "kind": pa.array(["md", "txt", "md", "notes.md", "txt"] * 3, pa.dictionary(pa.int32(), pa.string())),
        },
        metadata={b"origin": b"test"},
    )


def test_parquet_rows_are_records(project, parquet):
    parquet.write_table(_parquet_table(), project / "rows.parquet", row_group_size=4)
    result = run_cli("check", "--jsonl", "rows.parquet", "--format", "json", cwd=project)
    assert result.code == 1, result
    found = [(d["record"], d.get("text_line"), d.get("text_column"), d["code"]) for d in json.loads(result.out)]
    expected = []
    for row in (0, 5, 10):
        expected += [(row + 1, 1, 6, "S001"), (row + 2, 1, 4, "S001"), (row + 3, None, None, "E901"), (row + 4, 2, 5, "S002")]
    assert found == expected
    messages = {d["message"] for d in json.loads(result.out) if d["code"] == "E901"}
    assert messages == {f"record {r}: field 'text' is null, not a string" for r in (3, 8, 13)}


def test_parquet_fix_keeps_the_schema_the_row_groups_and_the_other_columns(project, parquet):
    table = _parquet_table()
    parquet.write_table(table, project / "rows.parquet", row_group_size=4, compression="zstd")
    result = run_cli("fix", "--jsonl", "rows.parquet", "--output", "out", cwd=project)
    assert result.code == 1, result  # the null texts remain
    before, after = parquet.ParquetFile(project / "rows.parquet"), parquet.ParquetFile(project / "out" / "rows.parquet")
    assert after.schema_arrow == before.schema_arrow
    assert after.schema_arrow.metadata == before.schema_arrow.metadata
    assert [after.metadata.row_group(i).num_rows for i in range(after.num_row_groups)] == [4, 4, 4, 3]
    assert after.metadata.row_group(0).column(0).compression == "ZSTD"
    fixed = after.read()
    for name in ("id", "meta", "tags", "kind"):
        assert fixed.column(name).equals(table.column(name))
    texts = fixed.column("text").to_pylist()
    assert texts[:5] == ["`code span`", "Two words", None, "first\nzerowidth", "fine"]
    assert texts[5:] == texts[:5] * 2


def test_parquet_nested_text_field_and_format_field(project, parquet):
    table = _parquet_table()
    parquet.write_table(table, project / "rows.parquet")
    nested = run_cli("check", "--jsonl", "rows.parquet", "--text-field", "meta.body", "--format", "json", cwd=project)
    assert [d["record"] for d in json.loads(nested.out)] == [2, 4, 6, 8, 10, 12, 14]
    run_cli("fix", "--jsonl", "rows.parquet", "--text-field", "meta.body", "--output", "out", cwd=project)
    fixed = parquet.read_table(project / "out" / "rows.parquet")
    assert {row["body"] for row in fixed.column("meta").to_pylist()} == {"nested body", "clean body"}
    assert fixed.column("text").equals(table.column("text"))  # only the chosen field changes
    # row 1 is Markdown ("md"): its NBSP is in inline code; row 4 ("notes.md") is prose
    markdown = run_cli("check", "--jsonl", "rows.parquet", "--format-field", "kind", "--format", "json", cwd=project)
    assert _rows(markdown.out)[:3] == [(2, 1, 4, "S001"), (3, 1, 1, "E901"), (4, 2, 5, "S002")]


def test_parquet_without_the_text_column_is_a_usage_error(project, parquet):
    parquet.write_table(_parquet_table(), project / "rows.parquet")
    result = run_cli("check", "--jsonl", "rows.parquet", "--text-field", "body", cwd=project)
    assert result.code == 2, result
    assert "rows.parquet: no column 'body'" in result.err and "id, text, meta, tags, kind" in result.err
    numbers = run_cli("check", "--jsonl", "rows.parquet", "--text-field", "id", cwd=project)
    assert numbers.code == 2 and "column 'id' holds int64, not text" in numbers.err, numbers


def test_a_corrupt_parquet_file_is_reported(project, parquet):
    parquet.write_table(_parquet_table(), project / "rows.parquet")
    data = (project / "rows.parquet").read_bytes()
    (project / "bad.parquet").write_bytes(data[:4] + bytes(len(data) - 8) + data[-4:])
    result = run_cli("check", "--jsonl", "bad.parquet", "--format", "json", cwd=project)
    assert result.code == 2, result
    assert "bad.parquet" in result.err and "Traceback" not in result.err


def test_parquet_partitions_are_linted_on_a_pool_as_in_process(tmp_path, parquet, monkeypatch):
    import pyarrow as pa

    paths = _big_corpus(tmp_path, records=1200, files=1)
    def row(line):
        try:
            return json.loads(line)
        except ValueError:  # the broken records and the blank lines
            return {}

    rows = [row(line) for line in open(paths[0], encoding="utf-8")]
    table = pa.table({"id": [r.get("id") for r in rows], "text": [r.get("text") for r in rows]})
    parquet.write_table(table, tmp_path / "part0.parquet", row_group_size=250)
    in_process = _findings(run_jsonl([str(tmp_path / "part0.parquet")], RunOptions(mode="check", jobs=1), partition_size=8192))
    monkeypatch.setattr("textlint.executors.PARALLEL_MIN_BYTES", 1)
    pooled = _findings(run_jsonl([str(tmp_path / "part0.parquet")], RunOptions(mode="check", jobs=2), partition_size=8192))
    assert pooled == in_process
    # the same findings as the JSON Lines file gave, but for the lines that were not records
    lines = [f for f in _findings(run_jsonl(paths, RunOptions(mode="check", jobs=1))) if f[5] != "E901"]
    assert [f[1:4] + f[5:] for f in in_process if f[5] != "E901"] == [f[1:4] + f[5:] for f in lines]


# -- where findings are: the record's line in the file ------------------------------------------


def _apply_edits(line: str, edits: list[dict]) -> str:
    for edit in sorted(edits, key=lambda e: e["column"], reverse=True):
        line = line[: edit["column"] - 1] + edit["content"] + line[edit["end_column"] - 1:]
    return line


def test_machine_formats_point_at_the_records_line_in_the_file(project):
    lines = [
        json.dumps({"text": "fine"}),
        "",
        json.dumps({"text": "also fine"}),
        json.dumps({"id": "r4", "text": f"first line\nsecond{NBSP}line"}),
    ]
    (project / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    github = run_cli("check", "--jsonl", "a.jsonl", "--format", "github", cwd=project)
    column = lines[3].index("\\u00a0") + 1
    assert f"file=a.jsonl,line=4,col={column},endLine=4,endColumn={column + 6}::" in github.out, github
    assert "(record 4, line 2)" in github.out
    (finding,) = json.loads(run_cli("check", "--jsonl", "a.jsonl", "--format", "json", cwd=project).out)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (4, column, 4, column + 6)
    assert finding["record"] == 4
    assert (finding["text_line"], finding["text_column"], finding["text_end_line"], finding["text_end_column"]) == (2, 7, 2, 8)
    # the fix's edits are in the file too: applied to the line, they give the fixed record
    fixed_line = _apply_edits(lines[3], finding["fix"]["edits"])
    assert json.loads(fixed_line) == {"id": "r4", "text": "first line\nsecond line"}
    sarif = json.loads(run_cli("check", "--jsonl", "a.jsonl", "--format", "sarif", cwd=project).out)
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert result["message"]["text"].startswith("record 4, ")


def test_columns_count_the_line_as_written(project):
    # a byte order mark, a literal non-BMP character, an escaped pair and a nested field
    line = '\ufeff{"x": "\\ud83d\\ude00", "meta": {"body": "😀 ok\\tüber\u00a0alles"}}'
    (project / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    result = run_cli("check", "--jsonl", "a.jsonl", "--text-field", "meta.body", "--select", "S001", "--format", "json", cwd=project)
    (finding,) = json.loads(result.out)
    assert line[finding["column"] - 1] == "\u00a0" and finding["end_column"] == finding["column"] + 1
    assert finding["text_column"] == 10
    assert json.loads(_apply_edits(line, finding["fix"]["edits"]).lstrip("\ufeff"))["meta"]["body"] == "😀 ok\tüber alles"


def test_bad_records_point_at_their_line(project):
    shutil.copy(RECORDS, project / "records.jsonl")
    result = run_cli("check", "--jsonl", "records.jsonl", "--format", "github", cwd=project)
    assert "file=records.jsonl,line=4,col=1,endLine=4,endColumn=1::E901 (record 4, line 1) record 4: no field 'text'" in result.out


@given(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
    | st.text(alphabet=st.sampled_from('a"\\\n\t\u00a0😀\ud800'), max_size=20),
    st.booleans(),
)
def test_every_offset_in_a_text_maps_to_its_place_in_the_json_string(text, ascii_only):
    from textlint.pipeline.records import json_string_columns

    encoded = json.dumps(text, ensure_ascii=ascii_only)
    line = '{"text": ' + encoded + "}"
    start = line.index(encoded)
    offsets = list(range(len(text) + 1))
    columns = json_string_columns(line, start, offsets)
    for offset in offsets:
        assert json.loads(line[start:columns[offset]] + '"') == text[:offset]


# -- dotted text fields, the format field ---------------------------------------------------------


def test_a_dotted_text_field_reads_and_fixes_a_nested_field(project):
    lines = [
        json.dumps({"id": 1, "text": f"top{NBSP}level", "meta": {"body": f"nested{ZWSP}body", "n": 1}}),
        json.dumps({"id": 2, "meta": {"title": "no body"}}),
        json.dumps({"id": 3, "meta": "not an object"}),
        json.dumps({"id": 4, "meta.body": f"a literal{NBSP}dotted key", "meta": {"body": "fine"}}),
    ]
    (project / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", "--jsonl", "a.jsonl", "--text-field", "meta.body", "--format", "json", cwd=project)
    assert [(d["record"], d["code"], d["message"]) for d in json.loads(result.out)] == [
        (1, "S002", json.loads(result.out)[0]["message"]),
        (2, "E901", "record 2: no field 'meta.body'"),
        (3, "E901", "record 3: no field 'meta.body'"),
        (4, "S001", json.loads(result.out)[3]["message"]),  # a key holding the dot is taken whole
    ]
    assert run_cli("fix", "--jsonl", "a.jsonl", "--text-field", "meta.body", "--output", "out", cwd=project).code == 1
    after = (project / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(after[0]) == {"id": 1, "text": f"top{NBSP}level", "meta": {"body": "nestedbody", "n": 1}}
    assert after[1:3] == lines[1:3]
    assert json.loads(after[3]) == {"id": 4, "meta.body": "a literal dotted key", "meta": {"body": "fine"}}


@pytest.mark.parametrize("field", [".text", "meta..body", "meta."])
def test_a_malformed_dotted_field_is_a_usage_error(project, field):
    (project / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    result = run_cli("check", "--jsonl", "a.jsonl", "--text-field", field, cwd=project)
    assert result.code == 2 and "--text-field" in result.err, result


def test_records_are_plain_text_unless_a_format_field_says_otherwise(project):
    inline = f"Markdown `code{NBSP}span` here."
    lines = [
        json.dumps({"text": inline}),  # no format: plain text, the NBSP is reported
        json.dumps({"text": inline, "format": "md"}),  # the default format field
        json.dumps({"text": inline, "source": "docs/page.md"}),  # a file name, read with --format-field
        json.dumps({"text": inline, "source": "page.txt"}),
        json.dumps({"text": inline, "source": "MDX"}),
        json.dumps({"text": inline, "source": 7}),
    ]
    (project / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    default = run_cli("check", "--jsonl", "a.jsonl", "--format", "json", cwd=project)
    assert [d["record"] for d in json.loads(default.out)] == [1, 3, 4, 5, 6]
    chosen = run_cli("check", "--jsonl", "a.jsonl", "--format-field", "source", "--format", "json", cwd=project)
    assert [d["record"] for d in json.loads(chosen.out)] == [1, 2, 4, 6]


# -- per-record tags -------------------------------------------------------------------------------


def _tags(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_tags_output_has_one_line_per_record_in_input_order(project):
    shutil.copy(RECORDS, project / "records.jsonl")
    (project / "b.jsonl").write_text(
        json.dumps({"id": {"shard": 1}, "text": f"a{NBSP}b{NBSP}c{ZWSP}d"}) + "\n", encoding="utf-8"
    )
    result = run_cli(
        "check", "--jsonl", "records.jsonl", "b.jsonl", "--tags-output", "tags.jsonl", "--id-field", "id", cwd=project
    )
    assert result.code == 1, result
    tags = _tags(project / "tags.jsonl")
    assert [(t["file"], t["record"]) for t in tags] == [("records.jsonl", n) for n in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11)] + [
        ("b.jsonl", 1)
    ]
    by_record = {(t["file"], t["record"]): t for t in tags}
    assert by_record["records.jsonl", 1] == {"file": "records.jsonl", "record": 1, "id": 1, "counts": {}}
    assert by_record["records.jsonl", 2]["counts"] == {"S001": 1}
    assert by_record["records.jsonl", 4] == {"file": "records.jsonl", "record": 4, "id": 4, "counts": {"E901": 1}}
    assert by_record["records.jsonl", 5]["id"] is None  # not JSON: no id to give
    assert by_record["records.jsonl", 11]["id"] == 11
    assert by_record["b.jsonl", 1] == {"file": "b.jsonl", "record": 1, "id": {"shard": 1}, "counts": {"S001": 2, "S002": 1}}


def test_tags_without_an_id_field_and_when_fixing(project):
    (project / "a.jsonl").write_text(
        json.dumps({"text": f"a{NBSP}b"}) + "\n" + json.dumps({"text": "<b>bold</b> words"}) + "\n", encoding="utf-8"
    )
    run_cli("check", "--jsonl", "a.jsonl", "--tags-output", "check.jsonl", cwd=project)
    assert [(t["id"], t["counts"]) for t in _tags(project / "check.jsonl")] == [(None, {"S001": 1}), (None, {"H001": 2})]
    run_cli("fix", "--jsonl", "a.jsonl", "--output", "out", "--tags-output", "fix.jsonl", cwd=project)
    # fixing: what is left in each repaired record, and how many fixes it got
    assert [(t["counts"], t["fixed"]) for t in _tags(project / "fix.jsonl")] == [({}, 1), ({"H001": 2}, 0)]


def test_tags_keep_the_order_on_a_pool(tmp_path, monkeypatch):
    paths = _big_corpus(tmp_path, records=1200)
    monkeypatch.setattr("textlint.executors.PARALLEL_MIN_BYTES", 1)
    tags = tmp_path / "tags.jsonl"
    results = list(run_jsonl(paths, RunOptions(mode="check", jobs=2), partition_size=4096, tags_output=str(tags), id_field="id"))
    lines = _tags(tags)
    expected = [(path, n) for path in paths for n in range(1, 601) if n % 500 != 8]  # blank lines are no records
    assert [(t["file"], t["record"]) for t in lines] == expected
    counted = {}
    for result in results:
        for d in result.diagnostics:
            counted.setdefault((d.path, d.record), {}).setdefault(d.code, 0)
            counted[d.path, d.record][d.code] += 1
    assert {(t["file"], t["record"]): t["counts"] for t in lines if t["counts"]} == counted
    assert all(t["id"] == t["record"] - 1 for t in lines if t["counts"].get("E901") is None)


def test_tags_for_parquet_rows(project, parquet):
    parquet.write_table(_parquet_table(), project / "rows.parquet", row_group_size=4)
    run_cli("check", "--jsonl", "rows.parquet", "--tags-output", "tags.jsonl", "--id-field", "id", cwd=project)
    tags = _tags(project / "tags.jsonl")
    assert [t["record"] for t in tags] == list(range(1, 16)) and [t["id"] for t in tags] == list(range(1, 16))
    assert [t["counts"] for t in tags[:5]] == [{"S001": 1}, {"S001": 1}, {"E901": 1}, {"S002": 1}, {}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "a.txt", "--tags-output", "t.jsonl"], "--tags-output works with --jsonl"),
        (["check", "a.txt", "--format-field", "kind"], "--format-field works with --jsonl"),
        (["check", "--jsonl", "a.jsonl", "--id-field", "id"], "--id-field works with --tags-output"),
        (["check", "--jsonl", "a.jsonl", "--tags-output", "nowhere/t.jsonl"], "nowhere"),
        (["check", "--jsonl", "a.jsonl", "--tags-output", "a.jsonl"], "would overwrite a.jsonl"),
        (["fix", "--jsonl", "a.jsonl", "--output", "out", "--tags-output", "out/a.jsonl"], "would overwrite out/a.jsonl"),
    ],
)
def test_tag_option_usage_errors(project, args, message):
    (project / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (project / "a.txt").write_text("x\n", encoding="utf-8")
    result = run_cli(*args, cwd=project)
    assert result.code == 2 and message in result.err, result
    assert (project / "a.jsonl").read_text(encoding="utf-8") == '{"text": "x"}\n'


# -- progress ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_render_progress_shows_records_speed_and_time_left():
    from textlint.progress import render

    line = render(records=12345, done=30_000_000, total=120_000_000, elapsed=10.0, width=100)
    assert "25%" in line and "12,345 records" in line and "3.0 MB/s" in line and "ETA 0:30" in line
    assert len(line) <= 100 and "[" in line
    unknown = render(records=7, done=1_000_000, total=0, elapsed=0.0, width=100)
    assert "7 records" in unknown and "ETA" not in unknown and "%" not in unknown
    narrow = render(records=1, done=10, total=100, elapsed=1.0, width=40)
    assert len(narrow) <= 40
    assert "ETA 1:00:00" in render(records=1, done=1_000_000, total=3_601_000_000, elapsed=1.0, width=100)


def test_progress_draws_only_on_a_terminal_after_a_few_seconds():
    from textlint.progress import Progress

    clock = _Clock()
    terminal = _Terminal(tty=True)
    bar = Progress(terminal, total=1000, clock=clock)
    bar.update(records=10, done=100)
    assert terminal.getvalue() == ""  # a short run shows nothing
    clock.now += 5
    bar.update(records=10, done=100)
    drawn = terminal.getvalue()
    assert drawn.startswith("\r") and "20 records" in drawn and "20%" in drawn
    bar.close()
    assert terminal.getvalue().endswith("\r")  # the line is wiped for what follows
    piped = _Terminal(tty=False)
    assert Progress.for_stream(piped, quiet=False) is None
    assert Progress.for_stream(_Terminal(tty=True), quiet=True) is None
    assert Progress.for_stream(_Terminal(tty=True), quiet=False) is not None


@pytest.mark.parametrize("tty, quiet, drawn", [(True, False, True), (True, True, False), (False, False, False)])
def test_the_command_line_draws_progress_only_on_a_terminal(project, monkeypatch, capsys, tty, quiet, drawn):
    from textlint import cli, progress

    monkeypatch.setattr(progress, "DELAY", 0.0)  # as if the run took long
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    monkeypatch.chdir(project)
    (project / "a.jsonl").write_bytes(_jsonl_bytes([{"text": f"record {i} with{NBSP}space"} for i in range(20)]))
    stderr = _Terminal(tty)
    monkeypatch.setattr("sys.stderr", stderr)
    code = cli.main(["check", "--jsonl", "a.jsonl", "--format", "json", *(["--quiet"] if quiet else [])])
    assert code == 1
    assert ("20 records" in stderr.getvalue()) is drawn, stderr.getvalue()
    assert len(json.loads(capsys.readouterr().out)) == 20


def test_no_progress_on_stderr_when_it_is_not_a_terminal(project):
    records = [{"text": f"record {i} with{NBSP}space"} for i in range(3000)]
    (project / "a.jsonl").write_bytes(_jsonl_bytes(records))
    result = run_cli("check", "--jsonl", "a.jsonl", "--format", "json", cwd=project)
    assert result.code == 1 and len(json.loads(result.out)) == 3000
    assert result.err == ""


# -- Dask ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    import logging

    # threads, not processes: quicker to start on a small machine, and the
    # workers see the test's plugin; tcp, so that the CLI can connect too
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
        dashboard_address=None, silence_logs=logging.ERROR,
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_cluster_finds_what_the_local_run_finds(dask_cluster, corpus_rule, tmp_path):
    import distributed

    paths = _big_corpus(tmp_path, records=3000)
    options = dict(mode="check", select=["S", corpus_rule])
    local = _findings(run_jsonl(paths, RunOptions(jobs=1, **options)))
    with distributed.Client(dask_cluster) as client:
        on_dask = _findings(run_jsonl(paths, RunOptions(**options), executor=client, partition_size=16384))
        # the client is the caller's: still usable after the run
        assert client.submit(sum, [1, 2]).result() == 3
    assert on_dask == local
    assert {f[5] for f in local} == {"S001", "S002", "E901", corpus_rule}
    assert len({f[1] for f in local}) > 1000


def test_dask_workers_get_the_bytes_when_they_cannot_see_the_files(dask_cluster, tmp_path, monkeypatch):
    import distributed

    paths = _big_corpus(tmp_path, records=600, files=1)
    local = _findings(run_jsonl(paths, RunOptions(mode="check", jobs=1)))
    monkeypatch.setattr(executors, "_visible", lambda sizes: False)
    with distributed.Client(dask_cluster) as client:
        shipped = _findings(run_jsonl(paths, RunOptions(mode="check"), executor=client, partition_size=8192))
    assert shipped == local


def test_cli_executor_connects_to_a_scheduler(dask_cluster, project):
    address = dask_cluster.scheduler_address.replace("tcp://", "")
    paths = _big_corpus(project, records=1000, files=1)
    local = run_cli("check", "--jsonl", "part0.jsonl", "--format", "json", cwd=project)
    remote = run_cli("check", "--jsonl", "part0.jsonl", "--format", "json", "--executor", f"dask://{address}", cwd=project)
    assert remote.code == local.code == 1, remote
    assert json.loads(remote.out) == json.loads(local.out)
    fixed = run_cli("fix", "--jsonl", "part0.jsonl", "--output", "out", "--executor", f"dask://{address}", cwd=project)
    local_fix = run_cli("fix", "--jsonl", "part0.jsonl", "--output", "out-local", cwd=project)
    assert fixed.code == local_fix.code == 1  # the broken records remain
    assert (project / "out" / "part0.jsonl").read_bytes() == (project / "out-local" / "part0.jsonl").read_bytes()
    assert paths


def test_dask_workers_get_the_bytes_of_a_compressed_file(dask_cluster, tmp_path):
    import distributed
    import gzip

    paths = _big_corpus(tmp_path, records=600, files=1)
    packed = tmp_path / "part0.jsonl.gz"
    packed.write_bytes(gzip.compress(open(paths[0], "rb").read()))
    local = _findings(run_jsonl(paths, RunOptions(mode="check", jobs=1)))
    with distributed.Client(dask_cluster) as client:
        on_dask = _findings(run_jsonl([str(packed)], RunOptions(mode="check"), executor=client, partition_size=8192))
    assert [f[1:] for f in on_dask] == [f[1:] for f in local]
