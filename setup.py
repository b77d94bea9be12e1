"""Package layout (everything else is in pyproject.toml).

The notebooks and the report template live at the top of the repository (``notebooks/``,
``templates/``) and ship inside the package as ``workbook/notebooks`` and
``workbook/templates``; :mod:`workbook.resources` finds them in either place.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"workbook.notebooks": "notebooks", "workbook.templates": "templates"}

setup(
    packages=[*find_packages(include=["workbook", "workbook.*"]), *DATA_PACKAGES],
    package_dir=DATA_PACKAGES,
)
