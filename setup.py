"""Package layout (everything else is in pyproject.toml).

The notebooks and the report template live at the top of the repository (``notebooks/``,
``templates/``) and ship inside the package as ``workbook/notebooks`` and
``workbook/templates``; :mod:`workbook.resources` finds them in either place. Every
sub-folder of theirs is listed as a package of data, so setuptools ships it as such.
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA_PACKAGES = {"workbook.notebooks": "notebooks", "workbook.templates": "templates"}


def data_packages() -> list[str]:
    names = []
    for package, folder in DATA_PACKAGES.items():
        for sub in sorted(p for p in [Path(folder), *Path(folder).rglob("*")] if p.is_dir()):
            if sub.name not in (".ipynb_checkpoints", "__pycache__"):
                names.append(".".join([package, *sub.relative_to(folder).parts]))
    return names


#: Files of the code packages that are not Python (templates other modules render…).
CODE_DATA = [
    "py.typed",
    *("**/*.j2", "**/*.css", "**/*.js", "**/*.json"),
    *("**/*.png", "**/*.svg", "**/*.webmanifest"),  # the app's icons and manifest
    "vendor/*",  # the partial plotly.js bundle and its licence
]

setup(
    packages=[*find_packages(include=["workbook", "workbook.*"]), *data_packages()],
    package_dir=DATA_PACKAGES,
    package_data={"workbook": CODE_DATA, **{name: ["*"] for name in data_packages()}},
)
