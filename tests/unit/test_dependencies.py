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
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()  # test, bench, hub
    requirements = [*project["dependencies"], *(r for extra in extras for r in extra)]
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in requirements}


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
