// Reads for the Exercises, Progress, Inbox, Settings and Learn screens: the server's
// answer when there is a connection, else the last copy seen on this phone, and a
// plain note saying which it is.
//
//   const plan = useRead("patients/me/plan/");
//   plan.data, plan.error (an ApiError), plan.fromCache, plan.savedAt, plan.reload()
//   <${LastCopyNote} reads=${[plan, goals]} />
import { html, useCallback, useEffect, useRef, useState } from "../lib.js";
import * as api from "../api.js";

export function useRead(path) {
  const [state, setState] = useState({ data: undefined, error: null, fromCache: false, savedAt: null, loading: true });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const load = useCallback(() => {
    if (!path) return Promise.resolve();
    return api.read(path).then(
      ({ data, fromCache, savedAt }) => live.current && setState({ data, error: null, fromCache, savedAt, loading: false }),
      (error) => live.current && setState((old) => ({ ...old, error, loading: false })),
    );
  }, [path]);
  useEffect(() => {
    setState((old) => ({ ...old, loading: true }));
    load();
  }, [load]);
  return { ...state, reload: load };
}

/** "Shown from this phone (last updated Tue 17 Nov, 18:02)" when any read came from the last copy. */
export function LastCopyNote({ reads }) {
  const cached = reads.filter((read) => read.fromCache && read.savedAt);
  if (!cached.length) return null;
  const oldest = cached.map((read) => read.savedAt).sort()[0];
  return html`<p class="notice warning last-copy" role="status">
    You are seeing the copy saved on this phone, last updated ${dateTime(oldest)}. It will refresh when you are back online.
  </p>`;
}

/** The message for a read that failed, in plain words. */
export function ReadProblem({ error, what }) {
  if (!error) return null;
  const text = error.offline
    ? `${what} could not be loaded: there is no connection and no copy on this phone yet.`
    : `${what} could not be loaded. ${error.message}`;
  return html`<p class="notice warning" role="alert">${text}</p>`;
}

export function dateTime(iso) {
  return new Date(iso).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** "Wednesday 18 November" for "2026-11-18" (a calendar day, no timezone shift). */
export function dayLabel(isoDate, options = { weekday: "long", day: "numeric", month: "long" }) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(undefined, options);
}

/** Today on this phone as YYYY-MM-DD (the server's own "today" is preferred when known). */
export function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
