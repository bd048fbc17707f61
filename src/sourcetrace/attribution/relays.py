"""Relays that carry nothing of their own: what claims and conflicts read through to the source relayed."""

from __future__ import annotations

from sourcetrace.dossier.models import Attribution


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
        parts = [s for s in (child.source, child.cue, child.content) if s is not None]
        lo, hi = max(parent.content.start, min(s.start for s in parts)), min(parent.content.end, max(s.end for s in parts))
        if hi - lo >= 0.8 * (parent.content.end - parent.content.start):
            out.add(parent.id)
    return out
