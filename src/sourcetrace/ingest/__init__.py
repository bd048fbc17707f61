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

from sourcetrace.ingest.common import IngestResult
from sourcetrace.ingest.loader import load_inputs

__all__ = ["IngestResult", "load_inputs"]
