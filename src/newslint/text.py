"""Shared text helpers for checks: sentences, quotations, reported speech.

All functions are linear in the text they are given (usually one block) and
never look further back than a fixed window.
"""

from __future__ import annotations

import re
import unicodedata

from .matching import fold

# (C1 controls and zero-width characters a scraper left after the mark do not hide the end)
SENTENCE_END = re.compile(r"[.!?…]+[»”\")\]]*[\x80-\x9f\u200b-\u200d\u2060\ufeff]*(?=\s|$)|\n")


def sentence_ends(text: str, lo: int, hi: int):
    """Ends of sentences in ``text[lo:hi]``. A full stop after a one- or two-digit number
    ("am 6. März", German ordinals) does not end a sentence."""
    for m in SENTENCE_END.finditer(text, lo, hi):
        i = m.start()
        if text[i] == "." and i > lo and text[i - 1].isdigit() and not (i - 3 >= lo and text[i - 3].isdigit()):
            continue
        yield m
_OPEN_CLOSE = {"«": "»", "“": "”", "„": "“", "‹": "›", "‚": "‘", "「": "」"}
_LEAD_MARKERS = set(" \t\u00a0\u202f*_#>-•–—·▪([«“„\"'¿¡")


def sentence_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` within the block ``[lo, hi)``."""
    s = lo
    for m in sentence_ends(text, max(lo, start - 400), start):
        s = m.end()
    m = next(sentence_ends(text, end, hi), None)
    e = m.end() if m else hi
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def is_symbol(c: str) -> bool:
    """An emoji, arrow, check mark or other symbol (with its variation selector or joiner):
    chat answers open lines with them ("👉 Would you like…", "✅ **Done!**")."""
    return c in "\ufe0f\u200d" or unicodedata.category(c)[0] == "S"


def at_sentence_start(text: str, pos: int, lo: int) -> bool:
    """Whether only list/quote markers and spaces separate ``pos`` from a sentence start."""
    i = pos - 1
    while i >= lo and (text[i] in _LEAD_MARKERS or is_symbol(text[i])) and pos - i < 12:
        i -= 1
    if i < lo:
        return True
    return text[i] in ".!?…:;\n»”)" or (text[i] in "*_" and pos - i < 12)


_AFTER_CLOSE = frozenset(".,;:!?)]}…—–-»”'’")


def quoted_ranges(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Ranges inside quotation marks in ``text[lo:hi]`` (typographic pairs and
    straight double quotes). An unclosed quote runs to the end of the block, as
    French multi-paragraph quotations do."""
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i in range(lo, hi):
        c = text[i]
        if c == '"':
            # a straight quote's side is read from its neighbours: after a word and before a
            # space or punctuation it closes ('…gechoqueerd," zegt'), otherwise it opens
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            closes = not before.isspace() and before not in "([{" and (after.isspace() or after in _AFTER_CLOSE)
            opens = (before.isspace() or before in "([{") and not after.isspace()
            if not closes and not opens:  # spaced on both sides (French " … "): the pairs decide
                closes = straight is not None
            if not closes:
                if straight is not None:  # a new quote opens: the last one ended unclosed before it
                    ranges.append((straight, i))
                straight = i
            elif straight is not None:
                ranges.append((straight, i + 1))
                straight = None
            else:
                ranges.append((lo, i + 1))  # closing a quote opened in an earlier block
        elif c in _OPEN_CLOSE and not (c == "“" and stack and stack[-1][0] == "„"):
            stack.append((c, i))
        elif stack and c == _OPEN_CLOSE[stack[-1][0]]:
            opener, at = stack.pop()
            if not stack:
                ranges.append((at, i + 1))
        elif c in "»”›" and not stack:
            if straight is not None:  # '"incluindo … prever.”': a straight quote closed by a curly one
                ranges.append((straight, i + 1))
                straight = None
            else:
                ranges.append((lo, i + 1))  # closing a quote opened in an earlier block
    if stack:
        ranges.append((stack[0][1], hi))
    if straight is not None:
        ranges.append((straight, hi))
    ranges.extend(_single_quoted(text, lo, hi))
    return ranges


def _single_quoted(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """'Straight single quotes' used as quotation marks (Dutch, English headlines): an
    opening ' after a space or the block start and before a letter, closed by a ' after
    a letter or ?!., and before a space or punctuation; apostrophes (l'article, auto's,
    rock 'n' roll's inner ones) sit between letters and never pair."""
    ranges = []
    opened = None
    for i in range(lo, hi):
        if text[i] not in "'‘’":
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if opened is None:
            if (before.isspace() or before in "([—–-") and after.isalpha():
                opened = i
        elif (before.isalpha() or before in "?!.,") and (after.isspace() or after in ",.;:?!)—–-"):
            ranges.append((opened, i + 1))
            opened = None
    return ranges


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


_DIALOGUE = re.compile(r"\s*(?:[—–]\s|(?:Q|R|A|F|P|D)\s?[.:]\s|"
                       r"(?:question|réponse|frage|antwort|pregunta|respuesta|domanda|risposta|pergunta|resposta|"
                       r"interviewer|journaliste|"
                       # speaker labels of chatbot transcripts in stories about AI ("ChatGPT: As an AI…")
                       r"chat ?gpt(?:[- ]?\d[\w.]*)?|gpt[- ]?\d[\w.]*|gemini|bard|claude|copilot|bing(?: chat)?|"
                       r"mistral|le chat|llama|grok|perplexity|deepseek|meta ai|siri|alexa|robot|roboter|robô|robo|"
                       r"(?:the |l'|der |die |el |il |o |a )?(?:bot|chatbot|assistant|assistente|asistente|assistent|"
                       r"ai|ia|ki)|user|utilisateur|utilisatrice|nutzer(?:in)?|usuari[oa]|utente|usuári[oa]|human|"
                       r"humain|mensch|prompt|me|moi|ich|yo|io|eu)\s?:)", re.I)


# an interviewer named by the outlet's initials ("SZ: Möchten Sie noch etwas ergänzen?"), not a
# note's label in capitals ("NOTE: …", "TIP: …"), which is the assistant's own
_INITIALS = re.compile(r"\s*(?!(?:NOTE|NOTA|NB|PS|TIP|TIPP|INFO|EDIT|FYI|OBS|DICA|AVIS|BTW|TODO|TK)\s?:)"
                       r"[A-ZÄÖÜ]{2,4}\s?:\s")


# a hyphen as a dialogue dash ("- Monsieur le maire, pourquoi ?"), told from a bullet
# ("- Tightened headline") by the capital after it and the sentence mark ending the line
_HYPHEN_TURN = re.compile(r"\s*-\s[A-ZÀ-Ý¿¡«\"“][^\n]*[.?!…»”\"]\s*(?:\n|$)")


def is_dialogue(block_text: str) -> bool:
    """Interview or dialogue turn: "— Souhaitez-vous…", "Q: …", "Frage: …", "SZ: …", a
    hyphen turn ending with a sentence mark, or a line of a chatbot transcript quoted with
    speaker labels ("ChatGPT: As an AI…"). ``block_text``: the block's first line or more."""
    return bool(_DIALOGUE.match(block_text) or _INITIALS.match(block_text) or _HYPHEN_TURN.match(block_text))


SPEECH_VERBS = frozenset("""
said says asked asks replied replies answered answers wrote writes told tells added adds explained
responded responds suggested suggests offered offers proposed replied typed generated
dit dis demande demandé demandait répond répondu répondait écrit écrivait ajoute ajouté explique expliqué
lance lancé propose proposé suggère suggéré interroge interrogé questionne déclare déclaré affirme affirmé
sagt sagte fragt fragte antwortet antwortete schreibt schrieb erklärt erklärte schlägt meint meinte
dice dijo pregunta preguntó responde respondió escribe escribió explica explicó añade añadió propone propuso
dice disse chiede chiese domanda domandò risponde rispose scrive scrisse spiega spiegò aggiunge aggiunse propone
diz disse pergunta perguntou responde respondeu escreve escreveu explica explicou acrescenta acrescentou sugere
""".split())
_WORD = re.compile(r"\w+")


# verbs of a trailing attribution ("…, she wrote.", "…, lamentó el alcalde."): said-verbs
# in the past or the third person only (an imperative such as "recuerda" or "note" is advice)
_ATTRIBUTION_VERBS = frozenset("""
said says wrote writes told tells added adds explained explains replied replies tweeted posted insisted insists
admitted admits conceded concedes recalled recalls warned warns argued argues stressed stresses confessed
confesses lamented laments complained complains declared declares
dit déclaré écrit écrivait ajouté affirmé expliqué répondu insisté admis reconnu rappelé averti regretté déploré
confié souligné estimé lancé
sagte sagt schrieb schreibt erklärte erklärt betonte betont räumte gestand gesteht beklagte warnte meinte antwortete
dijo escribió lamentó confesó reconoció advirtió subrayó insistió declaró afirmó recordó explicó añadió respondió
detto scritto dichiarato affermato sottolineato aggiunto ammesso confessato lamentato avvertito ricordato spiegato
disse scrisse rispose aggiunse spiegò
escreveu lamentou confessou admitiu afirmou declarou ressaltou explicou acrescentou respondeu
zei zegt schreef schrijft verklaarde verklaart aldus benadrukte
""".split())
_TAIL = re.compile(r",[^,;:.!?]{0,60}$")


def ends_with_attribution(text: str, s_start: int, s_end: int) -> bool:
    """The sentence ends with an attribution after a comma: "…, she wrote.", "…, ha scritto
    il ministro.", "…, escreveu o colunista." — what comes before is someone's words."""
    sentence = text[s_start:s_end].rstrip().rstrip(".!?…»”\"'").rstrip()
    m = _TAIL.search(sentence)
    if m is None:
        return False
    words = _WORD.findall(fold(m.group()))
    return 0 < len(words) <= 7 and any(w in _ATTRIBUTION_VERBS for w in words)


def is_reported_speech(text: str, sentence_start: int, pos: int, lo: int) -> bool:
    """A speech verb and a colon (or dash) right before ``pos``, in the same or the
    previous sentence of the block: "ChatGPT replied: Would you like me to…"."""
    window_start = max(lo, sentence_start - 160)
    window = text[window_start:pos]
    if ":" not in window and "—" not in window:
        return False
    return any(w in SPEECH_VERBS for w in _WORD.findall(fold(window)))


AI_TERMS = re.compile(r"\b(?:chatgpt|chatbots?|openai|gpt-?\d|gemini|copilot|claude|mistral ai|llms?|"
                      r"intelligence artificielle|artificial intelligence|künstliche intelligenz|"
                      r"inteligencia artificial|intelligenza artificiale|inteligência artificial|"
                      r"agent conversationnel|sprachmodell|language model|modèle de langage)\b")


_AI_HINTS = ("chat", "openai", "gpt", "gemini", "copilot", "claude", "mistral", "llm", "artifici", "künstliche",
             "agent conversationnel", "sprachmodell", "language model", "modèle de langage")


def is_about_ai(folded: str) -> bool:
    """The article (its folded, lower-case text) is about AI assistants: several mentions."""
    if not any(hint in folded for hint in _AI_HINTS):  # substring scans in C: most articles stop here
        return False
    count = 0
    for _ in AI_TERMS.finditer(folded):
        count += 1
        if count >= 3:
            return True
    return False
