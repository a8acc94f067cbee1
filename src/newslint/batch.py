"""The per-document engine over Arrow record batches: articles in, findings out.

``lint_batch(table) -> table`` is a pure function of its input (and the settings), so
any engine that moves Arrow batches can run it: Ray Data's ``map_batches``
(``newslint.ray``), Spark's ``mapInArrow``, a plain loop over a Parquet file.

Articles: a ``text`` column (``body``, ``content`` or ``article`` are accepted too) and
optional ``id``, ``title``, ``language`` (or ``lang``), ``date`` (or ``published``),
``url``, ``path`` and ``index`` (the record number reported; the row's place in the
batch when absent): a row is read as a JSONL record or a Parquet row is
(``readers.record_document``); a row without text is an empty article. Findings: one row
per finding, columns ``FINDING_COLUMNS``; positions are 1-based lines and columns in
the article's text, end exclusive, as in the JSON output's ``record``.

Two more functions serve the CLI's ``--engine ray`` (files rather than articles):
``lint_files_batch`` lints files' bytes and returns the pickled results the reporters
print, so the output is that of the local engine byte for byte.
"""

from __future__ import annotations

import pickle
from typing import Any

TEXT_COLUMNS = ("text", "body", "content", "article")  # as readers.TEXT_FIELDS
FINDING_COLUMNS = ("path", "record", "id", "code", "name", "category", "severity", "message",
                   "line", "column", "end_line", "end_column", "fix", "related")

_LINTERS: dict[bytes, Any] = {}  # per process: settings -> (registry, plan), built once


def _plan(settings):
    from .config import Settings

    settings = settings or Settings()
    key = pickle.dumps(settings)
    if key not in _LINTERS:
        from .engine import Plan
        from .registry import Registry

        registry = Registry.discover(settings.packs)
        _LINTERS[key] = (registry, Plan.make(registry, settings))
    return _LINTERS[key]


def _column(table, *names: str) -> list | None:
    for name in names:
        if name in table.column_names:
            return table.column(name).to_pylist()
    return None


def _schema():
    import pyarrow as pa

    return pa.schema([("path", pa.string()), ("record", pa.int64()), ("id", pa.string()), ("code", pa.string()),
                      ("name", pa.string()), ("category", pa.string()), ("severity", pa.string()),
                      ("message", pa.string()), ("line", pa.int64()), ("column", pa.int64()),
                      ("end_line", pa.int64()), ("end_column", pa.int64()), ("fix", pa.string()),
                      ("related", pa.string())])


def lint_batch(table, settings=None):
    """Findings (a ``pyarrow.Table`` of ``FINDING_COLUMNS``) of the articles in ``table``
    (a ``pyarrow.Table`` or ``RecordBatch``). Pure: the same articles give the same rows."""
    import json

    import pyarrow as pa

    from .engine import lint_document
    from .readers import META_FIELDS, record_document, record_value
    from .reporters import finding_to_dict

    names = [c for c in table.column_names if c in TEXT_COLUMNS or c in META_FIELDS]
    if not any(c in names for c in TEXT_COLUMNS):
        raise ValueError(f"no article text: the table needs a column named one of {', '.join(TEXT_COLUMNS)}")
    columns = {c: table.column(c).to_pylist() for c in names}
    n = table.num_rows
    paths = _column(table, "path") or ["<articles>"] * n
    indexes = _column(table, "index") or list(range(n))
    _, plan = _plan(settings)
    default_lang = settings.language if settings is not None else None
    rows: dict[str, list] = {c: [] for c in FINDING_COLUMNS}
    for i in range(n):  # each row mapped to an article as a JSONL record or a Parquet row is
        fields = {c: record_value(values[i]) for c, values in columns.items()}
        if not any(isinstance(fields.get(t), str) for t in TEXT_COLUMNS):
            fields["text"] = ""  # no text: an empty article
        doc = record_document(str(paths[i]), fields, default_lang, int(indexes[i]), 1)
        rid = doc.record.id
        for f in lint_document(doc, plan):
            d = finding_to_dict(doc, f)
            rec = d["record"]
            for key, value in (("path", doc.path), ("record", rec["index"]), ("id", rid), ("code", f.code),
                               ("name", f.name), ("category", f.category), ("severity", str(f.severity)),
                               ("message", f.message), ("line", rec["line"]), ("column", rec["column"]),
                               ("end_line", rec["end_line"]), ("end_column", rec["end_column"]),
                               ("fix", None if d["fix"] is None else json.dumps(d["fix"], ensure_ascii=False)),
                               ("related", json.dumps(d["related"], ensure_ascii=False) if "related" in d else None)):
                rows[key].append(value)
    return pa.table(rows, schema=_schema())


def lint_files_batch(batch: dict, settings=None, params=None) -> dict:
    """``{"order", "path", "data"}`` columns (files' bytes) -> ``{"order", "result"}``:
    each file linted as a local run lints it, its ``FileResult`` pickled for the driver's
    reporters (``order`` passed through so the driver prints in input order). With
    ``params`` (``crossdoc.Params``), a ``signatures`` column too: each document's
    MinHash signature (pickled list, None for a document too short to compare)."""
    from .config import Settings
    from .engine import Plan, lint_source

    registry, plan = _plan(settings)
    settings = settings or Settings()
    hasher = None
    if params is not None:
        from .crossdoc import Hasher

        hasher = Hasher(params)
    out: dict[str, list] = {"order": list(batch["order"]), "result": [], "signatures": []}
    for path, data in zip(batch["path"], batch["data"]):
        path = str(path)
        file_plan = Plan.make(registry, settings, path) if settings.per_file_ignores else plan  # rules by path
        result = lint_source(path, bytes(data), file_plan, settings.language)
        for d in result.documents:  # reporters need text and positions only: ship nothing else back
            object.__setattr__(d.document, "blocks", ())
            object.__setattr__(d.document, "_derived", {})
            object.__setattr__(d.document, "_folded", None)
            object.__setattr__(d.document, "_lines", None)
        out["result"].append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        sigs = None if hasher is None else [hasher.signature(d.document.text) for d in result.documents]
        out["signatures"].append(pickle.dumps(sigs, protocol=pickle.HIGHEST_PROTOCOL))
    return out
