"""What the optional commands need beyond the core, and a clear line when it is missing.

The core (import, log, report, run, the batch) installs without a web server or
JupyterLab; ``workbook app`` needs the ``app`` extra and ``workbook lab`` the ``lab``
extra (docs/install.md). Which distributions an extra brings is read from the installed
package's own metadata (``pyproject.toml``'s ``optional-dependencies``), so it is
declared in one place.
"""

from __future__ import annotations

import re
from importlib import metadata

from workbook.errors import MissingExtra

#: The distribution this package is installed as.
DISTRIBUTION = "networking-on-purpose"


def extra_requirements(extra: str) -> list[str]:
    """The distributions ``extra`` adds (empty when this package is not installed, e.g.
    run from a checkout on ``PYTHONPATH``: there is nothing to check against then)."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    return [
        re.split(r"[<>=!~\[ ;(]", requirement.strip(), maxsplit=1)[0]
        for requirement in requirements
        if marker.search(requirement)
    ]


def missing(extra: str) -> list[str]:
    """Those of ``extra``'s distributions that are not installed."""
    absent = []
    for name in extra_requirements(extra):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            absent.append(name)
    return absent


def require(extra: str) -> None:
    """Raise :class:`MissingExtra`, saying what to install, when ``extra`` is missing."""
    absent = missing(extra)
    if absent:
        raise MissingExtra(
            f"`workbook {extra}` needs the {extra} extra ({', '.join(absent)} not installed): "
            f"pip install '{DISTRIBUTION}[{extra}]'"
        )
