"""The JSON Schema of the native JSON format, generated from the pydantic models.

``python -m workbook.jsonschema > docs/json-schema/workbook.schema.json`` writes the file
that is checked in; a test keeps it equal to what this module produces. The schema
describes one record's shape (types, enums, ranges); what it cannot say — every reference
resolves, ids are unique in their table, a purpose ends on or after its start, target
names and values — is checked on import and described in ``docs/json-format.md``.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from workbook.models import TABLES, Owner
from workbook.schema import FORMAT, FORMAT_VERSION, TARGET_METRICS

SCHEMA_ID = "https://networking-on-purpose.invalid/workbook.schema.json"


def workbook_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a whole native JSON document."""
    models: list[tuple[type[BaseModel], Literal["validation"]]] = [(Owner, "validation")]
    models += [(model, "validation") for _, model in TABLES.values()]
    refs, schema = models_json_schema(models, ref_template="#/$defs/{model}")
    defs = schema["$defs"]
    # What the models check in a validator, said in the schema where it can be.
    targets = defs["Purpose"]["properties"]["targets"]
    targets["propertyNames"] = {"enum": list(TARGET_METRICS)}
    targets["additionalProperties"] = {"type": "number", "minimum": 0}
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"const": FORMAT_VERSION},
        "owner": refs[(Owner, "validation")],
    }
    for collection, (_, model) in TABLES.items():
        properties[collection] = {"type": "array", "items": refs[(model, "validation")]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Networking on Purpose workbook (native JSON)",
        "description": "See docs/json-format.md for the rules a schema cannot express.",
        "type": "object",
        "required": ["format", "version"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def render() -> str:
    """The schema as the checked-in file holds it (sorted keys, 2-space indent, newline)."""
    return json.dumps(workbook_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
