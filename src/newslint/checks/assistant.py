"""NL1xx rules that need logic beyond a phrase pack: template section headings."""

from __future__ import annotations


from ..langid import document_language, verified_language
from ..model import BlockKind, Hit, Severity
from ..rules import rule

# Headings assistants put in generated articles. "strong": formulaic enough to note even
# in the article's own language (as a warning); "weak": ordinary headings that only
# betray a paste when written in another language than the article's.
TEMPLATE_HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"strong": ("concluding remarks", "final thoughts", "closing thoughts",
                      "key highlights", "in summary", "final words", "key points to remember"),
           "weak": ("conclusion", "summary", "introduction", "overview", "background", "key points", "in conclusion",
                    "takeaways", "key takeaways", "the bottom line", "bottom line", "next steps", "context")},
    "fr": {"strong": ("points clés à retenir", "réflexions finales", "remarques finales", "conclusion générale",
                      "en guise de conclusion"),
           "weak": ("conclusion", "en résumé", "résumé", "introduction", "en conclusion", "points clés", "contexte",
                    "synthèse", "pour conclure", "à retenir")},
    "de": {"strong": ("wichtigste erkenntnisse", "abschließende gedanken", "abschließende bemerkungen",
                      "die wichtigsten punkte im überblick"),
           "weak": ("fazit", "zusammenfassung", "einleitung", "schlussfolgerung", "überblick", "hintergrund",
                    "das wichtigste in kürze", "ausblick")},
    "es": {"strong": ("reflexiones finales", "conclusiones clave", "puntos clave a recordar", "consideraciones finales"),
           "weak": ("conclusión", "conclusiones", "resumen", "introducción", "puntos clave", "contexto",
                    "en resumen", "en conclusión")},
    "it": {"strong": ("riflessioni finali", "considerazioni finali", "punti chiave da ricordare", "osservazioni conclusive"),
           "weak": ("conclusione", "conclusioni", "riassunto", "introduzione", "punti chiave", "contesto",
                    "in sintesi", "in conclusione")},
    "pt": {"strong": ("considerações finais", "reflexões finais", "principais conclusões", "pontos-chave a lembrar"),
           "weak": ("conclusão", "resumo", "introdução", "pontos-chave", "pontos principais", "contexto",
                    "em resumo", "em conclusão")},
}
_LOOKUP: dict[str, list[tuple[str, str]]] = {}
for _lang, _tiers in TEMPLATE_HEADINGS.items():
    for _tier, _names in _tiers.items():
        for _name in _names:
            _LOOKUP.setdefault(_name, []).append((_lang, _tier))
_LEAD = " \t#*_>•-–—0123456789.)"
_TRAIL = " \t*_:.!?"
_LONGEST = max(len(name) for tiers in TEMPLATE_HEADINGS.values() for names in tiers.values() for name in names)
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch"}


def normalize_heading(text: str) -> str:
    return " ".join(text.strip(_LEAD).rstrip(_TRAIL).lower().replace("’", "'").split())


def template_heading(text: str) -> list[tuple[str, str]]:
    """[(language, tier)] of the template heading ``text`` is, if any."""
    if len(text) > _LONGEST + 20:  # decoration aside, longer than any template heading
        return []
    return _LOOKUP.get(normalize_heading(text), [])


@rule(
    "NL108", "template-section-heading",
    "A section heading from an assistant's article template, such as an English “Concluding Remarks” in a French article",
    explanation="""
**Why it is bad**: generated articles come with template headings ("Concluding Remarks",
"Key Takeaways", "Points clés à retenir"). Left in, they show the text was generated,
and a heading in another language than the article ("Concluding Remarks" in French)
is a sure sign of an unedited paste.

**What newslint checks**: headings (whole heading, decoration and numbering ignored)
from a table of template headings in six languages. A template heading in another
language than the article's is an error; a formulaic one in the article's own language
("Key Takeaways" in English) is reported as info; ordinary ones in the article's language
("Fazit" in a German review, "Conclusion" in an English report) are never flagged.

**What to do**: rename the heading in the article's language and style, or delete it.
""",
    severity="error",
    options={"language-detector": "fasttext"},
    bad=[{"text": "Le plan de la ville\n\nLe conseil municipal a voté le budget lundi soir, après un long débat sur "
                  "les transports.\n\nConcluding Remarks\n\nLa ville devra maintenant trouver des financements.",
          "lang": "fr"},
         {"text": "Der Haushalt\n\nDer Stadtrat hat den Haushalt am Montag beschlossen.\n\n## Conclusion\n\n"
                  "Die Stadt muss nun sparen.", "format": "md", "lang": "de"},
         {"text": "Budget approved\n\nThe council approved the budget on Monday.\n\nConcluding Remarks\n\n"
                  "The city will borrow less.", "lang": "en"},
         {"text": "El presupuesto\n\nEl ayuntamiento aprobó el presupuesto el lunes.\n\nEn résumé\n\n"
                  "La ciudad pedirá menos préstamos.", "lang": "es"}],
    good=[{"text": "Testbericht: Das neue Rad\n\nWir haben das Rad drei Wochen gefahren und sind zufrieden.\n\n"
                   "Fazit\n\nEin gutes Rad für die Stadt.", "lang": "de"},
          {"text": "Budget report\n\nThe council approved the budget on Monday.\n\nConclusion\n\n"
                   "The city will borrow less.", "lang": "en"},
          {"text": "Budget report\n\nThe council approved the budget on Monday.\n\nKey takeaways\n\n"
                   "The city will borrow less.", "lang": "en"},
          {"text": "Le budget\n\nLe conseil a voté lundi.\n\nEn conclusion, la ville empruntera moins.", "lang": "fr"},
          {"text": "Il bilancio\n\nIl consiglio ha approvato il bilancio lunedì.\n\nConclusioni\n\n"
                   "La città chiederà meno prestiti.", "lang": "it"}],
)
def template_section_heading(doc, options):
    doc_lang = None
    for block in doc.blocks:
        if block.kind is not BlockKind.HEADING:
            continue
        matches = template_heading(doc.text[block.span.start:block.span.end])
        if not matches:
            continue
        if doc_lang is None:
            doc_lang = document_language(doc, options["language-detector"]) or ""
        heading = " ".join(doc.text[block.span.start:block.span.end].split())
        foreign = [lang for lang, _ in matches if doc_lang and lang != doc_lang]
        own = [tier for lang, tier in matches if lang == doc_lang]
        if foreign and not own and doc.language:  # metadata can be wrong: check it before reporting
            doc_lang = verified_language(doc, options["language-detector"]) or doc_lang
            foreign = [lang for lang, _ in matches if lang != doc_lang]
            own = [tier for lang, tier in matches if lang == doc_lang]
        if foreign and not own:
            lang = foreign[0]
            yield Hit(block.span, f"template heading in {LANGUAGE_NAMES.get(lang, lang)} in this "
                                  f"{LANGUAGE_NAMES.get(doc_lang, doc_lang)} article: “{heading}”")
        elif "strong" in own or (not doc_lang and any(t == "strong" for _, t in matches)):
            yield Hit(block.span, f"formulaic template heading, typical of generated articles: “{heading}”",
                      severity=Severity.INFO)


CHECKS = (template_section_heading,)
