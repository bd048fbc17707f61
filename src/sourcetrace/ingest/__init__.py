"""Ingest: one reader per format, normalisation, reprint detection.

Public entry point: :func:`load_inputs`. Bad input never raises out of here;
it is recorded as :class:`~sourcetrace.dossier.models.Skipped`.

Readers (one module each): ``text`` (.txt/.md with optional YAML front matter;
broken front matter is a warning, E005, and the body is still analysed),
``html`` (trafilatura, htmldate), ``records`` (.jsonl, .json, .csv, and JSONL on
stdin as '-'), ``warc`` (.warc, .warc.gz) and ``feed`` (.rss, .atom, .xml).
``loader`` walks the inputs and gives ids; ``reprints`` marks wire copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sourcetrace.dossier.models import Article, Skipped
from sourcetrace.settings import Settings

__all__ = ["IngestResult", "load_inputs"]


@dataclass
class IngestResult:
    """Articles read from the inputs, and every input that was skipped with its reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_inputs(paths: Sequence[str | Path], settings: Settings) -> IngestResult:
    """Read every article in ``paths`` (files, directories, or '-' for JSONL on stdin)."""
    from sourcetrace.ingest.loader import load_inputs as _load

    return _load(paths, settings)
