// Hipwell's service worker, served at /app/sw.js (scope /app/) by pwa/views.py,
// which writes SHELL_DIGEST and PRECACHE above this line.
//
// Versioning: the cache is named after SHELL_VERSION and SHELL_DIGEST. The digest
// changes by itself whenever any precached file changes, so a new screen or a CSS
// fix reaches phones without anyone editing this file. Bump SHELL_VERSION (any new
// string, e.g. today's date) when you change this file's caching rules, so that
// old caches are dropped even if no other file changed. Either change makes the
// browser install a new worker; the page then offers "A new version is ready - Reload".
//
// Rules:
// - install: precache the shell (index, offline page, manifest, CSS, JS, vendor,
//   icons, Learn pages). The new worker waits until the page posts SKIP_WAITING.
// - navigations under /app/: the network first (fresh shell, CSRF cookie), then the
//   cached shell (the router draws any route), then the offline page.
// - /static/pwa/ files: from the cache, else the network.
// - /api/ responses are NEVER cached here: patient data stays out of Cache Storage
//   (the app keeps its own last copies in IndexedDB, cleared on sign-out).
// - push: show the notification from the payload {title, body, url}; a tap focuses
//   an open app window or opens the payload's url (same origin only).
const SHELL_VERSION = "2026-12-03.1";
const CACHE = `hipwell-shell-${SHELL_VERSION}-${SHELL_DIGEST}`;
const SHELL_URL = "/app/";
const OFFLINE_URL = "/app/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // "reload": skip the HTTP cache so a new version never precaches an old file.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith("hipwell-shell-") && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // never cached, never touched
  if (request.mode === "navigate" && url.pathname.startsWith("/app/")) {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith("/static/pwa/")) {
    event.respondWith(cacheFirst(request));
  }
});

async function navigation(request) {
  try {
    return await fetch(request);
  } catch {
    const cache = await caches.open(CACHE);
    return (
      (await cache.match(SHELL_URL)) ||
      (await cache.match(OFFLINE_URL)) ||
      new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } })
    );
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  return hit || fetch(request);
}

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { body: event.data ? event.data.text() : "" };
  }
  const title = payload.title || "Hipwell";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: payload.body || "",
      icon: "/static/pwa/icons/icon-192.png",
      badge: "/static/pwa/icons/icon-192.png",
      data: { url: sameOrigin(payload.url) },
    }),
  );
});

function sameOrigin(link) {
  try {
    const target = new URL(link || SHELL_URL, self.location.origin);
    return target.origin === self.location.origin ? target.href : new URL(SHELL_URL, self.location.origin).href;
  } catch {
    return new URL(SHELL_URL, self.location.origin).href;
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const app = windows.find((client) => new URL(client.url).pathname.startsWith("/app/"));
      if (!app) return self.clients.openWindow(target);
      try {
        await app.focus();
      } catch {
        // Focusing needs the tap's permission; the page still moves to the link.
      }
      if (app.url !== target) {
        try {
          return await app.navigate(target); // only for a window this worker controls
        } catch {
          return self.clients.openWindow(target);
        }
      }
      return app;
    })(),
  );
});
