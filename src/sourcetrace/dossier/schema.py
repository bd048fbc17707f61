"""Write the dossier JSON Schema: ``python -m sourcetrace.dossier.schema [PATH]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sourcetrace.dossier.models import SCHEMA_ID, Dossier

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "schema" / "dossier-2.schema.json"


def dossier_schema() -> dict:
    """The JSON Schema of ``sourcetrace.dossier/2``."""
    schema = Dossier.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["properties"]["schema"]["const"] = SCHEMA_ID
    return schema


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dossier_schema(), indent=2) + "\n", encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
