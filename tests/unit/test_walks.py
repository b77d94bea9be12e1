"""Unit tests of workbook.walks: the purpose-setting, event-debrief and follow-up walks.

Every number is worked out by hand from ``WALK_DOC`` below. W = 7, A = 2026-11-26; the
follow-up analysis looks at P = November 2026, purpose setting sets November 2026.

    person  encounter                                  out touchpoint     status on A
    p1      n1  11-03 e1 meetup, card                  t1 11-05           followed (day 2)
    p2      n2  11-03 e1 meetup, card                  —                  overdue (due 11-10)
    p3      n3  11-03 e1 meetup, due 11-30             —                  missed, not yet due
    p4      n4  11-03 e1 meetup                        t4 11-15           missed (late, day 12)
    p5      n5  11-22 "hockey rink", card              —                  pending (to 11-29)
    p6      n6  11-12 "grocery store"                  t6 11-13           followed (day 1)
    p7      n7  11-14 "auto shop", card                —                  overdue (due 11-21)
    p8      n8  11-10 e2 trade show                    t8 11-11           followed (day 1)
    p12     n9  11-05 "school gate"                    —                  overdue (due 11-12)
    p13     n13 11-10 e2 trade show                    t13 11-12          followed (day 2)
    p9      n10 10-05 e0 meetup                        t10 10-06          followed (October)
    p10     n11 10-20 "check-out line"                 —                  missed (October)
    p11     n12 09-15 "bakery"                         t12 09-16          followed (September)

November: planned 10, followed 4, missed 5, pending 1 → rate 4/9; events 3 of 6 (meetup
1 of 4, trade show 2 of 2), everyday places 1 of 3. Cards whose window closed: n1, n2, n7
→ 2 of 3 never followed up. Overdue: n2 16 days, n9 14, n7 5. Median days 1,1,2,2,12 → 2.
October: 1 of 2 (50%). History for suggestions: September and October (nothing before).
p9 has a 30-day cadence, last in touch 10-20 (a give) → 7 days past it on A.
Events: e0 10-05, e1 11-03 (target 4), e2 11-10, e3 12-05 (after A).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from workbook import walks
from workbook.errors import WorkbookInputError
from workbook.frames import frames_from_document
from workbook.periods import parse_period
from workbook.sections import Context

EVIL = "<script>alert(1)</script>"
EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
AS_OF = dt.date(2026, 11, 26)

NAMES = {
    "p1": "Ann Archer",
    "p2": "Bob Baker",
    "p3": "Cat Cole",
    "p4": "Dan Dale",
    "p5": "Eve Eton",
    "p6": "Fay Fox",
    "p7": f"Gus {EVIL} Grey",
    "p8": "Hal Hart",
    "p9": "Ivy Ives",
    "p10": "Jon Jay",
    "p11": "Kim Kay",
    "p12": "Lea Lee",
    "p13": "Max Moe",
}


def _encounter(
    eid: str,
    person: str,
    date: str,
    event: str | None = None,
    place: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": eid,
        "person": person,
        "date": date,
        "event": event,
        "place": place,
        "card_exchanged": False,
        "follow_up_planned": True,
        **extra,
    }


def _touch(
    tid: str, person: str, date: str, direction: str = "out", kind: str = "follow_up"
) -> dict[str, Any]:
    return {
        "id": tid,
        "person": person,
        "date": date,
        "direction": direction,
        "kind": kind,
        "channel": "email",
    }


WALK_DOC: dict[str, Any] = {
    "format": "networking-workbook",
    "version": 1,
    "owner": {"name": "Ada Example"},
    "people": [
        {
            "id": pid,
            "name": name,
            "organisation": "Bakery & Co" if pid == "p1" else None,
            "cadence_days": 30 if pid == "p9" else None,
        }
        for pid, name in NAMES.items()
    ],
    "events": [
        {"id": "e0", "name": "October meetup", "kind": "meetup", "date": "2026-10-05"},
        {
            "id": "e1",
            "name": "Chamber breakfast",
            "kind": "meetup",
            "date": "2026-11-03",
            "location": "Town hall",
            "purpose": "Meet <b>bakers</b>",
            "intended_outcome": "Three conversations about catering",
            "target_people": 4,
        },
        {"id": "e2", "name": "Trade fair", "kind": "trade_show", "date": "2026-11-10"},
        {"id": "e3", "name": "Future conference", "kind": "conference", "date": "2026-12-05"},
    ],
    "encounters": [
        _encounter(
            "n1",
            "p1",
            "2026-11-03",
            "e1",
            card_exchanged=True,
            learned=f"{EVIL} loves sourdough",
            their_needs="An accountant",
            my_offer="Intro to Sam",
        ),
        _encounter("n2", "p2", "2026-11-03", "e1", card_exchanged=True),
        _encounter("n3", "p3", "2026-11-03", "e1", follow_up_due="2026-11-30"),
        _encounter("n4", "p4", "2026-11-03", "e1"),
        _encounter("n5", "p5", "2026-11-22", place="hockey rink", card_exchanged=True),
        _encounter("n6", "p6", "2026-11-12", place="grocery store"),
        _encounter("n7", "p7", "2026-11-14", place="auto shop", card_exchanged=True),
        _encounter("n8", "p8", "2026-11-10", "e2"),
        _encounter("n9", "p12", "2026-11-05", place="school gate"),
        _encounter("n13", "p13", "2026-11-10", "e2"),
        _encounter("n10", "p9", "2026-10-05", "e0"),
        _encounter("n11", "p10", "2026-10-20", place="check-out line"),
        _encounter("n12", "p11", "2026-09-15", place="bakery"),
    ],
    "touchpoints": [
        _touch("t1", "p1", "2026-11-05"),
        _touch("t1i", "p1", "2026-11-06", "in"),
        _touch("t1a", "p1", "2026-11-08", kind="ask"),
        _touch("t4", "p4", "2026-11-15"),
        _touch("t6", "p6", "2026-11-13"),
        _touch("t8", "p8", "2026-11-11"),
        _touch("t13", "p13", "2026-11-12"),
        _touch("t10", "p9", "2026-10-06"),
        _touch("t10g", "p9", "2026-10-20", kind="give"),
        _touch("t12", "p11", "2026-09-16"),
    ],
    "purposes": [
        {
            "id": "g1",
            "start": "2026-10-01",
            "end": "2026-10-31",
            "why": f"Grow my practice {EVIL}",
            "intended_outcome": "Two new clients",
            "follow_up_plan": "Email within 2 days",
            "nurture_plan": None,
            "opportunity_note": "The hockey rink",
            "targets": {"new_people": 2, "follow_up_rate": 0.8},
        },
    ],
    "debriefs": [
        {
            "id": "d1",
            "event": "e1",
            "date": "2026-11-04",
            "purpose_met": "partly",
            "highlights": f"Met 4 people {EVIL}",
            "wiift": "They need caterers",
            "energy": 4,
        },
    ],
    "opportunities": [{"id": "o1", "person": "p9", "date": "2026-11-20", "kind": "referral"}],
}


def walk_document() -> dict[str, Any]:
    """A fresh deep copy of ``WALK_DOC`` (also used by the end-to-end test)."""
    return copy.deepcopy(WALK_DOC)


def context(
    document: dict[str, Any] | None = None,
    period: str = "2026-11",
    as_of: dt.date = AS_OF,
    window: int = 7,
) -> Context:
    frames = frames_from_document(document if document is not None else walk_document())
    return Context(
        workbook=Path("x.db"),
        frames=frames,
        period=parse_period(period, as_of),
        as_of=as_of,
        window=window,
    )


EMPTY = {"format": "networking-workbook", "version": 1, "owner": {"name": "New Person"}}


# ---------------------------------------------------------------------- purpose setting


def test_suggest_targets_from_own_history() -> None:
    ctx = context()
    suggested = walks.suggest_targets(ctx.frames, AS_OF, period=ctx.period)
    # September: 1 new person, 1 everyday; October: 2 new, 1 everyday, 1 event, 1 give.
    assert suggested["new_people"] == 2  # average 1.5 → 1.875 → 2
    assert suggested["everyday_encounters"] == 2  # average 1 → at least one more
    assert suggested["events_attended"] == 1  # average 0.5
    assert suggested["debriefs_done"] == 1  # debrief every suggested event
    assert suggested["gives"] == 1
    assert suggested["follow_up_rate"] == 0.8  # 2 of 3 → 0.767 → up to 0.80
    assert suggested["median_follow_up_days"] == 1  # median 1 day: keep it
    assert all(name in walks.SUGGESTED_METRICS or name in walks.COUNT_PHRASES for name in suggested)


def test_suggestion_sentences() -> None:
    ctx = context()
    frame = walks.target_suggestions(ctx.frames, AS_OF, period=ctx.period)
    said = dict(zip(frame["metric"], frame["sentence"], strict=True))
    assert said["new_people"] == "You met 1.5 new people a month on average; 2 is a stretch."
    assert said["everyday_encounters"] == (
        "You met 1 person in everyday places a month on average; 2 is a stretch."
    )
    assert said["follow_up_rate"] == (
        "You followed up 2 of 3 people within 7 days (67%); 80% is a stretch."
    )
    assert said["median_follow_up_days"] == (
        "Half of your follow-ups took 1 day or less; keep it there."
    )
    assert said["debriefs_done"] == (
        "You debriefed 0 events a month on average; debrief every event you go to: 1."
    )
    html = walks.suggested_targets(ctx).data
    assert "Based on your last 2 complete months (September to October 2026):" in html


def test_suggestion_sentences_from_one_follow_up() -> None:
    """One encounter on 10-14, followed up on 10-16 (2 days): no "1 of 1 people", no
    "half of" one follow-up, no "last 1 complete month"."""
    one = EMPTY | {
        "people": [{"id": "p1", "name": "Jane Roe"}],
        "encounters": [{"id": "n1", "person": "p1", "date": "2026-10-14", "place": "rink"}],
        "touchpoints": [
            {
                "id": "t1",
                "person": "p1",
                "date": "2026-10-16",
                "direction": "out",
                "kind": "follow_up",
                "channel": "email",
            }
        ],
    }
    ctx = context(one)
    frame = walks.target_suggestions(ctx.frames, AS_OF, period=ctx.period)
    said = dict(zip(frame["metric"], frame["sentence"], strict=True))
    assert said["follow_up_rate"] == (
        "You followed up 1 of 1 person within 7 days (100%); keep it at 90% or better."
    )
    assert said["median_follow_up_days"] == "Your one follow-up took 2 days; aim for 1."
    october = walks.period_context(ctx, ctx.period.previous())
    assert walks.what_happened_sentence(october) == (
        "In October 2026 you met 1 new person (1 encounter, in an everyday place), went to "
        "no events and followed up 1 of 1 within 7 days (100%)."
    )
    one_day = walks.period_context(context(one, window=1), ctx.period.previous())
    assert walks.what_happened_sentence(one_day).endswith(
        "and followed up 0 of 1 within 1 day (0%)."
    )
    html = walks.suggested_targets(ctx).data
    assert "Based on your last complete month (October 2026):" in html


def test_stretch_matches_the_example() -> None:
    # "you met 6 new people a month on average; 8 is a stretch"
    assert walks._stretch(6) == 8
    assert walks._stretch(0) == 1
    assert walks._stretch(2.7) == 3


def test_suggestions_use_only_complete_months_before_the_period() -> None:
    doc = walk_document()
    # Three new people in August make August part of a 3-month history.
    doc["people"] += [{"id": f"a{i}", "name": f"Aug {i}"} for i in range(3)]
    doc["encounters"] += [
        _encounter(f"na{i}", f"a{i}", "2026-08-10", place="park") for i in range(3)
    ]
    ctx = context(doc)
    frame = walks.target_suggestions(ctx.frames, AS_OF, months=3, period=ctx.period)
    row = frame.set_index("metric").loc["new_people"]
    assert row["recent"] == 2  # (3 + 1 + 2) / 3; November (in progress) is left out
    assert row["suggested"] == 3


def test_suggestions_scale_to_a_week() -> None:
    ctx = context(period="2026-W48")
    frame = walks.target_suggestions(ctx.frames, AS_OF, period=ctx.period)
    said = dict(zip(frame["metric"], frame["sentence"], strict=True))
    assert said["new_people"] == "You met 0.3 new people a week on average; 1 is a stretch."


def test_empty_workbook_has_no_history_yet() -> None:
    ctx = context(EMPTY)
    assert walks.suggest_targets(ctx.frames, AS_OF) == {}
    assert "No history yet" in walks.suggested_targets(ctx).data
    assert "You have not set a purpose before" in walks.five_questions(ctx).data
    review = walks.last_period_review(ctx).data
    assert "Nothing was logged in October 2026" in review
    assert "You set no targets for October 2026." in review


def test_five_questions_show_last_answers_escaped() -> None:
    html = walks.five_questions(context()).data
    for _, question, _ in walks.FIVE_QUESTIONS:
        assert question.replace("'", "&#39;") in html  # escaped as markupsafe does
    assert f"Grow my practice {EVIL_ESCAPED}" in html
    assert EVIL not in html
    assert "What you wrote last time (1–31 Oct 2026):" in html
    assert "Email within 2 days" in html
    assert "You left this open last time (1–31 Oct 2026)." in html  # no nurture plan


def test_last_period_review_against_targets() -> None:
    ctx = context()
    prev = walks.period_context(ctx, ctx.period.previous())
    assert walks.targets_sentence(prev) == (
        "You met 1 of the 2 targets you set for October 2026; behind on follow-up rate."
    )
    # One target, then three with two behind (worked from the same October figures:
    # 2 new people, 1 of 2 followed up).
    one = walk_document()
    one["purposes"][0]["targets"] = {"follow_up_rate": 0.8}
    prev_one = walks.period_context(context(one), context(one).period.previous())
    assert walks.targets_sentence(prev_one) == (
        "You missed your one target for October 2026: follow-up rate."
    )
    one["purposes"][0]["targets"] = {"new_people": 2}
    prev_one = walks.period_context(context(one), context(one).period.previous())
    assert walks.targets_sentence(prev_one) == "You met your one target for October 2026."
    three = walk_document()
    three["purposes"][0]["targets"] = {"new_people": 2, "follow_up_rate": 0.8, "gives": 5}
    prev_three = walks.period_context(context(three), context(three).period.previous())
    assert walks.targets_sentence(prev_three) == (
        "You met 1 of the 3 targets you set for October 2026; behind on follow-up rate and "
        "gives & introductions."
    )
    assert walks.what_happened_sentence(prev) == (
        "In October 2026 you met 2 new people (2 encounters, 1 in everyday places), went to "
        "1 event and followed up 1 of 2 within 7 days (50%)."
    )
    html = walks.last_period_review(ctx).data
    assert "Two new clients" in html and "✗ behind" in html and "✓ on track" in html


def test_period_names() -> None:
    assert walks.period_name(parse_period("2026-10", AS_OF)) == "October 2026"
    assert walks.period_name(parse_period("2026-Q3", AS_OF)) == "Q3 2026"
    assert walks.period_name(parse_period("2026-W44", AS_OF)) == "the week of 26 Oct 2026"


# ------------------------------------------------------------------------ event debrief


def test_latest_event_is_the_default_and_ignores_future_events() -> None:
    ctx = context()
    assert walks.resolve_event(ctx, "") == "e2"  # e3 is dated after the as-of date
    assert walks.resolve_event(ctx, None) == "e2"
    assert walks.resolve_event(ctx, "e1") == "e1"
    assert walks.resolve_event(context(EMPTY), "") is None


def test_latest_event_ties_break_by_id() -> None:
    doc = walk_document()
    doc["events"].append({"id": "e9", "name": "Same day", "kind": "social", "date": "2026-11-10"})
    assert walks.resolve_event(context(doc), "") == "e9"


def test_unknown_event_is_a_clear_error() -> None:
    with pytest.raises(WorkbookInputError, match="'nope'") as caught:
        walks.resolve_event(context(), "nope")
    assert isinstance(caught.value, walks.EventNotFound)
    assert "the latest are: e2, e1, e0" in str(caught.value)
    assert caught.value.exit_code == 2


def test_event_after_as_of_is_refused() -> None:
    with pytest.raises(walks.EventNotFound, match="after the as-of date"):
        walks.resolve_event(context(), "e3")


def test_debrief_statuses_per_person() -> None:
    people = walks.event_people(context().frames, "e1", AS_OF, 7)
    got = dict(
        zip(people["name"], zip(people["status"], people["detail"], strict=True), strict=True)
    )
    assert got == {
        "Ann Archer": ("followed", "on day 2"),
        "Bob Baker": ("overdue", "— was due 10 Nov 2026"),
        "Cat Cole": ("missed", "— the 7-day window closed; due 30 Nov 2026"),
        "Dan Dale": ("missed", "— followed up late, on day 12"),
    }
    first = people.iloc[0]
    assert first["learned"] == f"{EVIL} loves sourdough"
    assert (first["their_needs"], first["my_offer"]) == ("An accountant", "Intro to Sam")


def test_pending_and_not_planned_statuses() -> None:
    doc = walk_document()
    doc["encounters"] += [
        _encounter("x1", "p5", "2026-11-24", "e2"),
        _encounter("x2", "p6", "2026-11-11", "e2", follow_up_planned=False),
    ]
    people = walks.event_people(context(doc).frames, "e2", AS_OF, 7)
    status = dict(zip(people["encounter"], people["status"], strict=True))
    assert status == {"n8": "followed", "n13": "followed", "x2": "not_planned", "x1": "pending"}
    detail = dict(zip(people["encounter"], people["detail"], strict=True))
    assert detail["x1"] == "— due 1 Dec 2026"
    assert detail["x2"] == "(followed up on day 2)"  # t6 on 11-13


def test_event_outcome_against_target() -> None:
    outcome = walks.event_outcome(context().frames, "e1", AS_OF, 7)
    assert outcome == {
        "met": 4,
        "target_people": 4,
        "pct": 1.0,
        "followed": 1,
        "pending": 0,
        "overdue": 1,
        "missed": 2,
        "not_planned": 0,
    }
    assert walks.event_outcome_sentence(outcome) == (
        "You aimed to meet 4 people and met 4 (100%). Follow-up today: 1 followed up in time, "
        "1 overdue, 2 missed the window."
    )
    no_target = walks.event_outcome(context().frames, "e2", AS_OF, 7)
    assert walks.event_outcome_sentence(no_target).startswith(
        "You met 2 people; you set no target for this event"
    )


def test_debrief_sections_escape_user_text() -> None:
    ctx = context()
    purpose = walks.event_purpose(ctx, "e1").data
    assert "Meet &lt;b&gt;bakers&lt;/b&gt;" in purpose
    assert "Three conversations about catering" in purpose
    people = walks.people_met_table(ctx, "e1").data
    assert f"{EVIL_ESCAPED} loves sourdough" in people
    assert "Ann Archer (Bakery &amp; Co)" in people
    assert "✗ overdue — was due 10 Nov 2026" in people
    debrief = walks.event_debriefs(ctx, "e1").data
    assert f"Met 4 people {EVIL_ESCAPED}" in debrief and "partly" in debrief
    assert "haven&#39;t debriefed" in walks.event_debriefs(ctx, "e2").data
    title = walks.event_title(ctx, "e1").data
    assert "Chamber breakfast" in title and "Meetup · 3 Nov 2026 · Town hall" in title
    for html in (purpose, people, debrief, walks.recent_events(ctx).data):
        assert EVIL not in html and "<b>" not in html


def test_debrief_sections_keep_line_breaks_and_escape_the_event_name() -> None:
    doc = walk_document()
    doc["owner"]["name"] = "Zoë <i>Example</i>"
    doc["events"][1]["name"] = f"Chamber {EVIL} breakfast"
    doc["events"][1]["purpose"] = "Meet bakers\nand <b>caterers</b>"
    doc["debriefs"][0]["highlights"] = "First line\nSecond & last line"
    ctx = context(doc)
    title = walks.event_title(ctx, "e1").data
    assert f"<h2>Chamber {EVIL_ESCAPED} breakfast</h2>" in title
    purpose = walks.event_purpose(ctx, "e1").data
    assert "<dd>Meet bakers<br>and &lt;b&gt;caterers&lt;/b&gt;</dd>" in purpose
    debrief = walks.event_debriefs(ctx, "e1").data
    assert "<dd>First line<br>Second &amp; last line</dd>" in debrief
    # No event picked: the owner and the as-of date, escaped.
    assert "<strong>Zoë &lt;i&gt;Example&lt;/i&gt;</strong> · as of 26 Nov 2026" in (
        walks.event_title(ctx, None).data
    )


def test_no_event_yet() -> None:
    ctx = context(EMPTY)
    assert "no event in this workbook yet" in walks.event_purpose(ctx, None).data
    assert "No events yet." in walks.recent_events(ctx).data


def test_recent_events_latest_first_with_people_met_and_debriefs() -> None:
    # On A = 26 Nov: e2 (10 Nov, 2 people: p8, p13), e1 (3 Nov, 4 people, debriefed),
    # e0 (5 Oct, 1 person); e3 (5 Dec) is after A and not listed.
    html = walks.recent_events(context()).data
    rows = [
        re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    ][1:]
    cells = [[c.strip() for c in row.split("|") if c.strip()] for row in rows]
    assert cells == [
        ["10 Nov 2026", "Trade fair", "trade show", "e2", "2", "not yet"],
        ["3 Nov 2026", "Chamber breakfast", "meetup", "e1", "4", "yes"],
        ["5 Oct 2026", "October meetup", "meetup", "e0", "1", "not yet"],
    ]


# -------------------------------------------------------------------- follow-up analysis


def test_rate_sentence() -> None:
    assert walks.rate_sentence(context()) == (
        "In November 2026 you followed up 4 of 9 people within 7 days (44%), down from 50% "
        "in October 2026; 1 more is still in the window."
    )
    assert walks.rate_sentence(context(EMPTY)) == "No follow-up window closed in November 2026 yet."


def test_days_sentence_treats_open_windows_as_open() -> None:
    # Kaplan–Meier: day 1: 2 of 10 → 0.8; day 2: 2 of 8 → 0.6; the pending one is censored.
    assert walks.days_sentence(context()) == (
        "By day 7 you had reached 40% of the people you meant to follow up (1 person still in "
        "the window counted as open, not as missed) and half of your follow-ups took 2 days "
        "or less."
    )


def test_setting_sentence() -> None:
    assert walks.setting_sentence(context()) == (
        "You followed up 3 of 6 people met at events but only 1 of 3 met in everyday places; "
        "of the events, meetups slip most (1 of 4)."
    )


def test_setting_sentence_when_everyday_does_better() -> None:
    doc = walk_document()
    doc["touchpoints"] += [_touch("x7", "p7", "2026-11-15"), _touch("x9", "p12", "2026-11-06")]
    assert walks.setting_sentence(context(doc)).startswith(
        "You followed up 3 of 3 people met in everyday places but only 3 of 6 met at events"
    )


def test_setting_sentence_with_no_everyday_follow_up_planned() -> None:
    doc = walk_document()
    for encounter in doc["encounters"]:
        if encounter["event"] is None:
            encounter["follow_up_planned"] = False
    assert walks.setting_sentence(context(doc)) == (
        "You followed up 3 of 6 people met at events; you planned no follow-up for the 4 "
        "people met in everyday places; of the events, meetups slip most (1 of 4)."
    )


def test_list_sentences() -> None:
    ctx = context()
    assert walks.never_followed_sentence(ctx) == (
        "2 of the 3 cards you exchanged in November 2026 (67%) were never followed up — the "
        "commonly quoted figure is 80–88%; a short, generous note still counts today."
    )
    assert walks.overdue_sentence(ctx) == (
        "3 people are waiting to hear from you; Bob Baker has waited longest, 16 days past "
        "the due date."
    )
    assert walks.going_cold_sentence(ctx) == (
        "1 person you meant to keep in touch with is past their cadence: Ivy Ives, by 7 days."
    )
    assert walks.funnel_sentence(ctx) == (
        "Of the 13 people you have met, 7 heard from you (54%), 1 is in conversation and "
        "none has grown into a relationship yet; 1 brought an opportunity."
    )
    assert walks.give_ask_sentence(ctx) == (
        "Over the last 12 months you gave 1 time and asked 1 time: try giving first — what's "
        "in it for them?"
    )


def test_list_sections_escape_names_and_skip_empty_tables() -> None:
    ctx = context()
    overdue = walks.overdue_list(ctx).data
    assert f"Gus {EVIL_ESCAPED} Grey" in overdue and EVIL not in overdue
    assert overdue.count("<tr>") == 4  # header + 3 people
    quiet = walks.overdue_list(context(EMPTY)).data
    assert "Nobody met in November 2026 was to be followed up." in quiet
    assert "<table" not in quiet
    assert "<table" in walks.going_cold_list(ctx).data
    assert "<table" in walks.never_followed_list(ctx).data


def test_everything_is_cut_at_as_of() -> None:
    doc = walk_document()
    doc["touchpoints"].append(_touch("late", "p2", "2026-11-27"))  # after A: does not count
    assert walks.overdue_sentence(context(doc)) == walks.overdue_sentence(context())


def test_findings_are_notes() -> None:
    html = walks.setting_finding(context()).data
    assert html.startswith('<div class="note">')


def test_workbook_status() -> None:
    html = walks.workbook_status(context()).data
    assert "No purpose covers today" in html
    assert "4 follow-ups are overdue" in html  # n2, n7, n9 and n11 (October)
    assert "Trade fair, is not debriefed yet" in html
    empty = walks.workbook_status(context(EMPTY)).data
    assert "Nobody logged yet" in empty


def test_event_people_frame_is_empty_for_an_event_with_nobody() -> None:
    people = walks.event_people(context().frames, "e0", dt.date(2026, 9, 1), 7)
    assert isinstance(people, pd.DataFrame) and people.empty


def test_workbook_status_says_when_it_shows_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook import locations

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locations.WORKBOOK_ENV, raising=False)
    monkeypatch.setattr(locations, "PROJECT_ROOT", tmp_path)
    demo = tmp_path / "data" / "demo.db"
    ctx = context()
    shown = Context(demo, ctx.frames, ctx.period, ctx.as_of, ctx.window, False)
    assert "made-up figures" in walks.workbook_status(shown).data
    assert "workbook init" in walks.workbook_status(shown).data
    assert "made-up figures" not in walks.workbook_status(ctx).data  # x.db: named
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    mine = locations.workbook_path(None)
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"")  # one of one's own exists
    assert "made-up figures" not in walks.workbook_status(shown).data
