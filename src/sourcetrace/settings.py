"""One settings object, declared as data so the CLI, the docs and a test loop over it.

Precedence, lowest first: the defaults here, a YAML file (``--config``), ``--set KEY=VALUE``
assignments, then explicit flags. Plug-ins are named in settings as "module:attribute" and
loaded by :func:`load_plugin`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache, reduce
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sourcetrace.errors import Errors, UsageError

# "package.module:attribute", the attribute possibly dotted ("mod:Factory.default")
_PLUGIN_SPEC = r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$"


class Settings(BaseModel):
    """Everything a run can be told. Unknown keys are an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    max_bytes: int = Field(
        5_000_000, ge=1, description="Largest article text accepted, in bytes; larger inputs are skipped."
    )
    max_article_chars: int = Field(
        300_000, ge=1, description="Longest article text analysed, in characters (ten times the longest article of the "
        "scored corpora); a longer one is skipped with a reason, so that no article holds more memory than the budget allows.",
    )
    article_timeout: float | None = Field(
        300.0, gt=0, description="Seconds one article's analysis may take; a slower article is skipped with a reason (none: no limit)."
    )
    field_map: dict[str, str] = Field(
        default_factory=dict,
        description="Map of our field name to yours for JSONL/CSV input, e.g. {'text': 'body'}.",
    )
    follow_symlinks: bool = Field(
        False, description="Follow symlinks that lead outside the folder named; by default they are skipped (E016)."
    )
    db: Path | None = Field(None, description="DuckDB file that stores articles and analyses; reruns skip unchanged articles.")
    outlets_file: Path | None = Field(
        None, description="YAML file of extra outlets (name, aliases, domains) merged over the built-in list."
    )
    near_duplicate_threshold: float = Field(
        0.8, ge=0.0, le=1.0, description="Estimated Jaccard similarity of word shingles above which an article is a reprint."
    )
    claim_similarity: float = Field(
        0.5, ge=0.0, le=1.0,
        description="Alignment probability (claims.align) above which two statements may be one claim; the mean "
        "over two groups' cross pairs must reach it for them to be one.",
    )
    story_similarity: float = Field(
        0.5, ge=0.0, le=2.0,
        description="Mean pair score (title-and-lead cosine, shared names, days apart) above which articles are "
        "one story (tuned on BASIL); higher splits more, 2 keeps every article alone.",
    )
    nli_model: Path | None = Field(
        None, description="Optional local cross-encoder NLI model directory used to confirm contradictions."
    )
    attribution_model: Path | None = Field(
        None, description="Directory of attribution tagger weights; default: the weights shipped in the package."
    )
    use_tagger: bool = Field(True, description="Use the trained attribution tagger alongside the rules.")
    progress: bool = Field(True, description="Show progress bars when writing to a terminal.")
    speaker_resolver: str | None = Field(
        None,
        pattern=_PLUGIN_SPEC,
        description="Plug-in 'module:attribute' naming a coreference resolver (resolve(doc, start, end, text)) "
        "or a factory of one, asked first for the speaker of a pronoun or description.",
    )
    contradiction_judge: str | None = Field(
        None,
        pattern=_PLUGIN_SPEC,
        description="Plug-in 'module:attribute' naming a contradiction judge (contradiction_scores(pairs)) "
        "or a factory of one, used instead of the NLI model.",
    )


SETTINGS_FIELDS = Settings.model_fields

# Each plug-in setting and the method its object must have.
PLUGIN_METHODS = {"speaker_resolver": "resolve", "contradiction_judge": "contradiction_scores"}


def load_settings(
    path: Path | None = None, assignments: Iterable[str] = (), **overrides: object
) -> Settings:
    """Packaged defaults, then the user's YAML file, then ``KEY=VALUE`` assignments, then
    explicit overrides (those that are not None). Raises :class:`UsageError` on any problem."""
    data: dict[str, object] = {}
    if path is not None:
        data.update(_read_file(path))
    data.update(parse_assignments(assignments))
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**data)
    except ValidationError as exc:
        # e.g. --max-bytes 0 or a misspelt key in --config: a usage error, not a traceback
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise UsageError(problems) from exc


def _read_file(path: Path) -> dict[str, object]:
    try:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
        if not isinstance(loaded, dict):
            raise ValueError(f"{path}: settings file must hold a mapping")
    except (OSError, ValueError) as exc:
        raise UsageError(f"--config {path}: {exc}") from exc
    return loaded


def parse_assignments(assignments: Iterable[str]) -> dict[str, object]:
    """``--set KEY=VALUE`` items as settings data; each VALUE is read as YAML (``false``, ``0.5``,
    ``{text: body}``), and the model validates it."""
    data: dict[str, object] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set takes KEY=VALUE, got {item!r}")
        if key not in SETTINGS_FIELDS:
            raise UsageError(f"--set: unknown setting {key!r} (settings: {', '.join(SETTINGS_FIELDS)})")
        try:
            data[key] = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError as exc:
            raise UsageError(f"--set {key}: not a valid value ({str(exc).splitlines()[0]})") from exc
    return data


@lru_cache(maxsize=16)
def load_plugin(spec: str, setting: str) -> object:
    """The object ``spec`` ("module:attribute") names for the plug-in ``setting``.

    A class, or a callable without the plug-in's method, is a factory and is called with no
    arguments. Loaded once per process. Raises :class:`UsageError` E050 when it cannot be had.
    """
    method = PLUGIN_METHODS[setting]
    module_name, _, attribute = spec.partition(":")
    try:
        obj = reduce(getattr, attribute.split("."), importlib.import_module(module_name))
        if isinstance(obj, type) or (callable(obj) and not hasattr(obj, method)):
            obj = obj()
    except Exception as exc:  # a plug-in's import or factory may raise anything
        raise UsageError.coded(Errors.E050, setting=setting, spec=spec, detail=f"{type(exc).__name__}: {exc}") from exc
    if not callable(getattr(obj, method, None)):
        raise UsageError.coded(Errors.E050, setting=setting, spec=spec, detail=f"it has no {method}() method")
    return obj


def plugin(settings: Settings, setting: str) -> object | None:
    """The plug-in object ``settings`` names under ``setting``, or None when none is named."""
    spec = getattr(settings, setting)
    return None if spec is None else load_plugin(spec, setting)
