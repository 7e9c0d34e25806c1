"""The README's rule table, generated from the rules' own metadata.

``python -m textlint.readme`` rewrites the table in README.md in place;
``python -m textlint.readme --check`` exits 1 when it is out of date (a test
runs the same check).  ``textlint rules --format markdown`` prints the table.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterable

from textlint.model import FixAvailability

README = Path(__file__).resolve().parent.parent / "README.md"
REWRITE_COMMAND = "python -m textlint.readme"

HEADER = "| code | name | on by default | fix | fix available | finds |\n| --- | --- | --- | --- | --- | --- |\n"
#: the table: its header row (any columns) and the rows after it, up to the first line not a row
_TABLE = re.compile(r"^\| code \| name \|[^\n]*\n\| --- \|[^\n]*\n(?:\|[^\n]*\n)*", re.MULTILINE)
_AVAILABLE = {FixAvailability.ALWAYS: "always", FixAvailability.SOMETIMES: "sometimes", FixAvailability.NEVER: "never"}


def rules_table(rules: Iterable | None = None) -> str:
    """The Markdown table of ``rules`` (default: every registered rule)."""
    if rules is None:
        from textlint.registry import all_rules

        rules = all_rules().values()
    rows = [HEADER]
    for rule in rules:
        state = "yes" if rule.default_enabled else "no"
        policy = rule.fix_policy
        rows.append(
            f"| {rule.code} | {rule.name} | {state} | {policy} | {_AVAILABLE[policy.availability]} | {rule.summary} |\n"
        )
    return "".join(rows)


def with_table(readme: str, table: str) -> str:
    """``readme`` with its rule table replaced by ``table``."""
    if not _TABLE.search(readme):
        raise ValueError("README.md has no rule table (a row starting '| code | name |')")
    return _TABLE.sub(lambda _: table, readme, count=1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    current = README.read_text(encoding="utf-8")
    wanted = with_table(current, rules_table())
    if "--check" in argv:
        if wanted != current:
            print(f"README.md's rule table is out of date; run: {REWRITE_COMMAND}", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        README.write_text(wanted, encoding="utf-8")
        print("README.md: rule table rewritten")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
