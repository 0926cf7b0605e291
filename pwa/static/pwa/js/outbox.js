// The outbox: every write of patient data is stored on the phone first, then sent.
//
//   import * as outbox from "../outbox.js";
//   const { id, sent } = await outbox.enqueue({
//     method: "PUT", path: `patients/me/diary/${day}/`, body,
//     label: "Diary for 3 December", editPath: `/app/diary/${day}/`,
//   });
//   sent.then((answer) => showGuidance(answer.guidance)).catch((error) => showRefusal(error));
//
// Rules (issue 10):
// - Replayed strictly in order of creation: on start, on `online`, every 30 s while
//   open, and right after each enqueue. Only one tab sends at a time (Web Locks).
// - No answer or a 5xx (or 429): the item stays, the replay stops there, and the next
//   round tries again from the same item, so order holds.
// - 2xx: removed; its `sent` promise resolves and a "sent" event tells the screens.
// - Other 4xx: kept, marked refused with the server's messages, never dropped. The
//   replay goes on with the next item (a refusal waits for the person, it does not
//   block the rest). resend(id, body) puts it back in line, discard(id) removes it.
// - 401/403: the replay stops and a "signed-out" event asks the person to sign in;
//   after signing in, resume() sends what is waiting.
// Writes must be safe to repeat: diary PUT by date, sessions with a UUID made here.
// merge (optional, a list of field names): for a PUT written without knowing what the
// server holds (offline, no copy on the phone), those fields are first read from the
// server (GET of the same path; a 404 reads as nothing) and the body is laid over
// them, so the PUT adds to the resource instead of wiping what it did not know.
//
// Events on `events` (an EventTarget): "change" (the list changed), "sent"
// (detail: { item, answer }), "refused" (detail: { item, error }), "signed-out".
import { db } from "./db.js";
import { ApiError, request } from "./api.js";

export const events = new EventTarget();
export const REPLAY_EVERY_MS = 30_000;

const waiters = new Map(); // id -> { resolve, reject } for this page's enqueue() callers
let running = null;
let again = false;
let pausedForSignIn = false;
let timer = null;

function changed() {
  events.dispatchEvent(new Event("change"));
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every item, oldest first: { id, method, path, body, label, created, state, error, attempts }. */
export async function list() {
  const database = await db();
  return database.getAll("outbox");
}

export async function enqueue({ method, path, body, label, editPath, merge }) {
  const item = {
    method,
    path,
    body: body ?? null,
    merge: merge?.length ? [...merge] : null, // fields read from the server first (see above)
    label: label || `${method} ${path}`,
    // A POST creates: its key lets the server answer a replay whose first answer
    // was lost with that answer, instead of creating a second one (Idempotency-Key).
    key: method === "POST" ? newKey() : null,
    editPath: editPath || null, // a client route where the person can change it
    created: new Date().toISOString(),
    state: "waiting", // "waiting" or "refused"
    error: null,
    attempts: 0,
    lastTried: null,
  };
  const database = await db();
  const id = await database.add("outbox", item);
  const sent = new Promise((resolve, reject) => waiters.set(id, { resolve, reject }));
  // Nobody has to listen: a refusal is also shown in the outbox list.
  sent.catch(() => {});
  changed();
  replay();
  return { id, sent };
}

/** Put a refused item back in line, with a corrected body if given. */
export async function resend(id, body) {
  const database = await db();
  const item = await database.get("outbox", id);
  if (!item) return;
  await database.put("outbox", {
    ...item,
    body: body === undefined ? item.body : body,
    state: "waiting",
    error: null,
  });
  changed();
  replay();
}

/** Remove an item for good (the person chose to). */
export async function discard(id) {
  const database = await db();
  await database.delete("outbox", id);
  waiters.get(id)?.reject(new ApiError({ status: 0, message: "Discarded on this phone." }));
  waiters.delete(id);
  changed();
}

/** Send what is waiting, in order. Resolves when this round is over. */
export function replay() {
  if (pausedForSignIn) return Promise.resolve();
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await exclusive(drain);
    } while (again && !pausedForSignIn);
  })()
    .catch((error) => console.error("Outbox replay failed", error))
    .finally(() => {
      running = null;
    });
  return running;
}

function exclusive(work) {
  // One tab at a time, so two open tabs never send the same item twice.
  if (navigator.locks?.request) return navigator.locks.request("hipwell-outbox", work);
  return work();
}

async function drain() {
  const database = await db();
  const ids = await database.getAllKeys("outbox");
  for (const id of ids) {
    const item = await database.get("outbox", id); // it may have been discarded or edited
    if (!item || item.state === "refused") continue;
    let answer;
    try {
      answer = await request(item.method, item.path, await bodyFor(item), {
        idempotencyKey: item.key,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const tried = { ...item, attempts: item.attempts + 1, lastTried: new Date().toISOString() };
      if (error.transient) {
        await database.put("outbox", { ...tried, error: { status: error.status, messages: [error.message] } });
        changed();
        return; // keep the order: nothing after it goes before it
      }
      if (error.signedOut) {
        pausedForSignIn = true;
        events.dispatchEvent(new Event("signed-out"));
        return;
      }
      const refused = {
        ...tried,
        state: "refused",
        error: { status: error.status, messages: error.messages, fields: error.fieldErrors },
      };
      await database.put("outbox", refused);
      waiters.get(id)?.reject(error);
      waiters.delete(id);
      events.dispatchEvent(new CustomEvent("refused", { detail: { item: refused, error } }));
      changed();
      continue;
    }
    await database.delete("outbox", id);
    waiters.get(id)?.resolve(answer);
    waiters.delete(id);
    events.dispatchEvent(new CustomEvent("sent", { detail: { item, answer } }));
    changed();
  }
}

async function bodyFor(item) {
  if (!item.merge) return item.body ?? undefined;
  let current = null;
  try {
    current = await request("GET", item.path);
  } catch (error) {
    if (!(error instanceof ApiError) || error.transient || error.signedOut || error.status !== 404) throw error;
  }
  const kept = {};
  for (const name of item.merge) {
    const value = current?.[name];
    if (value !== null && value !== undefined && value !== "") kept[name] = value;
  }
  return { ...kept, ...(item.body || {}) };
}

/** Signed in again: send what waited. */
export function resume() {
  pausedForSignIn = false;
  return replay();
}

function onOnline() {
  replay();
}

function onVisible() {
  if (document.visibilityState === "visible") replay();
}

/** Start replaying: now, when the connection returns, and every 30 s while open. */
export function start() {
  if (timer) return;
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);
  timer = setInterval(replay, REPLAY_EVERY_MS);
  replay();
}

export function stop() {
  clearInterval(timer);
  timer = null;
  window.removeEventListener("online", onOnline);
  document.removeEventListener("visibilitychange", onVisible);
}

/** Forget this page's promises (sign-out clears the store itself). */
export function reset() {
  for (const waiter of waiters.values()) {
    waiter.reject(new ApiError({ status: 0, message: "Cleared when you signed out." }));
  }
  waiters.clear();
  pausedForSignIn = false;
  changed();
}
