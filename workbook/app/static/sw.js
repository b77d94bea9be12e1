// The app's service worker (docs/app-offline.md): the pages opened before open again
// without a connection. Served at {app root}sw.js, so its scope is the app and nothing else.
//
// - a page: from the network, and a copy kept (not of a page just saved, ?saved=…);
//   without a connection, the copy (the page as it was when last opened; its forms get
//   fresh ids from app.js and go to the outbox);
// - the script, style sheet, manifest and icons: the kept copy at once, refreshed behind.
// - the outbox app.js keeps (IndexedDB): sent from here when the browser says the
//   connection is back (Background Sync) and no page of the app may be open; the answer is
//   written on the entry, and the next page opened shows it and clears its draft.
// Posts from the pages are never touched here.
"use strict";

const CACHE = "workbook-app-1";
const SCOPE = new URL(self.registration.scope);
// What every page needs to show and work offline, fetched when the worker is installed
// (the manifest and icons are kept when they come through here; a page does not need them).
const STATIC = ["static/app.css", "static/app.js"];
// The outbox: the same database and store as app.js's.
const OUTBOX_DB = "workbook";
const OUTBOX = "outbox";
// Never kept: the calendar feed (a secret in its address, fresh on every request) and
// this script itself.
const NEVER = ["agenda.ics", "sw.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // the files every page uses (mostly from the browser's cache), one by one: one that
      // fails does not stop the others. The page itself is sent by app.js (below).
      await Promise.all(
        STATIC.map(async (path) => {
          try {
            const response = await fetch(new URL(path, SCOPE), { credentials: "same-origin" });
            if (keepable(response)) await cache.put(key(new URL(path, SCOPE)), response);
          } catch (_) {
            // no connection while installing: kept on the next visit
          }
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// app.js sends the page it was loaded with when no worker had fetched it: kept as that
// page's copy, as if it had come through here.
self.addEventListener("message", (event) => {
  const { keep, html } = event.data || {};
  if (typeof keep !== "string" || typeof html !== "string") return;
  const url = new URL(keep);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.put(key(url), new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } })),
    ),
  );
});

function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

// A page is kept once, whatever its query (?saved=…): the latest copy.
function key(url) {
  return url.origin + url.pathname;
}

async function page(request) {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // a page just saved (?saved=…) is not kept: its copy would show that save and its Undo
    if (keepable(response) && !url.searchParams.has("saved")) {
      await cache.put(key(url), response.clone());
    }
    return response;
  } catch (error) {
    const kept = (await cache.match(key(url))) || (await cache.match(key(SCOPE)));
    if (kept) return kept;
    throw error;
  }
}

async function file(request, event) {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  const kept = await cache.match(key(url));
  const fresh = fetch(request).then(async (response) => {
    if (keepable(response)) await cache.put(key(url), response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => {}));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const path = url.pathname.slice(SCOPE.pathname.length);
  if (NEVER.includes(path)) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (path.startsWith("static/") || path === "manifest.webmanifest") {
    event.respondWith(file(request, event));
  }
});

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// The server's xsrf cookie now (the phone may have signed in again since the entry was
// queued), where the worker can read cookies.
async function currentXsrf(body) {
  try {
    const cookie = self.cookieStore && (await self.cookieStore.get("_xsrf"));
    const fields = new URLSearchParams(body);
    if (!cookie || !fields.has("_xsrf")) return body;
    fields.set("_xsrf", decodeURIComponent(cookie.value));
    return fields.toString();
  } catch (_) {
    return body;
  }
}

async function sendOutbox() {
  const opening = indexedDB.open(OUTBOX_DB, 1);
  opening.onupgradeneeded = () =>
    opening.result.createObjectStore(OUTBOX, { keyPath: "submission" });
  const db = await done(opening);
  const entries = await done(db.transaction(OUTBOX).objectStore(OUTBOX).getAll());
  for (const entry of entries) {
    if (entry.answer || !entry.url.startsWith(SCOPE.href)) continue;
    // no connection: this throws, and the browser tries the sync again later
    const response = await fetch(entry.url, {
      method: "POST",
      body: await currentXsrf(entry.body),
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
      },
      credentials: "same-origin",
      cache: "no-store",
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch (_) {
      // not the app's answer
    }
    const saved = response.ok && answer && answer.status === "saved";
    const refused = response.status === 422 && answer && answer.status === "invalid";
    if (!saved && !refused) continue; // signed out, an error page: a page sends and says why
    // written only if a page has not sent it meanwhile (it would have taken it out)
    const store = db.transaction(OUTBOX, "readwrite").objectStore(OUTBOX);
    if (await done(store.get(entry.submission))) await done(store.put({ ...entry, answer }));
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(sendOutbox());
});
