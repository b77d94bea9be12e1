"""Package layout (everything else is in pyproject.toml).

The notebooks and the report template live at the top of the repository (``notebooks/``,
``templates/``) and ship inside the package as ``workbook/notebooks`` and
``workbook/templates``; :mod:`workbook.resources` finds them in either place.

Every folder that ships is listed as a package (a folder of templates too, with or without
an ``__init__.py``), and every file in it that is not Python ships as its data: a
template, a stylesheet, a script, an icon or a web manifest added later ships without
anyone remembering to list its kind here (docs/install.md).
"""

from pathlib import Path

from setuptools import setup

#: Where each shipped package's files are, when it is not the folder of its dotted name.
FOLDERS = {"workbook.notebooks": "notebooks", "workbook.templates": "templates"}
#: Folders and files that never ship.
SKIPPED = {"__pycache__", ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache"}


def _packages(package: str, folder: Path) -> dict[str, list[str]]:
    """``package`` and its sub-folders as packages, each with its non-Python files."""
    found: dict[str, list[str]] = {}
    for sub in sorted([folder, *(p for p in folder.rglob("*") if p.is_dir())]):
        if SKIPPED & set(sub.relative_to(folder).parts):
            continue
        name = ".".join([package, *sub.relative_to(folder).parts])
        found[name] = sorted(
            p.name
            for p in sub.iterdir()
            if p.is_file() and p.suffix not in (".py", ".pyc") and p.name not in SKIPPED
        )
    return found


PACKAGES = _packages("workbook", Path("workbook"))
for _package, _folder in FOLDERS.items():
    PACKAGES.update(_packages(_package, Path(_folder)))

setup(
    packages=sorted(PACKAGES),
    package_dir=FOLDERS,
    package_data={name: files for name, files in PACKAGES.items() if files},
)
