#!/usr/bin/env python3
"""How textlint's cost grows on pathological input (issue 14).

    python bench/patho.py                      # 1, 2, 4, 8 MB: the issue's table
    python bench/patho.py --sizes 0.25,0.5,1   # a quick look for offenders
    python bench/patho.py --shapes nbsp,zwsp   # only these shapes

Each shape is built at each size (in MB of UTF-8) in a temporary folder, as
``.txt`` and ``.md``, and ``textlint check --no-cache --format json`` runs on
each file in its own process, its report streamed away (only its lines are
counted: the JSON reporter writes one finding a line).  Peak RSS comes from
``os.wait4``: ``resource.getrusage(RUSAGE_CHILDREN)`` would give the largest
child so far, not this one.

The growth exponent is the least-squares slope of log(seconds) over
log(size): 1 is linear, 2 quadratic.  A row meets the issue's bar when its
exponent is at most 1.1 and its 8 MB file takes at most 10 s; a run with
smaller sizes projects the 8 MB time from its largest file (start-up
aside), linearly or along the fitted slope where that is steeper.  The
slope is fitted on the whole time, start-up included (the start-up run on an
empty file is shown beside the table): on a shared machine the difference
of two noisy times made small files' slopes meaningless, and at 1 to 8 MB
the start-up is a small part.

The sizes run as users run them, with the default findings cap (10,000 a
file: the rules that can flood stop past it).  Each shape is also run once
with ``--max-findings-per-file 0`` at ``--all-at`` MB (default 1), where
every finding is worked out and reported: its seconds, findings and
findings per second are the table's last columns, the densest shape's
findings per second the line under it.  Nothing here asserts a time: it
prints a Markdown table.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
PROSE = Path("/work/shared/prose")
MB = 1_000_000

HAN = "中文字體為者的了是在底層技術團隊阿里巴巴今天天氣很好我們一起去公園散步吧"
PINYIN = {"技": "jì", "术": "shù", "团": "tuán", "队": "duì", "中": "zhōng", "文": "wén"}


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` bytes of UTF-8 (whole units only)."""
    count = max(1, size // len(unit.encode("utf-8")))
    return unit * count


def _zh_comma(size: int) -> str:
    # one line, as a scraped page gives it: three Han characters, a comma
    unit = "".join(HAN[i : i + 3] + "," for i in range(0, 30, 3))
    return _repeat(unit, size) + "\n"


def _zh_comma_lines(size: int) -> str:
    unit = "".join(HAN[i : i + 4] + ",\n" for i in range(0, 32, 4))
    return _repeat(unit, size)


def _han_pinyin(size: int) -> str:
    unit = "".join(f"{han}({pinyin})" for han, pinyin in PINYIN.items())
    return _repeat(unit, size) + "\n"


def _nbsp(size: int) -> str:
    return _repeat("a\u00a0", size) + "\n"


def _zwsp(size: int) -> str:
    return _repeat("a\u200b", size) + "\n"


def _qmarks(size: int) -> str:
    unit = "".join("?" * length + "\n" for length in (1, 3, 7, 12, 40, 2, 5))
    return _repeat(unit, size)


def _captions(size: int) -> str:
    return _repeat("▲ 图为现场\n\n▲图：活动照片\n\n", size)


def _amps(size: int) -> str:
    return _repeat("&&" * 31 + " ", size) + "\n"


def _unclosed_comment(size: int) -> str:
    return _repeat("<!-- a note left open\nThe text goes on after it.\n", size)


_PROSE_CACHE: list[str] = []


def _real_docs(size: int) -> str:
    if not _PROSE_CACHE:
        files = sorted(p for p in PROSE.rglob("*") if p.is_file() and p.suffix in {".md", ".mdx", ".txt"})
        _PROSE_CACHE.append("\n\n".join(p.read_text("utf-8", "replace") for p in files))
    whole = _PROSE_CACHE[0]
    text = whole * (size // len(whole.encode("utf-8")) + 1)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


#: name -> (builder, the formats it is built as)
SHAPES: dict[str, tuple[Callable[[int], str], tuple[str, ...]]] = {
    "zh-comma": (_zh_comma, ("txt", "md")),
    "zh-comma-lines": (_zh_comma_lines, ("txt", "md")),
    "han-pinyin": (_han_pinyin, ("txt", "md")),
    "nbsp": (_nbsp, ("txt", "md")),
    "zwsp": (_zwsp, ("txt", "md")),
    "qmarks": (_qmarks, ("txt", "md")),
    "captions": (_captions, ("md",)),
    "amps": (_amps, ("txt", "md")),
    "unclosed-comment": (_unclosed_comment, ("txt",)),
    "real-docs": (_real_docs, ("txt", "md")),
}


def run_cli(path: Path, timeout: float, cap: int | None = None) -> tuple[float, int, int, int]:
    """Seconds, peak RSS in KB, findings reported and exit status of one
    check; ``cap``: ``--max-findings-per-file`` (None: the default)."""
    capping = [] if cap is None else ["--max-findings-per-file", str(cap)]
    argv = [sys.executable, "-m", "textlint", "check", "--no-cache", "--format", "json", *capping, str(path)]
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=path.parent, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    newlines = 0
    while chunk := proc.stdout.read(1 << 20):
        newlines += chunk.count(b"\n")
        if time.perf_counter() - start > timeout:
            proc.kill()
            break
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    # "[", a line per finding, "]": two lines more than findings ("[]" is one)
    return elapsed, usage.ru_maxrss, max(0, newlines - 2), proc.returncode


def slope(sizes: list[float], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) over log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-3)) for t in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="file sizes in MB, comma-separated (default 1,2,4,8)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes to run, comma-separated")
    parser.add_argument("--formats", default="txt,md", help="formats to build each shape as, of txt,md (default both)")
    parser.add_argument("--timeout", type=float, default=120, help="give up on one file after this many seconds")
    parser.add_argument("--bar", type=float, default=10.0, help="seconds the largest file may take (default 10)")
    parser.add_argument("--all-at", type=float, default=1.0,
                        help="size in MB run once with every finding (--max-findings-per-file 0); 0 skips it")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}; known: {', '.join(SHAPES)}")

    wanted_formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    rows = []
    with tempfile.TemporaryDirectory(prefix="textlint-patho-") as folder:
        root = Path(folder)
        (root / "textlint.toml").write_text("", encoding="utf-8")  # no configuration from above
        empty = root / "empty.txt"
        empty.write_text("", encoding="utf-8")
        startup = min(run_cli(empty, args.timeout)[0] for _ in range(3))
        for shape in shapes:
            build, formats = SHAPES[shape]
            for fmt in (fmt for fmt in formats if fmt in wanted_formats):
                measured = []
                for size in sizes:
                    path = root / f"{shape}-{size:g}MB.{fmt}"
                    path.write_text(build(int(size * MB)), encoding="utf-8")
                    seconds, rss, findings, code = run_cli(path, args.timeout)
                    path.unlink()
                    measured.append((size, seconds, rss, findings, code))
                    print(f"{shape}.{fmt} {size:g} MB: {seconds:.2f} s, {rss / 1024:.0f} MB RSS, "
                          f"{findings} findings reported, exit {code}", file=sys.stderr, flush=True)
                whole = None
                if args.all_at:
                    path = root / f"{shape}-{args.all_at:g}MB-all.{fmt}"
                    path.write_text(build(int(args.all_at * MB)), encoding="utf-8")
                    whole = run_cli(path, args.timeout, cap=0)
                    path.unlink()
                    print(f"{shape}.{fmt} {args.all_at:g} MB, every finding: {whole[0]:.2f} s, "
                          f"{whole[1] / 1024:.0f} MB RSS, {whole[2]} findings, exit {whole[3]}",
                          file=sys.stderr, flush=True)
                rows.append((shape, fmt, measured, whole))
    print(report(rows, sizes, startup, args.bar, args.all_at))
    return 0


def report(rows, sizes: list[float], startup: float, bar: float, all_at: float = 0) -> str:
    largest = max(sizes)
    head = " | ".join(f"{s:g} MB s" for s in sizes)
    # below 8 MB the bar is judged on the time the fitted slope gives for 8 MB
    projected = largest < 8
    whole_head = f" | every finding at {all_at:g} MB: s | findings | findings/s" if all_at else ""
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"{platform.system()}, Python {platform.python_version()}, {os.cpu_count()} cores "
        f"(shared, load average {os.getloadavg()[0]:.1f} at the end); start-up {startup:.2f} s.",
        "",
        f"| shape | {head} | exponent | {'8 MB s (projected)' if projected else '8 MB s'} "
        f"| peak RSS at {largest:g} MB | reported at {largest:g} MB{whole_head} | met |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | ---: | ---: | ---: |"
        + (" ---: | ---: | ---: |" if all_at else "") + " --- |",
    ]
    densest = None
    for shape, fmt, measured, whole in rows:
        seconds = [m[1] for m in measured]
        exponent = slope([m[0] for m in measured], seconds)
        last = measured[-1]
        growing = max(last[1] - startup, 0.0)  # the start-up does not grow with the file
        at_eight = startup + growing * (8 / largest) ** max(exponent, 1.0) if projected else last[1]
        failed = any(m[4] not in (0, 1) for m in measured)
        met = exponent <= 1.1 and at_eight <= bar and not failed
        verdict = "met" if met else "**not met**" + (" (exit 2)" if failed else "")
        cells = " | ".join(f"{t:.2f}" for t in seconds)
        whole_cells = ""
        if all_at and whole is not None:
            rate = f"{whole[2] / whole[0]:,.0f}" if whole[2] else "–"
            whole_cells = f" | {whole[0]:.2f} | {whole[2]:,} | {rate}"
            if densest is None or whole[2] > densest[2][2]:
                densest = (shape, fmt, whole)
        lines.append(
            f"| {shape} (.{fmt}) | {cells} | {exponent:.2f} | {at_eight:.1f} | {last[2] / 1024:.0f} MB "
            f"| {last[3]:,}{whole_cells} | {verdict} |"
        )
    if densest and densest[2][2]:
        shape, fmt, whole = densest
        lines.append("")
        lines.append(f"Densest: {shape} (.{fmt}), every one of its {whole[2]:,} findings at {all_at:g} MB "
                     f"in {whole[0]:.1f} s: {whole[2] / whole[0]:,.0f} findings/s.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
