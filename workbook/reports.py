"""Running notebooks: papermill executes, nbconvert exports (docs/cli.md, workbook report and run).

``run_notebook`` executes any notebook of ``notebooks/`` with validated parameters and
writes the executed ``.ipynb`` and its HTML. ``build_report`` is one client's periodic
report (``report.ipynb``, ``report.html``, ``summary.json``); ``build_client_reports``
runs one per workbook of a coach's folder, in parallel, one failure not stopping the rest.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook import parameters as params
from workbook.errors import ReportFailed, WorkbookError, WorkbookInputError, input_error_names
from workbook.periods import DEFAULT_PERIOD, DEFAULT_WINDOW, Period, parse_period, resolve_as_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORT_NOTEBOOK = "periodic_report"
# How each notebook is named in a report's title (else its file stem, in words).
NOTEBOOK_TITLES = {
    "start_here": "start here",
    "purpose_setting": "purpose setting",
    "log": "log an encounter",
    "event_debrief": "event debrief",
    "follow_up_analysis": "follow-up analysis",
    "periodic_report": "networking report",
}


def notebook_title(path: Path) -> str:
    return NOTEBOOK_TITLES.get(path.stem, path.stem.replace("_", " "))


KERNEL_NAME = "python3"
# Set in the kernel's environment for runs with no human: notebooks show no forms then.
HEADLESS_ENV = params.HEADLESS_ENV


@dataclass(frozen=True)
class RunResult:
    notebook: Path
    html: Path


@dataclass(frozen=True)
class ReportResult:
    workbook: Path
    directory: Path
    html: Path
    notebook: Path
    summary: Path


def resolve_notebook(name: str | Path) -> Path:
    """A notebook by file stem (``event_debrief``) or by path."""
    candidate = Path(name)
    if candidate.suffix == ".ipynb" and candidate.exists():
        return candidate
    by_stem = NOTEBOOKS_DIR / f"{candidate.stem}.ipynb"
    if by_stem.exists() and candidate.parent in (Path("."), Path("notebooks"), NOTEBOOKS_DIR):
        return by_stem
    known = ", ".join(sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")))
    raise WorkbookInputError(f"{name}: no such notebook (notebooks here: {known})")


def notebook_parameters(path: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell declares."""
    import papermill

    try:
        return set(papermill.inspect_notebook(str(path)))
    except Exception as error:  # a broken notebook file is bad input, not a crash
        raise WorkbookInputError(f"{path}: cannot read the notebook ({error})") from None


def run_notebook(
    notebook: str | Path,
    values: dict[str, Any],
    out_dir: Path,
    title: str,
    stem: str | None = None,
) -> RunResult:
    """Execute ``notebook`` with validated ``values``; write ``<stem>.ipynb`` and ``.html``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from workbook.export import export_html

    path = resolve_notebook(notebook)
    accepted = notebook_parameters(path)
    clean = params.validate(values, accepted)
    stem = stem or path.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb = out_dir / f"{stem}.ipynb"
    html = out_dir / f"{stem}.html"
    os.environ[HEADLESS_ENV] = "1"  # inherited by the kernel papermill starts
    # Write next to the target and rename: a failed run never leaves a half-written report.
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".run-") as scratch:
        executed = Path(scratch) / ipynb.name
        try:
            result = papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=clean,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                request_save_on_cell_execute=False,  # one write at the end, not two per cell
                log_output=False,
                report_mode=False,
                cwd=str(PROJECT_ROOT),
                # The kernel's own start-up log is noise to someone running a report.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except PapermillExecutionError as error:
            if error.ename in input_error_names():  # bad input found by the notebook: exit 2
                raise WorkbookInputError(f"{path.name}: {error.evalue}") from None
            raise ReportFailed(
                f"{path.name}: cell {error.exec_count} failed: {error.ename}: {error.evalue}"
            ) from None
        except Exception as error:  # kernel died, could not start, …
            raise ReportFailed(f"{path.name}: {type(error).__name__}: {error}") from None
        result.metadata["title"] = title
        scratch_html = Path(scratch) / html.name
        export_html(result, scratch_html, title=title)
        with executed.open("w", encoding="utf-8") as out:
            import nbformat

            nbformat.write(result, out)
        for done, target in ((executed, ipynb), (scratch_html, html)):
            done.chmod(0o644)  # reports are for sharing: readable like any written file
            os.replace(done, target)
    return RunResult(ipynb, html)


def build_report(
    workbook_path: str | Path,
    period: str = DEFAULT_PERIOD,
    as_of: str | dt.date | None = None,
    window: int = DEFAULT_WINDOW,
    out_root: str | Path = "reports",
    redact: bool = False,
) -> ReportResult:
    """One client's periodic report: ``OUT/<stem>/<label>/report.{html,ipynb}``, summary.json."""
    from workbook.jsonio import write_json_atomic
    from workbook.store import Workbook
    from workbook.summary import build_summary

    workbook_path = Path(workbook_path)
    day = resolve_as_of(as_of)
    resolved: Period = parse_period(period, day)
    params.validate({"window": window})
    with Workbook.open(workbook_path) as workbook:  # a bad file fails here, before any kernel
        owner = workbook.owner or workbook_path.stem

    def summarize() -> dict[str, Any]:
        with Workbook.open(workbook_path) as workbook:
            frames = workbook.frames()
        return build_summary(frames, workbook_path.stem, resolved, day, int(window))

    out_dir = Path(out_root) / workbook_path.stem / resolved.label
    title = f"{owner} · networking report {resolved.label}"
    # summary.json is computed here while the kernel computes the report: two cores, one wait.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending_summary = pool.submit(summarize)
        run = run_notebook(
            REPORT_NOTEBOOK,
            {
                "workbook": str(workbook_path.resolve()),
                "as_of": day.isoformat(),
                "period": period,
                "window": int(window),
                "redact": bool(redact),
            },
            out_dir,
            title=title,
            stem="report",
        )
        summary = pending_summary.result()
    summary_path = write_json_atomic(summary, out_dir / "summary.json")
    return ReportResult(workbook_path, out_dir, run.html, run.notebook, summary_path)


@dataclass(frozen=True)
class ClientOutcome:
    workbook: Path
    result: ReportResult | None
    error: str | None


def build_client_reports(
    clients: str | Path,
    jobs: int | None = None,
    progress: Callable[[ClientOutcome], None] | None = None,
    **options: Any,
) -> list[ClientOutcome]:
    """One report per ``*.db`` in ``clients``, ``jobs`` at a time; failures are collected."""
    folder = Path(clients)
    if not folder.is_dir():
        raise WorkbookInputError(f"{folder}: not a folder of client workbooks")
    workbooks = sorted(folder.glob("*.db"))
    if not workbooks:
        raise WorkbookInputError(f"{folder}: no client workbooks (*.db) here")
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcomes: list[ClientOutcome] = []

    def one(path: Path) -> ClientOutcome:
        try:
            return ClientOutcome(path, build_report(path, **options), None)
        except WorkbookError as error:
            return ClientOutcome(path, None, str(error))
        except Exception as error:  # one client's surprise must not stop the others
            return ClientOutcome(path, None, f"{type(error).__name__}: {error}")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(one, path) for path in workbooks]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    return sorted(outcomes, key=lambda o: o.workbook.name)
