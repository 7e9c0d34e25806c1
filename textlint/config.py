"""Configuration: ``[tool.textlint]`` in pyproject.toml, or a textlint.toml.

The nearest configuration above a file wins (as in ruff); it is not merged
with configurations further up.  Command-line options override it.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from textlint import registry

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown", "*.mdx"]
CONFIG_FILES = ("textlint.toml", ".textlint.toml", "pyproject.toml")

_LIST_KEYS = ("select", "ignore", "extend-select", "extend-ignore", "include", "exclude", "extend-exclude")
_KNOWN_KEYS = set(_LIST_KEYS) | {"per-file-ignores", "unsafe-fixes", "rules", "d003", "severity"}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file."""


@dataclass
class Settings:
    """The settings in force for the files below one configuration."""

    source: str | None = None  # the file they came from
    root: str = "."
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # code -> "error" | "warning"; applied when reporting, after the cache
    severity: dict[str, str] = field(default_factory=dict)

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
        """A stable digest of everything that changes what a lint reports."""
        payload = json.dumps(
            {
                "codes": sorted(self.enabled_codes()),
                "per_file_ignores": self.per_file_ignores,
                "options": self.rule_options,
                "unsafe": self.unsafe_fixes,
            },
            sort_keys=True,
            default=str,
        )
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
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    rest = absolute[len(base) + 1:]
    if absolute.startswith(base + os.sep) and rest and not rest.startswith(os.sep):
        return rest.replace(os.sep, "/")  # the usual case, without relpath's walk over both
    try:
        return os.path.relpath(absolute, base).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")


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
        whole.append(fnmatch.translate(os.path.normcase(pattern)))
        if "/" in pattern:
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


# -- reading configuration files ------------------------------------------------------


def load_file(path: str) -> Settings | None:
    """Settings from one file; None for a pyproject.toml without [tool.textlint]."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("textlint")
        if table is None:
            return None
    else:
        table = data.get("tool", {}).get("textlint", data)
    return parse_table(table, path)


def parse_table(table: dict, source: str) -> Settings:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.textlint] must be a table")
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown configuration key {unknown[0]!r}")
    settings = Settings(source=source, root=os.path.dirname(os.path.abspath(source)))
    for key in _LIST_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{source}: {key!r} must be a list of strings")
    try:
        if "select" in table:
            settings.select = _checked_selectors(table["select"], source, "select")
        settings.ignore = _checked_selectors(table.get("ignore", []) + table.get("extend-ignore", []), source, "ignore")
        settings.extend_select = _checked_selectors(table.get("extend-select", []), source, "extend-select")
    except registry.UnknownSelector as error:  # pragma: no cover - _checked_selectors raises first
        raise ConfigError(f"{source}: unknown rule {error}") from None
    if "include" in table:
        settings.include = list(table["include"])
    settings.exclude = list(table.get("exclude", [])) + list(table.get("extend-exclude", []))
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{source}: 'per-file-ignores' must be a table of glob = [codes]")
    for pattern, selectors in pfi.items():
        if not isinstance(selectors, list):
            raise ConfigError(f"{source}: per-file-ignores {pattern!r} must be a list of codes")
        settings.per_file_ignores[pattern] = _checked_selectors(selectors, source, "per-file-ignores")
    unsafe = table.get("unsafe-fixes", False)
    if not isinstance(unsafe, bool):
        raise ConfigError(f"{source}: 'unsafe-fixes' must be true or false")
    settings.unsafe_fixes = unsafe
    settings.rule_options = _rule_options(table.get("rules", {}), source)
    settings.severity = _severities(table.get("severity", {}), source)
    return settings


def _severities(table: dict, source: str) -> dict[str, str]:
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


def _rule_options(table: dict, source: str) -> dict[str, dict[str, Any]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [rules] must be a table of rule code = {{options}}")
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
def load_cached(path: str) -> Settings:
    settings = load_file(path)
    return settings if settings is not None else Settings(source=path, root=os.path.dirname(path))


def settings_for(path: str, explicit: str | None = None) -> Settings:
    """Settings for a file: ``explicit`` (``--config``) or the nearest found."""
    if explicit:
        return load_cached(os.path.abspath(explicit))
    return _settings_for_folder(os.path.dirname(path), os.getcwd())


@lru_cache(maxsize=4096)
def _settings_for_folder(folder: str, cwd: str) -> Settings:
    """Once per folder a run visits (the working folder keys relative names)."""
    found = find_config_file(os.path.abspath(folder) if folder else cwd)
    if found is None:
        return Settings(root=cwd)
    return load_cached(found)
