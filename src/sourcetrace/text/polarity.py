"""Polarity lexicons: negation, certainty (done deal or tentative), hedges, withholding, denial objects.

Small word lists and the predicates on them that more than one stage reads: claims mark
denied claims by negation, conflicts set negated and done-deal sides against the rest,
attribution turns hedged assertions into hedges and drops refusals.
"""

from __future__ import annotations

import re

# "remains unchanged" says "has not changed" in one word
_NEG = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|cannot|unchanged)\b|n't\b|n’t\b", re.I)
FINAL = re.compile(
    r"\b(?:finali[sz]ed|signed|completed|concluded|sealed|agreed|approved|reached|struck|closed|done|confirmed)\b",
    re.I,
)
TENTATIVE = re.compile(
    r"\b(?:exploring|explore|considering|consider|in talks|talks|discussing|discuss|weighing|mulling|"
    r"being considered|under consideration|"
    r"may|might|could|possible|possibly|potential|proposed|planning|plans? to|negotiating|seeking)\b",
    re.I,
)


_CONDITION = re.compile(r"\b(?:before|until|unless|if|once|whether|when)\b[^,;.]*", re.I)
# "days away from being signed", "close to being finalized", "expected to be signed": imminent, not done
_IMMINENT = re.compile(
    r"\b(?:away[\"”’']?\s+from|close\s+to|near\s+to|about\s+to|set\s+to|expected\s+to|due\s+to|yet\s+to)\s+"
    r"(?:be(?:ing)?\s+)?\w+",
    re.I,
)
# "had been negotiating since August": talks before a past point, history rather than the state now
_PAST_PERFECT = re.compile(r"\bhad\s+been\s+(?:\w+ing|in\s+talks)\b", re.I)


def has_negation(text: str) -> bool:
    """Whether ``text`` has an explicit negation ("not", "no", "never", "n't", ...)."""
    return bool(_NEG.search(text))


def certainty(text: str) -> str | None:
    """'final' for done deals, 'tentative' for exploratory wording, None for neither or both."""
    # "before it is signed", "if a deal is reached": a condition, not a done deal.
    asserted = _IMMINENT.sub(" ", _CONDITION.sub(" ", text))
    f, t = bool(FINAL.search(asserted)), bool(TENTATIVE.search(_PAST_PERFECT.sub(" ", text)))
    if f and not t:
        return "final"
    if t and not f:
        return "tentative"
    return None


# Words that make a statement tentative ("is considering", "could"): asserts → hedges.
# words that call a report false: "reports of a deal were speculation"
DISMISSIVE = frozenset(
    {"speculation", "false", "untrue", "baseless", "unfounded", "fabricated", "fabrication", "nonsense",
     "rumour", "rumor", "rumours", "rumors", "fake", "incorrect", "inaccurate", "wrong", "misleading", "lies"}
)
REPORT_NOUNS = frozenset({"report", "reports", "claim", "claims", "allegation", "allegations", "accusation",
                          "accusations", "story", "stories", "account"})
# stances a negated cue turns into a hedge: "did not confirm" leaves the matter open
NEGATABLE = frozenset({"confirms", "asserts", "admits"})

HEDGE_WORDS = frozenset(
    # not "expect" or "plan": "is expected to review" dates an event, it does not doubt it
    {"may", "might", "could", "consider", "explore", "possibly", "reportedly", "likely"}
)

# What a denial denies: the words after "no" / "any" ("No agreement has been reached",
# "denied it had reached any agreement"). One family of words for an agreement, so that
# "no agreement" meets "the deal was finalized".
DENIED_OBJECT = re.compile(r"\b(?:no|any|none\s+of\s+the)\s+((?:[A-Za-z'-]+\s+){0,2}[A-Za-z'-]+)", re.IGNORECASE)
# the agreement family's nouns; its verbs only count where any of its words will do ("we cannot
# agree to prioritize" names no agreement)
AGREEMENT_NOUNS = frozenset(
    {"agreement", "deal", "accord", "pact", "treaty", "treaties", "contract", "arrangement", "partnership"}
)
AGREEMENT_WORDS = AGREEMENT_NOUNS | {"agree", "agreed"}


# What a source withholds rather than says: these cues carry no claim ("declined to comment",
# "did not respond to", "asked not to be named to discuss", "referred questions to").
_WITHHOLDING_CUE = re.compile(
    r"\b(?:declin\w*|refus\w*)\b|\bnot\s+(?:\w+\s+)?(?:authori[sz]ed|permitted|allowed|cleared)\s+to\b|\banonym\w*",
    re.IGNORECASE,
)
# a reply not given, read on the cue with the words before it ("did not" + "respond", "has not" +
# "confirmed": not confirming is not denying, and it claims nothing either)
_NO_REPLY = re.compile(
    r"\b(?:did|does|do|would|could|has|have|had)\s*(?:n[o'’]t|not)\s+(?:\w+\s+)?(?:respond|return|reply|answer|comment|confirm|discuss|disclose|elaborate|specify|say|said)\w*\s*\S*$",
    re.IGNORECASE,
)
# read on the words right after the cue ("asked not to be named", "asked … for comment")
_WITHHOLDING_NEXT = re.compile(
    r"^\W*(?:not\s+to\s+be\s+(?:named|identified|quoted)|(?:[\w'’.-]+\s+){0,6}?for\s+comment\b|questions\s+to\b)",
    re.IGNORECASE,
)


def withholds(cue: str, before: str = "", after: str = "") -> bool:
    """Whether a cue reports a refusal or an anonymity condition, not a statement.

    ``before`` holds the few words before the cue, ``after`` the text right after it.
    """
    return bool(
        _WITHHOLDING_CUE.search(cue) or _NO_REPLY.search(f"{before} {cue}") or _WITHHOLDING_NEXT.match(after)
    )
