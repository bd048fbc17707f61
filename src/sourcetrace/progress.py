"""The terminal: progress bars that stay quiet when output is not a terminal, and the one helper
that makes text read from the inputs safe to print there (:func:`safe`).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")

# soft wrap: a warning naming a long path stays on one line, whole for grep, whatever the width;
# no emoji codes: ":fire:" in a title is printed as written
stderr = Console(stderr=True, soft_wrap=True, emoji=False)

# Control (Cc), format (Cf: bidi overrides, zero-width joiners), line and paragraph separators
# (Zl, Zp) and lone surrogates (Cs: a file name that is not UTF-8, surrogate-escaped) are shown
# as escapes: written raw they would move the cursor, colour the terminal, reorder what the
# reader sees, start a forged line, or fail to encode.
_UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _visible(ch: str) -> str:
    if unicodedata.category(ch) not in _UNSAFE:
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(value: object) -> str:
    """``value`` as text fit to print inside Rich markup: control characters shown as ``\\xNN``
    escapes, Rich markup escaped. Use it on every file name, title, reason or warning read from input."""
    text = str(value)
    if not text.isprintable():  # the fast path: most text has nothing to escape
        text = "".join(map(_visible, text))
    shown = escape(text)
    if text.endswith("\\") and not text.endswith("\\\\") and shown.endswith("\\\\"):
        # Rich doubles a trailing backslash in case markup follows; a value ends the line it is
        # printed on (or is followed by plain text), so the doubling would show
        shown = shown[:-1]
    return shown


def say(label: str, style: str, message: object) -> None:
    """Print ``label: message`` to stderr, the label styled and the message (from input) made safe."""
    stderr.print(f"[{style}]{label}:[/] {safe(message)}", highlight=False, soft_wrap=True)


def track(items: Iterable[T], description: str, total: int | None, enabled: bool = True) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on a terminal only."""
    if not (enabled and sys.stderr.isatty()):
        yield from items
        return
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)
