// The screen registry: every client route of the app, and the module that draws it.
// A screen is one file, js/screens/<screen>.js, whose default export is a component
// given { params, query } (see README "How to add a screen"). Screens not built yet
// point at "soon", which says so plainly.
//
// path:   the URL pattern; ":name" matches one segment and becomes params.name
// screen: the module under js/screens/
// title:  the document title (and the bottom navigation's label)
// nav:    which bottom-navigation tab is current
// public: shown signed out (everything else needs a signed-in user)
export const ROUTES = [
  { path: "/app/", screen: "today", title: "Today", nav: "today" },
  { path: "/app/diary/", screen: "diary", title: "Diary", nav: "diary" },
  { path: "/app/diary/:date/", screen: "diary", title: "Diary", nav: "diary" },
  { path: "/app/diary/:date/saved/", screen: "guidance", title: "Diary saved", nav: "diary" },
  { path: "/app/exercises/", screen: "exercises", title: "Exercises", nav: "exercises" },
  { path: "/app/progress/", screen: "progress", title: "Progress", nav: "progress" },
  { path: "/app/inbox/", screen: "inbox", title: "Inbox", nav: "inbox" },
  { path: "/app/learn/", screen: "learn", title: "Learn" },
  { path: "/app/learn/:slug/", screen: "learn", title: "Learn" },
  { path: "/app/settings/", screen: "settings", title: "Settings" },
  { path: "/app/signin/", screen: "signin", title: "Sign in", public: true },
  { path: "/app/activate/", screen: "activate", title: "Activate your account", public: true },
  { path: "/app/reset/", screen: "reset", title: "Reset your password", public: true },
];

export const NOT_FOUND = { path: null, screen: "notfound", title: "Page not found" };

// The bottom navigation on phones, in order.
export const NAV = [
  { key: "today", href: "/app/", label: "Today" },
  { key: "diary", href: "/app/diary/", label: "Diary" },
  { key: "exercises", href: "/app/exercises/", label: "Exercises" },
  { key: "progress", href: "/app/progress/", label: "Progress" },
  { key: "inbox", href: "/app/inbox/", label: "Inbox" },
];

function compile(pattern) {
  const names = [];
  const source = pattern
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map((route) => ({ route, ...compile(route.path) }));

/** The route for a path, with its params: { route, params }. */
export function match(pathname) {
  const path = pathname.endsWith("/") ? pathname : `${pathname}/`;
  for (const { route, regex, names } of COMPILED) {
    const found = regex.exec(path);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { route, params };
    }
  }
  return { route: NOT_FOUND, params: {} };
}

/** Whether a link should be handled by the router rather than the browser. */
export function isAppPath(pathname) {
  return (
    pathname.startsWith("/app/") &&
    pathname !== "/app/sw.js" &&
    pathname !== "/app/manifest.webmanifest" &&
    pathname !== "/app/offline/"
  );
}
