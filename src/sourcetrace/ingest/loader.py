"""Placeholder loader: plain .txt files only (replaced by the full ingest)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from sourcetrace.dossier.models import Article, Skipped
from sourcetrace.ingest import IngestResult
from sourcetrace.settings import Settings


def load_inputs(paths: Sequence[str | Path], settings: Settings) -> IngestResult:
    result = IngestResult()
    for p in paths:
        path = Path(p)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except OSError as exc:
                result.skipped.append(Skipped(input=str(f), reason=str(exc)))
                continue
            h = hashlib.sha256(text.encode()).hexdigest()
            result.articles.append(
                Article(id=h[:12], file=str(f), format="txt", text=text, content_hash=h)
            )
    return result
