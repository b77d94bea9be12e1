"""The project's own files: environment.yml in step with pyproject.toml, notebooks clean."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from workbook.parameters import PARAMETERS

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    wanted.discard(project["name"])  # the test extra pulls in the others
    listed = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)", line)
        if match and match[1] not in ("pip", "python", "-e"):
            listed.add(_name(match[1]))
    assert listed == wanted


def test_there_are_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {"periodic_report"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell has outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell has a count"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_one_parameters_cell_of_known_names(path: Path) -> None:
    import papermill

    notebook = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    names = set(papermill.inspect_notebook(str(path)))
    assert {"workbook", "as_of"} <= names
    assert names <= set(PARAMETERS), f"{path.name}: unknown parameters {names - set(PARAMETERS)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_defaults_are_the_package_defaults(path: Path) -> None:
    """A parameters cell must hold literals; this keeps them equal to the one definition
    (workbook.options): an option with no default is the empty text ("use the default")."""
    import ast

    import papermill

    declared = papermill.inspect_notebook(str(path))
    for name, spec in declared.items():
        default = ast.literal_eval(spec["default"])
        expected = PARAMETERS[name].default
        if name == "period" and path.stem == "purpose_setting":
            # Purpose setting looks ahead: its period is the one being planned.
            assert default == "this-month"
        elif expected is None:
            assert default == "", f"{path.name}: {name}"
        else:
            assert default == expected and type(default) is type(expected), f"{path.name}: {name}"


def test_the_command_line_offers_every_import_format() -> None:
    from workbook.cli import IMPORT_FORMATS
    from workbook.importers import FORMATS

    assert IMPORT_FORMATS == FORMATS


def test_the_plain_schema_is_in_step_with_the_validating_models() -> None:
    from workbook.models import TABLES
    from workbook.schema import FIELDS, TABLE_NAMES

    assert list(TABLE_NAMES) == list(TABLES)
    for collection, (table, model) in TABLES.items():
        assert TABLE_NAMES[collection] == table
        assert FIELDS[collection] == tuple(model.model_fields), collection


def test_the_shared_corpus_is_beside_the_project() -> None:
    """The importers' tests read real files from ../shared/corpus (never copied here);
    without it their parametrised cases would silently collect nothing."""
    import os

    from tests.helpers.importing import CORPUS

    if not CORPUS.is_dir() and os.environ.get("CI") != "true":
        pytest.skip(f"the shared corpus is not beside the project ({CORPUS}); CI requires it")
    assert (CORPUS / "README.md").is_file(), f"expected the shared corpus at {CORPUS}"
    assert any((CORPUS / "vcard").rglob("*.vcf"))
    assert any((CORPUS / "ics").rglob("*.ics"))
