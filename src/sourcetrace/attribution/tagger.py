"""The trained attribution tagger: a small BiLSTM over token vectors from MiniLM's first
layers (the upper two tuned with it), spaCy features and the rules' own answer.

It tags every token B/I/O for source, cue and content (three heads, because an outer
content holds an inner source and cue, each with a linear-chain CRF's learned transitions
when the recipe says so), decodes each head under BIO's rules, and pairs each cue with
the source and content of its sentence the parse joins to it, else the nearest (or next
door, or around it). Weights ship in ``sourcetrace/models/attribution/`` (about 9 MB with the tuned layers);
``sourcetrace train`` rebuilds them. ``load_tagger`` returns None when there are none, so
the rules alone still run; ``Settings.attribution_model`` points at other weights.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn

from sourcetrace.attribution.contextual import TokenEncoder
from sourcetrace.attribution.features import (
    ROLES,
    DocFeatures,
    Vocab,
    decode,
    doc_features,
    tags_from_logits,
)
from sourcetrace.nlp import doc_text
from sourcetrace.text.spans import overlaps, with_balanced_quotes

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
WEIGHTS = "weights.pt"
RECIPE = "recipe.json"
ENCODER_PREFIX = "encoder."  # weights of the tuned encoder layers, beside the network's
TRIM = " \t\r\n\"'“”‘’«»`.,;:!?()[]{}—–-…*"
# A document longer than LONG_TOKENS is tagged in sections of about SECTION_TOKENS (cut at
# sentence ends), run through the network SECTION_BATCH at a time. One BiLSTM pass over a whole
# long document is sequential (about 1.5 ms a token here, 300 s for 1 MB of prose) and its encoder
# vectors alone take gigabytes; in sections the time is a batch's and memory stays bounded.
# Above every document of the corpora the tagger is scored on (PolNeAR's longest is about
# 7,500 tokens), so their tags do not change.
LONG_TOKENS = 10_000
SECTION_TOKENS = 2_000
SECTION_BATCH = 16


@dataclass(frozen=True)
class TaggedRelation:
    """One attribution relation predicted by the tagger, as character offsets into the doc text.

    A relation without a cue is a content the tagger found that no cue of its own claims: it
    can confirm an attribution the rules found, and give it the tagger's boundaries.
    """

    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    content: tuple[int, int] | None


class AttributionTagger(Protocol):
    def predict(self, doc: Doc, rule_spans: dict[str, list[tuple[int, int]]]) -> list[TaggedRelation]:
        """Relations in one parsed article, given the rules' spans per role."""
        ...


class TaggerNet(nn.Module):
    """Embeddings of the token's categories and the rules' tags, a projection, a 2-layer BiLSTM, three BIO heads.

    ``context_dim`` > 0 adds the encoder's token vectors (see ``contextual``) to the input;
    ``crf`` adds learned BIO transition scores per role (trained with ``crf_nll``).
    """

    def __init__(self, sizes: dict[str, int], dense_dim: int, hidden: int = 128, context_dim: int = 0,
                 crf: bool = False) -> None:
        super().__init__()
        self.pos = nn.Embedding(sizes["pos"], 16)
        self.dep = nn.Embedding(sizes["dep"], 16)
        self.ent = nn.Embedding(sizes["ent"], 8)
        self.rules = nn.ModuleList([nn.Embedding(3, 8) for _ in ROLES])
        self.proj = nn.Linear(dense_dim + context_dim + 16 + 16 + 8 + 8 * len(ROLES), hidden)
        self.drop = nn.Dropout(0.2)
        # frozen encoder vectors are wide and easy to overfit: drop more of them
        self.ctx_drop = nn.Dropout(0.3)
        self.lstm = nn.LSTM(hidden, hidden, num_layers=2, bidirectional=True, batch_first=True, dropout=0.2)
        self.heads = nn.Linear(2 * hidden, 3 * len(ROLES))
        self.transitions = nn.Parameter(torch.zeros(len(ROLES), 3, 3)) if crf else None

    def forward(
        self, dense: torch.Tensor, cats: torch.Tensor, ctx: torch.Tensor | None = None, lengths: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Scores [b, n, roles, 3]; ``lengths`` (per sequence) packs a padded batch so padding is never read."""
        parts = [dense, self.pos(cats[..., 0]), self.dep(cats[..., 1]), self.ent(cats[..., 2])]
        if ctx is not None:
            parts.append(self.ctx_drop(ctx))
        parts += [emb(cats[..., 3 + k]) for k, emb in enumerate(self.rules)]
        x = self.drop(torch.relu(self.proj(torch.cat(parts, dim=-1))))
        if lengths is None:
            out, _ = self.lstm(x)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=x.shape[1])
        logits = self.heads(self.drop(out))
        return logits.view(*logits.shape[:-1], len(ROLES), 3)


def build_net(sizes: dict[str, int], dense_dim: int, hidden: int = 128, context_dim: int = 0, crf: bool = False) -> TaggerNet:
    """The network, untrained (see ``TaggerNet``)."""
    return TaggerNet(sizes, dense_dim, hidden, context_dim, crf)


def tag_features(net: Any, feats: DocFeatures) -> np.ndarray:
    """BIO ids [n, roles] from ``net`` for one document's features (constrained decoding)."""
    with torch.no_grad():
        dense = torch.from_numpy(feats.dense)[None]
        cats = torch.from_numpy(feats.cats)[None]
        ctx = None if feats.context is None else torch.from_numpy(feats.context.astype(np.float32))[None]
        trans = getattr(net, "transitions", None)
        return tags_from_logits(net(dense, cats, ctx)[0].numpy(), None if trans is None else trans.detach().numpy())


def crf_nll(emissions: Any, tags: Any, transitions: Any) -> Any:
    """Summed negative log-likelihood of gold BIO paths under a linear-chain CRF.

    ``emissions`` [b, n, roles, 3], ``tags`` [b, n, roles] (-100 past a sequence's end, which
    must be a suffix), ``transitions`` [roles, 3, 3] (from → to). One chain per sequence and role.
    """
    b, n, roles, k = emissions.shape
    e = emissions.permute(0, 2, 1, 3).reshape(b * roles, n, k)
    y = tags.permute(0, 2, 1).reshape(b * roles, n)
    mask = y >= 0
    y = y.clamp(min=0)
    trans = transitions.repeat(b, 1, 1)  # [b * roles, 3, 3], role-major within each sequence
    rows = torch.arange(b * roles)
    gold = e[rows, 0, y[:, 0]]
    alpha = e[:, 0]
    for i in range(1, n):
        m = mask[:, i]
        step = trans[rows, y[:, i - 1], y[:, i]] + e[rows, i, y[:, i]]
        gold = gold + torch.where(m, step, torch.zeros_like(step))
        nxt = torch.logsumexp(alpha[:, :, None] + trans, dim=1) + e[:, i]
        alpha = torch.where(m[:, None], nxt, alpha)
    return (torch.logsumexp(alpha, dim=1) - gold).sum()


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start] in TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in TRIM or text[end - 1].isspace()):
        end -= 1
    return with_balanced_quotes(text, start, end) if start < end else None


# a cue tagged as part of its verb group ("has" of "has denied") is joined through that verb
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "prt", "advmod"})


def _linked(heads: np.ndarray, grouped: np.ndarray, cue: tuple[int, int], span: tuple[int, int]) -> bool:
    """True when the parse joins ``span`` to the cue: a word of one heads a word of the other.

    ``heads`` holds each token's head index and ``grouped`` whether it is in its head's verb
    group (arrays made once per document: spaCy builds a Token object on every ``doc[i]``).
    """
    words = set(range(*cue)) | set(heads[cue[0] : cue[1]][grouped[cue[0] : cue[1]]].tolist())
    return not words.isdisjoint(heads[span[0] : span[1]].tolist()) or any(
        span[0] <= heads[i] < span[1] for i in words
    )


class _Pairing:
    """One document's predicted token spans and the parse arrays that pair them."""

    def __init__(self, doc: Doc, spans: dict[str, list[tuple[int, int]]]) -> None:
        self.doc, self.spans, self.text = doc, spans, doc_text(doc)
        self.sent_of = np.zeros(len(doc), dtype=np.int64)
        for k, s in enumerate(doc.sents):
            self.sent_of[s.start : s.end] = k
        # whole-document arrays: building a Token per word (and its head's) cost 6% of tagging
        self.heads = doc.to_array("HEAD").astype(np.int64) + np.arange(len(doc), dtype=np.int64)
        self.grouped = np.isin(doc.to_array("DEP"), [doc.vocab.strings[d] for d in _VERB_GROUP])
        bounds = [(sent.start, sent.end) for sent in doc.sents]
        self.sent_start = [lo for lo, _ in bounds]
        self.sent_end = [hi for _, hi in bounds]
        # each role's spans come from one BIO layer: disjoint and in order, so the few that can pair
        # with a span are found by bisection (a scan of every pair is quadratic in a long article)
        self.starts = {role: [t[0] for t in ts] for role, ts in spans.items()}
        self.ordered = {role: all(a[1] <= b[0] for a, b in itertools.pairwise(ts)) for role, ts in spans.items()}
        # the cue nearest each content within a sentence: a content next door is only its cue's
        self.owner = {c: self.near(c, self.around(c, "cue", 1), 1) for c in spans["content"]}

    @staticmethod
    def gap(cue: tuple[int, int], c: tuple[int, int]) -> int:
        return c[0] - cue[1] if c[0] >= cue[1] else cue[0] - c[1]

    def reaches(self, cue: tuple[int, int], c: tuple[int, int], reach: int) -> bool:
        if overlaps(cue, c):
            return False
        cs = self.sent_of[cue[0]]
        return cs - reach <= self.sent_of[c[0]] <= cs + reach or self.sent_of[c[0]] <= cs <= self.sent_of[c[1] - 1]

    def around(self, x: tuple[int, int], role: str, reach: int) -> list[tuple[int, int]]:
        """The spans of ``role``, in order, that can reach ``x`` within ``reach`` sentences or hold it: those
        starting in its sentences, and the one before them, the only one that can run into them."""
        spans, starts = self.spans[role], self.starts[role]
        if not self.ordered[role]:  # spans given by hand, not decoded: every one is a candidate
            return spans
        sx = int(self.sent_of[x[0]])
        lo = self.sent_start[max(sx - reach, 0)]
        hi = self.sent_end[min(sx + reach, len(self.sent_end) - 1)]
        first = max(bisect.bisect_left(starts, lo) - 1, 0)
        return spans[first : bisect.bisect_left(starts, hi)]

    def near(self, cue: tuple[int, int], cands: list[tuple[int, int]], reach: int) -> tuple[int, int] | None:
        return min((c for c in cands if self.reaches(cue, c, reach)), key=lambda c: self.gap(cue, c), default=None)

    def linked(self, cue: tuple[int, int], span: tuple[int, int]) -> bool:
        return _linked(self.heads, self.grouped, cue, span)

    def dealt_contents(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Each cue's content, dealt out best pair first, one cue per content."""
        # (tier, distance): joined by the parse, same sentence, next door and nearest to it
        ranked = []
        for cue in self.spans["cue"]:
            for c in self.around(cue, "content", 1):
                if c[0] < cue[0] and cue[1] < c[1]:
                    # '"A," he said, "B."': the tagger learned the hull of both parts, the cue inside it
                    ranked.append(((1, 0), cue, c))
                elif self.reaches(cue, c, 0):
                    ranked.append(((0 if self.linked(cue, c) else 1, self.gap(cue, c)), cue, c))
                elif self.reaches(cue, c, 1) and self.owner[c] == cue:
                    ranked.append(((2, self.gap(cue, c)), cue, c))
        content_of: dict[tuple[int, int], tuple[int, int]] = {}
        taken: set[tuple[int, int]] = set()
        for _, cue, c in sorted(ranked):
            if cue not in content_of and c not in taken:
                content_of[cue] = c
                taken.add(c)
        return content_of

    def source_for(self, cue: tuple[int, int]) -> tuple[int, int] | None:
        """The source the parse joins to the cue ("officials said", "according to officials"), else the nearest."""
        sources = self.around(cue, "source", 0)
        return self.near(cue, [c for c in sources if self.linked(cue, c)], 0) or self.near(cue, sources, 0)

    def content_for(self, cue: tuple[int, int], dealt: tuple[int, int] | None) -> tuple[int, int] | None:
        """The cue's dealt content, else the nearest it can reach (a cue sharing another's content)."""
        contents = self.around(cue, "content", 1)
        con = dealt or self.near(cue, contents, 0)
        if con is None:
            con = self.near(cue, contents, 1)
            # a content next door belongs to the cue nearest to it, not to every cue that can reach it
            if con is not None and self.owner[con] != cue:
                con = None
        if con is None:
            # '"A," he said, "B."': the gold content is the hull of both parts, the cue inside it
            con = min((c for c in contents if c[0] < cue[0] and cue[1] < c[1]), key=lambda c: c[1] - c[0], default=None)
        return con

    def chars(self, t: tuple[int, int] | None) -> tuple[int, int] | None:
        """A token span as trimmed character offsets."""
        doc = self.doc
        return None if t is None else _trim(self.text, doc[t[0]].idx, doc[t[1] - 1].idx + len(doc[t[1] - 1]))


def pair_relations(doc: Doc, spans: dict[str, list[tuple[int, int]]], loose: bool = False) -> list[TaggedRelation]:
    """Each cue with a source and a content (token spans) of its sentence or next door.

    With ``loose``, the contents no cue took follow as relations without a cue.

    Contents are dealt out best pair first: a content the parse joins to the cue ("said
    that …", "…, he said"), then a quotation split around the cue or the nearest of its
    sentence, then one next door; each goes to one cue, so two contents of a sentence are
    not both lost to one cue. A cue left over takes the nearest content it can reach, as a
    cue sharing another's content.
    """
    pairing = _Pairing(doc, spans)
    content_of = pairing.dealt_contents()
    taken = set(content_of.values())
    out = []
    for cue in spans["cue"]:
        src = pairing.source_for(cue)
        con = pairing.content_for(cue, content_of.get(cue))
        c = pairing.chars(cue)
        if c is not None:
            out.append(TaggedRelation(cue=c, source=pairing.chars(src), content=pairing.chars(con)))
            if con is not None:
                taken.add(con)
    if loose:
        found = (pairing.chars(c) for c in spans["content"] if c not in taken)
        out.extend(TaggedRelation(cue=None, source=None, content=c) for c in found if c is not None)
    return out


def split_state(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """One saved state as the network's weights and the tuned encoder layers' (their prefix removed)."""
    net = {k: v for k, v in state.items() if not k.startswith(ENCODER_PREFIX)}
    encoder = {k[len(ENCODER_PREFIX) :]: v for k, v in state.items() if k.startswith(ENCODER_PREFIX)}
    return net, encoder


class BiLSTMTagger:
    """The shipped tagger: features (and the encoder's token vectors) → network → BIO spans → relations."""

    def __init__(self, directory: Path) -> None:
        recipe = json.loads((directory / RECIPE).read_text(encoding="utf-8"))
        self.vocab = Vocab(deps=recipe["deps"], ents=recipe["ents"])
        net_state, enc_state = split_state(torch.load(directory / WEIGHTS, map_location="cpu", weights_only=True))
        self.encoder: TokenEncoder | None = None
        if recipe.get("encoder"):
            spec = recipe["encoder"]
            self.encoder = TokenEncoder(tuple(spec["outputs"]), spec.get("tuned_from"), enc_state or None)
        elif recipe.get("context_layers"):  # weights trained on the shipped encoder, frozen
            self.encoder = TokenEncoder(tuple(recipe["context_layers"]))
        self.net = build_net(
            self.vocab.sizes(), recipe["dense_dim"], recipe["hidden"], self.encoder.dim if self.encoder else 0,
            crf=bool(recipe.get("crf")),
        )
        self.net.load_state_dict({k: v.float() for k, v in net_state.items()})
        self.net.eval()

    def tag(self, feats: DocFeatures) -> np.ndarray:
        """BIO ids [n, roles] for one document's features."""
        return tag_features(self.net, feats)

    def predict(self, doc: Doc, rule_spans: dict[str, list[tuple[int, int]]]) -> list[TaggedRelation]:
        """Relations in one parsed article, given the rules' spans per role."""
        if len(doc) == 0:
            return []
        feats = doc_features(doc, self.vocab, rule_spans)
        if len(doc) > LONG_TOKENS:
            tags = self._tag_sections(doc, feats)
        else:
            if self.encoder is not None:
                feats.context = self.encoder.vectors(doc)
            tags = self.tag(feats)
        spans = {role: decode(tags[:, k]) for k, role in enumerate(ROLES)}
        return pair_relations(doc, spans, loose=True)


    def _tag_sections(self, doc: Doc, feats: DocFeatures) -> np.ndarray:
        """BIO ids [n, roles] of a long document, tagged in batches of sections (see ``LONG_TOKENS``)."""
        bounds = token_sections(doc, SECTION_TOKENS)
        scores: list[np.ndarray] = []
        with torch.no_grad():
            for b in range(0, len(bounds), SECTION_BATCH):
                group = bounds[b : b + SECTION_BATCH]
                width = max(hi - lo for lo, hi in group)

                def padded(rows: list[np.ndarray], width: int = width) -> torch.Tensor:
                    out = np.zeros((len(rows), width, *rows[0].shape[1:]), dtype=rows[0].dtype)
                    for r, row in enumerate(rows):
                        out[r, : len(row)] = row
                    return torch.from_numpy(out)

                dense = padded([feats.dense[lo:hi] for lo, hi in group])
                cats = padded([feats.cats[lo:hi] for lo, hi in group])
                ctx = None
                if self.encoder is not None:
                    # the encoder on each section alone: its vectors for a whole long document fill gigabytes
                    ctx = padded([self.encoder.vectors(doc[lo:hi].as_doc()).astype(np.float32) for lo, hi in group])
                lengths = torch.tensor([hi - lo for lo, hi in group])
                logits = self.net(dense, cats, ctx, lengths).numpy()
                scores.extend(logits[r, : hi - lo] for r, (lo, hi) in enumerate(group))
        trans = getattr(self.net, "transitions", None)
        return tags_from_logits(np.concatenate(scores), None if trans is None else trans.detach().numpy())


def token_sections(doc: Doc, size: int) -> list[tuple[int, int]]:
    """Token ranges covering ``doc`` in order, each of at most ``size`` tokens, cut at sentence ends
    where one falls in the range's second half (a longer sentence is cut where the size runs out)."""
    starts = [s.start for s in doc.sents][1:]
    out: list[tuple[int, int]] = []
    lo, i = 0, 0
    while len(doc) - lo > size:
        cut = lo + size
        while i < len(starts) and starts[i] <= lo + size:
            if starts[i] > lo + size // 2:
                cut = starts[i]
            i += 1
        out.append((lo, cut))
        lo = cut
    out.append((lo, len(doc)))
    return out


@lru_cache(maxsize=4)
def _load(directory: str) -> BiLSTMTagger:
    return BiLSTMTagger(Path(directory))


def load_tagger(path: Path | None = None) -> AttributionTagger | None:
    """The tagger from ``path`` or the package's shipped weights; None when there are none."""
    directory = Path(path) if path is not None else MODEL_DIR
    if not (directory / WEIGHTS).is_file() or not (directory / RECIPE).is_file():
        return None
    return _load(str(directory))


def recipe_fingerprint(model_dir: Path | None = None) -> str | None:
    """The sha256 hex digest of the recipe file of the weights in ``model_dir`` (default: the shipped
    ones), None when there is none: retrained weights at the same path change it, so caches keyed on
    it see the new tagger."""
    recipe = Path(model_dir or MODEL_DIR) / RECIPE
    return hashlib.sha256(recipe.read_bytes()).hexdigest() if recipe.is_file() else None
