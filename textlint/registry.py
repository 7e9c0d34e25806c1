"""One table of every rule from every plugin, and selection by code, prefix or name."""
from __future__ import annotations

import re
from functools import lru_cache

from textlint.model import APPLICABILITIES, Rule
from textlint.plugins import PluginError, on_reset, plugin_manager

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
            if not rule.declared_applicabilities() <= set(APPLICABILITIES):
                raise PluginError(
                    f"rule {rule.code} declares fix_applicability {rule.fix_applicability!r}; "
                    f"use 'none' or one or more of {', '.join(APPLICABILITIES)} joined by '/'"
                )
            if rule.code in rules:
                raise PluginError(f"two plugins offer rule code {rule.code}")
            if rule.name in names:
                raise PluginError(f"two rules are named {rule.name!r}: {names[rule.name]} and {rule.code}")
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return dict(sorted(rules.items()))


on_reset(all_rules.cache_clear)


def family_of(rule: Rule) -> str:
    return rule.family or rule.code[0]


class UnknownSelector(ValueError):
    pass


def resolve(selector: str) -> set[str]:
    """Codes matched by a selector: a code, a code prefix, a rule name, or ALL."""
    rules = all_rules()
    selector = selector.strip()
    if selector.upper() == "ALL":
        return set(rules)
    by_name = {rule.name: code for code, rule in rules.items()}
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
    rules = all_rules()
    if select is None:
        chosen = {code for code, rule in rules.items() if rule.default_enabled}
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
    rules = all_rules()
    named = selector.strip().upper() in rules or any(rule.name == selector.strip() for rule in rules.values())
    if named or selector.strip().upper() == "ALL":
        return codes
    return {code for code in codes if rules[code].default_enabled}


def _specificity(selector: str) -> int:
    if selector.upper() == "ALL":
        return 0
    if re.match(r"^[A-Za-z][0-9]{0,3}$", selector):
        return len(selector)
    return 4  # a rule name is as specific as a full code
