"""Output formats: each module offers a Reporter fed one FileResult at a time.

A reporter prints everything a run shows on its stream (findings, the diff of
``--diff``, the summary); the command line only feeds it and picks the exit
status.  Reporters stream: every format writes a file's findings as its
result arrives, so a run over a corpus never holds every finding in memory
(JUnit and Checkstyle close one element per file; SARIF writes its rule table
first, as every rule is known before the run).

Plugins add formats through the ``textlint_formats`` hook (``plugins.py``): a
name and a factory called as ``factory(stream, options)`` that returns an
object with ``add(result)`` and ``finish()``; subclassing :class:`BaseReporter`
gives the counts for free.  A built-in format wins over a plugin's of the
same name.
"""
from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import PurePath

from textlint.model import ERROR, SEVERITIES, SAFE, UNSAFE

#: the ``--format`` names built in, and the module of each (concise is text, shorter)
BUILTIN = {
    "text": "text",
    "concise": "text",
    "json": "json",
    "github": "github",
    "sarif": "sarif",
    "rdjson": "rdjson",
    "gitlab": "gitlab",
    "junit": "junit",
    "checkstyle": "checkstyle",
}
FORMATS = tuple(BUILTIN)

#: the repository (the project has no website: the formats link here)
PROJECT_URL = "https://github.com/textlint-prose/textlint"

def engine_codes() -> dict:
    """Codes the engine itself reports (no rule offers them): code -> EngineCode."""
    from textlint.engine_codes import ENGINE_CODES

    return ENGINE_CODES


class UnknownFormat(ValueError):
    """A ``--format`` no built-in or plugin offers; the message lists those known."""


def help_uri(code: str) -> str:
    """Where ``code`` is explained: the README's rule table at this version's
    tag, a link that does not move.  One anchor for every rule, as the table
    has none per row; ``textlint rule CODE`` prints the rule's whole text, and
    SARIF carries it in ``help``."""
    from textlint.version import __version__

    return f"{PROJECT_URL}/blob/v{__version__}/README.md#rules"


def plugin_formats() -> dict:
    """Format name -> factory, from every plugin's ``textlint_formats`` hook."""
    from textlint.plugins import PluginError, plugin_manager

    found: dict = {}
    for offered in plugin_manager().hook.textlint_formats():
        if not isinstance(offered, dict):
            raise PluginError(f"a plugin's textlint_formats returned {type(offered).__name__}, not a dict")
        for name, factory in offered.items():
            if not callable(factory):
                raise PluginError(f"format {name!r} from a plugin is not a Reporter class or factory")
            if name in found and found[name] is not factory:
                raise PluginError(f"two plugins offer the format {name!r}")
            found[name] = factory
    return {name: factory for name, factory in found.items() if name not in BUILTIN}


def known_formats() -> list[str]:
    return list(BUILTIN) + sorted(plugin_formats())


def reporter(name: str, stream, options: dict):
    """The reporter for ``--format NAME`` (or ``diff``, what ``--diff`` shows)."""
    if name == "diff" or name in BUILTIN:
        module = importlib.import_module(f"textlint.formats.{BUILTIN.get(name, name)}")
        return module.Reporter(stream, {**options, "concise": name == "concise"})
    factory = plugin_formats().get(name)
    if factory is None:
        raise UnknownFormat(f"unknown format {name!r}; known formats: {', '.join(known_formats())}")
    made = factory(stream, options)
    if not (callable(getattr(made, "add", None)) and callable(getattr(made, "finish", None))):
        from textlint.plugins import PluginError

        raise PluginError(f"format {name!r} from a plugin made {made!r}, which has no add(result) and finish()")
    return made


def apply_severity(diagnostics, configured: dict[str, str]) -> None:
    """Set each finding's severity: the configuration's, else its rule's.

    Done when reporting, not linting, so a cached result reports the
    severity configured now.  Engine codes (E901-E903) keep their own.

    A finding comes (from its rule, or from the cache, which keeps what
    the rule said) with its rule's own severity, so no rule is loaded here:
    a run served from the cache imports no rule module."""
    for diagnostic in diagnostics:
        if diagnostic.code in configured:
            diagnostic.severity = configured[diagnostic.code]
        elif diagnostic.severity not in SEVERITIES:  # a plugin's misspelt severity shows as the louder one
            diagnostic.severity = ERROR


def relative_uri(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: the working folder), with forward slashes."""
    if os.path.isabs(path) or root:
        try:
            path = os.path.relpath(path, root or os.getcwd())
        except ValueError:  # another drive on Windows: keep it whole
            pass
    return PurePath(path).as_posix()


def located_message(diagnostic) -> str:
    """The message, naming the record and line when the finding is inside a
    JSON Lines record (the file's line is then the record's)."""
    if diagnostic.record is None:
        return diagnostic.message
    return f"record {diagnostic.record}, line {diagnostic.line}: {diagnostic.message}"


class Fingerprints:
    """Fingerprints that survive edits elsewhere in a file and never collide.

    As GitHub's own ``primaryLocationLineHash``: a hash of what identifies the
    finding (its code and the content of its line, not the line's number, so
    inserting a line above does not make it a new finding) and the number of
    earlier findings in the same file with the same hash (so two findings on
    one line, or one line repeated in a file, stay apart).
    """

    def __init__(self) -> None:
        self.path: str | None = None
        self.seen: dict[str, int] = {}

    def __call__(self, diagnostic, *identity: str) -> str:
        if diagnostic.path != self.path:  # results arrive one file at a time
            self.path, self.seen = diagnostic.path, {}
        line = diagnostic.source_line.strip()
        key = "\0".join((*identity, diagnostic.code, line))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        occurrence = self.seen.get(digest, 0)
        self.seen[digest] = occurrence + 1
        return f"{digest}:{occurrence}"


class BaseReporter:
    """Counts what it is shown; subclasses write.

    ``options`` holds what the command line asked for: ``mode`` ("check",
    "fix" or "diff"), ``quiet``, ``statistics``, ``show_fixes``, ``concise``,
    and ``unsafe_fixes_for(path)``, whether unsafe fixes were enabled for a file.
    """

    def __init__(self, stream, options) -> None:
        self.stream = stream
        self.options = options
        self.found = 0
        self.fixable = 0  # fixes the run's --fix would apply
        self.unsafe_fixable = 0  # unsafe fixes it would apply only with --unsafe-fixes
        self.fixed = 0
        self.files = 0
        self.by_code: dict[str, int] = {}
        self.fixed_files: list[tuple[str, int]] = []

    def add(self, result) -> None:
        self.files += 1
        self.fixed += result.fixed
        if result.fixed:
            self.fixed_files.append((result.path, result.fixed))
        unsafe_enabled = self.options.get("unsafe_fixes_for", lambda path: False)(result.path)
        for diagnostic in result.diagnostics:
            self.found += 1
            self.by_code[diagnostic.code] = self.by_code.get(diagnostic.code, 0) + 1
            applicability = diagnostic.fix.get("applicability") if diagnostic.fix else None
            if applicability == SAFE or (applicability == UNSAFE and unsafe_enabled):
                self.fixable += 1
            elif applicability == UNSAFE:
                self.unsafe_fixable += 1
        self.write_result(result)

    def write_result(self, result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish(self) -> None:
        pass
