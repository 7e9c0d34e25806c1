"""Corpus mode: JSON Lines records as documents, locally and on a Dask cluster."""
from __future__ import annotations

import json
import random
import shutil

import pytest

from conftest import FIXTURES, run_cli
from textlint import corpus as corpus_mode
from textlint.corpus import iter_partitions, replace_text, run_jsonl, value_span
from textlint.model import CorpusRule, Finding
from textlint.runner import RunOptions

RECORDS = FIXTURES / "corpus" / "records.jsonl"
NBSP, ZWSP = "\u00a0", "\u200b"


def _rows(out: str) -> list[tuple]:
    return [(d["record"], d["line"], d["column"], d["code"]) for d in json.loads(out)]


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
    from textlint import config, plugins, registry

    registry.all_rules.cache_clear()
    plugins.plugin_fingerprint.cache_clear()
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
    monkeypatch.setattr("textlint.runner.PARALLEL_MIN_BYTES", 1)
    pools = []
    real_pool = corpus_mode.LocalExecutor._pool
    monkeypatch.setattr(corpus_mode.LocalExecutor, "_pool", lambda self, state: pools.append(1) or real_pool(self, state))
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
    monkeypatch.setattr(corpus_mode, "_visible", lambda sizes: False)
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
