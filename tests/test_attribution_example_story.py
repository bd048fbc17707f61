"""The extractor on the example story: every planted attribution, its resolved speaker,
relay chain, kind and stance (gold list in examples/story/EXPECTED.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sourcetrace.attribution import extract_attributions
from sourcetrace.dossier.models import Attribution
from sourcetrace.ingest import load_inputs
from sourcetrace.nlp import load_nlp
from sourcetrace.settings import Settings

STORY = Path(__file__).resolve().parents[1] / "examples" / "story"


def norm(name: str) -> str:
    """Name forms that one entity takes: case, a leading 'the', a possessive."""
    return re.sub(r"^the\s+", "", re.sub(r"(?:'s|’s)\b", "", name.lower())).strip()


@pytest.fixture(scope="module")
def extracted(models: None):
    if not (STORY / "EXPECTED.md").exists():
        pytest.skip("examples/story is not present")
    gold = yaml.safe_load((STORY / "EXPECTED.md").read_text().split("```yaml")[1].split("```")[0])
    settings = Settings(progress=False)
    files = sorted({str(STORY / a["file"]) for a in gold["articles"]})
    articles = load_inputs(files, settings).articles
    nlp = load_nlp()
    out = {a.id: (a, extract_attributions(a, doc, settings)) for a, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True)}
    return gold, out


def _found(gold_att: dict, out: dict) -> Attribution:
    article, atts = next(
        v for v in out.values()
        if Path(v[0].file).name == gold_att["file"] and gold_att.get("record") in (None, v[0].record)
    )
    i = article.text.index(gold_att["sentence"])
    end = i + len(gold_att["sentence"])
    j = article.text.index(gold_att["source"], i)
    hits = [
        a for a in atts
        if a.source is not None and a.cue is not None and a.source.start < j + len(gold_att["source"])
        and a.source.end > j and i <= a.cue.start < end
    ]
    assert hits, f"{gold_att['id']}: no attribution of {gold_att['source']!r} found"
    # one source may have several cues in a sentence ("declined to discuss ... but said ..."): the planted one
    by_cue = [a for a in hits if a.cue is not None and a.cue.text == gold_att.get("cue")]
    return (by_cue or hits)[0]


def test_every_planted_attribution_is_found_with_speaker_chain_kind_and_stance(extracted) -> None:
    gold, out = extracted
    problems = []
    for g in gold["attributions"]:
        a = _found(g, out)
        assert a.speaker is not None
        got = (norm(a.speaker.name), [norm(n) for n in a.chain_names], a.kind.value,
               # an outlet "reported": a neutral report, the same as asserting
               "asserts" if a.stance.value == "reports" else a.stance.value)
        g_stance = "asserts" if g["stance"] == "reports" else g["stance"]
        want = (norm(g["speaker"]["name"]), [norm(n) for n in g["chain"]], g["kind"], g_stance)
        if got != want:
            problems.append((g["id"], got, want))
    assert problems == []


def test_offsets_point_at_their_text(extracted) -> None:
    _, out = extracted
    for article, atts in out.values():
        for a in atts:
            for span in (a.source, a.cue, a.content, a.sentence):
                if span is not None:
                    assert article.text[span.start : span.end] == span.text
