"""Fuzzing `analyze`'s edge: generated file names and contents never crash a run, forge a line or
reach the terminal raw; long texts are parsed and tagged in bounded sections that keep every offset;
an article that runs out of time is skipped without killing the batch; an interrupted `--db` run
keeps what it finished and a rerun resumes."""

from __future__ import annotations

import functools
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sourcetrace import pipeline
from sourcetrace.attribution import tagger as tagger_module
from sourcetrace.attribution.features import decode
from sourcetrace.attribution.tagger import pair_relations, token_sections
from sourcetrace.cli.app import app
from sourcetrace.nlp import sections
from sourcetrace.settings import Settings
from sourcetrace.store.database import Store
from sourcetrace.text.spans import SpanIndex, overlaps

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
# What a line on stderr may start with: each comes from the CLI itself, never from input.
PREFIXES = ("skipped: ", "warning: ", "error: ")

# --- sections ---------------------------------------------------------------------------------------

@settings(deadline=None)  # a shared, loaded machine: time is not what these test
@given(st.text(alphabet=st.sampled_from("ab .\n\u00e9\u201c"), max_size=3000), st.integers(8, 400))
def test_sections_join_back_to_the_text_and_keep_to_the_limit(text: str, limit: int) -> None:
    parts = sections(text, limit)
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts)
    assert all(parts[:-1])  # no empty piece in the middle


def test_sections_cut_at_paragraph_breaks_first() -> None:
    text = "First paragraph here.\n\nSecond one. It goes on a bit.\n\nThird."
    assert sections(text, 40) == ["First paragraph here.\n\n", "Second one. It goes on a bit.\n\nThird."]
    assert sections("one two three four", 10) == ["one two ", "three four"]


@functools.cache
def _blank() -> spacy.language.Language:
    return spacy.blank("en")  # a vocabulary only: no model is loaded


@settings(deadline=None)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=40), st.integers(4, 80))
def test_token_sections_cover_the_doc_in_order(sentence_lengths: list[int], size: int) -> None:
    nlp = _blank()
    words = [f"w{i}" for i in range(sum(sentence_lengths))]
    starts = [i == 0 or i in _starts(sentence_lengths) for i in range(len(words))]
    doc = spacy.tokens.Doc(nlp.vocab, words=words, sent_starts=starts)
    bounds = token_sections(doc, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < hi - lo <= size for lo, hi in bounds)
    sentence_starts = _starts(sentence_lengths)
    for lo, _ in bounds[1:]:
        # a cut falls at a sentence start whenever one lies in the second half of the range before it
        assert lo in sentence_starts or not any(lo - size // 2 < s < lo for s in sentence_starts)


def _starts(lengths: list[int]) -> set[int]:
    out, at = set(), 0
    for n in lengths:
        out.add(at)
        at += n
    return out


# --- generated inputs at the edge (read and stored, no model) -------------------------------------------

NAMES = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda n: n not in {".", ".."} and len(n.encode("utf-8")) < 200)
SUFFIXES = st.sampled_from([".md", ".txt", ".html", ".jsonl", ".csv", ".bin", ""])
CONTENT = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.builds(
        lambda title, date, body: f'---\ntitle: "{title}"\npublished: "{date}"\n---\n{body}'.encode("utf-8", "replace"),
        st.sampled_from(["[/]", "[bold]x[/bold]", "\x1b[2J", "ok"]),
        st.sampled_from(["[/]", "2026-02-30", "\x1b]0;title\x07", "yesterday"]),
        st.sampled_from(["", "The mill in Arvo closed, a union official said.\n"]),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(NAMES, SUFFIXES, CONTENT), min_size=1, max_size=4, unique_by=lambda f: f[0] + f[1]))
def test_generated_inputs_never_crash_or_forge_a_line(tmp_path_factory: pytest.TempPathFactory,
                                                     files: list[tuple[str, str, bytes]]) -> None:
    folder = tmp_path_factory.mktemp("in")
    for name, suffix, content in files:
        (folder / (name + suffix)).write_bytes(content)
    db = tmp_path_factory.mktemp("db") / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    summary = [line for line in lines if not line.startswith(PREFIXES)]
    assert len(summary) == (1 if result.exit_code == 0 else 0), lines
    # each skip reason is the CLI's own line: its code, then a path inside the folder read
    for line in lines:
        if line.startswith("skipped: "):
            assert line.startswith("skipped: [E0") and f"] {folder}" in line, line


# --- the analysis under its budget (models) -------------------------------------------------------------

STORY = {
    "a-dock.md": "The dock workers of Pellin will strike on Monday, their union said.\n",
    "b-slow.md": "The ferry from Pellin was late again, a passenger said.\n",
    "c-mill.md": "The mill will reopen in spring, the owner told the town council.\n",
}


def test_an_article_over_its_time_limit_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, models: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in STORY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    real = pipeline.analyze_article

    def slow_for_one(article, doc, settings):  # type: ignore[no-untyped-def]
        if "ferry" in article.text:
            time.sleep(120)  # cut short by the time limit
        return real(article, doc, settings)

    monkeypatch.setattr(pipeline, "analyze_article", slow_for_one)
    out = tmp_path / "d.json"
    pipeline._warm(Settings())  # the models' loading is not what is timed
    started = time.monotonic()
    result = runner.invoke(app, ["analyze", str(tmp_path), "-o", str(out), "--article-timeout", "2"])
    assert time.monotonic() - started < 90  # not the 120 s the slow article would take
    assert result.exit_code == 0, result.output
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(Path(a["file"]).name for a in dossier["articles"]) == ["a-dock.md", "c-mill.md"]
    [skip] = dossier["skipped"]
    assert skip["reason"].startswith("[E070]") and skip["input"].endswith("b-slow.md")
    assert "skipped: [E070]" in result.stderr


def test_long_texts_are_parsed_and_tagged_in_sections(models: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcetrace import nlp

    paragraph = ("The council of Varn said the bridge would close. \u201cIt is unsafe,\u201d the engineer told us. "
                 "Residents, who were not consulted, plan to protest, a spokesman said.\n\n")
    text = paragraph * 12
    whole = pipeline.analyze([_write(text)], Settings(progress=False))
    monkeypatch.setattr(nlp, "SECTION_CHARS", 400)
    monkeypatch.setattr(tagger_module, "LONG_TOKENS", 100)
    monkeypatch.setattr(tagger_module, "SECTION_TOKENS", 60)
    doc = nlp.parse_text(text)
    assert doc.text == text and len(list(doc.sents)) >= 36
    cut = pipeline.analyze([_write(text)], Settings(progress=False))
    for a in cut.attributions:
        for span in (a.source, a.cue, a.content):
            assert span is None or text[span.start : span.end] == span.text
    # the paragraph's three attributions in each copy, sections or not
    assert len(cut.attributions) == len(whole.attributions) >= 24


def _write(text: str) -> str:
    import tempfile

    fd, path = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


RESOLVER = '''
import os, time
from pathlib import Path

LOG = Path(os.environ["EDGE_LOG"])


class Resolver:
    """Logs each article it is asked about; on the third, the first time, waits to be interrupted."""

    def resolve(self, doc, start, end, text):
        tag = next(w.strip(":") for w in doc.text.split() if w.startswith("ARTICLE"))
        with LOG.open("a") as fh:
            fh.write(tag + "\\n")
        marker = LOG.with_suffix(".waiting")
        if tag == "ARTICLE3" and not marker.exists():
            marker.write_text("")
            time.sleep(120)
        return None
'''


def test_sigint_keeps_finished_articles_and_a_rerun_resumes(tmp_path: Path, models: None) -> None:
    story = tmp_path / "story"
    story.mkdir()
    for i in range(1, 5):
        (story / f"{i}.md").write_text(f"ARTICLE{i}: the harbour will close, he said.\n", encoding="utf-8")
    (tmp_path / "edge_resolver.py").write_text(RESOLVER, encoding="utf-8")
    log = tmp_path / "calls.log"
    env = os.environ | {"PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{tmp_path}", "EDGE_LOG": str(log)}
    cmd = [sys.executable, "-m", "sourcetrace", "analyze", str(story), "--db", str(tmp_path / "s.db"),
           "-o", str(tmp_path / "d.json"), "--set", "speaker_resolver=edge_resolver:Resolver"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    waiting = log.with_suffix(".waiting")
    deadline = time.monotonic() + 240
    while not waiting.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert waiting.exists(), proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "[E071]" in err and "2 of 4 articles" in err and "Traceback" not in err
    assert not (tmp_path / "d.json").exists()
    with Store(tmp_path / "s.db") as store:
        assert store.count("analyses") == 2  # the store is whole and usable after the interrupt
    log.write_text("")
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(set(log.read_text().split())) == ["ARTICLE3", "ARTICLE4"]  # 1 and 2 came from the store
    assert len(json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["articles"]) == 4


# --- pairing a long article's spans: by bisection, the same as every pair ------------------------------

@st.composite
def tagged_docs(draw: st.DrawFn) -> tuple[spacy.tokens.Doc, dict[str, list[tuple[int, int]]]]:
    n = draw(st.integers(1, 60))
    starts = [True] + [draw(st.booleans()) and draw(st.booleans()) for _ in range(n - 1)]
    sent_of, k = [], -1
    for s in starts:
        k += s
        sent_of.append(k)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, k in enumerate(sent_of):
        first.setdefault(k, i)
        last[k] = i
    heads = [draw(st.integers(first[k], last[k])) for k in sent_of]  # each head within its sentence
    deps = [draw(st.sampled_from(["nsubj", "aux", "neg", "dobj", "ccomp", "advmod"])) for _ in range(n)]
    doc = spacy.tokens.Doc(_blank().vocab, words=[f"w{i}" for i in range(n)], sent_starts=starts, heads=heads,
                           deps=deps)
    tags = {role: np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))) for role in ("cue", "source", "content")}
    return doc, {role: decode(t) for role, t in tags.items()}


@settings(deadline=None, max_examples=150)
@given(tagged_docs())
def test_pairing_by_bisection_matches_every_pair(case: tuple[spacy.tokens.Doc, dict[str, list[tuple[int, int]]]]) -> None:
    doc, spans = case
    fast = pair_relations(doc, spans, loose=True)
    original = tagger_module._Pairing.around
    try:
        tagger_module._Pairing.around = lambda self, x, role, reach: self.spans[role]  # type: ignore[method-assign]
        every = pair_relations(doc, spans, loose=True)
    finally:
        tagger_module._Pairing.around = original  # type: ignore[method-assign]
    assert fast == every


SPANS = st.lists(st.one_of(st.none(), st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1]))),
                 max_size=40)


@settings(deadline=None)
@given(SPANS, st.lists(st.tuples(st.integers(0, 220), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=10))
def test_span_index_finds_what_a_scan_finds(spans: list[tuple[int, int] | None], queries: list[tuple[int, int]]) -> None:
    index = SpanIndex(spans)
    for q in queries:
        scan = [i for i, s in enumerate(spans) if s is not None and overlaps(s, q)]
        assert index.overlapping(q) == scan
        assert index.any_overlapping(q) == bool(scan)


def test_an_article_over_the_length_an_article_may_have_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, models: None
) -> None:
    for name, text in STORY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "d-long.md").write_text("---\ntitle: Long\noutlet: Gazette\n---\n\n" + "officials " * 40_000,
                                        encoding="utf-8")
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["analyze", str(tmp_path), "-o", str(out), "--set", "max_article_chars=100000"])
    assert result.exit_code == 0, result.output
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert "d-long.md" not in {Path(a["file"]).name for a in dossier["articles"]}
    assert len(dossier["articles"]) == len(STORY)
    [skip] = dossier["skipped"]
    assert skip["reason"].startswith("[E073]") and "over the 100,000" in skip["reason"]
    assert skip["input"].endswith("d-long.md")
