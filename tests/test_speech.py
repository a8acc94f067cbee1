"""The speech-act scorer: shapes over per-language cue categories (speech.py)."""

from __future__ import annotations

import pytest

from newslint.packs import PackError, load_rule_file
from newslint.speech import ShapeError, SpeechIndex, parse_shape, phrase_variants, strip_accents

LEXICON = {
    "en": {"wish-me": ["would you like me to"], "me": ["i", "me"], "edit": ["shorten*", "add*"],
           "artifact": ["paragraph", "intro"], "wish": ["should i"]},
    "fr": {"wish-me": ["tu veux que je"], "edit": ["resserr*", "ajout*"], "artifact": ["attaque", "citation"]},
    "de": {"artifact": ["*fassung", "zusammenfassung"], "edit": ["zusammenfass*", "ergänz*"], "wish": ["soll ich"],
           "me": ["ich"]},
    "es": {"at-service": ["cualquier cosa, me dices"]},
}


def acts(text: str, *shapes: str) -> list[str]:
    index = SpeechIndex(LEXICON, {"NL001": [parse_shape(s) for s in shapes]})
    found = index.acts(text, text.lower(), [(0, len(text))])
    return [text[a.start:a.end] for a in found.get("NL001", [])]


def test_a_shape_needs_every_group_in_one_sentence():
    assert acts("Would you like me to shorten it? The intro is long.", "wish-me + edit") == [
        "Would you like me to shorten it?"]
    assert acts("Would you like me to come? The intro is long.", "wish-me + edit") == []


def test_cues_of_a_shape_are_different_words():
    # "should I" is the wish; the same "I" cannot also be the speaker
    assert acts("Should I add salt?", "wish + me + edit") == []
    assert acts("Should I add the paragraph?", "wish + edit + artifact") == ["Should I add the paragraph?"]
    # "Zusammenfassung" is an artifact or a form of zusammenfassen, not both at once
    assert acts("Soll ich noch eine Zusammenfassung ergänzen?", "wish + edit + artifact") == [
        "Soll ich noch eine Zusammenfassung ergänzen?"]
    assert acts("Soll ich eine Zusammenfassung?", "wish + edit + artifact") == []


def test_elision_stems_and_accents_are_handled_by_the_loader():
    assert "que j'" in phrase_variants("que je", "fr")
    assert "l'article" in phrase_variants("le article", "fr")
    assert acts("Tu veux que je resserre l'attaque ?", "wish-me + edit + artifact") == [
        "Tu veux que je resserre l'attaque ?"]
    assert acts("tu veux que j'ajoute une citation ?", "wish-me + edit + artifact") == [
        "tu veux que j'ajoute une citation ?"]
    assert strip_accents("Complète l'école") == "Complete l'ecole"
    assert len(strip_accents("ÀÉÎÕÜ ñ ç")) == len("ÀÉÎÕÜ ñ ç")


def test_the_language_of_an_act_is_judged_on_its_own_clause():
    """A hand-off glued to the article's next sentence ("…argomento: Zusätzlich…") is judged
    on its words up to the colon, not on the German that runs on after it."""
    lexicon = {"it": {"eager": ["certo"], "handoff": ["ecco"], "artifact": ["introduzione"]}}
    index = SpeechIndex(lexicon, {"NL001": [parse_shape("^eager + handoff + artifact")]})
    text = "Certo, ecco una possibile introduzione per il tuo argomento: Zusätzlich werden Bauprojekte auf Eis gelegt."
    asked = []

    def speaks(lang, lo, hi):
        asked.append(text[lo:hi])
        return "Zusätzlich" not in text[lo:hi]  # the German part would say "not Italian"

    found = index.acts(text, text.lower(), [(0, len(text))], speaks)
    assert asked == ["Certo, ecco una possibile introduzione per il tuo argomento"]
    assert len(found.get("NL001", [])) == 1


def test_a_cue_with_punctuation_matches_the_text_as_written():
    assert acts("Cualquier cosa, me dices.", "at-service") == ["Cualquier cosa, me dices."]
    assert acts("Cualquier cosa me dices.", "at-service") == ["Cualquier cosa me dices."]


def test_absent_groups_opening_groups_and_end_marks():
    assert acts("Should I add the paragraph?", "wish + edit + artifact + -?") == []
    assert acts("Add the paragraph, should I?", "^wish + edit + artifact") == []
    assert acts("Should I add the paragraph", "^wish + edit + artifact") == ["Should I add the paragraph"]
    assert acts("I would like to shorten the paragraph:", "me + edit + :") == [
        "I would like to shorten the paragraph:"]


def test_languages_are_not_mixed_within_a_shape():
    # English offer frame + French editing verb: no shape of one language
    assert acts("Would you like me to resserrer?", "wish-me + edit") == []


@pytest.mark.parametrize("shape", ["", "a +", "-a", "a | | b"])
def test_bad_shapes_are_rejected(shape):
    with pytest.raises(ShapeError):
        parse_shape(shape)


def test_unknown_category_names_the_rule():
    with pytest.raises(ShapeError, match="NL001.*nowhere|NL001.*no cue file"):
        SpeechIndex(LEXICON, {"NL001": [parse_shape("wish + nowhere")]})


def _pack(tmp_path, cue_text: str, rule_extra: str = "") -> object:
    folder = tmp_path / "mine"
    (folder / "cues").mkdir(parents=True)
    (folder / "cues" / "en.yaml").write_text(cue_text, encoding="utf-8")
    rule = folder / "offer.yaml"
    rule.write_text("code: NL391\nsummary: Offer\nkind: speech-act\nshapes: ['wish-me + edit']\n" + rule_extra,
                    encoding="utf-8")
    return load_rule_file(rule, "mine")


def test_a_user_pack_with_its_cue_file(tmp_path):
    check = _pack(tmp_path, "language: en\ncues:\n  wish-me: [want me to]\n  edit: [trim*]\n"
                            "examples:\n  NL391:\n    bad: ['Want me to trim it?']\n")
    from newslint.readers import load

    doc = load("a.txt", b"Want me to trim it?\n").documents[0]
    (hit,) = check.check(doc, {})
    assert "wish-me “Want me to” + edit “trim”" in hit.message
    assert [e.text for e in check.meta.bad] == ["Want me to trim it?"] and check.meta.bad[0].lang == "en"


@pytest.mark.parametrize("cue_text,error", [
    ("cues:\n  edit: [trim*]\n", "language"),
    ("language: en\ncues:\n  edit: []\n", "non-empty"),
    ("language: en\ncues:\n  edit: ['*']\n", "non-empty"),
    ("language: en\ncues: {edit: [trim*]}\nextra: 1\n", "unknown key"),
    ("language: en\ncues:\n  wish-me: [want me to]\n", "edit"),
    ("language: en\ncues:\n  wish-me: [x]\n  edit: [y]\nexamples:\n  NL999:\n    bad: [z]\n", "NL999"),
])
def test_cue_file_mistakes_name_the_file_and_the_problem(tmp_path, cue_text, error):
    with pytest.raises(PackError, match=error):
        _pack(tmp_path, cue_text)


def test_speech_act_rules_need_shapes_and_only_they_take_them(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    rule = folder / "r.yaml"
    rule.write_text("code: NL391\nsummary: S\nkind: speech-act\n", encoding="utf-8")
    with pytest.raises(PackError, match="shapes"):
        load_rule_file(rule, "p")
    rule.write_text("code: NL391\nsummary: S\nphrases: [x]\nshapes: ['a + b']\n", encoding="utf-8")
    with pytest.raises(PackError, match="speech-act"):
        load_rule_file(rule, "p")


def test_pack_rule_options_are_its_skip_and_scope(tmp_path):
    check = _pack(tmp_path, "language: en\ncues:\n  wish-me: [want me to]\n  edit: [trim*]\n",
                  "skip: [quoted]\n")
    assert check.meta.options == {"skip": ["quoted"], "scope": []}
    from newslint.readers import load

    doc = load("a.txt", "He asked: “Want me to trim it?”\n".encode()).documents[0]
    assert list(check.check(doc, check.meta.options)) == []
    assert len(list(check.check(doc, {"skip": [], "scope": []}))) == 1  # as [tool.newslint.options.NL391] sets it


def test_options_in_a_pack_file_are_an_error_not_ignored(tmp_path):
    with pytest.raises(PackError, match="no 'options'"):
        _pack(tmp_path, "language: en\ncues:\n  wish-me: [want me to]\n  edit: [trim*]\n", "options: {x: 1}\n")


def test_a_trailing_attribution_makes_the_sentence_someone_s_words():
    from newslint.text import ends_with_attribution

    def ends(text):
        return ends_with_attribution(text, 0, len(text))

    assert ends("Unfortunately, I'm not able to attend, the minister wrote.")
    assert ends("No puedo apoyar esta ley, lo siento, escribió el diputado.")
    assert ends("Non posso sostenere questa legge, ha scritto.")
    assert not ends("Lamento, mas não consigo atender a esse pedido.")  # "a" is not a verb
    assert not ends("Antes de publicar, recuerda verificar la cifra.")  # an imperative is advice
    assert not ends("If you want, I can shorten it.")


def test_a_hyphen_is_a_dialogue_dash_only_before_a_sentence():
    from newslint.text import is_dialogue

    assert is_dialogue("- Monsieur le maire, pourquoi maintenant ?")
    assert is_dialogue("— Souhaitez-vous ajouter quelque chose")
    assert not is_dialogue("- Tightened headline")  # a bullet of a change log
    assert not is_dialogue("- accents corrigés")  # lower case: never a turn
    assert not is_dialogue("- la sécurité de la ville")


def test_quoted_ranges_read_the_side_of_straight_quotes():
    """A straight quote after a word and before a space or punctuation closes; a quote left
    open by the source ends where the next one opens; a straight quote may be closed by a
    curly one. What follows is outside (eval24: leftovers glued after such paragraphs)."""
    from newslint.text import in_ranges, quoted_ranges

    def outside(text: str, tail: str) -> bool:
        return not in_ranges(text.index(tail), quoted_ranges(text, 0, len(text)))

    left_open = '"Ik had problemen met het riool. "We waren gechoqueerd," zegt de manager. Ik kan geen uitspraken verzinnen.'
    assert outside(left_open, "Ik kan geen")
    assert not outside(left_open, "We waren")
    mixed = 'Segundo a NASA, "incluindo a formação de galáxias.” Meu conhecimento vai até 2023.'
    assert outside(mixed, "Meu conhecimento") and not outside(mixed, "incluindo")
    plain = 'He said "we will build it" and left. Then "more" came.'
    assert not outside(plain, "we will") and outside(plain, "and left") and not outside(plain, "more")
    unclosed = 'He said: "we will build it, and the council will pay'
    assert not outside(unclosed, "the council")


def test_a_control_character_after_the_full_stop_still_ends_the_sentence():
    """A scraper's stray C1 control or zero-width character after ".”" must not glue the
    next sentence to it (a capitalised cue inside a sentence reads as a name)."""
    from newslint.text import sentence_ends

    text = "Em discussão no STF.”\x8b Quer que eu transforme isso em uma matéria?"
    assert [m.end() for m in sentence_ends(text, 0, len(text))][0] == text.index(" Quer")
    text = "The vote was held.\u200b Would you like me to shorten it?"
    assert [m.end() for m in sentence_ends(text, 0, len(text))][0] == text.index(" Would")


def test_every_ai_term_has_a_prefilter_hint():
    """is_about_ai answers False before its regular expression when no hint occurs: every
    term the expression knows must contain one, or an article about it would be missed."""
    from newslint.text import _AI_HINTS, AI_TERMS, is_about_ai

    body = AI_TERMS.pattern[AI_TERMS.pattern.index("(?:") + 3:AI_TERMS.pattern.rindex(")")]
    for alternative in body.split("|"):
        literal = alternative.replace("-?", "").replace("\\d", "4").replace("s?", "")
        assert any(hint in literal for hint in _AI_HINTS), alternative
        assert is_about_ai(f"{literal} a {literal} b {literal}")
    assert not is_about_ai("the council voted on the budget " * 50)
