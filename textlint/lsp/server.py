"""``textlint server``: findings as diagnostics and fixes as code actions, over LSP on stdio.

The engine does the work exactly as ``textlint check`` and ``textlint fix``
would for the same file: the configuration is the one found above the file's
path, the format comes from its suffix, fixes go through the engine's fixer.
This module only translates: offsets into LSP positions, findings into
diagnostics, fixes into text edits.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Sequence
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from textlint.version import __version__
from textlint.api import RuleError, check_document, fix_document_text
from textlint.config import CONFIG_FILES, ConfigError, Settings, find_config_file, load_file
from textlint.document import Document, format_for_path
from textlint.fixes import apply_fixes, is_applicable
from textlint.lsp.positions import LineIndex
from textlint.model import UNSAFE, Finding
from textlint.plugins import PluginError

SOURCE = "textlint"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
#: Typing sends a change per keystroke; lint once the typing pauses.
DEBOUNCE_SECONDS = 0.2

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

log = logging.getLogger(__name__)


# -- what a document is linted as ----------------------------------------------------------


def path_of(uri: str) -> str | None:
    """The file system path of a ``file:`` URI (percent-escapes decoded);
    None for an unsaved buffer (``untitled:``) or any other scheme."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    location = f"//{parsed.netloc}{parsed.path}" if parsed.netloc else parsed.path  # a UNC share
    return url2pathname(location)


def format_of(uri: str) -> str:
    """The file type (txt, md, html, ...) by the suffix of the URI's path, whatever its scheme."""
    return format_for_path(unquote(urlparse(uri).path))


class ConfigFiles:
    """The configuration for a file, found as the command line finds it.

    The command line's lookups are cached for the length of one run; a server
    runs for hours while its user edits textlint.toml, so it looks for the
    nearest file on every lint (a few stat calls) and parses a file again
    when its modification time or size changed.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[tuple[int, int], Settings]] = {}

    def settings_for(self, path: str | None) -> Settings:
        if path is None:  # an unsaved buffer belongs to no folder: the defaults
            return Settings()
        folder = os.path.dirname(os.path.abspath(path))
        found = find_config_file.__wrapped__(folder)  # uncached: see the class docstring
        if found is None:
            return Settings(root=folder)
        try:
            status = os.stat(found)
        except OSError as error:
            raise ConfigError(f"{found}: cannot read: {error.strerror or error}") from None
        stamp = (status.st_mtime_ns, status.st_size)
        parsed = self._parsed.get(found)
        if parsed is None or parsed[0] != stamp:
            settings = load_file(found) or Settings(source=found, root=os.path.dirname(found))
            parsed = self._parsed[found] = (stamp, settings)
        return parsed[1]


@dataclass
class Target:
    """What one document is linted as: its path, format, settings and rules."""

    path: str
    fmt: str
    settings: Settings
    rules: list = field(default_factory=list)


def target_for(uri: str, configs: ConfigFiles) -> Target:
    path = path_of(uri)
    settings = configs.settings_for(path)
    name = path if path is not None else uri
    return Target(name, format_of(uri), settings, settings.rules_for(name))


# -- linting and fixing, sparing the other rules when one fails ------------------------------


def _without_failing_rules(run: Callable[[list], object], rules: list, report: Callable[[str], None]):
    """``run(rules)``, and again without each rule that raises: a bug in one
    rule (a plugin's, say) costs that rule's findings, not the document's."""
    while True:
        try:
            return run(rules)
        except RuleError as error:
            report(f"{error}; linting on without it")
            remaining = [rule for rule in rules if rule.code != error.code]
            if len(remaining) == len(rules):
                raise
            rules = remaining


def lint(text: str, target: Target, report: Callable[[str], None]) -> list[Finding]:
    from textlint.formats import apply_severity

    doc = Document(text, target.path, target.fmt)
    findings = _without_failing_rules(lambda rules: check_document(doc, rules), target.rules, report)
    apply_severity(findings, target.settings.severity)  # the configuration's, as on the command line
    return findings


def fix_all(text: str, target: Target, report: Callable[[str], None]) -> str:
    """The text after every fix the command line's ``fix`` would apply (safe
    ones; unsafe ones too where the configuration says ``unsafe-fixes``)."""

    def run(rules: list) -> str:
        return fix_document_text(text, target.path, target.fmt, rules, target.settings.unsafe_fixes).text

    return _without_failing_rules(run, target.rules, report)


def fix_one(text: str, finding: Finding) -> tuple[int, int, str] | None:
    """The span of ``text`` the finding's own fix replaces, and with what; None
    when it has no fix to offer.  Applied by the engine (which also writes a
    line break inserted as the file writes its own), whatever its
    applicability: the user picks it by hand."""
    fix = finding.fix
    if fix is None or fix.encoding or not is_applicable(finding, unsafe=True):
        return None  # no edits, display-only, or a transcoding (a buffer has no bytes)
    fixed, applied = apply_fixes(text, [finding], unsafe=True)
    if not applied:
        return None
    end = fix.end + len(fixed) - len(text)  # nothing outside the fix's span moves
    return fix.start, fix.end, fixed[fix.start:end]


def changed_span(before: str, after: str) -> tuple[int, int, str]:
    """One replacement taking ``before`` to ``after``: the span of ``before``
    between their common prefix and suffix, and what replaces it."""
    prefix = _common_length(before, after, lambda text, n: text[:n])
    longest_suffix = min(len(before), len(after)) - prefix
    suffix = _common_length(before, after, lambda text, n: text[len(text) - n:], longest_suffix)
    return prefix, len(before) - suffix, after[prefix:len(after) - suffix]


def _common_length(first: str, second: str, piece, limit: int | None = None) -> int:
    """The longest n with piece(first, n) == piece(second, n), by bisection:
    string comparisons run in C, a loop per character would not."""
    low, high = 0, min(len(first), len(second)) if limit is None else limit
    while low < high:
        middle = (low + high + 1) // 2
        if piece(first, middle) == piece(second, middle):
            low = middle
        else:
            high = middle - 1
    return low


# -- findings as LSP data ----------------------------------------------------------------------


@dataclass
class Linted:
    """One version of a document and what the rules found in it."""

    uri: str
    text: str
    version: int | None
    index: LineIndex
    target: Target | None
    findings: list[Finding] = field(default_factory=list)
    #: Why the document could not be linted (a bad configuration), shown as a diagnostic.
    problem: str | None = None
    fixed_text: str | None = None  # what fixing all makes of the text, once asked for

    def range_of(self, start: int, end: int) -> types.Range:
        start_line, start_character = self.index.position(start)
        end_line, end_character = self.index.position(end)
        return types.Range(types.Position(start_line, start_character), types.Position(end_line, end_character))

    def diagnostic(self, finding: Finding) -> types.Diagnostic:
        return types.Diagnostic(
            range=self.range_of(finding.start, finding.end),
            message=finding.message,
            severity=_SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.code,
            source=SOURCE,
            data={"rule": finding.rule} if finding.rule else None,
        )

    def diagnostics(self) -> list[types.Diagnostic]:
        if self.problem:
            start = types.Position(0, 0)
            return [types.Diagnostic(types.Range(start, start), self.problem, types.DiagnosticSeverity.Error, source=SOURCE)]
        return [self.diagnostic(finding) for finding in self.findings]

    def edit(self, start: int, end: int, content: str) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(changes={self.uri: [types.TextEdit(self.range_of(start, end), content)]})

    def quick_fix(self, finding: Finding) -> types.CodeAction | None:
        replacement = fix_one(self.text, finding)
        if replacement is None:
            return None
        unsafe = finding.fix.applicability == UNSAFE
        what = finding.fix.message or finding.message
        return types.CodeAction(
            title=f"Fix (unsafe): {what} ({finding.code})" if unsafe else f"Fix: {what} ({finding.code})",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[self.diagnostic(finding)],
            is_preferred=not unsafe,
            edit=self.edit(*replacement),
        )

    def fix_all_action(self, report: Callable[[str], None]) -> types.CodeAction | None:
        if self.target is None:
            return None
        if self.fixed_text is None:
            self.fixed_text = fix_all(self.text, self.target, report)
        if self.fixed_text == self.text:
            return None
        which = "safe and unsafe" if self.target.settings.unsafe_fixes else "safe"
        return types.CodeAction(
            title=f"textlint: apply all {which} fixes",
            kind=FIX_ALL_KIND,
            edit=self.edit(*changed_span(self.text, self.fixed_text)),
        )

    def may_fix_all(self) -> bool:
        unsafe = self.target is not None and self.target.settings.unsafe_fixes
        return any(is_applicable(finding, unsafe) and not finding.fix.encoding for finding in self.findings)


def kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a client that asked for ``only`` these kinds wants ``kind``:
    kinds are hierarchical, so ``source.fixAll`` asks for ``source.fixAll.textlint``."""
    if not only:
        return True
    return any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in map(_value, only))


def _value(name) -> str:
    """An LSP enumeration's string: lsprotocol's enums are str subclasses whose
    str() is the member's name ("CodeActionKind.QuickFix"), not the value."""
    return str(getattr(name, "value", name))


# -- the server ------------------------------------------------------------------------------


class TextlintServer(LanguageServer):
    def __init__(self) -> None:
        # Full sync: pygls applies incremental changes with its own line
        # splitting, which breaks lines where LSP does not (see positions.py).
        super().__init__("textlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.configs = ConfigFiles()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.shown: set[str] = set()
        self.shut_down = False  # LSP: exit after shutdown is status 0, without it 1

    # -- messages to the user

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(kind, f"textlint: {message}"))

    def show_once(self, message: str) -> None:
        """A problem the user must act on, shown once, not on every keystroke."""
        self.log(message)
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"textlint: {message}"))

    # -- documents

    def open_text(self, uri: str) -> tuple[str, int | None] | None:
        document = self.workspace.text_documents.get(unquote(uri))
        if document is None:  # closed meanwhile: never read it from disk
            return None
        return document.source, document.version

    def current(self, uri: str) -> Linted | None:
        """What the rules find in the document as the editor holds it now."""
        opened = self.open_text(uri)
        if opened is None:
            return None
        text, version = opened
        linted = self.linted.get(uri)
        if linted is None or linted.text != text:
            linted = self.linted[uri] = self.lint(uri, text, version)
        linted.version = version  # an undo can bring back a text under a new version
        return linted

    def lint(self, uri: str, text: str, version: int | None) -> Linted:
        index = LineIndex(text, _value(self.workspace.position_encoding or "utf-16"))
        try:
            target = target_for(uri, self.configs)
        except (ConfigError, PluginError) as error:
            message = f"configuration error: {error}" if isinstance(error, ConfigError) else str(error)
            self.show_once(message)
            return Linted(uri, text, version, index, None, problem=message)
        try:
            findings = lint(text, target, self.log)
        except Exception as error:  # a bug must not take the server down with it
            log.exception("linting %s failed", uri)
            self.log(f"internal error on {uri}: {type(error).__name__}: {error}")
            findings = []
        return Linted(uri, text, version, index, target, findings)

    def publish(self, uri: str) -> None:
        self.cancel_pending(uri)
        linted = self.current(uri)
        if linted is not None:
            params = types.PublishDiagnosticsParams(uri, linted.diagnostics(), linted.version)
            self.text_document_publish_diagnostics(params)

    def publish_later(self, uri: str) -> None:
        self.cancel_pending(uri)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop to wait on: lint now
            self.publish(uri)
            return
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.publish, uri)

    def cancel_pending(self, uri: str) -> None:
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def forget(self, uri: str) -> None:
        self.cancel_pending(uri)
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def relint_all(self) -> None:
        # every open document was linted when opened; its URI as the client
        # spelled it (pygls keys its own table by the percent-decoded one)
        uris = list(self.linted)
        self.linted.clear()
        for uri in uris:
            self.publish(uri)

    # -- code actions

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        linted = self.current(params.text_document.uri)
        if linted is None:
            return []
        only = params.context.only
        actions: list[types.CodeAction] = []
        if kind_wanted(types.CodeActionKind.QuickFix.value, only):
            start = linted.index.offset(params.range.start.line, params.range.start.character)
            end = linted.index.offset(params.range.end.line, params.range.end.character)
            for finding in linted.findings:
                if finding.start <= end and start <= finding.end:
                    action = linted.quick_fix(finding)
                    if action is not None:
                        actions.append(action)
        asked_for_fix_all = bool(only) and kind_wanted(FIX_ALL_KIND, only)
        if kind_wanted(FIX_ALL_KIND, only) and (asked_for_fix_all or linted.may_fix_all()):
            try:
                action = linted.fix_all_action(self.log)
            except Exception as error:  # the quick fixes are still worth offering
                log.exception("fixing %s failed", linted.uri)
                self.log(f"internal error fixing {linted.uri}: {type(error).__name__}: {error}")
                action = None
            if action is not None:
                actions.append(action)
        return actions


def create_server() -> TextlintServer:
    server = TextlintServer()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TextlintServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TextlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TextlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TextlintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if os.path.basename(unquote(urlparse(uri).path)) in CONFIG_FILES:
            ls.relint_all()  # the configuration of every open document may have changed
        else:
            ls.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TextlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: TextlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(os.path.basename(unquote(urlparse(change.uri).path)) in CONFIG_FILES for change in params.changes):
            ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    def code_action(ls: TextlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


def serve() -> int:
    """Serve one client on stdin and stdout until it says exit (or hangs up);
    the exit status LSP asks for: 0 after a shutdown request, 1 without one."""
    protocol_out = os.fdopen(os.dup(1), "wb")
    # Whatever a plugin prints would corrupt the protocol stream: send it to stderr.
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    server = create_server()
    server.start_io(sys.stdin.buffer, protocol_out)  # pygls swallows the SystemExit of "exit"
    return 0 if server.shut_down else 1
