// The latest save of each diary day and what the server said about it (`guidance`),
// kept on the phone so the save screen and Today can show it, offline too.
//
// One record per day in the `reads` store under "local:guidance" (cleared on sign-out
// with everything else):
//   { date, state: "waiting" | "sent" | "refused", values, guidance: [...] | null,
//     savedAt, sentAt, error: { status, messages } | null, dismissed }
// guidance is null until the server has answered (or when its answer had none).
//
// The outbox tells this module when a diary PUT reaches the server ("sent", with the
// answer) or is refused; the screens that save import it, so it is listening then.
import * as outbox from "../outbox.js";
import { recall, remember } from "../store.js";

const KEY = "local:guidance";
const DAY_PATH = /^patients\/me\/diary\/(\d{4}-\d{2}-\d{2})\/$/;

/** "change" (detail: { date }) whenever a day's record changes. */
export const events = new EventTarget();

let queue = Promise.resolve();

/** Every day's record: { "YYYY-MM-DD": record }. */
export async function all() {
  await queue;
  const copy = await recall(KEY);
  return copy?.data || {};
}

export async function get(date) {
  return (await all())[date] || null;
}

function update(date, change) {
  // One change at a time, so two quick saves never lose each other's record.
  queue = queue
    .then(async () => {
      const copy = await recall(KEY);
      const records = { ...(copy?.data || {}) };
      const next = change(records[date] || null);
      if (next === undefined) return;
      records[date] = next;
      await remember(KEY, records);
      events.dispatchEvent(new CustomEvent("change", { detail: { date } }));
    })
    .catch((error) => console.warn("Could not keep the guidance of", date, error));
  return queue;
}

/** A save of a day went into the outbox: the server has not said anything yet. */
export function saving(date, values) {
  return update(date, () => ({
    date,
    state: "waiting",
    values,
    guidance: null,
    savedAt: new Date().toISOString(),
    sentAt: null,
    error: null,
    dismissed: false,
  }));
}

/** The person has read it: Today stops showing it (the save screen still does). */
export function dismiss(date) {
  return update(date, (record) => (record ? { ...record, dismissed: true } : undefined));
}

function dateOf(item) {
  if (item?.method !== "PUT") return null;
  return DAY_PATH.exec(item.path || "")?.[1] || null;
}

outbox.events.addEventListener("sent", (event) => {
  const { item, answer } = event.detail;
  const date = dateOf(item);
  if (!date) return;
  const { guidance, ...entry } = answer || {};
  // The newest copy of the day is what the server just stored.
  remember(item.path, entry);
  update(date, (record) => ({
    date,
    ...(record || {}),
    values: Object.keys(entry).length ? entry : item.body, // what the server stored
    state: "sent",
    guidance: Array.isArray(guidance) ? guidance : null,
    sentAt: new Date().toISOString(),
    error: null,
    dismissed: false,
  }));
});

outbox.events.addEventListener("refused", (event) => {
  const { item } = event.detail;
  const date = dateOf(item);
  if (!date) return;
  update(date, (record) => ({
    date,
    ...(record || {}),
    values: item.body,
    state: "refused",
    error: item.error,
  }));
});

const RANK = { urgent: 3, high: 2, moderate: 1 };

/** The most severe first, then the rules' order as the server gave it. */
export function bySeverity(items) {
  return [...items].sort((a, b) => (RANK[b.severity] || 0) - (RANK[a.severity] || 0));
}
