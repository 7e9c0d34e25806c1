"""The command line: argument parsing and exit codes, nothing else.

Exit status: 0 nothing reported; 1 something reported (or, with --diff,
something would change); 2 bad usage, bad configuration or an internal error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more: {value!r}")
    return number


def _add_lint_options(parser: argparse.ArgumentParser, fixing: bool) -> None:
    parser.add_argument("paths", nargs="*", default=None, help="files and folders (default: .); - reads stdin")
    if not fixing:
        parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply unsafe fixes")
    parser.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false", help=argparse.SUPPRESS)
    parser.add_argument("--diff", action="store_true", help="print the diff fixing would make; write nothing")
    parser.add_argument("--format", choices=("text", "json", "github", "sarif", "concise"), default=None)
    parser.add_argument("--output-format", dest="format", choices=("text", "json", "github", "sarif", "concise"), help=argparse.SUPPRESS)
    parser.add_argument("--select", type=_codes, help="rule codes, prefixes or names (comma-separated)")
    parser.add_argument("--ignore", type=_codes, help="rules to leave out")
    parser.add_argument("--extend-select", type=_codes, help="rules to add to the selection")
    parser.add_argument("--config", help="use this configuration file (textlint.toml or pyproject.toml)")
    parser.add_argument("--stdin-filename", help="the name of the file read from stdin (decides its format)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is reported")
    parser.add_argument("--exit-non-zero-on-fix", action="store_true", help="exit 1 when a fix was applied")
    parser.add_argument("--show-fixes", action="store_true", help="list the files fixed and how many fixes each")
    parser.add_argument("--statistics", action="store_true", help="count findings per rule")
    parser.add_argument(
        "--max-findings-per-file", type=_count, default=10_000, metavar="N",
        help="report at most N findings a file, then one line saying how many more (0: all; default 10000)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    corpus = parser.add_argument_group("corpus mode (JSON Lines records as documents)")
    corpus.add_argument("--jsonl", action="store_true", help="the paths are JSON Lines files; each record is a document")
    corpus.add_argument("--text-field", default="text", help="the record field that holds the text (default: text)")
    corpus.add_argument("--output", help="with fix: write the repaired records to this folder")
    corpus.add_argument("--executor", default="local", help="local (default), dask (a local cluster) or dask://HOST:PORT")


def build_parser() -> argparse.ArgumentParser:
    from textlint import __version__

    parser = argparse.ArgumentParser(
        prog="textlint",
        description="Find and repair prose damaged on its way between systems.",
    )
    parser.add_argument("--version", action="version", version=f"textlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="lint files and folders")
    _add_lint_options(check, fixing=False)
    fix = commands.add_parser("fix", help="apply safe fixes in place, then report what is left")
    _add_lint_options(fix, fixing=True)
    rule = commands.add_parser("rule", help="explain a rule")
    rule.add_argument("code", nargs="?", help="a rule code or name")
    rule.add_argument("--all", action="store_true", help="explain every rule")
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    commands.add_parser("clean", help="remove the .textlint_cache folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command in ("check", "fix"):
            return _lint(args)
        if args.command == "rules":
            return _list_rules(args)
        if args.command == "rule":
            return _explain(args)
        if args.command == "clean":
            return _clean()
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:  # expected errors have clear messages; others name themselves
        return _report_exception(error)
    return EXIT_ERROR  # pragma: no cover


def _report_exception(error: Exception) -> int:
    from textlint.config import ConfigError
    from textlint.files import PathNotFound
    from textlint.plugins import PluginError
    from textlint.registry import UnknownSelector

    if isinstance(error, ConfigError):
        _error(f"configuration error: {error}")
    elif isinstance(error, PathNotFound):
        _error(f"{error}: no such file or folder")
    elif isinstance(error, PluginError):
        _error(str(error))
    elif isinstance(error, UnknownSelector):
        _error(f"unknown rule code or name {str(error)!r}")
    elif isinstance(error, UsageError):
        _error(str(error))
    else:
        _error(f"internal error: {type(error).__name__}: {error}")
        if os.environ.get("TEXTLINT_DEBUG"):
            raise error
    return EXIT_ERROR


def _error(message: str) -> None:
    print(f"textlint: {message}", file=sys.stderr)


def _lint(args) -> int:
    from textlint.formats import reporter
    from textlint.registry import resolve
    from textlint.runner import RunOptions, lint_stdin, run

    for selectors in (args.select, args.ignore, args.extend_select):
        for selector in selectors or ():
            resolve(selector)  # an unknown code is a usage error, before any work
    fixing = args.command == "fix" or getattr(args, "fix", False)
    mode = "diff" if args.diff else ("fix" if fixing else "check")
    options = RunOptions(
        mode=mode,
        unsafe_fixes=args.unsafe_fixes,
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        config_path=args.config,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        max_findings_per_file=args.max_findings_per_file,
    )
    if args.config and not os.path.isfile(args.config):
        raise UsageError(f"{args.config}: no such configuration file")
    fmt = args.format or "text"
    paths = args.paths or ["."]
    report_options = {
        "quiet": args.quiet,
        "statistics": args.statistics,
        "show_fixes": args.show_fixes,
        "mode": mode,
        "concise": fmt == "concise",
    }
    if fmt == "concise":
        fmt = "text"

    if args.jsonl:
        from textlint.corpus import run_jsonl

        results = run_jsonl(paths, options, text_field=args.text_field, output=args.output, executor=args.executor)
        out = reporter(fmt, sys.stdout, report_options)
    elif paths == ["-"]:
        name = args.stdin_filename or "-"
        data = sys.stdin.buffer.read()
        result, new_bytes = lint_stdin(data, name, options)
        if mode == "fix":
            # like ruff: the fixed text goes to stdout, the report to stderr
            sys.stdout.buffer.write(new_bytes if new_bytes is not None else data)
            sys.stdout.flush()
            out = reporter(fmt, sys.stderr, report_options)
        else:
            out = reporter(fmt, sys.stdout, report_options)
        results = [result]
    else:
        if args.output:
            raise UsageError("--output works with --jsonl corpora")
        if "-" in paths:
            raise UsageError("'-' (stdin) cannot be mixed with paths")
        if args.executor != "local":
            raise UsageError("--executor works with --jsonl corpora")
        out = reporter(fmt, sys.stdout, report_options)
        results = run(paths, options)

    remaining = fixed = would_fix = 0
    internal_error = False
    fixed_files = []
    for result in results:
        if result.error:
            internal_error = True
            _error(result.error)
        if mode == "diff":
            would_fix += result.fixed
            if result.diff:
                sys.stdout.write(result.diff)
            result.fixed = 0
            result.diagnostics = []
        out.add(result)
        remaining += len(result.diagnostics)
        fixed += result.fixed
        if result.fixed:
            fixed_files.append((result.path, result.fixed))
    report_options["fixed_files"] = fixed_files
    report_options["would_fix"] = would_fix
    out.finish()
    sys.stdout.flush()
    if internal_error:
        return EXIT_ERROR
    if mode == "diff":
        return EXIT_FOUND if would_fix and not args.exit_zero else EXIT_CLEAN
    if args.exit_zero:
        return EXIT_CLEAN
    if remaining or (args.exit_non_zero_on_fix and fixed):
        return EXIT_FOUND
    return EXIT_CLEAN


def _list_rules(args) -> int:
    from textlint.registry import all_rules, family_of

    rules = all_rules()
    if args.format == "json":
        import json

        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "family": family_of(r),
                        "summary": r.summary,
                        "default": bool(r.default_enabled),
                        "fix": r.fix_applicability,
                    }
                    for r in rules.values()
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_CLEAN
    if args.format == "markdown":  # the README's table, checked against this by a test
        print("| code | name | on by default | fix | finds |\n| --- | --- | --- | --- | --- |")
        for rule in rules.values():
            state = "yes" if rule.default_enabled else "no"
            print(f"| {rule.code} | {rule.name} | {state} | {rule.fix_applicability} | {rule.summary} |")
        return EXIT_CLEAN
    print(f"{'code':5} {'name':28} {'family':8} {'default':8} {'fix':11} summary")
    for rule in rules.values():
        state = "on" if rule.default_enabled else "off"
        print(f"{rule.code:5} {rule.name:28} {family_of(rule):8} {state:8} {rule.fix_applicability:11} {rule.summary}")
    return EXIT_CLEAN


def _explain(args) -> int:
    from textlint.registry import UnknownSelector, all_rules, family_of, resolve

    rules = all_rules()
    if args.all:
        chosen = list(rules.values())
    elif not args.code:
        raise UsageError("name a rule: textlint rule CODE (or --all)")
    else:
        codes = resolve(args.code)
        if len(codes) != 1:
            raise UnknownSelector(args.code)
        chosen = [rules[codes.pop()]]
    for rule in chosen:
        state = "on" if rule.default_enabled else "off (select it to use it)"
        print(f"# {rule.name} ({rule.code})\n")
        print(f"Family: {family_of(rule)}. Default: {state}. Fix: {rule.fix_applicability}.\n")
        print(rule.explanation())
        if rule.options and "## Options" not in rule.explanation():  # the docstring's own section says more
            print("\n## Options\n")
            for option, default in rule.options.items():
                print(f"- `{option}` (default: {default!r})")
        print()
    return EXIT_CLEAN


def _clean() -> int:
    from textlint.runner import CACHE_DIR

    if os.path.isdir(CACHE_DIR):
        shutil.rmtree(CACHE_DIR)
        print(f"Removed {CACHE_DIR}/")
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
