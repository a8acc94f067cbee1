"""NL205: the same article twice in a corpus (re-ingested, or syndicated with light edits).

MinHash + LSH, in cost linear in the corpus:

- words are ``\\w+`` runs of the case-folded text, each hashed with xxh64 (seeded;
  never Python's randomised ``hash()``), so signatures are the same in every process;
- shingles are windows of ``shingle`` words, hashed by a polynomial over the word
  hashes (computed for all windows at once with numpy);
- ``num_perm`` permutations ``(a*x + b) mod (2**61 - 1)`` of each shingle's 32-bit
  hash (``a``, ``b`` below 2**29, derived from the seed with xxh64), keeping the
  minimum of each: a signature of ``num_perm`` 32-bit values (512 bytes at 128);
- LSH: the signature cut into ``bands`` bands; documents sharing a band's key are
  candidates; a candidate pair counts when the share of equal signature values (the
  estimated Jaccard similarity of their shingle sets) is at least ``threshold``;
- union-find joins the pairs; each document is reported on once, as a copy of the
  earliest document (in input order) it is found similar to.

Only signatures (and a small reference per document) are kept, never the texts.
``bucket_pairs`` works on any set of (band, key, document) rows, which is what the Ray
engine runs in each hash partition (``newslint.ray``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import methodcaller
from typing import Any, Iterable, Iterator

SCHEME = "minhash-xxh64"
_P = (1 << 61) - 1
_M32 = 0xFFFFFFFF
_WORD = re.compile(r"\w+")
_BASE = 0x100000001B3  # FNV prime: the polynomial base of shingle hashes (mod 2**64)
_CHUNK = 4096  # shingles hashed per permutation block: bounds memory on huge pages


@dataclass(frozen=True)
class Params:
    num_perm: int = 128
    bands: int = 32
    shingle: int = 5  # words
    seed: int = 1
    threshold: float = 0.5  # estimated Jaccard similarity of shingle sets
    min_words: int = 50  # shorter documents (captions, stubs) are not compared

    def __post_init__(self) -> None:
        if self.num_perm <= 0 or self.bands <= 0 or self.num_perm % self.bands:
            raise ValueError(f"permutations ({self.num_perm}) must be a positive multiple of bands ({self.bands})")
        if self.shingle < 1 or not 0.0 < self.threshold <= 1.0 or self.min_words < 1:
            raise ValueError("shingle and min-words must be at least 1, threshold in (0, 1]")
        if not 0 <= self.seed < 1 << 64:
            raise ValueError(f"seed must be from 0 to 2**64 - 1, not {self.seed}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def describe(self) -> str:
        return (f"{SCHEME}: seed {self.seed}, {self.num_perm} permutations, {self.shingle}-word shingles, "
                f"LSH {self.bands}x{self.rows}")

    @classmethod
    def from_options(cls, options: dict) -> "Params":
        return cls(num_perm=int(options.get("permutations", 128)), bands=int(options.get("bands", 32)),
                   shingle=int(options.get("shingle-words", 5)), seed=int(options.get("seed", 1)),
                   threshold=float(options.get("threshold", 0.5)), min_words=int(options.get("min-words", 50)))


def _coefficients(params: Params):
    import numpy as np
    from xxhash import xxh64_intdigest

    def draw(kind: str, i: int) -> int:
        return 1 + xxh64_intdigest(f"{kind}:{i}".encode(), params.seed) % ((1 << 29) - 1)

    a = np.array([draw("a", i) for i in range(params.num_perm)], dtype=np.uint64)
    b = np.array([draw("b", i) for i in range(params.num_perm)], dtype=np.uint64)
    return a[:, None], b[:, None]


def shingle_hashes(text: str, params: Params):
    """32-bit hashes of the ``shingle``-word windows of ``text`` (None below ``min_words``)."""
    import numpy as np
    from xxhash import xxh64_intdigest

    words = _WORD.findall(text.casefold())
    if len(words) < max(params.min_words, params.shingle):
        return None
    encoded = map(methodcaller("encode", "utf-8", "surrogatepass"), words)
    h = np.fromiter(map(xxh64_intdigest, encoded, repeat(params.seed)), dtype=np.uint64, count=len(words))
    k = params.shingle
    n = len(words) - k + 1
    acc = h[:n].copy()
    base = np.uint64(_BASE)
    for j in range(1, k):  # sum of h[i+j] * BASE**(k-1-j), wrapping mod 2**64
        acc *= base
        acc += h[j:j + n]
    return np.unique((acc >> np.uint64(32)) ^ (acc & np.uint64(_M32)))


class Hasher:
    """Signatures under one ``Params`` (the permutation coefficients made once)."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self._a, self._b = _coefficients(params)

    def signature(self, text: str):
        """``num_perm`` uint32 minimums, or None for a document too short to compare."""
        import numpy as np

        x = shingle_hashes(text, self.params)
        if x is None:
            return None
        sig = np.full(self.params.num_perm, _M32, dtype=np.uint64)
        p, m = np.uint64(_P), np.uint64(_M32)
        for start in range(0, len(x), _CHUNK):
            part = x[None, start:start + _CHUNK]
            np.minimum(sig, (((self._a * part + self._b) % p) & m).min(axis=1), out=sig)
        return sig.astype(np.uint32)

    def band_keys(self, sigs):
        """(documents, bands) uint64 keys: each band's rows combined by a polynomial."""
        import numpy as np

        sigs = np.asarray(sigs, dtype=np.uint64).reshape(len(sigs), self.params.bands, self.params.rows)
        keys = np.zeros(sigs.shape[:2], dtype=np.uint64)
        base = np.uint64(_BASE)
        for r in range(self.params.rows):
            keys *= base
            keys += sigs[:, :, r] + np.uint64(1)
        return keys


def bucket_pairs(doc, band, key):
    """Candidate pairs among rows (document number, band, key): each document in a
    bucket (same band and key) paired with the bucket's earliest document. Returns two
    arrays (earlier, later). Linear after one sort; what each Ray partition runs."""
    import numpy as np

    doc, band, key = (np.asarray(doc, dtype=np.int64), np.asarray(band, dtype=np.int64),
                      np.asarray(key, dtype=np.uint64))
    if len(doc) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # One sort on the band mixed into the key (a 64-bit collision between two bands would
    # only add a candidate, checked like any other); each bucket's earliest document by
    # a minimum over the bucket, so the rows need not come in document order.
    mixed = key ^ (band.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    order = np.argsort(mixed)
    m, d = mixed[order], doc[order]
    new = np.ones(len(d), dtype=bool)
    new[1:] = m[1:] != m[:-1]
    first = np.minimum.reduceat(d, np.flatnonzero(new))[np.cumsum(new) - 1]
    keep = first != d
    return first[keep], d[keep]


def resolve(sigs, earlier, later, threshold: float) -> list[tuple[int, int, float]]:
    """(copy, original, similarity) for each document found to copy an earlier one:
    candidate pairs checked on their signatures, joined by union-find; a copy is
    reported against its cluster's earliest document when similar enough to it, else
    against the earliest document it was itself found similar to."""
    import numpy as np

    sigs = np.asarray(sigs)
    earlier, later = np.asarray(earlier, dtype=np.int64), np.asarray(later, dtype=np.int64)
    if len(earlier):
        pairs = np.unique(np.stack([np.minimum(earlier, later), np.maximum(earlier, later)], axis=1), axis=0)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        sim = (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).mean(axis=1)
        pairs = pairs[sim >= threshold]
    else:
        pairs = np.empty((0, 2), np.int64)
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        root = i
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(i, i) != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    nearest: dict[int, int] = {}  # later -> earliest verified partner
    for lo, hi in pairs.tolist():
        a, b = find(lo), find(hi)
        if a != b:
            parent[max(a, b)] = min(a, b)
        if hi not in nearest or lo < nearest[hi]:
            nearest[hi] = lo
    out = []
    for copy in sorted(nearest):
        root = find(copy)
        s = float((sigs[copy] == sigs[root]).mean())
        original = root if s >= threshold else nearest[copy]
        if original != root:
            s = float((sigs[copy] == sigs[original]).mean())
        out.append((copy, original, s))
    return out


# -- the local engine: a collector the CLI feeds with results ------------------------

@dataclass
class Collector:
    """Signatures of every document linted, in input order; ``findings`` at the end.

    Memory: ``num_perm`` * 4 bytes plus a small reference per document."""

    params: Params = field(default_factory=Params)
    refs: list = field(default_factory=list)  # (path, format, Record | None)
    _sigs: list = field(default_factory=list)
    _hasher: Any = None

    def add_text(self, text: str, ref: Any, sig: Any = False) -> None:
        """One document; ``sig`` when already computed (by a Ray worker), None if too short."""
        if sig is False:
            if self._hasher is None:
                self._hasher = Hasher(self.params)
            sig = self._hasher.signature(text)
        if sig is not None:
            self.refs.append(ref)
            self._sigs.append(sig)

    def add(self, result, sigs: list | None = None) -> None:
        """Every document of one linted file (a ``FileResult``), with their signatures
        when a worker computed them."""
        for n, d in enumerate(result.documents):
            doc = d.document
            self.add_text(doc.text, (doc.path, doc.format, doc.record), False if sigs is None else sigs[n])

    def pairs(self, bucketer=None) -> list[tuple[int, int, float]]:
        """(copy, original, similarity) by document number. ``bucketer(doc, band, key)``
        returns candidate pairs (``bucket_pairs`` here; ``newslint.ray`` runs it on Ray)."""
        import numpy as np

        if len(self._sigs) < 2:
            return []
        sigs = np.stack(self._sigs)
        keys = Hasher(self.params).band_keys(sigs) if self._hasher is None else self._hasher.band_keys(sigs)
        n, bands = keys.shape
        if bucketer is not None:  # all bands at once (Ray partitions them)
            earlier, later = bucketer(np.repeat(np.arange(n), bands), np.tile(np.arange(bands), n), keys.ravel())
        else:  # band by band: sorts of n keys stay in cache, so the cost stays about linear
            docs, band = np.arange(n), np.zeros(n, np.int64)
            found = [bucket_pairs(docs, band, np.ascontiguousarray(keys[:, b])) for b in range(bands)]
            earlier, later = np.concatenate([e for e, _ in found]), np.concatenate([la for _, la in found])
        return resolve(sigs, earlier, later, self.params.threshold)

    def results(self, registry, settings, bucketer=None) -> Iterator:
        """One ``FileResult`` per copy found, holding only its NL205 finding, to be
        folded into the copy's own result (``fold``)."""
        yield from findings_as_results(self.pairs(bucketer), self.refs, registry, settings, self.params)


def collector_for(registry, settings, enabled: bool = False) -> "Collector | None":
    """A collector when the cross-document rule is on (``--cross-document`` or the
    ``cross-document`` config key) and NL205 selected; None otherwise."""
    if not (enabled or settings.cross_document):
        return None
    meta = next((m for m in settings.active(registry.metas) if m.code == "NL205"), None)
    if meta is None:
        return None
    try:
        return Collector(Params.from_options(settings.options_of(meta)))
    except ValueError as err:
        from .config import ConfigError

        raise ConfigError(f"{settings.source or 'config'}: options for NL205: {err}") from None


def message(original_ref, similarity: float, params: Params) -> str:
    path, _, record = original_ref
    where = path if record is None else f"{path} record {record.index}" + (
        f" (id {record.id})" if record.id is not None else "")
    return (f"near-duplicate of an earlier article, {where}: estimated similarity {similarity:.2f} "
            f"[{params.describe()}]")


def findings_as_results(pairs: Iterable[tuple[int, int, float]], refs, registry, settings,
                        params: Params) -> Iterator:
    from .engine import DocumentResult, FileResult, Plan
    from .model import Document, Hit, Related, Span

    for copy, original, sim in pairs:
        path, fmt, record = refs[copy]
        opath, _, orecord = refs[original]
        where: dict = {"path": opath, "line": orecord.line if orecord else 1, "column": 1}
        if orecord is not None:
            where["record"] = {"index": orecord.index, "id": orecord.id, "line": 1, "column": 1}
        plan = Plan.make(registry, settings, path)  # per-file-ignores may leave NL205 out here
        f = plan.finding("NL205", Hit(Span(0, 0), message(refs[original], sim, params),
                                      related=(Related(Span(0, 0), "earlier copy", where),)))
        if f is None:
            continue
        doc = Document(path, "", fmt, record=record)
        yield FileResult(path, Document(path, "", fmt), [DocumentResult(doc, [f])])



def fold(result, copy):
    """A copy of ``result`` with the findings of ``copy`` (the same file's NL205 result)
    added, to the same JSONL record's document when there is one."""
    from dataclasses import replace

    from .engine import DocumentResult

    docs = [DocumentResult(d.document, list(d.findings)) for d in result.documents]
    for add in copy.documents:
        record = add.document.record
        target = next((d for d in docs if record is None or d.document.record == record), None)
        if target is None:
            docs.append(DocumentResult(add.document, list(add.findings)))
        else:
            target.findings.extend(add.findings)
    return replace(result, documents=docs, file_findings=list(result.file_findings))
