"""Relays that carry nothing of their own: what claims and conflicts read through to the source relayed."""

from __future__ import annotations

from sourcetrace.dossier.models import Attribution, Span


def hull(att: Attribution) -> tuple[int, int]:
    """The characters from the first to the last of an attribution's source, cue and content."""
    parts = [s for s in (att.source, att.cue, att.content) if s is not None]
    return min(s.start for s in parts), max(s.end for s in parts)


def carries(content: Span, att: Attribution) -> bool:
    """Whether ``att`` fills four fifths of ``content``: a content that is one attribution and no more."""
    start, end = hull(att)
    return min(content.end, end) - max(content.start, start) >= 0.8 * (content.end - content.start)


def relayed_wholly(attributions: list[Attribution]) -> set[str]:
    """Ids of attributions whose content is, almost all of it (80 %), one nested attribution:
    "Ostrava's foreign ministry has denied that any agreement was reached, Meridian News reported"
    relays the ministry's denial and states nothing else."""
    by_id = {a.id: a for a in attributions}
    out = set()
    for child in attributions:
        parent = by_id.get(child.parent_id or "")
        if parent is None or parent.content is None or child.content is None:
            continue
        if carries(parent.content, child):
            out.add(parent.id)
    return out
