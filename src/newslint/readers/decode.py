"""Bytes to text: UTF-8 first, a guessed encoding when that fails, never a crash."""

from __future__ import annotations

import codecs
import re
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




_PLAUSIBLE_CP1252 = set("’‘“”–—…€«»°·•œŒšŠžŽŸ™©®§¿¡ºª×") | {chr(c) for c in range(0xC0, 0x100)}


def _guess_encoding(data: bytes) -> str:
    """The likeliest legacy encoding. News in the languages newslint targets is
    overwhelmingly cp1252 when it is not UTF-8, and detectors guess poorly on
    short text (Noël → cp1256), so cp1252 wins whenever its decoding gives only
    plausible Western characters; otherwise charset-normalizer decides."""
    sample = data[:262_144]
    try:
        decoded = sample.decode("cp1252")
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None:
        high = [c for c in decoded if ord(c) > 127]
        letters = sum(c.isalpha() for c in decoded)
        # Western text: accented letters are few and scattered among ASCII ones.
        if high and sum(c in _PLAUSIBLE_CP1252 for c in high) >= 0.9 * len(high) and len(high) <= 0.3 * letters:
            return "cp1252"
    from charset_normalizer import from_bytes  # lazy: only for broken files

    best = from_bytes(sample).best()
    return best.encoding if best is not None else "latin_1"


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 4 KB (``<meta charset>`` or the
    ``http-equiv`` Content-Type), as Python knows it; None when absent or unknown."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # as browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as windows-1252
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """``declared``: the encoding the file declares (an HTML page's ``<meta charset>``);
    a file valid in it is read with it, as a browser does, and is not an error."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if b"\x00" in data[:BINARY_SNIFF]:
        return Decoded(None, "binary")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        if declared is not None and declared != "utf-8":
            try:
                return Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
        encoding = _guess_encoding(data)
        try:
            text = data.decode(encoding, errors="replace")
            prefix = len(data[: err.start].decode(encoding, errors="replace"))
        except LookupError:
            encoding = "cp1252"
            text = data.decode(encoding, errors="replace")
            prefix = len(data[: err.start].decode(encoding, errors="replace"))
        return Decoded(text, encoding, prefix, data[err.start])
