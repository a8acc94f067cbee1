"""Settings from ``[tool.newslint]`` in pyproject.toml or ``newslint.yaml``.

Discovered upward from the linted paths; every key is validated, and any mistake
raises ConfigError with the file and key named (the CLI exits 2 with it).
"""

from __future__ import annotations

import fnmatch
import functools
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .model import Severity
from .rules import RuleMeta, is_known_selector, option_problem, selector_matches

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

CONFIG_FILES = ("newslint.yaml", "newslint.yml", ".newslint.yaml", ".newslint.yml", "pyproject.toml")


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
    html_scope: str = "article"  # what of an HTML page is linted: "article" or "page"
    cross_document: bool = False  # NL205: compare the articles of a run with each other
    root: Path = field(default_factory=Path.cwd)  # per-file-ignores are relative to it
    source: str | None = None  # the config file, for messages
    from_cli: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # (field, values the command line added)
    cache: bool = True  # the result cache (newslint.cache); --no-cache turns it off
    cache_dir: Path | None = None  # default: .newslint_cache in root

    def validate(self, metas: list[RuleMeta]) -> None:
        where = self.source or "command line"
        cli = dict(self.from_cli)
        lists = [("select", self.select), ("extend-select", self.extend_select), ("ignore", self.ignore),
                 ("severity", [s for s, _ in self.severity]), ("options", [s for s, _ in self.options])]
        lists += [(f"per-file-ignores.{g!r}", sel) for g, sel in self.per_file_ignores]
        for key, selectors in lists:
            for s in selectors:
                if not is_known_selector(s, metas):
                    if s in cli.get(key.replace("-", "_"), ()):  # the command line's, not the file's
                        raise ConfigError(f"command line: --{key}: unknown rule, code prefix or category {s!r}")
                    raise ConfigError(f"{where}: {key}: unknown rule, code prefix or category {s!r}")
        for selector, opts in self.options:  # every value checked now, not as a crash per document
            for meta in metas:
                if not selector_matches(selector, meta):
                    continue
                for name, value in opts.items():
                    problem = option_problem(meta, name, value)
                    if problem:
                        raise ConfigError(f"{where}: options.{selector}.{name}: {problem}")

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
        """These settings with the command line's values on top. The values the command
        line added are remembered, so a mistake in them is reported as the command
        line's, not the config file's."""
        given = {k: v for k, v in overrides.items() if v is not None}
        added = dict(self.from_cli)
        for key, value in given.items():
            if isinstance(value, tuple):
                old = getattr(self, key, ())
                added[key] = tuple(v for v in value if v not in old) + tuple(added.get(key, ()))
        return replace(self, **given, from_cli=tuple(added.items()))


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
         "language", "fail-on", "exclude", "max-file-size", "html-scope", "cache-dir", "cross-document"}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table/mapping, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    """A short description of a wrong value for messages (never a huge or deep repr)."""
    if isinstance(value, (Mapping, list, tuple)):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_settings(data: Any, source: str, root: Path) -> Settings:
    where = source
    data = _mapping(data, where)
    unknown = set(data) - _KEYS
    if unknown:
        key = sorted(map(str, unknown))[0]  # YAML keys may be numbers or null
        hint = f" (did you mean {key.replace('_', '-')!r}?)" if key.replace("_", "-") in _KEYS else ""
        raise ConfigError(f"{where}: unknown key {key!r}{hint}; known keys: {', '.join(sorted(_KEYS))}")
    kw: dict[str, Any] = {"source": source, "root": root}
    for key in ("select", "extend-select", "ignore", "exclude"):
        if key in data:
            kw[key.replace("-", "_")] = _str_list(data[key], f"{where}: {key}")
    if kw.get("select") == ():
        raise ConfigError(f"{where}: select: an empty list disables every rule (leave the key out to select ALL)")
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
    if "html-scope" in data:
        if data["html-scope"] not in ("article", "page"):
            raise ConfigError(f"{where}: html-scope must be 'article' (lint the article of an HTML page) or "
                              f"'page' (lint the whole page), not {_kind(data['html-scope'])}")
        kw["html_scope"] = data["html-scope"]
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise ConfigError(f"{where}: cache-dir must be a folder name such as '.newslint_cache'")
        kw["cache_dir"] = root / data["cache-dir"]
    if "cross-document" in data:
        if not isinstance(data["cross-document"], bool):
            raise ConfigError(f"{where}: cross-document must be true or false")
        kw["cross_document"] = data["cross-document"]
    return Settings(**kw)


def read_config_file(path: Path) -> Settings | None:
    """Settings from one file; None for a pyproject.toml without [tool.newslint]."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config: {err.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    if path.suffix.lower() == ".toml":
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path}: invalid TOML: {err}") from None
        except RecursionError:
            raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
        tool = doc.get("tool", {})
        if not isinstance(tool, Mapping):
            raise ConfigError(f"{path}: tool must be a table ([tool.newslint]), not {_kind(tool)}")
        section = tool.get("newslint")
        if section is not None:
            return _parse(section, f"{path} [tool.newslint]", path.parent)
        if path.name == "pyproject.toml":
            return None
        # any other TOML file (`--config ci.toml`, like ruff.toml): the keys at the top level
        return _parse({k: v for k, v in doc.items() if k != "tool"}, str(path), path.parent)
    try:
        data = load_yaml(text)
    except YamlError as err:
        raise ConfigError(f"{path}{err.where}: {err}") from None
    return _parse({} if data is None else data, str(path), path.parent)


def _parse(data: Any, source: str, root: Path) -> Settings:
    try:
        return parse_settings(data, source, root)
    except ConfigError:
        raise
    except (ValueError, TypeError, RecursionError) as err:  # a value no check above foresaw
        raise ConfigError(f"{source}: invalid configuration: {type(err).__name__}: {err}") from None


# -- YAML --------------------------------------------------------------------

MAX_DEPTH = 50  # nesting allowed in YAML data (configs and packs need a handful)


class YamlError(ValueError):
    """A YAML file that cannot be read as data. ``where`` is ``:line:column`` when
    known; the message names the key path (``options.NL202.threshold``) when known."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


@functools.lru_cache(maxsize=1)
def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses deep nesting without recursion

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except yaml.YAMLError:
                raise
            except Exception as err:  # noqa: BLE001 - PyYAML's constructors raise anything
                # a tag or timestamp that does not construct: '2025-02-30', '!!int abc',
                # '!!bool maybe' (KeyError), '!!timestamp x' (AttributeError)
                raise yaml.constructor.ConstructorError(
                    None, None, f"invalid {node.tag.rsplit(':', 1)[-1]} value {str(node.value)[:40]!r} ({err})",
                    node.start_mark) from None

        def construct_mapping(self, node, deep=False):
            # a key written twice silently drops the first value (a pack's second
            # "good:" list would hide the first one's examples): an error, with its line
            seen: set = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {str(key)[:40]!r}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return Loader


def load_yaml(text: str) -> Any:
    """Safe YAML -> data. Every failure, including values that do not construct and
    pathological nesting, is a YamlError with the line, column and key path."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader_class())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        path = _key_path_at(text, mark.index) if mark is not None else ""
        if "nesting depth" in problem:  # libyaml >= 0.2.6 stops at 1000 levels: nothing composes
            path = path or (_top_key_before(text, mark.index) if mark is not None else "")
            problem = f"nested too deeply ({problem})"
        message = f"{path}: {problem}" if path else f"invalid YAML: {problem}"
        raise YamlError(" ".join(message.split()), where) from None
    except RecursionError:
        raise YamlError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, OverflowError) as err:  # a constructor error with no node (defensive)
        raise YamlError(f"invalid YAML: {err}") from None
    deep = _too_deep(data)
    if deep is not None:
        raise YamlError(f"{deep + ': ' if deep else ''}nested more than {MAX_DEPTH} levels deep")
    return data


def _too_deep(data: Any) -> str | None:
    """The key path where ``data`` nests deeper than MAX_DEPTH, or None. Iterative,
    and each container is visited once (YAML aliases share them)."""
    seen: set[int] = set()
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, path = stack.pop()
        if not isinstance(value, (dict, list)) or id(value) in seen:
            continue
        if depth >= MAX_DEPTH:
            return path.split(".")[0].split("[")[0]
        seen.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            child_path = f"{path}.{key}" if isinstance(value, dict) and path else (
                str(key) if isinstance(value, dict) else f"{path}[{key}]")
            stack.append((child, depth + 1, child_path))
    return None


def _top_key_before(text: str, index: int) -> str:
    """The top-level key whose value holds ``index`` (the last ``key:`` at the start of
    a line before it), or ""."""
    import re

    keys = re.findall(r"^([^\s#:'\"\[\]{},-][^:\n]*):", text[:index], re.M)
    return keys[-1].strip() if keys else ""


def _key_path_at(text: str, index: int) -> str:
    """The dotted key path of the YAML node starting at ``index`` (e.g.
    ``options.NL202.threshold`` or ``phrases.en[2]``), or "" when unknown."""
    found = yaml_node_path(text, lambda node, path: node.start_mark.index == index)
    return found[0] if found else ""


def yaml_node_path(text: str, wanted) -> tuple[str, int] | None:
    """Walk the composed YAML (no values are constructed) and return the key path and
    1-based line of the first value node for which ``wanted(node, path)`` is true."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    stack: list[tuple[Any, str, int]] = [(root, "", 0)] if root is not None else []
    while stack:
        node, path, depth = stack.pop()
        if wanted(node, path):
            return path, node.start_mark.line + 1
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, f"{path}.{name}" if path else name, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in reversed(list(enumerate(node.value))):
                stack.append((value, f"{path}[{i}]", depth + 1))
    return None


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
