"""The command line: argument parsing and exit codes, nothing else.

Exit status: 0 nothing reported; 1 something reported (or, with --diff,
something would change); 2 bad usage, bad configuration or an internal error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys

from textlint.errors import UsageError  # noqa: F401 - raised here; programs and tests import it from here

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2




def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more: {value!r}")
    return number


def _add_lint_options(parser: argparse.ArgumentParser, fixing: bool) -> None:
    from textlint.config import add_flags

    parser.add_argument("paths", nargs="*", default=None, help="files and folders (default: .); - reads stdin")
    if not fixing:
        parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--fix-only", action="store_true", help="apply fixes, report nothing left over, exit 0 (as ruff)"
    )
    parser.add_argument("--diff", action="store_true", help="print the diff fixing would make; write nothing")
    # no argparse choices: plugins add formats, so the name is checked when the run starts
    parser.add_argument(
        "--format",
        default=None,
        metavar="FORMAT",
        help="text (default), concise, json, github, sarif, rdjson, gitlab, junit, checkstyle, or a plugin's",
    )
    parser.add_argument("--output-format", dest="format", help=argparse.SUPPRESS)
    parser.add_argument("--output-file", metavar="PATH", help="write the report to PATH (replaced when the run ends)")
    add_flags(parser)  # the configuration options' own: --select, --ignore, --extend-select, --unsafe-fixes
    parser.add_argument(
        "--config", action="append", default=[], metavar="FILE|KEY=VALUE",
        help="use this configuration file, or override one setting in TOML (ignore = ['S001']); repeatable",
    )
    parser.add_argument("--isolated", action="store_true", help="read no configuration file")
    parser.add_argument("--show-settings", action="store_true", help="print the settings in force for a path and exit")
    parser.add_argument(
        "--force-exclude", action="store_true", help="apply exclude to paths named on the command line too (pre-commit)"
    )
    parser.add_argument("--stdin-filename", help="read stdin as this file (decides its format and settings)")
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
    corpus = parser.add_argument_group("corpus mode (records of JSON Lines or Parquet files as documents)")
    corpus.add_argument(
        "--jsonl", action="store_true",
        help="the paths are JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst) or Parquet files; each record is a document",
    )
    corpus.add_argument(
        "--text-field", default="text", help="the field that holds the text; a dotted path for nested ones (default: text)"
    )
    corpus.add_argument(
        "--format-field", metavar="FIELD",
        help="the field naming a record's format: md, txt or a file name (default: format; else plain text)",
    )
    corpus.add_argument("--output", help="with fix: write the repaired records to this folder")
    corpus.add_argument("--tags-output", metavar="PATH", help="write one JSON line per record: its finding counts")
    corpus.add_argument("--id-field", metavar="FIELD", help="with --tags-output: the field copied as each line's id")
    corpus.add_argument("--executor", default="local", help="local (default), dask (a local cluster) or dask://HOST:PORT")


def _refuse_corpus_options(args) -> None:
    """Options of corpus mode given without --jsonl: say so rather than ignore them."""
    for option, value in (("--tags-output", args.tags_output), ("--format-field", args.format_field),
                          ("--id-field", args.id_field)):
        if value is not None:
            raise UsageError(f"{option} works with --jsonl corpora")


def build_parser() -> argparse.ArgumentParser:
    from textlint.version import __version__

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
    commands.add_parser("server", help="run the editor server (Language Server Protocol on stdin/stdout)")
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
        if args.command == "server":
            return _serve()
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
    from textlint.errors import PathNotFound, PluginError
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


def _config_choice(args):
    """--config FILE (at most one), --config KEY=VALUE (any number), --isolated."""
    from textlint.config import ConfigChoice, parse_overrides

    files, overrides = [], []
    for value in args.config:
        if os.path.isfile(value):
            files.append(value)
        elif "=" in value:
            overrides.append(value)
        else:
            raise UsageError(f"{value}: no such configuration file (nor a KEY = VALUE override)")
    if len(files) > 1:
        raise UsageError(f"--config names two files ({files[0]}, {files[1]}); use 'extend' in one of them")
    if files and args.isolated:
        raise UsageError("--isolated reads no configuration file; drop it or --config FILE")
    return ConfigChoice(file=files[0] if files else None, overrides=parse_overrides(overrides), isolated=args.isolated)


def _lint(args) -> int:
    from textlint.formats import BUILTIN, known_formats
    from textlint.registry import resolve
    from textlint.runner import RunOptions, lint_stdin, run

    for selectors in (args.select, args.ignore, args.extend_select):
        for selector in selectors or ():
            resolve(selector)  # an unknown code is a usage error, before any work
    if args.fix_only and args.diff:
        raise UsageError("--fix-only and --diff contradict each other: one writes, the other must not")
    fixing = args.command == "fix" or getattr(args, "fix", False) or args.fix_only
    mode = "diff" if args.diff else ("fix" if fixing else "check")
    options = RunOptions(
        mode=mode,
        unsafe_fixes=args.unsafe_fixes,
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        config=_config_choice(args),
        force_exclude=args.force_exclude,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        max_findings_per_file=args.max_findings_per_file,
    )
    fmt = args.format or "text"
    # as in ruff, --stdin-filename without paths reads stdin
    from_stdin = args.paths == ["-"] or (not args.paths and args.stdin_filename is not None and not args.jsonl)
    # a built-in format needs no plugin loaded: a fully cached run loads none
    if fmt not in BUILTIN and fmt not in (formats := known_formats()):
        raise UsageError(f"unknown format {fmt!r}; known formats: {', '.join(formats)}")
    if mode == "diff" and fmt not in ("text", "concise"):
        # the diff is the whole output of --diff: a report format would be ignored or mixed into it
        raise UsageError(f"--diff prints a unified diff; it takes no --format {fmt}")
    paths = args.paths or ["."]
    if args.show_settings:
        return _show_settings(options, (args.stdin_filename or "-") if from_stdin else paths[0])
    report_options = {
        "quiet": args.quiet,
        "statistics": args.statistics,
        "show_fixes": args.show_fixes,
        "mode": mode,
        "unsafe_fixes_for": lambda path: options.unsafe(options.settings(path)),
    }
    if not args.jsonl:
        _refuse_corpus_options(args)
    if args.jsonl:
        from textlint.pipeline.jsonl import run_jsonl
        from textlint.pipeline.records import DEFAULT_FORMAT_FIELD
        from textlint.progress import Progress

        results = run_jsonl(
            paths, options, text_field=args.text_field, output=args.output, executor=args.executor,
            format_field=DEFAULT_FORMAT_FIELD if args.format_field is None else args.format_field,
            id_field=args.id_field, tags_output=args.tags_output,
            progress=Progress.for_stream(sys.stderr, quiet=args.quiet, output=sys.stdout),
        )
        report_to = sys.stdout
    elif from_stdin:
        name = args.stdin_filename or "-"
        data = sys.stdin.buffer.read()
        if args.force_exclude and name != "-" and _excluded(name, options):
            result, new_bytes = None, None  # as ruff: an excluded file passes through unlinted
        else:
            result, new_bytes = lint_stdin(data, name, options)
        if mode == "fix":
            # like ruff: the fixed text goes to stdout, the report to stderr
            sys.stdout.buffer.write(new_bytes if new_bytes is not None else data)
            sys.stdout.flush()
            report_to = sys.stderr
        else:
            report_to = sys.stdout
        results = [result] if result is not None else []
    else:
        if args.output:
            raise UsageError("--output works with --jsonl corpora")
        if "-" in paths:
            raise UsageError("'-' (stdin) cannot be mixed with paths")
        if args.executor != "local":
            raise UsageError("--executor works with --jsonl corpora")
        report_to = sys.stdout
        if _recordable(args, options, fmt):
            return _check_with_record(args, options, paths, fmt, report_options)
        results = run(paths, options)
    if args.fix_only:
        results = _fixes_only(results)

    # results are produced as they are read, so a bad --output-file still fails before the work
    report_file = _report_file(args.output_file)
    try:
        shown_as = "diff" if mode == "diff" else fmt
        status = _report(results, options, args, shown_as, report_file.stream if report_file else report_to, report_options)
        if report_file:
            report_file.commit()
    finally:
        if report_file:
            report_file.discard()
    return status


def _recordable(args, options, fmt: str) -> bool:
    """Whether this run's report may be kept and replayed (``textlint.runrecord``)."""
    from textlint.formats import BUILTIN

    return options.mode == "check" and options.use_cache and not args.output_file and fmt in BUILTIN


def _check_with_record(args, options, paths: list[str], fmt: str, report_options: dict) -> int:
    """A check run that prints the report the last run with the same inputs
    printed, when there was one; and otherwise keeps what it prints."""
    from textlint import runrecord
    from textlint.runner import execute, plan

    planned = plan(paths, options)
    key = runrecord.record_key(args, planned, sys.stdout)
    if key is not None:
        recorded = runrecord.load(planned.cache.folder, key)
        if recorded is not None:
            status, report = recorded
            sys.stdout.write(report)
            sys.stdout.flush()
            planned.cache.save()  # what the stat index learned while keying
            return status
    stream = runrecord.Recording(sys.stdout) if key is not None else sys.stdout
    status = _report(execute(planned, options), options, args, fmt, stream, report_options)
    if key is not None and status in (EXIT_CLEAN, EXIT_FOUND) and stream.report() is not None:
        runrecord.save(planned.cache.folder, key, status, stream.report())
    return status


def _report_file(path: str | None):
    """The --output-file, opened before any work so that a bad path fails first."""
    if not path:
        return None
    from textlint.formats.output import ReportFile, ReportFileError

    try:
        return ReportFile(path)
    except ReportFileError as error:
        raise UsageError(str(error)) from None


def _report(results, options, args, fmt: str, stream, report_options: dict) -> int:
    """Feed each result to the reporter, which prints it; return the exit status."""
    from textlint.formats import apply_severity, reporter

    out = reporter(fmt, stream, report_options)
    remaining = fixed = 0
    internal_error = False
    for result in results:
        if result.error:
            internal_error = True
            _error(result.error)
        apply_severity(result.diagnostics, options.settings(result.path).severity)
        out.add(result)
        remaining += len(result.diagnostics)
        fixed += result.fixed  # in diff mode: what fixing would fix
    out.finish()
    stream.flush()
    if internal_error:
        return EXIT_ERROR
    if options.mode == "diff":
        return EXIT_FOUND if fixed and not args.exit_zero else EXIT_CLEAN
    if args.exit_zero:
        return EXIT_CLEAN
    if remaining or (args.exit_non_zero_on_fix and fixed):
        return EXIT_FOUND
    return EXIT_CLEAN


def _fixes_only(results):
    """Results with nothing left to report but the files that could not be
    read or written (E902): a fix that did not happen must not pass silently."""
    for result in results:
        result.diagnostics = [d for d in result.diagnostics if d.code == "E902"]
        yield result


def _excluded(path: str, options) -> bool:
    from textlint.files import is_excluded

    return is_excluded(path, options.settings(path))


def _show_settings(options, path: str) -> int:
    from textlint.config import describe

    target = os.path.join(path, "x") if os.path.isdir(path) else path
    print(describe(options.settings(target), path, target))
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
                        "fix": str(r.fix_policy),
                        "fix_availability": r.fix_policy.availability.value,
                        "severity": r.severity,
                    }
                    for r in rules.values()
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_CLEAN
    if args.format == "markdown":  # the README's table (python -m textlint.readme rewrites it)
        from textlint.readme import rules_table

        print(rules_table(rules.values()), end="")
        return EXIT_CLEAN
    print(f"{'code':5} {'name':28} {'family':8} {'default':8} {'fix':11} summary")
    for rule in rules.values():
        state = "on" if rule.default_enabled else "off"
        print(f"{rule.code:5} {rule.name:28} {family_of(rule):8} {state:8} {str(rule.fix_policy):11} {rule.summary}")
    return EXIT_CLEAN


def _explain(args) -> int:
    from textlint.registry import UnknownSelector, all_rules, family_of, resolve

    from textlint.engine_codes import ENGINE_CODES, engine_code

    rules = all_rules()
    engines = []
    if args.all:
        chosen = list(rules.values())
        engines = list(ENGINE_CODES.values())  # after the rules, as the codes sort
    elif not args.code:
        raise UsageError("name a rule: textlint rule CODE (or --all)")
    else:
        engine = engine_code(args.code)
        if engine is not None:
            _explain_engine_code(engine)
            return EXIT_CLEAN
        codes = resolve(args.code)
        if len(codes) != 1:
            raise UnknownSelector(args.code)
        chosen = [rules[codes.pop()]]
    for rule in chosen:
        state = "on" if rule.default_enabled else "off (select it to use it)"
        print(f"# {rule.name} ({rule.code})\n")
        print(f"Family: {family_of(rule)}. Default: {state}. Fix: {_fix_wording(rule.fix_policy)}. Severity: {rule.severity}.\n")
        print(rule.explanation())
        if rule.options and "## Options" not in rule.explanation():  # the docstring's own section says more
            print("\n## Options\n")
            for option, default in rule.options.items():
                print(f"- `{option}` (default: {default!r})")
        print()
    for engine in engines:
        _explain_engine_code(engine)
    return EXIT_CLEAN


def _explain_engine_code(engine) -> None:
    print(f"# {engine.name} ({engine.code})\n")
    print(f"Reported by the engine itself; always on. Fix: none.\n\n{engine.summary}.\n")
    print(engine.explanation)


def _fix_wording(policy) -> str:
    """"safe", "safe/unsafe" or "none", and how often a finding has the fix."""
    from textlint.model import FixAvailability

    if policy.availability is FixAvailability.NEVER:
        return "none"
    return f"{policy} ({'every finding' if policy.availability is FixAvailability.ALWAYS else 'some findings'})"


def _clean() -> int:
    from textlint.runner import CACHE_DIR

    if os.path.isdir(CACHE_DIR):
        shutil.rmtree(CACHE_DIR)
        print(f"Removed {CACHE_DIR}/")
    return EXIT_CLEAN


def _serve() -> int:
    try:
        from textlint.lsp.server import serve
    except ImportError as error:  # pygls is an extra
        raise UsageError(f"the editor server needs pygls ({error}): pip install 'textlint[lsp]'") from None
    return serve()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
