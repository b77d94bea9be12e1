"""The forms of :mod:`workbook.forms`, driven like a person would: fill in, click Save.

ipywidgets work in plain Python (no kernel): setting ``widget.value`` and calling
``button.click()`` runs the same code as the browser does. Every test reads the store
back and checks that exactly what was typed was saved — or, for bad input, that the
message names the field and the workbook is unchanged.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from IPython.display import HTML
from IPython.utils.capture import capture_output

from workbook import capture, forms
from workbook.errors import WorkbookInputError
from workbook.jsonio import export_document
from workbook.store import Workbook

TODAY = dt.date(2026, 10, 5)
NASTY = "Zoë “Zed” O'Brien <script>alert('x')</script> & co"


@pytest.fixture(autouse=True)
def interactive(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Tests run as an interactive session unless they say otherwise; what a test
    registers to follow every save is forgotten after it."""
    from workbook.forms.base import AFTER_ANY_SAVE

    monkeypatch.delenv("WORKBOOK_HEADLESS", raising=False)
    yield
    AFTER_ANY_SAVE.clear()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Two people, two events, one encounter at the latest event."""
    file = tmp_path / "w.db"
    with Workbook.open(file, create=True) as wb:
        wb.put("people", {"id": "p1", "name": "Jane Roe", "organisation": "Acme"})
        wb.put("people", {"id": "p2", "name": "Li Wei"})
        wb.put(
            "events",
            {"id": "e1", "name": "Chamber breakfast", "kind": "meetup", "date": "2026-10-02"},
        )
        wb.put(
            "events", {"id": "e2", "name": "Tech meetup", "kind": "meetup", "date": "2026-09-10"}
        )
        wb.put(
            "encounters",
            {
                "id": "n1",
                "person": "p1",
                "date": "2026-10-02",
                "event": "e1",
                "card_exchanged": True,
            },
        )
    return file


def export(file: Path) -> dict[str, Any]:
    with Workbook.open(file) as wb:
        return export_document(wb)


def records(file: Path, collection: str) -> list[dict[str, Any]]:
    with Workbook.open(file) as wb:
        return wb.records(collection)


def by_id(file: Path, collection: str, record_id: str) -> dict[str, Any]:
    with Workbook.open(file) as wb:
        found = wb.get(collection, record_id)
    assert found is not None, f"{collection} {record_id} not saved"
    return found


def assert_error(form: Any, before: dict[str, Any], file: Path, *words: str) -> None:
    """The form shows one error naming ``words``; the workbook is exactly as before."""
    text = form.message.value.lower()
    assert "not saved" in text
    for word in words:
        assert word.lower() in text, f"{word!r} not in {form.message.value!r}"
    assert form.last_error is not None
    assert export(file) == before


# ---------------------------------------------------------------------------- encounter


def test_encounter_defaults_are_quick(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    assert form.person.options == ("Jane Roe — Acme", "Li Wei")
    assert form.person.ensure_option is False
    assert form.date.value == TODAY
    assert form.follow_up_planned.value is True
    assert form.follow_up_due.value == TODAY + dt.timedelta(days=3)
    assert form.card_exchanged.value is False
    assert form.quality.value == forms.NOTHING
    # everyday place first, then events latest first
    assert [value for _, value in form.event.options] == [forms.NOTHING, "e1", "e2"]
    assert form.event.options[0][0] == "— everyday place —"
    assert form.event.value == forms.NOTHING
    assert form.save_button.button_style == "success"
    assert form.widget is not None


def test_the_place_is_there_even_on_the_day_of_an_event(path: Path) -> None:
    form = forms.EncounterForm(path, today=dt.date(2026, 10, 2))  # e1 is that day
    assert form.event.value == forms.NOTHING
    assert form.place.layout.display != "none"
    form.event.value = "e1"
    assert form.place.layout.display == "none"
    form.event.value = forms.NOTHING
    assert form.place.layout.display != "none"


def test_encounter_with_existing_person_saves_exactly_what_was_typed(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Jane Roe — Acme"
    assert form.person_hint.value == ""
    form.date.value = dt.date(2026, 9, 10)
    form.event.value = "e2"
    form.learned.value = "Coaches <b>hockey</b> — 2 kids;\nloves “Ørsted” & café ☕"
    form.their_needs.value = "  a bookkeeper  "
    form.my_offer.value = "<script>alert(1)</script>"
    form.card_exchanged.value = True
    form.quality.value = 4
    form.follow_up_due.value = dt.date(2026, 9, 12)
    people_before = records(path, "people")

    saved = form.save()

    assert saved is not None
    assert [collection for collection, _ in saved] == ["encounters"]
    assert by_id(path, "encounters", "n2") == {
        "id": "n2",
        "person": "p1",
        "date": "2026-09-10",
        "event": "e2",
        "place": None,
        "learned": "Coaches <b>hockey</b> — 2 kids;\nloves “Ørsted” & café ☕",
        "their_needs": "  a bookkeeper  ",
        "my_offer": "<script>alert(1)</script>",
        "card_exchanged": True,
        "follow_up_planned": True,
        "follow_up_due": "2026-09-12",
        "quality": 4,
    }
    assert records(path, "people") == people_before  # nobody new
    message = form.message.value
    assert "Saved" in message
    assert "Jane Roe" in message
    assert "<script>" not in message
    assert "&lt;script&gt;" in message
    assert "2026-09-12" in message


def test_new_person_and_encounter_are_saved_together(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    seen: list[list[Any]] = []
    form.on_saved(seen.append)
    form.person.value = NASTY
    assert "new person" in form.person_hint.value.lower()
    assert "<script>" not in form.person_hint.value
    assert form.new_person_box.layout.display == "flex"
    form.organisation.value = "Rink & Co <i>"
    form.email.value = "zoe@example.org"
    form.place.value = "hockey rink"
    form.learned.value = "Runs the skate shop"

    form.save_button.click()

    assert form.last_error is None, form.message.value
    person = by_id(path, "people", "p3")
    assert person["name"] == NASTY
    assert person["organisation"] == "Rink & Co <i>"
    assert person["email"] == "zoe@example.org"
    encounter = by_id(path, "encounters", "n2")
    assert encounter["person"] == "p3"
    assert encounter["event"] is None
    assert encounter["place"] == "hockey rink"
    assert encounter["learned"] == "Runs the skate shop"
    assert encounter["date"] == TODAY.isoformat()
    assert encounter["follow_up_due"] == (TODAY + dt.timedelta(days=3)).isoformat()
    assert len(seen) == 1
    assert [collection for collection, _ in seen[0]] == ["people", "encounters"]
    assert "added to your people" in form.message.value
    assert "p3" not in form.message.value and "n2" not in form.message.value  # no ids


def test_new_person_is_rolled_back_when_the_encounter_fails(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Person and encounter are one transaction: no person without their encounter."""
    before = export(path)
    real_put = Workbook.put

    def failing_put(self: Workbook, collection: str, record: Any) -> Any:
        if collection == "encounters":
            raise WorkbookInputError("disk full (simulated)")
        return real_put(self, collection, record)

    monkeypatch.setattr(Workbook, "put", failing_put)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Brand New"
    assert form.save() is None
    assert "disk full" in form.message.value
    assert export(path) == before


def test_person_list_refreshes_after_save(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Ada Lovelace"
    form.organisation.value = "Engines Ltd"
    form.save_button.click()
    assert "Ada Lovelace — Engines Ltd" in form.person.options
    # and the next time she is typed, she is not new
    form.person.value = "ada lovelace — engines ltd"
    assert form.person_hint.value == ""
    form.save_button.click()
    assert form.last_error is None
    assert [p["name"] for p in records(path, "people")].count("Ada Lovelace") == 1
    assert by_id(path, "encounters", "n3")["person"] == "p3"


def test_after_save_the_person_fields_clear_and_the_occasion_stays(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Li Wei"
    form.event.value = "e1"
    form.date.value = dt.date(2026, 10, 2)
    form.learned.value = "x"
    form.their_needs.value = "y"
    form.my_offer.value = "z"
    form.card_exchanged.value = True
    form.quality.value = 5
    form.save_button.click()
    assert form.last_error is None
    assert (form.person.value, form.learned.value, form.their_needs.value, form.my_offer.value) == (
        "",
        "",
        "",
        "",
    )
    assert form.card_exchanged.value is False
    assert form.quality.value == forms.NOTHING
    assert form.date.value == dt.date(2026, 10, 2)
    assert form.event.value == "e1"
    assert form.follow_up_due.value == dt.date(2026, 10, 5)


def test_due_date_follows_the_date_until_changed(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.date.value = dt.date(2026, 10, 1)
    assert form.follow_up_due.value == dt.date(2026, 10, 4)
    form.follow_up_due.value = dt.date(2026, 10, 20)
    form.date.value = dt.date(2026, 10, 2)
    assert form.follow_up_due.value == dt.date(2026, 10, 20)


def test_no_follow_up_planned_saves_no_due_date(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Li Wei"
    form.follow_up_planned.value = False
    assert form.follow_up_due.disabled
    form.follow_up_due.value = dt.date(2020, 1, 1)  # ignored: no follow-up planned
    form.save()
    saved = by_id(path, "encounters", "n2")
    assert saved["follow_up_planned"] is False
    assert saved["follow_up_due"] is None


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_person_name_saves_nothing(path: Path, typed: str) -> None:
    before = export(path)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = typed
    form.learned.value = "something"
    form.save_button.click()
    assert_error(form, before, path, "who", "name")


def test_due_before_encounter_saves_nothing(path: Path) -> None:
    before = export(path)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "New Person"  # would also create a person: must not
    form.follow_up_due.value = TODAY - dt.timedelta(days=1)
    form.save_button.click()
    assert_error(form, before, path, "follow up by", "before the encounter")


def test_unknown_person_saves_nothing(path: Path) -> None:
    before = export(path)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Jane Roe — Other Corp"
    assert "nobody called" in form.person_hint.value.lower()
    form.save_button.click()
    assert_error(form, before, path, "who", "nobody is “Jane Roe — Other Corp”")


def test_a_known_name_typed_any_way_finds_them(path: Path) -> None:
    """Typing the name is enough: no need to pick "Jane Roe — Acme" from the list."""
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "  JANE   roe "
    assert form.person_hint.value == ""
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "encounters", "n2")["person"] == "p1"
    assert len(records(path, "people")) == 2


def test_a_name_two_people_share_asks_which(path: Path) -> None:
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p3", "name": "Jané Roe", "organisation": "Beta"})
    before = export(path)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "jane roe"
    assert "Which one?" in form.person_hint.value
    assert "Jane Roe — Acme" in form.person_hint.value
    assert "Jané Roe — Beta" in form.person_hint.value
    form.save_button.click()
    assert_error(form, before, path, "who", "could be 2 people")
    form.person.value = "Jane Roe — beta"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "encounters", "n2")["person"] == "p3"


def test_missing_workbook_is_a_message_not_a_crash(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    path.unlink()
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    form.person.value = "Li Wei"
    form.save_button.click()
    assert "not saved" in form.message.value.lower()
    assert not path.exists()


# ---------------------------------------------------------------------------- touchpoint


def test_touchpoint_saves_exactly_what_was_typed(path: Path) -> None:
    form = forms.TouchpointForm(path, today=TODAY)
    assert ("I reached out", "out") in form.direction.options
    assert form.channel.options[0] == ("E-mail", "email")
    form.person.value = "Jane Roe — Acme"
    form.date.value = dt.date(2026, 10, 3)
    form.direction.value = "in"
    form.kind.value = "intro_received"
    form.channel.value = "social"
    form.note.value = "Sent me <a href='x'>a link</a> — thanks ❤"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "touchpoints", "t1") == {
        "id": "t1",
        "person": "p1",
        "date": "2026-10-03",
        "direction": "in",
        "kind": "intro_received",
        "channel": "social",
        "note": "Sent me <a href='x'>a link</a> — thanks ❤",
    }
    assert "Social media" in form.message.value
    assert form.person.value == ""
    assert form.note.value == ""


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", ("person",)),
        ("Nobody Known", ("person", "unknown person")),
        ("Jane Roe — Other", ("person", "unknown person")),
    ],
)
def test_touchpoint_needs_an_existing_person(
    path: Path, typed: str, words: tuple[str, ...]
) -> None:
    before = export(path)
    form = forms.TouchpointForm(path, today=TODAY)
    form.person.value = typed
    form.save_button.click()
    assert_error(form, before, path, *words)


# ---------------------------------------------------------------------------- opportunity


def test_opportunity_saves_exactly_what_was_typed(path: Path) -> None:
    form = forms.OpportunityForm(path, today=TODAY)
    form.person.value = "Li Wei"
    form.kind.value = "client"
    form.note.value = "Wants a <site> in 日本語"
    saved = form.save()
    assert saved is not None
    assert by_id(path, "opportunities", "o1") == {
        "id": "o1",
        "person": "p2",
        "date": TODAY.isoformat(),
        "kind": "client",
        "note": "Wants a <site> in 日本語",
    }


def test_opportunity_with_unknown_person_saves_nothing(path: Path) -> None:
    before = export(path)
    form = forms.OpportunityForm(path, today=TODAY)
    form.person.value = "Someone Else"
    form.save_button.click()
    assert_error(form, before, path, "person", "unknown person")


def test_link_refreshes_the_other_forms(path: Path) -> None:
    encounter = forms.EncounterForm(path, today=TODAY)
    touch = forms.TouchpointForm(path, today=TODAY)
    forms.link(encounter, touch)
    encounter.person.value = "Grace Hopper"
    encounter.save_button.click()
    assert "Grace Hopper" in touch.person.options
    touch.person.value = "Grace Hopper"
    touch.save_button.click()
    assert by_id(path, "touchpoints", "t1")["person"] == "p3"


# ---------------------------------------------------------------------------- purpose


def test_purpose_saves_questions_and_targets(path: Path) -> None:
    form = forms.PurposeForm(path, "2026-10-01", "2026-10-31", today=TODAY)
    assert (form.start.value, form.end.value) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert set(form.target_value) == set(forms.TARGET_LABELS)
    form.why.value = "Grow my <practice> — and have fun"
    form.intended_outcome.value = "10 new people"
    form.follow_up_plan.value = "E-mail within 3 days"
    form.nurture_plan.value = "Coffee within a month"
    form.opportunity_note.value = "The hockey rink"
    assert all(box.value == "" for box in form.target_value.values())  # none set yet
    form.target_value["new_people"].value = "10"  # typing a number sets the target
    form.target_value["follow_up_rate"].value = "80"
    form.target_value["median_follow_up_days"].value = "2,5"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "purposes", "g1") == {
        "id": "g1",
        "start": "2026-10-01",
        "end": "2026-10-31",
        "why": "Grow my <practice> — and have fun",
        "intended_outcome": "10 new people",
        "follow_up_plan": "E-mail within 3 days",
        "nurture_plan": "Coffee within a month",
        "opportunity_note": "The hockey rink",
        "targets": {"new_people": 10, "follow_up_rate": 0.8, "median_follow_up_days": 2.5},
    }
    # saving again updates the same purpose; emptying a target's box removes it
    form.target_value["median_follow_up_days"].value = ""
    form.save_button.click()
    assert [p["id"] for p in records(path, "purposes")] == ["g1"]
    assert by_id(path, "purposes", "g1")["targets"] == {"new_people": 10, "follow_up_rate": 0.8}
    # and a new form for that period opens it
    again = forms.PurposeForm(path, dt.date(2026, 10, 1), dt.date(2026, 10, 31), today=TODAY)
    assert again.purpose_id == "g1"
    assert again.why.value == "Grow my <practice> — and have fun"
    assert again.target_value["follow_up_rate"].value == "80"
    assert again.target_value["new_people"].value == "10"
    assert again.target_value["median_follow_up_days"].value == ""


def test_purpose_boxes_are_named_by_their_question_and_target(path: Path) -> None:
    """Every box has its own label: the five questions and each target (a screen reader
    used to hear "null" for the targets, and nothing for the questions)."""
    form = forms.PurposeForm(path, "2026-10-01", "2026-10-31", today=TODAY)
    questions = [getattr(form, name).description for name in capture.PURPOSE_QUESTIONS]
    assert questions[0] == "1. Why am I doing it?"
    assert all(q for q in questions)
    assert {n: b.description for n, b in form.target_value.items()} == forms.TARGET_LABELS


def test_purpose_end_before_start_saves_nothing(path: Path) -> None:
    before = export(path)
    form = forms.PurposeForm(path, "2026-10-31", "2026-10-01", today=TODAY)
    form.why.value = "fun"
    form.save_button.click()
    assert_error(form, before, path, "end", "before the start")


@pytest.mark.parametrize("rate", [120, -5])
def test_purpose_rate_out_of_range_saves_nothing(path: Path, rate: float) -> None:
    before = export(path)
    form = forms.PurposeForm(path, "2026-10-01", "2026-10-31", today=TODAY)
    form.target_value["follow_up_rate"].value = str(rate)
    form.save_button.click()
    assert_error(form, before, path, "follow-up rate", "between 0 and 100")


def test_purpose_negative_count_saves_nothing(path: Path) -> None:
    before = export(path)
    form = forms.PurposeForm(path, "2026-10-01", "2026-10-31", today=TODAY)
    form.target_value["encounters"].value = "-1"
    form.save_button.click()
    assert_error(form, before, path, "people met", "negative")


# ---------------------------------------------------------------------------- debrief


@pytest.fixture
def event_path(path: Path) -> Path:
    """Two more people met at e1."""
    with Workbook.open(path) as wb:
        wb.put(
            "encounters",
            {
                "id": "n2",
                "person": "p2",
                "date": "2026-10-02",
                "event": "e1",
                "follow_up_due": "2026-10-09",
            },
        )
        wb.put("encounters", {"id": "n3", "person": "p2", "date": "2026-09-10", "event": "e2"})
    return path


def test_debrief_and_follow_up_dates_in_one_save(event_path: Path) -> None:
    form = forms.DebriefForm(event_path, "e1", today=TODAY)
    assert set(form.follow_up_due) == {"n1", "n2"}
    assert form.follow_up_due["n1"].value is None
    assert form.follow_up_due["n2"].value == dt.date(2026, 10, 9)
    form.purpose_met.value = "partly"
    form.highlights.value = "Met the <mayor>"
    form.learned.value = "Bring more cards\nand a pen"
    form.wiift.value = "Jane needs a bookkeeper"
    form.next_steps.value = "Intro Jane to Li"
    form.energy.value = 4
    form.follow_up_due["n1"].value = dt.date(2026, 10, 6)
    saved = form.save()
    assert saved is not None
    assert len(saved) == 2
    assert by_id(event_path, "debriefs", "d1") == {
        "id": "d1",
        "event": "e1",
        "date": TODAY.isoformat(),
        "purpose_met": "partly",
        "highlights": "Met the <mayor>",
        "learned": "Bring more cards\nand a pen",
        "wiift": "Jane needs a bookkeeper",
        "next_steps": "Intro Jane to Li",
        "energy": 4,
    }
    assert by_id(event_path, "encounters", "n1")["follow_up_due"] == "2026-10-06"
    assert by_id(event_path, "encounters", "n2")["follow_up_due"] == "2026-10-09"
    assert by_id(event_path, "encounters", "n3")["follow_up_due"] is None
    assert "Chamber breakfast" in form.message.value
    # saving again updates the same debrief
    form.energy.value = 5
    form.save_button.click()
    assert [d["id"] for d in records(event_path, "debriefs")] == ["d1"]
    assert by_id(event_path, "debriefs", "d1")["energy"] == 5
    # "—" saves null
    form.purpose_met.value = forms.NOTHING
    form.save_button.click()
    assert by_id(event_path, "debriefs", "d1")["purpose_met"] is None
    # a new form opens the existing debrief
    again = forms.DebriefForm(event_path, "e1", today=TODAY)
    assert again.debrief_id == "d1"
    assert again.energy.value == 5
    assert again.purpose_met.value == forms.NOTHING
    assert again.follow_up_due["n1"].value == dt.date(2026, 10, 6)


def test_debrief_due_before_encounter_saves_nothing(event_path: Path) -> None:
    before = export(event_path)
    form = forms.DebriefForm(event_path, "e1", today=TODAY)
    form.highlights.value = "would be lost"
    form.follow_up_due["n1"].value = dt.date(2026, 10, 6)
    form.follow_up_due["n2"].value = dt.date(2026, 10, 1)
    form.save_button.click()
    assert_error(form, before, event_path, "follow up Li Wei by", "before the encounter")


def test_debrief_defaults_to_the_latest_event(event_path: Path) -> None:
    form = forms.DebriefForm(event_path, None, today=TODAY)
    assert form.event_id == "e1"
    with pytest.raises(WorkbookInputError, match="no event 'e9'"):
        forms.DebriefForm(event_path, "e9", today=TODAY)


# ---------------------------------------------------------------------------- headless


@pytest.fixture
def displayed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What :mod:`workbook.forms` passes to IPython's ``display``."""
    shown: list[Any] = []
    monkeypatch.setattr(forms, "display", lambda *objs, **_kw: shown.extend(objs))
    return shown


def test_show_displays_the_form_when_interactive(path: Path, displayed: list[Any]) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    forms.show(form)
    assert displayed == [form.widget]


def test_show_displays_nothing_headless(
    path: Path, monkeypatch: pytest.MonkeyPatch, displayed: list[Any]
) -> None:
    monkeypatch.setenv("WORKBOOK_HEADLESS", "1")
    assert forms.is_headless()
    import comm

    original = comm.create_comm
    form = forms.EncounterForm(path, today=TODAY)
    assert comm.create_comm is original  # put back after building
    assert isinstance(form.person.comm, comm.DummyComm)  # nothing sent to a front end
    assert forms.show(form) is None
    forms.display_form(form)
    assert displayed == []
    with capture_output() as captured:
        forms.show(form)
    assert not captured.stdout
    assert not captured.outputs
    # the follow-up list is plain HTML headless, not an Output widget
    forms.show_follow_ups(path, as_of="2026-10-05", refresh_on=[form])
    assert len(displayed) == 1
    assert isinstance(displayed[0], HTML)
    assert "Waiting for your follow-up" in displayed[0].data
    # the form still works headless
    form.person.value = "Li Wei"
    assert form.save() is not None


def test_follow_ups_refresh_after_a_save(path: Path, displayed: list[Any]) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    from workbook.forms.base import AFTER_ANY_SAVE

    try:
        forms.show_follow_ups(path, as_of=TODAY, refresh_on=[form])
        [board] = displayed
        assert isinstance(board, widgets.HTML)
        assert "Freshly Met" not in board.value
        form.person.value = "Freshly Met"
        form.save_button.click()
        assert "Freshly Met" in board.value
        # any other form's save refreshes it too
        other = forms.EncounterForm(path, today=TODAY)
        other.person.value = "Seen <Later>"
        other.save_button.click()
        assert "Seen &lt;Later&gt;" in board.value
    finally:
        AFTER_ANY_SAVE.clear()


def test_follow_up_board_lists_who_to_follow_up(path: Path) -> None:
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p9", "name": "<b>Bold</b>"})
        wb.put(
            "encounters",
            {
                "id": "n9",
                "person": "p9",
                "date": "2026-10-04",
                "place": "the rink",
                "follow_up_due": "2026-10-08",
            },
        )
    board = forms.follow_up_board(path, TODAY).data
    assert "Waiting for your follow-up" in board
    assert "Recently met" in board
    assert "&lt;b&gt;Bold&lt;/b&gt;" in board
    assert "<b>Bold" not in board
    assert "Jane Roe" in board
    assert "the rink" in board
    # earliest due first: Bold's is set to 10-08, Jane's is the window's 10-02 + 7 days
    assert board.index("&lt;b&gt;Bold") < board.index("Jane Roe")
    assert "in 3 days" in board
    assert "in 4 days" in board


def test_an_empty_workbook_works(tmp_path: Path) -> None:
    file = tmp_path / "empty.db"
    Workbook.open(file, create=True).close()
    board = forms.follow_up_board(file, TODAY).data
    assert "Nobody logged yet." in board
    form = forms.EncounterForm(file, today=TODAY)
    assert form.person.options == ()
    assert form.event.options == ((forms.EVERYDAY_CHOICE, forms.NOTHING),)
    form.person.value = "First Person"
    assert form.save() is not None
    assert [p["name"] for p in records(file, "people")] == ["First Person"]
    assert by_id(file, "encounters", "n1")["person"] == "p1"
    with pytest.raises(WorkbookInputError, match="no events"):
        forms.DebriefForm(file, None, today=TODAY)


# ---------------------------------------------------------------------------- dates, workbook


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(1, 10, 5), "before 1900"),  # a year typed into the wrong part of the box
        (dt.date(1899, 12, 31), "before 1900"),
        (TODAY + dt.timedelta(days=367), "more than a year ahead"),
    ],
)
def test_an_implausible_date_is_refused(path: Path, day: dt.date, words: str) -> None:
    before = export(path)
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Brand New"
    form.place.value = "rink"
    form.date.value = day
    form.follow_up_due.value = None
    form.save_button.click()
    assert_error(form, before, path, "date", words)


def test_a_year_ahead_is_the_last_date_accepted(path: Path) -> None:
    form = forms.TouchpointForm(path, today=TODAY)
    form.person.value = "li wei"
    form.date.value = TODAY + dt.timedelta(days=366)
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert records(path, "touchpoints")[0]["date"] == "2027-10-06"


def test_the_date_returns_to_today_after_an_everyday_save(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.person.value = "Li Wei"
    form.place.value = "grocery store"
    form.date.value = dt.date(2026, 9, 30)
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "encounters", "n2")["date"] == "2026-09-30"
    assert form.date.value == TODAY
    assert form.follow_up_due.value == TODAY + dt.timedelta(days=3)


def test_picking_an_event_sets_the_date_to_its_date(path: Path) -> None:
    form = forms.EncounterForm(path, today=TODAY)
    form.event.value = "e2"
    assert form.date.value == dt.date(2026, 9, 10)
    assert form.follow_up_due.value == dt.date(2026, 9, 13)
    form.event.value = "e1"
    assert form.date.value == dt.date(2026, 10, 2)


def test_purpose_confirmation_shows_the_rate_as_typed(path: Path) -> None:
    form = forms.PurposeForm(path, "2026-10-01", "2026-10-31", today=TODAY)
    form.target_value["follow_up_rate"].value = "80"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert records(path, "purposes")[0]["targets"] == {"follow_up_rate": 0.8}
    assert "<strong>Targets</strong>: Follow-up rate (%) 80</li>" in form.message.value
    assert "0.8" not in form.message.value
    assert "g1" not in form.message.value


# ---------------------------------------------------------------------------- pages

from workbook.pages import PAGES, show_page  # noqa: E402
from workbook.pages.debrief import DebriefPicker  # noqa: E402
from workbook.pages.people import PeoplePage  # noqa: E402
from workbook.pages.pickers import period_choices  # noqa: E402
from workbook.pages.purpose import PurposePicker  # noqa: E402
from workbook.pages.records import RecordsPage  # noqa: E402
from workbook.pages.today import FollowUps, due_follow_ups  # noqa: E402


def _texts(widget: widgets.Widget) -> list[str]:
    """Every description and HTML value in a widget tree."""
    found = []
    stack = [widget]
    while stack:
        w = stack.pop()
        for attr in ("description", "value"):
            value = getattr(w, attr, None)
            if isinstance(value, str):
                found.append(value)
        stack.extend(getattr(w, "children", ()))
    return found


def test_pages_registry_in_menu_order(path: Path) -> None:
    assert list(PAGES) == ["today", "plan_event", "debrief", "purpose", "people", "records"]
    for name, spec in PAGES.items():
        assert spec.name == name and spec.title and spec.help.endswith(".")
        built = spec.build(path)
        assert isinstance(built, widgets.Widget)
        assert any(str(path) in text for text in _texts(built)), name  # which workbook


def test_today_page_has_the_encounter_labels_once(path: Path) -> None:
    built = PAGES["today"].build(path)
    labels = [t for t in _texts(built) if t]
    for label in ("Who", "Place", "What I learned", "Their needs", "My offer"):
        # a browser finds a field by a label containing the words: exactly one may
        assert [t for t in labels if label.lower() in t.lower() and len(t) < 40] == [label]
    assert labels.count("Save encounter") == 1


def test_pages_without_a_workbook_say_how_to_start_and_make_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "workbook.db"
    for spec in PAGES.values():
        built = spec.build(missing)
        text = " ".join(_texts(built))
        assert "workbook init" in text, spec.name
        assert "Save encounter" not in text
    assert not missing.exists() and not missing.parent.exists()


def test_forms_never_write_the_demo_when_no_workbook_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log notebook's path: no --workbook, no $WORKBOOK, no workbook of one's own."""
    from workbook import locations

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locations.WORKBOOK_ENV, raising=False)
    demo = tmp_path / "data" / "demo.db"
    Workbook.open(demo, create=True).close()
    before = demo.read_bytes()
    built = PAGES["today"].build(locations.workbook_path(None))
    assert "workbook init" in " ".join(_texts(built))
    assert demo.read_bytes() == before
    assert not locations.workbook_path(None).exists()


@pytest.fixture
def due_path(path: Path) -> Path:
    """n1 (Jane, met 2026-10-02 at e1, due by the 7-day window: 2026-10-09).
    n2: Li met 2026-10-01 at the rink, due 2026-10-05 (today), with notes.
    n3: Li met 2026-09-01, followed up on 2026-09-02 (done)."""
    with Workbook.open(path) as wb:
        wb.put(
            "encounters",
            {
                "id": "n2",
                "person": "p2",
                "date": "2026-10-01",
                "place": "rink",
                "follow_up_due": "2026-10-05",
                "learned": NASTY,
                "their_needs": "a <b>coach</b>",
            },
        )
        wb.put("encounters", {"id": "n3", "person": "p2", "date": "2026-09-01"})
        wb.put(
            "touchpoints",
            {"id": "t1", "person": "p2", "date": "2026-09-02", "direction": "out"},
        )
    return path


def test_follow_ups_due_today_and_overdue(due_path: Path) -> None:
    # On 2026-10-05: n2 is due today; n1 is due 2026-10-09 (not yet); n3 was followed up
    # ... but t1 (2026-09-02) is before n2, so n2 is still open.
    rows = due_follow_ups(due_path, TODAY)
    assert [(r["encounter"], r["days_overdue"]) for r in rows] == [("n2", 0)]
    assert rows[0]["learned"] == NASTY and rows[0]["where"] == "rink"
    # On 2026-10-11: n1 is 2 days overdue, n2 6 days overdue: most overdue first.
    later = due_follow_ups(due_path, dt.date(2026, 10, 11))
    assert [(r["encounter"], r["days_overdue"]) for r in later] == [("n2", 6), ("n1", 2)]


def test_one_tap_records_the_follow_up(due_path: Path) -> None:
    board = FollowUps(due_path, TODAY)
    text = " ".join(_texts(board.widget))
    assert "Li Wei" in text and "due today" in text
    assert "&lt;b&gt;coach&lt;/b&gt;" in text and "<b>coach</b>" not in text
    board.channels["n2"].value = "call"
    board.buttons["n2"].click()
    assert records(due_path, "touchpoints")[-1] == {
        "id": "t2",
        "person": "p2",
        "date": TODAY.isoformat(),
        "direction": "out",
        "kind": "follow_up",
        "channel": "call",
        "note": None,
    }
    assert board.rows == []
    assert "up to date" in " ".join(_texts(board.widget))


def test_plan_an_event_with_its_questions(path: Path) -> None:
    form = forms.EventForm(path, today=TODAY)
    form.name.value = NASTY
    form.date.value = dt.date(2026, 10, 20)
    form.kind.value = "conference"
    form.location.value = "Hall <3>"
    form.answers["purpose"].value = "meet <b>accountants</b>"
    form.answers["intended_outcome"].value = "two coffees"
    form.target_people.value = "5"
    form.answers["follow_up_plan"].value = "e-mail next morning"
    form.answers["nurture_plan"].value = "a coffee a month"
    form.answers["opportunity_note"].value = "the coat check"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert by_id(path, "events", "e3") == {
        "id": "e3",
        "name": NASTY,
        "kind": "conference",
        "date": "2026-10-20",
        "location": "Hall <3>",
        "purpose": "meet <b>accountants</b>",
        "intended_outcome": "two coffees",
        "target_people": 5,
        "follow_up_plan": "e-mail next morning",
        "nurture_plan": "a coffee a month",
        "opportunity_note": "the coat check",
    }
    assert "<b>accountants</b>" not in form.message.value
    assert form.name.value == ""  # ready for the next one
    again = forms.EventForm(path, "e3", today=TODAY)
    assert again.answers["follow_up_plan"].value == "e-mail next morning"
    assert again.answers["intended_outcome"].value == "two coffees"
    assert again.target_people.value == "5"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("target_people", "five", "not a whole number"),
        # isdigit() says yes to both; int() reads the first and raises on the second
        ("target_people", "٥", "“٥” is not a whole number"),
        ("target_people", "²", "“²” is not a whole number"),
        ("name", "  ", "name"),
    ],
)
def test_plan_an_event_bad_input_saves_nothing(
    path: Path, field: str, value: str, words: str
) -> None:
    before = export(path)
    form = forms.EventForm(path, today=TODAY)
    form.name.value = "Mixer"
    getattr(form, field).value = value
    form.save_button.click()
    assert_error(form, before, path, words)


def test_debrief_page_picks_events_and_its_status_follows_the_save(event_path: Path) -> None:
    picker = DebriefPicker(event_path, today=TODAY)
    assert picker.event is not None
    assert [v for _, v in picker.event.options] == ["e1", "e2"]  # latest first
    assert "haven't debriefed" in html.unescape(picker.status.value)
    picker.event.value = "e2"
    assert picker.form is not None and picker.form.event_id == "e2"
    picker.form.highlights.value = "good"  # type: ignore[attr-defined]
    picker.form.save_button.click()
    assert "Debriefed on 2026-10-05" in picker.status.value
    assert by_id(event_path, "debriefs", "d1")["event"] == "e2"


def test_period_choices() -> None:
    choices = period_choices(
        [{"id": "g1", "start": "2026-01-01", "end": "2026-06-30"},
         {"id": "g2", "start": "2026-10-01", "end": "2026-10-31"}],
        TODAY,
    )  # fmt: skip
    spans = [(a.isoformat(), b.isoformat()) for _, (a, b) in choices]
    assert spans == [
        ("2026-10-01", "2026-10-31"),  # this month (and g2's: listed once)
        ("2026-11-01", "2026-11-30"),
        ("2026-10-01", "2026-12-31"),
        ("2027-01-01", "2027-03-31"),
        ("2026-01-01", "2026-12-31"),
        ("2026-01-01", "2026-06-30"),  # g1
    ]


def test_purpose_page_opens_the_period_picked(path: Path) -> None:
    picker = PurposePicker(path, today=TODAY)
    assert picker.form is not None
    assert (picker.form.start.value, picker.form.end.value) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    picker.period.value = picker.period.options[1][1]
    assert picker.form.start.value == dt.date(2026, 11, 1)


def test_people_page_edits_a_person(path: Path) -> None:
    people = PeoplePage(path, today=TODAY)
    people.find.value = "jane ROE"
    assert people.editor is not None and people.person_id == "p1"
    fields = people.editor.fields
    fields["role"].value = "CFO <i>"
    fields["phone"].value = "+1 555 0100"
    fields["url"].value = "https://example.org/jané"
    fields["needs"].value = "a bookkeeper & more"
    fields["cadence_days"].value = "30"
    fields["introduced_by"].value = "p2"
    fields["tags"].value = "accountant, hockey ,"
    people.editor.save_button.click()
    assert by_id(path, "people", "p1") == {
        "id": "p1",
        "name": "Jane Roe",
        "organisation": "Acme",
        "role": "CFO <i>",
        "email": None,
        "phone": "+1 555 0100",
        "url": "https://example.org/jané",
        "tags": ["accountant", "hockey"],
        "needs": "a bookkeeper & more",
        "cadence_days": 30,
        "introduced_by": "p2",
        "notes": None,
    }
    before = export(path)
    fields["cadence_days"].value = "monthly"
    people.editor.save_button.click()
    assert "not a whole number" in people.editor.message.value
    assert export(path) == before


def test_people_page_merges_after_one_confirmation(path: Path) -> None:
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p3", "name": "J. Roe", "email": "jane@acme.example"})
        wb.put("encounters", {"id": "n2", "person": "p3", "date": "2026-10-03"})
        wb.put("touchpoints", {"id": "t1", "person": "p3", "date": "2026-10-04", "direction": "in"})
    people = PeoplePage(path, today=TODAY)
    people.find.value = "Jane Roe — Acme"
    people.same_as.value = "p3"
    people.merge_button.click()
    question = " ".join(_texts(people.merge_confirm))
    assert "Moves 1 encounter, 1 touchpoint" in question
    assert len(records(path, "people")) == 3  # asked, nothing done yet
    yes = people.merge_confirm.children[1].children[0]
    yes.click()
    assert [p["id"] for p in records(path, "people")] == ["p1", "p2"]
    assert by_id(path, "people", "p1")["email"] == "jane@acme.example"
    assert {e["id"]: e["person"] for e in records(path, "encounters")} == {"n1": "p1", "n2": "p1"}
    assert records(path, "touchpoints")[0]["person"] == "p1"


def test_records_page_corrects_and_deletes_an_encounter(path: Path) -> None:
    page = RecordsPage(path, today=TODAY)
    assert page.list.options == (("2026-10-02 · met Jane Roe · Chamber breakfast", "n1"),)
    page.list.value = "n1"
    assert page.editor is not None
    page.editor.fields["learned"].value = NASTY
    page.editor.fields["date"].value = dt.date(1, 10, 2)
    page.editor.save_button.click()
    assert "before 1900" in page.editor.message.value
    page.editor.fields["date"].value = dt.date(2026, 10, 2)
    page.editor.save_button.click()
    assert by_id(path, "encounters", "n1")["learned"] == NASTY
    page.list.value = "n1"
    page.editor.delete_button.click()
    assert "Delete this encounter?" in " ".join(_texts(page.editor.confirm))
    assert len(records(path, "encounters")) == 1
    page.editor.confirm_button.click()
    assert records(path, "encounters") == []
    assert page.list.options == (("Nothing listed here yet.", ""),)


def test_records_page_deleting_an_event_says_what_goes_with_it(event_path: Path) -> None:
    with Workbook.open(event_path) as wb:
        wb.put("debriefs", {"id": "d1", "event": "e1", "date": "2026-10-03"})
    page = RecordsPage(event_path, today=TODAY)
    page.kind.value = "events"
    page.filter.value = "chamber"
    assert [v for _, v in page.list.options] == ["e1"]
    page.list.value = "e1"
    assert page.editor is not None
    page.editor.delete_button.click()
    said = " ".join(_texts(page.editor.confirm))
    assert "deletes 1 debrief" in said and "keeps 2 encounters as everyday" in said
    page.editor.confirm_button.click()
    assert [e["id"] for e in records(event_path, "events")] == ["e2"]
    assert records(event_path, "debriefs") == []
    assert {e["id"]: e["event"] for e in records(event_path, "encounters")} == {
        "n1": None,
        "n2": None,
        "n3": "e2",
    }


# ---------------------------------------------------------------------------- notebooks


def test_show_page_in_a_notebook(
    event_path: Path, displayed: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert show_page("debrief", str(event_path), event="e2") is None  # no repr printed
    [page] = displayed
    pickers = [
        w for w in _walk(page) if isinstance(w, widgets.Dropdown) and w.description == "Event"
    ]
    assert [p.value for p in pickers] == ["e2"]
    show_page("purpose", str(event_path), start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    starts = [w.value for w in _walk(displayed[1]) if getattr(w, "description", "") == "From"]
    assert starts == [dt.date(2026, 9, 1)]
    monkeypatch.setenv("WORKBOOK_HEADLESS", "1")
    show_page("today", str(event_path))
    forms.start_button(str(event_path.with_name("none.db")))
    assert len(displayed) == 2


def test_start_button_starts_a_workbook_where_the_notebooks_look(
    tmp_path: Path, displayed: list[Any]
) -> None:
    target = tmp_path / "mine.db"
    forms.start_button(str(target))
    [box] = displayed
    said = box.children[0]
    owner, button = box.children[1].children
    assert "workbook init" in said.value and str(target) in said.value
    owner.value = "Zoë <b>"
    button.click()
    assert "ready" in said.value
    with Workbook.open(target) as wb:
        assert wb.owner == "Zoë <b>"
    forms.start_button(str(target))  # exists now: nothing more shown
    assert len(displayed) == 1


def _walk(widget: widgets.Widget) -> list[widgets.Widget]:
    found, stack = [], [widget]
    while stack:
        w = stack.pop()
        found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


def test_live_follows_any_save(event_path: Path, displayed: list[Any]) -> None:
    """What a notebook shows above the debrief form follows the save."""
    from workbook import walks
    from workbook.context import open_context
    from workbook.forms.base import AFTER_ANY_SAVE

    def status() -> Any:
        return walks.event_debriefs(open_context(event_path, as_of=TODAY), "e1")

    try:
        forms.live(status)
        [box] = displayed
        assert "You haven't debriefed" in html.unescape(box.value)
        form = forms.DebriefForm(event_path, "e1", today=TODAY)
        form.highlights.value = "the <mayor>"
        form.save_button.click()
        assert form.last_error is None, form.message.value
        assert "debriefed this event yet" not in box.value
        assert "the &lt;mayor&gt;" in box.value
    finally:
        AFTER_ANY_SAVE.clear()


def test_touchpoint_finds_a_known_person_by_name_alone(path: Path) -> None:
    """ "jane roe" is enough: no need to pick "Jane Roe — Acme" from the list."""
    form = forms.TouchpointForm(path, today=TODAY)
    form.person.value = "JANE roe"
    form.save_button.click()
    assert form.last_error is None, form.message.value
    assert records(path, "touchpoints")[0]["person"] == "p1"
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p3", "name": "Jane Roé", "organisation": "Beta"})
    before = export(path)
    form.refresh()
    form.person.value = "jane roe"
    form.save_button.click()
    assert_error(form, before, path, "person", "could be 2 people", "Jane Roé — Beta")


def test_correcting_an_event_edits_the_questions_before_going(event_path: Path) -> None:
    from workbook.forms.editor import RecordEditor

    editor = RecordEditor(event_path, "events", "e1", today=TODAY)
    assert editor.fields["follow_up_plan"].description == "Follow-up plan"
    assert editor.fields["opportunity_note"].value == ""
    editor.fields["follow_up_plan"].value = "a note to <each> the next morning"
    editor.fields["opportunity_note"].value = "the organisers' café"
    assert editor.save(), editor.message.value
    stored = by_id(event_path, "events", "e1")
    assert stored["follow_up_plan"] == "a note to <each> the next morning"
    assert stored["opportunity_note"] == "the organisers' café"
