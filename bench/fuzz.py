#!/usr/bin/env python3
"""Mutation fuzzing of the engine through the API (issue 14).

    python bench/fuzz.py                     # 100,000 inputs, seed 0
    python bench/fuzz.py --n 2000 --seed 7   # a short run
    python bench/fuzz.py --start 4711 --n 1 --show   # one input again

Each input is a slice of a real document (the seeds, the public cases, the
test fixtures, the shared prose) put through one to four random mutations:
bytes inserted, deleted or duplicated (then decoded as a file would be),
non-breaking and zero-width spaces, a BOM, CR and CRLF line endings mixed
in, front matter, a table, ``textlint-disable``/``enable`` comments, astral
characters, a stretch turned into mojibake, lone surrogates (a str from the
API may hold them).  Input ``i`` depends only on ``--seed`` and ``i``, so a
failure is replayed with ``--start i --n 1``.

Each input is linted and fixed as ``.txt`` and ``.md`` with every rule on,
and these must hold:

- linting never raises, and every finding lies inside the text;
- fixing is idempotent: fixing the fixed text changes nothing more;
- a text with no findings is not changed by fixing.

It prints the counts and the failures (input number, format, invariant,
error), and exits 1 if there was one.  ``tests/test_reliability.py`` runs a
few hundred inputs of it on every CI run; tests/test_properties.py holds the
same invariants over generated (not mutated) text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from textlint.api import _decoded_as, check_document, fix_document_text  # noqa: E402
from textlint.config import Settings  # noqa: E402
from textlint.document import BinaryFileError, Document, decode_bytes  # noqa: E402

SHARED = Path("/work/shared")
#: The longest slice of a source document an input starts from: small
#: inputs keep 100,000 of them within minutes, and damage is local.
MAX_SLICE = 1500
MAX_PROSE_FILES = 300

ALL_RULES = {fmt: Settings(select=["ALL"]).rules_for(f"<fuzz>.{fmt}") for fmt in ("txt", "md")}


def load_sources() -> list[str]:
    """The real documents mutations start from, in a fixed order."""
    texts: list[str] = []
    for folder in (REPO / "seeds", SHARED / "seeds", REPO / "tests" / "fixtures"):
        if folder.is_dir():
            texts += [_read(p) for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".jsonl"]
    for cases in (REPO / "tests" / "fixtures" / "cases" / "public.jsonl", SHARED / "cases" / "public.jsonl"):
        if cases.is_file():
            for line in cases.read_text("utf-8").split("\n"):  # not splitlines: U+2028 is in records
                if not line.strip():
                    continue
                record = json.loads(line)
                texts.append(record.get("text", ""))
    prose = SHARED / "prose"
    if prose.is_dir():
        files = sorted(p for p in prose.rglob("*") if p.is_file())
        step = max(1, len(files) // MAX_PROSE_FILES)
        texts += [_read(p) for p in files[::step]]
    return [t for t in dict.fromkeys(texts) if t.strip()]


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


# -- mutations: (rng, text) -> text ------------------------------------------------------------

INVISIBLES = ["\u00a0", "\u200b", "\ufeff", "\u202f", "\u2060", "\u3000", "\u200d", "\u00ad"]
ASTRAL = ["\U0001f600", "\U00020000", "\U0001d400", "\U0010fffd", "👨\u200d👩\u200d👧", "\U0001f1ef\U0001f1f5"]
SNIPPETS = [
    "---\ntitle: x\n---\n", "+++\ntitle = 'x'\n+++\n", "| a | b |\n|---|---|\n| 中文 | x |\n",
    "<!-- textlint-disable -->\n", "<!-- textlint-enable -->\n", "<!-- textlint-disable-next-line S001 -->\n",
    "<!-- textlint-disable Z001 -->", "```\ncode\u00a0here\n```\n", "<!--", "-->", "&nbsp;", "&amp;nbsp;",
    "</span>", "<br/>", "技(jì)术(shù)", "▲ 图为现场\n", "?", "???", "锟斤拷", "\ufffd", "`", "[a](b)", "> ",
    "- ", "1. ", "    ", "\t", "{x}", "<b>", "中文,中文,", "&&", "\r", "\r\n", "\n\n", "\u2028", "\x00", "\x1b[0m",
]


def _position(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def insert_snippet(rng, text):
    at = _position(rng, text)
    return text[:at] + rng.choice(SNIPPETS) + text[at:]


def inject_invisible(rng, text):
    for _ in range(rng.randint(1, 5)):
        at = _position(rng, text)
        text = text[:at] + rng.choice(INVISIBLES) * rng.randint(1, 3) + text[at:]
    return text


def inject_astral(rng, text):
    at = _position(rng, text)
    return text[:at] + rng.choice(ASTRAL) + text[at:]


def mix_line_endings(rng, text):
    lines = text.split("\n")
    return "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in lines[:-1]) + lines[-1]


def front_matter(rng, text):
    return rng.choice(["---\ntitle: t\n---\n", "---\n\n", "\ufeff---\na: 1\n---\n"]) + text


def bom(rng, text):
    return "\ufeff" + text


def delete_range(rng, text):
    at = _position(rng, text)
    return text[:at] + text[at + rng.randint(1, 20):]


def duplicate_range(rng, text):
    at = _position(rng, text)
    piece = text[at:at + rng.randint(1, 40)]
    return text[:at] + piece * rng.randint(2, 6) + text[at:]


def mojibake(rng, text):
    at = _position(rng, text)
    end = at + rng.randint(1, 60)
    codec = rng.choice(["cp1252", "latin-1", "gbk", "shift_jis", "koi8-r", "cp866", "big5"])
    garbled = text[at:end].encode("utf-8", "surrogatepass").decode(codec, "replace")
    return text[:at] + garbled + text[end:]


def lone_surrogate(rng, text):
    at = _position(rng, text)
    return text[:at] + rng.choice(["\udc80", "\ud83d", "\udfff"]) + text[at:]


def byte_damage(rng, text):
    """Insert, delete or duplicate bytes, then decode as a file is: half a
    UTF-8 sequence, a stray lead byte, a cut at any place."""
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(3)
        if kind == 0:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3)))
        elif kind == 1:
            del data[at:at + rng.randint(1, 4)]
        else:
            data[at:at] = data[at:at + rng.randint(1, 8)]
    return bytes(data)


MUTATIONS: list[Callable] = [
    insert_snippet, insert_snippet, inject_invisible, inject_astral, mix_line_endings, front_matter, bom,
    delete_range, duplicate_range, mojibake, mojibake, lone_surrogate, byte_damage, byte_damage,
]


def make_input(sources: list[str], seed: int, index: int) -> tuple[str | bytes, list[str]]:
    """Input number ``index``: a text (or bytes, after byte damage) and the
    names of the mutations that made it."""
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(sources)
    length = rng.randint(1, MAX_SLICE)
    start = rng.randint(0, max(0, len(source) - length))
    value: str | bytes = source[start:start + length]
    names = []
    for _ in range(rng.randint(1, 4)):
        mutation = rng.choice(MUTATIONS)
        if isinstance(value, bytes):  # after byte damage, read it as a file is
            decoded = _decode(value)
            if decoded is None:
                return b"", names + ["binary"]
            value = decoded.text
        value = mutation(rng, value)
        names.append(mutation.__name__)
    return value, names


def _decode(data: bytes):
    try:
        return decode_bytes(data)
    except BinaryFileError:
        return None


# -- the invariants --------------------------------------------------------------------------


def check_one(value, fmt: str, unsafe: bool) -> tuple[str, str] | None:
    """The first broken invariant as (name, detail), or None."""
    decoded = None
    if isinstance(value, bytes):
        decoded = _decode(value)
        if decoded is None:
            return None  # binary: the runner reports E902 and lints nothing
        text = decoded.text
    else:
        text = value
    path, rules = f"<fuzz>.{fmt}", ALL_RULES[fmt]
    stage = "lint"
    try:
        findings = check_document(Document(text, path, fmt, decoded=decoded), rules)
        for finding in findings:
            if not 0 <= finding.start <= finding.end <= len(text):
                return "finding outside the text", f"{finding.code} {finding.start}-{finding.end} of {len(text)}"
        stage = "fix"
        once = fix_document_text(text, path, fmt, rules, unsafe, decoded).text
        stage = "fix again"
        # as a second run would read the file: its undecodable bytes are still there
        again = _decoded_as(decoded, once) if decoded else None
        twice = fix_document_text(once, path, fmt, rules, unsafe, again).text
    except Exception as error:  # the invariant under test: report, never stop
        return f"{stage} raised", "".join(traceback.format_exception_only(type(error), error)).strip()
    if twice != once:
        return "fix not idempotent", _first_difference(once, twice)
    if not findings and once != text:
        return "clean text changed", _first_difference(text, once)
    return None


def _first_difference(before: str, after: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    return f"at {at}: {before[max(0, at - 20):at + 20]!r} -> {after[max(0, at - 20):at + 20]!r}"


def run(n: int, seed: int, start: int = 0, show: bool = False, out=sys.stdout) -> tuple[Counter, list]:
    """Fuzz inputs ``start`` to ``start + n``; the counts and the failures."""
    sources = load_sources()
    counts: Counter = Counter()
    failures = []
    for index in range(start, start + n):
        value, names = make_input(sources, seed, index)
        counts["inputs"] += 1
        if names and names[-1] == "binary":
            counts["binary (skipped)"] += 1
            continue
        for fmt in ("txt", "md"):
            unsafe = (index + (fmt == "md")) % 2 == 0
            if show:
                print(f"input {index} {fmt} ({'+'.join(names)}): {value!r}", file=out)
            broken = check_one(value, fmt, unsafe)
            counts[f"{fmt} runs"] += 1
            if broken:
                counts["failures"] += 1
                failures.append((index, fmt, unsafe, "+".join(names), *broken))
                print(f"failure: input {index} as .{fmt}: {broken[0]}", file=sys.stderr, flush=True)
        if (index + 1 - start) % 5000 == 0:
            print(f"... {index + 1 - start} inputs, {counts['failures']} failures", file=sys.stderr, flush=True)
    return counts, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to run (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first input number (to replay one)")
    parser.add_argument("--show", action="store_true", help="print each input")
    args = parser.parse_args(argv)
    counts, failures = run(args.n, args.seed, args.start, args.show)
    print(" ".join(f"{name}: {count:,};" for name, count in counts.items()))
    for index, fmt, unsafe, names, invariant, detail in failures[:50]:
        print(f"input {index} ({names}) as .{fmt}{' unsafe' if unsafe else ''}: {invariant}: {detail}")
    if len(failures) > 50:
        print(f"... and {len(failures) - 50} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
