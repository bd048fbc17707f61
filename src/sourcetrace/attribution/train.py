"""Training the attribution tagger on PolNeAR train, choosing the epoch on dev.

    sourcetrace train ../shared/data/polnear [--out DIR] [--epochs N]

Parses both splits with spaCy once (cached under the system temp folder, keyed by the
split and the package version), runs the rules for their spans, reads the MiniLM encoder's
token vectors (cached the same way), and trains the BiLSTM on 256-token windows. The epoch
with the best mean exact-span F1 on dev is kept. CPU only, seeded, about half an hour on two
cores from scratch, a quarter of an hour once the features are cached.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import random
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from sourcetrace.attribution.contextual import DEFAULT_LAYERS
from sourcetrace.attribution.features import (
    ROLES,
    DocFeatures,
    Vocab,
    decode,
    doc_features,
    token_tags,
)
from sourcetrace.attribution.tagger import (
    RECIPE,
    WEIGHTS,
    _trim,
    build_net,
    pair_relations,
    tag_features,
)
from sourcetrace.errors import Errors, UsageError

WINDOW = 256
DEFAULT_EPOCHS = 8
SEED = 13


def rule_spans_of(atts: list) -> dict[str, list[tuple[int, int]]]:
    """The rules' spans per role, from their attributions."""
    spans: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    for a in atts:
        for role in ROLES:
            s = getattr(a, role)
            if s is not None:
                spans[role].append((s.start, s.end))
    return spans


def _prepare(split_dir: Path, vocab: Vocab | None, nlp, limit: int | None = None, cache: bool = True):  # type: ignore[no-untyped-def]
    """(annotated articles, docs' features, gold BIO labels, rule spans) for one split."""
    from sourcetrace import __version__
    from sourcetrace.attribution.extract import extract
    from sourcetrace.dossier.models import Article
    from sourcetrace.evaluation.polnear import load_split
    from sourcetrace.settings import Settings

    articles = load_split(split_dir, limit=limit)
    key = hashlib.sha256(f"{split_dir.resolve()}|{limit}|{__version__}|{len(articles)}".encode()).hexdigest()[:16]
    cache_file = Path(tempfile.gettempdir()) / f"sourcetrace-tagger-{key}.pkl"
    if cache and cache_file.exists():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    assert vocab is not None
    settings = Settings(progress=False, use_tagger=False)
    feats, labels, rules, token_spans = [], [], [], []
    for a, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        art = Article(id=a.name, file=a.name, format="txt", text=a.text, content_hash="")
        spans = rule_spans_of(extract(art, doc, settings))
        feats.append(doc_features(doc, vocab, spans))
        labels.append(np.stack([token_tags(doc, sorted(a.spans[r])) for r in ROLES], axis=1))
        rules.append(spans)
        token_spans.append([(t.idx, t.idx + len(t)) for t in doc])
    out = (articles, feats, labels, rules, token_spans)
    if cache:
        with cache_file.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def _contexts(split_dir: Path, articles: list, docs: Iterable[Doc], layers: tuple[int, ...], limit: int | None, cache: bool):  # type: ignore[no-untyped-def]
    """The encoder's token vectors (float16) for every article of a split, cached like the features.

    ``docs`` is only read when the cache misses, so a lazy parse costs nothing on a rerun.
    """
    from sourcetrace import __version__
    from sourcetrace.attribution.contextual import token_vectors

    key = f"{split_dir.resolve()}|{limit}|{__version__}|{len(articles)}|ctx{list(layers)}"
    cache_file = Path(tempfile.gettempdir()) / f"sourcetrace-context-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pkl"
    if cache and cache_file.exists():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    out = [token_vectors(doc, layers).astype(np.float16) for doc in docs]
    if cache:
        with cache_file.open("wb") as fh:
            pickle.dump(out, fh, protocol=5)
    return out


Window = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]


def _windows(feats: list[DocFeatures], labels: list[np.ndarray]) -> list[Window]:
    out = []
    for f, y in zip(feats, labels, strict=True):
        for s in range(0, len(y), WINDOW):
            ctx = None if f.context is None else f.context[s : s + WINDOW]
            out.append((f.dense[s : s + WINDOW], f.cats[s : s + WINDOW], ctx, y[s : s + WINDOW]))
    return out


def _batch(items: list[Window]):  # type: ignore[no-untyped-def]
    import torch

    n = max(len(y) for *_, y in items)
    b = len(items)
    dense = np.zeros((b, n, items[0][0].shape[1]), np.float32)
    cats = np.zeros((b, n, items[0][1].shape[1]), np.int64)
    ctx = None if items[0][2] is None else np.zeros((b, n, items[0][2].shape[1]), np.float32)
    ys = np.full((b, n, len(ROLES)), -100, np.int64)
    for i, (d, c, x, y) in enumerate(items):
        dense[i, : len(y)] = d
        cats[i, : len(y)] = c
        if ctx is not None and x is not None:
            ctx[i, : len(y)] = x
        ys[i, : len(y)] = y
    return torch.from_numpy(dense), torch.from_numpy(cats), None if ctx is None else torch.from_numpy(ctx), torch.from_numpy(ys)


def dev_score(net, articles, feats, docs) -> dict:  # type: ignore[no-untyped-def]
    """Exact-span P/R/F1 per role and relation F1 of the tagger alone on dev."""
    import torch

    from sourcetrace.evaluation.polnear import Relation, Tally, score_article

    tally = Tally()
    net.eval()
    with torch.no_grad():
        for a, f, doc in zip(articles, feats, docs, strict=True):
            tags = tag_features(net, f)
            spans = {role: decode(tags[:, k]) for k, role in enumerate(ROLES)}
            rels = pair_relations(doc, spans)
            pred = {r: set() for r in ROLES}
            for rel in rels:
                pred["cue"].add(rel.cue)
            for role in ("source", "content"):
                for s, e in spans[role]:
                    t = _trim(doc.text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
                    if t:
                        pred[role].add(t)
            score_article(a, pred, [Relation(r.cue, r.source, r.content) for r in rels], tally)
    net.train()
    return tally.figures()


def train_tagger(
    data: Path,
    out: Path | None = None,
    epochs: int | None = None,
    limit: int | None = None,
    cache: bool = True,
    context_layers: tuple[int, ...] | None = DEFAULT_LAYERS,
) -> dict:
    """Train on ``data``/train, keep the best epoch on ``data``/dev; write weights and recipe to ``out``."""
    import torch

    from sourcetrace.attribution.tagger import MODEL_DIR
    from sourcetrace.nlp import load_nlp

    data = Path(data)
    if not (data / "train" / "text").is_dir() or not (data / "dev" / "text").is_dir():
        raise UsageError(Errors.E040.format(path=data))
    out = Path(out) if out is not None else MODEL_DIR
    epochs = epochs or DEFAULT_EPOCHS
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    t0 = time.perf_counter()
    nlp = load_nlp()
    vocab = Vocab.from_nlp(nlp)
    tr_articles, tr_feats, tr_labels, _, _ = _prepare(data / "train", vocab, nlp, limit, cache)
    dev_articles, dev_feats, _, _, _ = _prepare(data / "dev", vocab, nlp, limit, cache)
    dev_docs = list(nlp.pipe((a.text for a in dev_articles), batch_size=16))
    context_dim = 0
    if context_layers:
        tr_docs = nlp.pipe((a.text for a in tr_articles), batch_size=16)  # lazy: parsed on a cache miss only
        for split, arts, feats, docs in (
            ("train", tr_articles, tr_feats, tr_docs),
            ("dev", dev_articles, dev_feats, dev_docs),
        ):
            for f, ctx in zip(feats, _contexts(data / split, arts, docs, context_layers, limit, cache), strict=True):
                f.context = ctx
        context_dim = tr_feats[0].context.shape[1]
    print(f"features ready in {time.perf_counter() - t0:.0f} s", flush=True)
    dense_dim = tr_feats[0].dense.shape[1]
    hidden = 128
    net = build_net(vocab.sizes(), dense_dim, hidden, context_dim)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    windows = _windows(tr_feats, tr_labels)
    best, best_state, history = -1.0, None, []
    for epoch in range(1, epochs + 1):
        random.shuffle(windows)
        total = 0.0
        for i in range(0, len(windows), 16):
            dense, cats, ctx, ys = _batch(windows[i : i + 16])
            logits = net(dense, cats, ctx)
            loss = loss_fn(logits.reshape(-1, 3), ys.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        figs = dev_score(net, dev_articles, dev_feats, dev_docs)
        mean = sum(figs[f"{r}_exact"]["f1"] for r in ROLES) / len(ROLES)
        history.append({"epoch": epoch, "loss": round(total, 1), "dev_mean_exact_f1": round(mean, 1),
                        **{r: figs[f"{r}_exact"]["f1"] for r in ROLES}})
        print(json.dumps(history[-1]), f"{time.perf_counter() - t0:.0f} s", flush=True)
        if mean > best:
            best = mean
            best_state = {k: v.detach().clone().half() for k, v in net.state_dict().items()}
    out.mkdir(parents=True, exist_ok=True)
    torch.save(best_state, out / WEIGHTS)
    recipe = {"deps": vocab.deps, "ents": vocab.ents, "dense_dim": dense_dim, "hidden": hidden, "window": WINDOW,
              "context_layers": list(context_layers or ()), "context_dim": context_dim,
              "epochs": epochs, "seed": SEED, "history": history, "minutes": round((time.perf_counter() - t0) / 60, 1)}
    (out / RECIPE).write_text(json.dumps(recipe, indent=1), encoding="utf-8")
    print(f"wrote {out / WEIGHTS} ({(out / WEIGHTS).stat().st_size / 1e6:.1f} MB) in {recipe['minutes']} min", flush=True)
    return recipe
