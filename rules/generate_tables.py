"""Generate the tables checked in under ``rules/data/``.

    python -m textlint_rules.generate_tables [KIND ...]

Run it when what a ``_derive_*`` function computes changes, or to take a new
version of a dependency, and review the result like code: each file records
the versions it was derived from.  The test suite derives every table again
where the installed versions are the recorded ones and checks that the
checked-in bytes come out.  Nothing here runs when textlint lints.
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable

from textlint_rules import tables


def _codec_tables():
    from textlint_rules.mojibake.tables import derive_codec_tables

    return derive_codec_tables()


def _charmodel():
    from textlint_rules.mojibake.tables import derive_wordfreq_table

    return derive_wordfreq_table()


def _pairwords():
    from textlint_rules.mojibake.tables import derive_pair_words

    return derive_pair_words()


def _gbk_likeliest():
    from textlint_rules.mojibake.misaligned import derive_likeliest_table

    return derive_likeliest_table()


def _language_words():
    from textlint_rules.legacy_encoding import derive_word_lists

    return derive_word_lists()


def _opencc_characters():
    import opencc

    from textlint_rules.chinese.scripts import derive_opencc_characters, opencc_share_dir

    return derive_opencc_characters(opencc, opencc_share_dir(opencc))


def _pinyin_syllables():
    from textlint_rules.chinese.pinyin import PinyinSyllables

    return PinyinSyllables._derive()


#: Every table: what it is derived from ("python": the interpreter's codecs
#: and Unicode data) and how.  In the order they are generated: the likeliest
#: GBK characters are judged by the character model's table.
TABLES: dict[str, tuple[tuple[str, ...], Callable[[], object]]] = {
    "codec-tables": (("python",), _codec_tables),
    "charmodel": (("wordfreq",), _charmodel),
    "pairwords": (("wordfreq",), _pairwords),
    "gbk-likeliest": (("wordfreq", "opencc"), _gbk_likeliest),
    "language-words": (("wordfreq",), _language_words),
    "opencc-characters": (("opencc",), _opencc_characters),
    "pinyin-syllables": (("pypinyin",), _pinyin_syllables),
}


def installed_versions(kind: str) -> dict[str, str | None]:
    """The installed versions of what ``kind`` is derived from (None: not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in TABLES[kind][0]:
        if name == "python":
            found[name] = "{}.{}".format(*sys.version_info[:2])
            continue
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def derived(kind: str) -> bytes:
    """The table of ``kind`` derived now, as it is stored (uncompressed)."""
    value = TABLES[kind][1]()
    if not value:
        raise RuntimeError(f"{kind}: the derivation gave nothing (is a tool or a data file missing?)")
    return tables.encode(value, installed_versions(kind))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kinds", nargs="*", metavar="KIND", help="the tables to generate (all by default): " + ", ".join(TABLES))
    args = parser.parse_args(argv)
    unknown = sorted(set(args.kinds) - set(TABLES))
    if unknown:
        parser.error(f"no table named {', '.join(unknown)}")
    tables.FOLDER.mkdir(exist_ok=True)
    for kind in args.kinds or TABLES:
        data = derived(kind)
        tables.path_of(kind).write_bytes(tables.compress(data))
        tables.stored.cache_clear()  # a later table may be derived from this one
        print(f"{tables.path_of(kind).name}: {len(data):,} bytes of JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
