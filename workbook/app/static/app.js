// The app's one script: never lose a keystroke (docs/app-offline.md).
//
// Every page works without it. With it, each form[data-save]:
// - keeps a draft of what is typed in localStorage, restored when the page is opened again;
// - is sent with fetch (Accept: application/json); the entry is first put in an outbox
//   (IndexedDB, keyed by its one-time submission id) and leaves it only when the server
//   has answered "saved" or refused it, so a lost connection, a closed tab or a restarted
//   app loses nothing; the outbox is sent again when the connection returns, when a page
//   is opened and every 20 seconds;
// - says in #status what happened: the server's "Saved: …", "Waiting for a connection —
//   kept on this phone", or what is wrong.
// A service worker (where the page is a secure context) lets a page opened before be
// opened again without a connection.
(() => {
  "use strict";

  const WAITING = "Waiting for a connection — kept on this phone";
  const OFFLINE = "No connection — what you save is kept on this phone and sent when it returns";
  const SIGNED_OUT =
    "Not saved yet — the app does not know this phone any more (it was restarted or you " +
    "were signed out): sign in again (the app's address with its token, or your hub's " +
    "login). Your entry is kept on this phone and sent then.";
  const RETRY_MS = 20000;
  const DB_NAME = "workbook";
  const STORE = "outbox";
  // Inputs that are not what a person typed: never in a draft.
  const NOT_TYPED = new Set(["hidden", "password", "file", "submit", "button", "reset", "image"]);

  const script = document.currentScript;
  // The app's root ("/workbook/", "/user/ada/workbook/"): this script is {root}static/app.js.
  const appUrl = new URL("../", script ? script.src : location.href).href;
  const status = document.getElementById("status");
  // The page as the server sent it, before this script changes anything: the service
  // worker keeps it as this page's copy for when there is no connection (so it need not
  // download the page a second time).
  const snapshot = `<!DOCTYPE html>\n${document.documentElement.outerHTML}`;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.dataset.kind = kind || "";
  }

  // After a tap far down the page, the line at its top is out of sight: bring it into view.
  function show() {
    if (!status) return;
    const box = status.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) status.scrollIntoView({ block: "nearest" });
  }

  // -- one-time submission ids -----------------------------------------------------------
  function newSubmission() {
    // a uuid4 in hex (crypto.randomUUID exists only in secure contexts; a phone on the
    // home Wi-Fi opens the app over plain http)
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function submissionOf(form) {
    const input = form.elements.namedItem("submission");
    return input ? input.value : "";
  }

  function setSubmission(form, id) {
    const input = form.elements.namedItem("submission");
    if (input) input.value = id;
  }

  // -- drafts (localStorage) -------------------------------------------------------------
  function draftKey(form) {
    const action = form.getAttribute("action") || "";
    const key = `draft:${location.pathname}:${action}`;
    // two forms with the same action on one page (a list of rows) each keep their own
    const same = Array.from(document.querySelectorAll("form[data-save]")).filter(
      (f) => (f.getAttribute("action") || "") === action,
    );
    return same.length > 1 ? `${key}#${same.indexOf(form)}` : key;
  }

  function typedFields(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && !NOT_TYPED.has(el.type) && el.tagName !== "BUTTON" && !el.disabled,
    );
  }

  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    return el.value !== el.defaultValue;
  }

  function readDraft(form) {
    const fields = typedFields(form);
    if (!fields.some(changed)) return null;
    return fields.map((el) => {
      if (el.type === "checkbox" || el.type === "radio") return [el.name, el.value, el.checked];
      if (el.tagName === "SELECT") {
        return [el.name, Array.from(el.selectedOptions, (o) => o.value), true];
      }
      return [el.name, el.value, true];
    });
  }

  function storeDraft(form) {
    const key = draftKey(form);
    try {
      const fields = readDraft(form);
      if (fields) {
        localStorage.setItem(key, JSON.stringify({ submission: submissionOf(form), fields }));
      } else {
        localStorage.removeItem(key);
      }
    } catch (_) {
      // storage full or refused (a private window): the form still works
    }
  }

  function restoreDraft(form) {
    let draft;
    try {
      draft = JSON.parse(localStorage.getItem(draftKey(form)) || "null");
    } catch (_) {
      return false;
    }
    if (!draft || !Array.isArray(draft.fields)) return false;
    const fields = typedFields(form);
    const used = new Set();
    for (const [name, value, on] of draft.fields) {
      // the n-th field of that name gets the n-th value (rows of the same inputs)
      const el = fields.find((f) => f.name === name && !used.has(f) &&
        (f.type !== "checkbox" && f.type !== "radio" || f.value === value));
      if (!el) continue;
      used.add(el);
      if (el.type === "checkbox" || el.type === "radio") el.checked = on;
      else if (el.tagName === "SELECT") {
        for (const option of el.options) option.selected = value.includes(option.value);
      } else el.value = value;
    }
    // the entry keeps its id: saving it again, or its resend from the outbox, writes once
    if (draft.submission) setSubmission(form, draft.submission);
    return true;
  }

  // What was typed into the form, as it is now (to tell whether an entry sent from the
  // outbox is still what the form shows): the fields without the page's tokens.
  function typedNow(form) {
    const fields = new URLSearchParams(new FormData(form));
    fields.delete("_xsrf");
    fields.delete("submission");
    return fields.toString();
  }

  // The server's xsrf cookie as it is now: an entry that waited in the outbox while the
  // phone signed in again (new cookies) is sent with it, not with its page's old copy.
  function withCurrentXsrf(body) {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("_xsrf="));
    const fields = new URLSearchParams(body);
    if (!cookie || !fields.has("_xsrf")) return body;
    fields.set("_xsrf", decodeURIComponent(cookie.slice("_xsrf=".length)));
    return fields.toString();
  }

  function clearDraft(key) {
    try {
      localStorage.removeItem(key);
    } catch (_) {
      // nothing stored
    }
  }

  // -- the outbox (IndexedDB) ------------------------------------------------------------
  let database = null;

  function db() {
    if (!database) {
      database = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "submission" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return database;
  }

  async function outbox(mode, work) {
    const store = (await db()).transaction(STORE, mode).objectStore(STORE);
    return new Promise((resolve, reject) => {
      const request = work(store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  const keep = (entry) => outbox("readwrite", (s) => s.put(entry));
  const drop = (id) => outbox("readwrite", (s) => s.delete(id));
  // this app's entries only (on a hub, other people's apps share the origin)
  const waiting = async () =>
    (await outbox("readonly", (s) => s.getAll())).filter((e) => e.url.startsWith(appUrl));

  // -- sending ---------------------------------------------------------------------------
  // What came back: {status: "saved" | "invalid" | "offline" | "signed-out" | "error", …}
  async function send(entry) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: withCurrentXsrf(entry.body),
        headers: {
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        },
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (_) {
      return { status: "offline" };
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (_) {
      // a proxy's error page, a login page: not the app's answer
    }
    if (response.ok && answer && answer.status === "saved") return answer;
    if (response.status === 422 && answer && answer.status === "invalid") return answer;
    if (response.status === 401 || response.status === 403) return { status: "signed-out" };
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      return { status: "offline" }; // a proxy in front of a stopped app
    }
    const reason = (answer && answer.message) || response.statusText || "no answer";
    return { status: "error", message: `Not saved — the app answered ${response.status} (${reason}). Your entry is kept on this phone.` };
  }

  // After a save: the page as the server shows it now (its lists, its "Saved: …" line and
  // undo), unless another entry is being typed.
  function showSaved(id, answer) {
    const target = new URL(answer.redirect || location.pathname, location.href);
    target.searchParams.set("saved", id);
    location.assign(target.href);
  }

  function refused(form, answer) {
    say(answer.message, "error");
    const field = answer.field && form.elements.namedItem(answer.field);
    if (field && typeof field.focus === "function") {
      if (field.setAttribute) field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  }

  const sending = new Set();

  async function submit(event) {
    const form = event.target;
    if (!form.matches || !form.matches("form[data-save]")) return;
    event.preventDefault();
    if (!submissionOf(form)) setSubmission(form, newSubmission());
    const id = submissionOf(form);
    if (sending.has(id)) return; // a double tap: the first is on its way
    sending.add(id);
    const button = event.submitter;
    const body = new URLSearchParams(new FormData(form, button || undefined)).toString();
    const entry = {
      submission: id,
      url: new URL(form.getAttribute("action") || location.href, location.href).href,
      body,
      typed: typedNow(form),
      draft: draftKey(form),
      page: location.href,
      queued: new Date().toISOString(),
    };
    storeDraft(form);
    try {
      await keep(entry);
    } catch (_) {
      // no IndexedDB (a private window): send anyway; the draft keeps the text
    }
    const answer = await send(entry);
    sending.delete(id);
    if (answer.status === "saved") {
      await drop(id).catch(() => {});
      clearDraft(entry.draft);
      say(answer.message, "saved");
      showSaved(id, answer);
    } else if (answer.status === "invalid") {
      await drop(id).catch(() => {});
      refused(form, answer);
    } else if (answer.status === "offline") {
      say(WAITING, "waiting");
      show();
      later();
    } else if (answer.status === "signed-out") {
      say(SIGNED_OUT, "error");
      show();
    } else {
      say(answer.message, "error");
      show();
    }
  }

  // Where the browser has Background Sync, the service worker sends the outbox when the
  // connection returns even if no page of the app is open by then.
  function later() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register("outbox"))
      .catch(() => {
        // no Background Sync: the outbox goes when a page of the app is open
      });
  }

  let flushing = false;

  // Send what waits in the outbox, oldest first.
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      const entries = (await waiting()).sort((a, b) => a.queued.localeCompare(b.queued));
      let last = null;
      let left = 0;
      for (const entry of entries) {
        if (sending.has(entry.submission)) continue;
        // sent by the service worker while no page was open: only its answer is left
        let answer = entry.answer;
        if (!answer) {
          sending.add(entry.submission);
          answer = await send(entry);
          sending.delete(entry.submission);
        }
        if (answer.status === "saved" || answer.status === "invalid") {
          await drop(entry.submission);
          if (answer.status === "saved") clearDraft(entry.draft);
          last = { entry, answer };
        } else {
          left += 1;
          if (answer.status === "signed-out") last = { entry, answer };
          if (answer.status === "offline") break;
        }
      }
      if (left) {
        say(last && last.answer.status === "signed-out" ? SIGNED_OUT : WAITING, "waiting");
        later();
      } else if (last) {
        afterFlush(last.entry, last.answer);
      }
    } catch (_) {
      // no IndexedDB: nothing was queued
    } finally {
      flushing = false;
    }
  }

  function afterFlush(entry, answer) {
    const form = Array.from(document.querySelectorAll("form[data-save]")).find(
      (f) => submissionOf(f) === entry.submission,
    );
    if (answer.status === "invalid") {
      // an entry refused after the connection came back: its text is in the draft, and
      // on its page when that page is open
      say(answer.message, "error");
      if (form) refused(form, answer);
      return;
    }
    say(answer.message, "saved");
    if (form && typedNow(form) === entry.typed) showSaved(entry.submission, answer);
    else if (form) {
      // being typed into again: the sent entry is saved; what is typed now is a new one
      setSubmission(form, newSubmission());
      storeDraft(form);
    }
  }

  // -- wiring ----------------------------------------------------------------------------
  const forms = Array.from(document.querySelectorAll("form[data-save]"));
  let restored = false;
  for (const form of forms) {
    // a page served again from the phone (the service worker) carries an id that may have
    // been used: every page opening gets fresh ids (a draft brings back its own)
    setSubmission(form, newSubmission());
    restored = restoreDraft(form) || restored;
    form.addEventListener("input", () => {
      storeDraft(form);
      for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    });
    form.addEventListener("change", () => storeDraft(form));
  }
  document.addEventListener("submit", submit);

  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say(OFFLINE, "waiting"));
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) flush(); // back from the back/forward cache
  });
  setInterval(() => {
    if (navigator.onLine !== false) flush();
  }, RETRY_MS);

  if (navigator.onLine === false) say(OFFLINE, "waiting");
  else if (restored && status && !status.textContent.trim()) {
    say("Your unsaved text is back in the form.", "");
  }
  flush();

  if ("serviceWorker" in navigator && window.isSecureContext) {
    const first = !navigator.serviceWorker.controller; // else the worker kept this page
    navigator.serviceWorker
      .register(`${appUrl}sw.js`, { scope: appUrl })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // not a page just saved (?saved=…): its copy would show that save and its Undo
        const saved = new URLSearchParams(location.search).has("saved");
        if (first && !saved && registration.active && navigator.onLine !== false) {
          registration.active.postMessage({ keep: location.href, html: snapshot });
        }
      })
      .catch(() => {
        // no service worker: the pages still work while there is a connection
      });
  }
})();
