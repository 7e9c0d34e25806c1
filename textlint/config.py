"""Configuration: ``[tool.textlint]`` in pyproject.toml, or a textlint.toml.

The nearest configuration above a file wins (as in ruff); it is not merged
with configurations further up unless it says ``extend = "../pyproject.toml"``.
``--config KEY=VALUE`` overrides go over it, then the other command-line
options.  ``--isolated`` reads no file at all.
"""
from __future__ import annotations

import argparse
import copy
import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from textlint import registry
from textlint.structures import BUILTIN_SUFFIXES

#: plain text and every built-in file type (.pre-commit-hooks.yaml names the same suffixes)
DEFAULT_INCLUDE = ["*.txt"] + [f"*{suffix}" for suffix in BUILTIN_SUFFIXES]
CONFIG_FILES = ("textlint.toml", ".textlint.toml", "pyproject.toml")
OVERRIDE_SOURCE = "--config"


def _tomllib():
    """The TOML reader, imported when a file is first read: the command line
    builds its flags from this module, and ``textlint --version`` reads none."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


def comma_list(value: str) -> list[str]:
    """A command-line list: ``S001,Z`` -> ["S001", "Z"]."""
    return [part.strip() for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class Flag:
    """One command-line flag of an option: its names and argparse's keywords
    (the help is the option's unless they say otherwise)."""

    names: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """One configuration key: everything the parser, the validation, the
    command line, ``--show-settings`` and the result cache need to know."""

    key: str  # as written in [tool.textlint]
    kind: str  # "selectors", "patterns", "bool", "per-file-ignores", "rules", "severity", "path"
    help: str
    #: the Settings field it fills (None: it shapes how files are read, as ``extend`` does)
    attr: str | None = None
    #: the value when no configuration sets it (copied, never shared)
    default: Any = None
    #: the key of another option whose list this one extends (extend-ignore adds to ignore)
    adds_to: str | None = None
    #: lists that add up along an ``extend`` chain (ruff chains these too);
    #: every other key of a child replaces its parent's
    chained: bool = False
    #: path patterns, rebased when inherited from another folder
    patterns: bool = False
    #: keys a child file's value drops from what it inherits (a child's select starts afresh)
    resets: tuple[str, ...] = ()
    #: its name in the result-cache key, when it changes what a lint reports
    #: ("codes": it enters as the enabled codes it selects); None: it does not
    cache: str | None = None
    #: its command-line flags; their values go over the file's (``Settings.with_overrides``)
    flags: tuple[Flag, ...] = ()
    #: printed by --show-settings as ``key = value``
    shown: bool = False

    def default_value(self) -> Any:
        return copy.deepcopy(self.default)


_SELECTION_FLAG = dict(type=comma_list)

#: Every configuration key, once.  Order: how --show-settings prints them and
#: the order in which a table's values are checked.
OPTIONS: tuple[Option, ...] = (
    Option("select", "selectors", "rule codes, prefixes or names (comma-separated)", attr="select",
           resets=("ignore", "extend-ignore", "extend-select"), cache="codes",
           flags=(Flag(("--select",), _SELECTION_FLAG),)),
    Option("extend-select", "selectors", "rules to add to the selection", attr="extend_select", default=[],
           chained=True, cache="codes", shown=True,
           flags=(Flag(("--extend-select",), _SELECTION_FLAG),)),
    Option("ignore", "selectors", "rules to leave out", attr="ignore", default=[], cache="codes", shown=True,
           flags=(Flag(("--ignore",), _SELECTION_FLAG),)),
    Option("extend-ignore", "selectors", "more rules to leave out", adds_to="ignore", chained=True, cache="codes"),
    Option("include", "patterns", "the files linted in a folder", attr="include", default=DEFAULT_INCLUDE,
           patterns=True, shown=True),
    Option("exclude", "patterns", "files and folders never linted", attr="exclude", default=[], patterns=True,
           shown=True),
    Option("extend-exclude", "patterns", "more files and folders never linted", adds_to="exclude", chained=True,
           patterns=True),
    Option("per-file-ignores", "per-file-ignores", "glob = [rules to leave out in the files it matches]",
           attr="per_file_ignores", default={}, cache="per_file_ignores"),
    Option("unsafe-fixes", "bool", "also apply unsafe fixes", attr="unsafe_fixes", default=False, cache="unsafe",
           shown=True,
           flags=(
               Flag(("--unsafe-fixes",), dict(action="store_true", default=None)),
               Flag(("--no-unsafe-fixes",), dict(dest="unsafe_fixes", action="store_false", help=argparse.SUPPRESS)),
           )),
    Option("rules", "rules", "rule code or name = {option = value}", attr="rule_options", default={},
           cache="options"),
    # applied when reporting, after the cache: a severity never changes what is found
    Option("severity", "severity", "rule code, prefix or name = \"error\" or \"warning\"", attr="severity",
           default={}),
    Option("extend", "path", "a configuration file this one goes over"),
)
OPTION = {option.key: option for option in OPTIONS}
_KNOWN_KEYS = set(OPTION)
_LIST_KEYS = tuple(option.key for option in OPTIONS if option.kind in ("selectors", "patterns"))
_CHAINED_KEYS = tuple(option.key for option in OPTIONS if option.chained)
_PATTERN_KEYS = tuple(option.key for option in OPTIONS if option.patterns)


def add_flags(parser: argparse.ArgumentParser) -> None:
    """The command-line flags of every option that has them."""
    for option in OPTIONS:
        for flag in option.flags:
            parser.add_argument(*flag.names, **{"help": option.help, **flag.kwargs})


def _default(attr: str):
    option = next(option for option in OPTIONS if option.attr == attr)
    return option.default_value


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file."""


@dataclass
class Settings:
    """The settings in force for the files below one configuration."""

    source: str | None = None  # the file they came from
    root: str = "."
    # the values of the options (OPTIONS says what each means and its default)
    select: list[str] | None = field(default_factory=_default("select"))
    ignore: list[str] = field(default_factory=_default("ignore"))
    extend_select: list[str] = field(default_factory=_default("extend_select"))
    include: list[str] = field(default_factory=_default("include"))
    exclude: list[str] = field(default_factory=_default("exclude"))
    per_file_ignores: dict[str, list[str]] = field(default_factory=_default("per_file_ignores"))
    unsafe_fixes: bool = field(default_factory=_default("unsafe_fixes"))
    rule_options: dict[str, dict[str, Any]] = field(default_factory=_default("rule_options"))
    #: the files ``source`` extends, nearest first
    extends: list[str] = field(default_factory=list)
    #: ``--config KEY=VALUE`` overrides in force, as TOML lines
    overrides: list[str] = field(default_factory=list)
    # code -> "error" | "warning"; applied when reporting, after the cache
    severity: dict[str, str] = field(default_factory=_default("severity"))

    def with_overrides(self, **overrides: Any) -> "Settings":
        """Command-line options over the file's: ``select`` replaces the
        file's selection (its ``ignore`` and ``extend-select`` included, as in
        ruff, so ``--select S001`` means exactly S001); the others add."""
        values = dict(self.__dict__)
        if overrides.get("select") is not None:
            values["ignore"], values["extend_select"] = [], []
            self = Settings(**values)
        for key, value in overrides.items():
            if value is None:
                continue
            if key == "extend_select":
                values[key] = list(self.extend_select) + list(value)
            elif key == "ignore":
                values[key] = list(self.ignore) + list(value)
            else:
                values[key] = value
        return Settings(**values)

    def enabled_codes(self) -> frozenset[str]:
        return _enabled_codes(
            tuple(self.select) if self.select is not None else None,
            tuple(self.ignore),
            tuple(self.extend_select),
        )

    def codes_for(self, path: str) -> frozenset[str]:
        """Enabled codes for one file, after its per-file-ignores."""
        codes = self.enabled_codes()
        if not self.per_file_ignores:
            return codes
        relative = _relative(path, self.root)
        ignored: set[str] = set()
        for pattern, selectors in self.per_file_ignores.items():
            if _glob_match(relative, pattern):
                for selector in selectors:
                    ignored |= registry.resolve(selector)
        return codes - frozenset(ignored)

    def rules_for(self, path: str) -> list:
        codes = self.codes_for(path)
        return _configured_rules(codes, _freeze(self.rule_options))

    def fingerprint(self) -> str:
        """A stable digest of everything that changes what a lint reports:
        the options whose ``cache`` names them in the result-cache key."""
        entries: dict[str, Any] = {}
        for option in OPTIONS:
            if option.cache == "codes":  # select, ignore and the rest enter as what they select
                entries["codes"] = sorted(self.enabled_codes())
            elif option.cache is not None:
                entries[option.cache] = getattr(self, option.attr)
        payload = json.dumps(entries, sort_keys=True, default=str)
        import hashlib

        return hashlib.sha256(payload.encode()).hexdigest()[:16]


@lru_cache(maxsize=64)
def _enabled_codes(select, ignore, extend_select) -> frozenset[str]:
    return frozenset(
        registry.select_rules(
            list(select) if select is not None else None, list(ignore), list(extend_select)
        )
    )


def _freeze(options: dict) -> str:
    return json.dumps(options, sort_keys=True, default=str)


@lru_cache(maxsize=64)
def _configured_rules(codes: frozenset[str], frozen_options: str) -> list:
    options = json.loads(frozen_options)
    rules = registry.all_rules()
    return [rules[code].configured(options.get(code, {})) for code in sorted(codes)]


def _relative(path: str, root: str) -> str:
    absolute = os.path.abspath(path)
    base = _normal_root(root) if os.path.isabs(root) else os.path.abspath(root)
    rest = absolute[len(base) + 1:]
    if absolute.startswith(base + os.sep) and rest and not rest.startswith(os.sep):
        return rest.replace(os.sep, "/")  # the usual case, without relpath's walk over both
    try:
        return os.path.relpath(absolute, base).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")


@lru_cache(maxsize=64)
def _normal_root(root: str) -> str:
    # a run asks about every file against the same few (absolute) roots
    return os.path.abspath(root)


def _glob_match(relative: str, pattern: str) -> bool:
    """Match like ruff's globs: against the relative path or the file name."""
    return _glob_matcher((pattern,))(relative)


@lru_cache(maxsize=256)
def _glob_matcher(patterns: tuple[str, ...]):
    """One compiled test for any of ``patterns``, as :func:`_glob_match` reads
    each: a pattern without a slash matches the file name or the whole
    relative path; one with a slash matches the path, or a folder above it.
    Compiled once (fnmatch per file and pattern was a tenth of the time of
    finding 2,000 files)."""
    whole: list[str] = []
    names: list[str] = []
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        anchored = pattern.startswith("./")  # "./x": x in the root folder only (see _rebased)
        pattern = pattern[2:] if anchored else pattern
        whole.append(fnmatch.translate(os.path.normcase(pattern)))
        if "/" in pattern or anchored:
            whole.append(fnmatch.translate(os.path.normcase(pattern + "/*")))
            whole.append(re.escape(pattern + "/"))  # a prefix: no \Z after it
        else:
            names.append(fnmatch.translate(os.path.normcase(pattern)))
    whole_re = re.compile("|".join(f"(?:{part})" for part in whole)) if whole else None
    names_re = re.compile("|".join(f"(?:{part})" for part in names)) if names else None

    def matches(relative: str) -> bool:
        relative = os.path.normcase(relative)
        if whole_re is not None and whole_re.match(relative):
            return True
        return names_re is not None and names_re.match(relative.rsplit("/", 1)[-1]) is not None

    return matches


def path_matches(path: str, root: str, patterns: list[str]) -> bool:
    return _glob_matcher(tuple(patterns))(_relative(path, root))


class FolderMatcher:
    """``path_matches`` for the files directly in one folder, under one
    configuration's root: a walk asks it of every file, so the folder's
    part of the relative path is worked out once and each file's is that
    and its name (what :func:`_relative` gives, where the folder lies below
    the root; elsewhere each file's is worked out whole)."""

    def __init__(self, folder: str, root: str) -> None:
        self.root = root
        absolute = os.path.abspath(folder)
        base = _normal_root(root) if os.path.isabs(root) else os.path.abspath(root)
        self.prefix: str | None = None  # each file's relative path worked out whole
        if absolute == base:
            self.prefix = ""
        elif not base.startswith(absolute) and os.path.splitdrive(absolute)[0] == os.path.splitdrive(base)[0]:
            # a file's path from the root is its folder's and its name, unless the
            # folder holds the root (relpath walks up and down through it) or lies
            # on another drive (_relative then keeps the path as it was given)
            self.prefix = _relative(absolute, root) + "/"

    def matches(self, path: str, name: str, patterns: list[str]) -> bool:
        """Whether ``patterns`` match ``path``, a file named ``name`` in the folder."""
        relative = self.prefix + name if self.prefix is not None else _relative(path, self.root)
        return _glob_matcher(tuple(patterns))(relative)


# -- reading configuration files ------------------------------------------------------


@dataclass(frozen=True)
class ConfigChoice:
    """Where settings come from, as the command line chose: one file
    (``--config FILE``), overrides (``--config KEY=VALUE``, kept as the
    canonical JSON of their merged table, so the choice is hashable and
    pickles to worker processes), and ``--isolated`` (no file at all)."""

    file: str | None = None
    overrides: str = ""
    isolated: bool = False


def parse_overrides(values: list[str]) -> str:
    """``--config KEY=VALUE`` values (TOML, as ruff reads them) merged into
    one table, as canonical JSON; a ConfigError names the value."""
    if not values:
        return ""  # every run without overrides: the TOML parser is not loaded for nothing
    tomllib = _tomllib()
    merged: dict = {}
    for value in values:
        try:
            table = tomllib.loads(value)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{OVERRIDE_SOURCE} {value!r}: not a file, nor KEY = VALUE in TOML ({error})") from None
        if "extend" in table:
            raise ConfigError(f"{OVERRIDE_SOURCE} {value!r}: 'extend' belongs in a configuration file")
        merged = _deep_merge(merged, table)
    if merged:
        parse_table(merged, OVERRIDE_SOURCE)  # unknown keys and bad values fail here, named
    return json.dumps(merged, sort_keys=True) if merged else ""


def _deep_merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_table(path: str) -> dict | None:
    """The textlint table of one file; None for a pyproject.toml without one."""
    tomllib = _tomllib()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if os.path.basename(path) == "pyproject.toml":
        return data.get("tool", {}).get("textlint")
    return data.get("tool", {}).get("textlint", data)


def _resolved_table(path: str, chain: tuple[str, ...] = ()) -> tuple[dict | None, list[str]]:
    """The table of ``path`` over the tables it extends, and those files
    (nearest first).  Each file is checked on its own first, so an error
    names the file that holds it."""
    real = os.path.realpath(path)
    if real in chain:
        cycle = " -> ".join(chain[chain.index(real):] + (real,))
        raise ConfigError(f"{path}: 'extend' makes a cycle: {cycle}")
    table = _read_table(path)
    if table is None:
        return None, []
    parse_table(table, path)
    extend = table.get("extend")
    table = {key: value for key, value in table.items() if key != "extend"}
    if extend is None:
        return table, []
    if not isinstance(extend, str) or not extend:
        raise ConfigError(f"{path}: 'extend' must be a path to a configuration file")
    parent_path = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), os.path.expanduser(extend)))
    if not os.path.isfile(parent_path):
        raise ConfigError(f"{path}: 'extend' names {parent_path}, which is not a file")
    parent, above = _resolved_table(parent_path, chain + (real,))
    if parent is None:
        raise ConfigError(f"{path}: 'extend' names {parent_path}, which has no [tool.textlint] table")
    parent = _rebased_table(parent, os.path.dirname(parent_path), os.path.dirname(os.path.abspath(path)))
    return merge_tables(parent, table), [parent_path] + above


def merge_tables(parent: dict, child: dict) -> dict:
    """``child`` over ``parent``: its keys replace the parent's (lists
    whole), except the ``extend-*`` lists, which add up, and rule options,
    merged option by option.  A child's ``select`` starts the selection
    afresh: the parent's ignores and extra selections go with its select,
    as ``--select`` does on the command line."""
    merged = dict(parent)
    for key in child:
        for reset in OPTION[key].resets if key in OPTION else ():
            merged.pop(reset, None)
    for key, value in child.items():
        if key in _CHAINED_KEYS and key in merged:
            merged[key] = list(merged[key]) + list(value)
        elif key == "rules" and isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = _merged_rule_options(merged[key], value)
        else:
            merged[key] = value
    return merged


def _merged_rule_options(parent: dict, child: dict) -> dict:
    merged = {_rule_code(key): dict(options) for key, options in parent.items()}
    for key, options in child.items():
        code = _rule_code(key)
        merged[code] = {**merged.get(code, {}), **options}
    return merged


def _rule_code(key: str) -> str:
    """A rule's code for its code or name (the key as written if neither)."""
    rules = registry.all_rules()
    if key.upper() in rules:
        return key.upper()
    return next((code for code, rule in rules.items() if rule.name == key), key)


def _rebased_table(table: dict, from_folder: str, to_folder: str) -> dict:
    """An inherited table's path patterns, made relative to the folder of
    the file that extends it, so each still means the files it meant."""
    if os.path.abspath(from_folder) == os.path.abspath(to_folder):
        return table
    rebased = dict(table)
    for key in _PATTERN_KEYS:
        if key in rebased:
            rebased[key] = [_rebased(pattern, from_folder, to_folder) for pattern in rebased[key]]
    if isinstance(rebased.get("per-file-ignores"), dict):
        rebased["per-file-ignores"] = {
            _rebased(pattern, from_folder, to_folder): codes for pattern, codes in rebased["per-file-ignores"].items()
        }
    return rebased


def _rebased(pattern: str, from_folder: str, to_folder: str) -> str:
    """A pattern without a slash matches a name anywhere, and one starting
    with a wildcard any depth: those mean the same from any folder.  Others
    are paths from ``from_folder``; the result is anchored with "./" so a
    path that loses its slash does not become a name matched anywhere."""
    core = pattern.rstrip("/")
    anchored = core.startswith("./")
    if not anchored and ("/" not in core or core.startswith(("*", "/"))):
        return pattern
    core = core[2:] if anchored else core
    try:
        moved = os.path.relpath(os.path.join(from_folder, core), to_folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows: it cannot match a file below to_folder anyway
        return pattern
    return "./" + moved + ("/" if pattern.endswith("/") else "")


def load_file(path: str) -> Settings | None:
    """Settings from one file (over what it extends); None for a
    pyproject.toml without [tool.textlint]."""
    table, extends = _resolved_table(path)
    if table is None:
        return None
    settings = parse_table(table, path)
    settings.extends = extends
    return settings


def parse_table(table: dict, source: str, root: str | None = None) -> Settings:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.textlint] must be a table")
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown configuration key {unknown[0]!r}")
    if root is None:
        root = os.getcwd() if source == OVERRIDE_SOURCE else os.path.dirname(os.path.abspath(source))
    settings = Settings(source=source, root=root)
    for key in _LIST_KEYS:  # the shape of every list first, then what the values mean
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{source}: {key!r} must be a list of strings")
    for option in OPTIONS:
        if option.attr is None:
            continue  # "extend" (read by _resolved_table) and keys that add to another option's list
        extra = [other for other in OPTIONS if other.adds_to == option.key and other.key in table]
        if option.key not in table and not extra:
            continue
        value = _PARSERS[option.kind](table.get(option.key, option.default_value()), source, option.key)
        for other in extra:  # extend-ignore adds to ignore, checked as ignore
            value = value + _PARSERS[other.kind](table[other.key], source, option.key)
        setattr(settings, option.attr, value)
    return settings


def _parse_patterns(value: list, source: str, key: str) -> list[str]:
    return list(value)


def _parse_bool(value: Any, source: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{source}: {key!r} must be true or false")
    return value


def _per_file_ignores(table: Any, source: str, key: str) -> dict[str, list[str]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: 'per-file-ignores' must be a table of glob = [codes]")
    ignores = {}
    for pattern, selectors in table.items():
        if not isinstance(selectors, list):
            raise ConfigError(f"{source}: per-file-ignores {pattern!r} must be a list of codes")
        ignores[pattern] = _checked_selectors(selectors, source, "per-file-ignores")
    return ignores


def _severities(table: dict, source: str, key: str = "severity") -> dict[str, str]:
    """``severity = {M = "warning", S004 = "error"}``: codes, prefixes or rule
    names to a level; a narrower key wins over a broader one (S004 over S)."""
    from textlint.model import SEVERITIES

    if not isinstance(table, dict):
        raise ConfigError(f"{source}: 'severity' must be a table of rule = \"error\" or \"warning\"")
    resolved = {}
    for selector, level in table.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{source}: severity of {selector!r} must be \"error\" or \"warning\", not {level!r}")
        _checked_selectors([selector], source, "severity")
        resolved[selector] = registry.resolve(selector)
    levels: dict[str, str] = {}
    for selector in sorted(resolved, key=lambda key: -len(resolved[key])):  # broadest first
        for code in resolved[selector]:
            levels[code] = table[selector]
    return levels


def _checked_selectors(selectors: list, source: str, key: str) -> list[str]:
    for selector in selectors:
        try:
            registry.resolve(selector)
        except registry.UnknownSelector:
            raise ConfigError(f"{source}: unknown rule code or name {selector!r} in {key!r}") from None
    return list(selectors)


def _rule_options(table: dict, source: str, key: str = "rules") -> dict[str, dict[str, Any]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [rules] must be a table of rule code = {{options}}")
    if not table:
        return {}  # nothing to check against the rules: a cached run loads none
    rules = registry.all_rules()
    by_name = {rule.name: code for code, rule in rules.items()}
    options: dict[str, dict[str, Any]] = {}
    for key, values in table.items():
        code = key.upper() if key.upper() in rules else by_name.get(key)
        if code is None:
            raise ConfigError(f"{source}: unknown rule {key!r} in [rules]")
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: options for {key} must be a table")
        rule = rules[code]
        for option, value in values.items():
            if option not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(f"{source}: unknown option {option!r} for rule {code} (known: {known})")
            default = rule.options[option]
            if default is not None and not isinstance(value, type(default)) and not (
                isinstance(default, float) and isinstance(value, int)
            ):
                raise ConfigError(f"{source}: option {option!r} of {code} must be {type(default).__name__}")
        options[code] = dict(values)
    return options


#: how each kind of option's value is checked and read: (value, source, key) -> the Settings value
_PARSERS = {
    "selectors": _checked_selectors,
    "patterns": _parse_patterns,
    "bool": _parse_bool,
    "per-file-ignores": _per_file_ignores,
    "rules": _rule_options,
    "severity": _severities,
}


@lru_cache(maxsize=4096)
def find_config_file(directory: str) -> str | None:
    """The nearest configuration file at or above ``directory``."""
    current = os.path.abspath(directory)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                if name != "pyproject.toml" or _has_textlint_table(candidate):
                    return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _has_textlint_table(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"[tool.textlint" in handle.read()
    except OSError:
        return False


@lru_cache(maxsize=256)
def load_cached(path: str, overrides: str = "") -> Settings:
    table, extends = _resolved_table(path)
    if table is None and not overrides:
        return Settings(source=path, root=os.path.dirname(path))
    if overrides:
        table = merge_tables(table or {}, _rebased_table(json.loads(overrides), os.getcwd(), os.path.dirname(path)))
    settings = parse_table(table or {}, path)
    settings.extends = extends
    settings.overrides = _override_lines(overrides)
    return settings


def _override_lines(overrides: str) -> list[str]:
    """The overrides as ``--config`` values that would give them (for --show-settings)."""
    if not overrides:
        return []
    return [f"{key} = {_toml_value(value)}" for key, value in json.loads(overrides).items()]


def _toml_value(value: Any) -> str:
    """A TOML literal for a configuration value (JSON's are TOML's, but for tables)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def settings_for(path: str, explicit: "str | ConfigChoice | None" = None) -> Settings:
    """Settings for a file: the chosen file (``--config``) or the nearest found."""
    choice = explicit if isinstance(explicit, ConfigChoice) else ConfigChoice(file=explicit)
    if choice.file:
        return load_cached(os.path.abspath(choice.file), choice.overrides)
    return _settings_for_folder(os.path.dirname(path), os.getcwd(), choice.overrides, choice.isolated)


@lru_cache(maxsize=4096)
def _settings_for_folder(folder: str, cwd: str, overrides: str = "", isolated: bool = False) -> Settings:
    """Once per folder a run visits (the working folder keys relative names)."""
    found = None if isolated else find_config_file(os.path.abspath(folder) if folder else cwd)
    if found is not None:
        return load_cached(found, overrides)
    if not overrides:
        return Settings(root=cwd)
    settings = parse_table(json.loads(overrides), OVERRIDE_SOURCE, root=cwd)
    settings.source, settings.overrides = None, _override_lines(overrides)
    return settings


def describe(settings: Settings, shown_path: str, path: str) -> str:
    """The settings in force for ``path`` (--show-settings), in TOML a
    configuration file could hold, with where they came from as comments."""
    lines = [f"# Settings for {shown_path}", f"# configuration: {settings.source or '(none)'}"]
    lines += [f"#   extends: {parent}" for parent in settings.extends]
    lines += [f"# --config {override}" for override in settings.overrides]
    lines.append(f"root = {_toml_value(os.path.abspath(settings.root))}")
    if settings.select is None:
        lines.append("# select: not set (the rules on by default)")
    else:
        lines.append(f"select = {_toml_value(settings.select)}")
    lines += [f"{option.key} = {_toml_value(getattr(settings, option.attr))}" for option in OPTIONS if option.shown]
    lines += [
        f"# the rules in force for this path, after per-file-ignores:",
        f"enabled = {_toml_value(sorted(settings.codes_for(path)))}",
    ]
    if settings.per_file_ignores:
        lines += ["", "[per-file-ignores]"]
        lines += [f"{_toml_value(glob)} = {_toml_value(codes)}" for glob, codes in settings.per_file_ignores.items()]
    for code, rule in registry.all_rules().items():
        if rule.options:
            lines += ["", f"[rules.{code}]  # {rule.name}"]
            options = {**rule.options, **settings.rule_options.get(code, {})}
            lines += [f"{option} = {_toml_value(value)}" for option, value in options.items()]
    return "\n".join(lines)
