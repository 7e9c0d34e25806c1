"""One table of every rule from every plugin, and selection by code, prefix or name."""
from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache

from textlint.model import FixPolicy, Rule
from textlint.plugins import PluginError, entry_point_list, on_reset, plugin_manager

_CODE = re.compile(r"^[A-Z][0-9]{3}$")


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every rule offered by a plugin, by code, sorted by code."""
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for offered in plugin_manager().hook.textlint_rules():
        for rule in offered or ():
            if not isinstance(rule, Rule):
                raise PluginError(f"a plugin offered {rule!r}, which is not a textlint.Rule")
            if not _CODE.match(rule.code or ""):
                raise PluginError(f"rule {type(rule).__name__} has a malformed code {rule.code!r}")
            if not isinstance(rule.fix_policy, FixPolicy):
                raise PluginError(
                    f"rule {rule.code} declares fix_policy {rule.fix_policy!r}; use textlint.FixPolicy.always(...), "
                    ".sometimes(...) or .never()"
                )
            if rule.code in rules:
                raise PluginError(f"two plugins offer rule code {rule.code}")
            if rule.name in names:
                raise PluginError(f"two rules are named {rule.name!r}: {names[rule.name]} and {rule.code}")
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return dict(sorted(rules.items()))


#: What selection needs to know of a rule: code -> (name, on by default, a CorpusRule).
RuleRow = tuple  # (str, bool, bool)


def rule_table() -> dict[str, RuleRow]:
    """Every rule's code, name, default and kind, without importing a plugin
    when it can: a run that serves every file from the cache needs only
    this to resolve its selection, and importing the rule modules is most of
    its start-up.  Kept on disk against :func:`plugin_metadata` (the
    plugins' names, versions and module files' sizes and times), so a plugin
    installed, upgraded or edited in place is read afresh.  Once the plugins
    are loaded in this process (a plugin registered by hand included), the
    table comes from them."""
    from textlint import plugins

    if plugins._MANAGER is not None:
        return _table_of(all_rules())
    return _stored_rule_table(plugin_metadata())


def _table_of(rules: dict[str, Rule]) -> dict[str, RuleRow]:
    from textlint.model import CorpusRule

    return {code: (rule.name, bool(rule.default_enabled), isinstance(rule, CorpusRule)) for code, rule in rules.items()}


@lru_cache(maxsize=4)
def _stored_rule_table(metadata: str) -> dict[str, RuleRow]:
    from textlint import datacache
    from textlint.version import __version__

    digest = hashlib.sha256(metadata.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    path = datacache.cache_folder() / f"rule-table-{digest}-textlint-{__version__}.json"
    stored = datacache.load_or_derive(
        path, "rules", _TABLE_FORMAT, _valid_row,
        lambda: {code: list(row) for code, row in _table_of(all_rules()).items()}, kind="rule-table-",
    )
    return {code: tuple(row) for code, row in sorted(stored.items())}


_TABLE_FORMAT = 1


def _valid_row(code, row) -> bool:
    return (
        isinstance(code, str) and bool(_CODE.match(code)) and isinstance(row, list) and len(row) == 3
        and isinstance(row[0], str) and isinstance(row[1], bool) and isinstance(row[2], bool)
    )


@lru_cache(maxsize=1)
def plugin_metadata() -> str:
    """The entry-point plugins as installed: each module's name, its
    distribution's name and version, and the size and modification time of
    its source files, read without importing it: a module in a package, the
    whole top-level package's (a rule may live in a helper module beside
    the one the entry point names).  Part of the result cache's key and of
    the rule table's: an editable install keeps its version while its rules
    change."""
    from importlib.util import find_spec

    parts = []
    stamps: dict[str, str] = {}
    for module, (name, version) in _entry_points().items():
        top = module.split(".", 1)[0]
        if top not in stamps:
            try:
                spec = find_spec(top)
            except (ImportError, ValueError):
                spec = None
            stamps[top] = _source_stamp(spec) if spec is not None else ""
        parts.append(f"{module}={name}:{version}:{stamps[top]}")
    return ";".join(sorted(parts))


def _entry_points() -> dict[str, list[str]]:
    """Plugin module -> [distribution, version], from the entry-point list
    kept per machine (:func:`textlint.plugins.entry_point_list`)."""
    return {point[1].split(":", 1)[0].strip(): [point[2], point[3]] for point in entry_point_list()}


def _source_stamp(spec) -> str:
    files: list[str] = []
    if spec.submodule_search_locations:  # a package: every module in it
        for folder in spec.submodule_search_locations:
            for base, dirs, names in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                files += [os.path.join(base, name) for name in sorted(names) if name.endswith(".py")]
    elif spec.origin:
        files.append(spec.origin)
    stamps = []
    for name in files:
        try:
            info = os.stat(name)
        except OSError:
            continue
        stamps.append(f"{info.st_size}.{info.st_mtime_ns}")
    return hashlib.sha256(json.dumps(stamps).encode()).hexdigest()[:12] if stamps else ""


on_reset(all_rules.cache_clear)
on_reset(plugin_metadata.cache_clear)


def family_of(rule: Rule) -> str:
    return rule.family or rule.code[0]


class UnknownSelector(ValueError):
    pass


def resolve(selector: str) -> set[str]:
    """Codes matched by a selector: a code, a code prefix, a rule name, or ALL."""
    rules = rule_table()
    selector = selector.strip()
    if selector.upper() == "ALL":
        return set(rules)
    by_name = {row[0]: code for code, row in rules.items()}
    if selector in by_name:
        return {by_name[selector]}
    upper = selector.upper()
    matched = {code for code in rules if code.startswith(upper)}
    if not matched or not re.match(r"^[A-Z][0-9]{0,3}$", upper):
        raise UnknownSelector(selector)
    return matched


def select_rules(
    select: list[str] | None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> set[str]:
    """The enabled codes: ``select`` (default: rules on by default) plus
    ``extend_select`` minus ``ignore``.  More specific selectors win, as in ruff:
    ``ignore = ["S"]`` with ``select = ["S001"]`` keeps S001."""
    rules = rule_table()
    if select is None:
        chosen = {code for code, row in rules.items() if row[1]}
        chosen_specificity = {code: 0 for code in chosen}
    else:
        chosen = set()
        chosen_specificity = {}
        for selector in select:
            for code in _enabled_by(selector):
                chosen.add(code)
                chosen_specificity[code] = max(chosen_specificity.get(code, 0), _specificity(selector))
    for selector in extend_select or ():
        for code in _enabled_by(selector):
            chosen.add(code)
            chosen_specificity[code] = max(chosen_specificity.get(code, 0), _specificity(selector))
    for selector in ignore or ():
        for code in resolve(selector):
            if code in chosen and _specificity(selector) >= chosen_specificity.get(code, 0):
                chosen.discard(code)
    return chosen


def _enabled_by(selector: str) -> set[str]:
    """Codes a select selector turns on.  A family or code prefix (``Z``, ``D00``)
    turns on the rules of that prefix that are on by default; a rule that is off
    by default (D003, Z004) needs its own code, its name, or ``ALL``, so that
    ``select = ["S", "M", "C", "D", "H", "Z"]`` means the default set."""
    codes = resolve(selector)
    rules = rule_table()
    named = selector.strip().upper() in rules or any(row[0] == selector.strip() for row in rules.values())
    if named or selector.strip().upper() == "ALL":
        return codes
    return {code for code in codes if rules[code][1]}


def _specificity(selector: str) -> int:
    if selector.upper() == "ALL":
        return 0
    if re.match(r"^[A-Za-z][0-9]{0,3}$", selector):
        return len(selector)
    return 4  # a rule name is as specific as a full code
