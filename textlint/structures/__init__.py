"""Where the prose is, one structure object per document and one kind per file format.

A rule asks the document, never the format: ``doc.is_prose(start, end)``,
``doc.block_at(line)``, and what the format's :class:`FileType` says about it
(whether HTML is its own markup, whether its renderer collapses spaces,
whether it knows every block).  A :class:`Structure` answers for one
document; a :class:`FileType` names a format and builds its structure.

Built-in file types are keyed by suffix below; a plugin adds more through the
``textlint_file_types`` hook (``textlint/plugins.py``).  Built-ins win.

What every structure is built from (:class:`Block`, :class:`SpanStructure`,
the range helpers) is in :mod:`textlint.structures.spans`, which imports
nothing of textlint: the builders (``markdown``, ``html``, ...) and the
document import it, and this module imports the builders, so no import
goes round in a circle.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Protocol

from textlint.structures.spans import Block, SpanStructure, merged_ranges, spans_outside  # noqa: F401 - the API

if TYPE_CHECKING:
    from textlint.document import Document


class Structure(Protocol):
    """What a rule may ask about one document's layout."""

    def is_prose(self, start: int, end: int) -> bool:
        """True when no part of ``text[start:end]`` is syntax, code or markup."""

    def block_at(self, line_index: int) -> "Block | None":
        """The block holding 0-based line ``line_index``, if the format knows it."""

    def non_prose_spans(self) -> list[tuple[int, int]]:
        """Sorted, disjoint (start, end) offsets of everything that is not prose."""


@dataclass(frozen=True)
class FileType:
    """A file format: its name, how to find its structure, and what it says about markup."""

    #: the name rules and ``Document.format`` use: "txt", "md", "html", ...
    format: str
    #: builds the document's structure; None: every character is prose
    analyze: "Callable[[Document], Structure] | None" = None
    #: answers ``is_prose`` without building the structure, or None when unsure
    quick_is_prose: "Callable[[Document, int, int], bool | None] | None" = None
    #: HTML tags and entities are this format's own markup (only broken ones are defects)
    html_is_markup: bool = False
    #: its renderer collapses runs of plain spaces, so NBSP runs can be layout
    collapses_spaces: bool = False
    #: ``block_at`` maps every line to its paragraph, heading, list, table or code block
    knows_blocks: bool = False
    #: it may open with YAML/TOML front matter
    front_matter: bool = False


def _markdown_structure(doc):
    from textlint.markdown import analyze

    return analyze(doc)


def _markdown_quick(doc, start: int, end: int):
    from textlint.markdown import quick_is_prose

    return quick_is_prose(doc, start, end)


def _lazy(module: str, function: str) -> Callable:
    """A structure builder imported on first use: most runs lint one format."""
    def build(doc):
        import importlib

        return getattr(importlib.import_module(module), function)(doc)

    build.__qualname__ = f"{module}.{function}"
    return build


PLAIN = FileType("txt")
_MARKDOWN = dict(
    analyze=_markdown_structure, quick_is_prose=_markdown_quick, html_is_markup=True,
    collapses_spaces=True, knows_blocks=True, front_matter=True,
)
_BUILTIN_TYPES = (
    PLAIN,
    FileType("md", **_MARKDOWN),
    FileType("mdx", **_MARKDOWN),
    FileType("html", _lazy("textlint.structures.html", "analyze"), html_is_markup=True, collapses_spaces=True),
    FileType("rst", _lazy("textlint.structures.lightweight", "analyze_rst")),
    FileType("adoc", _lazy("textlint.structures.lightweight", "analyze_asciidoc")),
    FileType("po", _lazy("textlint.structures.gettext", "analyze")),
    FileType("srt", _lazy("textlint.structures.subtitles", "analyze_srt")),
    FileType("vtt", _lazy("textlint.structures.subtitles", "analyze_vtt")),
)
BUILTIN_SUFFIXES = {
    ".md": "md", ".markdown": "md", ".mdx": "mdx",
    ".html": "html", ".htm": "html",
    ".rst": "rst", ".adoc": "adoc", ".asciidoc": "adoc",
    ".po": "po", ".pot": "po",
    ".srt": "srt", ".vtt": "vtt",
}


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, str], dict[str, FileType]]:
    """(suffix -> format, format -> file type): the built-ins, then the plugins'."""
    suffixes = dict(BUILTIN_SUFFIXES)
    types = {file_type.format: file_type for file_type in _BUILTIN_TYPES}
    for suffix, file_type in _plugin_file_types():
        if suffix in suffixes:
            continue  # built-in file types win, as built-in output formats do
        types.setdefault(file_type.format, file_type)
        suffixes[suffix] = file_type.format
    return suffixes, types


def _plugin_file_types() -> list[tuple[str, FileType]]:
    from textlint.plugins import PluginError, on_reset, plugin_manager

    on_reset(reset)  # the table below is the plugins': forget it with them
    offered = []
    for table in plugin_manager().hook.textlint_file_types():
        if not isinstance(table, dict):
            raise PluginError(f"textlint_file_types must return a dict of suffix to file type, not {table!r}")
        for suffix, value in table.items():
            if not isinstance(suffix, str) or not suffix.startswith(".") or len(suffix) < 2:
                raise PluginError(f"textlint_file_types: {suffix!r} is not a file suffix such as '.lyrics'")
            offered.append((suffix.lower(), _as_file_type(suffix, value)))
    return offered


def _as_file_type(suffix: str, value) -> FileType:
    from textlint.plugins import PluginError

    if isinstance(value, FileType):
        return value
    if callable(value):
        return FileType(suffix.lower().lstrip("."), value)
    raise PluginError(f"textlint_file_types: {suffix} maps to {value!r}, not a FileType or a structure factory")


def reset() -> None:
    """Forget the plugins' file types (the plugin manager was reset)."""
    _registry.cache_clear()


def format_for_path(path: str) -> str:
    """The format of a file by its suffix; plain text when none is known."""
    lowered = path.lower()
    if lowered.endswith((".md", ".markdown", ".mdx")):  # the common case, without loading plugins
        return BUILTIN_SUFFIXES[lowered[lowered.rfind("."):]]
    dot = lowered.rfind(".")
    if dot < 0 or "/" in lowered[dot:] or "\\" in lowered[dot:]:
        return "txt"
    suffix = lowered[dot:]
    if suffix in BUILTIN_SUFFIXES:
        return BUILTIN_SUFFIXES[suffix]
    if suffix == ".txt":
        return "txt"
    return _registry()[0].get(suffix, "txt")


def file_type(format: str) -> FileType:
    """The file type named ``format``; plain text for a name nobody registered."""
    for builtin in _BUILTIN_TYPES:
        if builtin.format == format:
            return builtin
    return _registry()[1].get(format, PLAIN)
