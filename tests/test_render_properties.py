"""Properties of the escaping helpers, over any text."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.render.csv import FORMULA_STARTS, safe_cell
from sourcetrace.render.html import script_json
from sourcetrace.render.markdown import md_escape


@given(st.text())
def test_script_json_round_trips_and_cannot_close_the_script(text: str) -> None:
    out = script_json({"t": text, "l": [text]})
    assert json.loads(out) == {"t": text, "l": [text]}
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out


@given(st.text())
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == text or cell == text


@given(st.text())
def test_md_escape_is_one_line_without_live_markup(text: str) -> None:
    out = md_escape(text)
    assert "\n" not in out and "\r" not in out
    # every markup character is preceded by a backslash
    for m in re.finditer(r"[`*_\[\]<>|~]", out):
        assert out[m.start() - 1] == "\\"
