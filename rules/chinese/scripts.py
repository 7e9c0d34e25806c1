"""Z003: Simplified and Traditional characters mixed in one text, from
OpenCC's character tables (the checked-in table) and phrase dictionaries."""
from __future__ import annotations

import bisect
import collections
import functools
import re

import textlint
from textlint import Edit, Finding, Fix, regexcode
from textlint.charclass import char_class, lazy_compile
from textlint_rules.tables import table
from textlint_rules.vocabulary import has_han, holds_astral
from textlint_rules.chinese.common import (
    _HAN_CHAR, _document_language, _paragraph_starts, is_chinese_at, paragraph_span,
)


# -- Z003 ---------------------------------------------------------------------------------------


class Scripts:
    """OpenCC's converters and what its tables say about single characters.

    ``*_self`` hold the characters a table maps to themselves among other
    candidates (``于`` → ``於 于``): correct in both scripts, so they are
    reported only where a phrase table says the word is written otherwise.
    """

    _loaded: "Scripts | None" = None

    def __init__(self) -> None:
        import opencc

        self._opencc = opencc
        self._share = opencc_share_dir(opencc)
        known = _opencc_characters()
        simplified_table = table_from(known, "s", "S")
        traditional_table = table_from(known, "t", "T")
        # Each table key's single-character conversions, as checked in:
        # classifying candidates is then a lookup, and the
        # converters (a tenth of a second each to load) are loaded only when
        # a suspect's surroundings must be converted.
        self._known_forms = dict(
            zip(known.get("characters", ""), zip(known.get("traditional", ""), known.get("simplified", "")))
        )
        self.simplified_self = simplified_table[0] if simplified_table else None
        self.traditional_self = traditional_table[0] if traditional_table else None
        # Characters of one script only, and every character a conversion
        # would touch, as compiled classes: deciding a document's script and
        # finding the suspects is then a scan in C, not a loop over characters.
        self.simplified_only = _char_class(simplified_table[1]) if simplified_table else None
        self.traditional_only = _char_class(traditional_table[1]) if traditional_table else None
        self.simplified_keys = _char_class(simplified_table[0] | simplified_table[1]) if simplified_table else None
        self.traditional_keys = _char_class(traditional_table[0] | traditional_table[1]) if traditional_table else None
        self.traditional_own = traditional_table[1] if traditional_table else None
        # With every class the rule takes the quick path (script_and_candidates).
        self.has_tables = None not in (
            self.simplified_only, self.traditional_only, self.simplified_keys, self.traditional_keys
        )
        self.forms: dict[str, tuple[str, str]] = {}  # char -> (traditional, simplified)

    @functools.cached_property
    def s2t(self):
        return self._opencc.OpenCC("s2t")

    @functools.cached_property
    def to_traditional(self) -> list:
        """To Traditional as written anywhere, Taiwan and Hong Kong (each loads in a tenth of a second)."""
        return [self.s2t] + [self._opencc.OpenCC(name) for name in ("s2tw", "s2hk")]

    @functools.cached_property
    def to_simplified(self):
        return self._opencc.OpenCC("t2s")

    @functools.cached_property
    def traditional_phrases(self):
        return _phrase_converter(self._opencc, self._share, "STPhrases.ocd2")

    @functools.cached_property
    def simplified_phrases(self):
        return _phrase_converter(self._opencc, self._share, "TSPhrases.ocd2")

    @classmethod
    def load(cls) -> "Scripts":
        if cls._loaded is None:
            cls._loaded = cls()
        return cls._loaded

    def classify(self, chars) -> None:
        """Convert each new character alone (one line each: no phrase spans two)."""
        new = []
        for char in chars:
            if char not in self.forms:
                known = self._known_forms.get(char)
                if known is None:
                    new.append(char)
                else:
                    self.forms[char] = known
        if new:
            self.forms.update(_convert_alone(new, self.s2t, self.to_simplified))

    def only_traditional(self, char: str) -> bool:
        return self.forms[char][1] != char and not _in(char, self.traditional_self)

    def only_simplified(self, char: str) -> bool:
        return self.forms[char][0] != char and not _in(char, self.simplified_self)


def _in(char: str, table: frozenset | None) -> bool:
    return True if table is None else char in table  # no table: treat every char as shared


def opencc_share_dir(opencc) -> str:
    import os

    return os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")


def _phrase_converter(opencc, share: str, dictionary: str):
    """An OpenCC converter that knows only a phrase table, or None."""
    import json
    import os
    import tempfile

    path = os.path.join(share, dictionary)
    if not os.path.isfile(path):
        return None
    entry = {"type": "ocd2", "file": path}
    config = {"name": dictionary, "segmentation": {"type": "mmseg", "dict": entry}, "conversion_chain": [{"dict": entry}]}
    with tempfile.TemporaryDirectory() as folder:
        config_path = os.path.join(folder, "phrases.json")
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        try:
            return opencc.OpenCC(config_path)
        except Exception:  # an OpenCC build that cannot load it: no phrase evidence
            return None


def _convert_alone(chars, to_traditional, to_simplified) -> dict[str, tuple[str, str]]:
    """Each character's (traditional, simplified) form, converted alone."""
    joined = "\n".join(chars)
    traditional = to_traditional.convert(joined).split("\n")
    simplified = to_simplified.convert(joined).split("\n")
    return {
        char: (trad if len(trad) == 1 else char, simp if len(simp) == 1 else char)
        for char, trad, simp in zip(chars, traditional, simplified)
    }


_FORMS = ("characters", "traditional", "simplified")
_FLAGS = ("s", "S", "t", "T")


def _opencc_characters() -> dict[str, str]:
    """The keys of OpenCC's two character tables ("characters"), each one's
    traditional and simplified form converted alone (the same positions of
    "traditional" and "simplified"), and which table lists each key and
    whether it lists itself among its candidates ("s"/"S": the keys of
    STCharacters correct in both scripts / of one script only; "t"/"T": the
    same for TSCharacters).

    Deriving it (:func:`derive_opencc_characters`) runs OpenCC's
    ``opencc_dict`` tool twice and loads two converters, a quarter of a
    second, so it is checked in (textlint_rules.tables), as seven strings:
    they load in a millisecond, where a dict of 8,000 entries took twenty."""
    return table("opencc-characters")


def derive_opencc_characters(opencc, share: str) -> dict[str, str]:
    simplified = character_table(share, "STCharacters.ocd2")
    traditional = character_table(share, "TSCharacters.ocd2")
    if simplified is None or traditional is None:
        return {}
    chars = sorted(simplified[0] | simplified[1] | traditional[0] | traditional[1])
    forms = _convert_alone(chars, opencc.OpenCC("s2t"), opencc.OpenCC("t2s"))
    tables = dict(zip(_FLAGS, (*simplified, *traditional)))
    return {
        "characters": "".join(chars),
        "traditional": "".join(forms[char][0] for char in chars),
        "simplified": "".join(forms[char][1] for char in chars),
    } | {flag: "".join(sorted(tables[flag])) for flag in _FLAGS}


def table_from(known: dict[str, str], shared_flag: str, own_flag: str) -> tuple[frozenset, frozenset] | None:
    """(shared, own) of one character table, as :func:`character_table` gives them."""
    shared, own = frozenset(known.get(shared_flag, "")), frozenset(known.get(own_flag, ""))
    return (shared, own) if shared or own else None


def character_table(share: str, dictionary: str) -> tuple[frozenset, frozenset] | None:
    """What an OpenCC character table says of each key it lists.

    Returns the keys that list themselves among their candidates (correct in
    both scripts) and the keys that do not (of one script only).  The tables
    are binary; OpenCC's own ``opencc_dict`` tool, shipped in the same wheel,
    dumps them as text.  None when the tool is missing.
    """
    import os
    import subprocess
    import tempfile

    tool = os.path.join(os.path.dirname(os.path.dirname(share)), "bin", "opencc_dict")
    source = os.path.join(share, dictionary)
    if not (os.path.isfile(tool) and os.path.isfile(source)):
        return None
    with tempfile.TemporaryDirectory() as folder:
        dumped = os.path.join(folder, "table.txt")
        try:
            subprocess.run([tool, "-i", source, "-o", dumped, "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True, timeout=60)
            with open(dumped, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, subprocess.SubprocessError):
            return None
    shared, own = set(), set()
    for line in lines:
        key, _, candidates = line.partition("\t")
        if len(key) == 1:
            (shared if key in candidates.split(" ") else own).add(key)
    return frozenset(shared), frozenset(own)


class CharClass:
    """A set of characters to count or find with a scan in C.

    ``re`` compiles a class of Basic Multilingual Plane characters into a
    bitmap, tested in constant time; add one character beyond it (OpenCC's
    tables hold a few from CJK Extension B) and the whole class becomes a
    list searched one entry at a time, a hundred times slower.  So the rare
    astral characters are looked up in a set, among the astral characters
    of text that has any (found with one range, which is fast).
    """

    def __init__(self, chars) -> None:
        basic = sorted(c for c in chars if ord(c) < 0x10000)
        self.basic = regexcode.compile(char_class(basic)) if basic else None
        self.astral = frozenset(c for c in chars if ord(c) >= 0x10000)

    def _astral_found(self, text: str, start: int, end: int) -> list[str]:
        if not self.astral or not _has_astral(text, start, end):
            return []
        return [c for c in _ASTRAL_CHAR.findall(text, start, end) if c in self.astral]

    def findall(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        end = len(text) if end is None else end
        found = self.basic.findall(text, start, end) if self.basic else []
        return found + self._astral_found(text, start, end)

    def count(self, text: str, start: int, end: int, limit: int) -> int:
        """How many of the characters ``text[start:end]`` holds, counting no further than ``limit``.

        Counting stops at the ``limit``-th match, so asking whether dense text
        holds at least a few costs a short scan, and no list is built.  Past
        a few hundred a plain ``findall`` is the cheaper way to count.
        """
        if limit > _COUNT_BY_LOOP:
            return len(self.findall(text, start, end))
        found = 0
        if self.basic:
            for _ in self.basic.finditer(text, start, end):
                found += 1
                if found >= limit:
                    return found
        return min(limit, found + len(self._astral_found(text, start, end)))


_COUNT_BY_LOOP = 256
_ASTRAL_CHAR = lazy_compile("[\U00010000-\U0010FFFF]")
_astral_memo: list = [None, False]  # the last text asked about, and whether it holds any


def _has_astral(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a character beyond the BMP (the whole text's answer is kept)."""
    if _astral_memo[0] is not text:
        _astral_memo[0], _astral_memo[1] = text, holds_astral(text)
    return _astral_memo[1] and (
        (start == 0 and end >= len(text)) or _ASTRAL_CHAR.search(text, start, end) is not None
    )


def _char_class(chars) -> CharClass | None:
    return CharClass(chars) if chars else None


_WINDOW = 6  # characters either side: OpenCC's phrases are short


def script_of(counts, scripts: Scripts, text: str, start: int, end: int) -> str | None:
    """"hant" or "hans" when the characters that differ are clearly of one script.

    The general form, used when OpenCC's character tables are missing (then
    the converters are asked character by character); with the tables,
    :func:`script_and_candidates` decides the same with fewer scans.
    """
    if scripts.traditional_only is not None and scripts.simplified_only is not None:
        traditional = len(scripts.traditional_only.findall(text, start, end))
        simplified = len(scripts.simplified_only.findall(text, start, end))
    else:  # no tables: ask the converters character by character
        scripts.classify(counts)
        traditional = sum(n for c, n in counts.items() if scripts.only_traditional(c))
        simplified = sum(n for c, n in counts.items() if scripts.only_simplified(c))
    return _decide(traditional, simplified)


def _decide(traditional: int, simplified: int) -> str | None:
    if traditional >= 4 and simplified * 8 <= traditional:
        return "hant"
    if simplified >= 4 and traditional * 8 <= simplified:
        return "hans"
    return None


def script_and_candidates(scripts: Scripts, text: str, start: int, end: int):
    """What :func:`script_of` says of ``text[start:end]`` (with the tables), and the
    characters there a conversion to that script would touch (as ``_check_span``
    finds them); ``(None, few)`` where ``few`` tells that neither script has
    four characters of its own in the span, so no part of it can decide either.

    The decision needs exact counts only near its thresholds.  Simplified
    text holds Simplified-only characters every few characters, so "at least
    four" is a short scan; its Traditional-only characters are among the
    keys of the Traditional-to-Simplified table, whose occurrences (few in
    Simplified text) are the candidates anyway: one full scan decides and
    finds.  Traditional text costs two.
    """
    simplified = scripts.simplified_only.count(text, start, end, 4)
    if simplified < 4:
        # Not Simplified; Traditional needs at least four, and eight times the Simplified.
        needed = max(4, 8 * simplified)
        traditional = scripts.traditional_only.count(text, start, end, needed)
        if traditional < needed:
            return None, traditional < 4
        return "hant", set(scripts.simplified_keys.findall(text, start, end))
    keys = scripts.traditional_keys.findall(text, start, end)
    own = scripts.traditional_own
    traditional = sum(1 for c in keys if c in own)
    if traditional:
        # hans needs simplified >= 8 * traditional, hant simplified <= traditional // 8
        simplified = scripts.simplified_only.count(text, start, end, max(8 * traditional, traditional // 8 + 1))
    script = _decide(traditional, simplified)
    if script == "hans":
        return script, set(keys)
    if script == "hant":
        return script, set(scripts.simplified_keys.findall(text, start, end))
    return None, False


class _HanCounts:
    """How often each Han character occurs in ``text[start:end]``, counted on demand.

    Stands in for ``Counter(_HAN_CHAR.findall(text, start, end))``: the rule
    asks about a few characters, so counting every one of them is wasted.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._counts: dict[str, int] = {}

    def get(self, char: str, default: int = 0) -> int:
        count = self._counts.get(char)
        if count is None:
            count = self._counts[char] = (
                self.text.count(char, self.start, self.end) if len(char) == 1 and _HAN_CHAR.match(char) else 0
            )
        return count or default


class MixedChineseScripts(textlint.Rule):
    """A Simplified character in Traditional Chinese text, or the reverse.

    ## What it does
    In a document (or, in a mixed document, a paragraph) whose characters are
    clearly of one script, finds characters of the other script, using
    OpenCC's conversion tables: a character is reported when no standard
    conversion of its phrase (OpenCC's s2t, s2tw, s2hk; or t2s) keeps it.
    Only a passage that mixes the two scripts is reported: a paragraph, a
    Markdown blockquote, a passage in `「」` `『』` `“”` `《》`, or a sentence
    written wholly in the other script is consistent on its own (a
    Simplified article quoting a Traditional passage, or the reverse). A
    paragraph clearly of the other script is checked in its own script.

    ## Why is this bad?
    A converter that turns Simplified into Traditional (or back) leaves the
    characters it cannot decide: `基于` stays half-converted where `基於` is
    meant. Readers of either script notice at once.

    ## Example
    ```
    該團隊便基于阿里的定位與戰略
    ```

    ## Use instead
    ```
    該團隊便基於阿里的定位與戰略
    ```

    ## Legitimate uses left alone
    Characters written the same in both scripts; variants both accept (`裡`
    and `裏`, `台` and `臺`); characters that are correct in both scripts
    (`于`, `范`, `干`) unless OpenCC's phrase table says the word is written
    otherwise; proper names OpenCC's phrase tables know; quotations and
    paragraphs wholly in the other script (no character of the script
    checked, or, for a sentence, none of it and two of the other's).
    A character every
    converter changes (`这`, `犸`) is reported only where the phrase table
    or the text itself (which writes `這` elsewhere) says so: left alone, it
    was kept on purpose (`猛犸充电`, a product name) or is debris of mojibake
    (GBK misreadings look like rare Simplified characters). Two or more
    other-script characters together (a quoted name or title); documents
    and paragraphs that are not clearly one script; Markdown code.

    ## Fix safety
    Unsafe: the conversion tables choose one character where the author may
    have meant another.
    """

    code = "Z003"
    name = "mixed-chinese-scripts"
    summary = "Character of the other Chinese script"
    family = "Z"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)

    def check(self, doc):
        # The document's language (Japanese shinjitai look Simplified) is
        # asked only where a suspect turns up: see is_chinese_at.
        if not has_han(doc):
            return
        scripts = Scripts.load()
        if not scripts.has_tables:
            yield from self._check_without_tables(doc, scripts)
            return
        text = doc.text
        script, found = script_and_candidates(scripts, text, 0, len(text))
        if script is not None:
            counts = _HanCounts(text, 0, len(text))
            context = _Passages(doc, scripts)
            yield from self._check_span(doc, 0, len(text), script, counts, scripts, found, context)
            # A paragraph clearly of the other script is consistent on its
            # own: it is checked in its own script, for what mixes in there.
            for start, end, other, found in context.other_script_paragraphs:
                yield from self._check_span(doc, start, end, other, counts, scripts, found, context)
            return
        if found:
            return  # no paragraph holds four characters of either script's own
        context = _Passages(doc, scripts)
        for start, end in _paragraph_spans(doc):
            script, found = script_and_candidates(scripts, text, start, end)
            if script is not None:
                yield from self._check_span(
                    doc, start, end, script, _HanCounts(text, start, end), scripts, found, context
                )

    def _check_without_tables(self, doc, scripts):
        if _document_language(doc) != "zh":
            return
        text = doc.text
        counts = collections.Counter(_HAN_CHAR.findall(text))
        script = script_of(counts, scripts, text, 0, len(text))
        if script is not None:
            yield from self._check_span(doc, 0, len(text), script, counts, scripts)
            return
        for start, end in _paragraph_spans(doc):
            paragraph_counts = collections.Counter(_HAN_CHAR.findall(text, start, end))
            script = script_of(paragraph_counts, scripts, text, start, end)
            if script is not None:
                yield from self._check_span(doc, start, end, script, paragraph_counts, scripts)

    def _check_span(self, doc, start, end, script, counts, scripts, candidates=None, context=None):
        text = doc.text
        # Only characters a conversion would touch can be suspects.
        if candidates is None:
            keys = scripts.simplified_keys if script == "hant" else scripts.traditional_keys
            candidates = set(keys.findall(text, start, end)) if keys is not None else set(counts)
        if not candidates:
            return
        scripts.classify(candidates)
        # A character both conversions change (麽: 麼 in Traditional, 么 in
        # Simplified) is a variant neither standard uses, not the other script.
        if script == "hant":
            suspects = {c for c in candidates if scripts.forms[c][0] != c and scripts.forms[c][1] == c}
        else:
            suspects = {c for c in candidates if scripts.forms[c][1] != c and scripts.forms[c][0] == c}
        if not suspects:
            return
        for offset in _suspect_offsets(text, suspects, start, end):
            if not is_chinese_at(doc, offset):
                continue  # Japanese shinjitai (参, 体) look Simplified but are not
            if context is not None and context.consistent(offset, script):
                continue  # a passage wholly in the other script: a quotation
            expected = self._expected(text, offset, script, scripts, counts)
            if expected is None or not doc.is_prose(offset, offset + 1):
                continue
            yield self._finding(text, offset, script, _preferred(expected, counts))

    def _expected(self, text: str, offset: int, script: str, scripts: Scripts, counts) -> list[str] | None:
        """What the standard conversions write at ``offset``; None when one of them keeps it."""
        window_start, window_end = _window(text, offset)
        window = text[window_start:window_end]
        position = offset - window_start
        char = text[offset]
        if _other_script_neighbour(text, offset, script, scripts):
            return None  # a word in the other script: a quotation or a name
        def keeps(out: str) -> bool:
            return len(out) != len(window) or out[position] == char

        if script == "hant":
            normalized = scripts.to_simplified.convert(window)
            outputs = [scripts.s2t.convert(normalized)]
            if keeps(outputs[0]):
                return None  # asked first: the Taiwan and Hong Kong converters load only past it
            outputs += [conv.convert(normalized) for conv in scripts.to_traditional[1:]]
            phrases, shared = scripts.traditional_phrases, _in(char, scripts.simplified_self)
        else:
            normalized = scripts.s2t.convert(window)
            outputs = [scripts.to_simplified.convert(normalized)]
            phrases, shared = scripts.simplified_phrases, _in(char, scripts.traditional_self)
        if any(keeps(out) for out in outputs):
            return None
        expected = [out[position] for out in outputs]
        if _phrase_changes(phrases, normalized, position, char):
            return expected
        # Without a phrase that says otherwise, a character correct in both
        # scripts stays.  One that a converter would always change, yet left,
        # was kept on purpose (a name) or is debris of another defect (GBK
        # mojibake reads as rare Simplified characters), unless the text
        # itself writes it the other way elsewhere.
        if shared or not any(counts.get(c, 0) for c in expected):
            return None
        return expected

    def _finding(self, text: str, offset: int, script: str, replacement: str) -> Finding:
        char = text[offset]
        found, expected = ("Simplified", "Traditional") if script == "hant" else ("Traditional", "Simplified")
        return Finding(
            offset,
            offset + 1,
            f"{found} '{char}' in {expected} Chinese text: '{replacement}' expected",
            fix=Fix([Edit(offset, offset + 1, replacement)], "unsafe", f"Replace with '{replacement}'"),
        )


_QUOTED = lazy_compile("「[^「」]*」|『[^『』]*』|“[^“”]*”|‘[^‘’\n]*’|《[^《》\n]*》|﹁[^﹁﹂]*﹂")
_BLOCKQUOTE_LINE = lazy_compile(r"[ \t]{0,3}>")
_SENTENCE_ENDS = "。！？!?\n"
_SENTENCE_END = regexcode.compile(f"[{_SENTENCE_ENDS}]")


class _Passages:
    """Whether the passage around a suspect is written wholly in the other script.

    A Simplified article may quote a Traditional passage (a paragraph, a
    Markdown blockquote, a sentence, a passage in 「」 or “”) or the reverse;
    written wholly in one script, such a passage is consistent on its own.
    Only a suspect whose passage also holds characters of the script
    being checked mixes the two.  Asked only for suspects, which clean text
    has few of; what is learnt of a paragraph is kept.
    """

    def __init__(self, doc, scripts: "Scripts") -> None:
        self.doc, self.text, self.scripts = doc, doc.text, scripts
        self._paragraphs: dict[int, tuple] = {}
        self._sentence_ends: dict[int, list[int]] = {}  # paragraph start -> offsets of its sentence ends
        #: (start, end, script, candidates) of the paragraphs clearly of the
        #: other script than the document's, found while checking it.
        self.other_script_paragraphs: list[tuple] = []

    def _own(self, script: str) -> "CharClass":
        return self.scripts.traditional_only if script == "hant" else self.scripts.simplified_only

    def _holds(self, script: str, start: int, end: int, at_least: int = 1) -> bool:
        return start < end and self._own(script).count(self.text, start, end, at_least) >= at_least

    def _paragraph(self, offset: int):
        start, end = paragraph_span(self.doc, offset)
        known = self._paragraphs.get(start)
        if known is None:
            script, found = script_and_candidates(self.scripts, self.text, start, end)
            quoted = [m.span() for m in _QUOTED.finditer(self.text, start, end)]
            known = self._paragraphs[start] = (start, end, script, found, quoted)
        return known

    def consistent(self, offset: int, script: str) -> bool:
        """Whether the suspect at ``offset`` (in text checked as ``script``)
        stands in a passage wholly of the other script."""
        text = self.text
        other = "hans" if script == "hant" else "hant"
        start, end, paragraph_script, found, quoted = self._paragraph(offset)
        if paragraph_script == other:
            entry = (start, end, other, found)
            if entry not in self.other_script_paragraphs:
                self.other_script_paragraphs.append(entry)
            return True
        if not self._holds(script, start, end):
            return True  # nothing in the paragraph is of the script checked
        for quote_start, quote_end in quoted:
            if quote_start < offset < quote_end:
                if not self._holds(script, quote_start + 1, quote_end - 1):
                    return True
                break
        if offset > start:
            # text.rfind("\n", start, offset) + 1 from the line index: a search back
            # per suspect read a one-line page once per suspect
            line_start = self.doc.line_starts[self.doc.line_index(offset)]
            line_start = line_start if line_start - 1 >= start else 0
        else:
            line_start = start
        if _BLOCKQUOTE_LINE.match(text, line_start):
            block_start, block_end = self._blockquote(line_start, start, end)
            if not self._holds(script, block_start, block_end):
                return True
        # the sentence ends around the suspect, looked up among the paragraph's
        # (a search per mark and suspect read a one-line page once per suspect)
        marks = self._sentence_ends.get(start)
        if marks is None:
            marks = self._sentence_ends[start] = [m.start() for m in _SENTENCE_END.finditer(text, start, end)]
        before = bisect.bisect_left(marks, offset)
        sentence_start = marks[before - 1] + 1 if before else start
        sentence_end = marks[before] if before < len(marks) else end
        return not self._holds(script, sentence_start, sentence_end) and self._holds(
            other, sentence_start, sentence_end, 2
        )

    def _blockquote(self, line_start: int, start: int, end: int) -> tuple[int, int]:
        """The run of ``>`` lines holding the line at ``line_start``, within its paragraph."""
        text = self.text
        first = line_start
        while first > start:
            previous = text.rfind("\n", start, first - 1) + 1 if first - 1 > start else start
            if not _BLOCKQUOTE_LINE.match(text, previous):
                break
            first = previous
        last = text.find("\n", line_start, end)
        while 0 <= last < end - 1 and _BLOCKQUOTE_LINE.match(text, last + 1):
            last = text.find("\n", last + 1, end)
        return first, end if last < 0 else last


#: Up to this many suspects, each is looked for with ``str.find`` (a search
#: in C, far faster than a class scan) rather than compiling a class of them:
#: a document's suspects are a new set most of the time, and ``re`` takes
#: about a millisecond to compile one.
_FIND_AT_MOST = 32


def _suspect_offsets(text: str, suspects: set[str], start: int, end: int):
    """The offsets of the suspects in ``text[start:end]``, in order: what a
    class of them finds (each match is one character)."""
    if len(suspects) > _FIND_AT_MOST:
        return [match.start() for match in _suspect_pattern(frozenset(suspects)).finditer(text, start, end)]
    offsets = []
    for char in suspects:
        offset = text.find(char, start, end)
        while offset >= 0:
            offsets.append(offset)
            offset = text.find(char, offset + 1, end)
    offsets.sort()
    return offsets


@functools.lru_cache(maxsize=1024)
def _suspect_pattern(suspects: frozenset):
    return re.compile("[" + "".join(re.escape(c) for c in sorted(suspects)) + "]")


def _paragraph_spans(doc):
    starts = _paragraph_starts(doc)
    ends = starts[1:] + [len(doc.text)]
    return zip(starts, ends)


def _window(text: str, offset: int) -> tuple[int, int]:
    start = offset
    while start > 0 and offset - start < _WINDOW and _HAN_CHAR.match(text[start - 1]):
        start -= 1
    end = offset + 1
    while end < len(text) and end - offset <= _WINDOW and _HAN_CHAR.match(text[end]):
        end += 1
    return start, end


def _other_script_neighbour(text: str, offset: int, script: str, scripts: Scripts) -> bool:
    is_other = scripts.only_simplified if script == "hant" else scripts.only_traditional
    for neighbour in (offset - 1, offset + 1):
        if 0 <= neighbour < len(text) and text[neighbour] in scripts.forms and is_other(text[neighbour]):
            return True
    return False


def _phrase_changes(phrases, normalized: str, position: int, char: str) -> bool:
    if phrases is None:
        return False
    converted = phrases.convert(normalized)
    return len(converted) == len(normalized) and converted[position] != char


def _preferred(candidates: list[str], counts: collections.Counter) -> str:
    """The candidate the text already uses most (Taiwan's 裡 or Hong Kong's 裏), else the first."""
    return max(candidates, key=lambda c: (counts.get(c, 0), -candidates.index(c)))
