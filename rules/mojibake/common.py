"""What every detector of the family shares: the Damage a detector
reports, the per-document context the judges of one document share, and the
small helpers they all quote and compare with."""
from __future__ import annotations

from dataclasses import dataclass

from textlint import Edit, Finding, Fix
from textlint_rules.mojibake.charmodel import char_model
from textlint_rules.mojibake.precheck import _HAN_CHAR


@dataclass
class Damage:
    """A garbled span found by the analysis, before it becomes a Finding."""

    code: str
    start: int
    end: int
    message: str
    repair: str | None = None  # replacement text; None: report only
    applicability: str = "safe"
    fix_message: str | None = None

    def finding(self) -> Finding:
        fix = None
        if self.repair is not None:
            fix = Fix([Edit(self.start, self.end, self.repair)], self.applicability, self.fix_message)
        return Finding(self.start, self.end, self.message, fix=fix, code=self.code)


def _joined_runs(damages: list[Damage], same_run, join) -> list[Damage]:
    """``damages`` (in order) with each one that ``same_run`` says continues
    the one before folded into it by ``join``."""
    result: list[Damage] = []
    for damage in damages:
        if result and same_run(result[-1], damage):
            result[-1] = join(result[-1], damage)
        else:
            result.append(damage)
    return result


def _blanked(line: str, base: int, damages: list[Damage]) -> str:
    """``line`` (starting at ``base``) with each damage's span made spaces,
    every offset kept."""
    if not damages:
        return line
    shown = list(line)
    for damage in damages:
        shown[damage.start - base:damage.end - base] = " " * (damage.end - damage.start)
    return "".join(shown)


def _overlaps(found: list[Damage], start: int, end: int) -> bool:
    return any(d.start < end and start < d.end for d in found)


def _quote(text: str, limit: int = 40) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1]}…”"


class _DocContext:
    """What the judges of one document share: the document, and what one
    line teaches about another (an annotation whose character was resolved)."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.bad_offsets = frozenset(doc.decoded.bad_offsets)
        self.annotations: dict[str, str] = {}  # "yàn" -> the character it followed
        self.pending: list[tuple[int, int, str, str]] = []  # lines like 因?yàn)?h5
        self._traditional: bool | None = None

    @property
    def traditional(self) -> bool:
        """Whether the document is written in Traditional characters."""
        if self._traditional is None:
            sample = self.doc.text[:20000]
            han = len(_HAN_CHAR.findall(sample))
            simple = char_model().simplified(sample)
            if len(simple) == len(sample):
                self._traditional = han > 0 and _differ_more(sample, simple, 0.02 * han)
            else:  # every Han character counted as changed: more than 2% of them whenever there is one
                self._traditional = han > 0
        return self._traditional


#: The piece of text compared at once by _differ_more.
_CHUNK = 256


def _differ_more(text: str, other: str, limit: float) -> bool:
    """Whether ``text`` and ``other`` (as long) differ at more than ``limit``
    places: ``sum(map(str.__ne__, text, other)) > limit``, with equal pieces
    compared in C (Simplified text is its own Simplified form almost
    throughout) and the count stopped once past the limit (Traditional
    text passes it within a few pieces)."""
    changed = 0
    for at in range(0, len(text), _CHUNK):
        piece, simple = text[at:at + _CHUNK], other[at:at + _CHUNK]
        if piece != simple:
            changed += sum(map(str.__ne__, piece, simple))
            if changed > limit:
                return True
    return changed > limit
