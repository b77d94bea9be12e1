"""Errors a user can act on: each says what is wrong and where (docs/cli.md, exit codes).

Every error here is turned by the command line into one line on stderr and exit code 2
(``WorkbookInputError``) or 1 (``ReportFailed``). All the error types a user can meet
live here, so that any layer can raise or recognise one without importing a higher one.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base class of the errors this package raises on purpose."""

    exit_code = 2


class WorkbookInputError(WorkbookError):
    """Bad input: an unreadable file, an invalid record, a bad option value."""


class RecordError(WorkbookInputError):
    """A record that breaks the data model: names the table, the record id and the field."""

    def __init__(
        self,
        table: str,
        record_id: str | None,
        field: str | None,
        problem: str,
        source: str | None = None,
    ) -> None:
        self.table = table
        self.record_id = record_id
        self.field = field
        self.problem = problem
        self.source = source
        where = table
        if record_id is not None:
            where += f" record {record_id!r}"
        if field:
            where += f", field {field!r}"
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{where}: {problem}")


class OptionError(WorkbookInputError):
    """A bad value of an option or a notebook parameter: a date, a number, a period…
    (docs/cli.md; the options are declared in :mod:`workbook.options`)."""


class PeriodError(OptionError):
    """A ``--period`` value that is not one of the forms docs/cli.md lists."""


class ParameterError(WorkbookInputError):
    """A notebook parameter with an unknown name or an invalid value (docs/cli.md, workbook run)."""


class EventNotFound(WorkbookInputError):
    """An ``event`` parameter that names no event of the workbook (bad input: exit 2)."""


class ReportFailed(WorkbookError):
    """A notebook or report run failed (exit code 1)."""

    exit_code = 1


class MissingExtra(WorkbookError):
    """A command needs an optional part of the package that is not installed, e.g.
    ``workbook app`` without the ``app`` extra (exit code 2; docs/install.md)."""


class CaptureError(WorkbookInputError):
    """What is wrong with what was typed — in a form, a page or ``workbook log``: the field
    and the problem (a form shows it under itself and saves nothing; the CLI exits 2)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def input_error_names() -> set[str]:
    """The class names of every bad-input error (``WorkbookInputError`` and its
    subclasses): how an error raised inside a notebook's kernel is recognised as exit 2."""
    names: set[str] = set()
    todo: list[type[WorkbookInputError]] = [WorkbookInputError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names
