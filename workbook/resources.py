"""Where the package's files are: the notebooks and the report template.

In a source checkout (and an editable install) they are the top-level ``notebooks/`` and
``templates/`` folders beside the package. A built wheel ships them as package data
inside the package, as ``workbook/notebooks/`` and ``workbook/templates/`` (see the
``package_dir`` mapping in ``setup.py``). Every lookup goes through here, so the
command works from any directory in both cases.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def _folder(name: str) -> Path:
    shipped = PACKAGE_DIR / name  # installed from a wheel
    return shipped if shipped.is_dir() else CHECKOUT_DIR / name


def notebooks_dir() -> Path:
    """The folder of the parameterised notebooks."""
    return _folder("notebooks")


def templates_dir() -> Path:
    """The folder holding the nbconvert template(s), e.g. ``report/conf.json``."""
    return _folder("templates")
