"""Settings from ``[tool.newslint]`` in pyproject.toml or ``newslint.yaml``.

Discovered upward from the linted paths; every key is validated, and any mistake
raises ConfigError with the file and key named (the CLI exits 2 with it).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .model import Severity
from .rules import RuleMeta, is_known_selector, selector_matches

CONFIG_FILES = ("newslint.yaml", ".newslint.yaml", "pyproject.toml")


class ConfigError(ValueError):
    pass


DEFAULT_MAX_FILE_SIZE = 64 << 20
_SIZE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}


def parse_size(value: Any) -> int:
    """``max-file-size``: a number of bytes, or a number with a unit ("64 MiB", "500kB")."""
    import re

    if isinstance(value, int) and not isinstance(value, bool):
        number, unit = value, ""
    else:
        m = re.fullmatch(r"\s*(\d{1,12})\s*([a-zA-Z]*)\s*", value) if isinstance(value, str) else None
        if m is None or m.group(2).lower() not in _SIZE_UNITS:
            raise ValueError(f"expected a size such as 67108864, '64 MiB' or '500 kB', got {value!r}")
        number, unit = int(m.group(1)), m.group(2).lower()
    if number <= 0:
        raise ValueError(f"must be more than 0 bytes, got {value!r}")
    return number * _SIZE_UNITS[unit]


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    options: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    packs: tuple[Path, ...] = ()
    language: str | None = None
    fail_on: Severity = Severity.WARNING
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes one file may make newslint read
    root: Path = field(default_factory=Path.cwd)  # per-file-ignores are relative to it
    source: str | None = None  # the config file, for messages

    def validate(self, metas: list[RuleMeta]) -> None:
        where = self.source or "command line"
        lists = [("select", self.select), ("extend-select", self.extend_select), ("ignore", self.ignore),
                 ("severity", [s for s, _ in self.severity]), ("options", [s for s, _ in self.options])]
        lists += [(f"per-file-ignores.{g!r}", sel) for g, sel in self.per_file_ignores]
        for key, selectors in lists:
            for s in selectors:
                if not is_known_selector(s, metas):
                    raise ConfigError(f"{where}: {key}: unknown rule, code prefix or category {s!r}")

    def active(self, metas: Iterable[RuleMeta], path: str | None = None) -> list[RuleMeta]:
        """Rules enabled for ``path`` (select + extend-select - ignore - per-file-ignores)."""
        ignored = list(self.ignore)
        if path is not None and self.per_file_ignores:
            rel = _relative(path, self.root)
            for pattern, selectors in self.per_file_ignores:
                if _glob_match(rel, pattern):
                    ignored.extend(selectors)
        chosen = []
        for meta in metas:
            if not any(selector_matches(s, meta) for s in (*self.select, *self.extend_select)):
                continue
            if any(selector_matches(s, meta) for s in ignored):
                continue
            chosen.append(meta)
        return chosen

    def severity_of(self, meta: RuleMeta) -> Severity:
        result = meta.severity
        for selector, severity in self.severity:  # later, more specific entries win
            if selector_matches(selector, meta):
                result = severity
        return result

    def options_of(self, meta: RuleMeta) -> dict[str, Any]:
        merged = dict(meta.options)
        for selector, opts in self.options:
            if selector_matches(selector, meta):
                unknown = set(opts) - set(meta.options)
                if unknown:
                    raise ConfigError(f"{self.source or 'config'}: options for {meta.code}: unknown option(s) "
                                      f"{sorted(unknown)} (known: {sorted(meta.options) or 'none'})")
                merged.update(opts)
        return merged

    def excluded(self, path: Path) -> bool:
        rel = _relative(str(path), self.root)
        return any(_glob_match(rel, p) or fnmatch.fnmatch(path.name, p) for p in self.exclude)

    def with_cli(self, **overrides: Any) -> "Settings":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        return p.as_posix()


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    return (fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern + "/*")
            or any(fnmatch.fnmatch(part, pattern) for part in rel.split("/")[:-1]))


# -- reading -----------------------------------------------------------------

_KEYS = {"select", "extend-select", "ignore", "per-file-ignores", "severity", "options", "packs",
         "language", "fail-on", "exclude", "max-file-size"}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table/mapping")
    return value


def parse_settings(data: Any, source: str, root: Path) -> Settings:
    where = source
    data = _mapping(data, where)
    unknown = set(data) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        hint = f" (did you mean {key.replace('_', '-')!r}?)" if key.replace("_", "-") in _KEYS else ""
        raise ConfigError(f"{where}: unknown key {key!r}{hint}; known keys: {', '.join(sorted(_KEYS))}")
    kw: dict[str, Any] = {"source": source, "root": root}
    for key in ("select", "extend-select", "ignore", "exclude"):
        if key in data:
            kw[key.replace("-", "_")] = _str_list(data[key], f"{where}: {key}")
    if "per-file-ignores" in data:
        pfi = _mapping(data["per-file-ignores"], f"{where}: per-file-ignores")
        kw["per_file_ignores"] = tuple((str(g), _str_list(v, f"{where}: per-file-ignores.{g!r}")) for g, v in pfi.items())
    if "severity" in data:
        sev = _mapping(data["severity"], f"{where}: severity")
        try:
            kw["severity"] = tuple((str(k), Severity.parse(str(v))) for k, v in sev.items())
        except ValueError as err:
            raise ConfigError(f"{where}: severity: {err}") from None
    if "options" in data:
        opts = _mapping(data["options"], f"{where}: options")
        kw["options"] = tuple((str(k), dict(_mapping(v, f"{where}: options.{k}"))) for k, v in opts.items())
    if "packs" in data:
        kw["packs"] = tuple((root / p) for p in _str_list(data["packs"], f"{where}: packs"))
        for p in kw["packs"]:
            if not p.is_dir():
                raise ConfigError(f"{where}: packs: folder {str(p)!r} does not exist")
    if "language" in data:
        if not isinstance(data["language"], str):
            raise ConfigError(f"{where}: language must be a string such as 'fr'")
        kw["language"] = data["language"]
    if "fail-on" in data:
        try:
            kw["fail_on"] = Severity.parse(str(data["fail-on"]))
        except ValueError as err:
            raise ConfigError(f"{where}: fail-on: {err}") from None
    if "max-file-size" in data:
        try:
            kw["max_file_size"] = parse_size(data["max-file-size"])
        except ValueError as err:
            raise ConfigError(f"{where}: max-file-size: {err}") from None
    return Settings(**kw)


def read_config_file(path: Path) -> Settings | None:
    """Settings from one file; None for a pyproject.toml without [tool.newslint]."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config: {err.strerror}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            doc = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: invalid TOML: {err}") from None
        section = doc.get("tool", {}).get("newslint")
        if section is None:
            return None
        return parse_settings(section, f"{path} [tool.newslint]", path.parent)
    import yaml

    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: invalid YAML: {err}".replace("\n", " ")) from None
    return parse_settings(data or {}, str(path), path.parent)


def discover(start: Path) -> Settings:
    """The first config file found walking up from ``start``; defaults if none."""
    try:
        folder = start.resolve()
    except RuntimeError:  # a symbolic link loop (Python < 3.13): start from its folder
        folder = start.absolute().parent
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                settings = read_config_file(path)
                if settings is not None:
                    return settings
    return Settings()
