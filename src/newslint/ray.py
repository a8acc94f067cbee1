"""Ray Data adapter (``pip install 'newslint[ray]'``): the per-document engine of
``newslint.batch`` mapped over a ``ray.data.Dataset``, and the cross-document rule
(NL205) with its LSH banding on the cluster.

    import ray, newslint.ray
    ray.init()                                   # or ray.init(address="ray://head:10001")
    articles = ray.data.read_parquet("s3://bucket/news/")   # columns text, id, ...
    findings = newslint.ray.lint(articles)       # a Dataset of findings rows
    copies = newslint.ray.near_duplicates(articles)

The CLI's ``newslint --engine ray`` (``lint_paths``) reads the files on this machine,
lints them on the cluster and prints what the local engine prints.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterator

import ray  # noqa: F401 - absolute: the ``ray`` package, not this module
import ray.data

from .batch import lint_batch, lint_files_batch
from .crossdoc import Collector, Hasher, Params, bucket_pairs

__all__ = ["lint", "near_duplicates", "lint_paths", "bucket_on_ray", "connect"]


def connect(address: str | None = None, **kwargs) -> None:
    """``ray.init`` unless Ray is already up: ``address`` (or ``RAY_ADDRESS``) names a
    cluster; without either, a local Ray is started."""
    import logging

    if not ray.is_initialized():
        kwargs.setdefault("logging_level", logging.WARNING)
        ray.init(address=address, include_dashboard=False, log_to_driver=False, **kwargs)
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # no "Starting execution of…" per dataset
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # "Progress bars disabled"
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.execution_options.preserve_order = True  # results in input order: "earlier" means something


def lint(ds: "ray.data.Dataset", settings=None) -> "ray.data.Dataset":
    """Findings of a Dataset of articles (``text``, optional ``id``, ``title``,
    ``language``, ``date``, ``path``, ``index``): ``newslint.batch.lint_batch`` on each
    batch. Columns: ``newslint.batch.FINDING_COLUMNS``."""
    return ds.map_batches(lint_batch, batch_format="pyarrow", fn_kwargs={"settings": settings})


def _sign(table, params: Params):
    import pyarrow as pa

    from .batch import TEXT_COLUMNS, _column

    hasher = Hasher(params)
    texts = _column(table, *TEXT_COLUMNS) or [""] * table.num_rows
    ids = _column(table, "id") or [None] * len(texts)
    sigs = [hasher.signature(t or "") for t in texts]
    return pa.table({"id": [None if i is None else str(i) for i in ids],
                     "sig": [None if s is None else s.tobytes() for s in sigs]},
                    schema=pa.schema([("id", pa.string()), ("sig", pa.binary())]))


def _pairs_in_partition(batch: dict) -> dict:
    earlier, later = bucket_pairs(batch["doc"], batch["band"], batch["key"])
    return {"earlier": earlier, "later": later}


def bucket_on_ray(doc, band, key, rows_per_block: int = 1 << 20):
    """``crossdoc.bucket_pairs`` run on the cluster: the (document, band, key) rows hash
    partitioned by ``repartition(keys=["band", "key"])``, so a bucket is whole in one
    partition, and the candidate pairs of each partition found by ``map_batches``. A
    partition is about 24 bytes a row, far below Ray's block size, so it stays one batch."""
    import numpy as np
    import pyarrow as pa

    table = pa.table({"doc": np.asarray(doc, np.int64), "band": np.asarray(band, np.int64),
                      "key": np.asarray(key, np.uint64)})
    parts = max(2, -(-table.num_rows // rows_per_block))
    ds = ray.data.from_arrow(table).repartition(parts, keys=["band", "key"])
    found = ds.map_batches(_pairs_in_partition, batch_size=None, batch_format="numpy")
    earlier, later = [], []
    for batch in found.iter_batches(batch_format="numpy", batch_size=None):
        earlier.append(batch["earlier"])
        later.append(batch["later"])
    if not earlier:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(earlier).astype(np.int64), np.concatenate(later).astype(np.int64)


def near_duplicates(ds: "ray.data.Dataset", params: Params | None = None) -> list[tuple[int, int, float, str | None, str | None]]:
    """Near-duplicate articles of ``ds`` (NL205): ``(copy, original, similarity, copy_id,
    original_id)`` with row numbers in input order. Signatures are computed on the
    cluster; band buckets are found on the cluster; the driver keeps the signatures
    (512 bytes an article), checks the candidate pairs and joins them (union-find)."""
    import numpy as np

    params = params or Params()
    signed = ds.map_batches(_sign, batch_format="pyarrow", fn_kwargs={"params": params})
    collector = Collector(params)
    ids: list = []
    for batch in signed.iter_batches(batch_format="pyarrow", batch_size=4096):
        for rid, sig in zip(batch.column("id").to_pylist(), batch.column("sig").to_pylist()):
            ids.append(rid)
            collector.add_text("", len(ids) - 1, None if sig is None else np.frombuffer(sig, np.uint32))
    pairs = collector.pairs(bucket_on_ray)
    return [(collector.refs[c], collector.refs[o], s, ids[collector.refs[c]], ids[collector.refs[o]])
            for c, o, s in pairs]


def lint_paths(files: list, registry, settings, collector: Collector | None = None,
               window: int = 64 << 20) -> Iterator:
    """The CLI's ``--engine ray``: ``FileResult``s in the order of ``files``, linted on
    the cluster (read here, shipped in windows of about ``window`` bytes). A file that
    cannot be read is reported here, as the local engine reports it. With ``collector``,
    each document's MinHash signature is computed on the cluster and collected."""
    from .runner import Skipped, display_path, lint_file, read_file

    params = collector.params if collector is not None else None
    plans: dict = {}
    pending: list = []  # (order, label, bytes) or (order, local FileResult)
    size = 0

    def flush() -> Iterator:
        nonlocal pending, size
        items = [p for p in pending if len(p) == 3]
        remote: dict = {}
        if items:
            ds = ray.data.from_items([{"order": o, "path": label, "data": data} for o, label, data in items])
            out = ds.map_batches(lint_files_batch, batch_size=16, batch_format="numpy",
                                 fn_kwargs={"settings": settings, "params": params})
            for batch in out.iter_batches(batch_format="numpy", batch_size=None):
                for o, result, sigs in zip(batch["order"], batch["result"], batch["signatures"]):
                    remote[int(o)] = (pickle.loads(result), pickle.loads(sigs))
        for p in pending:
            if len(p) == 2:
                yield p[1], None
            else:
                yield remote[p[0]]
        pending, size = [], 0

    for order, path in enumerate(files):
        try:
            if isinstance(path, Skipped):
                raise OSError
            data = read_file(Path(path), settings.max_file_size)
        except Exception:  # unreadable, too large: the local engine's own finding
            pending.append((order, lint_file(path, registry, settings, plans)))
            continue
        pending.append((order, display_path(path), data))
        size += len(data)
        if size >= window:
            yield from _collected(flush(), collector)
    yield from _collected(flush(), collector)


def _collected(items: Iterator, collector: Collector | None) -> Iterator:
    for result, sigs in items:
        if collector is not None:
            collector.add(result, sigs)
        yield result

