"""A realistic dossier built by hand for the render tests: a fictional port closure story.

Four articles from fictional outlets relay one government (anonymous officials and a named
ministry spokesperson), a union pushes back, a shipowners' body corroborates one point; a
fifth article is hostile (script and onerror markup in its title, outlet and text). All text
is written for this project. Offsets are found by searching the text, so they are exact.
"""

from __future__ import annotations

from sourcetrace.dossier.models import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictKind,
    Dossier,
    Entity,
    EntityKind,
    Generator,
    Span,
    SpanRef,
    Speaker,
    Stance,
    TimelineEntry,
)

HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_BREAKOUT = "</script><script>window.__pwned=3</script>"

TEXTS = {
    "wire": (
        "Norland will close the port of Valmora for three weeks starting on March 9, senior Norland "
        "officials said on Monday.\n\n"
        "The closure will affect about 1,200 workers, the officials said.\n\n"
        "Transport ministry spokesperson Maria Kessel confirmed the closure in a statement, saying "
        "\"the repairs cannot wait any longer.\"\n\n"
        "The Dockworkers' Union denied that any agreement had been reached. \"Nobody asked us,\" "
        "union leader Tomas Berg said."
    ),
    "courier": (
        "The port of Valmora will close for three weeks, Wire Service Nord reported, citing senior "
        "Norland officials.\n\n"
        "According to people familiar with the plans, the closure could last up to five weeks.\n\n"
        "Kessel said the ministry had warned shipping firms in February."
    ),
    "ledger": (
        "Senior officials in the Norland government told The Harbour Ledger that the port would "
        "close on March 9 for three weeks.\n\n"
        "Repair costs are expected to reach 40 million crowns.\n\n"
        "The Norland Shipowners' Association said its members had been warned in February.\n\n"
        "Berg said the union would strike on March 10 if talks failed."
    ),
    "coastal": (
        "🚢 Ships are already turning away. The Coastal Times, citing the Daily Courier, reported "
        "that the closure could last up to five weeks.\n\n"
        "Maria Kessel said on Tuesday that the closure would last no more than three weeks."
    ),
    "hostile": (
        f"{HOSTILE_SCRIPT} A reader forum claimed the port had already closed. "
        f"A poster calling himself {HOSTILE_IMG} said \"{HOSTILE_BREAKOUT} the gates are shut.\"\n\n"
        "=HYPERLINK(\"http://example.invalid\") appeared in the comments *as well* | and [links](x)."
    ),
}


def find(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of needle in text (fails loudly when absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start=start, end=start + len(needle), text=needle)


def ref(article: Article, needle: str) -> SpanRef:
    sp = find(article.text, needle)
    return SpanRef(article_id=article.id, start=sp.start, end=sp.end, text=sp.text)


def _article(aid: str, outlet: str, title: str, published: str, text: str) -> Article:
    import hashlib

    return Article(
        id=aid,
        file=f"story/{aid}.txt",
        format="txt",
        title=title,
        outlet=outlet,
        published=published,
        url=f"https://news.example/{aid}",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def make_dossier(*, hostile: bool = True) -> Dossier:
    """The fixture dossier: 5 articles, 14 entities, 15 attributions, 7 claims, 2 conflicts.

    ``hostile=False`` leaves out the hostile article and everything citing it (for screenshots).
    """
    arts = {
        "wire": _article("wire", "Wire Service Nord", "Norland to close Valmora port for three weeks", "2026-03-02T09:00:00Z", TEXTS["wire"]),
        "courier": _article("courier", "Daily Courier", "Valmora port closure could run longer, sources say", "2026-03-02T15:30:00Z", TEXTS["courier"]),
        "ledger": _article("ledger", "The Harbour Ledger", "Port shutdown set for March 9; union threatens strike", "2026-03-03T07:00:00Z", TEXTS["ledger"]),
        "coastal": _article("coastal", "Coastal Times", "Ministry: Valmora closure capped at three weeks", "2026-03-04T11:00:00Z", TEXTS["coastal"]),
        "hostile": _article("hostile", HOSTILE_IMG, f"{HOSTILE_SCRIPT} Port rumours", "2026-03-05", TEXTS["hostile"]),
    }
    arts["hostile"].url = "javascript:window.__pwned=4"  # shown as text, never a link
    ents = [
        Entity(id="o:wire", name="Wire Service Nord", kind=EntityKind.outlet, mentions=3),
        Entity(id="o:courier", name="Daily Courier", kind=EntityKind.outlet, mentions=2),
        Entity(id="o:ledger", name="The Harbour Ledger", kind=EntityKind.outlet, mentions=1),
        Entity(id="o:coastal", name="Coastal Times", kind=EntityKind.outlet, mentions=1),
        Entity(id="o:hostile", name=HOSTILE_IMG, kind=EntityKind.outlet, mentions=1),
        Entity(id="g:norland", name="Norland government", kind=EntityKind.government, mentions=0),
        Entity(id="g:transport", name="Ministry of Transport", kind=EntityKind.government, affiliation="g:norland", mentions=1),
        Entity(id="p:officials", name="senior Norland officials", kind=EntityKind.anonymous, affiliation="g:norland", mentions=4),
        Entity(id="p:kessel", name="Maria Kessel", aliases=["Kessel"], kind=EntityKind.person, affiliation="g:transport", mentions=3),
        Entity(id="org:union", name="Dockworkers' Union", kind=EntityKind.organization, mentions=1),
        Entity(id="p:berg", name="Tomas Berg", aliases=["Berg"], kind=EntityKind.person, affiliation="org:union", mentions=2),
        Entity(id="org:ship", name="Norland Shipowners' Association", kind=EntityKind.organization, mentions=1),
        Entity(id="p:people", name="people familiar with the plans", kind=EntityKind.anonymous, mentions=1),
        Entity(id="p:poster", name=f"poster {HOSTILE_SCRIPT}", kind=EntityKind.anonymous, mentions=1),
    ]
    names = {e.id: e.name for e in ents}
    atts: list[Attribution] = []

    def att(
        art: str, sentence: str, source: str | None, cue: str | None, content: str | None,
        chain: list[str], speaker: str, *, kind: AttributionKind = AttributionKind.indirect,
        stance: Stance = Stance.asserts,
    ) -> str:
        a = arts[art]
        sent = find(a.text, sentence)
        within = a.text[sent.start : sent.end]

        def local(needle: str | None) -> Span | None:
            if needle is None:
                return None
            sp = find(within, needle)
            return Span(start=sent.start + sp.start, end=sent.start + sp.end, text=needle)

        n = sum(1 for x in atts if x.article_id == art) + 1
        aid = f"{art}:a{n}"
        atts.append(Attribution(
            id=aid, article_id=art, source=local(source), cue=local(cue), content=local(content), sentence=sent,
            speaker=Speaker(name=names[speaker], kind=next(e.kind for e in ents if e.id == speaker)),
            speaker_entity=speaker, chain=chain, chain_names=[names[c] for c in chain], kind=kind, stance=stance,
        ))
        return aid

    w = TEXTS["wire"]
    a_w1 = att("wire", w[: w.index("Monday.") + 7], "senior Norland officials", "said",
               "Norland will close the port of Valmora for three weeks starting on March 9", ["o:wire", "p:officials"], "p:officials")
    a_w2 = att("wire", "The closure will affect about 1,200 workers, the officials said.", "the officials", "said",
               "The closure will affect about 1,200 workers", ["o:wire", "p:officials"], "p:officials")
    a_w3 = att("wire", "Transport ministry spokesperson Maria Kessel confirmed the closure in a statement, saying \"the repairs cannot wait any longer.\"",
               "Transport ministry spokesperson Maria Kessel", "confirmed", "the closure", ["o:wire", "p:kessel"], "p:kessel",
               kind=AttributionKind.statement, stance=Stance.confirms)
    a_w4 = att("wire", "The Dockworkers' Union denied that any agreement had been reached.", "The Dockworkers' Union", "denied",
               "that any agreement had been reached", ["o:wire", "org:union"], "org:union", stance=Stance.denies)
    att("wire", "\"Nobody asked us,\" union leader Tomas Berg said.", "union leader Tomas Berg", "said", "Nobody asked us",
        ["o:wire", "p:berg"], "p:berg", kind=AttributionKind.direct)
    a_c1 = att("courier", "The port of Valmora will close for three weeks, Wire Service Nord reported, citing senior Norland officials.",
               "Wire Service Nord", "reported", "The port of Valmora will close for three weeks",
               ["o:courier", "o:wire", "p:officials"], "p:officials", kind=AttributionKind.according_to)
    # nested: the wire's own source, inside the courier's attribution to the wire (overlapping spans)
    a_c1n = att("courier", "The port of Valmora will close for three weeks, Wire Service Nord reported, citing senior Norland officials.",
                "senior Norland officials", "citing", "The port of Valmora will close for three weeks",
                ["o:courier", "o:wire", "p:officials"], "p:officials", kind=AttributionKind.according_to)
    atts[-1].parent_id = a_c1
    a_c2 = att("courier", "According to people familiar with the plans, the closure could last up to five weeks.",
               "people familiar with the plans", "According to", "the closure could last up to five weeks",
               ["o:courier", "p:people"], "p:people", kind=AttributionKind.according_to, stance=Stance.hedges)
    a_c3 = att("courier", "Kessel said the ministry had warned shipping firms in February.", "Kessel", "said",
               "the ministry had warned shipping firms in February", ["o:courier", "p:kessel"], "p:kessel")
    a_l1 = att("ledger", "Senior officials in the Norland government told The Harbour Ledger that the port would close on March 9 for three weeks.",
               "Senior officials in the Norland government", "told", "that the port would close on March 9 for three weeks",
               ["o:ledger", "p:officials"], "p:officials")
    a_l2 = att("ledger", "The Norland Shipowners' Association said its members had been warned in February.",
               "The Norland Shipowners' Association", "said", "its members had been warned in February",
               ["o:ledger", "org:ship"], "org:ship")
    a_l3 = att("ledger", "Berg said the union would strike on March 10 if talks failed.", "Berg", "said",
               "the union would strike on March 10 if talks failed", ["o:ledger", "p:berg"], "p:berg", stance=Stance.warns)
    a_k1 = att("coastal", "The Coastal Times, citing the Daily Courier, reported that the closure could last up to five weeks.",
               "the Daily Courier", "citing", "the closure could last up to five weeks",
               ["o:coastal", "o:courier", "p:people"], "p:people", kind=AttributionKind.according_to)
    a_k2 = att("coastal", "Maria Kessel said on Tuesday that the closure would last no more than three weeks.",
               "Maria Kessel", "said", "that the closure would last no more than three weeks", ["o:coastal", "p:kessel"], "p:kessel",
               stance=Stance.denies)
    h = TEXTS["hostile"]
    a_h1 = att("hostile", h[h.index("A poster") : h.index("shut.\"") + 6], f"A poster calling himself {HOSTILE_IMG}", "said",
               f"{HOSTILE_BREAKOUT} the gates are shut.", ["o:hostile", "p:poster"], "p:poster", kind=AttributionKind.direct)

    A, L, C, K, H = arts["wire"], arts["ledger"], arts["courier"], arts["coastal"], arts["hostile"]
    claims = [
        Claim(
            id="c1", text="The port of Valmora will close for three weeks from March 9",
            attribution_ids=[a_w1, a_c1, a_c1n, a_l1, a_k2], article_ids=["wire", "courier", "ledger", "coastal"],
            outlets=["Wire Service Nord", "Daily Courier", "The Harbour Ledger", "Coastal Times"],
            root_sources=["p:officials", "p:kessel"], independent_roots=["g:norland"],
            status=ClaimStatus.single_source, sourcing="1 independent source (Norland government) via 4 outlets",
            spans=[ref(A, "close the port of Valmora for three weeks"), ref(L, "close on March 9 for three weeks")],
        ),
        Claim(
            id="c2", text="The closure could last up to five weeks",
            attribution_ids=[a_c2, a_k1], article_ids=["courier", "coastal"], outlets=["Daily Courier", "Coastal Times"],
            root_sources=["p:people"], independent_roots=["p:people"], status=ClaimStatus.contested,
            spans=[ref(C, "the closure could last up to five weeks")],
        ),
        Claim(
            id="c3", text="Shipping firms were warned in February",
            attribution_ids=[a_c3, a_l2], article_ids=["courier", "ledger"], outlets=["Daily Courier", "The Harbour Ledger"],
            root_sources=["p:kessel", "org:ship"], independent_roots=["g:norland", "org:ship"], status=ClaimStatus.corroborated,
            spans=[ref(C, "warned shipping firms in February"), ref(L, "warned in February")],
        ),
        Claim(
            id="c4", text="Repair costs are expected to reach 40 million crowns", article_ids=["ledger"],
            outlets=["The Harbour Ledger"], status=ClaimStatus.unattributed,
            spans=[ref(L, "Repair costs are expected to reach 40 million crowns.")],
        ),
        Claim(
            id="c5", text="The union will strike on March 10 if talks fail", attribution_ids=[a_l3, a_w4],
            article_ids=["ledger", "wire"], outlets=["The Harbour Ledger", "Wire Service Nord"],
            root_sources=["p:berg", "org:union"], independent_roots=["org:union"], status=ClaimStatus.single_source,
            spans=[ref(L, "the union would strike on March 10 if talks failed")],
        ),
        Claim(
            id="c6", text=f"{HOSTILE_SCRIPT} the gates are shut {HOSTILE_IMG}", attribution_ids=[a_h1], article_ids=["hostile"],
            outlets=[HOSTILE_IMG], root_sources=["p:poster"], independent_roots=["p:poster"], status=ClaimStatus.single_source,
            spans=[ref(H, "the gates are shut.")],
        ),
        Claim(
            id="c7", text="The closure will affect about 1,200 workers", attribution_ids=[a_w2], article_ids=["wire"],
            outlets=["Wire Service Nord"], root_sources=["p:officials"], independent_roots=["g:norland"],
            status=ClaimStatus.single_source, spans=[ref(A, "The closure will affect about 1,200 workers")],
        ),
    ]
    conflicts = [
        Conflict(
            id="x1", kind=ConflictKind.number, reason="three weeks vs up to five weeks",
            a=a_k2, b=a_c2, a_span=ref(K, "that the closure would last no more than three weeks"),
            b_span=ref(C, "the closure could last up to five weeks"),
        ),
        Conflict(
            id="x2", kind=ConflictKind.denial, reason=f"the union denies an agreement {HOSTILE_SCRIPT}",
            a=a_w3, b=a_w4, a_span=ref(A, "confirmed the closure"), b_span=ref(A, "denied that any agreement had been reached"),
        ),
    ]

    def tl(art: Article, text: str, value: str | None, sort_key: str | None, sentence: str, attribution: str | None,
           typ: str = "DATE") -> TimelineEntry:
        sent = find(art.text, sentence)
        sp = find(art.text[sent.start : sent.end], text)
        return TimelineEntry(
            article_id=art.id, start=sent.start + sp.start, end=sent.start + sp.end, text=text, value=value, type=typ,
            sort_key=sort_key, attribution_id=attribution, sentence=sent,
        )

    timeline = [
        tl(A, "March 9", "2026-03-09", "2026-03-09", w[: w.index("Monday.") + 7], a_w1),
        tl(A, "Monday", "2026-03-02", "2026-03-02", w[: w.index("Monday.") + 7], a_w1),
        tl(C, "February", "2026-02", "2026-02-01", "Kessel said the ministry had warned shipping firms in February.", a_c3),
        tl(L, "March 10", "2026-03-10", "2026-03-10", "Berg said the union would strike on March 10 if talks failed.", a_l3),
        tl(K, "Tuesday", "2026-03-03", "2026-03-03", "Maria Kessel said on Tuesday that the closure would last no more than three weeks.", a_k2),
        tl(K, "five weeks", "P5W", None, "The Coastal Times, citing the Daily Courier, reported that the closure could last up to five weeks.", a_k1, "DURATION"),
    ]
    dossier = Dossier(
        generator=Generator(version="0.1.0"), created="2026-03-06T10:00:00Z", articles=list(arts.values()),
        attributions=atts, entities=ents, claims=claims, conflicts=conflicts, timeline=timeline,
    )
    if not hostile:
        conflicts[1].reason = "the union denies an agreement"
        dossier = dossier.model_copy(update={
            "articles": [a for a in dossier.articles if a.id != "hostile"],
            "attributions": [a for a in atts if a.article_id != "hostile"],
            "entities": [e for e in ents if e.id not in ("o:hostile", "p:poster")],
            "claims": [c for c in claims if c.id != "c6"],
        })
    return dossier
