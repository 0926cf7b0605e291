// The diary's data, shared by the Diary, fall, guidance and Today screens: the fields
// and their words, days as "YYYY-MM-DD" in the phone's own calendar, where a day's
// current values come from (the outbox, the server, the last copy), and saving a day
// through the outbox. Field names and ranges: docs/api.md "Daily diary".
import * as api from "../api.js";
import * as outbox from "../outbox.js";
import { recall, remember } from "../store.js";
import * as keeper from "./guidance-store.js";

/** Days before today that the patient may still change (HIPWELL_DIARY_EDIT_DAYS). */
export const EDIT_DAYS = 30;

/** The 0-10 scores, in the order a person answers them, with the words at both ends. */
export const SCORES = [
  { name: "pain_rest", label: "Pain at rest", low: "0 no pain", high: "10 worst imaginable" },
  { name: "pain_activity", label: "Pain on activity", low: "0 no pain", high: "10 worst imaginable" },
  { name: "pain_night", label: "Pain at night", hint: "Pain that woke you or kept you awake", low: "0 no pain", high: "10 worst imaginable" },
  { name: "stiffness", label: "Stiffness", low: "0 no stiffness", high: "10 worst imaginable" },
  { name: "sleep_interference", label: "How much your hip disturbed your sleep", low: "0 not at all", high: "10 could not sleep" },
  { name: "mood", label: "Low mood or stress", low: "0 none", high: "10 worst imaginable" },
];
export const SCORE_NAMES = SCORES.map((score) => score.name);

export const LIMP = [
  { value: "none", label: "No limp" },
  { value: "slight", label: "Slight" },
  { value: "marked", label: "Marked" },
];
export const WALKING_AID = [
  { value: "none", label: "None" },
  { value: "cane", label: "Cane" },
  { value: "crutches", label: "Crutches" },
  { value: "walker", label: "Walker" },
];
export const FALL_FOLLOW_UPS = [
  { name: "fall_injured", label: "Did you hurt yourself?" },
  { name: "fall_hit_head", label: "Did you hit your head?" },
  { name: "fall_can_bear_weight", label: "Can you put weight on the leg?" },
];

/** Every field a PUT takes; what the server adds (date, version, times) is left out. */
export const WRITABLE = [
  ...SCORE_NAMES,
  "walking_distance_m",
  "limp",
  "walking_aid",
  "instability",
  "fall",
  ...FALL_FOLLOW_UPS.map((f) => f.name),
  "weight_bearing_followed",
  "pain_medication_doses",
  "note",
];

const pad = (n) => String(n).padStart(2, "0");

/** "YYYY-MM-DD" of a Date in the phone's calendar. */
export function isoDay(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function todayIso() {
  return isoDay(new Date());
}

/** A Date at local noon for "YYYY-MM-DD" (noon: safe across daylight-saving changes). */
export function parseDay(iso) {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!found) return null;
  const date = new Date(Number(found[1]), Number(found[2]) - 1, Number(found[3]), 12);
  return isoDay(date) === iso ? date : null;
}

export function addDays(iso, days) {
  const date = parseDay(iso);
  date.setDate(date.getDate() + days);
  return isoDay(date);
}

/** Whole days from a to b ("YYYY-MM-DD" both). */
export function daysBetween(a, b) {
  return Math.round((parseDay(b) - parseDay(a)) / 86_400_000);
}

/** "Thursday 3 December" (with the year when it is not this year). */
export function dayInWords(iso, { weekday = true } = {}) {
  const date = parseDay(iso);
  const options = { day: "numeric", month: "long" };
  if (weekday) options.weekday = "long";
  if (date.getFullYear() !== new Date().getFullYear()) options.year = "numeric";
  return date.toLocaleDateString("en-GB", options);
}

/** "today", "yesterday" or the day in words. */
export function dayName(iso) {
  const back = daysBetween(iso, todayIso());
  if (back === 0) return "today";
  if (back === 1) return "yesterday";
  return dayInWords(iso);
}

/** What a day allows: "future", "editable" or "read-only" (older than EDIT_DAYS). */
export function dayKind(iso) {
  const back = daysBetween(iso, todayIso());
  if (back < 0) return "future";
  return back > EDIT_DAYS ? "read-only" : "editable";
}

export const dayPath = (iso) => `patients/me/diary/${iso}/`;

/** Only the fields a PUT takes; nulls, blank notes and false fall/instability left out. */
export function writable(entry) {
  const values = {};
  for (const name of WRITABLE) {
    const value = entry?.[name];
    if (value === null || value === undefined || value === "") continue;
    if (value === false && (name === "fall" || name === "instability")) continue; // the default
    values[name] = value;
  }
  return values;
}

/** The outbox's latest item for a day (waiting or refused), or null. */
export async function pendingFor(iso) {
  const items = await outbox.list();
  const mine = items.filter((item) => item.method === "PUT" && item.path === dayPath(iso));
  return mine.length ? mine[mine.length - 1] : null;
}

/**
 * A day's current values and where they came from:
 *   { values, source, pending, entry }
 * source: "phone" (an item still in the outbox: the newest), "server", "copy" (the
 * last copy seen, offline), "none" (the day has no entry) or "unknown" (offline and
 * this phone never saw the day). pending: that outbox item, if any.
 */
export async function loadDay(iso) {
  const pending = await pendingFor(iso);
  let entry = null;
  let source = "unknown";
  try {
    const { data, fromCache } = await api.read(dayPath(iso));
    entry = data;
    source = data ? (fromCache ? "copy" : "server") : "none";
  } catch (error) {
    if (!(error instanceof api.ApiError)) throw error;
    if (error.status === 404) {
      await remember(dayPath(iso), null); // known: nothing that day
      source = "none";
    } else if (!error.transient) {
      throw error;
    }
  }
  if (pending) return { values: writable(pending.body), source: "phone", pending, entry };
  return { values: writable(entry), source, pending: null, entry };
}

/** The last copy of a day without asking the server: { values, known }. */
export async function localDay(iso) {
  const pending = await pendingFor(iso);
  if (pending) return { values: writable(pending.body), known: true };
  const copy = await recall(dayPath(iso));
  return { values: writable(copy?.data), known: Boolean(copy) };
}

/**
 * Save a day through the outbox (PUT by date: safe to repeat). Earlier items for the
 * same day that are still on the phone are replaced by this one (it carries their
 * values: the screens start from them). unknown: the values were entered without
 * knowing what the server holds for the day (offline, no copy on the phone), so the
 * outbox reads the day first and adds to it rather than replacing it; a save that
 * replaces such an item inherits that. Resolves { id, sent } like outbox.enqueue.
 */
export async function saveDay(iso, values, { label, unknown = false } = {}) {
  const body = writable(values);
  let merge = unknown;
  for (const item of await outbox.list()) {
    if (item.method !== "PUT" || item.path !== dayPath(iso)) continue;
    merge = merge || Boolean(item.merge);
    await outbox.discard(item.id);
  }
  await keeper.saving(iso, body);
  const words = dayInWords(iso, { weekday: false });
  return outbox.enqueue({
    method: "PUT",
    path: dayPath(iso),
    body,
    label: label || `Diary for ${words}`,
    editPath: `/app/diary/${iso}/`,
    merge: merge ? WRITABLE : null,
  });
}
