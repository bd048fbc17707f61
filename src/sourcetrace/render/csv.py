"""CSV exports: one table per file (UTF-8, header row), safe to open in a spreadsheet.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``
or ``@`` (and, in some, a tab or carriage return) as a formula, and article text
is hostile input. Such text cells get a leading single quote (``'=cmd|...``),
the OWASP recommendation; numbers are written as they are.
"""

from __future__ import annotations

import csv as _csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from sourcetrace.dossier.models import Dossier, Span
from sourcetrace.render.base import register
from sourcetrace.render.outputs import atomic_open
from sourcetrace.render.view import DossierView, claim_wording, sourcing_words, span_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def safe_cell(value: Cell) -> Cell:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    # newline="" so the csv module's own \r\n row ends are not doubled on any platform
    with atomic_open(path, newline="") as fh:
        w = _csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow([safe_cell(c) for c in row])
    return path


def _start(span: Span | None) -> int | None:
    return span.start if span is not None else None


def _end(span: Span | None) -> int | None:
    return span.end if span is not None else None


@register("csv")
def write_csv(dossier: Dossier, path: Path) -> list[Path]:
    """Write articles, attributions, entities, claims, conflicts, timeline and stories CSVs into ``path``
    (the findings carry their story's id)."""
    path.mkdir(parents=True, exist_ok=True)
    v = DossierView(dossier)
    sep = " | "
    story_of = {a: st.id for st in dossier.stories for a in st.article_ids}
    title_of = {st.id: st.title for st in dossier.stories}
    out = [
        _write(
            path / "articles.csv",
            ["id", "outlet", "title", "published", "url", "author", "file", "format", "chars", "reprint_of", "story"],
            (
                [a.id, a.outlet, a.title, a.published, a.url, a.author, a.file, a.format, len(a.text), a.reprint_of,
                 story_of.get(a.id)]
                for a in dossier.articles
            ),
        ),
        _write(
            path / "attributions.csv",
            ["id", "article_id", "outlet", "source", "cue", "content", "speaker", "speaker_entity",
             "chain", "kind", "stance", "sentence", "sentence_start", "sentence_end",
             "source_start", "source_end", "cue_start", "cue_end", "content_start", "content_end"],
            (
                [
                    a.id, a.article_id,
                    (v.articles[a.article_id].outlet if a.article_id in v.articles else None),
                    span_text(v.articles.get(a.article_id), a.source),
                    span_text(v.articles.get(a.article_id), a.cue),
                    span_text(v.articles.get(a.article_id), a.content),
                    a.speaker.name if a.speaker else None, a.speaker_entity,
                    " ← ".join(v.chain_names(a)), a.kind.value, a.stance.value,
                    v.sentence_text(a), a.sentence.start, a.sentence.end,
                    _start(a.source), _end(a.source), _start(a.cue), _end(a.cue),
                    _start(a.content), _end(a.content),
                ]
                for a in dossier.attributions
            ),
        ),
        _write(
            path / "entities.csv",
            ["id", "name", "kind", "affiliation", "affiliation_name", "top_affiliation", "aliases", "mentions"],
            (
                [e.id, e.name, e.kind.value, e.affiliation,
                 v.entity_name(e.affiliation) if e.affiliation else None,
                 v.entity_name(v.top_affiliation(e.id)), sep.join(e.aliases), e.mentions]
                for e in dossier.entities
            ),
        ),
        _write(
            path / "claims.csv",
            ["rank", "id", "status", "text", "sourcing", "outlets", "n_outlets", "n_attributions",
             "n_articles", "root_sources", "independent_roots", "attribution_ids", "story", "story_title"],
            (
                [rank, c.id, c.status.value, claim_wording(c), sourcing_words(c), sep.join(dict.fromkeys(c.outlets)),
                 len(set(c.outlets)), len(c.attribution_ids), len(set(c.article_ids)),
                 sep.join(v.entity_name(r) for r in c.root_sources),
                 sep.join(v.entity_name(r) for r in c.independent_roots), sep.join(c.attribution_ids),
                 c.story, title_of.get(c.story or "")]
                for rank, c in enumerate(v.claims_sorted, 1)
            ),
        ),
        _write(
            path / "conflicts.csv",
            ["id", "kind", "reason", "a", "b", "a_article_id", "a_text", "b_article_id", "b_text", "story"],
            (
                [c.id, c.kind.value, c.reason, c.a, c.b,
                 c.a_span.article_id if c.a_span else None,
                 span_text(v.articles.get(c.a_span.article_id), c.a_span) if c.a_span else None,
                 c.b_span.article_id if c.b_span else None,
                 span_text(v.articles.get(c.b_span.article_id), c.b_span) if c.b_span else None, c.story]
                for c in dossier.conflicts
            ),
        ),
        _write(
            path / "timeline.csv",
            ["sort_key", "value", "type", "text", "article_id", "outlet", "start", "end", "attribution_id", "sentence",
             "story"],
            (
                [t.sort_key, t.value, t.type, t.text, t.article_id,
                 v.articles[t.article_id].outlet if t.article_id in v.articles else None,
                 t.start, t.end, t.attribution_id, span_text(v.articles.get(t.article_id), t.sentence), t.story]
                for t in sorted(dossier.timeline, key=lambda t: (t.sort_key is None, t.sort_key or "", t.article_id, t.start))
            ),
        ),
        _write(
            path / "stories.csv",
            ["id", "title", "n_articles", "first_published", "last_published", "attributions", "claims",
             "contested", "conflicts", "article_ids"],
            (
                [st.id, st.title, len(st.article_ids), st.first_published, st.last_published, st.attributions,
                 st.claims, st.contested, st.conflicts, sep.join(st.article_ids)]
                for st in dossier.stories
            ),
        ),
    ]
    return out
