"""Rich progress bars that stay quiet when output is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")

# soft wrap: a warning naming a long path stays on one line, whole for grep, whatever the width
stderr = Console(stderr=True, soft_wrap=True)


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
