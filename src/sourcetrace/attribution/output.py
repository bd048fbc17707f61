"""``sourcetrace extract --jsonl``: one JSON object of attributions per article."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sourcetrace.attribution import extract_attributions
from sourcetrace.ingest import load_inputs
from sourcetrace.nlp import load_nlp
from sourcetrace.progress import stderr
from sourcetrace.settings import Settings


def extract_jsonl(paths: Sequence[str | Path], settings: Settings, out: TextIO) -> int:
    """Write one line per article to ``out``; returns how many articles were written."""
    ingested = load_inputs(paths, settings)
    for s in ingested.skipped:
        stderr.print(f"[yellow]skipped:[/] {s.input}: {s.reason}", highlight=False)
    nlp = load_nlp()
    count = 0
    for article, doc in zip(ingested.articles, nlp.pipe(a.text for a in ingested.articles), strict=True):
        attributions = extract_attributions(article, doc, settings)
        record = {
            "file": article.file,
            "id": article.id,
            "attributions": [
                a.model_dump(
                    mode="json",
                    include={"id", "source", "cue", "content", "speaker", "kind", "stance", "proposition",
                             "sentence", "parent_id"},
                )
                | {"chain": a.chain_names}
                for a in attributions
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
