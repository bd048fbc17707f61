"""The checked-in JSON Schema matches the models."""

from __future__ import annotations

import json

from sourcetrace.dossier.schema import SCHEMA_PATH, dossier_schema


def test_checked_in_schema_is_current() -> None:
    assert json.loads(SCHEMA_PATH.read_text()) == dossier_schema(), (
        "schema/dossier-2.schema.json is stale: run python -m sourcetrace.dossier.schema"
    )
