"""The coach's note: stored per period, rendered as safe Markdown, round-tripped in JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers.documents import context, document
from workbook import sections
from workbook.cli import main
from workbook.errors import WorkbookInputError
from workbook.jsonio import export_document, import_json
from workbook.notes import parse_targets, render_markdown, save_note
from workbook.store import Workbook, init_workbook

EVIL = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**well done**", "<p><strong>well done</strong></p>\n"),
        (EVIL, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<b>bold</b> & <i>x</i>", "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;</p>\n"),
        (
            "[site](https://example.com/a?b=1&c=2)",
            '<p><a rel="noopener noreferrer" href="https://example.com/a?b=1&amp;c=2">site</a></p>\n',
        ),
        (
            "[mail me](mailto:coach@example.com)",
            '<p><a rel="noopener noreferrer" href="mailto:coach@example.com">mail me</a></p>\n',
        ),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"),
        ("[click](JavaScript:alert(1))", "<p>[click](JavaScript:alert(1))</p>\n"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
        ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>\n"),
        ("[x](/relative/path)", "<p>[x](/relative/path)</p>\n"),
        (  # no images: a report loads nothing from the network
            "![tracker](https://example.com/t.png)",
            '<p>!<a rel="noopener noreferrer" href="https://example.com/t.png">tracker</a></p>\n',
        ),
        ("Café — «déjà vu»", "<p>Café — «déjà vu»</p>\n"),
    ],
)
def test_markdown_is_safe(text: str, expected: str) -> None:
    assert render_markdown(text) == expected


def test_no_javascript_link_survives_anywhere() -> None:
    html = render_markdown(
        "[a](javascript:alert(1)) <a href='javascript:alert(2)'>b</a> "
        "[c](  javascript:alert(3)) [d](jav&#x09;ascript:alert(4)) <javascript:alert(5)>"
    )
    assert "<a " not in html  # the one typed as HTML shows as text: &lt;a href=…
    assert "href=" not in html.replace("&lt;a href=", "")


def test_targets_are_checked() -> None:
    assert parse_targets([("follow_up_rate", 0.9), ("new_people", 5.0)]) == {
        "follow_up_rate": 0.9,
        "new_people": 5,
    }
    assert isinstance(parse_targets([("new_people", 5.0)])["new_people"], int)
    with pytest.raises(WorkbookInputError, match="'folow_up_rate': not a metric"):
        parse_targets([("folow_up_rate", 0.9)])
    with pytest.raises(WorkbookInputError, match="whole number"):
        parse_targets([("encounters", 2.5)])
    # As typed on the command line: ASCII digits only.
    assert parse_targets([("follow_up_rate", "0.85"), ("new_people", "12")]) == {
        "follow_up_rate": 0.85,
        "new_people": 12,
    }
    for typed in ("٣", "nan", "inf", "1e400", "1_0", ""):
        with pytest.raises(WorkbookInputError) as refused:
            parse_targets([("new_people", typed)])
        assert str(refused.value) == (
            f"--target new_people {typed!r} is not a number (like 12 or 0.8)"
        )


def test_a_note_is_stored_per_period_and_round_trips(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "ada.db", "Ada")
    first = save_note(
        path, "last-month", "Hello *Ada*", {"follow_up_rate": 0.9}, dt.date(2026, 11, 2)
    )
    assert (first.period.label, first.note_id, first.replaced) == ("2026-10", "c1", False)
    again = save_note(path, "2026-10", "Hello again", {"new_people": 4})
    assert (again.note_id, again.replaced) == ("c1", True)
    save_note(path, "2026-W44", "A week's note")
    with Workbook.open(path) as wb:
        document_out = export_document(wb)
    assert document_out["coach_notes"] == [
        {"id": "c1", "period": "2026-10", "text": "Hello again", "targets": {"new_people": 4}},
        {"id": "c2", "period": "2026-W44", "text": "A week's note", "targets": {}},
    ]
    # export → import into an empty workbook gives the same notes back
    exported = tmp_path / "ada.json"
    exported.write_text(json.dumps(document_out), encoding="utf-8")
    fresh = init_workbook(tmp_path / "copy.db")
    with Workbook.open(fresh) as wb:
        result = import_json(wb, exported)
        assert result.added["coach_notes"] == 2
        assert export_document(wb)["coach_notes"] == document_out["coach_notes"]


def test_an_invalid_note_in_json_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(document(coach_notes=[{"id": "c1", "period": "next-month", "text": "x"}])),
        encoding="utf-8",
    )
    with (
        Workbook.open(init_workbook(tmp_path / "w.db")) as wb,
        pytest.raises(WorkbookInputError, match="coach_notes record 'c1', field 'period'"),
    ):
        import_json(wb, bad)


def test_the_cli_stores_a_note_from_text_or_file(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "ada.db")
    runner = CliRunner()
    done = runner.invoke(
        main,
        [
            "note",
            "--workbook",
            str(path),
            "--period",
            "2026-10",
            "--text",
            "Well done",
            "--target",
            "follow_up_rate",
            "0.9",
            "--target",
            "new_people",
            "5",
        ],
    )
    assert done.exit_code == 0, done.output
    assert done.output == f"saved the coach's note for 2026-10 in {path}\n"
    note_file = tmp_path / "note.md"
    note_file.write_text("# Heading\n\nFrom a *file*\n", encoding="utf-8")
    done = runner.invoke(
        main, ["note", "--workbook", str(path), "--period", "2026-10", "--file", str(note_file)]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith("replaced the coach's note for 2026-10")
    with Workbook.open(path) as wb:
        (stored,) = wb.records("coach_notes")
    assert stored["text"] == "# Heading\n\nFrom a *file*"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-10"], "exactly one of --text or --file"),
        (
            ["--period", "2026-10", "--text", "a", "--file", "x.md"],
            "exactly one of --text or --file",
        ),
        (["--period", "2026-13", "--text", "a"], "'2026-13' is not a period"),
        (["--period", "2026-10", "--text", "a", "--target", "nope", "1"], "'nope': not a metric"),
        (["--period", "2026-10", "--file", "missing.md"], "missing.md: no such file"),
        (["--period", "2026-10", "--text", "   "], "the note is empty"),
    ],
)
def test_the_cli_refuses_bad_input_with_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = init_workbook(tmp_path / "ada.db")
    before = path.read_bytes()
    done = CliRunner().invoke(main, ["note", "--workbook", str(path), *args])
    assert done.exit_code == 2
    assert message in done.output
    assert "Traceback" not in done.output
    assert path.read_bytes() == before


def test_the_cli_does_not_create_a_workbook(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        main,
        ["note", "--workbook", str(tmp_path / "nope.db"), "--period", "2026-10", "--text", "x"],
    )
    assert done.exit_code == 2 and "no workbook here" in done.output
    assert not (tmp_path / "nope.db").exists()


# ---------------------------------------------------------------------------- in the report


def _with_note(text: str, targets: dict | None = None, period: str = "2026-10") -> dict:
    return document(
        coach_notes=[{"id": "c1", "period": period, "text": text, "targets": targets or {}}]
    )


def test_the_report_shows_the_note_near_the_top() -> None:
    html = sections.coach_note(
        context(_with_note(f"Great *work*. {EVIL} [x](javascript:alert(1))"))
    ).data
    assert "From your coach" in html
    assert "Great <em>work</em>." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "href" not in html and "[x](javascript:alert(1))" in html


def test_no_note_for_the_period_shows_nothing() -> None:
    assert (
        sections.coach_note(context(_with_note("for another month", period="2026-09"))).data == ""
    )
    assert sections.coach_note(context(document())).data == ""


def test_a_redacted_report_leaves_the_note_out_and_says_so() -> None:
    html = sections.coach_note(context(_with_note("Call Yorick about the party"), redact=True)).data
    assert "Yorick" not in html
    assert "left out of this redacted report" in html


def test_homework_is_shown_in_the_next_period_section() -> None:
    ctx = context(
        _with_note(
            "Next month", {"follow_up_rate": 0.9, "new_people": 5, "median_follow_up_days": 2}
        )
    )
    html = sections.next_period_prompts(ctx).data
    assert "Your coach suggests these targets for November 2026:" in html
    assert "<li>Follow-up rate: 90%</li>" in html
    assert "<li>New people met: 5</li>" in html
    assert "<li>Median days to follow up: at most 2 days</li>" in html
    assert "suggests" not in sections.next_period_prompts(context(document())).data
