"""The checked-in JSON Schema is the one the models produce, and the sample validates."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from workbook.jsonschema import render, workbook_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "json-schema" / "workbook.schema.json"


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_checked_in_schema_is_what_the_generator_writes_now() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m workbook.jsonschema > docs/json-schema/workbook.schema.json"
    )


def test_the_sample_workbook_validates() -> None:
    sample = json.loads((ROOT / "data" / "sample.json").read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(sample)) == []


def test_the_documented_example_validates(spec_document: dict[str, Any]) -> None:
    assert list(_validator().iter_errors(spec_document)) == []


@pytest.mark.parametrize(
    ("collection", "field", "value"),
    [
        ("events", "kind", "party"),  # not one of the kinds
        ("touchpoints", "direction", "sideways"),
        ("encounters", "date", "2 Oct 2026"),  # not YYYY-MM-DD
        ("encounters", "quality", 6),  # 1–5
        ("people", "cadence_days", 0),  # at least 1
        ("encounters", "card_exchanged", "yes"),  # a boolean
        ("people", "nickname", "JR"),  # no such field
    ],
)
def test_a_bad_record_does_not_validate(
    spec_document: dict[str, Any], collection: str, field: str, value: Any
) -> None:
    document = copy.deepcopy(spec_document)
    document[collection][0][field] = value
    errors = list(_validator().iter_errors(document))
    assert errors, f"{collection}.{field} = {value!r} should not validate"


def test_an_unknown_target_name_does_not_validate(spec_document: dict[str, Any]) -> None:
    spec_document["purposes"][0]["targets"] = {"handshakes": 3}
    assert list(_validator().iter_errors(spec_document))


def test_format_and_version_are_fixed() -> None:
    properties = workbook_schema()["properties"]
    assert properties["format"] == {"const": "networking-workbook"}
    assert properties["version"] == {"const": 1}
