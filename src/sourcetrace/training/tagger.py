"""Training the attribution tagger on PolNeAR train, choosing the epoch on dev.

    sourcetrace train ../shared/data/polnear [--out DIR] [--epochs N]

Parses both splits with spaCy once (cached under the system temp folder, keyed by the
split, the package version and the code that makes the features), runs the rules for their spans, cuts each article into the
encoder's windows and runs the shipped layers below the tuned ones once (cached the same
way); then the BiLSTM (a linear-chain CRF per role on top) and the encoder's tuned layers
learn together, window by window, both learning rates falling linearly to a tenth. The
epoch with the best mean exact-span F1 on dev is kept, or the mean of the last epochs'
weights when that scores higher. CPU only, seeded.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import random
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc

from sourcetrace.attribution import extract_attributions
from sourcetrace.attribution.contextual import TokenEncoder, Unit
from sourcetrace.attribution.features import (
    ROLES,
    DocFeatures,
    Vocab,
    decode,
    doc_features,
    token_tags,
)
from sourcetrace.attribution.tagger import (
    ENCODER_PREFIX,
    MODEL_DIR,
    RECIPE,
    WEIGHTS,
    TaggerNet,
    build_net,
    crf_nll,
    pair_relations,
    split_state,
    tag_features,
)
from sourcetrace.dossier.models import Article
from sourcetrace.errors import Errors, UsageError
from sourcetrace.evaluation.polnear import Relation, Tally, load_split, score_article, trim
from sourcetrace.nlp import doc_text, load_nlp, parse
from sourcetrace.settings import Settings
from sourcetrace.version import __version__

DEFAULT_EPOCHS = 6
SEED = 13
BATCH = 8  # encoder windows per step
ENCODER_OUTPUTS = (2, 3)  # the layers whose states the tagger reads (1-based)
TUNED_FROM = 2  # the first encoder layer that training adjusts
ENCODER_LR = 5e-5
CRF = True  # learned BIO transitions, trained on whole paths rather than token by token
AVERAGED = 3  # the last epochs whose weights are also tried averaged (one more dev run)
HIDDEN = 128
# the packages whose code makes the features (the rules, the parse, the shared text tools)
FEATURE_CODE = tuple(Path(__file__).resolve().parents[1] / name for name in ("attribution", "nlp", "text"))


def rule_spans_of(atts: list) -> dict[str, list[tuple[int, int]]]:
    """The rules' spans per role, from their attributions."""
    spans: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    for a in atts:
        for role in ROLES:
            s = getattr(a, role)
            if s is not None:
                spans[role].append((s.start, s.end))
    return spans


def _code_key() -> str:
    """A digest of the code that makes the features, so a cache from older rules is never reused."""
    digest = hashlib.sha256()
    for package in FEATURE_CODE:
        for path in sorted(package.glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _prepare(split_dir: Path, vocab: Vocab | None, limit: int | None = None, cache: bool = True):  # type: ignore[no-untyped-def]
    """(annotated articles, docs' features, gold BIO labels, rule spans) for one split."""
    articles = load_split(split_dir, limit=limit)
    key = hashlib.sha256(f"{split_dir.resolve()}|{limit}|{__version__}|{_code_key()}|{len(articles)}".encode()).hexdigest()[:16]
    cache_file = Path(tempfile.gettempdir()) / f"sourcetrace-tagger-{key}.pkl"
    if cache and cache_file.exists():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    assert vocab is not None
    settings = Settings(progress=False, use_tagger=False)
    feats, labels, rules, token_spans = [], [], [], []
    for a, doc in parse(articles):
        art = Article(id=a.name, file=a.name, format="txt", text=a.text, content_hash="")
        spans = rule_spans_of(extract_attributions(art, doc, settings))
        feats.append(doc_features(doc, vocab, spans))
        labels.append(np.stack([token_tags(doc, sorted(a.spans[r])) for r in ROLES], axis=1))
        rules.append(spans)
        token_spans.append([(t.idx, t.idx + len(t)) for t in doc])
    out = (articles, feats, labels, rules, token_spans)
    if cache:
        with cache_file.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def _units(split_dir: Path, articles: list, docs: Iterable[Doc], encoder: TokenEncoder, limit: int | None, cache: bool):  # type: ignore[no-untyped-def]
    """Per article, its encoder units with the shipped layers' states below the tuned ones (float16), cached.

    The layers below ``tuned_from`` never change in training, so they run once; ``docs`` is
    only read when the cache misses, so a lazy parse costs nothing on a rerun.
    """
    key = f"{split_dir.resolve()}|{limit}|{__version__}|{_code_key()}|{len(articles)}|units{list(encoder.outputs)}-{encoder.tuned_from}"
    cache_file = Path(tempfile.gettempdir()) / f"sourcetrace-units-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pkl"
    if cache and cache_file.exists():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    out = []
    for doc in docs:
        pairs = []
        for u in encoder.units(doc):
            h, _ = encoder.lower(torch.from_numpy(u.ids)[None], torch.ones(1, len(u.ids), dtype=torch.int64))
            pairs.append((u, h[0].numpy().astype(np.float16)))
        out.append(pairs)
    if cache:
        with cache_file.open("wb") as fh:
            pickle.dump(out, fh, protocol=5)
    return out


Item = tuple[DocFeatures, np.ndarray, Unit, np.ndarray]


def _forward(net, encoder: TokenEncoder, items: list[Item]):  # type: ignore[no-untyped-def]
    """Logits and gold ids for a batch of units: the tuned layers, pooled per token, then the network."""
    b = len(items)
    width = max(len(u.ids) for _, _, u, _ in items)
    h = torch.zeros(b, width, items[0][3].shape[1])
    mask = torch.zeros(b, width, dtype=torch.int64)
    for r, (_, _, u, low) in enumerate(items):
        h[r, : len(u.ids)] = torch.from_numpy(low.astype(np.float32))
        mask[r, : len(u.ids)] = 1
    states = encoder.upper(h, mask)
    n = max(u.tokens[1] - u.tokens[0] for _, _, u, _ in items)
    dense = torch.zeros(b, n, items[0][0].dense.shape[1])
    cats = torch.zeros(b, n, items[0][0].cats.shape[1], dtype=torch.int64)
    ys = torch.full((b, n, len(ROLES)), -100, dtype=torch.int64)
    ctx = []
    for r, (f, y, u, _) in enumerate(items):
        lo, hi = u.tokens
        dense[r, : hi - lo] = torch.from_numpy(f.dense[lo:hi])
        cats[r, : hi - lo] = torch.from_numpy(f.cats[lo:hi])
        ys[r, : hi - lo] = torch.from_numpy(y[lo:hi])
        ctx.append(encoder.pool(u, states[r], n))
    return net(dense, cats, torch.stack(ctx)), ys


BLOCK = 32  # batches of like length are cut from blocks of this many batches' worth of units


def _batch_count(n: int, size: int) -> int:
    """How many batches ``_batches`` cuts from ``n`` units."""
    block = BLOCK * size
    return sum(-(-min(block, n - k) // size) for k in range(0, n, block))


def _batches(items: list[Item], size: int) -> list[list[Item]]:
    """Shuffled batches of units of like length (less padding), in shuffled order."""
    random.shuffle(items)
    block = BLOCK * size
    blocks = [sorted(items[k : k + block], key=lambda it: len(it[2].ids)) for k in range(0, len(items), block)]
    batches = [blk[k : k + size] for blk in blocks for k in range(0, len(blk), size)]
    random.shuffle(batches)
    return batches


def dev_score(net, articles, feats, docs) -> dict:  # type: ignore[no-untyped-def]
    """Exact-span P/R/F1 per role and relation F1 of the tagger alone on dev."""
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
                    t = trim(doc_text(doc), (doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))
                    if t:
                        pred[role].add(t)
            score_article(a, pred, [Relation(r.cue, r.source, r.content) for r in rels], tally)
    net.train()
    return tally.figures()


def _dev_round(net, encoder: TokenEncoder, dev: tuple, history: list[dict], row: dict, t0: float) -> float:  # type: ignore[no-untyped-def]
    """Score the current weights on dev (``dev`` = articles, features, docs), log a history row; the mean exact F1."""
    articles, feats, docs = dev
    encoder.tuned.eval()
    for f, doc in zip(feats, docs, strict=True):
        f.context = encoder.vectors(doc)
    figs = dev_score(net, articles, feats, docs)
    mean = sum(figs[f"{r}_exact"]["f1"] for r in ROLES) / len(ROLES)
    history.append({**row, "dev_mean_exact_f1": round(mean, 1), **{r: figs[f"{r}_exact"]["f1"] for r in ROLES}})
    print(json.dumps(history[-1]), f"{time.perf_counter() - t0:.0f} s", flush=True)
    return mean


def _state(net, encoder: TokenEncoder) -> dict:  # type: ignore[no-untyped-def]
    """A float32 copy of the network's and the tuned encoder layers' weights, under the shipped file's keys."""
    state = {k: v.detach().clone().float() for k, v in net.state_dict().items()}
    state.update({ENCODER_PREFIX + k: v.detach().clone().float() for k, v in encoder.tuned.state_dict().items()})
    return state


def _seed() -> None:
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)


def _train_data(data: Path, vocab: Vocab, encoder_spec: tuple[tuple[int, ...], int], limit: int | None, cache: bool):  # type: ignore[no-untyped-def]
    """The encoder (its layers from ``tuned_from`` to tune), training units (features, gold ids,
    encoder window, its lower states) and dev (articles, features, docs)."""
    tr_articles, tr_feats, tr_labels, _, _ = _prepare(data / "train", vocab, limit, cache)
    dev_articles, dev_feats, _, _, _ = _prepare(data / "dev", vocab, limit, cache)
    dev_docs = [doc for _, doc in parse(dev_articles)]
    encoder = TokenEncoder(*encoder_spec)
    tr_docs = (doc for _, doc in parse(tr_articles))  # lazy: parsed on a cache miss only
    units = _units(data / "train", tr_articles, tr_docs, encoder, limit, cache)
    items = [(f, y, u, low) for f, y, pairs in zip(tr_feats, tr_labels, units, strict=True) for u, low in pairs]
    return encoder, items, (dev_articles, dev_feats, dev_docs)


class _Trainer:
    """One run's network, encoder layers, optimiser and schedule (both rates falling linearly to a tenth)."""

    def __init__(self, net: TaggerNet, encoder: TokenEncoder, steps: int, crf: bool) -> None:
        self.net, self.encoder, self.crf = net, encoder, crf
        self.opt = torch.optim.Adam([
            {"params": net.parameters(), "lr": 2e-3},
            {"params": encoder.tuned.parameters(), "lr": ENCODER_LR},
        ])
        self.params = [*net.parameters(), *encoder.tuned.parameters()]
        # late epochs refine instead of jumping about
        self.sched = torch.optim.lr_scheduler.LambdaLR(self.opt, lambda step: 1.0 - 0.9 * min(step, steps) / steps)
        self.loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)

    def epoch(self, items: list[Item]) -> float:
        """One pass over the shuffled batches; the summed loss."""
        self.net.train()
        self.encoder.tuned.train()
        total = 0.0
        for batch in _batches(items, BATCH):
            logits, ys = _forward(self.net, self.encoder, batch)
            if self.crf:
                loss = crf_nll(logits, ys, self.net.transitions) / (ys >= 0).sum().clamp(min=1)
            else:
                loss = self.loss_fn(logits.reshape(-1, 3), ys.reshape(-1))
            self.opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, 5.0)
            self.opt.step()
            self.sched.step()
            total += loss.item()
        return total


@dataclass
class _Best:
    """The best weights so far on dev, and which epoch (or mean of epochs) they are."""

    mean: float = -1.0
    state: dict | None = None
    kept: int | str = 0

    def offer(self, mean: float, state: dict, kept: int | str) -> None:
        if mean > self.mean:
            self.mean, self.state, self.kept = mean, {k: v.half() for k, v in state.items()}, kept


def _try_average(trainer: _Trainer, summed: dict | None, epochs: int, dev: tuple, history: list[dict],
                 best: _Best, t0: float) -> None:
    """Averaged weights of the last epochs (as in SWA) can generalise better than any one epoch's: dev decides."""
    averaged_over = min(AVERAGED, epochs)
    if summed is None or averaged_over <= 1:
        return
    averaged = {k: v / averaged_over for k, v in summed.items()}
    net_state, enc_state = split_state(averaged)
    trainer.net.load_state_dict(net_state)
    trainer.encoder.tuned.load_state_dict(enc_state)
    mean = _dev_round(trainer.net, trainer.encoder, dev, history,
                      {"epoch": f"mean of {epochs - averaged_over + 1}-{epochs}"}, t0)
    best.offer(mean, averaged, history[-1]["epoch"])


def train_tagger(
    data: Path,
    out: Path | None = None,
    epochs: int | None = None,
    limit: int | None = None,
    cache: bool = True,
    outputs: tuple[int, ...] = ENCODER_OUTPUTS,
    tuned_from: int = TUNED_FROM,
    crf: bool = CRF,
) -> dict:
    """Train on ``data``/train, keep the best epoch (or the mean of the last ones) on ``data``/dev; write to ``out``.

    The network and the encoder layers ``tuned_from``..``max(outputs)`` learn together
    (the encoder at a small learning rate, so it keeps what it knows of English).
    """
    data = Path(data)
    if not (data / "train" / "text").is_dir() or not (data / "dev" / "text").is_dir():
        raise UsageError(Errors.E040.format(path=data))
    out = Path(out) if out is not None else MODEL_DIR
    epochs = epochs or DEFAULT_EPOCHS
    _seed()
    t0 = time.perf_counter()
    vocab = Vocab.from_nlp(load_nlp())
    encoder, items, dev = _train_data(data, vocab, (outputs, tuned_from), limit, cache)
    print(f"features ready in {time.perf_counter() - t0:.0f} s", flush=True)
    dense_dim = items[0][0].dense.shape[1]
    net = build_net(vocab.sizes(), dense_dim, HIDDEN, encoder.dim, crf=crf)
    trainer = _Trainer(net, encoder, epochs * _batch_count(len(items), BATCH), crf)
    best, history = _Best(), []
    summed: dict | None = None
    for epoch in range(1, epochs + 1):
        total = trainer.epoch(items)
        mean = _dev_round(net, encoder, dev, history, {"epoch": epoch, "loss": round(total, 1)}, t0)
        state = _state(net, encoder)
        if epoch > epochs - AVERAGED:
            summed = state if summed is None else {k: summed[k] + state[k] for k in summed}
        best.offer(mean, state, epoch)
    _try_average(trainer, summed, epochs, dev, history, best, t0)
    recipe = {"deps": vocab.deps, "ents": vocab.ents, "dense_dim": dense_dim, "hidden": HIDDEN,
              "encoder": {"outputs": list(encoder.outputs), "tuned_from": encoder.tuned_from, "lr": ENCODER_LR},
              "crf": crf, "batch": BATCH, "epochs": epochs, "seed": SEED, "kept": best.kept, "history": history,
              "minutes": round((time.perf_counter() - t0) / 60, 1)}
    _write(out, best.state, recipe)  # type: ignore[arg-type]
    return recipe


def _write(out: Path, state: dict, recipe: dict) -> None:
    """The kept weights and their recipe, in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    torch.save(state, out / WEIGHTS)
    (out / RECIPE).write_text(json.dumps(recipe, indent=1), encoding="utf-8")
    print(f"wrote {out / WEIGHTS} ({(out / WEIGHTS).stat().st_size / 1e6:.1f} MB) in {recipe['minutes']} min", flush=True)
