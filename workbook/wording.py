"""What the workbook asks and how it shows nothing: the questions' wording, worded once.

The purpose form, the event form and the purpose-setting walk all read the questions
here (docs/capture.md); the field each answer goes into is declared in
:mod:`workbook.schema`. Plain data, free of any UI or storage module.
"""

from __future__ import annotations

from workbook.schema import FIVE_QUESTIONS

#: What a missing value shows as, in a report, a table or a form.
DASH = "—"

#: The five questions a purpose answers — field: (question, why it matters, an example).
#: The one wording: the purpose form and the purpose-setting walk both use it.
PURPOSE_QUESTIONS: dict[str, tuple[str, str, str]] = {
    "why": (
        FIVE_QUESTIONS["why"],
        "Say it in your own words. Sometimes the purpose is simply fun — that is a valid "
        "purpose too.",
        "In your own words — to grow a business, find a job, learn… or simply for fun.",
    ),
    "intended_outcome": (
        FIVE_QUESTIONS["intended_outcome"],
        "Make it something you could count at the end of the period: “meet 10 people in "
        "complementary businesses”.",
        "e.g. meet 10 people in complementary businesses; two referrals by the end.",
    ),
    "follow_up_plan": (
        FIVE_QUESTIONS["follow_up_plan"],
        "Most contacts made are never followed up. When will you reach out after meeting "
        "someone, and how?",
        "e.g. an e-mail within 3 days of every meeting, with something useful for them.",
    ),
    "nurture_plan": (
        FIVE_QUESTIONS["nurture_plan"],
        "What's in it for them? What will you give, share or introduce before you ask for "
        "anything?",
        "e.g. a coffee within a month; share what fits their needs; introduce them.",
    ),
    "opportunity_note": (
        FIVE_QUESTIONS["opportunity_note"],
        "Networking happens everywhere: the grocery store, the hockey rink, the auto shop, the "
        "check-out line.",
        "e.g. the hockey rink, the grocery store, the check-out line, the auto shop.",
    ),
}

#: The questions asked before an event — the event's field: (question, an example).
EVENT_QUESTIONS: dict[str, tuple[str, str]] = {
    "purpose": ("Why am I going?", "e.g. to meet accountants who could refer clients"),
    "intended_outcome": (
        "What outcome do I intend?",
        "e.g. two conversations that lead to a coffee",
    ),
    "target_people": ("How many people do I want to meet?", ""),
    "follow_up_plan": (
        "How will I follow up?",
        "e.g. an e-mail the next morning with something useful for each",
    ),
    "nurture_plan": (
        "How will I nurture these relationships?",
        "e.g. a coffee within a month; share what fits their needs; introduce them",
    ),
    "opportunity_note": (
        "Where might the unseen opportunity be?",
        "e.g. the people at the coat check; the organisers; the person alone at the bar",
    ),
}

#: The questions of an event's debrief — the debrief's field: (question, a hint). The
#: JupyterLab form and the light app's Debrief page both ask them so.
DEBRIEF_QUESTIONS: dict[str, tuple[str, str]] = {
    "highlights": ("Highlights", "What went well? Who or what stood out?"),
    "learned": ("What I learned", "About the people, the event, yourself"),
    "wiift": (
        "What's in it for them",
        "What do the people you met need? What can you offer them?",
    ),
    "next_steps": ("Next steps", "Follow-ups, introductions, what to do differently"),
}
