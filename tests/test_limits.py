"""Limits that keep the cost of one document bounded (README, "Limits")."""

from hypothesis import given, settings, strategies as st

from newslint.engine import MAX_FINDINGS, lint_text


def test_findings_of_one_rule_are_capped_per_document_and_the_last_says_so():
    text = "Titre\n\n" + "".join(f"Le texte {i} &amp; la suite.\n\n" for i in range(MAX_FINDINGS + 200))
    found = [f for f in lint_text(text) if f.code == "NL302"]
    assert len(found) == MAX_FINDINGS
    assert found[-1].message.endswith(f"at most {MAX_FINDINGS:,} findings of one rule per document)")
    assert "at most" not in found[0].message


def test_below_the_cap_nothing_is_dropped_or_reworded():
    found = [f for f in lint_text("Titre\n\n" + "Le texte &amp; la suite.\n\n" * 5) if f.code == "NL302"]
    assert len(found) == 5 and not any("at most" in f.message for f in found)


def test_many_lists_sharing_words_still_find_the_repeated_one():
    lists = "\n\n".join(f"Texte {i}.\n\n- la sécurité de la ville {i}\n- la mesure de la ville {i}" for i in range(300))
    repeated = "\n\nEncore.\n\n- la sécurité de la ville 290\n- la mesure de la ville 290\n"
    found = [f for f in lint_text("Titre\n\n" + lists + repeated, path="a.md") if f.code == "NL203"]
    assert len(found) == 1 and "repeats the list at line" in found[0].message


def _matchers():
    from newslint.matching import PhraseMatcher
    from newslint.speech import WordMatcher

    phrases = [("would you like", 1), ("je peux", 2), ("raccourc*", 3), ("*fassung", 4), ("a", 5), ("als ki", 6)]
    return PhraseMatcher(phrases), WordMatcher(phrases)


_PIECES = ["would", "you", "like", "je", "peux", "raccourcir", "Kurzfassung", "a", "als", "KI", "ki-", " ", "  ",
           "\n", ", ", "-", "é", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.integers(min_value=1, max_value=9))
def test_long_texts_are_scanned_in_windows_with_the_same_matches(pieces, window):
    """A long text goes through the phrase automata in windows (bounded memory): every
    window size finds exactly what one pass over the whole text finds."""
    from newslint import matching
    from newslint.matching import fold

    text = "".join(pieces)
    folded = fold(text)
    phrase, word = _matchers()
    whole = (sorted((m.start, m.end, m.payload) for m in phrase.finditer(text, folded)), sorted(word.finditer(folded)))
    saved = matching._WINDOW
    matching._WINDOW = window
    try:
        windowed = (sorted((m.start, m.end, m.payload) for m in phrase.finditer(text, folded)),
                    sorted(word.finditer(folded)))
    finally:
        matching._WINDOW = saved
    assert windowed == whole
