"""Bytes to text: UTF-8 first, a guessed encoding when that fails, never a crash."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None: binary, not linted
    encoding: str
    error_offset: int | None = None  # char offset of the first invalid byte
    bad_byte: int | None = None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes  # lazy: only for broken files

    best = from_bytes(data[:262_144]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return "cp1252"
    return best.encoding


def decode(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if b"\x00" in data[:BINARY_SNIFF]:
        return Decoded(None, "binary")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        encoding = _guess_encoding(data)
        try:
            text = data.decode(encoding, errors="replace")
            prefix = len(data[: err.start].decode(encoding, errors="replace"))
        except LookupError:
            encoding = "cp1252"
            text = data.decode(encoding, errors="replace")
            prefix = len(data[: err.start].decode(encoding, errors="replace"))
        return Decoded(text, encoding, prefix, data[err.start])
