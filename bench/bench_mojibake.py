"""Throughput of the M rules against ftfy.fix_text, over the same texts.

    python bench/bench_mojibake.py [PROSE_DIR] [--runs 5] [--limit-mb 4]

Clean text: the files under PROSE_DIR (default ../shared/prose, real
documentation in seven languages).  Damaged text: the same files with one
line in ten garbled by really encoding and decoding it (UTF-8 read as
Windows-1252, as GBK, GBK one byte off, characters lost as U+FFFD).  Each
side is timed over the same texts, best of several runs after one warm-up
(which also pays the one-off costs: imports, the character model), and the
script prints MB/s and the ratio.  It also times what a fresh process (each
worker of the parallel runner) pays before the first judgement, with the
character table derived and read from the disk cache.  Nothing here
asserts a time.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from textlint.api import check_document
from textlint.config import Settings
from textlint.document import Document, format_for_path

DEFAULT_PROSE = Path(__file__).resolve().parents[2] / "shared" / "prose"


def load(root: Path, limit_mb: float) -> list[tuple[str, str]]:
    """Files taken in turn from each language folder, up to ``limit_mb``."""
    folders = [sorted(folder.rglob("*.md*")) for folder in sorted(root.iterdir()) if folder.is_dir()]
    texts, size = [], 0
    for group in zip(*folders) if folders else ():
        for path in group:
            text = path.read_text(encoding="utf-8")
            texts.append((str(path), text))
            size += len(text.encode("utf-8"))
        if size > limit_mb * 1e6:
            break
    return texts


def damage(text: str, index: int) -> str:
    """One line in ten garbled, the kind of garbling chosen by line number."""
    lines = text.split("\n")
    for number in range(index % 10, len(lines), 10):
        lines[number] = _garble(lines[number], number)
    return "\n".join(lines)


def _garble(line: str, number: int) -> str:
    kind = number % 4
    try:
        if kind == 0:
            return line.encode("utf-8").decode("cp1252", errors="replace")
        if kind == 1:
            return line.encode("utf-8").decode("gbk", errors="replace")
        if kind == 2:
            return line.encode("gbk", errors="replace")[1:].decode("gbk", errors="replace")
    except UnicodeError:
        return line
    return line[: len(line) // 2] + "\ufffd" + line[len(line) // 2 + 1:]


def run_rules(texts, rules) -> int:
    found = 0
    for path, text in texts:
        found += len(check_document(Document(text, path, format_for_path(path)), rules))
    return found


def run_ftfy(texts) -> int:
    import ftfy

    return sum(ftfy.fix_text(text) != text for _, text in texts)


def best_time(function, runs: int) -> float:
    function()  # warm-up: imports, the character model, compiled patterns
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def start_up(runs: int) -> tuple[float, float]:
    """Seconds a fresh process takes to build the character model and the
    pre-check, as every worker of the parallel runner does: with the
    character table derived from wordfreq (an empty cache folder) and read
    back from the disk cache."""
    import os
    import subprocess
    import sys
    import tempfile

    code = (
        "import time; t = time.perf_counter()\n"
        "from textlint_rules import mojibake\n"
        "mojibake.char_model(); mojibake._triggers()\n"
        "print(time.perf_counter() - t)\n"
    )

    def once(env) -> float:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return float(out.stdout)

    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, XDG_CACHE_HOME=folder)
            cold.append(once(env))  # derives the table and writes the cache
            warm.append(once(env))  # reads it back
    return min(cold), min(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prose", nargs="?", default=str(DEFAULT_PROSE))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit-mb", type=float, default=4.0)
    args = parser.parse_args()

    clean = load(Path(args.prose), args.limit_mb)
    damaged = [(path, damage(text, index)) for index, (path, text) in enumerate(clean)]
    rules = Settings(select=["M"]).rules_for("x.md")
    cold, warm = start_up(max(1, args.runs // 2))
    print(f"start-up per process: {cold:.3f} s with the character table derived, {warm:.3f} s read from the cache")
    print(f"{'corpus':10} {'MB':>6} {'M rules MB/s':>13} {'ftfy MB/s':>10} {'ratio':>7}  findings")
    for name, texts in (("clean", clean), ("damaged", damaged)):
        megabytes = sum(len(text.encode("utf-8")) for _, text in texts) / 1e6
        rules_time = best_time(lambda: run_rules(texts, rules), args.runs)
        ftfy_time = best_time(lambda: run_ftfy(texts), args.runs)
        findings = run_rules(texts, rules)
        print(
            f"{name:10} {megabytes:6.2f} {megabytes / rules_time:13.1f} {megabytes / ftfy_time:10.1f} "
            f"{ftfy_time / rules_time:6.1f}x  {findings}"
        )


if __name__ == "__main__":
    main()
