"""Plain text and Markdown articles, with optional YAML front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from sourcetrace.errors import Errors, InputError, InputWarning
from sourcetrace.ingest.common import Draft, ReadResult, date_field, text_field

# The opening line must be exactly '---'; the closing one '---' or '...'. Lines end with LF,
# CRLF or a lone CR (old Mac files): '^' alone would miss a line that follows a lone CR.
_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSE = re.compile(r"(?:^|(?<=\r))(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when present (the pure-Python one is most of the time spent on .md
    files), where a timestamp that is no real date stays its text, so it costs that field alone."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):  # "2024-02-30": date_field warns (W003) about the text
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_LOADER = _Loader

# Front-matter keys we read; 'date' is a common spelling of 'published'.
_KEYS = {"title": "title", "outlet": "outlet", "url": "url", "author": "author", "language": "language"}


@dataclass
class FrontMatter:
    """Front matter split from a text: metadata, the body and where it starts."""

    meta: dict[str, object]
    body: str
    offset: int  # where the body starts in the original text
    error: str | None = None  # why the front matter could not be read


def split_front_matter(text: str) -> FrontMatter:
    """Split YAML front matter from ``text``.

    Without an opening '---' line and a closing '---'/'...' line, the whole text
    is the body. When the block is there but is not a YAML mapping, the body
    after it is still returned (so the article is analysed) and ``error`` says
    why the metadata was dropped. ``body == text[offset:]`` always holds.
    """
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter({}, text, 0)
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return FrontMatter({}, text, 0)
    block = text[opening.end() : closing.start()]
    offset = closing.end()
    body = text[offset:]
    try:
        loaded = yaml.load(block, Loader=_LOADER) if block.strip() else {}
    except yaml.YAMLError as exc:
        return FrontMatter({}, body, offset, _yaml_problem(exc))
    except (ValueError, OverflowError, RecursionError) as exc:  # odd scalars, deep nesting
        return FrontMatter({}, body, offset, f"{type(exc).__name__}: {exc}"[:200])
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        return FrontMatter({}, body, offset, f"a {type(loaded).__name__}, not a mapping")
    return FrontMatter({str(k): v for k, v in loaded.items()}, body, offset)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A one-line YAML error with its line in the file (the block starts on line 2)."""
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} at line {mark.line + 2}, column {mark.column + 1}"
    return " ".join(str(exc).split())[:200]


def read_text_article(text: str, path: str, fmt: str) -> ReadResult:
    """One .txt or .md article; broken front matter is a warning (E005), not a skip."""
    result = ReadResult()
    fm = split_front_matter(text)
    draft = Draft(file=path, format=fmt, text=fm.body)
    if fm.error is not None:
        draft.warnings.append(InputWarning.coded(Errors.E005, path=path, detail=fm.error))
    for key, attr in _KEYS.items():
        value = text_field(draft, key, fm.meta.get(key))
        if value is not None:
            setattr(draft, attr, value)
    draft.given_id = text_field(draft, "id", fm.meta.get("id"))
    published = fm.meta.get("published", fm.meta.get("date"))
    date_field(draft, "published", published)
    if not draft.text.strip():
        result.skip(path, InputError.coded(Errors.E001, path=path))
        return result
    result.drafts.append(draft)
    return result
