"""NL2xx: duplicated content (headings, paragraphs, lists, tables), across formats.

Blocks are compared on a normalised form (case, accents kept, punctuation and
Markdown markers dropped, whitespace collapsed). Exact copies are found through a
dictionary; near copies only among candidates that share a bottom-k sketch of word
shingles, so a long document is never compared all-pairs.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..matching import fold
from ..model import Applicability, Block, BlockKind, Document, Edit, Fix, Hit, Related, Span
from ..rules import rule

_NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s")
_WORDS = re.compile(r"\w+")


def norm(text: str, folded: str | None = None) -> str:
    """Case-folded words only: "## Le Titre !" and "le titre" compare equal
    (Markdown markers and punctuation are not words; list numbers are dropped)."""
    folded = fold(text) if folded is None else folded
    if "_" in folded:  # \w counts "_" as a letter; Markdown emphasis is not a word
        folded = folded.replace("_", " ")
    m = _NUMBERED.match(folded)
    return " ".join(_WORDS.findall(folded, m.end() if m else 0))


MAX_BLOCK = 20_000


def block_keys(doc: Document) -> list[str]:
    """``norm`` of every block, computed once per document for all NL2xx rules."""
    def compute(d: Document) -> list[str]:
        folded = d.folded
        # A "block" of more than MAX_BLOCK characters is not a heading, paragraph or list
        # item anyone would repeat; leaving it out keeps memory bounded on huge lines.
        return ["" if b.kind is BlockKind.BLANK or len(b.span) > MAX_BLOCK else norm("", folded[b.span.start:b.span.end])
                for b in d.blocks]

    return doc.derived("duplication:keys", compute)


def _line_end(text: str, end: int) -> int:
    nl = text.find("\n", end)
    return len(text) if nl == -1 else nl + 1


def delete_fix(doc: Document, span: Span, safe: bool, what: str) -> Fix | None:
    """Delete a block with its line break (and one blank line after it)."""
    if doc.source_map is not None:  # HTML: extracted-text offsets are not source offsets
        return None
    text = doc.text
    start = text.rfind("\n", 0, span.start) + 1
    end = _line_end(text, span.end)
    nxt = _line_end(text, end)
    if end < len(text) and not text[end:nxt].strip():
        end = nxt
    return Fix(f"delete the {what}", (Edit(Span(start, end), ""),),
               Applicability.SAFE if safe else Applicability.UNSAFE)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<=[^\W\d_])?(?<![.!?:]\s)(?<!^)\b[A-ZÀ-ÝĀ-Ž][\w'’-]+")


def same_particulars(a: str, b: str) -> bool:
    """Two look-alike texts say the same thing only with the same numbers and the same
    names: "item #22222" and "item #33333", the captions of two photos, footnotes citing
    one book at different pages are not repeats."""
    return particulars(a) == particulars(b)


def particulars(text: str) -> tuple[list[str], set[str]]:
    """The numbers and names of a text, as ``same_particulars`` compares them (computed
    once per block by the rules, not once per comparison)."""
    return sorted(_NUMBER.findall(text)), {m.group() for m in _NAME.finditer(text.strip())}


def recurring(keys: list[str]) -> set[str]:
    """Keys present three times or more: a structural element (the question put to each
    interviewee, the button under each product), not a repeat left by a scraper."""
    from collections import Counter

    return {k for k, n in Counter(keys).items() if n >= 3}


def _listed_headings(doc: Document) -> set[int]:
    """Numbers of the heading blocks in a run of three or more lines with no blank line
    between: an unbulleted list (a product's features), whose short lines are items, not
    headings (only headings are kept: a page may hold 100,000 paragraphs)."""
    listed: set[int] = set()
    size = 0
    headings: list[int] = []
    for n, b in enumerate(doc.blocks):
        if b.kind is BlockKind.BLANK:
            if size >= 3:
                listed.update(headings)
            size, headings = 0, []
        else:
            size += 1
            if b.kind is BlockKind.HEADING:
                headings.append(n)
    if size >= 3:
        listed.update(headings)
    return listed


def _in_template(doc: Document, keys: list[str]) -> set[int]:
    """Numbers of the blocks next to a block present three times or more (its previous
    or next non-blank block): the parts of a repeating template (computed once per
    document for NL201 and NL202)."""
    return doc.derived("duplication:template", lambda d: _template_blocks(d, keys))


_DIGITS = re.compile(r"\d+(?: \d+)*")  # a number, split into words by norm ("39 99")


def _template_blocks(doc: Document, keys: list[str]) -> set[int]:
    content = [n for n, b in enumerate(doc.blocks) if b.kind is not BlockKind.BLANK and keys[n]]
    # a template's lines differ in their numbers ("Get it on Amazon for $139", "… for $169.99"):
    # compared with every number masked
    masked = [_DIGITS.sub("#", keys[n]) for n in content]  # the key itself when it has no digit
    many = recurring(masked)
    if not many:
        return set()
    near: set[int] = set()
    for i, n in enumerate(content):
        if masked[i] in many:
            if i:
                near.add(content[i - 1])
            if i + 1 < len(content):
                near.add(content[i + 1])
    return near


def _first_line(doc: Document, block: Block) -> int:
    return doc.position(block.span.start)[0]


# -- NL201 -----------------------------------------------------------------------

_CREDIT = re.compile(r"(?:photos?|fotos?|crédits?|credits?|bild|image|images|illustration|source|sources|fuente|"
                     r"fonte|quelle|by|par|von|por|di|da|de|afp|ap|reuters|dpa|ansa|efe|lusa)\b")

@rule(
    "NL201", "duplicated-heading", "A heading or title that appears twice",
    explanation="""
**Why it is bad**: ingestion often prints the title twice (once from the page's title,
once from the article body) or repeats a section heading. Readers see a stutter; search
snippets and summaries repeat it too.

**What newslint checks**: the opening line (or two) printed again right after it, whatever
its length or punctuation ("Come Together" twice); headings of at least `min-words` words
that are identical after normalising case, spacing, punctuation and Markdown markers
(short recurring lines such as "Photo : AFP" or "Par la rédaction", and headings present
three times or more, such as a retailer button under each product, are left alone, as are
two copies that each stand next to a line present three times or more: a template's
parts, such as a meal plan's days sharing a snack, and the lines of an unbulleted list of
three or more lines, such as the features of each product in a buying guide); for
JSONL records, a body that starts with the record's `title`. The later copy is flagged, with the first as related location.

**Fix** (safe): delete the later copy.
""",
    fix="always",
    options={"min-words": 3},
    bad=[{"text": "Macron à Marseille\n\nMacron à Marseille\n\nLe président est arrivé mardi.\n",
          "fixed": "Macron à Marseille\n\nLe président est arrivé mardi.\n", "lang": "fr"},
         {"text": "# Neue Brücke über den Rhein\n\nDie Stadt baut.\n\n## Neue Brücke über den Rhein!\n\nMehr dazu.\n",
          "fixed": "# Neue Brücke über den Rhein\n\nDie Stadt baut.\n\nMehr dazu.\n", "format": "md", "lang": "de"},
         {"text": '{"id": "1", "title": "Budget approved", "text": "Budget approved\\n\\nThe council voted."}\n',
          "format": "jsonl"},
         {"text": "Come Together\nCome Together\nThe Beatles recorded the song in 1969.\n",
          "fixed": "Come Together\nThe Beatles recorded the song in 1969.\n", "lang": "en"},
         {"text": "Wer gewinnt die Wahl?\n\nWer gewinnt die Wahl?\n\nDie Umfragen sind knapp.\n", "lang": "de"}],
    good=["Budget approved\n\nThe council voted on Monday.\n\nReactions\n\nThe opposition was unhappy.\n",
          {"text": "Week plan\n\nDay 1\n\nEat every 2-3 hours\n\n1 scoop of whey, 1 cup strawberries, 8 oz. unsweetened almond milk\n\n"
                   "Day 2\n\nEat every 2-3 hours\n\n2 boiled eggs, 1 slice of whole-grain toast, half an avocado, salt\n\n"
                   "Day 3\n\nEat every 2-3 hours\n\n1 scoop of whey, 1 cup strawberries, 8 oz. unsweetened almond milk\n",
           "lang": "en"},
          "Buying guide\n\nAirPods\n\nAutomatic pairing with your phone\nDouble-tap to play or skip forward\nCharges in the case\n\n"
          "AirPods Pro\n\nActive noise cancellation for immersive sound\nDouble-tap to play or skip forward\nSweat and water resistant\n",
          {"text": "Bundesliga\n\nFoto: dpa\n\nBayern gewann.\n\nFoto: dpa\n\nDortmund verlor.\n", "lang": "de"},
          {"text": "# Resultados\n\n## Primera vuelta\n\nTexto.\n\n## Segunda vuelta\n\nTexto.\n", "format": "md",
           "lang": "es"},
          {"text": "<html><head><title>Il bilancio</title></head><body><h1>Il bilancio</h1><p>Testo.</p></body></html>",
           "format": "html", "lang": "it"},
          {"text": "Best deals\n\nHeadphones, $199.\n\nAlso at Walmart\n\nSpeaker, $99.\n\nAlso at Walmart\n\n"
                   "Earbuds, $49.\n\nAlso at Walmart\n", "lang": "en"},
          # deal cards whose lines differ only in their prices are a template too
          {"text": "Deals of the day\n\nHeadphones for $99\n\nGreat sound for less than ever.\n\nGet it on Amazon for $99\n"
                   "Also at Target\n\nSpeaker for $49\n\nLoud, small and waterproof.\n\nGet it on Amazon for $49.99\n"
                   "Also at Target\n\nTV for $399\n\nA big screen at a small price.\n\nGet it on Amazon for $399\n",
           "lang": "en"}],
)
def duplicated_heading(doc, options):
    min_words = int(options["min-words"])
    keys = block_keys(doc)
    top = _repeated_top(doc, keys)
    if top is not None:
        first, again = top
        yield Hit(Span(again[0].span.start, again[-1].span.end),
                  f"{'heading' if again[0].kind is BlockKind.HEADING else 'opening line'} repeated from line "
                  f"{_first_line(doc, first[0])}: “{' '.join(doc.slice(again[0].span).split())}”",
                  delete_fix(doc, Span(again[0].span.start, again[-1].span.end), True, "repeated title"),
                  (Related(Span(first[0].span.start, first[-1].span.end), "first copy"),))
    reported = {b.span for b in top[1]} if top else set()
    blocks = doc.blocks
    title = doc.meta.get("title") if doc.format == "jsonl" else None
    title_key = norm(title) if title else ""
    # counted: only the keys that can be reported (a file may hold 500,000 one-word lines)
    many = recurring([keys[n] for n, b in enumerate(blocks) if b.kind is BlockKind.HEADING
                      and (keys[n].count(" ") + 1 >= min_words or keys[n] == title_key)])
    template = _in_template(doc, keys)
    listed = _listed_headings(doc)

    def headings() -> Iterator[int]:
        """Numbers of the headings compared (numbers, not blocks, and a generator: a file
        may hold 500,000 short lines)."""
        for n, b in enumerate(blocks):
            if b.kind is BlockKind.HEADING and n not in listed and keys[n] not in many and b.span not in reported:
                yield n

    if title_key:
        first_n = next(headings(), None)
        if first_n is not None and title_key == keys[first_n]:
            yield Hit(blocks[first_n].span, f"the article text repeats its title “{' '.join(str(title).split())}”",
                      delete_fix(doc, blocks[first_n].span, True, "repeated title"))
    seen: dict[str, int] = {}  # key: block number of its first copy
    for n in headings():
        key = keys[n]
        if len(key.split()) < min_words or _CREDIT.match(key):
            continue  # "Photo : AFP", "Foto: dpa", "Par la rédaction": recurring short lines
        first_at = seen.get(key)
        if first_at is None:
            seen[key] = n
            continue
        if n in template and first_at in template:
            continue  # both copies inside a repeating template (a meal plan's days): structure
        block, first = blocks[n], blocks[first_at]
        heading = " ".join(doc.slice(block.span).split())
        yield Hit(block.span, f"heading repeated from line {_first_line(doc, first)}: “{heading}”",
                  delete_fix(doc, block.span, True, "repeated heading"),
                  (Related(first.span, "first copy of this heading"),))


def _repeated_top(doc: Document, keys: list[str]) -> tuple[list[Block], list[Block]] | None:
    """The first line (or two) of the text printed again right after it, whatever its
    length or punctuation ("Come Together" twice): the commonest extraction defect."""
    from itertools import islice

    content = list(islice(((b, k) for b, k in zip(doc.blocks, keys) if b.kind is not BlockKind.BLANK), 4))
    for size in (2, 1):
        if len(content) >= 2 * size:
            first, again = content[:size], content[size:2 * size]
            if all(a[1] and a[1] == b[1] for a, b in zip(first, again)):
                return [b for b, _ in first], [b for b, _ in again]
    return None


# -- NL202 -----------------------------------------------------------------------

def _sketch(key: str, k: int = 4) -> list[str]:
    """The first ``k`` long words in alphabetical order: near-identical texts share
    most of their long words, so they share sketch words (deterministic, cheap)."""
    long_words = sorted(set(_LONG_WORD.findall(key)))
    return long_words[:k] if len(long_words) >= 2 else sorted(set(key.split()))[:k]


_LONG_WORD = re.compile(r"\w{7,}")


def _quoted_block(doc: Document, block: Block) -> bool:
    if block.kind is BlockKind.QUOTE:
        return True
    s = doc.slice(block.span).strip()
    return len(s) > 1 and s[0] in "«“„\"" and s[-1] in "»”“\""


@rule(
    "NL202", "duplicated-paragraph", "A paragraph that repeats an earlier one, exactly or nearly",
    explanation="""
**Why it is bad**: scrapers that read both the teaser and the body, or CMS exports that
join revisions, repeat paragraphs. Readers notice at once; summaries and embeddings
weigh the repeated passage twice.

**What newslint checks**: paragraphs of at least `min-length` characters that repeat an
earlier one after normalisation (exact), or whose similarity (rapidfuzz ratio on the
normalised text) is at least `threshold` percent (near). Candidates are found through
shared word-shingle sketches, so long documents are never compared all-pairs. Near
copies must have the same numbers and names (two captions by different photographers,
footnotes citing different pages are not repeats). Quoted paragraphs (a refrain in a
quotation), short recurring lines (bylines, photo credits) and paragraphs present three
times or more (the question put to each interviewee) are left alone, and so is a repeat
whose two copies each stand next to a line present three times or more: a page built
from a template (a meal plan whose days share snacks, a spec sheet per product).

**Fix**: delete the later copy; safe for exact copies, unsafe for near ones (check which
version to keep).
""",
    fix="always",
    options={"threshold": 90.0, "min-length": 60},
    bad=[{"text": "Titre\n\nLe conseil municipal a voté le budget lundi soir après un long débat sur les transports.\n\n"
                  "La séance a duré quatre heures.\n\n"
                  "Le conseil municipal a voté le budget lundi soir après un long débat sur les transports.\n",
          "fixed": "Titre\n\nLe conseil municipal a voté le budget lundi soir après un long débat sur les transports.\n\n"
                   "La séance a duré quatre heures.\n\n", "lang": "fr"},
         {"text": "Title\n\nThe council approved the budget on Monday night after a long debate on transport.\n\n"
                  "The council approved the budget on Monday evening after a long debate on transport.\n", "lang": "en"}],
    good=["Title\n\nPhoto: AFP\n\nThe council approved the budget on Monday night.\n\nPhoto: AFP\n\nThe mayor spoke.\n",
          {"text": "Titel\n\n> Wir sind das Volk, wir sind das Volk, riefen die Demonstranten immer wieder.\n\nText.\n\n"
                   "> Wir sind das Volk, wir sind das Volk, riefen die Demonstranten immer wieder.\n",
           "format": "md", "lang": "de"},
          {"text": "Título\n\nEl ayuntamiento aprobó el presupuesto el lunes por la noche tras un largo debate.\n\n"
                   "La oposición votó en contra del presupuesto el lunes y anunció un recurso ante el tribunal.\n",
           "lang": "es"},
          {"text": "Notes\n\n1. Smith, The History of the City Council and Its Budgets, Oxford, 2019, p. 112.\n\n"
                   "2. Smith, The History of the City Council and Its Budgets, Oxford, 2019, p. 147.\n", "lang": "en"},
          {"text": "Photos\n\nThe new bridge seen from the north bank at dawn, photographed by Anna Berg.\n\n"
                   "The new bridge seen from the north bank at dawn, photographed by Jonas Lind.\n", "lang": "en"},
          {"text": "Week plan\n\nDay 1\n\nEat every 2-3 hours\n\n1 scoop of whey, 1 cup strawberries, 8 oz. unsweetened almond milk, blended.\n\n"
                   "Day 2\n\nEat every 2-3 hours\n\n2 boiled eggs, 1 slice of whole-grain toast, half an avocado and a pinch of salt.\n\n"
                   "Day 3\n\nEat every 2-3 hours\n\n1 scoop of whey, 1 cup strawberries, 8 oz. unsweetened almond milk, blended.\n",
           "lang": "en"},
          {"text": "Five bloggers\n\nWhat is the one dish you would cook for a friend who is having a bad week?\n\n"
                   "Soup, says Ana.\n\nWhat is the one dish you would cook for a friend who is having a bad week?\n\n"
                   "Pasta, says Ben.\n\nWhat is the one dish you would cook for a friend who is having a bad week?\n\n"
                   "Curry, says Cem.\n", "lang": "en"}],
)
def duplicated_paragraph(doc, options):
    threshold = float(options["threshold"])
    min_length = int(options["min-length"])
    # Memory is a few small objects per paragraph (a page may hold 100,000 of them):
    # block numbers, not blocks or (block, key) pairs; a sketch word's postings are one
    # number until it is shared.
    exact: dict[str, int] = {}  # key: block number of its first copy
    # a sketch word's hash (a word's string costs twice as much; a collision only adds a
    # candidate, which is compared like the others): numbers in ``seen`` of the paragraphs holding it
    index: dict[int, int | list[int]] = {}
    seen: list[int] = []  # block numbers of the paragraphs compared so far
    facts: dict[int, tuple] = {}  # particulars of seen paragraphs, by their index in seen
    blocks = doc.blocks
    keys = block_keys(doc)
    many = recurring([k for b, k in zip(blocks, keys) if b.kind is BlockKind.PARAGRAPH and len(k) >= min_length // 2])
    template = _in_template(doc, keys)
    top = _repeated_top(doc, keys)
    skip = {b.span for b in top[1]} if top else set()  # NL201 reports a repeated opening
    for n, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH or len(block.span) < min_length or _quoted_block(doc, block):
            continue
        key = keys[n]
        if len(key) < min_length // 2 or key in many or block.span in skip:
            continue
        first_at = exact.get(key)
        if first_at is not None:
            if n in template and first_at in template:
                continue  # both copies inside a repeating template: structure
            first = blocks[first_at]
            yield Hit(block.span, f"paragraph repeated from line {_first_line(doc, first)}",
                      delete_fix(doc, block.span, True, "repeated paragraph"),
                      (Related(first.span, "first copy of this paragraph"),))
            continue
        exact[key] = n
        sketch = [hash(word) for word in _sketch(key)]
        shared: dict[int, int] = {}  # candidate: sketch words it shares
        for h in sketch:
            postings = index.get(h, ())
            for i in (postings,) if isinstance(postings, int) else postings[-50:]:  # at most 50 recent per word
                shared[i] = shared.get(i, 0) + 1
        # a near copy shares most of its long words: when many paragraphs share one (text
        # whose long words all recur), only those sharing two of three or more are compared
        need = 2 if len(sketch) >= 3 and len(shared) > 20 else 1
        candidates = [i for i, n in shared.items() if n >= need]
        best = None
        mine = None
        for i in candidates:
            other = blocks[seen[i]]
            other_key = keys[seen[i]]
            shorter, longer = sorted((len(key), len(other_key)))
            if shorter < longer * threshold / 100 * 0.8:
                continue
            from rapidfuzz import fuzz  # imported on the first comparison: most articles have none

            score = fuzz.ratio(key, other_key, score_cutoff=threshold)
            if score:
                if mine is None:
                    mine = particulars(doc.slice(block.span))
                if i not in facts:
                    facts[i] = particulars(doc.slice(other.span))
                if mine != facts[i]:
                    continue
            if score and (best is None or score > best[0]):
                best = (score, other)
        if best is not None:
            yield Hit(block.span, f"paragraph nearly repeats line {_first_line(doc, best[1])} "
                                  f"({best[0]:.0f}% similar)",
                      delete_fix(doc, block.span, False, "near-duplicate paragraph"),
                      (Related(best[1].span, "earlier version of this paragraph"),))
        here = len(seen)  # one int object for the four postings
        for h in sketch:
            postings = index.get(h)
            if postings is None:
                index[h] = here
            elif isinstance(postings, int):
                index[h] = [postings, here]
            else:
                postings.append(here)
                if len(postings) > 100:  # only the last 50 are ever read
                    del postings[:-50]
        seen.append(n)


# -- NL203 -----------------------------------------------------------------------

def lists_of(doc: Document) -> list[list[Block]]:
    """Runs of list items, blank lines allowed between items."""
    lists: list[list[Block]] = []
    current: list[Block] = []
    for block in doc.blocks:
        if block.kind is BlockKind.LIST_ITEM:
            current.append(block)
        elif block.kind is not BlockKind.BLANK:
            if current:
                lists.append(current)
            current = []
    if current:
        lists.append(current)
    return lists


def _match_items(earlier: list[str], later: list[str], cutoff: float,
                 facts: tuple[list, list] | None = None) -> list[float]:
    """Greedy one-to-one matching of items, best pairs first; scores of matched items.
    With the items' ``particulars``, a pair only matches when its numbers and names agree."""
    from rapidfuzz import fuzz

    pairs = sorted(((fuzz.token_set_ratio(a, b), i, j) for i, a in enumerate(earlier) for j, b in enumerate(later)
                    if facts is None or facts[0][i] == facts[1][j]), reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    scores = []
    for score, i, j in pairs:
        if score < cutoff:
            break
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        scores.append(score)
    return scores


MAX_CANDIDATES = 50  # earlier lists compared with each list (sharing the most words, then the latest)


@rule(
    "NL203", "duplicated-list", "A list that repeats an earlier list, possibly reworded or reordered",
    explanation="""
**Why it is bad**: generated and re-edited articles often list the same points twice,
the second time lightly reworded ("Renforcement des équipes de terrain avec des agents…"
then "Renforcement des équipes de terrain : embauche d'agents…"). One finding is
reported for the whole repeated list, not one per item.

**What newslint checks**: lists of at least two items; the items of the later list are
matched one-to-one with the earlier list's (rapidfuzz token-set similarity, so word order
does not matter), and matched items must have the same numbers and names: spec lists of
two products share their labels ("Weight:", "Fill:") but not their values. The list is a
duplicate when at least `min-share` of its items match with a similarity of `threshold`
percent or more. Lists whose items only share an opening
("Renforcement des dispositifs de…") do not reach the threshold.

**Fix** (unsafe): delete the later list; check first that it adds nothing.
""",
    fix="always",
    options={"threshold": 75.0, "min-share": 0.75, "max-items": 200},
    bad=[{"text": "Mesures\n\n- Renforcement des équipes de terrain avec des agents spécialisés.\n"
                  "- Amélioration des équipements de surveillance électronique.\n- Coopération entre police et justice.\n\n"
                  "Autrement dit :\n\n- Renforcement des équipes de terrain : embauche d'agents spécialisés.\n"
                  "- Coopération renforcée entre police et justice.\n- Amélioration des équipements : surveillance électronique.\n",
          "fixed": "Mesures\n\n- Renforcement des équipes de terrain avec des agents spécialisés.\n"
                   "- Amélioration des équipements de surveillance électronique.\n- Coopération entre police et justice.\n\n"
                   "Autrement dit :\n\n",
          "lang": "fr"},
         {"text": "Key points\n\n1. The bridge will close in May.\n2. Buses will replace trams.\n\n"
                  "In short:\n\n1. Buses replace the trams.\n2. The bridge closes in May.\n", "lang": "en"}],
    good=[{"text": "Enjeux\n\n- Renforcement des dispositifs de prévention auprès des jeunes.\n"
                   "- Amélioration de la présence policière.\n\nActions\n\n"
                   "- Renforcement des dispositifs de dénonciation sécurisés.\n- Campagnes d'information ciblées.\n",
           "lang": "fr"},
          {"text": "Zutaten\n\n- 200 g Mehl\n- 2 Eier\n\nFür die Füllung\n\n- 200 g Quark\n- 1 Ei\n", "lang": "de"},
          {"text": "Best sleeping bags\n\nNorth Peak 20\n\n- Temp rating: 20°F\n- Fill: 800-fill down\n- Weight: 2 lb 1 oz\n\n"
                   "Trail Lite 15\n\n- Temp rating: 15°F\n- Fill: 650-fill down\n- Weight: 2 lb 9 oz\n", "lang": "en"}],
)
def duplicated_list(doc, options):
    threshold = float(options["threshold"])
    min_share = float(options["min-share"])
    lists = [lst for lst in lists_of(doc) if 2 <= len(lst) <= int(options["max-items"])]
    all_keys = block_keys(doc)
    key_of = {b: all_keys[n] for n, b in enumerate(doc.blocks) if b.kind is BlockKind.LIST_ITEM}
    keys = [[key_of[b] for b in lst] for lst in lists]
    # labels repeat in spec lists ("Weight: 2 lb"), values must too; list markers aside
    raws = [[doc.slice(b.span).strip().lstrip("-*•+0123456789.) \t") for b in lst] for lst in lists]
    facts: dict[int, list] = {}  # particulars of each list's items, computed when first compared
    by_word: dict[str, list[int]] = {}  # content word -> lists using it (bounds the comparisons)
    for j, items in enumerate(keys):
        words = {w for item in items for w in item.split() if len(w) > 3}
        shared: dict[int, int] = {}
        for w in words:
            for i in by_word.get(w, ())[-50:]:
                shared[i] = shared.get(i, 0) + 1
        # the lists sharing most words first (then the latest), at most MAX_CANDIDATES: bounded work per list
        for i in sorted((i for i, n in shared.items() if n >= 2), key=lambda i: (-shared[i], -i))[:MAX_CANDIDATES]:
            if abs(len(lists[i]) - len(lists[j])) > max(1, len(lists[j]) // 3):
                continue
            for k in (i, j):
                if k not in facts:
                    facts[k] = [particulars(t) for t in raws[k]]
            scores = _match_items(keys[i], keys[j], threshold, (facts[i], facts[j]))
            if len(scores) >= 2 and len(scores) >= min_share * len(lists[j]):
                first, later = lists[i], lists[j]
                span = Span(later[0].span.start, later[-1].span.end)
                yield Hit(span, f"list of {len(later)} items repeats the list at line {_first_line(doc, first[0])} "
                                f"({len(scores)} items match, {sum(scores) / len(scores):.0f}% similar on average)",
                          delete_fix(doc, span, False, "repeated list"),
                          (Related(Span(first[0].span.start, first[-1].span.end), "first version of this list"),))
                break
        for w in words:
            by_word.setdefault(w, []).append(j)


# -- NL204 -----------------------------------------------------------------------

_SEPARATOR_CELL = re.compile(r"^\s*:?[-—–‒―=_:]{2,}:?\s*$")


def table_rows(doc: Document, block: Block) -> list[list[str]]:
    """Rows of normalised cells of a pipe or tab table; separator rows dropped."""
    rows = []
    for line in doc.slice(block.span).split("\n"):
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            cells = re.split(r"(?<!\\)\|", line.strip("|"))
        else:
            cells = line.split("\t")
        if all(_SEPARATOR_CELL.match(c) or not c.strip() for c in cells):
            continue
        rows.append([norm(c) for c in cells])
    return rows


@rule(
    "NL204", "duplicated-table", "A table that appears twice, possibly once flattened to plain text",
    explanation="""
**Why it is bad**: HTML-to-text conversion often keeps a table twice: once flattened
(cells joined by spaces, one row per line) and once as a real table, or twice as a
table. Readers see the same figures twice, the flattened copy unreadable.

**What newslint checks**: tables in any form (HTML `<table>`, Markdown pipe tables,
tab-separated rows) are compared as sequences of normalised cells. Plain lines whose words
are exactly a row's cells joined by spaces are recognised as a flattened copy when at
least two consecutive rows match. Two tables that only share a header row are different
tables.

**Fix**: delete the flattened copy (or the later one of two real tables); unsafe, as an
editor should check which copy to keep.
""",
    fix="always",
    bad=[{"text": "Objectifs\n\nObjectif Détail Impact\nEffectifs +30 agents Présence accrue\nMatériel Caméras Surveillance\n\n"
                  "| Objectif | Détail | Impact |\n|---|---|---|\n| Effectifs | +30 agents | Présence accrue |\n"
                  "| Matériel | Caméras | Surveillance |\n", "lang": "fr",
          "fixed": "Objectifs\n\n| Objectif | Détail | Impact |\n|---|---|---|\n| Effectifs | +30 agents | Présence accrue |\n"
                   "| Matériel | Caméras | Surveillance |\n"},
         {"text": "# Results\n\n| Party | Seats |\n|---|---|\n| Green | 12 |\n| Red | 9 |\n\nText.\n\n"
                  "| Party | Seats |\n|---|---|\n| Green | 12 |\n| Red | 9 |\n", "format": "md"}],
    good=[{"text": "# Ergebnisse\n\n| Partei | Sitze |\n|---|---|\n| Grüne | 12 |\n| SPD | 9 |\n\nIm Vorjahr:\n\n"
                   "| Partei | Sitze |\n|---|---|\n| Grüne | 8 |\n| SPD | 14 |\n", "format": "md", "lang": "de"},
          {"text": "Dati\n\nMesure Objectif Bénéfices\nSignalement Participation Démantèlement\n\nTesto finale.\n",
           "lang": "it"}],
)
def duplicated_table(doc, options):
    tables = [b for b in doc.blocks if b.kind is BlockKind.TABLE]
    if not tables:
        return
    parsed = [(b, table_rows(doc, b)) for b in tables]
    # table vs table: candidates share a body row, so unrelated tables are never compared
    by_row: dict[str, list[int]] = {}
    for j, (bj, rj) in enumerate(parsed):
        candidates = dict.fromkeys(i for row in rj[1:] for i in by_row.get(" ".join(row), ())[-20:])
        for i in candidates:
            bi, ri = parsed[i]
            if len(rj) >= 2 and len(ri) == len(rj) and sum(a == b for a, b in zip(ri, rj)) >= 0.8 * len(rj):
                yield Hit(bj.span, f"table repeats the table at line {_first_line(doc, bi)}",
                          delete_fix(doc, bj.span, False, "repeated table"),
                          (Related(bi.span, "first copy of this table"),))
                break
        for row in rj[1:]:
            by_row.setdefault(" ".join(row), []).append(j)
    # flattened copies: plain lines equal to a row's cells joined by spaces
    rows: dict[str, tuple[int, int]] = {}
    for t, (_, trows) in enumerate(parsed):
        for r, cells in enumerate(trows):
            key = " ".join(c for c in cells if c)
            if len(cells) >= 2 and key:
                rows.setdefault(key, (t, r))
    run: list[tuple[Block, int, int]] = []
    keys = block_keys(doc) + [""]
    for n, block in enumerate(doc.blocks + (Block(BlockKind.BLANK, Span(len(doc.text), len(doc.text))),)):
        hit = rows.get(keys[n]) if block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING) else None
        if hit is not None and (not run or (hit[0] == run[-1][1] and hit[1] == run[-1][2] + 1)):
            run.append((block, *hit))
            continue
        if len(run) >= 2:
            yield from _flattened_hit(doc, run, parsed)
        run = [(block, *hit)] if hit is not None else []


def _flattened_hit(doc: Document, run: list, parsed: list) -> Iterator[Hit]:
    """Report on the later copy, pointing at the first; the fix always removes the
    flattened lines, the damaged copy."""
    table = parsed[run[0][1]][0].span
    flat = Span(run[0][0].span.start, run[-1][0].span.end)
    fix = delete_fix(doc, flat, False, "flattened copy of the table")
    if table.start < flat.start:
        yield Hit(flat, f"{len(run)} lines are a flattened copy (cells joined by spaces) of the table at line "
                        f"{doc.position(table.start)[0]}", fix, (Related(table, "first copy of this table"),))
    else:
        yield Hit(table, f"table repeats the flattened copy at line {doc.position(flat.start)[0]} "
                         f"({len(run)} rows with cells joined by spaces); keep one", fix,
                  (Related(flat, "first copy of this table, flattened to plain text"),))


# -- NL205 -----------------------------------------------------------------------

near_duplicate_article = rule(
    "NL205", "near-duplicate-article", "An article that copies an earlier one in the corpus, exactly or nearly",
    explanation="""
**Why it is bad**: the same story ingested twice, or syndicated by several outlets with
light edits (a new headline, paragraphs moved, the ending trimmed, a boilerplate line
added), weighs twice in training data and search results.

**What newslint checks** (only with `--cross-document` or `cross-document = true` in the
config; it compares the articles of one run, files and JSONL records alike): MinHash
signatures of each article's `shingle-words`-word shingles (words hashed with xxh64 and
`seed`; `permutations` permutations `(a*x+b) mod 2^61-1`), LSH in `bands` bands, and a
candidate pair kept when its estimated Jaccard similarity is at least `threshold`.
Articles under `min-words` words are not compared. Cost is linear in the corpus; only
signatures are kept (512 bytes per article). The later copy (in input order) is flagged,
with the earlier one as related location; the message names the scheme, seed,
permutations and shingle size. The run's results are held until the copies are known.

**What to do**: drop or merge the later copy.
""",
    severity="warning",
    options={"threshold": 0.5, "permutations": 128, "bands": 32, "shingle-words": 5, "seed": 1, "min-words": 50},
    testable=False,  # needs two documents: tests/test_crossdoc.py
)(lambda doc, options: ())

CHECKS = (duplicated_heading, duplicated_paragraph, duplicated_list, duplicated_table, near_duplicate_article)
