"""YAML rule packs: rules as data (Vale-style), one folder per pack, one file per rule.

A rule file ``checks/<pack>/<rule-name>.yaml`` looks like::

    code: NL101
    summary: Offer to continue, left by an AI assistant
    explanation: |
      Why it is bad, what to do instead.
    severity: error           # info | warning | error
    kind: existence           # existence | substitution
    scope: [paragraph, heading, list_item, quote]   # block kinds, default: all text
    message: "assistant offer to continue: “{match}”"
    phrases:                  # matched case-insensitively as whole words
      en: ["would you like me to"]
      fr: ["souhaitez-vous que je"]
    patterns: ['\\bshall I\\b']   # RE2 syntax (linear time)
    examples:
      bad: ["Would you like me to shorten it?"]
      good: ["I would like to thank you."]

The rule name is the file name; the code is given explicitly because codes are a
contract. ``substitution`` rules map phrases to replacements and carry a fix.
Every mistake in a file is reported as ``file: message`` (a PackError).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .matching import PatternError, PatternMatcher, PhraseMatcher
from .model import Applicability, BlockKind, Document, Edit, Fix, Hit, Severity, Span
from .rules import Example, RuleError, RuleMeta
from .speech import Act, Shape, ShapeError, SpeechIndex, describe, load_lexicon, parse_shape
from .text import (at_sentence_start, ends_with_attribution, in_ranges, is_about_ai, is_dialogue, is_reported_speech,
                   quoted_ranges, sentence_bounds)

KINDS = ("existence", "substitution", "speech-act")
_KEYS = {"code", "summary", "explanation", "severity", "kind", "scope", "message", "phrases",
         "patterns", "swap", "examples", "fix", "options", "ignore_case", "applicability", "skip",
         "report", "shapes"}
SKIPS = ("quoted", "dialogue", "reported-speech", "ai-topic-body")
REPORTS = ("match", "sentence")
_SCOPES = {k.value for k in BlockKind} - {"blank"}


class PackError(ValueError):
    """A rule file is wrong; the message starts with the file name."""


def _string_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PackError(f"{where} must be a string or a list of strings")


def _phrases(value: Any, where: str) -> list[tuple[str, tuple[str, bool]]]:
    """``phrases`` as a list or as ``{lang: [...]}`` -> [(phrase, (lang, anchored))].

    A phrase written ``^like this`` only matches at the start of a sentence."""
    if isinstance(value, Mapping):
        items = [(p, str(lang)) for lang, ps in value.items() for p in _string_list(ps, f"{where}.{lang}")]
    else:
        items = [(p, "") for p in _string_list(value, where)]
    return [(p.lstrip("^"), (lang, p.startswith("^"))) for p, lang in items]


@dataclass(frozen=True)
class PackCheck:
    meta: RuleMeta
    kind: str
    message: str
    scope: frozenset[str]
    patterns: PatternMatcher
    swap: Mapping[str, str]
    applicability: Applicability
    skip: frozenset[str] = frozenset()
    report: str = "match"
    pack: "PackIndex | None" = None  # the scan shared by the rules loaded together (set by the loaders)
    phrase_list: tuple[tuple[str, tuple[str, bool]], ...] = ()
    shapes: tuple[Shape, ...] = ()  # speech-act rules: see speech.py

    def _acts(self, doc: Document) -> list[tuple[int, int, bool, Act | None]]:
        if not self.shapes or self.pack is None or self.pack.speech is None:
            return []
        return [(act.first_cue, act.first_cue, False, act) for act in self.pack.speech_acts(doc, self.meta.code)]

    def _found(self, doc: Document) -> list[tuple[int, int, bool, Act | None]]:
        found = [(start, end, anchored, None) for start, end, anchored in self.pack.phrase_hits(doc, self.meta.code)]
        if self.pack.may_match_patterns(doc, self.meta.code):
            found.extend((m.start, m.end, False, None) for m in self.patterns.finditer(doc.text))
        return found + self._acts(doc)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Hit]:
        text = doc.text
        found = self._found(doc)
        if not found:
            return
        found.sort(key=lambda f: f[:3])
        locate = _block_locator(doc)
        skip = frozenset(options.get("skip", self.skip))  # [tool.newslint.options.CODE] may override both
        scope = frozenset(options.get("scope", self.scope))
        context = _Context(doc, skip)
        last_end = -1
        for start, end, anchored, act in found:
            if start < last_end:
                continue  # overlapping matches report once
            index, block = locate(start)
            if scope and (block is None or block.kind.value not in scope):
                continue
            lo, hi = (block.span.start, block.span.end) if block else (0, len(text))
            if anchored and not at_sentence_start(text, start, lo):
                continue
            s_start, s_end = (act.start, act.end) if act else sentence_bounds(text, start, end, lo, hi)
            if skip and context.excused(index, block, start, s_start, s_end, lo, hi):
                continue
            if act or self.report == "sentence":
                span = Span(min(s_start, start), max(s_end, end))
            else:
                span = Span(start, end)
            if span.start < last_end:
                continue
            last_end = span.end
            if act:
                cue_span = text[act.cues[0].start:max(c.end for c in act.cues)] if act.cues else text[s_start:s_end]
                yield Hit(span, f"{self.message.replace('{match}', _shorten(cue_span))} [{describe(act, text)}]")
                continue
            matched = text[start:end]
            yield Hit(span, self.message.replace("{match}", matched), self._fix(start, end, matched))

    def _fix(self, start: int, end: int, matched: str) -> Fix | None:
        if self.kind != "substitution":
            return None
        replacement = self.swap.get(" ".join(matched.lower().split()))
        if replacement is None:
            return None
        return Fix(f"replace with “{replacement}”", (Edit(Span(start, end), replacement),), self.applicability)


def _shorten(sentence: str, limit: int = 120) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + "…"


class PackIndex:
    """Every rule of a pack folder scanned together: phrases in one Aho-Corasick
    automaton, patterns in one RE2 set that tells which rules' patterns can match at
    all. A document is scanned once; a rule runs its own pattern search only when
    the set says it has something to find (rare), so a pack of many rules costs about
    as much as one."""

    def __init__(self, checks: list["PackCheck"], speech: SpeechIndex | None = None) -> None:
        self.speech = speech
        self.matcher = PhraseMatcher((phrase, (c.meta.code, lang, anchored))
                                     for c in checks for phrase, (lang, anchored) in c.phrase_list)
        self.patterns = [f"(?m:{pattern})" for c in checks for pattern in c.patterns.patterns]
        self.loose = [loosen(p) for p in self.patterns]  # what the prefilter set is made of
        self.owners: list[str] = [c.meta.code for c in checks for _ in c.patterns.patterns]
        self._set = None  # the RE2 set, compiled on first use (it cannot be pickled)
        # The key of this index's scans in ``Document.derived``: named by the rules it
        # covers (a rule code belongs to one pack), the same in every process and run.
        self._key = "packs:" + ",".join(sorted(c.meta.code for c in checks))

    def __getstate__(self) -> dict:  # the compiled-pack cache (newslint.cache) pickles packs
        return {**self.__dict__, "_set": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    @property
    def pattern_set(self):
        if self._set is None:
            import re2

            options = re2.Options()
            options.log_errors = False
            options.case_sensitive = False  # a superset of every rule's matches: a prefilter
            options.max_mem = 64 << 20
            pattern_set = re2.Set.SearchSet(options)
            for pattern, loose in zip(self.patterns, self.loose):
                try:
                    pattern_set.Add(loose)
                except re2.error:  # cannot happen for a valid pattern; be safe anyway
                    pattern_set.Add(pattern)
            pattern_set.Compile()
            self._set = pattern_set
        return self._set

    def _scan(self, doc: Document) -> tuple[dict[str, list[tuple[int, int, bool]]], frozenset[str]]:
        by_rule: dict[str, list[tuple[int, int, bool]]] = {}
        for m in self.matcher.finditer(doc.text, doc.folded):
            by_rule.setdefault(m.payload[0], []).append((m.start, m.end, m.payload[2]))
        matched = self.pattern_set.Match(doc.text) if self.owners else None
        return by_rule, frozenset(self.owners[i] for i in matched or ())

    def phrase_hits(self, doc: Document, code: str) -> list[tuple[int, int, bool]]:
        return doc.derived(self._key, self._scan)[0].get(code, [])

    def may_match_patterns(self, doc: Document, code: str) -> bool:
        return code in doc.derived(self._key, self._scan)[1]

    def _scan_acts(self, doc: Document) -> dict[str, list[Act]]:
        blocks = ((b.span.start, b.span.end) for b in doc.blocks if b.kind is not BlockKind.BLANK)
        return self.speech.acts(doc.text, doc.folded, blocks, _Speaks(doc))

    def speech_acts(self, doc: Document, code: str) -> list[Act]:
        return doc.derived(self._key + ":acts", self._scan_acts).get(code, [])


class _Speaks:
    """Whether a sentence may be in a cue language. Cues of every language are looked
    for in every document (a leftover is often pasted in another language than the
    article's), but without accents some words are another language's (Spanish "quité"
    is English "quite"): cues in another language than the document's do not count in a
    sentence confidently identified as a third language. Computed only for sentences
    with cues."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.doc_lang: str | None | bool = False  # not known yet

    def __call__(self, lang: str, lo: int, hi: int) -> bool:
        from .langid import clearly, detect_fasttext, document_language, related

        if clearly(self.doc.text[lo:hi].lower().split(), lang):
            return True  # its function words say so: no identifier needed (the article's may never be)
        if self.doc_lang is False:
            self.doc_lang = document_language(self.doc)
        if self.doc_lang is None or related(lang, self.doc_lang):
            return True
        sentence_lang, probability = detect_fasttext(self.doc.text[lo:hi])
        return related(sentence_lang, lang) or probability < 0.5  # a short sentence: not sure, so not refused


def loosen(pattern: str) -> str:
    """``pattern`` with every bounded repetition ``{m,n}`` made unbounded (``{m,}``, ``*``,
    ``+``): it matches wherever the pattern does (a superset, fit for the prefilter set),
    and RE2 compiles it ten times faster (``[^\\n]{0,80}`` is 80 copies of a UTF-8
    automaton). Escapes and character classes are left alone."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i) and ":]" in pattern[i:]:  # [[:alpha:]]
                stop = pattern.index(":]", i) + 2
                out.append(pattern[i:stop])
                i = stop
                continue
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):  # a leading ] is a literal
                out.append("]")
                i += 1
            continue
        if c == "{":
            close = pattern.find("}", i)
            low, comma, high = pattern[i + 1:close].partition(",") if close != -1 else ("", "", "")
            if close != -1 and comma and low.isdigit() and high.isdigit():
                out.append({"0": "*", "1": "+"}.get(low, "{" + low + ",}"))
                i = close + 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


class _Context:
    """Why a match in running text may be legitimate: quoted, dialogue, reported
    speech, or an article about AI assistants quoting one. Computed lazily, per
    block, only for blocks that have a match."""

    def __init__(self, doc: Document, skip: frozenset[str]) -> None:
        self.doc = doc
        self.skip = skip
        self._quotes: dict[int, list[tuple[int, int]]] = {}
        self._about_ai: bool | None = None
        self._edges: set[int] | None = None

    def excused(self, index: int, block, start: int, s_start: int, s_end: int, lo: int, hi: int) -> bool:
        text = self.doc.text
        if "quoted" in self.skip:
            if block is not None and block.kind is BlockKind.QUOTE:
                return True
            ranges = self._quotes.get(index)
            if ranges is None:
                ranges = self._quotes[index] = quoted_ranges(text, lo, hi)
            if in_ranges(start, ranges):
                return True
        if "dialogue" in self.skip and is_dialogue(text[lo:min(hi, lo + 400)]):
            return True
        if "reported-speech" in self.skip and (is_reported_speech(text, s_start, start, lo)
                                               or ends_with_attribution(text, s_start, s_end)):
            return True
        if "ai-topic-body" in self.skip:
            if self._about_ai is None:
                self._about_ai = self.doc.derived("about-ai", lambda d: is_about_ai(d.folded))
            if self._about_ai:
                if self._edges is None:
                    content = [i for i, b in enumerate(self.doc.blocks) if b.kind is not BlockKind.BLANK]
                    self._edges = set(content[:2] + content[-2:])
                return index not in self._edges
        return False


def _block_locator(doc: Document):
    import bisect

    blocks = doc.blocks
    starts = [b.span.start for b in blocks]

    def locate(offset: int):
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and blocks[i].span.start <= offset <= blocks[i].span.end:
            return i, blocks[i]
        return -1, None

    return locate


def _example(item: Any, where: str) -> Example:
    if isinstance(item, str):
        return Example(item)
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        allowed = {"text", "fixed", "format", "lang", "meta", "encoding"}
        unknown = set(item) - allowed
        if unknown:
            raise PackError(f"{where}: unknown example key(s) {sorted(unknown)}")
        return Example(**item)
    raise PackError(f"{where}: an example is a string or a mapping with 'text'")


def load_rule_file(path: Path, pack: str) -> PackCheck:
    """One rule file on its own (with a scan index of its own, and the cues of its folder)."""
    return _index([_parse_rule_file(path, pack)], [path.parent])[0]


def _index(checks: list[PackCheck], folders: Iterable[Path]) -> list[PackCheck]:
    """The checks of some pack folders, sharing one scan index; speech-act rules get the
    cue files of ``<folder>/cues/`` and the examples written there."""
    from .config import YamlError, load_yaml

    lexicons: dict[str, dict[str, list[str]]] = {}
    extra: dict[str, tuple[list[Example], list[Example]]] = {}
    for folder in folders:
        for path in sorted((folder / "cues").glob("*.y*ml")):
            where = str(path)
            try:
                lang, lexicon, examples = load_lexicon(load_yaml(path.read_text(encoding="utf-8")), where)
            except (OSError, UnicodeDecodeError) as err:
                raise PackError(f"{where}: cannot read cue file: {err}") from None
            except YamlError as err:
                raise PackError(f"{where}{err.where}: {err}") from None
            except ShapeError as err:
                raise PackError(str(err)) from None
            for category, phrases in lexicon.items():
                lexicons.setdefault(lang, {}).setdefault(category, []).extend(phrases)
            for code, sets in examples.items():
                if not isinstance(sets, Mapping):
                    raise PackError(f"{where}: examples.{code} must be a mapping with 'bad' and 'good'")
                bad, good = extra.setdefault(code, ([], []))
                for key, into in (("bad", bad), ("good", good)):
                    for item in sets.get(key) or ():
                        example = _example(item, f"{where}: examples.{code}.{key}")
                        into.append(replace(example, lang=example.lang or lang))
    speakers = {c.meta.code: c.shapes for c in checks if c.shapes}
    unknown = set(extra) - {c.meta.code for c in checks}
    if unknown:
        raise PackError(f"cue files give examples for {', '.join(sorted(unknown))}, which no rule file defines")
    speech = None
    if speakers:
        if not lexicons:
            raise PackError(f"speech-act rules {', '.join(sorted(speakers))} need cue files in cues/ next to them")
        try:
            speech = SpeechIndex(lexicons, speakers)
        except ShapeError as err:
            raise PackError(str(err)) from None
    index = PackIndex(checks, speech)
    out = []
    for c in checks:
        bad, good = extra.get(c.meta.code, ([], []))
        meta = replace(c.meta, bad=c.meta.bad + tuple(bad), good=c.meta.good + tuple(good)) if bad or good else c.meta
        out.append(replace(c, meta=meta, pack=index))
    return out


_STRING_KEYS = ("summary", "explanation", "severity", "kind", "message", "fix", "applicability", "report")
APPLICABILITIES = tuple(a.value for a in Applicability)


def _parse_rule_file(path: Path, pack: str) -> PackCheck:
    from .config import YamlError, load_yaml

    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PackError(f"{where}: cannot read rule file: {err}") from None
    try:
        data = load_yaml(text)
    except YamlError as err:
        raise PackError(f"{where}{err.where}: {err}") from None
    if not isinstance(data, Mapping):
        raise PackError(f"{where}: a rule file must be a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                        f"(allowed: {', '.join(sorted(_KEYS))})")
    for key in _STRING_KEYS:  # 2025-02-28 or yes would otherwise be read as a date or a bool (code: RuleMeta checks)
        if key in data and not isinstance(data[key], str):
            raise PackError(f"{where}{_line(text, key)}: {key} must be a string (quote it), "
                            f"not {type(data[key]).__name__} {str(data[key])[:40]!r}")
    if "ignore_case" in data and not isinstance(data["ignore_case"], bool):
        raise PackError(f"{where}{_line(text, 'ignore_case')}: ignore_case must be true or false")
    if "options" in data:  # a pack rule's options are its skip and scope (set in config to change them)
        raise PackError(f"{where}{_line(text, 'options')}: pack rules take no 'options'; write 'skip' and 'scope', "
                        f"which [tool.newslint.options.CODE] can override")
    applicability = data.get("applicability", "safe")
    if applicability not in APPLICABILITIES:
        raise PackError(f"{where}{_line(text, 'applicability')}: applicability must be one of "
                        f"{', '.join(APPLICABILITIES)}, not {applicability!r}")
    kind = data.get("kind", "existence")
    if kind not in KINDS:
        raise PackError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    scope = frozenset(_string_list(data.get("scope"), f"{where}: scope"))
    skip = frozenset(_string_list(data.get("skip"), f"{where}: skip"))
    if skip - set(SKIPS):
        raise PackError(f"{where}: unknown skip {sorted(skip - set(SKIPS))} (allowed: {', '.join(SKIPS)})")
    report = data.get("report", "match")
    if report not in REPORTS:
        raise PackError(f"{where}: report must be one of {', '.join(REPORTS)}, not {report!r}")
    if scope - _SCOPES:
        raise PackError(f"{where}: unknown scope {sorted(scope - _SCOPES)} (allowed: {sorted(_SCOPES)})")
    examples = data.get("examples") or {}
    if not isinstance(examples, Mapping):
        raise PackError(f"{where}: examples must be a mapping with 'bad' and 'good' lists")
    swap: dict[str, str] = {}
    phrases = _phrases(data.get("phrases"), f"{where}: phrases")
    if kind == "substitution":
        raw = data.get("swap")
        if not isinstance(raw, Mapping) or not raw:
            raise PackError(f"{where}: a substitution rule needs a 'swap' mapping of phrase: replacement")
        swap = {" ".join(str(k).lower().split()): str(v) for k, v in raw.items()}
        phrases += [(str(k), ("", False)) for k in raw]
    for phrase, _ in phrases:
        if not phrase.split():  # matches nothing: always a slip (an empty list item, a lone '^')
            raise PackError(f"{where}{_empty_phrase(text)}: empty phrase (remove it or write the words)")
    try:
        meta = RuleMeta(
            code=str(data.get("code", "")),
            name=path.stem,
            summary=str(data.get("summary", "")),
            explanation=str(data.get("explanation", "")).strip(),
            severity=Severity.parse(str(data.get("severity", "error"))),
            fix=str(data.get("fix", "always" if kind == "substitution" else "none")),
            bad=tuple(_example(e, f"{where}: examples.bad") for e in examples.get("bad") or ()),
            good=tuple(_example(e, f"{where}: examples.good") for e in examples.get("good") or ()),
            options={"skip": sorted(skip), "scope": sorted(scope)},
            origin=f"pack {pack!r} ({where})",
        )
        patterns = PatternMatcher(_string_list(data.get("patterns"), f"{where}: patterns"),
                                  bool(data.get("ignore_case", True)))
    except PatternError as err:
        raise PackError(f"{where}: invalid RE2 pattern {err}") from None
    except (RuleError, ValueError, TypeError) as err:
        raise PackError(f"{where}: {err}") from None
    shapes: list[Shape] = []
    if kind == "speech-act":
        try:
            shapes = [parse_shape(t) for t in _string_list(data.get("shapes"), f"{where}: shapes")]
        except ShapeError as err:
            raise PackError(f"{where}{_line(text, 'shapes')}: {err}") from None
        if not shapes:
            raise PackError(f"{where}: a speech-act rule needs 'shapes' (see the cue files in cues/)")
    elif "shapes" in data:
        raise PackError(f"{where}: 'shapes' belong to kind: speech-act rules")
    if not phrases and not patterns.patterns and not shapes:
        raise PackError(f"{where}: a rule needs 'phrases' or 'patterns'")
    return PackCheck(
        meta=meta, kind=kind,
        message=str(data.get("message") or meta.summary + ": “{match}”"),
        scope=scope, patterns=patterns, swap=swap,
        applicability=Applicability(applicability),
        skip=skip, report=report, phrase_list=tuple(phrases), shapes=tuple(shapes),
    )


def _line(text: str, key: str) -> str:
    """``:line`` of a top-level key's value in a rule file, or "" when unknown."""
    from .config import yaml_node_path

    found = yaml_node_path(text, lambda node, path: path == key)
    return f":{found[1]}" if found else ""


def _empty_phrase(text: str) -> str:
    """``:line: key`` of the first empty phrase (or swap key) in a rule file."""
    import yaml

    from .config import yaml_node_path

    def empty(node, path: str) -> bool:
        if path.startswith("swap."):
            return not path[5:].strip()
        return (path.startswith("phrases") and isinstance(node, yaml.ScalarNode)
                and not str(node.value).lstrip("^").strip())

    found = yaml_node_path(text, empty)
    return f":{found[1]}: {found[0]}" if found else ": phrases"


def load_pack_dir(root: Path) -> list[PackCheck]:
    """Every ``<pack>/<rule>.yaml`` under ``root``, sorted for stable output."""
    if not root.is_dir():
        raise PackError(f"{root}: pack folder does not exist")
    paths = sorted(root.glob("*/*.y*ml"))
    return _index([_parse_rule_file(path, path.parent.name) for path in paths], sorted({p.parent for p in paths}))


def builtin_pack_dir() -> Path:
    """The packs shipped with newslint: inside the wheel, or checks/ in a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "_packs"
    if shipped.is_dir():
        return shipped
    return here.parent.parent / "checks"


def builtin_packs() -> Iterable[PackCheck]:
    """The shipped packs, from the compiled-pack cache when their files are unchanged
    (parsing the YAML and building the matchers is most of a cold start)."""
    from .cache import load_packs

    root = builtin_pack_dir()
    if not root.is_dir():
        return load_pack_dir(root)
    files = [p for p in root.rglob("*") if p.is_file()]
    return load_packs(root, files, lambda: load_pack_dir(root))
