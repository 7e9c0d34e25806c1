"""One analysis per document: which lines the pre-check sends to which
detector, and the judging every finding passes before it is reported (a
repair stays safe only where it mends a whole damaged run)."""
from __future__ import annotations

from textlint import Finding
from textlint_rules.vocabulary import has_han
from textlint_rules.mojibake.common import Damage, _DocContext, _blanked, _joined_runs, _overlaps, _quote
from textlint_rules.mojibake.double_byte import _double_byte_mojibake
from textlint_rules.mojibake.latin import _dos_mojibake, _latin_mojibake, _past_repair, _shows_lost_mark
from textlint_rules.mojibake.legacy import _legacy_encoding
from textlint_rules.mojibake.lost import _lost_characters, _lost_letters
from textlint_rules.mojibake.misaligned import _misaligned, _resolve_annotated
from textlint_rules.mojibake.precheck import compiled_triggers


def analyze(doc) -> dict[str, list[Finding]]:
    """Every M finding in ``doc``, by code; computed once and shared by the rules."""
    return doc.memoized("mojibake", lambda: _findings_by_code(doc))


def _findings_by_code(doc) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in _legacy_encoding(doc):
        found.setdefault(finding.code, []).append(finding)
    from textlint_rules.mojibake.crosscode import merged  # legacy bytes read with another legacy code page

    for damage in _one_per_garbled_run(doc, _whole_lines_only(doc, merged(doc, _text_damage(doc), Damage))):
        if doc.is_prose(damage.start, max(damage.end, damage.start + 1)):
            found.setdefault(damage.code, []).append(damage.finding())
    return found


_PART_ONLY = "; the rest of its line is damaged past repair, so the fix is unsafe"
#: Repairs of one code this close, with no space between, are pieces of one
#: garbled run that a lost byte or an odd character cut apart.
_PIECE_GAP = 6


def _one_per_garbled_run(doc, damages: list[Damage]) -> list[Damage]:
    """One finding for each garbled run: M001 or M002 pieces of one line
    with at most a few characters and no space between them are joined, the
    characters between kept as they are (one defect, one finding)."""
    if len(damages) < 2:
        return damages
    ordered = sorted(damages, key=lambda d: (d.start, d.end))
    return _joined_runs(ordered, lambda first, second: _same_run(doc, first, second),
                        lambda first, second: _joined(doc.text, first, second))


def _same_run(doc, first: Damage, second: Damage) -> bool:
    if first.code != second.code or first.code not in ("M001", "M002"):
        return False
    if first.repair is None or second.repair is None or not first.end <= second.start:
        return False
    gap = doc.text[first.end:second.start]
    return len(gap) <= _PIECE_GAP and not any(c.isspace() for c in gap)


def _joined(text: str, first: Damage, second: Damage) -> Damage:
    garbled = text[first.start:second.end]
    gap = text[first.end:second.start]
    repair = first.repair + gap + second.repair
    # what lies between two pieces could not be read back: the run is not mended whole
    applicability = "safe" if first.applicability == second.applicability == "safe" and not gap else "unsafe"
    reading = first.message.split(":", 1)[0]
    message = f"{reading}: {_quote(garbled)} should read {_quote(repair)}"
    if applicability == "unsafe" and not gap:
        message += "; part of it is a guess"
    elif gap:
        message += f"; {_quote(gap)} between its pieces could not be read back"
    return Damage(first.code, first.start, second.end, message, repair, applicability, first.fix_message)


def _whole_lines_only(doc, damages: list[Damage]) -> list[Damage]:
    """Keep a repair safe only where it mends a whole damaged run.  Where
    bytes were lost unmarked (C1 bytes a page dropped) or one legacy page was
    read as another, a piece a detector re-decodes may round-trip exactly and
    still be wrong (守 lost a byte and reads 宿), and the line is left half
    repaired, half garbled.  So a safe repair turns unsafe when it touches
    damage that is not safely repaired, or when its line, once repaired and
    with the damage already reported set aside, still looks garbled."""
    if not any(d.repair is not None and d.applicability == "safe" for d in damages):
        return damages
    by_line: dict[int, list[Damage]] = {}
    for damage in damages:
        by_line.setdefault(doc.line_index(damage.start), []).append(damage)
    for index, on_line in by_line.items():
        repairs = sorted((d for d in on_line if d.repair is not None and d.applicability == "safe"),
                         key=lambda d: d.start)
        if not repairs:
            continue
        rest = [d for d in on_line if d.repair is None or d.applicability != "safe"]
        if _residue(doc, index, repairs, rest) or any(d.code == "M001" and d.repair is None for d in rest):
            doubtful = repairs  # the line lost bytes no code page restores: no piece of it is sure
        else:
            doubtful = [
                d for d in repairs
                if any(d.start <= r.end and r.start <= d.end for r in rest) or _garbled_beside(doc.text, d)
            ]
        for damage in doubtful:
            damage.applicability = "unsafe"
            damage.message += _PART_ONLY
    return damages


def _garbled_beside(text: str, damage: Damage) -> bool:
    """Whether a character right beside the repaired span is garble no
    detector could read back: U+FFFD, a C1 control, or a character the
    pre-check calls rare or lost (寮€ before 濮嬫棩, 鏈 and 0x9F after it)."""
    triggers = compiled_triggers()
    for offset in (damage.start - 2, damage.start - 1, damage.end, damage.end + 1):
        if not 0 <= offset < len(text):
            continue
        char = text[offset]
        if char == "\ufffd" or "\x80" <= char <= "\x9f" or char == "€":
            return True
        if triggers.lone.match(text, offset) and triggers.kinds(text, offset) & {"rare", "lost"}:
            return True
    return False


def _residue(doc, index: int, repairs: list[Damage], reported: list[Damage]) -> bool:
    """Whether the line still looks garbled once ``repairs`` are applied,
    leaving out the damage already ``reported`` (blanked)."""
    start, end = doc.line_span(index)
    line = list(_blanked(doc.text[start:end], start, reported))
    for damage in sorted(repairs, key=lambda d: d.start, reverse=True):
        line[damage.start - start:damage.end - start] = damage.repair
    from ftfy.badness import is_bad  # ftfy's own test for text that still looks like mojibake

    return is_bad("".join(line))


def _text_damage(doc) -> list[Damage]:
    text = doc.text
    lost = _lost_letters(doc) if "?" in text else []  # informa??o: ASCII, and damaged
    if text.isascii():
        return lost
    triggers = compiled_triggers()
    hits = [m.start() for m in triggers.lone.finditer(text)]
    if has_han(doc):  # the same scan the Z rules ask for
        hits += [m.start() for m in triggers.joined.finditer(text)]
    found = _judge_lines(doc, hits) if hits else []
    found += [d for d in _dos_mojibake(text) if not _overlaps(found, d.start, d.end)]
    return found + [d for d in lost if not _overlaps(found, d.start, d.end)]


def _judge_lines(doc, hits) -> list[Damage]:
    kinds_by_line: dict[int, set[str]] = {}
    text, starts = doc.text, doc.line_starts
    line_start = line_end = 0  # the span of the line last found: most hits are on the line of the one before
    kinds, triggers = set(), compiled_triggers()
    for offset in hits:
        if not line_start <= offset < line_end:
            index = doc.line_index(offset)
            line_start = starts[index]
            line_end = starts[index + 1] if index + 1 < len(starts) else len(text) + 1
            kinds = kinds_by_line.setdefault(index, set())
        kinds.update(triggers.kinds(text, offset))
    context = _DocContext(doc)
    found: list[Damage] = []
    for index, kinds in sorted(kinds_by_line.items()):
        start, end = doc.line_span(index)
        judged = _judge_line(context, doc.text[start:end], start, kinds)
        if "latin" in kinds:
            judged += _past_repair(doc.text[start:end], start, judged)
        found.extend(judged)
    found.extend(_resolve_annotated(context))
    return found


def _judge_line(context: _DocContext, line: str, base: int, kinds: set[str]) -> list[Damage]:
    found: list[Damage] = []
    if kinds & {"rare", "glued", "lost"}:
        found += _double_byte_mojibake(line, base, found)
    if "latin" in kinds:
        # a span of Shift-JIS or GBK mojibake holds characters a single-byte
        # code page shows too (縲√≠繧: √≠ is Mac OS Roman): one defect, M002's
        found += [d for d in _latin_mojibake(line, base) if not _overlaps(found, d.start, d.end)]
    if kinds & {"rare", "lost", "resync"}:
        found += _misaligned(context, line, base, found)
    if kinds & {"rare", "lost", "resync"} or ("latin" in kinds and _shows_lost_mark(line)):
        found += _lost_characters(context, line, base, found)
    return found
