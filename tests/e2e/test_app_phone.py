"""The light app on a phone with its script (docs/app-offline.md): never lose a keystroke,
the calendar subscription, accessibility, the home-screen manifest.

``workbook app`` runs as a real process on a small workbook; Chromium at phone size
(390 × 844, touch) with JavaScript on; what was saved is read back from the SQLite file
itself. The workbook, as of 2026-10-10 (``$WORKBOOK_AS_OF``), default 7-day follow-up
window, 14 days ahead for the calendar (to 2026-10-24):

- p1 "Zoë <b>Ålund</b>" met at n1 on 2026-10-01, follow up by 10-05 → overdue → a
  follow-up on 2026-10-10;
- p2 Ben Ito met at n2 on 2026-10-08, follow up by 10-15 → on 2026-10-15;
- p3 Cleo met at n3 on 10-02, followed up by t1 (out, 10-03) → done, not listed;
- p4 Ana, keep in touch every 14 days, last touch t2 (out) on 09-20 → going cold → a
  check-in on 2026-10-10;
- p5 Dev met at n4 on 10-09, follow up by 11-30 → beyond 10-24, not listed yet;
- e1 "Harbour meetup" on 2026-10-20 → an event that day; e0 "Old fair" on 09-01 → past.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest

from tests.helpers.app_server import AppServer, serving
from tests.helpers.browser import CHROMIUM_ARGS, DESKTOP, PHONE, chromium_path, skip_without_browser
from workbook.store import Workbook

pytestmark = [pytest.mark.slow, pytest.mark.browser, skip_without_browser()]

AS_OF = "2026-10-10"
TOKEN = "a-phone-test-token-of-32-chars!!"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
WAITING = "Waiting for a connection — kept on this phone"
MARKUP = "<b>Zoë</b> & “quotes” 👋"
#: The encounter form's fields by their labels, each with markup, accents and an emoji.
ENCOUNTER = {
    "Who": f"{MARKUP} Who",
    "Place": f"{MARKUP} Place",
    "What I learned": f"{MARKUP} learned\nsecond line",
    "Their needs": f"{MARKUP} needs",
    "My offer": f"{MARKUP} offer",
}
SAVE = "Save encounter"
#: The address a page goes to after a save: the page again, told what was saved.
SAVED_URL = re.compile(r"[?&]saved=[0-9a-f]{32}")


def make_workbook(path: Path) -> Path:
    with Workbook.open(path, create=True) as wb, wb.transaction():
        wb.set_owner("Sam Okafor")
        for person in [
            {"id": "p1", "name": "Zoë <b>Ålund</b>"},
            {"id": "p2", "name": "Ben Ito"},
            {"id": "p3", "name": "Cleo"},
            {"id": "p4", "name": "Ana", "cadence_days": 14},
            {"id": "p5", "name": "Dev"},
        ]:
            wb.put("people", person)
        for event in [
            {"id": "e0", "name": "Old fair", "date": "2026-09-01"},
            {"id": "e1", "name": "Harbour meetup", "date": "2026-10-20", "location": "Pier 4"},
        ]:
            wb.put("events", {"kind": "meetup", **event})
        for encounter in [
            {"id": "n1", "person": "p1", "date": "2026-10-01", "follow_up_due": "2026-10-05"},
            {"id": "n2", "person": "p2", "date": "2026-10-08", "follow_up_due": "2026-10-15"},
            {"id": "n3", "person": "p3", "date": "2026-10-02", "follow_up_due": "2026-10-06"},
            {"id": "n4", "person": "p5", "date": "2026-10-09", "follow_up_due": "2026-11-30"},
        ]:
            wb.put("encounters", {"place": "bakery", **encounter})
        for touch in [
            {"id": "t1", "person": "p3", "date": "2026-10-03", "kind": "follow_up"},
            {"id": "t2", "person": "p4", "date": "2026-09-20", "kind": "nurture"},
        ]:
            wb.put("touchpoints", {"direction": "out", "channel": "email", **touch})
    return path


def _serve(folder: Path) -> Iterator[AppServer]:
    workbook = make_workbook(folder / "mine.db")
    with serving(folder, workbook, token=TOKEN, env={"WORKBOOK_AS_OF": AS_OF}) as running:
        yield running


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    yield from _serve(tmp_path_factory.mktemp("phone"))


@pytest.fixture(scope="module")
def calendar_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """An app of its own: the other tests' saves would be on its calendar."""
    yield from _serve(tmp_path_factory.mktemp("calendar"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Phone:
    """A fresh browser context (its own cookies, storage, service worker), signed in;
    requests that would leave the machine are aborted and listed in ``blocked``."""

    def __init__(
        self, browser: Any, app: AppServer, viewport: dict[str, int] = PHONE, **options: Any
    ) -> None:
        mobile = viewport["width"] < 600
        self.app = app
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            viewport=viewport,
            is_mobile=mobile,
            has_touch=mobile,
            service_workers="allow",
            **options,
        )
        host = urlsplit(app.base).netloc
        self.context.route(lambda url: urlsplit(url).netloc != host, self._abort)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(app.url)  # the printed address: the token once, then a cookie
        self.page.get_by_role("button", name=SAVE).wait_for()

    def _abort(self, route: Any) -> None:
        if route.request.url.startswith(("data:", "blob:")):
            route.continue_()
            return
        self.blocked.append(route.request.url)
        route.abort()

    def open(self, path: str = "") -> Any:
        self.page.goto(self.app.page_url(path))
        return self.page

    def fill(self, values: dict[str, str]) -> None:
        for label, value in values.items():
            box = self.page.get_by_label(label, exact=True)
            box.click()
            box.fill(value)

    def status(self, text: str) -> None:
        """Until the status line says ``text``."""
        self.page.locator("#status", has_text=text).wait_for()

    def controlled(self) -> None:
        """Until the service worker serves this page's next loads and has kept this page,
        the script and the style sheet."""
        self.page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        self.page.wait_for_function(
            "() => caches.open('workbook-app-1').then(c => Promise.all("
            "[location.origin + location.pathname, 'static/app.js', 'static/app.css']"
            ".map(u => c.match(new URL(u, location.href).href))))"
            ".then(kept => kept.every(Boolean))"
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def phone(browser: Any, app: AppServer) -> Iterator[Phone]:
    opened = Phone(browser, app)
    try:
        yield opened
        assert opened.blocked == [], f"requests that left the machine: {opened.blocked}"
        assert opened.errors == []
    finally:
        opened.close()


def rows(app: AppServer, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Read the workbook file itself (not through the app)."""
    connection = sqlite3.connect(app.workbook)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def encounters_of(app: AppServer, who: str) -> list[tuple[Any, ...]]:
    return rows(
        app,
        "SELECT e.place, e.learned, e.their_needs, e.my_offer, e.date FROM encounter e"
        " JOIN person p ON p.id = e.person WHERE p.name = ?",
        who,
    )


def outbox(page: Any) -> list[str]:
    """The submission ids waiting in the phone's outbox."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
             const open = indexedDB.open('workbook', 1);
             open.onupgradeneeded = () =>
               open.result.createObjectStore('outbox', {keyPath: 'submission'});
             open.onsuccess = () => {
               const all = open.result.transaction('outbox').objectStore('outbox').getAllKeys();
               all.onsuccess = () => resolve(all.result);
               all.onerror = () => reject(all.error);
             };
           })"""
    )


def drafts(page: Any) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:'))")


def typed(page: Any) -> dict[str, str]:
    return {label: page.get_by_label(label, exact=True).input_value() for label in ENCOUNTER}


# -- never lose a keystroke --------------------------------------------------------------


def test_saved_offline_is_kept_on_the_phone_then_in_the_workbook_once(phone: Phone) -> None:
    app, page = phone.app, phone.page
    phone.controlled()
    phone.fill(ENCOUNTER)
    phone.context.set_offline(True)
    button = page.get_by_role("button", name=SAVE)
    button.click()
    phone.status(WAITING)
    button.click()  # tapped again while waiting: the same entry, kept once
    phone.status(WAITING)
    assert len(outbox(page)) == 1
    assert encounters_of(app, ENCOUNTER["Who"]) == []

    # opened again with no connection: the service worker's copy, the text still there
    response = page.reload()
    assert response is not None and response.from_service_worker
    styled = "() => [...document.styleSheets].some(s => s.href.endsWith('/static/app.css')"
    assert page.evaluate(styled + " && s.cssRules.length > 0)")  # its style sheet kept too
    phone.status(WAITING)
    assert typed(page) == ENCOUNTER
    assert len(outbox(page)) == 1

    phone.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # as a phone's radio would
    page.wait_for_url(SAVED_URL)  # the page as the server shows it now
    phone.status("Saved")
    assert encounters_of(app, ENCOUNTER["Who"]) == [
        (
            ENCOUNTER["Place"],
            ENCOUNTER["What I learned"],
            ENCOUNTER["Their needs"],
            ENCOUNTER["My offer"],
            AS_OF,
        )
    ]
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('draft:'))")
    assert outbox(page) == []
    assert page.get_by_label("Who", exact=True).input_value() == ""


def test_with_no_page_open_the_service_worker_sends_the_outbox(phone: Phone) -> None:
    """Saved offline, then the tab left: when the browser's Background Sync fires (here
    dispatched through the DevTools protocol, as Chromium does when the connection
    returns), the service worker sends the entry; the next page opened says it was saved
    and clears the draft."""
    app, page, who = phone.app, phone.page, "Synced Sol"
    phone.controlled()
    phone.fill({"Who": who, "What I learned": f"{MARKUP} synced"})
    phone.context.set_offline(True)
    page.get_by_role("button", name=SAVE).click()
    phone.status(WAITING)
    cdp = phone.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.goto("about:blank")  # no page of the app is open
    phone.context.set_offline(False)
    (worker,) = phone.context.service_workers
    reach = "url => fetch(url, {cache: 'no-store'}).then(() => true, () => false)"
    deadline = time.monotonic() + 30
    while not worker.evaluate(reach, app.page_url("manifest.webmanifest")):
        assert time.monotonic() < deadline, "the service worker never got its connection back"
    scope = app.page_url("")
    (registration,) = [r for r in registrations if r["scopeURL"] == scope and not r["isDeleted"]]
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": app.base,
            "registrationId": registration["registrationId"],
            "tag": "outbox",
            "lastChance": False,
        },
    )
    deadline = time.monotonic() + 30
    while not encounters_of(app, who) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling the file for the worker's write, not a fixed wait
    assert [r[1] for r in encounters_of(app, who)] == [f"{MARKUP} synced"]

    page.goto(app.page_url(""))
    page.wait_for_url(SAVED_URL)  # the draft's entry was saved: the page as it is now
    phone.status("Saved")
    assert outbox(page) == [] and drafts(page) == []
    assert len(encounters_of(app, who)) == 1


def test_after_an_app_restart_save_keeps_the_entry_and_sends_it_once_signed_in(
    phone: Phone,
) -> None:
    """The app restarted (its cookies no longer valid) while a page was open: Save says
    so and keeps the entry; opening the app's address again sends it, once."""
    page, who = phone.page, "Restart Rita"
    phone.fill({"Who": who, "What I learned": f"{MARKUP} after a restart"})
    phone.context.clear_cookies()  # the sign-in and xsrf cookies the app knew are gone
    page.get_by_role("button", name=SAVE).click()
    phone.status("Not saved yet — the app does not know this phone any more")
    assert len(outbox(page)) == 1
    assert encounters_of(phone.app, who) == []

    page.goto(phone.app.url)  # the printed address again: new cookies, then Today
    page.wait_for_url(SAVED_URL)  # the outbox was sent when Today opened
    phone.status("Saved")
    assert [r[1] for r in encounters_of(phone.app, who)] == [f"{MARKUP} after a restart"]
    assert outbox(page) == []
    assert page.get_by_label("Who", exact=True).input_value() == ""


def test_two_taps_on_save_write_one_record(phone: Phone) -> None:
    who = "Double Tap Dana"
    phone.fill({"Who": who, "What I learned": "tapped twice"})
    phone.page.get_by_role("button", name=SAVE).dblclick()
    phone.page.wait_for_url(SAVED_URL)
    phone.status("Saved")
    assert [r[1] for r in encounters_of(phone.app, who)] == ["tapped twice"]
    assert outbox(phone.page) == []


def test_the_same_entry_resent_writes_once_and_answers_saved_both_times(phone: Phone) -> None:
    """What the outbox does after a lost answer: the same form, the same id, sent twice."""
    who = "Resent Rosa"
    phone.fill({"Who": who})
    answers = phone.page.evaluate(
        """async () => {
             const form = document.querySelector('form[action$="form=encounter"]');
             const body = new URLSearchParams(new FormData(form)).toString();
             const send = () => fetch(form.action, {method: 'POST', body,
               headers: {Accept: 'application/json',
                         'Content-Type': 'application/x-www-form-urlencoded'}})
               .then(r => r.json());
             return [await send(), await send()];
           }"""
    )
    assert [a["status"] for a in answers] == ["saved", "saved"]
    assert answers[0]["message"] == answers[1]["message"]
    assert len(encounters_of(phone.app, who)) == 1


def test_a_draft_survives_a_reload(phone: Phone) -> None:
    page = phone.page
    draft = {"Who": "Draft Dora", "What I learned": f"{MARKUP} half typed"}
    phone.fill(draft)
    page.reload()
    page.get_by_role("button", name=SAVE).wait_for()
    phone.status("Your unsaved text is back in the form")
    assert {k: page.get_by_label(k, exact=True).input_value() for k in draft} == draft
    assert encounters_of(phone.app, "Draft Dora") == []


def test_a_save_the_server_refuses_shows_why_and_keeps_the_text(phone: Phone) -> None:
    page = phone.page
    phone.fill({"Who": "   ", "What I learned": "no name yet"})  # blank to the server
    page.get_by_role("button", name=SAVE).click()
    phone.status("Who")
    assert "Not saved" in page.locator("#status").inner_text()
    who = page.get_by_label("Who", exact=True)
    assert who.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("What I learned", exact=True).input_value() == "no name yet"
    assert outbox(page) == []
    assert len(drafts(page)) == 1
    assert rows(phone.app, "SELECT count(*) FROM encounter WHERE learned = 'no name yet'") == [(0,)]


def test_no_connection_is_said_plainly(phone: Phone) -> None:
    phone.context.set_offline(True)
    phone.status("No connection — what you save is kept on this phone")
    phone.context.set_offline(False)


# -- the home screen -----------------------------------------------------------------------


def test_add_to_home_screen_opens_today(phone: Phone) -> None:
    page = phone.page
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest_url = page.evaluate("h => new URL(h, location.href).href", href)
    manifest = page.evaluate("u => fetch(u).then(r => r.json())", manifest_url)
    start = page.evaluate("([s, m]) => new URL(s, m).href", [manifest["start_url"], manifest_url])
    assert start == phone.app.page_url("")
    assert manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        url = page.evaluate("([s, m]) => new URL(s, m).href", [icon["src"], manifest_url])
        with urllib.request.urlopen(url) as answer:  # no cookie: the launcher has none
            body = answer.read()
        if icon["type"] == "image/png":
            assert body[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
            sizes[icon["sizes"]] = (width, height)
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
    touch = page.locator("link[rel=apple-touch-icon]").get_attribute("href")
    assert touch


# -- the calendar subscription -------------------------------------------------------------


def fetch(url: str) -> tuple[int, bytes, str]:
    """GET with no cookie and no token."""
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status, answer.read(), answer.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def feed_url(page: Any) -> str:
    return page.locator("#calendar-url").get_attribute("href")


def test_the_calendar_feed_needs_only_its_key_and_renewing_closes_the_old_one(
    browser: Any, calendar_app: AppServer
) -> None:
    phone = Phone(browser, calendar_app)
    try:
        page = phone.open("settings")
        make = page.get_by_role("button", name="Make my calendar address")
        if make.count():  # no key yet: a page never writes, so it is made by a tap
            make.click()
        page.locator("#calendar-url").wait_for()
        first = feed_url(page)
        assert first.startswith(f"{phone.app.base}/workbook/agenda.ics?key=")
        webcal = page.get_by_role("link", name="Subscribe on this phone (webcal)").get_attribute(
            "href"
        )
        assert webcal == "webcal://" + first.removeprefix("http://")
        assert page.locator("#calendar svg").count() == 1  # the QR code

        status, body, kind = fetch(first)
        assert status == 200 and kind.startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(body)
        events = sorted(
            (e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]), str(e["UID"]).split("@")[0])
            for e in calendar.walk("VEVENT")
        )
        assert events == [
            ("2026-10-10", "Check in: Ana", "check-in-p4"),
            ("2026-10-10", "Follow up: Zoë <b>Ålund</b>", "follow-up-n1"),
            ("2026-10-15", "Follow up: Ben Ito", "follow-up-n2"),
            ("2026-10-20", "Event: Harbour meetup", "event-e1"),
        ]

        key = first.split("key=", 1)[1]
        base = first.split("?", 1)[0]
        for wrong in (f"{base}?key={key[:-1]}", f"{base}?key=", base, f"{base}?key={key}x"):
            status, body, _ = fetch(wrong)
            assert (status, b"BEGIN:VCALENDAR" in body) == (404, False), wrong

        page.get_by_role("button", name="Renew the address").click()
        phone.status("new calendar address")
        page.wait_for_function(
            "old => document.querySelector('#calendar-url').href !== old", arg=first
        )
        second = feed_url(page)
        assert second != first
        assert fetch(first)[0] == 404
        assert fetch(second)[0] == 200
        assert phone.blocked == [] and phone.errors == []
    finally:
        phone.close()


def test_owner_name_and_email_are_set_in_the_app(phone: Phone) -> None:
    page = phone.open("settings")
    phone.fill({"Your name": "  "})  # not blank to the browser, blank to the server
    page.get_by_role("button", name="Save", exact=True).click()
    phone.status("Your name: enter your name")
    phone.fill({"Your name": "Alex <i>Rivera</i>", "Your e-mail": "alex@example.org"})
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(SAVED_URL)
    phone.status("Saved")
    with Workbook.open(phone.app.workbook) as wb:
        assert (wb.owner, wb.owner_email) == ("Alex <i>Rivera</i>", "alex@example.org")


# -- accessibility -------------------------------------------------------------------------

PAGES = ["", "people", "people/p1", "plan", "debrief", "purpose", "records", "settings"]


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.skipif(
    not AXE.is_file() and not os.environ.get("CI"),
    reason="needs axe-core: make tests/.node/node_modules/axe-core/axe.min.js",
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_has_no_serious_accessibility_violation(
    browser: Any, app: AppServer, viewport: dict[str, int]
) -> None:
    # the app's pages allow no inline script: axe is injected as one, past that policy
    phone = Phone(browser, app, viewport, bypass_csp=True)
    try:
        found = {}
        for path in PAGES:
            page = phone.open(path)
            page.locator("main").wait_for()
            found[path or "today"] = _axe(page)
        # the sign-in page, as someone without the cookie sees it
        phone.context.clear_cookies()
        page = phone.open("")
        page.locator("input[type=password]").wait_for()
        found["login"] = _axe(page)
        assert {k: v for k, v in found.items() if v} == {}
        assert phone.blocked == []
    finally:
        phone.close()
