"""The cue lexicon: verbs and phrases that attribute, with the stance each carries."""

from __future__ import annotations

import re

from sourcetrace.dossier.models import SpeechAct, Stance

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
            "promise", "urge", "signal", "reassure", "disclose", "reveal", "indicate", "complain", "question",
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

# Nouns that report what their owner said when a that-clause follows ("his claim that ...", "the
# White House's insistence that ...", "claims by X that ...") → the verb whose stance they take.
NOMINAL_CUES: dict[str, str] = {
    "claim": "claim", "insistence": "insist", "assertion": "assert", "contention": "contend",
    "disclosure": "disclose", "denial": "deny", "admission": "admit", "acknowledgment": "acknowledge",
    "acknowledgement": "acknowledge", "warning": "warn", "allegation": "allege", "accusation": "accuse",
    "suggestion": "suggest", "argument": "argue", "announcement": "announce", "statement": "state",
    "promise": "promise", "pledge": "pledge", "prediction": "predict", "testimony": "testify",
}

# Source-less attribution: the cue is the adverb or passive phrase itself.
REPORTEDLY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})


def stance_for(lemma: str) -> Stance | None:
    """The stance of a cue lemma, or None when it is not a cue."""
    return SAY_VERBS.get(lemma.lower())


# Denials whose verb alone says nothing ("pushing back on reports", "brushed aside", "poured cold
# water on"): read on the whole cue the tagger finds.
_PHRASAL_DENIAL = re.compile(
    r"\bpush\w*\s+back\b|\bbrush\w*\s+(?:aside|off)\b|\bwav\w*\s+(?:off|away)\b|\b(?:shot|shoot\w*)\s+down\b"
    r"|\bpour\w*\s+cold\s+water\b|\bknock\w*\s+down\b",
    re.IGNORECASE,
)


def phrase_stance(cue: str) -> Stance | None:
    """The stance a multi-word cue carries as a whole, or None when its words decide."""
    return Stance.denies if _PHRASAL_DENIAL.search(cue) else None


# the lexicon's denying lemmas, by their stems: "denied", "has publicly rejected", "disputing"
_DENYING_VERB = re.compile(
    r"\b(?:"
    + "|".join(sorted(re.escape(lemma.rstrip("ey")) for lemma, st in SAY_VERBS.items() if st is Stance.denies))
    + r")\w*",
    re.IGNORECASE,
)


def cue_denies(cue: str) -> bool:
    """Whether the cue itself denies ("denied that X", "pushing back on X"), so that what it
    attributes is the thing denied; "said reports were speculation" denies in its content."""
    return bool(_DENYING_VERB.search(cue) or _PHRASAL_DENIAL.search(cue))


# What kind of act a cue reports, by the lemmas of its words (the first word the table knows
# decides: "has said", "is expected", "was quoted as saying"). A quote tracker counts what someone
# said or wrote; PolNeAR also counts what they believe, saw, want or found, so these are kept as
# attributions and told apart by this field, never dropped.
_ACT_WORDS: dict[str, tuple[str, ...]] = {
    "speech": (
        "say", "tell", "add", "continue", "state", "explain", "note", "insist", "argue", "describe", "stress",
        "emphasize", "emphasise", "assert", "declare", "maintain", "recall", "respond", "reply", "remark",
        "observe", "comment", "testify", "brief", "contend", "point", "caution", "urge", "complain", "call",
        "confirm", "deny", "admit", "acknowledge", "concede", "warn", "accuse", "allege", "announce", "claim",
        "joke", "quip", "laugh", "speak", "recount", "repeat", "reiterate", "counter", "charge", "boast",
        "quote", "mention", "report", "according", "accord", "per", "statement", "interview", "remark", "comments",
        "admonish", "chastise", "lament", "muse", "predict", "read", "dispute", "refute", "scoff", "shout",
        "answer",
    ),
    "writing": ("write", "tweet", "post", "pen", "email", "e-mail", "text", "blog", "publish", "co-write", "letter"),
    "belief": (
        "believe", "think", "fear", "worry", "know", "expect", "feel", "suspect", "assume", "doubt",
        "consider", "seem", "appear", "understand", "concern", "convince", "wonder", "hope", "confident",
        "eager", "excited", "hopeful", "sure", "aware", "bristle", "frustrated",
    ),
    "perception": ("see", "hear", "notice", "watch", "witness", "learn", "smell", "sense"),
    "intention": (
        "want", "plan", "intend", "aim", "vow", "pledge", "promise", "offer", "threaten", "seek", "wish",
        "resolve", "decide", "opt", "refuse", "agree", "propose", "look", "try",
        "decline", "ban", "order",
    ),
    "finding": ("show", "find", "indicate", "reveal", "disclose", "estimate", "determine", "rule", "prove",
                "analyze", "analyse", "forecast", "cite", "suggest", "conclude"),
    "question": ("ask", "question", "inquire", "enquire"),
}
ACT_OF_LEMMA: dict[str, SpeechAct] = {}
for _act, _words in _ACT_WORDS.items():
    for _w in _words:
        ACT_OF_LEMMA.setdefault(_w, SpeechAct(_act))


def act_of(lemmas: list[str]) -> SpeechAct:
    """The act a cue reports, by the first of its lemmas the table knows (else "other": an action or
    an event, "voted against", "has been commended for"); a colon or a bare relay is speech."""
    for lemma in lemmas:
        act = ACT_OF_LEMMA.get(lemma.lower())
        if act is not None:
            return act
    return SpeechAct.speech if not any(w.isalpha() for w in lemmas) else SpeechAct.other
