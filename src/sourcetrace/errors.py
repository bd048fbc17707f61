"""Numbered errors and warnings, kept in one place (after spaCy's errors.py).

Errors are raised where they are known, with their code; only the CLI turns
them into a message, and each error class names its own exit code. Warnings are
:class:`InputWarning` objects carrying their code, so callers choose by code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Self


class Errors(str, Enum):
    """Error messages, formatted with ``.format(**kw)``."""

    E001 = "[E001] {path}: file is empty"
    E002 = "[E002] {path}: looks binary ({detail}), not text"
    E003 = "[E003] {path}: cannot be read ({detail})"
    E004 = "[E004] {path}: {size} bytes of text is over the limit of {limit} bytes (--max-bytes)"
    E005 = "[E005] {path}: front matter is not valid YAML ({detail}); the body was analysed without it"
    E006 = "[E006] {path}: line {line}: not valid JSON ({detail})"
    E007 = "[E007] {path}: record {record}: no text field (looked for {fields})"
    E008 = "[E008] {path}: no main text could be extracted from the HTML"
    E009 = "[E009] {path}: WARC archive is truncated or corrupt after {records} records ({detail})"
    E010 = "[E010] {path}: symlink loop, already visited as {target}"
    E011 = "[E011] {path}: unsupported file type {suffix!r}"
    E012 = "[E012] {path}: no such file or directory"
    E013 = "[E013] {path}: record {record}: {detail}"
    E014 = "[E014] {path}: not a valid feed ({detail})"
    E015 = "[E015] {path}: CSV cannot be parsed ({detail})"
    E016 = "[E016] {path}: symlink leads outside {root}, the input named; not followed (--follow-symlinks allows it)"
    E017 = "[E017] {path}: decompressed data passed the cap of {limit} bytes after {records} records; the rest is not read"
    E020 = "[E020] no usable article in the inputs"
    E030 = "[E030] model files missing or incompatible: {detail}"
    E031 = "[E031] {path}: not a sourcetrace dossier ({detail})"
    E032 = "[E032] {path}: no story {story!r} (its stories: {known})"
    E040 = "[E040] evaluation data not found at {path}"
    E041 = "[E041] {path}: not a PolNeAR split ({detail})"
    E042 = "[E042] {path}: not story gold ({detail})"
    E043 = "[E043] {path}: not a BASIL article ({detail})"
    E044 = "[E044] {path}: line {line}: not GGT gold ({detail})"
    E050 = "[E050] {setting}: cannot load plug-in {spec!r} ({detail})"
    E051 = "[E051] --engine ray needs Ray: pip install 'sourcetrace[ray]' ({detail})"
    E052 = "[E052] {article}: analysis failed on a Ray worker, retried alone ({detail})"
    # Outputs, checked before the analysis starts (OutputError, exit code 1).
    E060 = "[E060] {path}: {option} is a folder; a file is wanted"
    E061 = "[E061] {path}: {option} is a file; a folder is wanted"
    E062 = "[E062] {path}: {option}: the folder it goes in ({parent}) does not exist or is not a folder"
    E063 = "[E063] {path}: {option}: cannot be written ({detail})"
    E064 = "[E064] {path}: {option} is one of the inputs; refusing to overwrite it"
    E065 = "[E065] {path}: given for both {option} and {other}"
    # The run itself.
    E070 = "[E070] {path}: parsing stopped after {seconds:g} s (--article-timeout); the article was not analysed"
    E071 = "[E071] interrupted: {done} of {total} articles analysed and stored in {db}; rerun the same command to resume"
    E072 = "[E072] interrupted before the dossier was written; {detail}"
    E073 = "[E073] {path}: {chars:,} characters, over the {limit:,} an article may have (max_article_chars); the article was not analysed"

    def format(self, **kw: object) -> str:  # type: ignore[override]
        return self.value.format(**kw)


class Warnings(str, Enum):
    """Warning messages, formatted like :class:`Errors`."""

    W001 = "[W001] {path}: decoded as {encoding}, not UTF-8"
    W002 = "[W002] {path}: no publication date; relative dates in it stay unresolved"
    W003 = "[W003] {path}: field {field!r} could not be read as a date ({value!r})"
    W004 = "[W004] {path}: file name is not valid UTF-8; its undecodable bytes are written \\xNN (the name's bytes in hex: {hex})"
    W005 = "[W005] {path}: field {field!r} is a {kind}, not a string; {action}"
    W006 = "[W006] {path}: {count} bytes are not valid UTF-8 (first on line {line}); each was replaced with U+FFFD"
    W007 = "[W007] {path}: {count} NUL characters removed from the text"
    W008 = "[W008] {path}: markup nested {depth} levels deep; the text is every paragraph of the page, not its main text"

    def format(self, **kw: object) -> str:  # type: ignore[override]
        return self.value.format(**kw)


@dataclass(frozen=True)
class InputWarning:
    """A warning about one input; ``code`` is None for the few uncoded notes (duplicate paths, ids)."""

    code: str | None
    message: str

    @classmethod
    def coded(cls, entry: Errors | Warnings, **kw: object) -> Self:
        """The warning ``entry`` formatted with ``kw`` (an Errors entry for E005, broken front matter)."""
        return cls(entry.name, entry.format(**kw))

    def __str__(self) -> str:
        return self.message


class SourcetraceError(Exception):
    """Base class for errors sourcetrace raises on purpose; ``exit_code`` is the CLI's."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code

    @classmethod
    def coded(cls, entry: Errors, **kw: object) -> Self:
        """This error with the message of ``entry`` formatted with ``kw``, and its code."""
        return cls(entry.format(**kw), entry.name)


class InputError(SourcetraceError):
    """An input cannot be used; the message names the file and the problem.

    Raised by readers and caught by the loader, which lists the input as skipped.
    """


class ModelError(SourcetraceError):
    """Shipped or user-given model files are missing or incompatible."""


class UsageError(SourcetraceError):
    """The call itself is wrong (exit code 1)."""


class OutputError(SourcetraceError):
    """An output path cannot be written, or would overwrite an input (exit code 1)."""


class Interrupted(SourcetraceError):
    """The run was interrupted (SIGINT); what was finished is kept (exit code 130)."""

    exit_code: ClassVar[int] = 130


class NothingToAnalyse(SourcetraceError):
    """No usable article was found (exit code 2)."""

    exit_code: ClassVar[int] = 2
