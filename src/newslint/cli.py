"""The command line. Only argument handling here; the work is in runner/engine."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> NoReturn:
    from .reporters import visible  # a path or config value may hold terminal escapes

    click.echo(f"newslint: error: {visible(message)}", err=True)
    sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...], option: str) -> tuple[str, ...] | None:
    """Comma-separated selectors; a value that names none (``''``, ``,,,``) is a usage
    error, not a silent "no rules"."""
    if not values:
        return None
    for v in values:
        if not v.replace(",", "").strip():
            _fail(f"{option} {v!r}: no rule given (name codes, prefixes, names or categories, e.g. NL1,markup)")
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def _size(value: str | None) -> int | None:
    from .config import parse_size

    try:
        return None if value is None else parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


class _DefaultGroup(click.Group):
    """``newslint PATH...`` means ``newslint check PATH...``."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            if args:
                _near_command(args[0], self.commands)
            args.insert(0, "check")
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter):
        """The group's help, then the lint options (``newslint [OPTIONS] PATHS`` is
        ``newslint check``), so ``newslint --help`` shows what most users came for."""
        super().format_help(ctx, formatter)
        command = self.commands["check"]
        with click.Context(command, info_name="newslint", parent=None) as sub:
            rows = [r for r in (p.get_help_record(sub) for p in command.get_params(sub)
                                if isinstance(p, click.Option) and "--help" not in p.opts) if r is not None]
        with formatter.section("Lint options (newslint [OPTIONS] PATHS..., the same as newslint check)"):
            formatter.write_dl(rows)


def _near_command(word: str, commands) -> None:
    """``newslint rulez``: a first argument that is no file or folder but close to a
    subcommand's name is a usage error naming that subcommand, not "path does not exist"."""
    if word.startswith("-") or os.path.lexists(word) or "/" in word or "." in word:
        return
    from rapidfuzz.distance import OSA  # transpositions count one: `ruels`

    scored = sorted((OSA.distance(word, c), abs(len(c) - len(word)), c) for c in commands)
    if scored and scored[0][0] <= max(1, len(word) // 3):
        _fail(f"no file or folder {word!r}; did you mean `newslint {scored[0][2]}`?")


def _color(flag: bool | None, stream) -> bool:
    """--color/--no-color, else NO_COLOR (set and not empty) turns colours off, else
    FORCE_COLOR (set, not empty, not ``0``) turns them on, else: is ``stream`` a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return stream.isatty()


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def main() -> None:
    """Lint ingested news articles (.txt, .md, .html, .jsonl).

    \b
    newslint seeds/                       lint a folder
    newslint --format json article.md     machine-readable output
    newslint rules                        list every rule
    newslint rule NL101                   explain one rule
    """


def _load(config: str | None, paths: tuple[str, ...]):
    from .config import ConfigError, Settings, discover, read_config_file
    from .packs import PackError
    from .registry import Registry, RegistryError

    try:
        if config:
            settings = read_config_file(Path(config)) or Settings(source=config)
        else:
            settings = discover(Path(paths[0]) if paths else Path.cwd())
        registry = Registry.discover(settings.packs)
        settings.validate(registry.metas)
    except (ConfigError, PackError, RegistryError) as err:
        _fail(str(err))
    return settings, registry


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, help="Rules to enable: codes, prefixes (NL1), names or categories.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the configured selection.")
@click.option("--ignore", multiple=True, help="Rules to disable (codes, prefixes, names or categories).")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
@click.option("--format", "fmt", default="text", show_default=True,
              help="Output format: text, json, jsonl, sarif, github, junit, or a plugin's.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), default=None,
              help="Also write per-file HTML and Markdown reports (and indexes) into this folder.")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Only the findings lines, no excerpts or summary.")
@click.option("--statistics", is_flag=True, help="Print a count of findings per rule.")
@click.option("--language", default=None, help="Default article language (ISO 639-1) when a document has none.")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Config file (pyproject.toml or newslint.yaml) instead of discovery.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None, help="Hide findings recorded in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record every current finding in this file and exit 0.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output [default: on a terminal; NO_COLOR turns it off, FORCE_COLOR on].")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=1, show_default=True,
              help="Worker processes for large runs (0: one per CPU core).")
@click.option("--fix", is_flag=True, help="Apply safe fixes to .txt and .md files in place, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply unsafe fixes too (review the diff).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: runs over a second, on a terminal, in text format].")
@click.option("--max-file-size", callback=lambda ctx, param, value: _size(value), default=None,
              help="Largest file to read, e.g. 200MiB; larger ones are NL901, not read [default: 64 MiB].")
@click.option("--diff", is_flag=True,
              help="Show what --fix would change as a unified diff; write nothing; exit 1 if anything would change.")
@click.option("--stdin-filename", default=None,
              help="With PATH '-': the file name standard input stands for (its format, per-file ignores).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), default=None,
              help="Write the output to this file instead of standard output.")
@click.option("--html-scope", type=click.Choice(["article", "page"]), default=None,
              help="What of an HTML page to lint: the article, or the whole page [default: article].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Result cache folder [default: .newslint_cache in the project root].")
@click.option("--cross-document", is_flag=True, help="Also flag articles that copy an earlier one in the run (NL205).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Lint here (with --jobs processes) or on a Ray cluster (pip install 'newslint[ray]').")
@click.option("--ray-address", default=None, help="Ray cluster for --engine ray [default: RAY_ADDRESS, else a local Ray].")
def check(paths, select, extend_select, ignore, exclude, fmt, report_dir, fail_on, exit_zero, quiet, statistics,
          language, config, baseline, write_baseline, color, jobs, fix, unsafe_fixes, progress, max_file_size,
          diff, stdin_filename, output_file, html_scope, no_cache, cache_dir, cross_document, engine,
          ray_address) -> None:
    """Lint PATHS (files or folders; '-' reads standard input)."""
    from .linter import Fixing, Linter

    stdin = _check_usage(paths, fix, unsafe_fixes, diff, stdin_filename)
    reporter_cls = _reporter_class(fmt)
    settings, registry = _load(config, (stdin_filename or ".",) if stdin else paths)
    settings = _with_cli(settings, registry, select, extend_select, ignore, exclude, language, fail_on, max_file_size,
                         html_scope, no_cache, cache_dir)
    linter = _linter(settings, registry, not stdin, engine, ray_address, cross_document)
    tasks = _tasks(linter, paths, stdin_filename) if not stdin else [_stdin_task(stdin_filename)]
    if not tasks:
        click.echo(f"newslint: warning: no files to lint in {', '.join(paths)} (looked for "
                   f"{', '.join(sorted(_extensions()))})", err=True)
    known = _baseline(baseline) if baseline else None
    _prepare_outputs(report_dir, write_baseline)
    out = _open_output(output_file)
    machine = getattr(reporter_cls, "machine", True)
    use_color = not machine and (color if output_file else _color(color, out))
    sinks, reporter, recorder, writer = _sinks(reporter_cls, out, use_color, quiet, statistics, registry,
                                               report_dir, write_baseline, diff)
    fixing = None
    if fix or diff:
        fixing = Fixing(unsafe=unsafe_fixes, write=fix, on_change=(lambda *change: _write_diff(out, *change)) if diff else None)
    wants_bar = progress if progress is not None else sys.stderr.isatty()
    bar = None
    if wants_bar and not machine and not diff:
        from .corpus import weight
        from .progress import Progress

        bar = Progress(sum(weight(t) for t in tasks))
    from .cluster import EngineError
    from .config import ConfigError
    from .reporters.report import ReportError

    try:
        stats = linter.run(tasks, sinks, jobs=jobs or os.cpu_count() or 1, fixing=fixing, known=known,
                           progress=bar, after_each=out.flush)
    except (ConfigError, ReportError, EngineError) as err:
        _fail(str(err))
    finally:
        if bar is not None:
            bar.stop()
        if output_file:
            out.close()
    _closing_messages(stats, quiet=quiet or machine, fix=fix, diff=diff, unsafe=unsafe_fixes, known=known,
                      writer=writer, report_dir=report_dir)
    if write_baseline:
        from .baseline import BaselineError, write

        try:
            n = write(Path(write_baseline), recorder)
        except BaselineError as err:
            _fail(str(err))
        from .reporters import visible

        click.echo(f"newslint: wrote {n} finding(s) to baseline {visible(write_baseline)}", err=True)
        sys.exit(EXIT_OK)
    if diff:
        sys.exit(EXIT_FINDINGS if stats.fixed_files else EXIT_OK)
    if not exit_zero and stats.worst is not None and stats.worst >= settings.fail_on:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


# -- the check command's wiring, one step each ----------------------------------------

def _check_usage(paths, fix, unsafe_fixes, diff, stdin_filename) -> bool:
    """Options that do not go together; whether standard input is linted."""
    if not paths:
        _fail("no path given (try: newslint seeds/)")
    stdin = "-" in paths
    if stdin and len(paths) > 1:
        _fail("'-' (standard input) cannot be given with other paths")
    if stdin_filename and not stdin:
        _fail("--stdin-filename goes with the path '-' (standard input)")
    if fix and diff:
        _fail("--fix and --diff: choose one (--diff shows what --fix would change)")
    if unsafe_fixes and not (fix or diff):
        _fail("--unsafe-fixes goes with --fix (or --diff)")
    if stdin and fix:
        _fail("--fix cannot rewrite standard input: use --diff to see what it would change")
    return stdin


def _reporter_class(fmt: str):
    from .reporters import discover_reporters

    try:
        reporters = discover_reporters()
    except ValueError as err:
        _fail(str(err))
    if fmt not in reporters:
        _fail(f"unknown format {fmt!r} (choose from {', '.join(sorted(reporters))})")
    return reporters[fmt]


def _linter(settings, registry, cache, engine, ray_address, cross_document):
    from .cluster import EngineError
    from .linter import Linter

    try:
        return Linter(settings, registry, cache=cache, engine=engine, ray_address=ray_address,
                      cross_document=cross_document)
    except EngineError as err:
        _fail(str(err))


def _with_cli(settings, registry, select, extend_select, ignore, exclude, language, fail_on, max_file_size,
              html_scope=None, no_cache=False, cache_dir=None):
    from .config import ConfigError
    from .model import Severity

    settings = settings.with_cli(
        select=_split(select, "--select"),
        extend_select=(settings.extend_select + _split(extend_select, "--extend-select")) if extend_select else None,
        ignore=(settings.ignore + _split(ignore, "--ignore")) if ignore else None,
        exclude=(settings.exclude + tuple(exclude)) if exclude else None,
        language=language,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        max_file_size=max_file_size,
        html_scope=html_scope,
        cache=False if no_cache else None,
        cache_dir=Path(cache_dir) if cache_dir else None,
    )
    try:
        settings.validate(registry.metas)
    except ConfigError as err:
        _fail(str(err))
    return settings


def _tasks(linter, paths, stdin_filename) -> list:
    from .runner import PathError

    try:
        return linter.tasks(paths)
    except PathError as err:
        _fail(str(err))


def _stdin_task(stdin_filename: str | None):
    from .linter import Stdin

    return Stdin(stdin_filename or "stdin.txt", sys.stdin.buffer.read())


def _extensions() -> set[str]:
    from .readers import FORMATS

    return set(FORMATS)


def _baseline(path: str):
    from .baseline import BaselineError, read

    try:
        return read(Path(path))
    except BaselineError as err:
        _fail(str(err))


def _prepare_outputs(report_dir, write_baseline) -> None:
    """Fail before linting, not after."""
    if report_dir:
        try:
            Path(report_dir).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            _fail(f"cannot write reports to {report_dir}: {err.strerror or err}")
    if write_baseline and not Path(write_baseline).resolve().parent.is_dir():
        _fail(f"--write-baseline {write_baseline}: folder {str(Path(write_baseline).parent)!r} does not exist")


def _open_output(output_file):
    if not output_file:
        return sys.stdout
    try:
        return open(output_file, "w", encoding="utf-8", newline="")
    except OSError as err:
        _fail(f"--output-file {output_file}: cannot write: {err.strerror or err}")


def _sinks(reporter_cls, out, use_color, quiet, statistics, registry, report_dir, write_baseline, diff):
    """Where results go: the output format (none with --diff or --write-baseline), the
    report writer, the baseline recorder."""
    from .reporters import ReportContext

    context = ReportContext(__version__, tuple(registry.metas), use_color, quiet, statistics)
    reporter = recorder = writer = None
    sinks: list = []
    if write_baseline:
        from .baseline import Recorder

        recorder = Recorder()
        sinks.append(recorder)
    elif not diff:
        reporter = reporter_cls(out, context)
        sinks.append(reporter)
    if report_dir and not write_baseline:
        from .reporters.report import ReportWriter

        writer = ReportWriter(Path(report_dir), context, {m.code: m for m in registry.metas})
        sinks.append(writer)
    return sinks, reporter, recorder, writer


def _write_diff(out, label: str, before: str, after: str) -> None:
    import difflib

    from .reporters import visible

    for line in difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                     f"a/{label}", f"b/{label}"):
        out.write(visible(line.rstrip("\n")) + "\n")


def _closing_messages(stats, *, quiet, fix, diff, unsafe, known, writer, report_dir) -> None:
    """What the run did besides its findings, on stderr (none with -q or a machine format)."""
    if quiet:
        return
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    if fix:
        say(f"Fixed {stats.fixed} finding(s) in {stats.fixed_files} file(s).")
    if diff:
        say(f"{stats.fixed} fix(es) would change {stats.fixed_files} file(s)." if stats.fixed_files
            else "No fix would change anything.")
    if stats.unsafe_left and not unsafe:
        flag = "--unsafe-fixes" if fix or diff else "--fix --unsafe-fixes"
        say(f"{stats.unsafe_left} finding(s) have an unsafe fix, not applied: {flag} applies them "
            "(check them first with --diff --unsafe-fixes).")
    if known is not None:
        say(f"The baseline hid {stats.hidden} finding(s).")
    if writer is not None:
        from .reporters import visible  # a folder name may hold terminal escapes

        say(f"Reports: {visible(str(Path(report_dir) / 'index.html'))} ({len(writer.written)} files)")


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True)
@click.option("--output", type=click.Path(file_okay=False), default=None,
              help="Write one page per rule (CODE.md or CODE.html) and an index into this folder.")
def rules_command(fmt: str, output: str | None) -> None:
    """List every rule: code, name, category, severity, fix, summary."""
    from .docs import rules_json, rules_markdown, rules_text

    settings, registry = _load(None, ())
    if output or fmt == "html":
        if not output or fmt not in ("markdown", "html"):
            _fail("rule pages: use --format markdown or html with --output DIR")
        from .reporters.report import write_rule_pages

        try:
            written = write_rule_pages(registry.metas, Path(output), __version__, fmt)
        except OSError as err:
            _fail(f"cannot write rule pages to {output}: {err.strerror or err}")
        click.echo(f"newslint: wrote {len(written)} pages to {output}", err=True)
        return
    render = {"text": rules_text, "json": rules_json, "markdown": rules_markdown}[fmt]
    click.echo(render(registry.metas), nl=False)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule (by code or name), with its examples."""
    from .docs import rule_doc

    settings, registry = _load(None, ())
    check = registry.get(code)
    if check is None:
        _fail(f"unknown rule {code!r} (see: newslint rules)")
    click.echo(rule_doc(check.meta))


def run() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("newslint: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # pragma: no cover - last line of defence
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        click.echo(f"newslint: internal error: {type(err).__name__}: {err} "
                   "(set NEWSLINT_DEBUG=1 for the traceback and please report it)", err=True)
        sys.exit(EXIT_ERROR)
