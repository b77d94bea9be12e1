"""The light app as a person uses it: ``workbook app`` started as a real process on a small
workbook worked out by hand, plain HTTP without JavaScript (what a form posts, what comes
back), the workbook file read back with the store. See ``docs/app.md``.

The workbook, as of 2026-10-10 (``$WORKBOOK_AS_OF``), default 7-day follow-up window:

- p1 "Zoë <b>Ålund</b>" (markup in her name), met at n1 on 2026-10-01 at "bakery", follow
  up by 10-05 → a follow-up 5 days overdue; what I learned holds a <script> tag;
- p2 "Ben" + U+202E + "otI" (a right-to-left override in his name), never met;
- p3 Ana, keep in touch every 14 days, last touch t1 on 2026-09-20 → a check-in due 10-04,
  6 days overdue;
- p4 Cleo Park and p5 "cleo park" (entered twice), p5 met at n2 on 2026-09-01, followed up
  by t2 (out, 09-02);
- e1 "Chamber breakfast" on 2026-10-08: 3 people to meet, intended outcome "two coffees",
  nobody logged there yet.

One Playwright test at phone size with JavaScript disabled logs an encounter by the form's
labels; the client script's own tests (offline, double tap, accessibility) are elsewhere.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests.helpers.app_server import ROOT, AppServer, start_app, stop_app
from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path, skip_without_browser
from tests.helpers.cli import Ran, invoke
from workbook.store import Workbook

pytestmark = [pytest.mark.slow]

AS_OF = "2026-10-10"
TOKEN = "a-test-token-of-thirty-two-chars"
START_TIMEOUT_S = 120
SUBMISSION = re.compile(r"[0-9a-f]{32}")
PAGES = ["", "people", "people/p1", "plan", "debrief", "purpose", "records?show=encounters&id=n1"]
RLO_NAME = "Ben \u202eotI"


def make_workbook(path: Path) -> Path:
    with Workbook.open(path, create=True) as wb, wb.transaction():
        for record in [
            {"id": "p1", "name": "Zoë <b>Ålund</b>"},
            {"id": "p2", "name": RLO_NAME},
            {"id": "p3", "name": "Ana", "cadence_days": 14},
            {"id": "p4", "name": "Cleo Park", "organisation": "Harbour"},
            {"id": "p5", "name": "cleo park", "email": "cleo@example.org"},
        ]:
            wb.put("people", record)
        wb.put(
            "events",
            {
                "id": "e1",
                "name": "Chamber breakfast",
                "kind": "meetup",
                "date": "2026-10-08",
                "intended_outcome": "two coffees",
                "target_people": 3,
            },
        )
        wb.put(
            "encounters",
            {
                "id": "n1",
                "person": "p1",
                "date": "2026-10-01",
                "place": "bakery",
                "learned": "<script>alert(1)</script> sells rye",
                "follow_up_due": "2026-10-05",
            },
        )
        wb.put(
            "encounters",
            {"id": "n2", "person": "p5", "date": "2026-09-01", "place": "rink"},
        )
        for touch in [
            {"id": "t1", "person": "p3", "date": "2026-09-20", "direction": "out"},
            {"id": "t2", "person": "p5", "date": "2026-09-02", "direction": "out"},
        ]:
            wb.put("touchpoints", {**touch, "kind": "nurture", "channel": "email"})
    return path


def start(folder: Path, workbook: Path, *args: str, **kwargs: Any) -> AppServer:
    try:
        return start_app(
            folder, workbook, timeout=START_TIMEOUT_S, env={"WORKBOOK_AS_OF": AS_OF}, **kwargs
        )
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("app")
    running = start(folder, make_workbook(folder / "mine.db"), token=TOKEN)
    try:
        yield running
    finally:
        stop_app(running.process)


def rows(app: AppServer, sql: str) -> list[tuple[Any, ...]]:
    """Read the workbook file itself (not through the app)."""
    connection = sqlite3.connect(app.workbook)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# -- a browser without JavaScript: urllib, a cookie jar, no redirect followed ------------------
@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)
    inputs: list[dict[str, str]] = field(default_factory=list)  # visible ones, with their id


class Page(HTMLParser):
    """The forms of a page (fields as they would be sent), its labels, its #status."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.labels: dict[str, str] = {}
        self.status = ""
        self._form: Form | None = None
        self._label: str | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_status = False
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attributes}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get"), a)
            self.forms.append(self._form)
        elif tag == "label" and "for" in a:
            self._label = a["for"]
            self.labels[self._label] = ""
        elif tag == "p" and a.get("id") == "status":
            self._in_status = True
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name, kind = a.get("name", ""), a.get("type", tag)
            if kind != "hidden":
                self._form.inputs.append(a | {"tag": tag})
            if tag == "textarea":
                self._textarea = name
                self._form.fields[name] = ""
            elif tag == "select":
                self._select = name
            elif kind != "checkbox" or "checked" in a:
                self._form.fields[name] = a.get("value", "")
        elif (
            tag == "option"
            and self._form is not None
            and self._select
            and ("selected" in a or self._select not in self._form.fields)
        ):
            self._form.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "label":
            self._label = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p":
            self._in_status = False

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label] += data
        if self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] += data
        if self._in_status:
            self.status += data

    def form(self, action_contains: str) -> Form:
        found = [f for f in self.forms if action_contains in f.action]
        assert len(found) == 1, f"{action_contains}: {[f.action for f in self.forms]}"
        return found[0]


class Phone:
    """One browser with JavaScript off: a cookie jar, and the printed address opened first."""

    def __init__(self, app: AppServer, signed_in: bool = True) -> None:
        self.app = app
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )
        if signed_in:
            address = app.url
            for _ in range(3):  # / → /workbook/?token=… → /workbook/ (cookie set)
                answer = self.request("GET", address)
                if answer.status != 302:
                    break
                address = answer.headers["Location"]
            assert answer.status == 200, answer

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        url = path if path.startswith("http") else self.app.base + path
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Response(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read().decode())

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def page(self, path: str) -> Page:
        answer = self.get(path)
        assert answer.status == 200, (path, answer.status, answer.text[:500])
        return Page(answer.text)

    def post(self, form: Form, json_answer: bool = False, **typed: str) -> Response:
        headers = {"Accept": "application/json"} if json_answer else {}
        return self.request("POST", form.action, {**form.fields, **typed}, headers)


@pytest.fixture(scope="module")
def phone(app: AppServer) -> Phone:
    return Phone(app)


def encounter_count(app: AppServer) -> int:
    return int(rows(app, "SELECT count(*) FROM encounter")[0][0])


# -- starting ------------------------------------------------------------------------------
def test_prints_the_address_with_its_token(app: AppServer) -> None:
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/\?token={TOKEN}", app.url)


def test_the_address_opens_today_and_the_token_leaves_the_address_bar(app: AppServer) -> None:
    phone = Phone(app, signed_in=False)
    first = phone.get(app.url)
    assert first.status == 302 and first.headers["Location"] == f"/workbook/?token={TOKEN}"
    second = phone.get(first.headers["Location"])
    assert second.status == 302 and second.headers["Location"] == "/workbook/"
    assert phone.get("/workbook/").status == 200  # the cookie


def test_a_short_token_no_workbook_and_a_missing_token_file_are_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    workbook = make_workbook(tmp_path / "mine.db")
    cases = [
        (["--workbook", str(workbook), "--token", "1234"], "at least 16 characters"),
        (["--workbook", str(tmp_path / "none.db")], "workbook init"),
        (["--workbook", str(workbook), "--token-file", str(tmp_path / "nope")], "cannot read"),
    ]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "WORKBOOK_APP_TOKEN": "short"}
    for number, (args, expected) in enumerate(cases):
        without = {k: v for k, v in env.items() if k != "WORKBOOK_APP_TOKEN"}
        if number == 0:  # the real script once; the other cases answer alike in this process
            done: subprocess.CompletedProcess[str] | Ran = subprocess.run(
                [sys.executable, "-m", "workbook", "app", *args],
                capture_output=True,
                text=True,
                timeout=120,
                env=without,
            )
        else:
            done = invoke("app", *args, env=without)
        assert done.returncode == 2, done
        assert done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr
        assert done.stdout == ""
    weak_env = invoke("app", "--workbook", str(workbook), env=env)
    assert weak_env.returncode == 2 and "$WORKBOOK_APP_TOKEN" in weak_env.stderr


def test_the_token_from_a_file_or_the_environment(tmp_path: Path) -> None:
    workbook = make_workbook(tmp_path / "mine.db")
    token_file = tmp_path / "token"
    token_file.write_text("from-a-file-0123456789\n")
    # Without either, a random one: the app test_sigterm_stops_the_app_cleanly starts.
    command = [sys.executable, "-m", "workbook", "app", "--workbook", str(workbook)]
    for extra, env, token in [
        (["--token-file", str(token_file)], {}, "from-a-file-0123456789"),
        ([], {"WORKBOOK_APP_TOKEN": "from-the-environment-42"}, "from-the-environment-42"),
    ]:
        process = subprocess.Popen(
            [*command, "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
            start_new_session=True,
        )
        try:
            line = process.stdout.readline()  # type: ignore[union-attr]
            assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/\?token={token}\n", line), line
        finally:
            stop_app(process)  # type: ignore[arg-type]


def test_every_interface_prints_this_computers_address_and_a_qr_code(tmp_path: Path) -> None:
    running = start(tmp_path, make_workbook(tmp_path / "mine.db"), token=TOKEN, host="0.0.0.0")
    try:
        host = urlsplit(running.url).hostname
        assert host not in ("0.0.0.0", "127.0.0.1") and host
        # reachable on the loopback address too, and still only with the token
        answer = Phone(running, signed_in=False).get("/workbook/")
        assert answer.status == 302 and answer.headers["Location"].startswith("/login")
    finally:
        code = stop_app(running.process)
    assert code == 0
    assert "only on a network you trust" in running.log.read_text()


def test_sigterm_stops_the_app_cleanly(tmp_path: Path) -> None:
    running = start(tmp_path, make_workbook(tmp_path / "mine.db"))
    # Started with no token, no token file and no $WORKBOOK_APP_TOKEN: a random one (moved
    # here from test_the_token_from_a_file_or_the_environment, to start one app fewer).
    assert running.token != "from-a-file-0123456789"
    assert len(running.token) >= 16
    Phone(running)  # one visit
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(timeout=60) == 0
    log = running.log.read_text()
    assert "Traceback" not in log and "ZMQ" not in log, log


# -- who may see what ------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_without_signing_in_a_page_sends_to_login_and_a_post_is_refused(
    app: AppServer, path: str
) -> None:
    stranger = Phone(app, signed_in=False)
    answer = stranger.get(f"/workbook/{path}")
    assert answer.status == 302
    assert answer.headers["Location"] == "/login?" + urlencode({"next": f"/workbook/{path}"})
    before = encounter_count(app)
    for headers in ({}, {"Accept": "application/json"}):
        refused = stranger.request(
            "POST",
            f"/workbook/{path}?form=encounter",
            {"who": "Mallory", "submission": "0" * 32},
            headers,
        )
        assert refused.status == 403
    assert encounter_count(app) == before


def test_a_wrong_token_is_refused(app: AppServer) -> None:
    stranger = Phone(app, signed_in=False)
    answer = stranger.get("/workbook/?token=not-the-token-at-all")
    assert answer.status == 302 and answer.headers["Location"].startswith("/login")
    assert stranger.get("/workbook/").status == 302


def test_the_login_page_takes_the_token(app: AppServer) -> None:
    visitor = Phone(app, signed_in=False)
    login = visitor.page("/login")
    form = login.form("/login")
    assert login.labels == {"password_input": "Token"}
    assert visitor.post(form, password="not-the-token-at-all").status == 401
    answer = visitor.post(form, password=TOKEN)
    assert answer.status == 302 and answer.headers["Location"] == "/workbook/"
    assert visitor.get("/workbook/").status == 200


def test_a_post_without_or_with_a_wrong_xsrf_token_is_refused(app: AppServer, phone: Phone) -> None:
    form = phone.page("/workbook/").form("form=encounter")
    before = encounter_count(app)
    for xsrf in ("", "2|00000000|00000000000000000000000000000000|1796637745"):
        answer = phone.post(form, _xsrf=xsrf, who="Mallory")
        assert answer.status == 403
    assert encounter_count(app) == before


@pytest.mark.parametrize(
    "path",
    [
        "/files/mine.db",
        "/api/contents",
        "/api/contents/mine.db",
        "/api/kernels",
        "/api/sessions",
        "/api/terminals",
        "/tree",
        "/lab",
        "/workbook/mine.db",
        "/workbook/static/../mine.db",
        "/workbook/static/%2e%2e/%2e%2e/%2e%2e/mine.db",
        "/workbook/static/..%2F..%2F..%2Fstore.py",
        "/workbook/static/../templates/base.html.j2",
        "/static/../mine.db",
    ],
)
def test_nothing_on_disk_is_served(app: AppServer, phone: Phone, path: str) -> None:
    answer = phone.get(path)
    assert answer.status in (403, 404), (path, answer.status)
    assert "SQLite format" not in answer.text and "{%" not in answer.text


def test_the_apps_own_files_are_served(app: AppServer) -> None:
    stranger = Phone(app, signed_in=False)  # no workbook data in them: no sign-in needed
    for path in ("/workbook/static/app.css", "/workbook/static/app.js"):
        answer = stranger.get(path)
        assert answer.status == 200 and answer.text, path


def test_the_token_is_never_written_to_the_log(app: AppServer, phone: Phone) -> None:
    phone.get(f"/workbook/nothing-here?x={TOKEN}")
    Phone(app, signed_in=False).get(f"/workbook/?token={TOKEN[::-1]}")
    Phone(app, signed_in=False).get(f"/workbook/people/{TOKEN}")
    log = app.log.read_text()
    assert "nothing-here?x=[token]" in log  # the 404 was logged, without the token
    assert TOKEN not in log


# -- every page, without JavaScript ------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_labelled_inputs_and_saving_forms_with_one_time_ids(
    phone: Phone, path: str
) -> None:
    answer = phone.get(f"/workbook/{path}")
    assert answer.status == 200
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    page = Page(answer.text)
    assert 'id="status" role="status" aria-live="polite"' in answer.text
    assert 'href="/workbook/static/app.css"' in answer.text
    assert not re.search(r"(src|href)=\"(https?:)?//", answer.text)  # nothing from outside
    posts = [f for f in page.forms if f.method == "post"]
    assert posts or path == "people"  # the people page only searches
    ids = set()
    for form in page.forms:
        for element in form.inputs:
            assert page.labels.get(element.get("id", ""), "").strip(), (path, element)
        if form.method == "post":
            assert "data-save" in form.attrs
            assert form.fields["_xsrf"]
            assert SUBMISSION.fullmatch(form.fields["submission"])
            ids.add(form.fields["submission"])
    assert len(ids) == len(posts)  # a fresh one per form


def test_a_page_view_never_writes(app: AppServer, phone: Phone) -> None:
    """Every page, with every question it can ask (merge? delete?), only reads: a page
    opened through the cookie by another site's link changes nothing."""

    def content() -> list[str]:
        connection = sqlite3.connect(app.workbook)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    before = content()
    for path in [
        *PAGES,
        "?all=1",
        f"?saved={'0' * 32}",
        "people/p1?delete=1",
        "people/p4?same_as=cleo+park",
        "people/p4?merge=p5",
        "records?show=encounters&id=n1&delete=1",
        "plan?event=e1",
        "debrief?event=e1",
        "purpose?period=2026-11-01..2026-11-30",
    ]:
        assert phone.get(f"/workbook/{path}").status == 200, path
    assert content() == before


def test_people_are_escaped_and_isolated(phone: Phone) -> None:
    today = phone.get("/workbook/").text
    assert "Zoë &lt;b&gt;Ålund&lt;/b&gt;" in today and "<b>Ålund" not in today
    assert "&lt;script&gt;alert(1)&lt;/script&gt; sells rye" in today
    assert "<script>alert" not in today
    person = phone.get("/workbook/people/p2").text
    assert f"<bdi>{RLO_NAME}</bdi>" in person
    found = phone.get("/workbook/people?" + urlencode({"q": "ben"})).text
    assert f"<bdi>{RLO_NAME}</bdi>" in found


# -- saving: 303, 422, JSON, once --------------------------------------------------------------
def test_an_encounter_saves_and_the_page_says_so(app: AppServer, phone: Phone) -> None:
    form = phone.page("/workbook/").form("form=encounter")
    submission = form.fields["submission"]
    answer = phone.post(
        form, who="Dana <i>Roe</i>", place="hockey rink", learned="coaches U12", needs="a van"
    )
    assert answer.status == 303
    assert answer.headers["Location"] == f"/workbook/?saved={submission}"
    shown = phone.page(answer.headers["Location"])
    assert shown.status == (
        "Saved: your encounter with Dana <i>Roe</i> on 2026-10-10 at hockey rink "
        "(added to your people)"
    )
    assert rows(
        app,
        "SELECT p.name, e.date, e.place, e.learned, e.their_needs, e.follow_up_due "
        "FROM encounter e JOIN person p ON p.id = e.person WHERE p.name LIKE 'Dana%'",
    ) == [("Dana <i>Roe</i>", "2026-10-10", "hockey rink", "coaches U12", "a van", "2026-10-13")]


def test_the_same_submission_twice_writes_once_and_says_saved_both_times(
    app: AppServer, phone: Phone
) -> None:
    form = phone.page("/workbook/").form("form=encounter")
    before = encounter_count(app)
    first = phone.post(form, json_answer=True, who="Eli Twice", place="market")
    again = phone.post(form, json_answer=True, who="Eli Twice", place="market")
    plain = phone.post(form, who="Eli Twice", place="market")
    expected = {
        "status": "saved",
        "message": "Saved: your encounter with Eli Twice on 2026-10-10 at market "
        "(added to your people)",
        "redirect": None,
        "undo": None,
    }
    assert first.status == again.status == 200
    assert first.json() == again.json() == expected
    assert plain.status == 303
    assert encounter_count(app) == before + 1
    assert rows(app, "SELECT count(*) FROM person WHERE name = 'Eli Twice'") == [(1,)]


def test_invalid_input_is_422_with_the_message_and_what_was_typed(
    app: AppServer, phone: Phone
) -> None:
    form = phone.page("/workbook/").form("form=encounter")
    before = encounter_count(app)
    answer = phone.post(form, who="  ", place="the <rink>", learned="kept & shown")
    assert answer.status == 422
    page = Page(answer.text)
    assert page.status == "Not saved — Who: enter a name: someone you know, or someone new"
    again = page.form("form=encounter")
    assert (again.fields["place"], again.fields["learned"]) == ("the <rink>", "kept & shown")
    assert 'value="the &lt;rink&gt;"' in answer.text
    # the field named is marked and focused, the others not
    assert re.findall(r'<[^>]*aria-invalid="true" autofocus[^>]*>', answer.text) == [
        m for m in re.findall(r"<input[^>]*>", answer.text) if 'id="encounter-who"' in m
    ]
    as_json = phone.post(form, json_answer=True, who="")
    assert as_json.status == 422
    assert as_json.json() == {
        "status": "invalid",
        "field": "who",
        "message": "Not saved — Who: enter a name: someone you know, or someone new",
    }
    bad_date = phone.post(form, json_answer=True, who="Fay", date="20226-10-01")
    assert bad_date.json()["field"] == "date"
    assert encounter_count(app) == before


def test_a_touchpoint_only_for_someone_there_with_the_closest_names(
    app: AppServer, phone: Phone
) -> None:
    form = phone.page("/workbook/").form("form=touchpoint")
    answer = phone.post(form, json_answer=True, who="Zoey Alund")
    assert answer.status == 422
    # "zoey alund" and "zoe <b>alund</b>" share 9 letters of 26: 0.69; no other name
    # reaches 0.6.
    assert answer.json() == {
        "status": "invalid",
        "field": "who",
        "message": "Not saved — Person: nobody called “Zoey Alund” is in your workbook; the "
        "closest: Zoë <b>Ålund</b>. A new person is added by logging an encounter with them",
    }
    assert rows(app, "SELECT count(*) FROM person WHERE name = 'Zoey Alund'") == [(0,)]


# -- Today reminds -------------------------------------------------------------------------------
def reminders_shown(phone: Phone) -> list[str]:
    """Today's reminders as listed: "What: name · when" (the name as written in the page)."""
    text = phone.get("/workbook/").text
    found = re.findall(r"<strong>((?:Follow up|Check in): .*?)</strong> · (.+?)\s*·", text)
    return [re.sub(r"</?bdi>", "", f"{what} · {when}") for what, when in found]


def test_today_lists_the_follow_up_and_the_check_in_due(phone: Phone) -> None:
    assert reminders_shown(phone) == [
        "Follow up: Zoë &lt;b&gt;Ålund&lt;/b&gt; · 5 days overdue",
        "Check in: Ana · 6 days overdue",
    ]


def test_done_then_undo(app: AppServer, phone: Phone) -> None:
    page = phone.page("/workbook/")
    done = page.form("form=done&reminder=follow-up%3An1")
    too_early = phone.post(done, json_answer=True, date="2026-09-30")
    assert too_early.status == 422 and too_early.json() == {
        "status": "invalid",
        "field": "date",
        "message": "Not saved — Date: 2026-09-30 is before you met (2026-10-01)",
    }
    answer = phone.post(done, channel="call", date="2026-10-09")
    assert answer.status == 303
    after = phone.page(answer.headers["Location"])
    assert after.status == "Saved: follow-up with Zoë <b>Ålund</b> on 2026-10-09"
    assert rows(
        app, "SELECT date, direction, kind, channel FROM touchpoint WHERE person = 'p1'"
    ) == [("2026-10-09", "out", "follow_up", "call")]
    assert reminders_shown(phone) == ["Check in: Ana · 6 days overdue"]
    undo = after.form("form=undo")
    assert phone.post(undo).status == 303
    assert rows(app, "SELECT count(*) FROM touchpoint WHERE person = 'p1'") == [(0,)]
    assert len(reminders_shown(phone)) == 2


def test_a_check_in_done_is_a_nurture_touch(app: AppServer, phone: Phone) -> None:
    done = phone.page("/workbook/").form("form=done&reminder=check-in%3Ap3")
    assert phone.post(done).status == 303
    assert rows(app, "SELECT date, kind FROM touchpoint WHERE person = 'p3' ORDER BY date") == [
        ("2026-09-20", "nurture"),
        ("2026-10-10", "nurture"),
    ]
    assert reminders_shown(phone) == ["Follow up: Zoë &lt;b&gt;Ålund&lt;/b&gt; · 5 days overdue"]
    rows_before = rows(app, "SELECT id FROM touchpoint WHERE person = 'p3' AND date = '2026-10-10'")
    with Workbook.open(app.workbook) as wb, wb.transaction():
        wb.connection.execute("DELETE FROM touchpoint WHERE id = ?", rows_before[0])


def test_snooze_a_week_or_to_a_date_then_undo(app: AppServer, phone: Phone) -> None:
    snooze = phone.page("/workbook/").form("form=snooze&reminder=check-in%3Ap3")
    answer = phone.post(snooze, snooze="1 week")
    assert answer.status == 303
    assert rows(app, "SELECT reminder, until FROM app_snooze") == [("check-in:p3", "2026-10-17")]
    assert reminders_shown(phone) == ["Follow up: Zoë &lt;b&gt;Ålund&lt;/b&gt; · 5 days overdue"]
    undo = phone.page(answer.headers["Location"]).form("form=undo")
    assert phone.post(undo).status == 303
    assert rows(app, "SELECT count(*) FROM app_snooze") == [(0,)]
    follow_up = phone.page("/workbook/").form("form=snooze&reminder=follow-up%3An1")
    past = phone.post(follow_up, json_answer=True, snooze="until", until="2026-10-10")
    assert past.status == 422 and past.json()["field"] == "until"
    # a date typed wins over the length chosen beside it
    dated = phone.post(follow_up, json_answer=True, snooze="1 day", until="2026-10-20")
    assert dated.json()["message"] == "Saved: Zoë <b>Ålund</b> snoozed until 2026-10-20"
    assert reminders_shown(phone) == ["Check in: Ana · 6 days overdue"]
    with Workbook.open(app.workbook) as wb:
        wb.set_snooze("follow-up:n1", None)


# -- people ----------------------------------------------------------------------------------------
def test_search_finds_what_was_learned_and_any_part_of_a_name(phone: Phone) -> None:
    def found(query: str) -> list[str]:
        text = phone.get("/workbook/people?" + urlencode({"q": query})).text
        return re.findall(r'href="/workbook/people/(p\d+)"', text)

    assert found("rye") == ["p1"]  # what I learned
    assert found("ZOE") == ["p1"]
    assert found("harb") == ["p4"]  # organisation
    assert found("cleo") == ["p5", "p4"]  # met most recently first
    nobody = phone.get("/workbook/people?q=jonh").text
    assert "Nobody matches “<bdi>jonh</bdi>”." in nobody


def test_a_persons_page_tells_their_history_in_time_order(phone: Phone) -> None:
    text = phone.get("/workbook/people/p5").text
    history = re.findall(r"<strong>(\d{4}-\d\d-\d\d)</strong> · (\w+):", text)
    assert history == [("2026-09-01", "Encounter"), ("2026-09-02", "Touchpoint")]


def test_merge_asks_first_then_moves_everything(app: AppServer, phone: Phone) -> None:
    ask = phone.page("/workbook/people/p4?" + urlencode({"same_as": "cleo park"}))
    question = phone.get("/workbook/people/p4?same_as=cleo+park").text
    assert "Moves 1 encounter, 1 touchpoint" in question
    answer = phone.post(ask.form("form=merge"))
    assert answer.status == 303
    assert rows(app, "SELECT id, name, email FROM person WHERE id IN ('p4', 'p5')") == [
        ("p4", "Cleo Park", "cleo@example.org")
    ]
    assert rows(app, "SELECT person FROM encounter WHERE id = 'n2'") == [("p4",)]


def test_edit_a_person(app: AppServer, phone: Phone) -> None:
    form = phone.page("/workbook/people/p2").form("form=edit")
    answer = phone.post(form, cadence_days="30", tags="hockey, parents", needs="a <van>")
    assert answer.status == 303
    assert rows(app, "SELECT cadence_days, tags, needs FROM person WHERE id = 'p2'") == [
        (30, '["hockey", "parents"]', "a <van>")
    ]
    fresh = phone.page("/workbook/people/p2").form("form=edit")
    wrong = phone.post(fresh, json_answer=True, cadence_days="soon")
    assert wrong.status == 422 and wrong.json()["field"] == "cadence_days"


# -- plan, debrief, purpose ----------------------------------------------------------------------
def test_plan_asks_the_five_questions_and_a_number(app: AppServer, phone: Phone) -> None:
    page = phone.page("/workbook/plan")
    form = page.form("form=event")
    shown = {page.labels[i["id"]] for i in form.inputs}
    assert {
        "Why am I going?",
        "What outcome do I intend?",
        "How will I follow up?",
        "How will I nurture these relationships?",
        "Where might the unseen opportunity be?",
        "How many people do I want to meet?",
    } <= shown
    [number] = [i for i in form.inputs if i.get("name") == "target_people"]
    assert number["type"] == "number"
    answer = phone.post(
        form,
        name="Harbour <tech> meetup",
        date="2026-10-20",
        target_people="4",
        purpose="meet founders",
        nurture_plan="a coffee a month",
    )
    assert answer.status == 303
    assert rows(
        app, "SELECT target_people, purpose, nurture_plan FROM event WHERE name LIKE 'Harbour%'"
    ) == [(4, "meet founders", "a coffee a month")]
    # Another script's digit is no whole number here (int() would read it): refused, unsaved.
    fresh = phone.page("/workbook/plan").form("form=event")
    refused = phone.post(
        fresh, json_answer=True, name="Dock meetup", date="2026-10-21", target_people="٤"
    )
    assert refused.status == 422 and refused.json()["field"] == "target_people"
    assert "“٤” is not a whole number" in refused.json()["message"]
    assert rows(app, "SELECT count(*) FROM event WHERE name = 'Dock meetup'") == [(0,)]


def test_debrief_shows_the_plan_and_adds_the_people_met(app: AppServer, phone: Phone) -> None:
    page = phone.get("/workbook/debrief?event=e1").text
    assert "Met 0 of the 3 planned." in page and "Intended outcome: <bdi>two coffees</bdi>" in page
    form = Page(page).form("form=met")
    answer = phone.post(form, who="Gus Met", learned="builds boats")
    assert answer.status == 303 and answer.headers["Location"].startswith("/workbook/debrief?")
    assert rows(
        app,
        "SELECT e.event, e.date, e.learned, e.follow_up_due FROM encounter e "
        "JOIN person p ON p.id = e.person WHERE p.name = 'Gus Met'",
    ) == [("e1", "2026-10-08", "builds boats", "2026-10-11")]
    after = phone.get(answer.headers["Location"]).text
    assert "Met 1 of the 3 planned." in after
    debrief = Page(after).form("form=debrief")
    [due] = [n for n in debrief.fields if n.startswith("due-")]
    before_met = phone.post(debrief, json_answer=True, **{due: "2026-10-01"})
    assert before_met.status == 422 and before_met.json() == {
        "status": "invalid",
        "field": due,
        "message": "Not saved — Follow up Gus Met by: 2026-10-01 is before the encounter "
        "(2026-10-08)",
    }
    saved = phone.post(debrief, highlights="good <coffee>", **{due: "2026-10-12"})
    assert saved.status == 303
    assert rows(app, "SELECT highlights FROM debrief WHERE event = 'e1'") == [("good <coffee>",)]
    assert rows(app, f"SELECT follow_up_due FROM encounter WHERE id = '{due[4:]}'") == [
        ("2026-10-12",)
    ]


def test_a_target_is_set_by_typing_and_cleared_by_emptying(app: AppServer, phone: Phone) -> None:
    form = phone.page("/workbook/purpose").form("form=purpose")
    assert (form.fields["start"], form.fields["end"]) == ("2026-10-01", "2026-10-31")
    phone.post(form, **{"target-new_people": "5", "target-follow_up_rate": "80"})
    assert targets(app) == [{"new_people": 5, "follow_up_rate": 0.8}]
    again = phone.page("/workbook/purpose").form("form=purpose")
    assert again.fields["target-new_people"] == "5"
    assert again.fields["target-follow_up_rate"] == "80"
    phone.post(again, **{"target-new_people": ""})
    assert targets(app) == [{"follow_up_rate": 0.8}]


def targets(app: AppServer) -> list[dict[str, Any]]:
    return [json.loads(text) for (text,) in rows(app, "SELECT targets FROM purpose")]


def test_records_filter_finds_what_was_learned(phone: Phone) -> None:
    text = phone.get("/workbook/records?show=encounters&filter=RYE").text
    assert re.findall(r"id=(n\d+)", text) == ["n1"]


# -- a real phone, JavaScript off --------------------------------------------------------------
@pytest.mark.browser
@skip_without_browser()
def test_an_encounter_logged_on_a_phone_without_javascript(app: AppServer) -> None:
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
            )
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(app.base)
                    else (outside.append(route.request.url), route.abort())
                ),
            )
            page = context.new_page()
            page.goto(app.url)
            page.get_by_label("Who", exact=True).fill("Hana <Phone>")
            page.get_by_label("Place", exact=True).fill("bus stop")
            page.get_by_label("What I learned", exact=True).fill("rides the 7")
            page.get_by_label("Their needs", exact=True).fill("a bike")
            page.get_by_label("My offer", exact=True).fill("my old bike")
            page.get_by_role("button", name="Save encounter", exact=True).click()
            status = page.locator("#status")
            status.wait_for()
            assert status.inner_text().startswith("Saved: your encounter with Hana <Phone>")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        finally:
            browser.close()
    assert outside == []
    assert rows(
        app,
        "SELECT e.place, e.learned, e.their_needs, e.my_offer FROM encounter e "
        "JOIN person p ON p.id = e.person WHERE p.name = 'Hana <Phone>'",
    ) == [("bus stop", "rides the 7", "a bike", "my old bike")]


# -- inside any Jupyter server (a JupyterHub user's server) ------------------------------------
def test_the_extension_in_a_jupyter_server_under_its_base_url(tmp_path: Path) -> None:
    """The same pages in a plain ``jupyter server`` with ``base_url=/user/ada/`` (as a
    JupyterHub single-user server runs): every link under it, the server's own sign-in."""
    import socket
    import time

    workbook = make_workbook(tmp_path / "mine.db")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.base_url=/user/ada/",
            "--ServerApp.jpserver_extensions={'workbook.app': True}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={tmp_path}",
            f"--WorkbookExtension.workbook={workbook}",
            # as a hub may set it: a handler serves strangers only when it says so itself
            "--ServerApp.allow_unauthenticated_access=False",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        start_new_session=True,
    )
    try:
        server = AppServer(
            process=process,  # type: ignore[arg-type]
            url=f"http://127.0.0.1:{port}/user/ada/workbook/?token={TOKEN}",
            base=f"http://127.0.0.1:{port}",
            token=TOKEN,
            workbook=workbook,
            log=tmp_path / "none.log",
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                phone = Phone(server)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)
        text = phone.get("/user/ada/workbook/people").text
        links = set(re.findall(r'(?:href|action|src)="(/[^"]*)"', text))
        assert links and all(link.startswith("/user/ada/workbook/") for link in links), links
        form = phone.page("/user/ada/workbook/").form("form=encounter")
        assert form.action == "/user/ada/workbook/?form=encounter"
        answer = phone.post(form, who="Ida Hub", place="library")
        assert answer.status == 303
        assert answer.headers["Location"].startswith("/user/ada/workbook/?saved=")
        stranger = Phone(server, signed_in=False).get("/user/ada/workbook/")
        assert stranger.status == 302 and stranger.headers["Location"].startswith("/user/ada/login")
        # "Add to Home Screen" fetches the manifest and its icons without the sign-in cookie
        for path in ("manifest.webmanifest", "static/app.css"):
            fetched = Phone(server, signed_in=False).get(f"/user/ada/workbook/{path}")
            assert fetched.status == 200, path
        icon = f"{server.base}/user/ada/workbook/static/apple-touch-icon.png"
        with urllib.request.urlopen(icon, timeout=30) as answer:  # no cookie at all
            assert answer.status == 200 and answer.read().startswith(b"\x89PNG")
    finally:
        stop_app(process)  # type: ignore[arg-type]
    with Workbook.open(workbook) as wb:
        assert "Ida Hub" in {p["name"] for p in wb.records("people")}
