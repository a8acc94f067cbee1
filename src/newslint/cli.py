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
            args.insert(0, "check")
        return super().parse_args(ctx, args)


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
              help="Colour the text output [default: when a terminal and NO_COLOR is unset].")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=1, show_default=True,
              help="Worker processes for large runs (0: one per CPU core).")
@click.option("--fix", is_flag=True, help="Apply safe fixes to .txt and .md files in place, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply unsafe fixes too (review the diff).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: runs over a second, on a terminal, in text format].")
@click.option("--max-file-size", callback=lambda ctx, param, value: _size(value), default=None,
              help="Largest file to read, e.g. 200MiB; larger ones are NL901, not read [default: 64 MiB].")
@click.option("--cross-document", is_flag=True, help="Also flag articles that copy an earlier one in the run (NL205).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Lint here (with --jobs processes) or on a Ray cluster (pip install 'newslint[ray]').")
@click.option("--ray-address", default=None, help="Ray cluster for --engine ray [default: RAY_ADDRESS, else a local Ray].")
def check(paths, select, extend_select, ignore, exclude, fmt, report_dir, fail_on, exit_zero, quiet, statistics,
          language, config, baseline, write_baseline, color, jobs, fix, unsafe_fixes, progress, max_file_size,
          cross_document, engine, ray_address) -> None:
    """Lint PATHS (files or folders)."""
    if not paths:
        _fail("no path given (try: newslint seeds/)")
    from .config import ConfigError
    from .model import Severity
    from .reporters import ReportContext, collect, discover_reporters
    from .runner import PathError, Skipped, discover_files, fix_file

    try:
        reporters = discover_reporters()
    except ValueError as err:
        _fail(str(err))
    if fmt not in reporters:
        _fail(f"unknown format {fmt!r} (choose from {', '.join(sorted(reporters))})")
    settings, registry = _load(config, paths)
    settings = settings.with_cli(
        select=_split(select, "--select"),
        extend_select=(settings.extend_select + _split(extend_select, "--extend-select")) if extend_select else None,
        ignore=(settings.ignore + _split(ignore, "--ignore")) if ignore else None,
        exclude=(settings.exclude + tuple(exclude)) if exclude else None,
        language=language,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        max_file_size=max_file_size,
    )
    try:
        settings.validate(registry.metas)
        files = discover_files(paths, settings)
    except (ConfigError, PathError) as err:
        _fail(str(err))

    if report_dir:
        try:  # fail before linting, not after
            Path(report_dir).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            _fail(f"cannot write reports to {report_dir}: {err.strerror or err}")
    if write_baseline and not Path(write_baseline).resolve().parent.is_dir():  # fail before linting
        _fail(f"--write-baseline {write_baseline}: folder {str(Path(write_baseline).parent)!r} does not exist")
    known = None
    if baseline:
        from .baseline import BaselineError, read

        try:
            known = read(Path(baseline))
        except BaselineError as err:
            _fail(str(err))

    out = sys.stdout
    reporter_cls = reporters[fmt]
    machine = getattr(reporter_cls, "machine", True)
    use_color = not machine and (color if color is not None else out.isatty() and "NO_COLOR" not in os.environ)
    context = ReportContext(__version__, tuple(registry.metas), use_color, quiet, statistics)
    reporter = None if write_baseline else reporter_cls(out, context)
    wants_bar = progress if progress is not None else sys.stderr.isatty()
    bar = _Progress(len(files)) if wants_bar and not machine else None

    if unsafe_fixes and not fix:
        _fail("--unsafe-fixes goes with --fix")
    kept = []  # results needed after the run: baseline, reports
    worst = None
    fixed_findings = fixed_files = 0
    plans: dict = {}
    merged: dict = {}
    try:
        jobs = jobs or os.cpu_count() or 1
        from .cluster import EngineError, results

        try:
            items = results(files, registry, settings, jobs, engine, ray_address, cross_document)
        except EngineError as err:
            _fail(str(err))
        for path, result in items:  # path None: a cross-document finding, at the end
            if fix and path is not None and not isinstance(path, Skipped):
                result, n = fix_file(path, result, registry, settings, plans, unsafe=unsafe_fixes)  # what is left
                if n:
                    fixed_findings, fixed_files = fixed_findings + n, fixed_files + 1
            if known is not None:
                from .baseline import filter_result

                filter_result(result, known)
            for _, f in result.all_findings():
                worst = f.severity if worst is None or f.severity > worst else worst
            if reporter is not None:
                reporter.file(result)
            if bar is not None and path is not None:
                bar.advance(result.path)
            if write_baseline or report_dir:
                collect(kept, merged, result)  # one result per file (NL205 comes at the end)
    except ConfigError as err:
        _fail(str(err))
    finally:
        if bar is not None:
            bar.stop()

    if fix and not machine and not quiet:
        click.echo(f"Fixed {fixed_findings} finding(s) in {fixed_files} file(s).", err=True)
    if write_baseline:
        from .baseline import BaselineError, write

        try:
            n = write(Path(write_baseline), kept)
        except BaselineError as err:
            _fail(str(err))
        click.echo(f"newslint: wrote {n} finding(s) to baseline {write_baseline}", err=True)
        sys.exit(EXIT_OK)
    reporter.finish()
    if report_dir:
        from .reporters.report import write_reports

        try:
            written = write_reports(kept, Path(report_dir), __version__)
        except OSError as err:
            _fail(f"cannot write reports to {report_dir}: {err.strerror or err}")
        if not machine and not quiet:
            click.echo(f"Reports: {Path(report_dir) / 'index.html'} ({len(written)} files)", err=True)
    if not exit_zero and worst is not None and worst >= settings.fail_on:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


class _Progress:
    """A rich progress bar on stderr that appears only once a run has taken more than
    a second, so short runs print nothing extra."""

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._bar = None
        self._task = None

    def advance(self, path: str) -> None:
        import time

        self.done += 1
        if self._bar is None:
            if time.monotonic() - self.started > 1.0 and self.done < self.total:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                self._bar = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                     console=Console(stderr=True), transient=True)
                self._task = self._bar.add_task("", total=self.total, completed=self.done)
                self._bar.start()
        else:
            self._bar.update(self._task, completed=self.done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule: code, name, category, severity, fix, summary."""
    from .docs import rules_json, rules_markdown, rules_text

    settings, registry = _load(None, ())
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
