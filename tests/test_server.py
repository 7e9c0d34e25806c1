"""The editor server, driven as an editor drives it: ``python -m textlint
server`` in a subprocess, JSON-RPC messages with Content-Length framing on
its stdin and stdout.  The client below is written here, on purpose apart
from pygls, so that the tests hold the server to the protocol and not to the
library's reading of it.  Positions are checked in UTF-16 code units, the
unit LSP counts in, against numbers worked out by hand.
"""
from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import install_plugin, run_cli, with_plugins
from textlint.lsp.positions import UTF8, UTF16, UTF32, LineIndex
from textlint.lsp.server import changed_span

#: How long one reply may take on a shared, loaded machine: a hung server
#: fails the test, a slow one does not.
REPLY_TIMEOUT = 120


class LspClient:
    """Just enough of an editor: frames messages, answers the server's
    requests, and keeps notifications until a test asks for them."""

    def __init__(self, cwd: Path, env: dict | None = None) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "textlint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        self.inbox: queue.Queue = queue.Queue()
        self.unclaimed: list[dict] = []
        self.last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict) -> None:
        try:  # UTF-8 on the wire, so Content-Length must count bytes, not characters
            body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate travels only as a \u escape
            body = json.dumps({"jsonrpc": "2.0", **message}).encode("ascii")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None) -> object:
        self.last_id += 1
        ident = self.last_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == ident and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait_for(self, matches) -> dict:
        for position, message in enumerate(self.unclaimed):
            if matches(message):
                return self.unclaimed.pop(position)
        deadline = time.monotonic() + REPLY_TIMEOUT
        while time.monotonic() < deadline:
            try:
                message = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if message is None:
                raise AssertionError(f"the server closed its output\n{self.errors()}")
            if "method" in message and "id" in message:  # the server asks something: say nothing
                self.send({"id": message["id"], "result": None})
            if matches(message):
                return message
            self.unclaimed.append(message)
        raise AssertionError(f"no such message within {REPLY_TIMEOUT}s; got {self.unclaimed}\n{self.errors()}")

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def notification(self, method: str, where=lambda params: True) -> dict:
        return self.wait_for(lambda m: m.get("method") == method and "id" not in m and where(m["params"]))["params"]

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        def wanted(params: dict) -> bool:
            return params["uri"] == uri and (version is None or params.get("version") == version)

        return self.notification("textDocument/publishDiagnostics", wanted)["diagnostics"]

    # -- the conversation

    def initialize(self, root: Path, general: dict | None = None) -> dict:
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "general": general or {},
                    "textDocument": {
                        "publishDiagnostics": {"versionSupport": True},
                        "codeAction": {
                            "codeActionLiteralSupport": {
                                "codeActionKind": {"valueSet": ["quickfix", "source", "source.fixAll"]}
                            },
                            "isPreferredSupport": True,
                        },
                    }
                },
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, language: str = "markdown", version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}},
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def code_actions(self, uri: str, range_: dict, diagnostics: list, only: list | None = None) -> list[dict]:
        context: dict = {"diagnostics": diagnostics}
        if only is not None:
            context["only"] = only
        return self.request(
            "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": range_, "context": context}
        ) or []

    def stop(self) -> int:
        """shutdown, exit, and the exit status."""
        assert self.request("shutdown", None) is None
        self.notify("exit", None)
        return self.wait_exit()

    def wait_exit(self) -> int:
        try:
            return self.proc.wait(timeout=REPLY_TIMEOUT)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.stderr.close()


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits as an editor would, counting UTF-16 units (lines end at \\n here)."""
    units = text.encode("utf-16-le")
    line_starts = [0] + [i // 2 + 1 for i in range(0, len(units), 2) if units[i : i + 2] == b"\n\x00"]

    def at(position: dict) -> int:
        return 2 * (line_starts[position["line"]] + position["character"])

    ordered = sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]))
    for edit in reversed(ordered):
        units = units[: at(edit["range"]["start"])] + edit["newText"].encode("utf-16-le") + units[at(edit["range"]["end"]) :]
    return units.decode("utf-16-le")


def span(diagnostic: dict) -> tuple:
    r = diagnostic["range"]
    return (diagnostic["code"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


def lsp_range(start_line: int, start_character: int, end_line: int, end_character: int) -> dict:
    return {
        "start": {"line": start_line, "character": start_character},
        "end": {"line": end_line, "character": end_character},
    }


# Line 2 holds, before its defects, an emoji (U+1F600) and a CJK Extension B
# character (U+20000), two UTF-16 units each, and two BMP Chinese characters:
#   code points  😀 ␠ 中 文 𠀀 ␠ w o r d NBSP ...             NBSP at 10, ZWSP at 21
#   UTF-16       2  1 1  1  2  1 1 1 1 1 NBSP ...             NBSP at 12, ZWSP at 23
# Line 3 must stay silent: a French NBSP before a colon, a ZWJ inside an
# emoji sequence, a NBSP in inline code (Markdown only: .txt reports it).
DOC = (
    "# Notes\n"
    "\n"
    "😀 中文𠀀 word\u00a0word, zero\u200bwidth.\n"
    "Bonjour\u00a0: oui. Coder 👩\u200d💻 and `a\u00a0b` stay.\n"
)
NBSP_SPAN = ("S001", 2, 12, 2, 13)
ZWSP_SPAN = ("S002", 2, 23, 2, 24)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "textlint.toml").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def client(workspace: Path):
    lsp = LspClient(workspace)
    lsp.initialize(workspace)
    yield lsp
    lsp.close()


def test_initialize_announces_full_sync_and_the_code_action_kinds(workspace):
    lsp = LspClient(workspace)
    try:
        result = lsp.initialize(workspace)
    finally:
        assert lsp.stop() == 0
    capabilities = result["capabilities"]
    sync = capabilities["textDocumentSync"]
    assert sync["openClose"] is True and sync["change"] == 1 and sync["save"]
    assert set(capabilities["codeActionProvider"]["codeActionKinds"]) == {"quickfix", "source.fixAll.textlint"}
    assert capabilities.get("positionEncoding", "utf-16") == "utf-16"
    assert result["serverInfo"]["name"] == "textlint"


def test_diagnostics_are_placed_in_utf16_units(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    diagnostics = client.diagnostics(uri, version=1)
    assert [span(d) for d in diagnostics] == [NBSP_SPAN, ZWSP_SPAN]
    for diagnostic in diagnostics:
        assert diagnostic["source"] == "textlint"
        assert diagnostic["severity"] == 2  # warning
    assert "U+00A0" in diagnostics[0]["message"] and "U+200B" in diagnostics[1]["message"]


def test_a_client_that_prefers_utf32_gets_code_point_columns(workspace):
    lsp = LspClient(workspace)
    try:
        result = lsp.initialize(workspace, general={"positionEncodings": ["utf-32", "utf-16"]})
        assert result["capabilities"]["positionEncoding"] == "utf-32"
        uri = (workspace / "doc.md").as_uri()
        lsp.open(uri, DOC)
        assert [span(d) for d in lsp.diagnostics(uri)] == [("S001", 2, 10, 2, 11), ("S002", 2, 21, 2, 22)]
    finally:
        lsp.close()


def test_format_comes_from_the_uri_suffix(client, workspace):
    uri = (workspace / "doc.txt").as_uri()
    client.open(uri, DOC, language="plaintext")
    # as plain text, the NBSP in `a b` is no code span: code point 31 of line 3, and one
    # more UTF-16 unit for each of 👩 and 💻 before it: 33
    assert [span(d) for d in client.diagnostics(uri)] == [NBSP_SPAN, ZWSP_SPAN, ("S001", 3, 33, 3, 34)]


def test_quick_fix_edits_the_defect_and_nothing_else(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    nbsp = client.diagnostics(uri)[0]
    actions = client.code_actions(uri, nbsp["range"], [nbsp])
    quick_fixes = [a for a in actions if a["kind"] == "quickfix"]
    assert len(quick_fixes) == 1
    fix = quick_fixes[0]
    assert fix["title"] == "Fix: Replace with a space (S001)"
    assert fix["isPreferred"] is True
    assert [span(d) for d in fix["diagnostics"]] == [NBSP_SPAN]
    assert fix["edit"]["changes"] == {uri: [{"range": nbsp["range"], "newText": " "}]}
    assert apply_edits(DOC, fix["edit"]["changes"][uri]) == DOC.replace("word\u00a0word", "word word")


def test_no_quick_fix_away_from_a_defect(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    client.diagnostics(uri)
    assert client.code_actions(uri, lsp_range(0, 0, 0, 3), [], only=["quickfix"]) == []


UNSAFE_DOC = "Hello </span> world and caf\u00c3\u00a9 ok\u00a0now.\n"


def test_unsafe_fix_is_offered_as_such_and_not_preferred(client, workspace):
    uri = (workspace / "page.txt").as_uri()
    client.open(uri, UNSAFE_DOC, language="plaintext")
    diagnostics = client.diagnostics(uri)
    assert [span(d) for d in diagnostics] == [("H001", 0, 6, 0, 13), ("M001", 0, 27, 0, 29), ("S001", 0, 32, 0, 33)]
    tag = diagnostics[0]
    [action] = client.code_actions(uri, tag["range"], [tag], only=["quickfix"])
    assert action["title"] == "Fix (unsafe): Remove the tag (H001)"
    assert action["isPreferred"] is False
    assert apply_edits(UNSAFE_DOC, action["edit"]["changes"][uri]) == UNSAFE_DOC.replace("</span> ", " ")


def test_fix_all_applies_what_the_command_line_fix_applies(client, workspace):
    uri = (workspace / "page.txt").as_uri()
    client.open(uri, UNSAFE_DOC, language="plaintext")
    client.diagnostics(uri)
    actions = client.code_actions(uri, lsp_range(0, 0, 0, 0), [], only=["source.fixAll"])
    assert [a["kind"] for a in actions] == ["source.fixAll.textlint"]
    fixed = apply_edits(UNSAFE_DOC, actions[0]["edit"]["changes"][uri])
    by_the_cli = run_cli("check", "--fix", "-", "--stdin-filename", "page.txt", cwd=workspace, stdin=UNSAFE_DOC.encode())
    assert fixed == by_the_cli.out == "Hello </span> world and café ok now.\n"  # the unsafe tag stays


def test_fix_all_on_the_markdown_document(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    client.diagnostics(uri)
    [action] = client.code_actions(uri, lsp_range(0, 0, 0, 0), [], only=["source"])
    assert action["kind"] == "source.fixAll.textlint"
    expected = DOC.replace("word\u00a0word", "word word").replace("zero\u200bwidth", "zerowidth")
    assert apply_edits(DOC, action["edit"]["changes"][uri]) == expected


def test_fix_all_is_not_offered_for_a_clean_document(client, workspace):
    uri = (workspace / "clean.md").as_uri()
    client.open(uri, "# Clean\n\nNothing to see here.\n")
    assert client.diagnostics(uri) == []
    assert client.code_actions(uri, lsp_range(0, 0, 0, 0), [], only=["source.fixAll"]) == []


def test_changes_update_and_close_clears_the_diagnostics(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    assert [span(d) for d in client.diagnostics(uri, version=1)] == [NBSP_SPAN, ZWSP_SPAN]
    client.change(uri, DOC.replace("word\u00a0word", "word word"), version=2)
    assert [span(d) for d in client.diagnostics(uri, version=2)] == [ZWSP_SPAN]
    client.change(uri, "\n" + DOC, version=3)  # everything one line down
    assert [span(d) for d in client.diagnostics(uri, version=3)] == [("S001", 3, 12, 3, 13), ("S002", 3, 23, 3, 24)]
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []


def test_code_action_right_after_a_change_sees_the_new_text(client, workspace):
    uri = (workspace / "doc.md").as_uri()
    client.open(uri, DOC)
    client.diagnostics(uri, version=1)
    moved = "\n\n" + DOC
    client.change(uri, moved, version=2)  # asked before the server's pause after typing ends
    [action] = client.code_actions(uri, lsp_range(4, 12, 4, 13), [], only=["quickfix"])
    assert action["edit"]["changes"][uri] == [{"range": lsp_range(4, 12, 4, 13), "newText": " "}]


def test_workspace_configuration_is_honoured_per_file(workspace):
    (workspace / "textlint.toml").write_text(
        'ignore = ["zero-width-character"]\n\n[per-file-ignores]\n"drafts/*" = ["S001"]\n', encoding="utf-8"
    )
    (workspace / "drafts").mkdir()
    lsp = LspClient(workspace)
    try:
        lsp.initialize(workspace)
        top, draft = (workspace / "doc.md").as_uri(), (workspace / "drafts" / "doc.md").as_uri()
        lsp.open(top, DOC)
        lsp.open(draft, DOC)
        assert [span(d) for d in lsp.diagnostics(top)] == [NBSP_SPAN]
        assert lsp.diagnostics(draft) == []
        # the same file, saved, through the command line
        (workspace / "doc.md").write_text(DOC, encoding="utf-8")
        found = json.loads(run_cli("check", "--no-cache", "--format", "json", "doc.md", cwd=workspace).out)
        assert [f["code"] for f in found] == ["S001"]
    finally:
        lsp.close()


REPEATS = "Intro\u00a0text.\nSaiba mais\nSaiba mais\nEnd zero\u200bwidth.\n"


def test_rule_options_and_the_nearest_configuration_apply(workspace):
    (workspace / "textlint.toml").write_text('[rules.D001]\nextra-debris = ["Saiba mais"]\n', encoding="utf-8")
    (workspace / "narrow").mkdir()
    (workspace / "narrow" / "textlint.toml").write_text('select = ["S002"]\n', encoding="utf-8")
    lsp = LspClient(workspace)
    try:
        lsp.initialize(workspace)
        top, narrow = (workspace / "a.txt").as_uri(), (workspace / "narrow" / "a.txt").as_uri()
        lsp.open(top, REPEATS, language="plaintext")
        lsp.open(narrow, REPEATS, language="plaintext")
        assert [d["code"] for d in lsp.diagnostics(narrow)] == ["S002"]
        found = lsp.diagnostics(top)
        assert [span(d) for d in found] == [("S001", 0, 5, 0, 6), ("D001", 2, 0, 2, 10), ("S002", 3, 8, 3, 9)]
        # the option makes this repeat page debris, so its removal is safe
        [action] = lsp.code_actions(top, found[1]["range"], [found[1]], only=["quickfix"])
        assert action["title"] == "Fix: Remove the repeated link label (D001)" and action["isPreferred"] is True
        assert apply_edits(REPEATS, action["edit"]["changes"][top]) == REPEATS.replace("Saiba mais\n", "", 1)
    finally:
        lsp.close()


def test_configured_severity_reaches_the_editor(workspace):
    # S001 is a warning by default (LSP severity 2); the configuration makes it an error (1)
    (workspace / "textlint.toml").write_text('[severity]\nS001 = "error"\n', encoding="utf-8")
    lsp = LspClient(workspace)
    try:
        lsp.initialize(workspace)
        uri = (workspace / "doc.md").as_uri()
        lsp.open(uri, DOC)
        found = {d["code"]: d["severity"] for d in lsp.diagnostics(uri)}
        assert found == {"S001": 1, "S002": 2}
    finally:
        lsp.close()


def test_an_edited_configuration_applies_once_saved(workspace):
    config = workspace / "textlint.toml"
    config.write_text('ignore = ["zero-width-character"]\n', encoding="utf-8")
    lsp = LspClient(workspace)
    try:
        lsp.initialize(workspace)
        uri = (workspace / "my notes.md").as_uri()  # published to the URI as sent: %20
        lsp.open(uri, DOC)
        assert [span(d) for d in lsp.diagnostics(uri)] == [NBSP_SPAN]
        config.write_text('ignore = ["S001"]\n', encoding="utf-8")
        lsp.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
        assert [span(d) for d in lsp.diagnostics(uri)] == [ZWSP_SPAN]
    finally:
        lsp.close()


def test_unsaved_buffers_outside_the_workspace_lint_with_the_defaults(client, tmp_path):
    untitled = "untitled:Untitled-1"
    client.open(untitled, DOC, language="plaintext")
    assert [d["code"] for d in client.diagnostics(untitled)] == ["S001", "S002", "S001"]  # no suffix: plain text
    elsewhere = (tmp_path / "elsewhere" / "new notes.md").as_uri()  # a folder that does not exist
    assert "%20" in elsewhere
    client.open(elsewhere, DOC)
    assert [span(d) for d in client.diagnostics(elsewhere)] == [NBSP_SPAN, ZWSP_SPAN]


def test_a_bad_configuration_is_reported_and_the_server_lives_on(workspace):
    (workspace / "textlint.toml").write_text("bogus = 1\n", encoding="utf-8")
    lsp = LspClient(workspace)
    try:
        lsp.initialize(workspace)
        uri = (workspace / "doc.md").as_uri()
        lsp.open(uri, DOC)
        [problem] = lsp.diagnostics(uri)
        assert problem["severity"] == 1 and "configuration error" in problem["message"] and "bogus" in problem["message"]
        shown = lsp.notification("window/showMessage")
        assert "bogus" in shown["message"]
        assert lsp.code_actions(uri, lsp_range(0, 0, 0, 0), []) == []
        assert lsp.stop() == 0
    finally:
        lsp.close()


FAILING_PLUGIN = '''
import textlint

class Explodes(textlint.Rule):
    code = "X900"
    name = "explodes"
    summary = "A rule with a bug"

    def check(self, doc):
        if "BOOM" in doc.text:
            raise RuntimeError("a bug in the rule")
        return ()

@textlint.hookimpl
def textlint_rules():
    return [Explodes()]
'''


def test_a_failing_rule_is_logged_and_the_others_still_report(workspace, tmp_path):
    site = install_plugin(tmp_path / "site", "textlint_explodes", FAILING_PLUGIN)
    lsp = LspClient(workspace, env=with_plugins(site))
    try:
        lsp.initialize(workspace)
        uri = (workspace / "doc.md").as_uri()
        text = "BOOM\n\n" + DOC
        lsp.open(uri, text)
        assert [d["code"] for d in lsp.diagnostics(uri)] == ["S001", "S002"]
        logged = lsp.notification("window/logMessage", lambda params: "X900" in params["message"])
        assert "RuntimeError" in logged["message"] and logged["type"] == 1
        [action] = lsp.code_actions(uri, lsp_range(0, 0, 0, 0), [], only=["source.fixAll"])
        fixed = apply_edits(text, action["edit"]["changes"][uri])
        assert "word word" in fixed and "zerowidth" in fixed
        assert lsp.stop() == 0
    finally:
        lsp.close()


def test_odd_input_is_placed_right_and_the_server_lives_on(client, workspace):
    # code points: a lone surrogate (one UTF-16 unit as well), NBSP at 6; NUL and NEL
    # (no line break in LSP) at 9-10; U+202E at 12; 😀 at 14 (two units), so the NBSP
    # after it is code point 15, UTF-16 16; then a CRLF line and a CR-only one
    text = "\ud800 lone\u00a0x \x00\x85 \u202e 😀\u00a0y\r\nz\u00a0q\rw"
    uri = (workspace / "odd.md").as_uri()
    client.open(uri, text)
    assert [span(d) for d in client.diagnostics(uri)] == [
        ("S001", 0, 6, 0, 7), ("S005", 0, 9, 0, 11), ("S004", 0, 12, 0, 13), ("S001", 0, 16, 0, 17), ("S001", 1, 1, 1, 2),
    ]
    never_opened = (workspace / "never-opened.md").as_uri()
    client.change(never_opened, "a\u00a0b", version=2)  # a client's mistake
    assert client.code_actions(never_opened, lsp_range(0, 0, 0, 1), []) == []
    assert client.stop() == 0


def test_exit_without_shutdown_exits_1(workspace):
    lsp = LspClient(workspace)
    lsp.initialize(workspace)
    lsp.notify("exit", None)
    assert lsp.wait_exit() == 1


def test_without_pygls_the_server_says_what_to_install(tmp_path):
    shadow = tmp_path / "shadow" / "pygls"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("No module named pygls")\n', encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(shadow.parent), os.environ.get("PYTHONPATH")]))
    result = run_cli("server", cwd=tmp_path, env={"PYTHONPATH": path})
    assert result.code == 2
    assert result.err.startswith("textlint: the editor server needs pygls") and "textlint[lsp]" in result.err
    assert len(result.err.strip().splitlines()) == 1 and result.out == ""


# -- positions, in process -------------------------------------------------------------------


def test_position_counts_utf16_units_for_astral_characters():
    index = LineIndex("a😀b\n𠀀中x")
    assert index.position(2) == (0, 3)  # after 'a' and the emoji's two units
    assert index.position(3) == (0, 4)
    assert index.position(6) == (1, 3)  # after 𠀀 (two units) and 中 (one)
    assert index.offset(0, 3) == 2
    assert index.offset(1, 3) == 6


def test_position_in_the_other_encodings():
    text = "é😀x"
    assert LineIndex(text, UTF8).position(2) == (0, 6)  # é is 2 bytes, the emoji 4
    assert LineIndex(text, UTF8).offset(0, 6) == 2
    assert LineIndex(text, UTF32).position(2) == (0, 2)
    assert LineIndex(text, UTF32).offset(0, 2) == 2


def test_only_lsp_line_breaks_end_a_line():
    # form feed, NEL, U+2028 and friends are characters on a line for LSP
    text = "a\x0cb\x85c\u2028d\x1ce\r\nf\rg\nh"
    index = LineIndex(text)
    assert index.position(text.index("e")) == (0, 8)
    assert index.position(text.index("f")) == (1, 0)
    assert index.position(text.index("g")) == (2, 0)
    assert index.position(text.index("h")) == (3, 0)


def test_positions_past_the_end_are_clamped():
    index = LineIndex("ab\r\ncd")
    assert index.offset(0, 99) == 2  # the end of the line, before its break
    assert index.offset(7, 0) == len("ab\r\ncd")
    assert index.position(3) == (0, 2)  # between \r and \n: the line's end
    assert index.position(99) == (1, 2)


_TEXT = st.text(alphabet=st.sampled_from(["a", "中", "😀", "𠀀", "\u00a0", "\r", "\n", "\x85", "\u2028", "\x0c"]))
_LSP_BREAK = re.compile(r"\r\n|\r|\n")
_UNIT_BYTES = {UTF8: ("utf-8", 1), UTF16: ("utf-16-le", 2), UTF32: ("utf-32-le", 4)}


def _units(text: str, encoding: str) -> int:
    codec, width = _UNIT_BYTES[encoding]
    return len(text.encode(codec)) // width


@given(_TEXT, st.sampled_from([UTF8, UTF16, UTF32]))
def test_position_and_offset_are_inverse(text, encoding):
    index = LineIndex(text, encoding)
    for offset in range(len(text) + 1):
        if offset and text[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a line break: no position names it
        before = text[:offset]
        expected = (len(_LSP_BREAK.findall(before)), _units(_LSP_BREAK.split(before)[-1], encoding))
        assert index.position(offset) == expected
        assert index.offset(*expected) == offset


@given(st.text(alphabet="ab😀\n"), st.text(alphabet="ab😀\n"))
def test_changed_span_takes_one_text_to_the_other(before, after):
    start, end, content = changed_span(before, after)
    assert before[:start] + content + before[end:] == after
    replaced = before[start:end]
    if replaced and content:  # as small as it gets: neither end of the span could stay
        assert replaced[0] != content[0] and replaced[-1] != content[-1]


def test_the_readme_editor_configs_parse_and_start_this_server():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    editor = readme.split("## Editor\n", 1)[1].split("\n## ", 1)[0]
    blocks = dict(re.findall(r"```(json|toml)\n(.*?)```", editor, re.S))
    helix = tomllib.loads(blocks["toml"])["language-server"]["textlint-py"]
    vscode = json.loads(blocks["json"])
    assert [helix["command"], *helix["args"]] == ["textlint", "server"]
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == ["textlint", "server"]
    assert "source.fixAll.textlint" in vscode["editor.codeActionsOnSave"]
    assert editor.count('cmd = { "textlint", "server" }') == 2  # both Neovim configs
