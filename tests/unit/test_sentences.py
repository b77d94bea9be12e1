"""Every sentence a client reads, in the none, one and many case (worked out by hand).

A = 2026-11-01, W = 7, P = October 2026 unless a test says otherwise.

EMPTY: nothing at all.
ONE:   p1 met at e1 (a meetup) on 10-05, card exchanged, no follow-up → missed, never
       followed up, overdue since 10-12 (20 days); a 10-day cadence → going cold since
       10-15 (17 days).
MANY:  n1–n3 at e1 on 10-05 with cards, n4 10-10 and n5 10-12 in everyday places; out
       touchpoints to p1 on 10-06 (day 1) and p4 on 10-12 (a give, day 2) → followed 2
       of 5 (40%), median 1.5 days; n2, n3 overdue 20 days, n5 13 days; cards never
       followed up: n2, n3 of 3. Gives 2 (t4, t9), asks 1 (t8).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.documents import context, document, encounter, person, touch
from workbook import sections, words
from workbook.walks import analysis

AS_OF = dt.date(2026, 11, 1)
EVENT = {"id": "e1", "name": "Chamber breakfast", "kind": "meetup", "date": "2026-10-05"}

EMPTY = document()
# One person met at an event, card exchanged, never followed up; a 10-day cadence.
ONE = document(
    people=[person("p1", "Jane Roe", cadence_days=10)],
    events=[EVENT],
    encounters=[encounter("n1", "p1", "2026-10-05", event="e1", card_exchanged=True)],
)
# Three people met at the event and two in everyday places; see each test.
MANY = document(
    people=[person(f"p{i}", f"Person {i}", cadence_days=10) for i in range(1, 6)],
    events=[EVENT],
    encounters=[
        encounter("n1", "p1", "2026-10-05", event="e1", card_exchanged=True),  # followed d1
        encounter("n2", "p2", "2026-10-05", event="e1", card_exchanged=True),  # missed, overdue 20
        encounter("n3", "p3", "2026-10-05", event="e1", card_exchanged=True),  # missed, overdue 20
        encounter("n4", "p4", "2026-10-10", place="grocery store"),  # followed d2
        encounter("n5", "p5", "2026-10-12", place="hockey rink"),  # missed, overdue 13
    ],
    touchpoints=[
        touch("t1", "p1", "2026-10-06"),
        touch("t4", "p4", "2026-10-12", kind="give"),
        touch("t9", "p4", "2026-10-13", kind="give"),
        touch("t8", "p1", "2026-10-14", kind="ask"),
    ],
)


def ctx_of(doc, **kw):
    return context(doc, "2026-10", AS_OF, **kw)


# ---------------------------------------------------------------------------- words


def test_words() -> None:
    assert words.count(0, "encounter") == "0 encounters"
    assert words.count(1, "encounter") == "1 encounter"
    assert words.count(2, "person", "people") == "2 people"
    assert words.count(0, "person", "people", zero="nobody") == "nobody"
    assert words.count(1.5, "day") == "1.5 days"
    assert words.plural(1, "is", "are") == "is" and words.plural(0, "is", "are") == "are"
    assert words.day(dt.date(2026, 11, 6)) == "6 Nov 2026"
    assert words.span(dt.date(2026, 11, 26), dt.date(2026, 11, 30)) == "26–30 Nov 2026"
    assert words.span(dt.date(2026, 9, 28), dt.date(2026, 10, 4)) == "28 Sep – 4 Oct 2026"
    assert words.span(dt.date(2025, 12, 29), dt.date(2026, 1, 4)) == "29 Dec 2025 – 4 Jan 2026"
    assert words.join([]) == "" and words.join(["a"]) == "a"
    assert words.join(["a", "b", "c"]) == "a, b and c"
    assert words.pct(None) == "—" and words.pct(0.456) == "46%"
    assert words.days(None) == "—" and words.days(1) == "1 day"
    assert words.record_count(1, "events") == "1 event"
    assert words.record_count(2, "opportunities") == "2 opportunities"
    assert words.record_count(1, "people") == "1 person"


def test_import_summary_reads_right() -> None:
    from workbook.jsonio import ImportResult

    assert ImportResult().describe() == "added nothing new"
    one = ImportResult(added={"people": 1, "events": 1, "encounters": 0}, updated={"people": 1})
    one.matched_people = 1
    assert one.describe() == (
        "added 1 person, 1 event; updated 1 record; matched 1 person already in the workbook"
    )
    many = ImportResult(added={"people": 3, "touchpoints": 2}, updated={"a": 2, "b": 1})
    many.matched_people = 2
    assert many.describe() == (
        "added 3 people, 2 touchpoints; updated 3 records; matched 2 people already in the workbook"
    )


# ---------------------------------------------------------------------------- header, figures


def test_title_says_one_day_and_redacted() -> None:
    html = sections.title(ctx_of(EMPTY, window=1)).data
    assert "follow-up window 1 day<" in html
    assert "Redacted report" not in html
    html = sections.title(ctx_of(EMPTY, redact=True)).data
    assert "Redacted report: people’s names are replaced by pseudonyms" in html


def _notes(html: str) -> list[str]:
    import re

    return re.findall(r'<div class="kpi-note">(.*?)</div>', html)


def test_key_figure_notes_none_one_many() -> None:
    empty = _notes(sections.key_figures(ctx_of(EMPTY)).data)
    assert empty == [
        "nobody to follow up in this period",
        "late follow-ups included; lower is better",
        "no encounters logged",
        "card exchanged, no follow-up",
        "no introductions made",
        "past their keep-in-touch cadence",
    ]
    one = _notes(sections.key_figures(ctx_of(ONE)).data)
    assert one[0] == "0 of 1 followed up within 7 days"
    assert one[2] == "1 encounter, at an event"
    assert one[3] == "none debriefed"
    assert one[5] == "your to-do list below"
    many = _notes(sections.key_figures(ctx_of(MANY)).data)
    assert many[0] == "2 of 5 followed up within 7 days"
    assert many[2] == "5 encounters, 2 in everyday places"


def test_key_figures_of_a_new_workbook_compare_with_nothing() -> None:
    html = sections.key_figures(ctx_of(ONE)).data
    assert "nothing earlier to compare with" in html
    assert "↑" not in html and "↓" not in html


# ---------------------------------------------------------------------------- targets


def _purpose(targets: dict, start: str = "2026-10-01", end: str = "2026-10-31") -> dict:
    return {"id": "g1", "start": start, "end": end, "why": "Find work", "targets": targets}


def test_a_target_with_no_data_is_not_behind() -> None:
    ctx = ctx_of(document(purposes=[_purpose({"follow_up_rate": 0.8, "median_follow_up_days": 3})]))
    frame = sections.targets_frame(ctx)
    assert list(frame["status"]) == ["nothing to judge yet", "nothing to judge yet"]
    html = sections.targets_table(ctx).data
    assert "behind" not in html
    assert sections.outcome_nudge(frame) == (
        "2 targets have nothing to judge yet. Log what happens, and the report will judge "
        "it next time."
    )


def test_a_lower_is_better_median_never_reads_as_a_percentage() -> None:
    assert sections.progress_words("median_follow_up_days", 3, 1, 3.0) == "2 days under the aim"
    assert sections.progress_words("median_follow_up_days", 2, 3, 2 / 3) == "1 day over the aim"
    assert sections.progress_words("median_follow_up_days", 2, 2, 1.0) == "right on the aim"
    assert sections.progress_words("median_follow_up_days", 2, None, None) == "nothing to judge yet"
    assert sections.progress_words("new_people", 10, 7, 0.7) == "70% of target"
    assert sections.progress_words("new_people", 0, 7, None) == "—"
    # MANY: median of the follow-ups (days 1 and 2) is 1.5 against an aim of 3.
    html = sections.targets_table(
        ctx_of(MANY | {"purposes": [_purpose({"median_follow_up_days": 3})]})
    ).data
    assert "1.5 days under the aim" in html and "%" not in html.split("<tbody>")[1]


def test_outcome_nudge_none_one_many() -> None:
    assert sections.outcome_nudge(sections.targets_frame(ctx_of(EMPTY))) == (
        "You set no targets for this period. Which one result would you like to measure "
        "next period?"
    )
    one_on_track = ctx_of(ONE | {"purposes": [_purpose({"encounters": 1})]})
    assert sections.outcome_nudge(sections.targets_frame(one_on_track)) == (
        "Your one target is on track. Is it time to stretch one?"
    )
    one_behind = ctx_of(ONE | {"purposes": [_purpose({"encounters": 2})]})
    assert sections.outcome_nudge(sections.targets_frame(one_behind)) == (
        "1 target is behind. Is it the one that matters most next period?"
    )
    # MANY: encounters 5 ≥ 4 on track; rate 2/5 < 0.8 behind; opportunities 0 < 1 behind;
    # median 1.5 ≤ 3 on track.
    many = ctx_of(
        MANY
        | {
            "purposes": [
                _purpose(
                    {
                        "encounters": 4,
                        "follow_up_rate": 0.8,
                        "opportunities": 1,
                        "median_follow_up_days": 3,
                    }
                )
            ]
        }
    )
    assert sections.outcome_nudge(sections.targets_frame(many)) == (
        "2 targets are behind. Which one matters most next period?"
    )
    all_fine = ctx_of(MANY | {"purposes": [_purpose({"encounters": 4, "new_people": 5})]})
    assert sections.outcome_nudge(sections.targets_frame(all_fine)) == (
        "All 2 targets are on track. Is it time to stretch one?"
    )


def test_a_purpose_started_on_the_26th_is_dated_from_the_26th() -> None:
    doc = ONE | {"purposes": [_purpose({"encounters": 1}, "2026-11-26", "2026-12-25")]}
    ctx = context(doc, "2026-11", dt.date(2026, 11, 30))
    assert "26 Nov – 25 Dec 2026" in sections.purpose(ctx).data
    assert list(sections.targets_frame(ctx)["purpose"]) == ["26 Nov – 25 Dec 2026"]
    doc = ONE | {"purposes": [_purpose({"encounters": 1}, "2026-11-26", "2026-11-30")]}
    ctx = context(doc, "2026-11", dt.date(2026, 11, 30))
    assert '<p class="muted">26–30 Nov 2026</p>' in sections.purpose(ctx).data


# ---------------------------------------------------------------------------- next period


@pytest.mark.parametrize(
    ("overdue", "never", "expected"),
    [
        (0, 0, "Nothing is overdue and no card was left without a follow-up."),
        (1, 0, "1 follow-up is overdue."),
        (0, 1, "1 card was never followed up."),
        (2, 3, "2 follow-ups are overdue and 3 cards were never followed up."),
    ],
)
def test_follow_up_nudge(overdue: int, never: int, expected: str) -> None:
    assert sections.follow_up_nudge(overdue, never, 7, planned=5) == (
        f"{expected} Block time within 7 days of every meeting."
    )
    assert sections.follow_up_nudge(overdue, never, 1, planned=5).endswith(
        "within 1 day of every meeting."
    )


def test_nothing_is_praised_before_there_is_data() -> None:
    """An empty period, or one with nobody to follow up and no cadence set, is not praised
    for having nothing overdue, no card left behind or nobody going cold."""
    assert sections.follow_up_nudge(0, 0, 7, planned=0) == (
        "You had nobody to follow up this period. Block time within 7 days of every meeting."
    )
    # a card exchanged without a planned follow-up still says it was never followed up
    assert sections.follow_up_nudge(0, 1, 7, planned=0).startswith("1 card was never")
    assert sections.nurture_nudge(0, 0, 0, tracked=0) == (
        "Whom do you want to keep in touch with, and how often? You logged no gives or "
        "asks: what could you give first?"
    )
    empty = ctx_of(EMPTY)
    assert "nobody to follow up in this period" in sections.key_figures(empty).data
    assert "Nobody met in this period was to be followed up." in (
        sections.overdue_table(empty).data
    )
    assert "No card exchanged in this period has reached the end of its window yet." in (
        sections.never_followed_table(empty).data
    )
    assert "Nobody has a keep-in-touch cadence yet" in sections.going_cold_table(empty).data
    assert analysis.going_cold_sentence(empty).startswith("Nobody has a keep-in-touch cadence")
    prompts = sections.next_period_prompts(empty).data
    for praise in ("Nothing is overdue", "Nobody is going cold", "this period&#39;s purpose"):
        assert praise not in prompts
    assert "You set no purpose for this period." in prompts
    # The same sentences where they are true.
    followed_only = document(
        people=[person("p1", "Jane Roe", cadence_days=30)],
        events=[EVENT],
        encounters=[encounter("n1", "p1", "2026-10-05", event="e1", card_exchanged=True)],
        touchpoints=[touch("t1", "p1", "2026-10-30")],
    )
    # n1 on 10-05 with a card, followed up on 10-30 (late: missed, but not never followed);
    # the 30-day cadence runs from 10-30: nobody is cold on 11-01.
    ctx = ctx_of(followed_only)
    assert "No card left behind" in sections.never_followed_table(ctx).data
    assert "Nobody is going cold: everyone with a cadence" in sections.going_cold_table(ctx).data
    assert "Nobody is going cold." in sections.next_period_prompts(ctx).data


@pytest.mark.parametrize(
    ("cold", "gives", "asks", "expected"),
    [
        (0, 0, 0, "Nobody is going cold. You logged no gives or asks: what could you give first?"),
        (
            1,
            1,
            0,
            "1 relationship is going cold. You gave 1 time and asked 0 times: what's in it "
            "for them?",
        ),
        (
            3,
            2,
            5,
            "3 relationships are going cold. You gave 2 times and asked 5 times: what's in it "
            "for them?",
        ),
    ],
)
def test_nurture_nudge(cold: int, gives: int, asks: int, expected: str) -> None:
    assert sections.nurture_nudge(cold, gives, asks, tracked=5) == expected


@pytest.mark.parametrize(
    ("everyday", "encounters", "start"),
    [
        (0, 0, "You logged no encounters this period. Everyday places count too"),
        (0, 1, "Your one encounter was at an event —"),
        (1, 1, "Your one encounter was in an everyday place —"),
        (0, 5, "None of your 5 encounters were in everyday places —"),
        (1, 5, "1 of your 5 encounters was in everyday places —"),
        (2, 5, "2 of your 5 encounters were in everyday places —"),
    ],
)
def test_opportunity_nudge(everyday: int, encounters: int, start: str) -> None:
    said = sections.opportunity_nudge(everyday, encounters)
    assert said.startswith(start)
    assert said.endswith("Who will you talk to there next?")


def test_no_sentence_of_the_report_reads_wrongly() -> None:
    """The whole next-period section and key figures, in each case: no "(s)", no "1 …s"."""
    bad = ("(s)", "1 encounters", "1 days", "1 people", "0 time", "Every target is on track")
    for doc in (EMPTY, ONE, MANY):
        ctx = ctx_of(doc)
        text = sections.next_period_prompts(ctx).data + sections.key_figures(ctx).data
        assert not [b for b in bad if b in text], (doc is ONE, text)


# ---------------------------------------------------------------------------- analysis


def test_rate_sentence() -> None:
    assert (
        analysis.rate_sentence(ctx_of(EMPTY)) == "No follow-up window closed in October 2026 yet."
    )
    assert analysis.rate_sentence(ctx_of(ONE)) == (
        "In October 2026 you followed up 0 of 1 person within 7 days (0%)."
    )
    assert analysis.rate_sentence(ctx_of(MANY)) == (
        "In October 2026 you followed up 2 of 5 people within 7 days (40%)."
    )
    pending = context(ONE, "2026-10", dt.date(2026, 10, 8))
    assert analysis.rate_sentence(pending) == (
        "No follow-up window closed in October 2026 yet; 1 more is still in the window."
    )


def test_days_sentence() -> None:
    assert analysis.days_sentence(ctx_of(EMPTY)) == (
        "You planned no follow-ups for people met in October 2026."
    )
    assert analysis.days_sentence(ctx_of(ONE)) == (
        "By day 7 you had reached 0% of the people you meant to follow up."
    )
    # MANY: follow-ups on day 1 (n1) and day 2 (n4) of 5 → 40% by day 7; median 1.5.
    assert analysis.days_sentence(ctx_of(MANY)) == (
        "By day 7 you had reached 40% of the people you meant to follow up and half of your "
        "follow-ups took 1.5 days or less."
    )
    # ONE, followed up on 10-07 (day 2): one follow-up has no "half".
    one_follow_up = ONE | {"touchpoints": [touch("t1", "p1", "2026-10-07")]}
    assert analysis.days_sentence(ctx_of(one_follow_up)) == (
        "By day 7 you had reached 100% of the people you meant to follow up and your one "
        "follow-up took 2 days."
    )


def test_never_followed_sentence() -> None:
    assert analysis.never_followed_sentence(ctx_of(EMPTY)) == (
        "No card you exchanged in October 2026 has reached the end of its window yet."
    )
    assert analysis.never_followed_sentence(ctx_of(ONE)).startswith(
        "The one card you exchanged in October 2026 was never followed up — "
    )
    # MANY: cards n1 (followed), n2, n3 → 2 of 3.
    assert analysis.never_followed_sentence(ctx_of(MANY)).startswith(
        "2 of the 3 cards you exchanged in October 2026 (67%) were never followed up — "
    )


def test_overdue_sentence() -> None:
    assert analysis.overdue_sentence(ctx_of(EMPTY)) == (
        "Nobody met in October 2026 was to be followed up."
    )
    followed = ONE | {"touchpoints": [touch("t1", "p1", "2026-10-06")]}
    assert analysis.overdue_sentence(ctx_of(followed)) == (
        "Nobody is waiting on you: every follow-up is done or still in time."
    )
    assert analysis.overdue_sentence(ctx_of(ONE)) == (
        "1 person is waiting to hear from you; Jane Roe has waited longest, 20 days past the "
        "due date."
    )
    assert analysis.overdue_sentence(ctx_of(MANY)).startswith("3 people are waiting")


def test_going_cold_sentence() -> None:
    assert analysis.going_cold_sentence(ctx_of(EMPTY)).startswith(
        "Nobody has a keep-in-touch cadence yet"
    )
    # ONE: last interaction 10-05, cadence 10 → due 10-15, 17 days past on 11-01.
    assert analysis.going_cold_sentence(ctx_of(ONE)) == (
        "1 person you meant to keep in touch with is past their cadence: Jane Roe, by 17 days."
    )
    assert analysis.going_cold_sentence(ctx_of(MANY)).startswith(
        "5 people you meant to keep in touch with are past their cadence;"
    )


def test_funnel_sentence() -> None:
    assert analysis.funnel_sentence(ctx_of(EMPTY)) == "You haven't logged anyone you met yet."
    assert analysis.funnel_sentence(ctx_of(ONE)) == (
        "Of the one person you have met, 0 heard from you (0%), none is in conversation and "
        "none has grown into a relationship yet; none has brought an opportunity yet."
    )
    # MANY: p1 and p4 heard from you; nobody replied.
    assert analysis.funnel_sentence(ctx_of(MANY)) == (
        "Of the 5 people you have met, 2 heard from you (40%), none is in conversation and "
        "none has grown into a relationship yet; none has brought an opportunity yet."
    )


def test_what_now_sentence() -> None:
    assert analysis.what_now_sentence(ctx_of(EMPTY)) == (
        "Nobody met in October 2026 was to be followed up. Log the people you meet — at "
        "events and in everyday places — and this page will show how your follow-up holds up."
    )
    # ONE: Jane Roe overdue, her follow-up missed.
    assert analysis.what_now_sentence(ctx_of(ONE)) == (
        "Write to Jane Roe today — a short note about them, not you. Then pick the one place "
        "where your follow-up slips most, and decide how you will follow up there next period."
    )
    # MANY: n2, n3, n5 overdue.
    assert analysis.what_now_sentence(ctx_of(MANY)).startswith(
        "Write to the 3 people on your overdue list today, starting at the top — "
    )
    # ONE followed up the next day: nothing to do but keep going.
    followed = ONE | {"touchpoints": [touch("t1", "p1", "2026-10-06")]}
    assert analysis.what_now_sentence(ctx_of(followed)) == (
        "Nobody is waiting on you. Keep reaching out within 7 days of every meeting, and "
        "give before you ask."
    )
    # A card exchanged with no follow-up planned: never followed up, not overdue or missed.
    unplanned = document(
        people=[person("p1", "Jane Roe")],
        encounters=[
            encounter(
                "n1",
                "p1",
                "2026-10-05",
                place="rink",
                card_exchanged=True,
                follow_up_planned=False,
            )
        ],
    )
    assert analysis.what_now_sentence(ctx_of(unplanned)) == (
        "Send a short, generous note to the person whose card you never followed up."
    )


def test_setting_sentence() -> None:
    assert analysis.setting_sentence(ctx_of(EMPTY)).startswith("Nothing to compare yet")
    assert analysis.setting_sentence(ctx_of(ONE)) == (
        "You followed up 0 of 1 person met at events; you logged nobody met in everyday "
        "places — the rink and the check-out line count too."
    )
    # MANY: events 1 of 3, everyday 1 of 2 → everyday ahead by 17 points.
    assert analysis.setting_sentence(ctx_of(MANY)) == (
        "You followed up 1 of 2 people met in everyday places but only 1 of 3 met at events."
    )


def test_give_ask_sentence() -> None:
    assert analysis.give_ask_sentence(ctx_of(EMPTY)).startswith(
        "Over the last 12 months you logged no gives or asks"
    )
    assert analysis.give_ask_sentence(ctx_of(MANY)) == (
        "Over the last 12 months you gave 2 times and asked 1 time: you give before you ask."
    )


# ---------------------------------------------------------------------------- redaction


def test_redacted_tables_show_no_place_typed_about_people() -> None:
    doc = MANY | {
        "encounters": [
            encounter("n5", "p5", "2026-10-12", place="Yorick's house party", card_exchanged=True)
        ]
    }
    plain = (
        sections.overdue_table(ctx_of(doc)).data + sections.never_followed_table(ctx_of(doc)).data
    )
    assert plain.count("Yorick&#39;s house party") == 2
    redacted_ctx = ctx_of(doc, redact=True)
    redacted = (
        sections.overdue_table(redacted_ctx).data + sections.never_followed_table(redacted_ctx).data
    )
    assert "Yorick" not in redacted and "Person 5" not in redacted
    assert redacted.count("everyday place") == 2
    # An event's name is the owner's own: it stays.
    assert "Chamber breakfast" in sections.never_followed_table(ctx_of(ONE, redact=True)).data
