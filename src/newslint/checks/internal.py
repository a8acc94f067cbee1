"""NL9xx: problems with the input itself, reported by the reader and the engine.

These rules have no ``check`` logic of their own (the file reader and the
suppression logic emit them) but they are ordinary rules: documented, selectable,
and their examples run as tests through the whole pipeline.
"""

from __future__ import annotations

from ..rules import rule


def _nothing(doc, options):
    return ()


unreadable_file = rule(
    "NL901", "unreadable-file",
    "The file or folder could not be read (permissions, broken link, not a regular file, too large)",
    explanation="""
**Why it matters**: an article that cannot be read is silently missing from the corpus,
and a run must not pass on files it never read.

**What newslint checks**: a file that cannot be opened (permissions, broken or looping
symbolic link, I/O error); a path that is not a regular file (a named pipe, a device
such as `/dev/zero`, a socket: never read, so nothing can hang or fill memory); a file
larger than `max-file-size` (64 MiB by default; never more than that is read); a folder
that cannot be listed while walking (reported on the folder's path: its files were not
linted); a `.parquet` file when pyarrow is not installed, or that pyarrow cannot read
(not Parquet, truncated, a corrupt page: the rows read before it are still linted).

**What to do**: fix the permissions, replace the broken link, raise `max-file-size`
(config) or `--max-file-size`, or exclude the path; for Parquet, `pip install
'newslint[parquet]'` or rewrite the file.
""",
    testable=False,
)(_nothing)

binary_file = rule(
    "NL902", "binary-file", "The file is binary (contains NUL bytes) and was not linted",
    explanation="""
**Why it matters**: a binary file among articles is usually a failed download or a wrong extension.

**What to do**: remove it, or exclude it with `--exclude`.
""",
    severity="warning",
    bad=["PK\x03\x04\x00\x00binary"], good=["Plain text article."],
)(_nothing)

empty_file = rule(
    "NL903", "empty-file", "The file is empty or only whitespace",
    explanation="""
**Why it matters**: an empty article is a failed extraction; publishing it shows a blank page.

**What to do**: re-run the extraction, or drop the file.
""",
    severity="warning",
    bad=["", " \n\n  "], good=["A short article."],
)(_nothing)

malformed_jsonl_record = rule(
    "NL904", "malformed-jsonl-record",
    "A JSONL line is not a JSON object with a text, body or content string",
    explanation="""
**Why it matters**: the record is skipped, so the article is missing from the lint and
probably from the pipeline too.

**What newslint checks**: each JSONL line must be a JSON object with a `text`, `body`,
`content` or `article` string; a Parquet file must have one of these columns (else the
file is one finding), and each of its rows a string there (else a finding on the row).

**What to do**: fix the producer; each line must be one JSON object such as
`{"id": "1", "title": "…", "text": "…"}`.
""",
    bad=[{"text": '{"id": 1, "text": "unterminated\n', "format": "jsonl"},
         {"text": '["not", "an", "object"]\n', "format": "jsonl"},
         {"text": '{"id": 2, "headline": "no text field"}\n', "format": "jsonl"}],
    good=[{"text": '{"id": 1, "text": "A fine article."}\n', "format": "jsonl"}],
)(_nothing)

unused_suppression = rule(
    "NL905", "unused-suppression", "A newslint suppression comment suppresses nothing",
    explanation="""
**Why it matters**: stale suppressions hide future defects of the same kind.

**What to do**: delete the comment, or narrow it to the rule that really fires.
""",
    severity="warning",
    bad=[{"text": "<!-- newslint: disable=NL602 -->\nA clean paragraph.\n", "format": "md"}],
    good=[{"text": "<!-- newslint: disable=NL602 -->\nBroken \ufffd character, known.\n", "format": "md"}],
)(_nothing)

check_failed = rule(
    "NL906", "check-failed", "A rule crashed on this document; the other rules still ran",
    explanation="""
**Why it matters**: a bug in a rule (often a third-party plugin) must not stop a lint run
or hide the other findings, but it must not go unnoticed either: the document was not
fully checked.

**What to do**: report the message (it names the rule and where it was defined); ignore
the rule with `--ignore CODE` until it is fixed.
""",
    testable=False,
)(_nothing)

fix_not_written = rule(
    "NL907", "fix-not-written", "The fixes could not be written to the file; it is left exactly as it was",
    explanation="""
**Why it matters**: the findings `--fix` should have removed are still in the file, and
the run must say so rather than stop: the other files are still fixed and reported.

**What newslint checks**: `--fix` writes a fixed file whole or not at all (a temporary
file in the same folder, flushed to disk, then renamed over the original, keeping its
mode and owner; through a symbolic link the target is replaced). When that fails, the
original is left byte for byte as it was and this finding says why, for example:

    a.txt:1:1: NL907 [internal] fix not written: Permission denied (the file is read-only); the file is unchanged
    a.txt:1:1: NL907 [internal] fix not written: No space left on device; the file is unchanged
    a.txt:1:1: NL907 [internal] fix not written: the file changed while it was being fixed (…; run --fix again)

The same finding reports fixes that still changed the text after 10 passes (a bug:
please report it with the file); the file is then left unchanged too.

**What to do**: make the file writable or free some space and run `--fix` again, or
apply the fixes shown by hand.
""",
    testable=False,
)(_nothing)

unknown_suppression = rule(
    "NL908", "unknown-rule-in-suppression", "A newslint suppression comment names a rule that does not exist",
    explanation="""
**Why it matters**: a suppression with a typo (`disable=NL1O1`, `disable=markups`)
suppresses nothing, yet reads as if it did; the findings it was meant to hide still
show, or, worse, nobody notices that the comment is dead.

**What newslint checks**: every code, code prefix, name and category in a
`<!-- newslint: disable=… -->`, `enable=…` or `disable-file=…` comment must name at
least one registered rule (`newslint rules` lists them; categories and names are
case-insensitive).

**What to do**: correct the name, or delete the comment.
""",
    bad=[{"text": "<!-- newslint: disable=NL999 -->\nA clean paragraph.\n", "format": "md"}],
    good=[{"text": "<!-- newslint: disable=NL602 -->\nBroken \ufffd character, known.\n", "format": "md"}],
)(_nothing)

CHECKS = (unreadable_file, binary_file, empty_file, malformed_jsonl_record, unused_suppression, check_failed,
          fix_not_written, unknown_suppression)
