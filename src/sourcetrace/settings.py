"""One settings object, declared as data so the CLI, the docs and a test loop over it."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    """Everything a run can be told. Unknown keys are an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    max_bytes: int = Field(
        5_000_000, ge=1, description="Largest article text accepted, in bytes; larger inputs are skipped."
    )
    field_map: dict[str, str] = Field(
        default_factory=dict,
        description="Map of our field name to yours for JSONL/CSV input, e.g. {'text': 'body'}.",
    )
    db: Path | None = Field(None, description="DuckDB file that stores articles and analyses; reruns skip unchanged articles.")
    outlets_file: Path | None = Field(
        None, description="YAML file of extra outlets (name, aliases, domains) merged over the built-in list."
    )
    near_duplicate_threshold: float = Field(
        0.8, ge=0.0, le=1.0, description="Estimated Jaccard similarity of word shingles above which an article is a reprint."
    )
    claim_similarity: float = Field(
        0.7, ge=0.0, le=1.0, description="Cosine similarity of sentence embeddings above which two statements may be one claim."
    )
    nli_model: Path | None = Field(
        None, description="Optional local cross-encoder NLI model directory used to confirm contradictions."
    )
    attribution_model: Path | None = Field(
        None, description="Directory of attribution tagger weights; default: the weights shipped in the package."
    )
    use_tagger: bool = Field(True, description="Use the trained attribution tagger alongside the rules.")
    progress: bool = Field(True, description="Show progress bars when writing to a terminal.")


SETTINGS_FIELDS = Settings.model_fields


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Packaged defaults, then the user's YAML file, then explicit overrides."""
    data: dict[str, object] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
        if not isinstance(loaded, dict):
            raise ValueError(f"{path}: settings file must hold a mapping")
        data.update(loaded)
    data.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**data)
