"""The cue lexicon: verbs and phrases that attribute, with the stance each carries."""

from __future__ import annotations

from sourcetrace.dossier.models import Stance

# Verbs of position, finding and wish ("found that", "agreed that", "wants ..."): PolNeAR counts
# them as attributions, but "has agreed to let" is an event, so they only attribute a finite
# clause or a quotation, never a to-infinitive.
BROAD_VERBS = frozenset(
    {"call", "want", "plan", "show", "find", "cite", "agree", "support", "know", "ask", "defend", "demand",
     "offer", "mention", "discuss", "criticize", "criticise", "blast", "worry", "propose", "recommend",
     "hope", "fear", "threaten", "mean"}
)

# Lemma → stance. Lemmas, so "says", "said" and "saying" are one entry.
SAY_VERBS: dict[str, Stance] = {
    **dict.fromkeys(
        [
            "say", "tell", "add", "continue", "state", "explain", "note", "write", "insist", "argue",
            "describe", "stress", "emphasize", "emphasise", "assert", "declare", "maintain", "recall",
            "respond", "reply", "remark", "observe", "comment", "testify", "tweet", "post", "brief",
            "predict", "estimate", "believe", "think", "contend", "point", "caution", "vow", "pledge",
            "promise", "urge", "signal", "disclose", "reveal", "indicate", "complain", "question",
            *sorted(BROAD_VERBS),
        ],
        Stance.asserts,
    ),
    "report": Stance.reports,
    "confirm": Stance.confirms,
    "deny": Stance.denies,
    "reject": Stance.denies,
    "dismiss": Stance.denies,
    "dispute": Stance.denies,
    "refute": Stance.denies,
    "admit": Stance.admits,
    "acknowledge": Stance.admits,
    "concede": Stance.admits,
    "warn": Stance.warns,
    "accuse": Stance.accuses,
    "allege": Stance.accuses,
    "announce": Stance.announces,
    "claim": Stance.hedges,
    "suggest": Stance.hedges,
    "speculate": Stance.hedges,
}

# Words that make a statement tentative ("is considering", "could"): asserts → hedges.
HEDGE_WORDS = frozenset(
    # not "expect" or "plan": "is expected to review" dates an event, it does not doubt it
    {"may", "might", "could", "consider", "explore", "possibly", "reportedly", "likely"}
)

# Source-less attribution: the cue is the adverb or passive phrase itself.
REPORTEDLY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})


def stance_for(lemma: str) -> Stance | None:
    """The stance of a cue lemma, or None when it is not a cue."""
    return SAY_VERBS.get(lemma.lower())
