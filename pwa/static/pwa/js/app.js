// The patient app's root: who is signed in, which screen to draw (routes.js),
// the layout around it, the outbox running, the service worker and its updates.
import { html, render, useCallback, useEffect, useMemo, useRef, useState } from "./lib.js";
import * as api from "./api.js";
import * as outbox from "./outbox.js";
import { clearAll } from "./db.js";
import { remember } from "./store.js";
import { AppContext } from "./context.js";
import { NAV, isAppPath, match } from "./routes.js";
import { applyUpdate, clearDataCaches, registerServiceWorker } from "./sw-client.js";
import { OutboxList, useOutbox } from "./components/sync-status.js";

const here = () => ({ pathname: window.location.pathname, search: window.location.search });

function safeNext(next) {
  if (!next) return "/app/";
  try {
    const target = new URL(next, window.location.origin);
    if (target.origin === window.location.origin && isAppPath(target.pathname) && !match(target.pathname).route.public) {
      return target.pathname + target.search;
    }
  } catch {
    // fall through
  }
  return "/app/";
}

const loaded = new Map(); // screen name -> module

function loadScreen(name) {
  return import(`./screens/${name}.js`).then((found) => {
    loaded.set(name, found);
    return found;
  });
}

// Fetch the first screen's module now, while the app asks who is signed in.
loadScreen(match(window.location.pathname).route.screen).catch(() => {});

function ScreenHost({ route, params, query, focus }) {
  const [module, setModule] = useState(() => loaded.get(route.screen) || null);
  const [failed, setFailed] = useState(null);
  useEffect(() => {
    let live = true;
    setFailed(null);
    if (loaded.has(route.screen)) {
      setModule(loaded.get(route.screen));
      return undefined;
    }
    setModule(null);
    loadScreen(route.screen).then(
      (found) => live && setModule(found),
      (error) => live && setFailed(error),
    );
    return () => {
      live = false;
    };
  }, [route.screen]);
  useEffect(() => {
    // After a navigation, move focus to the new screen's heading for screen readers.
    if (!module || !focus) return;
    const heading = document.querySelector("main h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }, [module, focus]);
  if (failed) {
    return html`<h1>${route.title}</h1>
      <p>This screen could not be opened${navigator.onLine ? "" : " while offline"}.</p>
      <p><button type="button" class="secondary" onClick=${() => window.location.reload()}>Try again</button></p>`;
  }
  if (!module) return html`<p class="hint">Opening ${route.title}…</p>`;
  const Screen = module.default;
  return html`<${Screen} route=${route} params=${params} query=${query} />`;
}

function Menu({ onSignOut }) {
  const [open, setOpen] = useState(false);
  const box = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (event) => {
      if (event.type === "keydown" && event.key !== "Escape") return;
      if (event.type === "click" && box.current?.contains(event.target) && !event.target.closest("a")) return;
      setOpen(false);
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  return html`
    <div class="menu" ref=${box}>
      <button type="button" class="menu-button" aria-expanded=${open ? "true" : "false"} aria-controls="app-menu"
        onClick=${() => setOpen(!open)}>Menu</button>
      ${open &&
      html`<ul class="menu-list" id="app-menu">
        <li><a href="/app/learn/">Learn about your hip</a></li>
        <li><a href="/app/settings/">Settings</a></li>
        <li><button type="button" onClick=${() => { setOpen(false); onSignOut(false); }}>Sign out</button></li>
        <li><button type="button" onClick=${() => { setOpen(false); onSignOut(true); }}>Sign out on every device</button></li>
      </ul>`}
    </div>
  `;
}

function SignOutPanel({ everywhere, onConfirm, onCancel, busy, error }) {
  const items = useOutbox();
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);
  if (items === null) return null;
  return html`
    <h1 tabindex="-1" ref=${heading}>${everywhere ? "Sign out on every device?" : "Sign out?"}</h1>
    ${everywhere && html`<p>Every phone and computer signed in to your account will be signed out.</p>`}
    ${items.length > 0
      ? html`<div class="notice urgent">
            <p><strong>${items.length === 1 ? "1 item has" : `${items.length} items have`} not reached your care team.</strong>${" "}
            Signing out deletes ${items.length === 1 ? "it" : "them"} from this phone.${" "}
            ${navigator.onLine ? "" : `Go back online first and ${items.length === 1 ? "it" : "they"} will be sent.`}</p>
          </div>
          <${OutboxList} items=${items} />`
      : html`<p>Everything you saved is with your care team. Signing out removes your data from this phone.</p>`}
    ${error && html`<p class="notice warning" role="alert">${error}</p>`}
    <div class="actions">
      <button type="button" class=${items.length ? "primary danger" : "primary"} disabled=${busy} onClick=${onConfirm}>
        ${items.length ? "Sign out and delete unsent items" : "Sign out"}
      </button>
      <button type="button" class="secondary" onClick=${onCancel}>Stay signed in</button>
    </div>
  `;
}

function App() {
  const [where, setWhere] = useState(here);
  const [user, setUser] = useState(undefined); // undefined while asking the server
  const [online, setOnline] = useState(navigator.onLine);
  const [waitingWorker, setWaitingWorker] = useState(null);
  const [signingOut, setSigningOut] = useState(null); // { everywhere, busy, error }
  const navigations = useRef(0);

  const navigate = useCallback((path, { replace = false } = {}) => {
    window.history[replace ? "replaceState" : "pushState"](null, "", path);
    navigations.current += 1;
    setWhere(here());
    window.scrollTo(0, 0);
  }, []);

  // Browser back/forward, and links to app pages handled without a page load.
  useEffect(() => {
    const onPop = () => {
      navigations.current += 1;
      setWhere(here());
    };
    const onClick = (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target.closest?.("a[href]");
      if (!link || link.target || link.hasAttribute("download") || link.origin !== window.location.origin) return;
      if (!isAppPath(link.pathname)) return;
      if (link.hash && link.pathname === window.location.pathname && link.search === window.location.search) return;
      event.preventDefault();
      setSigningOut(null);
      navigate(link.pathname + link.search);
    };
    window.addEventListener("popstate", onPop);
    document.addEventListener("click", onClick);
    return () => {
      window.removeEventListener("popstate", onPop);
      document.removeEventListener("click", onClick);
    };
  }, [navigate]);

  // Who is signed in: the server's answer, or offline the last one seen.
  useEffect(() => {
    api.read("auth/me/").then(
      ({ data }) => setUser(data),
      () => setUser(null),
    );
    const signedOut = () => setUser(null);
    api.events.addEventListener("signed-out", signedOut);
    outbox.events.addEventListener("signed-out", signedOut);
    const onOnline = () => setOnline(true);
    const onOffline = () => setOnline(false);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    registerServiceWorker(setWaitingWorker);
    return () => {
      api.events.removeEventListener("signed-out", signedOut);
      outbox.events.removeEventListener("signed-out", signedOut);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, []);

  // Send what waits on the phone while someone is signed in.
  useEffect(() => {
    if (!user) return undefined;
    outbox.start();
    return () => outbox.stop();
  }, [user]);

  const { route, params } = match(where.pathname);
  const query = useMemo(() => new URLSearchParams(where.search), [where.search]);

  // Signed-out people see only the public screens; signed-in ones skip the sign-in screen.
  useEffect(() => {
    if (user === undefined) return;
    if (!user && !route.public && route.path) {
      navigate(`/app/signin/?next=${encodeURIComponent(where.pathname + where.search)}`, { replace: true });
    } else if (user && route.screen === "signin") {
      navigate(safeNext(query.get("next")), { replace: true });
    }
  }, [user, route, where, query, navigate]);

  useEffect(() => {
    document.title = signingOut ? "Sign out - Hipwell" : `${route.title} - Hipwell`;
  }, [route, signingOut]);

  const signedIn = useCallback(
    async (who, next) => {
      await remember("auth/me/", who);
      setUser(who);
      outbox.resume();
      navigator.storage?.persist?.().catch(() => {});
      navigate(safeNext(next), { replace: true });
    },
    [navigate],
  );

  const confirmSignOut = useCallback(async () => {
    const everywhere = signingOut?.everywhere;
    setSigningOut({ ...signingOut, busy: true, error: null });
    try {
      await api.send("POST", everywhere ? "auth/logout-all/" : "auth/logout/");
    } catch (error) {
      // Without an answer the session cookie (HttpOnly: the page cannot delete it)
      // would still sign this phone in: signing out needs the server.
      if (error instanceof api.ApiError && error.transient) {
        setSigningOut({
          everywhere,
          busy: false,
          error: error.offline
            ? "There is no connection, so you cannot be signed out now. Try again when you are online."
            : "The server did not answer. Please try again in a moment.",
        });
        return;
      }
      // 401/403: the server has already forgotten this session; clear the phone.
    }
    outbox.stop();
    await clearAll();
    await clearDataCaches();
    outbox.reset();
    setSigningOut(null);
    setUser(null);
    navigate("/app/signin/", { replace: true });
  }, [signingOut, navigate]);

  const context = useMemo(
    () => ({ user, online, navigate, signedIn, signOut: (everywhere = false) => setSigningOut({ everywhere }) }),
    [user, online, navigate, signedIn],
  );

  if (user === undefined) {
    return html`<main class="page loading" id="main"><h1>Hipwell</h1><p>Opening the app…</p></main>`;
  }
  const inside = Boolean(user) && !route.public;
  let content;
  if (signingOut && user) {
    content = html`<${SignOutPanel} ...${signingOut} onConfirm=${confirmSignOut} onCancel=${() => setSigningOut(null)} />`;
  } else if (!user && !route.public && route.path) {
    content = null; // on the way to the sign-in screen
  } else {
    content = html`<${ScreenHost} key=${where.pathname} route=${route} params=${params} query=${query} focus=${navigations.current > 0} />`;
  }

  return html`
    <${AppContext.Provider} value=${context}>
      <a class="skip-link" href="#main">Skip to content</a>
      ${waitingWorker &&
      html`<div class="update-banner" role="status">
        <span>A new version of Hipwell is ready.</span>
        <button type="button" class="secondary" onClick=${() => applyUpdate(waitingWorker)}>Reload</button>
      </div>`}
      <header class="app-header">
        <a class="brand" href=${user ? "/app/" : "/app/signin/"}>Hipwell</a>
        ${user && html`<${Menu} onSignOut=${(everywhere) => setSigningOut({ everywhere })} />`}
      </header>
      ${!online && html`<div class="offline-banner" role="status">You are offline. What you save stays on this phone and is sent when you are back online.</div>`}
      <main id="main" class=${inside ? "page" : "page public"}>${content}</main>
      ${inside &&
      html`<a class="fall-button" href="/app/diary/?report=fall">Report a fall or giving way</a>
        <nav class="bottom-nav" aria-label="Main">
          <ul>
            ${NAV.map(
              (item) => html`<li><a href=${item.href} aria-current=${route.nav === item.key ? "page" : undefined}>${item.label}</a></li>`,
            )}
          </ul>
        </nav>`}
    <//>
  `;
}

const root = document.getElementById("app");
root.textContent = ""; // the "Opening the app" placeholder of index.html
render(html`<${App} />`, root);
