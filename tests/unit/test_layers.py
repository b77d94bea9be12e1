"""The layering rules of docs/README.md ("Where each thing is defined"), read from the
source with ``ast`` so that they stay true:

* the clock ("today", "now") is read only in ``workbook/periods.py``;
* HTML a reader sees is made only by the jinja2 templates: no ``html.escape`` and no
  f-string markup in Python;
* every SQL statement is in ``workbook/store.py``;
* the jinja2 environments (autoescape, filters) are made only in ``workbook/templating.py``:
  a folder of page templates is an overlay of the one environment (``templating.overlay``);
* no import cycle between the package's modules.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workbook"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _where(path: Path, node: ast.AST) -> str:
    shown = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path.name
    return f"{shown}:{getattr(node, 'lineno', '?')}"


def _called(node: ast.Call) -> str:
    """A call's dotted name as written ("dt.date.today", "html.escape", "cur.execute")."""
    parts = []
    target: ast.AST = node.func
    while isinstance(target, ast.Attribute):
        parts.append(target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        parts.append(target.id)
    return ".".join(reversed(parts))


def _calls(path: Path) -> list[tuple[ast.Call, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node, _called(node)) for node in ast.walk(tree) if isinstance(node, ast.Call)]


# -- the clock ---------------------------------------------------------------------------
CLOCK = re.compile(r"(^|\.)(date\.today|datetime\.now|datetime\.today|datetime\.utcnow)$")


def test_the_clock_is_read_only_in_periods() -> None:
    found = [
        f"{_where(path, node)} {name}()"
        for path in _modules()
        if path.name != "periods.py"
        for node, name in _calls(path)
        if CLOCK.search(name)
    ]
    assert found == [], "read today through workbook.periods (today(), now()):\n" + "\n".join(found)


def test_the_clock_rule_finds_a_call(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime as dt\nday = dt.date.today()\nnow = dt.datetime.now(dt.UTC)\n"
    )
    assert [name for _, name in _calls(sample) if CLOCK.search(name)] == [
        "dt.date.today",
        "dt.datetime.now",
    ]


# -- HTML only through templates ----------------------------------------------------------
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s|>|/>|$)")


#: A whole element written out in a plain string ("<p>Nobody yet.</p>"): markup made in
#: Python even with nothing interpolated. (Reading markup, e.g. a prefix test, is not.)
ELEMENT = re.compile(
    r"<(p|h[1-6]|strong|em|b|i|div|span|a|small|table|tr|td|th|ul|ol|li|section|bdi|code"
    r"|pre|label|button|form)\b[^>]*>.*?</\1>",
    re.S,
)


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _markup(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in ("html.escape", "escape"):
            found.append(f"{_where(path, node)} {_called(node)}()")
        if isinstance(node, ast.JoinedStr):
            parts = [v for v in node.values if isinstance(v, ast.Constant)]
            skip.update(id(v) for v in parts)
            text = "".join(v.value for v in parts if isinstance(v.value, str))
            if MARKUP.search(text):
                found.append(f"{_where(path, node)} f-string markup")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and ELEMENT.search(node.value)
        ):
            found.append(f"{_where(path, node)} markup in a string")
    return found


def test_html_is_made_only_by_templates() -> None:
    found = [line for path in _modules() for line in _markup(path)]
    assert found == [], "render a template (workbook/templating.py):\n" + "\n".join(found)


def test_the_markup_rule_finds_an_fstring_and_an_escape(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import html\nname = 'x'\na = f'<b>{name}</b>'\nb = html.escape(name)\n"
        "c = f'{name} <3 and a < b'\n"
        "d = '<p>Nobody yet.</p>'\n"
        "e = '<div class=\"chart\">'\n"  # a prefix to recognise: not an element made
        'def f():\n    """Wraps it in ``<p>...</p>``."""\n'
    )
    assert [line.split(" ", 1)[1] for line in _markup(sample)] == [
        "f-string markup",
        "html.escape()",
        "markup in a string",
    ]


# -- SQL only in the store -----------------------------------------------------------------
SQL_CALLS = re.compile(r"\.(execute|executemany|executescript)$|(^|\.)read_sql(_query)?$")


def test_sql_is_only_in_the_store() -> None:
    found = [
        f"{_where(path, node)} {name}()"
        for path in _modules()
        if _name(path) != "workbook.store"
        for node, name in _calls(path)
        if SQL_CALLS.search(name) and not name.endswith("execute_notebook")
    ]
    assert found == [], "add a Workbook method in workbook/store.py:\n" + "\n".join(found)


# -- one jinja2 environment ---------------------------------------------------------------
ENVIRONMENT = re.compile(r"(^|\.)(Sandboxed|Immutable|Native)?Environment$")


def _environments(path: Path) -> list[str]:
    return [
        f"{_where(path, node)} {name}()" for node, name in _calls(path) if ENVIRONMENT.search(name)
    ]


def test_jinja_environments_are_made_only_in_templating() -> None:
    found = [
        line
        for path in _modules()
        if _name(path) != "workbook.templating"
        for line in _environments(path)
    ]
    assert found == [], "overlay the one environment (workbook.templating.overlay):\n" + "\n".join(
        found
    )


def test_the_environment_rule_finds_a_second_environment(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import jinja2\nfrom jinja2 import Environment\nfrom jinja2.sandbox import "
        "SandboxedEnvironment\na = jinja2.Environment(autoescape=False)\nb = Environment()\n"
        "c = SandboxedEnvironment()\nd = ENV.overlay(loader=None)\n"
    )
    assert [line.split(" ", 1)[1] for line in _environments(sample)] == [
        "jinja2.Environment()",
        "Environment()",
        "SandboxedEnvironment()",
    ]


# -- no import cycles ----------------------------------------------------------------------
def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules ``path`` imports, anywhere in it (a function's import counts:
    it is the same dependency), except under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    # ``from workbook.x import y`` lists both workbook.x.y (when a module) and workbook.x
    return found


def _graph() -> dict[str, set[str]]:
    paths = _modules()
    modules = {_name(p) for p in paths}
    return {_name(p): _imports(p, modules) for p in paths}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (as a path a → b → … → a), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle == [], "an import cycle: " + " → ".join(cycle)


def test_the_cycle_rule_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


@pytest.mark.parametrize("module", ["workbook.capture", "workbook.store", "workbook.schema"])
def test_the_graph_sees_the_imports(module: str) -> None:
    graph = _graph()
    assert module in graph
    assert "workbook.schema" in graph["workbook.store"]
    assert {"workbook.capture.writes", "workbook.capture.matching"} <= graph["workbook.capture"]
