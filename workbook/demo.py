"""A synthetic, deterministic workbook: about a year of one person's networking practice.

:func:`generate_demo` returns a native JSON document (docs/json-format.md). The story it tells:

* **Before purpose** (the first three months of the span, fewer when the span is short):
  the owner goes to events because a colleague had a spare ticket, collects cards, and
  rarely follows up — about one encounter in five gets an ``out`` touchpoint within a
  week, and many cards are never followed up at all. No purposes, few debriefs, thin notes.
* **After purpose** (from month four): a purpose is set every month (1st to last day)
  with the five questions answered and quantified targets. Events get a purpose, an
  intended outcome and a "meet N people" target; encounters record what was learned,
  their needs (WIIFT) and what the owner can offer; follow-up rises to 70–90 % within a
  week, mostly within three days; most events are debriefed.
* Networking happens everywhere: over a third of the encounters are at everyday places
  (the hockey rink, the auto shop, the check-out line …) with ``event`` null.
* Some follow-ups get a reply, and some of those grow into relationships: nurture
  touches, gives, asks and introductions over months, a keep-in-touch cadence, and
  sometimes an opportunity (referral, client, job, friendship …). Some people were
  introduced by others; some cadences lapse, so a few people are going cold.
* The last event is two to four days before ``as_of`` and people are still met until the
  day before, so some follow-ups are pending on ``as_of``.
  Nothing is dated after ``as_of`` except ``follow_up_due`` and the ``end`` of the purpose
  of the month containing ``as_of`` (a purpose in progress).

Everything comes from one ``random.Random(seed)``: the same arguments give the same
document. Names, organisations and contact details are invented (``example.com`` /
``example.org`` addresses, 555-01xx phone numbers). Some texts hold ``<``, ``&``, quotes,
accents and emoji, as real notes do. Generation is linear in ``people``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, count
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookInputError
from workbook.limits import (
    DEMO_MONTHS,
    DEMO_PEOPLE,
    DEMO_SEED,
    MAX_DEMO_MONTHS,
    MAX_DEMO_PEOPLE,
)
from workbook.models import EVENT_KINDS, OPPORTUNITY_KINDS
from workbook.schema import RATE_TARGETS
from workbook.words import record_count


def _items(block: str, sep: str = "|") -> tuple[str, ...]:
    """The entries of a text table: separated by ``sep`` or by line ends."""
    return tuple(x.strip() for line in block.splitlines() for x in line.split(sep) if x.strip())


def _rows(block: str) -> list[list[str]]:
    """A text table, one row per line, columns separated by ``|``."""
    return [[x.strip() for x in line.split("|")] for line in _items(block, "\n")]


FIRST = _items(
    """Ada Ahmed Aisha Alice Amara Ana Andrés Ben Bianca Carlos Chen Chloé Dana Daniel Deepa
    Diego Elena Emeka Emma Ethan Fatima Felix Grace Hana Hiro Ingrid Isaac Jamal Jana José
    Kai Kavya Kofi Lars Laura Leah Liam Lina Lucas Maya Mei Mateo Miguel Nadia Noah Nora
    Olivia Omar Priya Rafael Renée Rosa Sam Sara Sofia Søren Tariq Theo Uma Victor Wen
    Yara Yusuf Zoë Zara""",
    " ",
)
LAST = _items(
    """Abara Becker Bianchi Castillo Chen Costa Dubois Evans Fischer Fitzgerald García Haddad
    Hansen Ibarra Ivanova Jensen Kaur Kim Kowalski Laurent Lee Lindqvist Mahlangu Martin
    Mensah Moreau Müller Nakamura Novak Núñez O'Brien Okafor Olsen Park Patel Perez Quinn
    Rahman Reyes Rossi Sato Schmidt Silva Singh Sokolov Tanaka Torres Varga Wagner Walsh
    Watanabe Weber Yilmaz Young Zhang""",
    " ",
)
ORGS = _items("""
    Northwind Analytics | Bright Harbor Dental | Riverside Auto Care | Maple & Main Bakery
    Summit Ridge Realty | Bluebird Design Studio | Cedar Lane Physiotherapy | Café Olé
    Lakeshore Credit Union | Greenleaf Landscaping | Ironclad Fitness | Pinecrest Elementary
    Copperline Software | Harbourview Law LLP | Fox & Finch Marketing | Silverbirch Insurance
    Tidewater Logistics | Kestrel Ventures | Orchard Street Pharmacy | Westend Hockey Association
    Stonebridge Consulting | Lumen Solar Co-op | Hartwell Accounting | Brightpath Recruiting
    Oakridge Print & Sign | Meridian Health | Juniper HR Partners | Starling Events""")
ROLES = _items("""
    Owner | Founder | Marketing manager | Sales director | Freelance designer | Accountant
    Recruiter | Software developer | HR lead | Operations manager | Real-estate agent | Coach
    Financial advisor | Physiotherapist | Teacher | Mechanic | Product manager | Consultant""")
TAGS = _items("""client-prospect | referral-partner | peer | mentor | connector | supplier
    community | hockey-parent | neighbour | alumni | tech | local-business | job-lead | friend""")
PLACES = _items("""
    grocery store | hockey rink | auto shop | check-out line | coffee shop | dog park | gym
    kids' school | library | farmers' market | hardware store | soccer field | barbershop
    neighbour's barbecue | train platform | community centre""")
NEEDS = _items("""
    Looking for reliable referrals for small renovation jobs
    Wants to meet local accountants & bookkeepers | Hiring two junior developers this spring
    Needs a speaker for their lunch-and-learn series | Wants introductions to property managers
    Trying to grow their newsletter past 1,000 readers | Needs volunteers for the school fun fair
    Looking for a mentor on pricing freelance work | Wants honest feedback on a product demo
    Opening a second location; needs a commercial realtor
    Says their sales cycle is <30 days & wants it "even shorter"
    Needs a good mechanic who won't upsell | Wants to get into board work at a non-profit
    Looking for a UX research job after a layoff | Wants more case studies & testimonials
    Building a carpool for early hockey practice 🏒 | Needs a bilingual (English/Français) builder
    Looking for a venue for a 40-person workshop | Wants to learn about small-business grants""")
LEARNED = _items("""
    Started the business after 12 years in corporate finance | Grew up two streets from me
    Coaches their daughter's U11 hockey team | Runs marathons; training for the spring race
    Just moved here from Lisbon | Their biggest client is leaving at year end
    Loves bad puns & good espresso ☕ | Volunteers at the food bank on Saturdays
    Is writing a book on customer service | Has a rescue greyhound named Biscuit
    Switched careers from nursing into software | Their shop is fully booked until March
    Knows everyone in the local Rotary club | Is the "go-to" person for anything Excel
    Says the team is <10 people & growing fast""")
OFFERS = _items("""
    Introduce them to my accountant | Send the pricing template I use | Recommend my mechanic
    Share my notes from the grants workshop | Connect them with a property manager I know
    Review their LinkedIn profile | Invite them to the Thursday founders' breakfast
    Lend them the book I mentioned | Write a testimonial for their service
    Pass their job posting to my network | Offer to co-host a workshop""")
NOTES = _items("""
    Prefers text over e-mail | Met through the kids' hockey — always at the 7 a.m. practice 🏒
    Calls herself a "recovering lawyer" | Best reached before 9 a.m.
    Mentioned a Q&A session they run every quarter""")


def _grouped(block: str, sep: str | None = None) -> dict[str, list[Any]]:
    """A text table of ``kind | a; b; c`` rows: kind -> entries (each split by ``sep``)."""
    table: dict[str, list[Any]] = {}
    for kind, rest in _rows(block):
        table.setdefault(kind, []).extend(x.split(sep) if sep else x for x in rest.split("; "))
    return table


# Event names and venues by kind; notes for touchpoints by kind.
EVENT_TEMPLATES = _grouped(
    """
    conference | Small Business Summit @ Convention Centre; Women in Tech Forum @ University Hall
    conference | FutureWork Conference @ Harbourfront Hotel
    meetup | Chamber of Commerce breakfast @ Grand Hotel; Freelancers' lunch @ Café Olé
    meetup | Python & Data meetup @ Copperline Software office
    trade_show | Home & Garden Show @ Exhibition Place; Manufacturing Expo @ Expo Hall B
    social | Alumni mixer @ The Brass Tap; Charity gala @ Art Gallery; Block party @ Elm Street
    workshop | LinkedIn profile workshop @ Public library; Storytelling for founders @ Co-working
    online | Remote founders roundtable @ Zoom; Webinar: pricing your services @ online
    other | Food bank volunteer day @ Community food bank; Rotary Club lunch @ Golf club""",
    " @ ",
)
TOUCH_NOTES = _grouped("""
    nurture | Checked in on how the launch went; Congratulated them on the new role
    nurture | Shared an article on their industry; Coffee catch-up
    give | Sent a referral their way; Shared my pricing template; Wrote them a recommendation
    ask | Asked for feedback on my proposal; Asked who they know at the city
    ask | Asked for a warm intro to their accountant
    intro_received | They introduced me to a potential client""")
# How often each kind of event happens, and how many people one meets there.
KIND_WEIGHTS = (1, 3, 0.7, 2, 1.5, 2, 1)
EVENT_SIZE = dict(zip(EVENT_KINDS, (3, 2, 3, 2, 1.5, 1, 1), strict=True))
VAGUE_PURPOSES = (None, "A colleague had a spare ticket", "Thought I should be seen there")
PURPOSES = _items("""
    Meet people in complementary businesses | Find two referral partners
    Reconnect with people I met last month | Learn what local owners struggle with
    Just have fun & meet neighbours""")
OUTCOMES = _items("""
    Three real conversations, each with a follow-up booked | One coffee meeting booked
    Learn one need per person I meet (WIIFT) | Follow up with everyone within 48 hours""")
# Picked by the event's number, not by the random generator: the rest of the story stays
# what it was before events had these two answers.
EVENT_FOLLOW_UP_PLANS = _items("""
    An e-mail the next morning with something useful for each | A LinkedIn note the same evening
    Book a coffee before I leave""")
EVENT_OPPORTUNITIES = _items("""
    The organisers and volunteers | The person standing alone by the coffee
    The speakers after their talk""")
HIGHLIGHTS = _items("""
    Great conversation about hiring with a founder | Bumped into an old colleague
    Met a connector who knows everyone in the Chamber | The panel on referrals was excellent
    Helped stack chairs at the end — best conversations happened there""")
LESSONS = _items("""
    Asking 'what's your biggest challenge right now?' opens people up
    I talk too much about myself when nervous | Arriving early beats joining groups
    Most people want referrals, not pitches | Online events need a same-day follow-up""")
WIIFTS = _items("""
    Two people need bookkeeping referrals; I know three | Several owners want grant advice
    A designer wants case studies — I can offer a testimonial
    The organiser needs volunteers next time""")
NEXT_STEPS = _items("""E-mail everyone by Friday | Book coffee with two of them
    Send the article I promised | Add notes to the workbook tonight""")
FOLLOW_NOTES = _items("""
    Nice to meet you — here's the link I mentioned | Thanks for the chat; coffee next week?
    Following up on our conversation | Sent the intro I promised""")


def _pool(weights: dict[Any, int]) -> tuple[Any, ...]:
    """A tuple in which each value appears as often as its weight: weighted ``choice``."""
    return tuple(value for value, weight in weights.items() for _ in range(weight))


OUT_KINDS = _pool({"nurture": 7, "give": 5, "ask": 3, "intro_made": 3})
FOLLOW_KINDS = _pool({"follow_up": 16, "give": 3, "intro_made": 1})  # after purpose: WIIFT
IN_KINDS = _pool({"nurture": 10, "give": 3, "ask": 4, "intro_received": 2})
CHANNELS = _pool({"email": 10, "message": 8, "call": 4, "meeting": 4, "visit": 2, "social": 4})
CHANNELS += ("other",)
QUALITY = _pool({1: 1, 2: 3, 3: 5, 4: 4, 5: 2})
DELAYS = _pool({0: 3, 1: 6, 2: 5, 3: 4, 4: 2, 5: 1, 6: 1, 7: 1})  # days to follow up, after
REPEATS = _pool({0: 6, 1: 6, 2: 4, 3: 4})  # how often we meet again
OPP_NOTES = dict(
    _rows("""
    referral | Referred me to a client who needs exactly what I do
    introduction | Offered to introduce me to the head of the Chamber
    collaboration | Wants to co-host a workshop & split the work
    client | Asked for a proposal for Q1
    job | Mentioned an opening on their team — thought of me
    friendship | Became a real friend; we walk the dogs together
    other | Invited me to speak at their association""")
)
OPP_WEIGHTS = (5, 3, 3, 4, 2, 3, 1)
# Monthly purposes, one per line: why | intended outcome | follow-up plan | nurture plan |
# opportunity note, then its targets on the next line. Target values are multiples of the
# monthly base rate, except the two rate metrics, which are absolute. The last is December's.
_THEMES = _items(
    """
    Stop collecting cards & start building relationships — "network on purpose" 🎯
    | Meet people in complementary businesses; follow-up rate >80% (it was <25%!)
    | E-mail or call within 48 hours; mention one thing they told me
    | Check in monthly with something useful for them | Ask each person who their ideal referral is
    new_people=1.2 follow_up_rate=0.8 median_follow_up_days=3
    Give before I ask | Make introductions & gives, no pitching
    | Follow up with a give: an article, an intro, a referral
    | One give per key person per month | Notice who could help whom
    gives=0.8 intros_made=0.2 follow_up_rate=0.8
    Find my next client through relationships, not pitches
    | Two conversations about real needs that could become work
    | Same-day thank-you, then a coffee invitation | Share useful things; stay on their radar
    | Listen for problems I can solve
    encounters=1.5 opportunities=0.1 follow_up_rate=0.85
    Everyday networking: the rink, the shop, the school gate
    | Learn about the people I already see every week | Message within a few days
    | Say hello by name next time | Everyday places hide the best connectors
    everyday_encounters=0.6 new_people=1 median_follow_up_days=3
    Learn what local business owners need | Attend events & debrief every one
    | Follow up with a question, not a pitch | Keep notes on their needs (WIIFT)
    | Spot patterns in what people ask for
    events_attended=1 debriefs_done=1 follow_up_rate=0.8
    Just have fun at the holiday parties | Enjoy myself, meet neighbours, no agenda
    | A friendly note in January | Keep the warm ones warm | Fun is a valid purpose too
    events_attended=1 follow_up_rate=0.7""",
    "|",
)
# (the five answers, the targets: metric -> multiple of the base rate, or the rate itself)
THEMES: list[tuple[tuple[str, ...], dict[str, str]]] = [
    (_THEMES[n : n + 5], dict(t.split("=", 1) for t in _THEMES[n + 5].split()))
    for n in range(0, len(_THEMES), 6)
]
FUN_THEME = THEMES.pop()


DEMO_NOTE: dict[str, Any] = {
    "text": "Good month: you **followed up** most of the people you met at events.\n\n"
    "Next month, try the everyday places too — the rink, the check-out line — and send "
    "each new person a short note within a week.",
    "targets": {"follow_up_rate": 0.8, "everyday_encounters": 3},
}


def _month_start(day: dt.date, offset: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in plain if c.isalnum())


def _unique(base: str, used: dict[str, int]) -> str:
    used[base] = n = used.get(base, 0) + 1
    return base if n == 1 else f"{base}{n}"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def generate_demo(
    seed: int = DEMO_SEED,
    people: int = DEMO_PEOPLE,
    months: int = DEMO_MONTHS,
    *,
    as_of: dt.date,
    owner: str = "Alex Rivera",
) -> dict[str, Any]:
    """A native JSON document (docs/json-format.md) with ``people`` people over the ``months``
    calendar months ending with the month of ``as_of`` (deterministic for a seed).

    ``as_of`` is required: the demo never looks at today's date.
    """
    if people < 1 or months < 1:
        raise ValueError("people and months must be at least 1")
    if people > MAX_DEMO_PEOPLE or months > MAX_DEMO_MONTHS:
        raise ValueError(
            f"a demo has at most {MAX_DEMO_PEOPLE} people over at most {MAX_DEMO_MONTHS} months"
        )
    rng = random.Random(seed)
    a = as_of.toordinal()
    pick = rng.choice

    def chance(p: float) -> bool:
        return rng.random() < p

    def maybe(p: float, options: Sequence[str]) -> str | None:
        return pick(options) if rng.random() < p else None

    def day_iso(day: int) -> str:
        return dt.date.fromordinal(day).isoformat()

    # Months: (first day, last day with activity, last day); activity stops the day before A.
    spans = []
    for k in range(months):
        start = _month_start(as_of, k - months + 1).toordinal()
        end = _month_start(as_of, k - months + 2).toordinal() - 1
        spans.append((start, min(end, a - 1), end))
    starts = [s[0] for s in spans]
    first_purpose = min(3, months // 3)
    fprob = [
        0.2 if k < first_purpose else min(0.88, 0.6 + 0.14 * (k - first_purpose))
        for k in range(months)
    ]
    weights = [
        max(0, hi - lo + 1) * (1.3 if k < first_purpose else 1.0)
        for k, (lo, hi, _) in enumerate(spans)
    ]
    if not sum(weights):
        raise ValueError("the months before as_of hold no day to meet anyone: raise --months")

    # Events, spread over the months like the people; the first seven are one of each kind.
    n_events = max(months + months // 2, round(people * 0.18))
    drafts: list[tuple[int, int, str, int]] = []
    kinds = list(EVENT_KINDS)
    rng.shuffle(kinds)
    cum = [round(n_events * c / sum(weights)) for c in accumulate(weights, initial=0)]
    for k, (lo, hi, _) in enumerate(spans):
        for _ in range(max(1, cum[k + 1] - cum[k]) if hi >= lo else 0):
            j = len(drafts)
            kind = kinds[j] if j < len(kinds) else rng.choices(EVENT_KINDS, KIND_WEIGHTS)[0]
            drafts.append((rng.randint(lo, hi), j, kind, k))
    # The last event is a few days before A, so some follow-ups are still pending on A.
    last_day = a - rng.randint(2, 4)
    if last_day >= spans[0][0]:
        drafts.append((last_day, len(drafts), "meetup", bisect_right(starts, last_day) - 1))
    drafts.sort()
    events: list[dict[str, Any]] = []
    ev_ords: list[int] = []
    ev_by_month: list[list[int]] = [[] for _ in range(months)]
    for j, (day, _, kind, k) in enumerate(drafts):
        before = k < first_purpose
        name, place = pick(EVENT_TEMPLATES[kind])
        events.append(
            {
                "id": f"e{j + 1:0{len(str(len(drafts)))}d}",
                "name": f"{name}, {dt.date.fromordinal(day):%b %Y}",
                "kind": kind,
                "date": day_iso(day),
                "location": place,
                "purpose": pick(VAGUE_PURPOSES) if before else pick(PURPOSES),
                "intended_outcome": None if before else pick(OUTCOMES),
                "target_people": None
                if before
                else rng.randint(3, 10 if kind == "conference" else 6),
                "follow_up_plan": None
                if before
                else EVENT_FOLLOW_UP_PLANS[j % len(EVENT_FOLLOW_UP_PLANS)],
                "nurture_plan": None,  # asked only since the light app; the demo's plans predate it
                "opportunity_note": None
                if before or j % 2
                else EVENT_OPPORTUNITIES[j % len(EVENT_OPPORTUNITIES)],
            }
        )
        ev_ords.append(day)
        ev_by_month[k].append(j)
    ev_cum = [list(accumulate(EVENT_SIZE[drafts[j][2]] for j in js)) for js in ev_by_month]

    # Everyone's first encounter; people are numbered in the order they were first met.
    firsts: list[tuple[int, int, int | None, str | None]] = []
    for i, k in enumerate(rng.choices(range(months), weights=weights, k=people)):
        if ev_by_month[k] and chance(0.62):
            j = rng.choices(ev_by_month[k], cum_weights=ev_cum[k])[0]
            firsts.append((ev_ords[j], i, j, None))
        else:
            firsts.append((rng.randint(spans[k][0], spans[k][1]), i, None, pick(PLACES)))
    for i in range(max(0, people - max(2, people // 100)), people):
        firsts[i] = (ev_ords[-1], i, len(ev_ords) - 1, None)
    firsts.sort(key=lambda f: (f[0], f[1]))
    first_ords = [f[0] for f in firsts]
    pids = [f"p{i + 1:0{len(str(people))}d}" for i in range(people)]
    names = [f"{pick(FIRST)} {pick(LAST)}" for _ in range(people)]

    seq = count()  # creation order: the tie-break when records are sorted by date
    tally = [[0, 0] for _ in range(months)]  # per month: follow-ups due, made within a week
    persons: list[dict[str, Any]] = []
    encounters: list[tuple[int, int, dict[str, Any]]] = []
    touches: list[tuple[int, int, dict[str, Any]]] = []
    opportunities: list[tuple[int, int, dict[str, Any]]] = []
    emails: dict[str, int] = {}
    urls: dict[str, int] = {}

    def touch(i: int, day: int, direction: str, kind: str, note: str | None) -> None:
        channel = pick(CHANNELS)
        record: dict[str, Any] = {"id": "", "person": pids[i], "date": day_iso(day)}
        record.update(direction=direction, kind=kind, channel=channel, note=note)
        touches.append((day, next(seq), record))

    def nurture(i: int, day: int) -> list[int]:
        """A relationship: touches every few weeks, in and out, until A."""
        days = []
        for _ in range(rng.randint(3, 9)):
            day += rng.randint(14, 60)
            if day > a:
                break
            out = chance(0.6)
            kind = pick(OUT_KINDS if out else IN_KINDS)
            if kind != "intro_made":
                note = maybe(0.8, TOUCH_NOTES[kind])
            elif (other := rng.randrange(bisect_right(first_ords, day))) != i:
                note = f"Introduced {names[i]} to {names[other]} — they should talk"
            else:
                kind, note = "nurture", None
            touch(i, day, "out" if out else "in", kind, note)
            days.append(day)
        return days

    for i, (day0, _, ev0, place0) in enumerate(firsts):
        first, last = (_slug(part) for part in names[i].split(" ", 1))
        org = maybe(0.8, ORGS)
        domain = f"{_slug(org)}.example.com" if org else "example.org"
        person: dict[str, Any] = {
            "id": pids[i],
            "name": names[i],
            "organisation": org,
            "role": maybe(0.75, ROLES),
            "email": f"{_unique(f'{first}.{last}', emails)}@{domain}" if chance(0.55) else None,
            "phone": f"+1 555-01{rng.randint(0, 99):02d}" if chance(0.35) else None,
            "url": f"https://www.example.org/in/{_unique(f'{first}-{last}', urls)}"
            if chance(0.3)
            else None,
            "tags": rng.sample(TAGS, pick((0, 1, 1, 2, 2, 3))),
            "needs": maybe(0.75, NEEDS),
            "cadence_days": None,
            "introduced_by": None,
            "notes": maybe(0.2, NOTES),
        }
        persons.append(person)
        if i >= 3 and chance(0.1):
            intro = rng.randrange(i)
            person["introduced_by"] = pids[intro]
            when = max(first_ords[intro], day0 - rng.randint(0, 5))
            touch(
                intro, when, "in", "intro_received", f"{names[intro]} introduced me to {names[i]}"
            )

        # The first encounter, then the times we ran into each other again.
        meetings: list[tuple[int, int | None, str | None]] = [(day0, ev0, place0)]
        prev = day0
        for _ in range(pick(REPEATS)):
            prev += rng.randint(5, 120)
            idx = bisect_left(ev_ords, prev)
            if prev >= a:
                break
            if ev0 is None and chance(0.6):
                meetings.append((prev, None, place0))
            elif idx < len(ev_ords) and chance(0.6):
                j = idx + rng.randrange(min(6, len(ev_ords) - idx))
                prev = ev_ords[j]
                meetings.append((prev, j, None))
            else:
                meetings.append((prev, None, pick(PLACES)))

        related = False
        for n, (day, ev, place) in enumerate(meetings):
            k = bisect_right(starts, day) - 1
            before = k < first_purpose
            card = chance((0.85 if n == 0 else 0.6) if ev is not None else 0.15)
            planned = chance((0.92 if ev is not None else 0.75) if n == 0 else 0.55)
            due = None
            if planned and chance(0.15 if before else 0.6):
                due = day_iso(day + (7 if before else pick((2, 3, 5, 7))))
            record = {
                "id": "",
                "person": pids[i],
                "date": day_iso(day),
                "event": None if ev is None else events[ev]["id"],
                "place": place,
                "learned": maybe(0.5 if before else 0.9, LEARNED),
                "their_needs": maybe(0.3 if before else 0.85, NEEDS),
                "my_offer": maybe(0.2 if before else 0.8, OFFERS),
                "card_exchanged": card,
                "follow_up_planned": planned,
                "follow_up_due": due,
                "quality": pick(QUALITY) if chance(0.6 if before else 0.9) else None,
            }
            encounters.append((day, next(seq), record))
            # Follow-up: rare before purpose, the habit after it; sometimes late.
            if not planned and not chance(0.1):
                continue
            # The odds lean against the month's tally so far: its share stays near fprob[k].
            tally[k][0] += 1
            if chance(fprob[k] + 0.5 * (fprob[k] * (tally[k][0] - 1) - tally[k][1])):
                tally[k][1] += 1
                delay = rng.randint(1, 7) if before else pick(DELAYS)
            elif chance(0.25 if before else 0.4):
                delay = rng.randint(8, 45)
            else:
                continue
            if day + delay > a:
                continue
            kind = "follow_up" if before else pick(FOLLOW_KINDS)
            touch(i, day + delay, "out", kind, pick(FOLLOW_NOTES))
            # A reply makes a conversation; some conversations grow into relationships.
            reply = day + delay + rng.randint(0, 6)
            if n > 0 or related or reply > a or not chance(0.5 if before else 0.7):
                continue
            touch(
                i, reply, "in", "follow_up", "Thanks! Let's stay in touch" if chance(0.5) else None
            )
            if not chance(0.4 if before else 0.6):
                continue
            related = True
            days = nurture(i, reply)
            if chance(0.65):
                person["cadence_days"] = pick((21, 30, 45, 60, 90))
            if days and chance(0.75):
                n_opps = len(opportunities)
                kind = (
                    OPPORTUNITY_KINDS[n_opps]
                    if n_opps < len(OPPORTUNITY_KINDS)
                    else rng.choices(OPPORTUNITY_KINDS, OPP_WEIGHTS)[0]
                )
                when = pick(days)
                record = {"id": "", "person": pids[i], "date": day_iso(when), "kind": kind}
                record["note"] = OPP_NOTES[kind] if chance(0.85) else None
                opportunities.append((when, next(seq), record))
        if not related and chance(0.04):
            person["cadence_days"] = pick((30, 60, 90))

    # Debriefs: rare before purpose, after most events once there is one.
    debriefs = []
    for j, (day, _, _, k) in enumerate(drafts):
        before = k < first_purpose
        when = day + pick((0, 0, 1, 1, 2, 3))
        if when > a or not chance(0.4 if before else 0.9):
            continue
        met = rng.choices(("yes", "partly", "no"), (1, 3, 3) if before else (5, 4, 1))[0]
        debriefs.append(
            {
                "id": "",
                "event": events[j]["id"],
                "date": day_iso(when),
                "purpose_met": met,
                "highlights": pick(HIGHLIGHTS),
                "learned": pick(LESSONS),
                "wiift": None if before else pick(WIIFTS),
                "next_steps": pick(NEXT_STEPS),
                "energy": rng.randint(1, 5) if before else rng.randint(2, 5),
            }
        )

    # A purpose for every month from the first one on, each with its own theme.
    base = {"events_attended": n_events / months, "debriefs_done": 0.8 * n_events / months}
    purposes = []
    for k in range(first_purpose, months):
        start, _, end = spans[k]
        december = dt.date.fromordinal(start).month == 12
        theme = FUN_THEME if december else THEMES[(k - first_purpose) % len(THEMES)]
        targets = {
            metric: _number(float(value))
            if metric in RATE_TARGETS
            else max(1, round(float(value) * base.get(metric, people / months)))
            for metric, value in theme[1].items()
        }
        fields = ("why", "intended_outcome", "follow_up_plan", "nurture_plan", "opportunity_note")
        record = {"id": "", "start": day_iso(start), "end": day_iso(end)}
        purposes.append(record | dict(zip(fields, theme[0], strict=True)) | {"targets": targets})

    def numbered(prefix: str, rows: list[Any], dated: bool = True) -> list[dict[str, Any]]:
        records = [r[2] for r in sorted(rows, key=lambda r: (r[0], r[1]))] if dated else rows
        for n, record in enumerate(records, 1):
            record["id"] = f"{prefix}{n:0{len(str(len(records)))}d}"
        return records

    return {
        "format": "networking-workbook",
        "version": 1,
        "owner": {"name": owner},
        "people": persons,
        "events": events,
        "encounters": numbered("n", encounters),
        "touchpoints": numbered("t", touches),
        "purposes": numbered("g", purposes, dated=False),
        "debriefs": numbered("d", debriefs, dated=False),
        "opportunities": numbered("o", opportunities),
        # The coach's note on the last complete month (workbook/notes.py).
        "coach_notes": [{"id": "c1", "period": f"{_month_start(as_of, -1):%Y-%m}"} | DEMO_NOTE],
    }


def write_demo(
    path: str | Path,
    *,
    as_of: dt.date,
    seed: int = DEMO_SEED,
    people: int = DEMO_PEOPLE,
    months: int = DEMO_MONTHS,
    force: bool = False,
) -> str:
    """Generate the demo and write it as a new workbook at ``path``; describe what was written.

    Written directly (no matching of people): at scale, invented names repeat.
    """
    from workbook.jsonio import write_new_workbook

    try:
        document = generate_demo(seed=seed, people=people, months=months, as_of=as_of)
    except ValueError as error:
        raise WorkbookInputError(f"demo: {error}") from None
    counts = write_new_workbook(path, document, force=force, demo=True)
    return ", ".join(record_count(n, c) for c, n in counts.items())
