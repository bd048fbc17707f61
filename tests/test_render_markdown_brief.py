"""The Markdown brief: header, claims with status, sourcing and citations; conflicts; timeline."""

from __future__ import annotations

import re

from dossier_factory import make_dossier
from sourcetrace.render.markdown import md_escape, render_markdown


def test_brief_has_header_claims_conflicts_and_timeline_in_order() -> None:
    md = render_markdown(make_dossier())
    assert md.startswith("# Sourcing brief\n")
    assert "- **Articles:** 5 from 5 outlets" in md
    assert "- **Published:** 2026-03-02 to 2026-03-05" in md
    assert "1 contested, 4 single source, 1 unattributed, 1 corroborated" in md
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads[0] == "### 1. The closure could last up to five weeks"
    assert heads[1] == "### 2. The port of Valmora will close for three weeks from March 9"
    assert md.index("## Claims") < md.index("## Conflicts") < md.index("## Timeline")


def test_claim_carries_status_sourcing_and_citations() -> None:
    md = render_markdown(make_dossier())
    block = md.split("### 2. ")[1].split("### 3. ")[0]
    assert "**Single source**: 1 independent source (Norland government) via 4 outlets" in block
    assert "- Daily Courier: Valmora port closure could run longer, sources say; Daily Courier ← Wire Service Nord ← senior Norland officials" in block
    assert "  > The port of Valmora will close for three weeks, Wire Service Nord reported, citing senior Norland officials." in block


def test_unattributed_claim_cites_its_span_and_computed_sourcing() -> None:
    md = render_markdown(make_dossier())
    block = md.split("Repair costs are expected to reach 40 million crowns\n")[1].split("## Conflicts")[0]
    assert "**Unattributed**: No named source, in 1 outlet" in block
    assert "- The Harbour Ledger: Port shutdown set for March 9; union threatens strike" in block


def test_conflicts_and_timeline_sections() -> None:
    md = render_markdown(make_dossier())
    conflicts = md.split("## Conflicts")[1].split("## Timeline")[0]
    assert "- **number**: three weeks vs up to five weeks" in conflicts
    assert "  - A: Coastal Times ← Maria Kessel (Coastal Times: Ministry: Valmora closure capped at three weeks)" in conflicts
    timeline = md.split("## Timeline")[1].strip().splitlines()
    assert timeline[0].startswith("- **2026-02** (February, Daily Courier)")
    assert len(timeline) == 5  # the undated duration is left out


def test_hostile_text_is_escaped_not_markup() -> None:
    md = render_markdown(make_dossier())
    # every angle bracket in the text is backslash-escaped (blockquote markers aside)
    for line in md.splitlines():
        assert not re.search(r"(?<!\\)[<>]", line.lstrip().removeprefix("> ")), line
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in md


def test_md_escape_folds_lines_and_escapes_inline_syntax() -> None:
    assert md_escape("a *b*\n\n| c [x](y) `d` _e_ &amp; AT&T") == (
        "a \\*b\\* \\| c \\[x\\](y) \\`d\\` \\_e\\_ \\&amp; AT&T"
    )
    assert md_escape(None) == ""
