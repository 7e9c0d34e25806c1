"""Hook specifications: the whole plugin API, in the manner of pytest's hookspec.py.

A plugin is a module (or any object) with functions marked ``@textlint.hookimpl``
named after the hooks below.  Third-party plugins register the module under
the entry-point group ``textlint``::

    [project.entry-points.textlint]
    no_todo = "textlint_no_todo"

The built-in rule families in ``textlint_rules`` (the repository's ``rules/``)
are registered through that same entry-point group and use nothing more.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys

import pluggy

from textlint.errors import PluginError  # noqa: F401 - the plugin API's error, kept importable from here

PROJECT = "textlint"
ENTRY_POINT_GROUP = "textlint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class TextlintSpec:
    """The hooks a plugin may implement."""

    @hookspec
    def textlint_rules(self):
        """Return the rules this plugin offers: a list of ``textlint.Rule`` instances.

        Called once when the plugin manager is built.  Codes must be unique
        across all plugins: a letter (the family) and three digits, like
        ``X100``; names are kebab-case.
        """

    @hookspec
    def textlint_formats(self):
        """Return output formats: a dict of format name to a Reporter class
        (or any factory) that ``--format NAME`` selects.

        Called when a run starts.  The factory is called as
        ``factory(stream, options)`` and returns an object with
        ``add(result)``, called once per file with a ``textlint.model.FileResult``
        as results arrive, and ``finish()``, called once at the end; it writes
        to ``stream``.  Subclass ``textlint.formats.BaseReporter`` (implement
        ``write_result``) for the counts the built-in formats keep.  A
        built-in format wins over a plugin's of the same name; two plugins
        offering one name is an error.
        """

    @hookspec
    def textlint_file_types(self):
        """Return file types to lint: a dict of suffix (``".lyrics"``) to either
        a ``textlint.structures.FileType`` or a structure factory.

        A factory is called with a ``textlint.Document`` the first time a rule
        asks where its prose is, and returns an object with ``is_prose(start,
        end)``, ``block_at(line_index)`` and ``non_prose_spans()``, such as
        ``textlint.structures.SpanStructure(spans)`` built from the offsets
        of everything that is not prose; the format is then named after the
        suffix.  A ``FileType`` also says whether HTML is the format's own
        markup and whether its renderer collapses spaces.  Suffixes are
        matched without regard to case; built-in suffixes win over plugins'.
        Files with the suffix are linted when named on the command line or
        matched by ``include``.
        """

    @hookspec(firstresult=True)
    def textlint_legacy_decoder(self):
        """Return how to read a file that is not UTF-8: a function ``judge(data)``
        giving a verdict with ``best`` (None, or a reading with ``text`` and
        ``encoding``), ``safe`` (the reading is sure enough to write the file
        back) and ``margin`` (how far it is ahead of the next, 0 to 1).

        The engine knows no encoding but UTF-8: the family that finds legacy
        encodings (M005, :mod:`textlint_rules.legacy_encoding`) offers its
        judge here.  The first plugin to answer wins; with none, such a file
        is linted in charset-normalizer's reading and never rewritten.
        """


_MANAGER: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, with every entry-point plugin loaded.

    What pluggy's ``load_setuptools_entrypoints`` does, from the entry-point
    list kept per machine instead of a walk over every installed
    distribution's metadata (about 40 ms, a fifth of a one-file run)."""
    global _MANAGER
    if _MANAGER is None:
        manager = pluggy.PluginManager(PROJECT)
        manager.add_hookspecs(TextlintSpec)
        try:
            for name, value, _, _ in entry_point_list():
                if manager.get_plugin(name) is None and not manager.is_blocked(name):
                    manager.register(_load(value), name=name)
        except Exception as error:  # a broken third-party plugin must say so plainly
            raise PluginError(f"could not load a textlint plugin: {error}") from error
        _MANAGER = manager
    return _MANAGER


#: An entry point's object reference, as importlib.metadata reads it.
_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


def _load(value: str):
    """The object an entry point's value names, as ``EntryPoint.load`` finds it."""
    match = _REFERENCE.match(value)
    if match is None:
        raise ValueError(f"malformed entry point {value!r}")
    found = importlib.import_module(match.group("module"))
    for attribute in filter(None, (match.group("attr") or "").split(".")):
        found = getattr(found, attribute)
    return found


def entry_point_list() -> list[list[str]]:
    """The ``textlint`` entry points: [name, value, distribution, version] each.

    Finding them reads every installed distribution's metadata, so the list
    is kept on disk (``textlint.datacache``) against the modification times
    of the folders on ``sys.path``: installing, upgrading or removing a
    distribution adds or removes a ``.dist-info`` folder in one of them."""
    stamps = []
    for folder in sys.path:
        try:
            stamps.append([folder, os.stat(folder or ".").st_mtime_ns])
        except OSError:
            stamps.append([folder, None])
    digest = hashlib.sha256(json.dumps([sys.version, stamps]).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    if digest not in _ENTRY_POINTS:
        from textlint import datacache

        path = datacache.cache_folder() / f"entry-points-{digest}.json"
        stored = datacache.load_or_derive(path, "plugins", _ENTRY_POINT_FORMAT, _valid_point, _derive_entry_points,
                                          kind="entry-points-")
        _ENTRY_POINTS[digest] = [stored[key] for key in sorted(stored, key=int)]
    return _ENTRY_POINTS[digest]


_ENTRY_POINTS: dict = {}  # by the stamps' digest: the lists this process read
#: 2: each entry point whole, in the order importlib.metadata gives them
_ENTRY_POINT_FORMAT = 2


def _derive_entry_points() -> dict[str, list[str]]:
    from importlib.metadata import distributions

    found: dict[str, list[str]] = {}
    for dist in distributions():  # in pluggy's order: the first plugin of a name wins
        points = [point for point in dist.entry_points if point.group == ENTRY_POINT_GROUP]
        if points:
            metadata = dist.metadata
            name, version = (metadata["Name"] or "?", metadata["Version"] or "?") if metadata else ("?", "?")
            for point in points:
                found[str(len(found))] = [point.name, point.value, name, version]
    return found


def _valid_point(index, row) -> bool:
    return index.isdigit() and isinstance(row, list) and len(row) == 4 and all(isinstance(v, str) for v in row)


#: What was derived from the plugins (the rule table, the file types), to
#: forget with them.  The modules that derive it register here, rather than
#: this module importing them: they import this one.
_ON_RESET: dict = {}


def on_reset(forget) -> None:
    """Call ``forget()`` when the plugin manager is reset (once, however often registered)."""
    _ON_RESET[forget] = None


def reset_plugin_manager() -> None:
    """Forget the loaded plugins and the entry-point list (tests that install a plugin call this)."""
    global _MANAGER
    _MANAGER = None
    _ENTRY_POINTS.clear()
    for forget in list(_ON_RESET):
        forget()
