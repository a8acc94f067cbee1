"""Caches that make a second run cheap: linted results and the compiled rule packs.

**Results** (like ruff's cache): one entry per linted file in a cache folder
(``.newslint_cache`` in the project root, or ``--cache-dir`` / ``cache-dir``), found
by the file's path under a *run fingerprint* (newslint's version and source, the
rules and packs, the settings, Python) and valid only for the exact bytes it was
made from (their SHA-256 is in the entry). A changed file, rule, setting or version
is a miss; nothing stale is ever reported. ``--fix`` is safe: an entry always maps
the bytes that were linted to their own findings, and fixed text is linted afresh.

**Packs**: the parsed YAML rule packs with their Aho-Corasick automata and cue
index, keyed by the bytes of every pack file and newslint's version, in the user's
cache folder (``$XDG_CACHE_HOME/newslint``), so a start does not parse YAML again.

Entries are pickles, so they are *signed*: an HMAC-SHA256 with a random key kept in
the user's cache folder (mode 0600). An entry that someone else wrote (a cache
folder committed to a repository, a shared folder) fails the check and is ignored,
never unpickled. Any problem (corrupt or truncated entry, a folder that cannot be
written, no key) is a miss: the cache never breaks a run and never warns.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

CACHE_DIR_NAME = ".newslint_cache"
_MAGIC = b"NLCACHE1"
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by newslint.\n"
        "# For information about cache directory tags, see https://bford.info/cachedir/\n")


# -- signing ---------------------------------------------------------------------

def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint"


def _secret() -> bytes | None:
    """The user's signing key (created on first use), or None when it cannot be had
    safely (no writable home, a key file that others may read or write)."""
    folder = user_cache_dir()
    path = folder / "key"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.path.lexists(path):  # made whole, then linked in: a process never reads half a key
            tmp = folder / f".key.{os.getpid()}.{os.urandom(4).hex()}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(os.urandom(32))
                os.link(tmp, path)
            except FileExistsError:  # another process made it first: use theirs
                pass
            finally:
                os.unlink(tmp)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if (stat.S_IMODE(st.st_mode) & 0o077) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
            key = fh.read()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _seal(key: bytes, body: bytes) -> bytes:
    return _MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body


def _open(key: bytes, blob: bytes) -> bytes | None:
    head = len(_MAGIC) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    body = blob[head:]
    if not hmac.compare_digest(blob[len(_MAGIC):head], hmac.new(key, body, hashlib.sha256).digest()):
        return None
    return body


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _load_signed(key: bytes, path: Path) -> Any:
    """The object in a signed entry, or None (missing, foreign, corrupt)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    body = _open(key, blob)
    if body is None:
        return None
    try:
        return pickle.loads(body)  # noqa: S301 - signed with the user's own key above
    except Exception:  # signed by us but unreadable (another Python, a bug): a miss
        return None


# -- fingerprints ----------------------------------------------------------------

def _hash_files(h: "hashlib._Hash", paths: Iterable[Path]) -> None:
    for p in sorted(paths):
        try:
            data = p.read_bytes()
        except OSError:
            data = b"?"
        h.update(str(p).encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())


@functools.lru_cache(maxsize=1)  # read-only: the source does not change during a run
def code_fingerprint() -> bytes:
    """newslint's version and the bytes of its own source (a checkout keeps the same
    version number while its code changes), and the Python that runs it."""
    from . import __version__

    here = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    _hash_files(h, here.rglob("*.py"))
    return h.digest()


def _folder_files(folder: Path) -> list[Path]:
    try:
        return [p for p in Path(folder).rglob("*") if p.is_file()]
    except OSError:
        return []


def run_fingerprint(settings: Any, registry: Any) -> bytes:
    """What a file's findings depend on besides its bytes and path."""
    from .packs import builtin_pack_dir

    h = hashlib.sha256(code_fingerprint())
    plain = replace(settings, source=None, cache_dir=None, cache=True)
    h.update(repr(plain).encode("utf-8", "surrogateescape"))
    for check in registry.checks:  # plugins: their module, its file and version
        meta = check.meta
        module = sys.modules.get(type(check).__module__)
        where = getattr(module, "__file__", None) or ""
        h.update(f"|{meta.code}|{meta.name}|{meta.origin}|{type(check).__module__}|{where}".encode())
        if where and "newslint" not in Path(where).parts:
            _hash_files(h, [Path(where)])
    _hash_files(h, _folder_files(builtin_pack_dir()))
    for folder in settings.packs:
        _hash_files(h, _folder_files(folder))
    return h.digest()


# -- results -----------------------------------------------------------------------

class ResultCache:
    """Signed per-file results under ``folder/<run fingerprint>/``."""

    def __init__(self, folder: Path, fingerprint: bytes, key: bytes) -> None:
        self.folder = folder / fingerprint.hex()[:24]
        self.key = key
        self.ready = False
        self.broken = False

    @classmethod
    def open(cls, settings: Any, registry: Any) -> "ResultCache | None":
        """The cache for this run, or None when it is off (``--no-cache``) or cannot be used."""
        if not getattr(settings, "cache", True):
            return None
        key = _secret()
        if key is None:
            return None
        folder = Path(settings.cache_dir) if settings.cache_dir else Path(settings.root) / CACHE_DIR_NAME
        try:
            return cls(folder, run_fingerprint(settings, registry), key)
        except Exception:  # a fingerprint that cannot be made: no cache, the run goes on
            return None

    def _entry(self, label: str) -> Path:
        return self.folder / (hashlib.sha256(label.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".bin")

    def get(self, label: str, data: bytes) -> Any:
        found = _load_signed(self.key, self._entry(label))
        if not (isinstance(found, tuple) and len(found) == 3):
            return None
        stored_label, digest, result = found
        if stored_label != label or digest != hashlib.sha256(data).digest():
            return None
        return result

    def put(self, label: str, data: bytes, result: Any) -> None:
        if self.broken:
            return
        try:
            body = pickle.dumps((label, hashlib.sha256(data).digest(), _portable(result)), pickle.HIGHEST_PROTOCOL)
            self._prepare()
            _write(self._entry(label), _seal(self.key, body))
        except Exception:  # read-only folder, disk full, an unpicklable plugin finding: no cache
            self.broken = True

    def _prepare(self) -> None:
        if self.ready:
            return
        root = self.folder.parent
        root.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# Automatically created by newslint.\n*\n")):
            if not (root / name).exists():
                _write(root / name, text.encode())
        self.folder.mkdir(exist_ok=True)
        self.ready = True


def _portable(result: Any) -> Any:
    """``result`` without what only the checks needed (blocks, derived values): reporters
    read text, positions and findings."""
    from .engine import DocumentResult

    made: dict[int, Any] = {}

    def bare(doc):  # the same document once (a .txt file's container is its document)
        if id(doc) not in made:
            made[id(doc)] = replace(doc, blocks=())
        return made[id(doc)]

    return replace(result, container=bare(result.container),
                   documents=[DocumentResult(bare(d.document), d.findings) for d in result.documents],
                   file_findings=list(result.file_findings))  # headline, part, final kept


# -- compiled packs and other start-up data ------------------------------------------

def memo(kind: str, files: Iterable[Path], build, extra: str = "") -> Any:
    """``build()``, from the user's cache when newslint's code and the bytes of ``files``
    (what the value is made from) are those it was made from; built and stored otherwise."""
    key = _secret()
    if key is None:
        return build()
    h = hashlib.sha256(code_fingerprint() + f"|{kind}|{extra}".encode("utf-8", "surrogateescape"))
    _hash_files(h, files)
    entry = user_cache_dir() / kind / (h.hexdigest()[:32] + ".bin")
    found = _load_signed(key, entry)
    if found is not None:
        try:
            os.utime(entry)  # recently used: kept by the pruning below
        except OSError:
            pass
        return found
    value = build()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write(entry, _seal(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
        _prune(entry.parent, MEMO_KEEP)
    except Exception:  # cannot be stored (read-only home): built again next time
        pass
    return value


MEMO_KEEP = 12  # entries kept per kind: each newslint version or pack edit makes one (a pack: ~6 MB)


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently used entries of ``folder``."""
    entries = []
    for path in folder.glob("*.bin"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[keep:]:
        try:
            path.unlink()
        except OSError:
            pass


def load_packs(folder: Path, paths: list[Path], build) -> Any:
    """The checks of a pack folder (``build()``), from the cache while its files are unchanged."""
    return memo("packs", paths, build, str(folder))
