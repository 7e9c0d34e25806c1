#!/usr/bin/env python3
"""The Python tools bench.py times, each run alone in its own process.

    python bench/peers.py KIND FILELIST

FILELIST holds one path a line.  KIND is one of:

  floor           read, decode as UTF-8, one regex over the text (the floor
                  for any tool written in Python)
  ftfy-encoding   ftfy.fix_encoding on each file's text
  ftfy-text       ftfy.fix_text on each file's text
  autocorrect-py  autocorrect_py.lint_for on each file's text

Each prints how many files it read and what it found, so a run that read
nothing is easy to spot.
"""
from __future__ import annotations

import re
import sys


def _texts(filelist: str):
    with open(filelist, encoding="utf-8") as handle:
        paths = [line.rstrip("\n") for line in handle if line.strip()]
    for path in paths:
        with open(path, "rb") as source:
            yield path, source.read().decode("utf-8", errors="replace")


def floor(filelist: str) -> str:
    pattern = re.compile("[\u00a0\u2000-\u200f\u2028-\u202f\u2060\ufeff]")
    files = hits = 0
    for _, text in _texts(filelist):
        files += 1
        hits += len(pattern.findall(text))
    return f"{files} files, {hits} matches"


def ftfy_encoding(filelist: str) -> str:
    import ftfy

    files = changed = 0
    for _, text in _texts(filelist):
        files += 1
        changed += ftfy.fix_encoding(text) != text
    return f"{files} files, {changed} changed"


def ftfy_text(filelist: str) -> str:
    import ftfy

    files = changed = 0
    for _, text in _texts(filelist):
        files += 1
        changed += ftfy.fix_text(text) != text
    return f"{files} files, {changed} changed"


def autocorrect_py(filelist: str) -> str:
    import autocorrect_py

    files = problems = 0
    for path, text in _texts(filelist):
        files += 1
        problems += len(autocorrect_py.lint_for(text, path).lines)
    return f"{files} files, {problems} problems"


KINDS = {
    "floor": floor,
    "ftfy-encoding": ftfy_encoding,
    "ftfy-text": ftfy_text,
    "autocorrect-py": autocorrect_py,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in KINDS:
        print(__doc__, file=sys.stderr)
        return 2
    print(KINDS[argv[0]](argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
