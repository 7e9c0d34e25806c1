#!/usr/bin/env python3
"""Benchmark textlint against the tools a user would pick instead (issue 6).

    python bench/bench.py                       # 2,000 files, 20 MB, 3 runs each
    python bench/bench.py --files 200 --size-mb 2 --runs 2   # a quick run

It builds the corpus with bench/make_corpus.py (deterministic, stdlib only)
in a work folder outside the repository, then times, side by side and in the
same run, each tool over the same files, ``--runs`` times each, round-robin
(run 1 of every tool, then run 2 of every tool, ...), so a noisy neighbour
slows every tool alike:

- ``textlint check`` with every default rule, cold (``--no-cache``) and with
  a warm cache; ``textlint fix`` on a fresh copy of the corpus (the copy is
  made before each run and not timed); ``textlint check --jsonl`` over the
  same texts as JSON Lines records (``--dask`` adds a run on a Dask
  LocalCluster);
- the floors: ``cat`` of every file, and Python reading, decoding and running
  one regex over every file;
- the peers: ftfy ``fix_encoding`` and ``fix_text``, autocorrect-py's
  ``lint_for`` (Python binding of the Rust autocorrect), and where Node.js is
  present, autocorrect-node's CLI (``autocorrect --lint``) and JavaScript
  textlint with textlint-rule-no-zero-width-spaces, installed with npm into
  ``--node-dir`` (outside the repository).  A tool that cannot be installed
  or run is reported as skipped.

Each run is its own process; its peak RSS comes from ``os.wait4`` (for a
tool with worker processes, the largest process of its tree).  It also times
``textlint check one.md`` against ``python -c pass`` (start-up).  The report
is Markdown on stdout and, with ``--out`` (default bench/out/), a file, with
the raw numbers as JSON beside it.  Nothing here asserts a time.

Why the work folder is outside the repository: bench/corpus/ is git-ignored,
and the peers that honour .gitignore would skip it.  A coverage check after
the first textlint run makes sure textlint reported the files the generator
put defects into.

Before timing, the package's bytecode is compiled (``compileall``): pip does
that when it installs textlint, but a source checkout run where
PYTHONDONTWRITEBYTECODE is set would compile every module at every start and
measure the compiler, not the linter.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "make_corpus.py"
SHARED_GENERATOR = REPO.parent / "shared" / "bench" / "make_corpus.py"
NODE_PACKAGES = ["autocorrect-node", "textlint", "textlint-rule-no-zero-width-spaces"]


@dataclass
class Tool:
    name: str
    argv: list[str]
    cwd: str | None = None
    prepare: Callable[[], None] | None = None  # before each run, not timed
    ok_codes: tuple[int, ...] = (0, 1)
    role: str = "peer"  # "textlint", "floor" or "peer"
    note: str = ""
    skipped: str = ""
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    failure: str = ""
    output: str = ""


# -- running and measuring ---------------------------------------------------------------------


class Meter:
    """Runs one command: its wall time, exit code and peak RSS.

    RUSAGE_CHILDREN is a running maximum over every child so far, useless
    for the second tool; so each child is reaped with ``os.wait4``, whose
    rusage is that child's (with its own reaped children: a pool's largest
    process)."""

    @staticmethod
    def run(argv: list[str], cwd: str | None = None, capture: bool = False, timeout: float = 3600):
        env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
        out_file = tempfile.TemporaryFile() if capture else None
        err_file = tempfile.TemporaryFile()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=out_file if capture else subprocess.DEVNULL, stderr=err_file,
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
        out = ""
        if out_file is not None:
            out_file.seek(0)
            out = out_file.read().decode("utf-8", "replace")
        return elapsed, proc.returncode, usage.ru_maxrss, out, err


# -- the corpus ----------------------------------------------------------------------------------


def ensure_generator() -> Path:
    if not GENERATOR.exists() and SHARED_GENERATOR.exists():
        shutil.copy(SHARED_GENERATOR, GENERATOR)
    if not GENERATOR.exists():
        sys.exit(f"bench: no corpus generator at {GENERATOR}")
    return GENERATOR


def ensure_corpus(workdir: Path, files: int, size_mb: float, seed: int) -> tuple[Path, dict]:
    name = f"corpus-{files}-{size_mb:g}mb-{seed}"
    corpus = workdir / name
    manifest_path = workdir / f"{name}.manifest.json"
    if corpus.is_dir() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all((corpus / f["path"]).is_file() for f in manifest["files"]):
            return corpus, manifest
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(ensure_generator()), "--out", str(corpus), "--files", str(files),
         "--size-mb", str(size_mb), "--seed", str(seed), "--manifest", str(manifest_path)],
        check=True,
    )
    return corpus, json.loads(manifest_path.read_text(encoding="utf-8"))


def write_jsonl(corpus: Path, manifest: dict, target: Path) -> None:
    if target.exists():
        return
    with open(target, "w", encoding="utf-8") as out:
        for entry in manifest["files"]:
            text = (corpus / entry["path"]).read_text(encoding="utf-8")
            fmt = "md" if entry["path"].endswith(".md") else "txt"
            out.write(json.dumps({"path": entry["path"], "format": fmt, "text": text}, ensure_ascii=False) + "\n")


# -- the tools ----------------------------------------------------------------------------------


def textlint_command() -> list[str]:
    script = Path(sys.executable).parent / "textlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "textlint"]


def python_has(module: str) -> str | None:
    """The module's version if this interpreter can import it."""
    probe = subprocess.run(
        [sys.executable, "-c", f"import importlib.metadata as m, {module}; print('ok')"],
        capture_output=True, text=True,
    )
    return "ok" if probe.returncode == 0 else None


def dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001
        return "?"


def ensure_node(node_dir: Path, install: bool) -> tuple[dict[str, str], str]:
    """Paths of the Node tools, or why they are skipped."""
    if not shutil.which("node"):
        return {}, "Node.js not found"
    bins = node_dir / "node_modules" / ".bin"
    wanted = {"autocorrect": bins / "autocorrect", "textlint": bins / "textlint"}
    rule = node_dir / "node_modules" / "textlint-rule-no-zero-width-spaces"
    if not all(p.exists() for p in wanted.values()) or not rule.exists():
        if not install:
            return {}, f"not installed in {node_dir} (run without --no-install)"
        if not shutil.which("npm"):
            return {}, "npm not found"
        node_dir.mkdir(parents=True, exist_ok=True)
        if not (node_dir / "package.json").exists():
            (node_dir / "package.json").write_text('{"name": "textlint-bench-peers", "private": true}\n')
        print(f"bench: npm install {' '.join(NODE_PACKAGES)} in {node_dir}", file=sys.stderr)
        proc = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", *NODE_PACKAGES],
            cwd=node_dir, capture_output=True, text=True,
        )
        if proc.returncode != 0:
            return {}, f"npm install failed: {proc.stderr.strip().splitlines()[-1:]}"
    return {k: str(v) for k, v in wanted.items() if v.exists()}, ""


def node_version(node_dir: Path, package: str) -> str:
    try:
        data = json.loads((node_dir / "node_modules" / package / "package.json").read_text())
        return data.get("version", "?")
    except OSError:
        return "?"


def build_tools(args, corpus: Path, filelist: Path, jsonl: Path, workdir: Path) -> tuple[list[Tool], dict]:
    textlint = textlint_command()
    versions = {"textlint": dist_version("textlint")}
    run_dir = workdir / "run"  # cwd of textlint runs: the cache lives here
    run_dir.mkdir(exist_ok=True)
    fix_copy = workdir / "fix-copy"

    def fresh_copy() -> None:
        if fix_copy.exists():
            shutil.rmtree(fix_copy)
        shutil.copytree(corpus, fix_copy)

    quiet = ["--exit-zero", "-q"]
    first_run_cache = workdir / "first-run-cache"  # emptied before each run, so every run is a machine's first
    tools = [
        Tool("`textlint check` (every default rule, cold: --no-cache)",
             textlint + ["check", "--no-cache", *quiet, str(corpus)], cwd=str(run_dir), role="textlint"),
        Tool("`textlint check` (cold, and the machine's first run: no compiled-pattern store, rule table or "
             "entry-point list in the cache folder yet)",
             ["env", f"XDG_CACHE_HOME={first_run_cache}"] + textlint + ["check", "--no-cache", *quiet, str(corpus)],
             cwd=str(run_dir), prepare=lambda: shutil.rmtree(first_run_cache, ignore_errors=True), role="textlint"),
        Tool("`textlint check` (warm cache, unchanged tree)",
             textlint + ["check", *quiet, str(corpus)], cwd=str(run_dir), role="textlint"),
        Tool("`textlint fix` (fresh copy each run)",
             textlint + ["fix", *quiet, str(fix_copy)], cwd=str(run_dir), prepare=fresh_copy, role="textlint"),
        Tool("`textlint check --jsonl` (the same texts as one JSON Lines file)",
             textlint + ["check", "--jsonl", *quiet, str(jsonl)], cwd=str(run_dir), role="textlint"),
    ]
    if args.dask:
        dask_ok = python_has("distributed")
        tools.append(Tool("`textlint check --jsonl --executor dask` (a LocalCluster)",
                          textlint + ["check", "--jsonl", "--executor", "dask", *quiet, str(jsonl)],
                          cwd=str(run_dir), role="textlint", note="includes cluster start-up",
                          skipped="" if dask_ok else "distributed not installed (pip install 'textlint[dask]')"))
    tools += [
        Tool("`cat` of every file (floor)", ["xargs", "-d", "\n", "-a", str(filelist), "cat"], role="floor",
             ok_codes=(0,)),
        Tool("Python: read, decode, one regex per file (floor)",
             [sys.executable, str(HERE / "peers.py"), "floor", str(filelist)], role="floor", ok_codes=(0,)),
    ]
    ftfy = python_has("ftfy")
    versions["ftfy"] = dist_version("ftfy")
    for kind, label in (("ftfy-encoding", "ftfy `fix_encoding` per file"), ("ftfy-text", "ftfy `fix_text` per file")):
        tools.append(Tool(label, [sys.executable, str(HERE / "peers.py"), kind, str(filelist)], ok_codes=(0,),
                          skipped="" if ftfy else "ftfy not installed"))
    autocorrect_py = python_has("autocorrect_py")
    versions["autocorrect-py"] = dist_version("autocorrect-py")
    tools.append(Tool("autocorrect-py `lint_for` per file",
                      [sys.executable, str(HERE / "peers.py"), "autocorrect-py", str(filelist)], ok_codes=(0,),
                      skipped="" if autocorrect_py else "autocorrect-py not installed (pip install autocorrect-py)"))
    node_dir = Path(args.node_dir)
    node_bins, why = ensure_node(node_dir, not args.no_install) if not args.no_node else ({}, "--no-node")
    if node_bins:
        versions["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        for package in NODE_PACKAGES:
            versions[f"{package} (npm)"] = node_version(node_dir, package)
    tools.append(Tool("autocorrect-node CLI `autocorrect --lint` (Rust, all cores)",
                      [node_bins.get("autocorrect", "autocorrect"), "--lint", "--quiet", str(corpus)],
                      cwd=str(node_dir), skipped="" if "autocorrect" in node_bins else why))
    tools.append(Tool("textlint (JavaScript) + textlint-rule-no-zero-width-spaces",
                      [node_bins.get("textlint", "textlint"), "--rule", "no-zero-width-spaces", str(corpus)],
                      cwd=str(node_dir), skipped="" if "textlint" in node_bins else why))
    return tools, versions


# -- checks before timing -------------------------------------------------------------------------


def coverage_check(corpus: Path, manifest: dict, workdir: Path) -> str:
    """Run textlint once (filling the cache for the warm runs) and make sure
    it reported the files the generator put invisible characters into."""
    run_dir = workdir / "run"
    for stale in (run_dir / ".textlint_cache",):
        if stale.exists():
            shutil.rmtree(stale)
    elapsed, code, _, out, err = Meter.run(
        textlint_command() + ["check", "--exit-zero", "--format", "json", str(corpus)], cwd=str(run_dir), capture=True
    )
    if code != 0:
        sys.exit(f"bench: textlint check failed (exit {code}):\n{err[-2000:]}")
    findings = json.loads(out or "[]")
    reported = {os.path.relpath(d["path"], corpus) for d in findings if d["code"] in ("S001", "S002")}
    expected = {f["path"] for f in manifest["files"] if "zero_width" in f["defects"] or "nbsp" in f["defects"]}
    found = len(expected & reported)
    line = (f"textlint reported S001/S002 in {found} of the {len(expected)} files the generator put NBSP or "
            f"zero-width characters into ({len(findings)} findings in all)")
    if expected and found < 0.9 * len(expected):
        line = "**WARNING: " + line + "; the runs below may not have linted every file**"
    return line


FIRST_RUN_ONE = "`textlint check --no-cache one.md`, the machine's first run (empty cache folder)"


def startup(workdir: Path, runs: int) -> list[tuple[str, list[float]]]:
    folder = workdir / "startup"
    folder.mkdir(exist_ok=True)
    first_run_cache = workdir / "first-run-cache-one"
    (folder / "one.md").write_text("# One\n\nA short file with one\u00a0stray space.\n", encoding="utf-8")
    commands = [
        ("`python -c pass`", [sys.executable, "-c", "pass"]),
        ("`textlint check one.md`", textlint_command() + ["check", "--exit-zero", "-q", "one.md"]),
        ("`textlint check --no-cache one.md`", textlint_command() + ["check", "--no-cache", "--exit-zero", "-q", "one.md"]),
        (FIRST_RUN_ONE, ["env", f"XDG_CACHE_HOME={first_run_cache}"]
         + textlint_command() + ["check", "--no-cache", "--exit-zero", "-q", "one.md"]),
    ]
    timings = {name: [] for name, _ in commands}
    for _ in range(2):  # warm the disk cache and the textlint cache
        for _, argv in commands:
            Meter.run(argv, cwd=str(folder))
    for _ in range(runs):
        for name, argv in commands:
            if name == FIRST_RUN_ONE:
                shutil.rmtree(first_run_cache, ignore_errors=True)
            timings[name].append(Meter.run(argv, cwd=str(folder))[0])
    return [(name, timings[name]) for name, _ in commands]


# -- the report -----------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    memory = ""
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1048576:.0f} GiB RAM"
                break
    except OSError:
        pass
    return f"{cpu}, {cores} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def report(tools: list[Tool], total_bytes: int, files: int, runs: int, coverage: str,
           start: list[tuple[str, list[float]]], versions: dict) -> tuple[str, dict]:
    mb = total_bytes / 1e6
    cold = next(t for t in tools if t.role == "textlint")
    cold_median = statistics.median(cold.times) if cold.times else None
    lines = [
        f"Corpus: {files:,} files, {mb:.1f} MB (bench/make_corpus.py); {runs} run(s) each, round-robin.",
        f"Machine: {machine()}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "",
        "| tool | median s | min s | max s | MB/s | peak RSS MB | throughput vs `textlint check` cold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    raw = {"files": files, "bytes": total_bytes, "runs": runs, "machine": machine(), "versions": versions, "tools": []}
    for tool in tools:
        entry = {"name": tool.name, "role": tool.role, "times": tool.times, "peak_rss_kib": tool.rss,
                 "skipped": tool.skipped, "failure": tool.failure}
        raw["tools"].append(entry)
        if tool.skipped or tool.failure or not tool.times:
            why = tool.skipped and f"skipped: {tool.skipped}" or f"failed: {tool.failure}"
            lines.append(f"| {tool.name} | – | – | – | – | – | {why} |")
            continue
        median = statistics.median(tool.times)
        ratio = cold_median / median if cold_median else 0.0
        note = f" ({tool.note})" if tool.note else ""
        lines.append(
            f"| {tool.name}{note} | {median:.3f} | {min(tool.times):.3f} | {max(tool.times):.3f} | "
            f"{mb / median:.1f} | {max(tool.rss) / 1024:.0f} | {fmt_ratio(ratio)} |"
        )
        entry["mb_per_s"] = mb / median
    lines += ["", f"Coverage: {coverage}.", ""]

    lines += ["Start-up (median of the runs):", "", "| command | median ms | min ms | max ms | × `python -c pass` |",
              "| --- | ---: | ---: | ---: | ---: |"]
    base = statistics.median(start[0][1]) if start else None
    for name, times in start:
        median = statistics.median(times)
        lines.append(f"| {name} | {median * 1000:.0f} | {min(times) * 1000:.0f} | {max(times) * 1000:.0f} | "
                     f"{median / base:.1f}× |")
    raw["startup"] = {name: times for name, times in start}

    lines += ["", "The speed goals (issue 13), as ratios from this run:", "", *goal_table(tools, cold_median, start), ""]
    raw["goals"] = goal_rows(tools, cold_median, start)
    return "\n".join(lines) + "\n", raw


# -- the goals --------------------------------------------------------------------------------------


def _median_of(tools: list[Tool], prefix: str) -> float | None:
    for tool in tools:
        if tool.name.startswith(prefix) and tool.times and not tool.failure:
            return statistics.median(tool.times)
    return None


def goal_rows(tools: list[Tool], cold: float | None, start: list[tuple[str, list[float]]]) -> list[dict]:
    """The five ratios of the speed issue, each with its bar and whether
    this run met it (None: not measured).  Reported, never asserted."""
    rows = []

    def add(goal: str, bar: str, value: float | None, met, shown: str) -> None:
        rows.append({"goal": goal, "bar": bar, "value": value, "met": None if value is None else met(value),
                     "shown": shown if value is not None else "not measured"})

    # throughput ratios: the peer's time over textlint's, same files, same run
    for prefix, words, floor in (
        ("autocorrect-node CLI", "cold check (every default rule) against autocorrect's Rust CLI, throughput", 2.5),
        ("ftfy `fix_text`", "cold check (every default rule) against ftfy `fix_text`, throughput", 10.0),
    ):
        peer = _median_of(tools, prefix)
        value = peer / cold if peer is not None and cold else None
        add(words, f"≥ {floor:g}×", value, lambda v, f=floor: v >= f, f"{value:.2f}×" if value is not None else "")
    warm = _median_of(tools, "`textlint check` (warm")
    value = warm / cold if warm is not None and cold else None
    add("warm re-check (every file cached) against the cold check, time", "≤ 0.10×", value, lambda v: v <= 0.1,
        f"{value:.3f}×" if value is not None else "")
    timings = dict(start)
    base = statistics.median(timings["`python -c pass`"]) if timings.get("`python -c pass`") else None
    for name, words in (
        ("`textlint check one.md`", "`textlint check one.md` (cached) against `python -c pass`, time"),
        ("`textlint check --no-cache one.md`", "`textlint check --no-cache one.md` against `python -c pass`, time"),
    ):
        times = timings.get(name)
        value = statistics.median(times) / base if times and base else None
        add(words, "≤ 4×", value, lambda v: v <= 4, f"{value:.1f}×" if value is not None else "")
    return rows


def goal_table(tools: list[Tool], cold: float | None, start: list[tuple[str, list[float]]]) -> list[str]:
    lines = ["| goal | bar | this run | |", "| --- | --- | ---: | --- |"]
    for row in goal_rows(tools, cold, start):
        verdict = "–" if row["met"] is None else ("met" if row["met"] else "**not met**")
        lines.append(f"| {row['goal']} | {row['bar']} | {row['shown']} | {verdict} |")
    others = []
    for prefix, words in (("autocorrect-py", "autocorrect-py `lint_for`"), ("Python: read", "the Python floor")):
        peer = _median_of(tools, prefix)
        if peer is not None and cold:
            others.append(f"{words} {peer / cold:.2f}×")
    if others:
        lines += ["", "Besides (no bar): cold check throughput against " + ", ".join(others) + "."]
    first = _median_of(tools, "`textlint check` (cold, and the machine's first run")
    if first is not None and cold:
        lines += ["", f"A machine's first run (empty cache folder) took {first / cold:.2f}× the cold check's time."]
    return lines


# -- main --------------------------------------------------------------------------------------------


def compile_bytecode() -> None:
    """Compile the imported package's bytecode, as pip does on install."""
    import compileall
    import importlib.util

    for name in ("textlint", "textlint_rules"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="files in the corpus (default 2000)")
    parser.add_argument("--size-mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=20241125)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each tool (default 3)")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "textlint-bench"),
                        help="corpus and scratch folder, outside the repository (default: %(default)s)")
    parser.add_argument("--node-dir", default=os.path.join(tempfile.gettempdir(), "bench-node"),
                        help="where the Node peers are installed with npm (default: %(default)s)")
    parser.add_argument("--no-install", action="store_true", help="do not npm install missing Node peers")
    parser.add_argument("--no-node", action="store_true", help="skip the Node peers")
    parser.add_argument("--dask", action="store_true", help="also time --jsonl on a Dask LocalCluster")
    parser.add_argument("--only", help="comma-separated words; time only the tools whose name has one")
    parser.add_argument("--out", default=str(HERE / "out"), help="folder for the report (default bench/out; '' for none)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir).resolve()
    try:
        Path(workdir).relative_to(REPO)
        print("bench: warning: a work folder inside the repository is git-ignored; textlint skips ignored files",
              file=sys.stderr)
    except ValueError:
        pass
    corpus, manifest = ensure_corpus(workdir, args.files, args.size_mb, args.seed)
    paths = [str(corpus / f["path"]) for f in manifest["files"]]
    filelist = workdir / f"{corpus.name}.files"
    filelist.write_text("\n".join(paths) + "\n", encoding="utf-8")
    jsonl = workdir / f"{corpus.name}.jsonl"
    write_jsonl(corpus, manifest, jsonl)
    total_bytes = manifest["total_bytes"]

    compile_bytecode()
    tools, versions = build_tools(args, corpus, filelist, jsonl, workdir)
    if args.only:
        words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        # the cold textlint run stays: every ratio is against it
        tools = [t for i, t in enumerate(tools) if i == 0 or any(w in t.name.lower() for w in words)]
    print(f"bench: {len(paths)} files, {total_bytes / 1e6:.1f} MB in {corpus}", file=sys.stderr)
    coverage = coverage_check(corpus, manifest, workdir)  # also fills the cache for the warm runs
    Meter.run(["xargs", "-d", "\n", "-a", str(filelist), "cat"])  # every tool starts with the files in memory

    for run in range(args.runs):
        for tool in tools:
            if tool.skipped or tool.failure:
                continue
            if tool.prepare:
                tool.prepare()
            elapsed, code, rss, _, err = Meter.run(tool.argv, cwd=tool.cwd, timeout=args.timeout)
            if code not in tool.ok_codes:
                tool.failure = f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}"[:200]
                print(f"bench: {tool.name} failed: {err[-1000:]}", file=sys.stderr)
                continue
            tool.times.append(elapsed)
            tool.rss.append(rss)
            print(f"bench: run {run + 1}/{args.runs} {tool.name}: {elapsed:.3f}s", file=sys.stderr)
    start = startup(workdir, args.startup_runs)
    text, raw = report(tools, total_bytes, len(paths), args.runs, coverage, start, versions)
    sys.stdout.write(text)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
        (out / "latest.md").write_text(text, encoding="utf-8")
        (out / f"bench-{stamp}.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
        print(f"bench: wrote {out / 'latest.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
