"""Compare language identifiers on short news text (headings and sentences).

    python benchmarks/langid.py

Prints accuracy and time per call for each backend that is installed: fastText
lid.176 (newslint's default), langdetect (seeded), py3langid (optional).
"""

from __future__ import annotations

import time

SAMPLES = [
    ("en", "Concluding Remarks"), ("en", "Key Takeaways"), ("en", "Final thoughts"), ("en", "City council approves budget"),
    ("en", "The project will be financed by the regional government."), ("en", "Would you like me to shorten it?"),
    ("en", "Police arrested two men on Friday night."), ("en", "Project timeline and costs"),
    ("en", "Prices rose sharply in May"), ("en", "What happens next"),
    ("fr", "Les enjeux des quartiers"), ("fr", "Lutter contre les trafics de stupéfiants"), ("fr", "En résumé"),
    ("fr", "Souhaitez-vous que je complète le tableau ?"), ("fr", "Le conseil municipal a voté le budget lundi."),
    ("fr", "Annonces attendues et appel à l'union nationale"), ("fr", "Actualité du préfet"),
    ("fr", "Des effectifs qui n'augmenteront pas"), ("fr", "Sécurité des quartiers"), ("fr", "Points clés à retenir"),
    ("de", "Fazit"), ("de", "Der Stadtrat beschließt den Haushalt"), ("de", "Soll ich den Text noch kürzen?"),
    ("de", "Die Arbeiten sollen zwei Jahre dauern."), ("de", "Abschließende Gedanken"), ("de", "Neue Brücke über den Rhein"),
    ("de", "Polizei nimmt zwei Verdächtige fest"), ("de", "Das Wichtigste in Kürze"), ("de", "Wetter am Wochenende"),
    ("de", "Hintergrund"),
    ("es", "El ayuntamiento aprueba el presupuesto"), ("es", "¿Quieres que añada una conclusión?"), ("es", "Conclusiones"),
    ("es", "Reflexiones finales"), ("es", "La policía detuvo a dos hombres el viernes."), ("es", "Nuevo plan de movilidad"),
    ("es", "Los precios subieron en mayo"), ("es", "Qué pasará ahora"), ("es", "Puntos clave"), ("es", "Resumen"),
    ("it", "Il consiglio approva il bilancio"), ("it", "Vuoi che aggiunga una tabella?"), ("it", "Considerazioni finali"),
    ("it", "La polizia ha arrestato due uomini venerdì."), ("it", "Il nuovo ponte sul fiume"), ("it", "Punti chiave"),
    ("it", "I prezzi sono saliti a maggio"), ("it", "Cosa succede ora"), ("it", "Conclusioni"), ("it", "Riassunto"),
    ("pt", "Câmara aprova orçamento"), ("pt", "Quer que eu resuma o texto?"), ("pt", "Considerações finais"),
    ("pt", "A polícia prendeu dois homens na sexta-feira."), ("pt", "Nova ponte sobre o rio"), ("pt", "Pontos-chave"),
    ("pt", "Os preços subiram em maio"), ("pt", "O que acontece agora"), ("pt", "Conclusão"), ("pt", "Resumo"),
]


def backends():
    from newslint.langid import detect_fasttext, detect_langdetect

    found = {"fasttext (lid.176.ftz)": lambda t: detect_fasttext(t.lower())[0],
             "langdetect (seeded)": lambda t: detect_langdetect(t)[0]}
    try:
        import py3langid

        found["py3langid"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    return found


def main() -> None:
    print(f"{'backend':<24} {'accuracy':>9} {'headings (≤3 words)':>20} {'µs per call':>12}")
    for name, fn in backends().items():
        fn("warm up the model")
        t = time.perf_counter()
        got = [fn(text) for _, text in SAMPLES]
        us = (time.perf_counter() - t) / len(SAMPLES) * 1e6
        ok = [g == lang for g, (lang, _) in zip(got, SAMPLES)]
        short = [o for o, (_, text) in zip(ok, SAMPLES) if len(text.split()) <= 3]
        print(f"{name:<24} {sum(ok) / len(ok):>9.0%} {sum(short) / len(short):>20.0%} {us:>12.0f}")


if __name__ == "__main__":
    main()
