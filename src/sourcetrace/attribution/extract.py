"""Attribution extraction, stage by stage: the parse rules, the trained tagger merged in,
what each content means, then ids, nesting and relay chains.

A chain runs publisher → relays → original source; an attribution whose cue lies in
another's content is nested in it and extends its chain. With the trained tagger, a
content it finds with no cue to pair stays as an ``uncued`` attribution (no source).
"""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.attribution.assemble import finish, read_contents
from sourcetrace.attribution.meaning import mark_withheld
from sourcetrace.attribution.merge import role_spans, with_tagger
from sourcetrace.attribution.raw import Uncued, without_datelines
from sourcetrace.attribution.rules import Context, find_quotes, obtained_by, rule_attributions
from sourcetrace.attribution.speakers import SpeakerResolver
from sourcetrace.attribution.tagger import load_tagger
from sourcetrace.dossier.models import Article, Attribution
from sourcetrace.nlp import doc_text
from sourcetrace.settings import Settings, plugin


def extract(article: Article, doc: Doc, settings: Settings) -> list[Attribution]:
    """Every attribution in one parsed article, with speaker and chain names filled in."""
    quotes = find_quotes(doc)
    resolver = SpeakerResolver(doc, article.outlet, quotes=quotes)
    resolver.plugin = plugin(settings, "speaker_resolver")  # type: ignore[assignment]
    ctx = Context(quotes, resolver)
    raws = rule_attributions(doc, ctx)
    tagger = load_tagger(settings.attribution_model) if settings.use_tagger else None
    uncued: list[Uncued] = []
    if tagger is not None:
        raws, uncued = with_tagger(doc, raws, tagger.predict(doc, role_spans(raws)), ctx.resolver, ctx.quotes)
    obtained_by(doc, raws, ctx.resolver)
    mark_withheld(doc_text(doc), raws)
    uncued = without_datelines(doc, raws, uncued)
    atts = finish(article, article.outlet or "unknown outlet", raws, uncued)
    read_contents(doc, atts)
    return atts
