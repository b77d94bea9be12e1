"""``python -m workbook``: the same command line as the ``workbook`` console script."""

from workbook.cli import main

main(prog_name="workbook")
