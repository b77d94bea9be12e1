"""Running notebooks: papermill executes, nbconvert exports (docs/cli.md, workbook report and run).

``run_notebook`` executes any notebook of ``notebooks/`` with validated parameters and
writes the executed ``.ipynb`` and its HTML. ``build_report`` is one client's periodic
report (``report.ipynb``, ``report.html``, ``summary.json``). A coach's batch of them is
:mod:`workbook.batch`; each report's kernel is started by :mod:`workbook.kernels`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import kernels, resources
from workbook import parameters as params
from workbook.errors import ReportFailed, WorkbookInputError, input_error_names
from workbook.files import absolute
from workbook.periods import (
    DEFAULT_PERIOD,
    DEFAULT_WINDOW,
    Period,
    parse_period,
    resolve_as_of,
)

if TYPE_CHECKING:
    from workbook.kernels import PreparedKernel

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


KERNEL_NAME = kernels.KERNEL_NAME
# Set in the kernel's environment for runs with no human: notebooks show no forms then.
HEADLESS_ENV = params.HEADLESS_ENV
#: Appended to the period label in a redacted report's folder name.
REDACTED_SUFFIX = "-redacted"


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
    period: Period | None = None
    last_logged: dt.date | None = None  # the latest thing logged up to as-of


def resolve_notebook(name: str | Path) -> Path:
    """A notebook by file stem (``event_debrief``) or by path."""
    notebooks = resources.notebooks_dir()
    candidate = Path(name)
    if candidate.suffix == ".ipynb" and candidate.exists():
        return candidate
    by_stem = notebooks / f"{candidate.stem}.ipynb"
    if by_stem.exists() and candidate.parent in (Path("."), Path("notebooks"), notebooks):
        return by_stem
    known = ", ".join(sorted(p.stem for p in notebooks.glob("*.ipynb")))
    raise WorkbookInputError(f"{name}: no such notebook (notebooks here: {known})")


def notebook_parameters(path: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell declares."""
    import papermill

    try:
        return set(papermill.inspect_notebook(str(path)))
    except Exception as error:  # a broken notebook file is bad input, not a crash
        raise WorkbookInputError(f"{path}: cannot read the notebook ({error})") from None


def _literal(path: Path) -> str:
    """``path`` for papermill, which formats paths with the parameters: braces kept."""
    return str(path).replace("{", "{{").replace("}", "}}")


def _workbook_for_kernel(values: dict[str, Any]) -> tuple[dict[str, Any], Path | None]:
    """The parameters as the notebook sees them, and the folder the kernel starts in.

    The executed notebook is shared with a client: its parameters carry the workbook's
    file name only. The kernel starts in the workbook's folder, where that name resolves.
    """
    name = str(values.get("workbook") or "")
    if not name:
        return values, None
    path = Path(name).absolute()
    return {**values, "workbook": path.name}, path


def _kernel_setup(workbook_file: Path | None, folder: Path) -> tuple[dict[str, str], Path]:
    """What a report's kernel gets besides this process's environment, and where it starts:
    the workbook's folder, or the run's scratch folder when there is no workbook."""
    env = {HEADLESS_ENV: "1"}
    if workbook_file is None:
        return env, folder
    return {**env, "WORKBOOK": str(workbook_file)}, workbook_file.parent


def prepare_kernel(workbook_path: str | Path) -> PreparedKernel:
    """A kernel started now for the report of ``workbook_path`` (and no other)."""
    env, cwd = _kernel_setup(Path(workbook_path).absolute(), Path())
    return kernels.PreparedKernel(env, cwd)


def run_notebook(
    notebook: str | Path,
    values: dict[str, Any],
    out_dir: Path,
    title: str,
    stem: str | None = None,
    kernel: PreparedKernel | None = None,
) -> RunResult:
    """Execute ``notebook`` with validated ``values``; write ``<stem>.ipynb`` and ``.html``.

    The run never changes this process's working directory or environment. The notebook
    executes in a scratch folder outside ``out_dir`` (see :mod:`workbook.scratch`); only a
    finished report is written to ``out_dir``, each file atomically, so a failed run
    leaves the previous report as it was, and its executed notebook under
    :func:`workbook.scratch.failed_dir` (the error message names it).

    ``kernel``, a kernel started ahead (:func:`prepare_kernel`), is used only if it was
    started for this very run's environment and folder; otherwise a kernel is started
    here. The caller closes it.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from workbook import scratch
    from workbook.export import export_html
    from workbook.files import write_text_atomic

    path = resolve_notebook(notebook).absolute()
    out_dir = absolute(out_dir)
    accepted = notebook_parameters(path)
    clean, workbook_file = _workbook_for_kernel(params.validate(values, accepted))
    stem = stem or path.stem
    if kernel is not None and workbook_file is not None:
        if not kernel.serves(*_kernel_setup(workbook_file, kernel.folder)):
            kernel = None  # started for another run: never used for this one
    else:
        kernel = None
    place = contextlib.nullcontext(kernel.folder) if kernel else scratch.run_folder()
    with place as folder, contextlib.ExitStack() as own:
        executed = folder / f"{stem}.ipynb"
        try:
            if kernel is None:  # a kernel of this run's own, started here, closed after it
                env, cwd = _kernel_setup(workbook_file, folder)
                kernel = kernels.PreparedKernel(env, cwd, warm=False, folder=folder)
                own.callback(kernel.close)
            result = papermill.execute_notebook(
                _literal(path),
                _literal(executed),
                parameters=clean,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                request_save_on_cell_execute=False,  # one write at the end, not two per cell
                log_output=False,
                report_mode=False,
                km=kernel.take(),
            )
        except PapermillExecutionError as error:
            if error.ename in input_error_names():  # bad input found by the notebook: exit 2
                raise WorkbookInputError(f"{path.name}: {error.evalue}") from None
            kept = _keep_failed(executed, out_dir, f"{stem}.ipynb")
            where = f" (the executed notebook: {kept})" if kept else ""
            raise ReportFailed(
                f"{path.name}: cell {error.exec_count} failed: {error.ename}: {error.evalue}{where}"
            ) from None
        except Exception as error:  # kernel died, could not start, …
            kept = _keep_failed(folder / kernels.KERNEL_LOG, out_dir, f"{stem}.kernel.log")
            where = f" (what the kernel printed: {kept})" if kept else ""
            raise ReportFailed(f"{path.name}: {type(error).__name__}: {error}{where}") from None
    result.metadata["title"] = title
    # Where the run happened is nobody's business in a shared notebook.
    result.metadata.get("papermill", {}).update(
        {"input_path": path.name, "output_path": f"{stem}.ipynb"}
    )
    ipynb = out_dir / f"{stem}.ipynb"
    html = out_dir / f"{stem}.html"
    export_html(result, html, title=title)
    write_text_atomic(nbformat.writes(result), ipynb)
    return RunResult(ipynb, html)


def _keep_failed(kept: Path, out_dir: Path, name: str) -> Path | None:
    """Copy a failed run's file ``kept`` (its executed notebook, or what its kernel
    printed) to the failed-runs folder as ``name``; its new path, or None when the run
    left no such file or it is empty."""
    from workbook import scratch

    if not kept.is_file() or kept.stat().st_size == 0:
        return None
    # OUT/<workbook>/<period>/ becomes failed/<workbook>/<period>/: one place per report.
    target = scratch.failed_dir() / out_dir.parent.name / out_dir.name / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, target)
    return target


def report_label(period: Period, redact: bool) -> str:
    """The report's folder name: the period label, ``-redacted`` for a redacted report (so
    it never overwrites, nor is mistaken for, the full one)."""
    return f"{period.label}{REDACTED_SUFFIX}" if redact else period.label


def build_report(
    workbook_path: str | Path,
    period: str = DEFAULT_PERIOD,
    as_of: str | dt.date | None = None,
    window: int = DEFAULT_WINDOW,
    out_root: str | Path = "reports",
    redact: bool = False,
    kernel: PreparedKernel | None = None,
) -> ReportResult:
    """One client's periodic report: ``OUT/<stem>/<label>/report.{html,ipynb}``, summary.json.

    Relative paths are taken from the current directory once, here, before anything runs.
    ``kernel``: one started ahead for this workbook (see :func:`run_notebook`).
    """
    from workbook import scratch
    from workbook.jsonio import write_json_atomic
    from workbook.overview import last_logged
    from workbook.store import Workbook
    from workbook.summary import build_summary

    workbook_path = absolute(workbook_path)
    out_root = absolute(out_root)
    day = resolve_as_of(as_of)
    resolved: Period = parse_period(period, day)
    window = params.validate({"window": window})["window"]  # as --window reads it
    with Workbook.open(workbook_path) as workbook:  # a bad file fails here, before any kernel
        owner = workbook.owner or workbook_path.stem

    def summarize() -> tuple[dict[str, Any], dt.date | None]:
        with Workbook.open(workbook_path) as workbook:
            frames = workbook.frames()
        summary = build_summary(frames, workbook_path.stem, resolved, day, window)
        return summary, last_logged(frames, day)

    out_dir = out_root / workbook_path.stem / report_label(resolved, redact)
    scratch.sweep_output(out_root)  # what killed runs left
    title = f"{owner} · networking report {resolved.label}"
    # summary.json is computed here while the kernel computes the report: two cores, one wait.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending_summary = pool.submit(summarize)
        run = run_notebook(
            REPORT_NOTEBOOK,
            {
                "workbook": str(workbook_path),
                "as_of": day.isoformat(),
                "period": period,
                "window": window,
                "redact": bool(redact),
            },
            out_dir,
            title=title,
            stem="report",
            kernel=kernel,
        )
        summary, logged = pending_summary.result()
    summary_path = write_json_atomic(summary, out_dir / "summary.json")
    return ReportResult(
        workbook_path, out_dir, run.html, run.notebook, summary_path, resolved, logged
    )
