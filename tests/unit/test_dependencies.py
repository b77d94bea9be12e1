"""Every package the code imports is declared, and every declared one is locked."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def declared() -> dict[str, Requirement]:
    """The core's requirements and every extra's, but the project itself (``test`` pulls
    in the other extras by naming it)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        requirements += [Requirement(r) for r in extra]
    return {
        canonicalize_name(r.name): r
        for r in requirements
        if canonicalize_name(r.name) != canonicalize_name(project["name"])
    }


def pins() -> dict[str, Version]:
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", line.strip())
        if match:
            pinned[canonicalize_name(match[1])] = Version(match[2])
    return pinned


def imported_modules() -> set[str]:
    """Top-level names of every module imported anywhere in ``workbook/``."""
    names: set[str] = set()
    for path in (ROOT / "workbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"workbook", "__future__"}


def test_every_declared_package_is_pinned_to_a_version_it_allows() -> None:
    pinned = pins()
    for name, requirement in declared().items():
        assert name in pinned, f"{name} is declared but not in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]}"


def test_the_project_itself_is_not_pinned() -> None:
    assert canonicalize_name("networking-on-purpose") not in pins()


def test_the_test_extra_pulls_in_every_other_extra_but_the_benchmarks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    itself = [Requirement(r) for r in extras["test"] if Requirement(r).name == project["name"]]
    assert len(itself) == 1
    # `bench` is the Voilà notebook the app is measured against: no test needs it.
    assert itself[0].extras == set(extras) - {"test", "bench"} == {"app", "lab", "hub"}


def test_the_core_needs_no_jupyterlab_and_no_web_server() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert core & {"jupyterlab", "jupyter-server", "voila", "notebook", "jupyterhub"} == set()


def test_the_extras_only_are_imported_where_they_are_used() -> None:
    """The web server is imported only by the app and the hub, JupyterHub only by the hub,
    JupyterLab only when ``workbook lab`` starts it: the core's modules import without them
    (tests/e2e/test_install.py runs the core in a venv that lacks them)."""
    for path in (ROOT / "workbook").rglob("*.py"):
        if {"app", "hub"} & set(path.relative_to(ROOT / "workbook").parts[:-1]):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level: what importing the module needs
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in {
                    "jupyterlab",
                    "jupyter_server",
                    "voila",
                    "tornado",
                    "jupyterhub",
                }, path


def test_every_imported_package_is_declared() -> None:
    providers = packages_distributions()
    wanted = declared()
    missing = set()
    for module in imported_modules():
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        assert distributions, f"{module} is imported but not installed"
        if not distributions & wanted.keys():
            missing.add(module)
    assert not missing, f"imported by workbook/ but not declared in pyproject.toml: {missing}"
