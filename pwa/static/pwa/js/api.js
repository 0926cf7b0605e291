// The one way the app talks to the server: same-origin fetch with the session
// cookie, JSON both ways, the CSRF token on every write, and errors as ApiError
// objects that carry the status and the server's own words.
//
//   import * as api from "../api.js";
//   const me = await api.get("auth/me/");                // throws ApiError
//   const { data, fromCache } = await api.read("patients/me/diary/?from=...");
//   await api.send("POST", "auth/session/", { username, password });
//
// Writes of patient data do not call send() directly: they go through the outbox
// (outbox.js), which stores them first and replays them in order.
import { remember, recall } from "./store.js";

export const API_ROOT = "/api/v1/";

/** Fired on `events`: "signed-out" when the server says the session is gone. */
export const events = new EventTarget();

export class ApiError extends Error {
  constructor({ status, body = null, retryAfter = null, message }) {
    super(message || describe(status, body));
    this.name = "ApiError";
    this.status = status; // 0: no answer (offline, DNS, server down)
    this.body = body;
    this.retryAfter = retryAfter; // seconds, from a 429's Retry-After
  }

  get offline() {
    return this.status === 0;
  }

  /** Worth trying again later without changing anything: no answer, or a server fault. */
  get transient() {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408;
  }

  get signedOut() {
    return this.status === 401 || this.status === 403;
  }

  /** Every message of the answer, field errors included, as plain strings. */
  get messages() {
    const found = flatten(this.body);
    return found.length ? found : [this.message];
  }

  /** { field: ["message", ...] } for the fields the server complained about. */
  get fieldErrors() {
    const errors = {};
    if (this.body && typeof this.body === "object" && !Array.isArray(this.body)) {
      for (const [field, value] of Object.entries(this.body)) {
        if (field !== "detail" && field !== "non_field_errors") errors[field] = flatten(value);
      }
    }
    return errors;
  }

  /** Messages that belong to no one field: detail, non_field_errors. */
  get generalErrors() {
    if (!this.body || typeof this.body !== "object") return this.status ? [this.message] : [];
    return [...flatten(this.body.detail), ...flatten(this.body.non_field_errors)];
  }
}

function flatten(value) {
  if (value == null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === "object") return Object.values(value).flatMap(flatten);
  return [String(value)];
}

function describe(status, body) {
  if (status === 0) return "No connection. It will be sent when you are back online.";
  if (body && typeof body.detail === "string") return body.detail;
  if (status === 429) return "Too many tries. Please wait a little and try again.";
  if (status >= 500) return "The server had a problem. It will try again shortly.";
  return `The server said no (${status}).`;
}

/** "about 5 minutes" for 300, for a Retry-After header. */
export function inWords(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return "a little while";
  if (seconds < 60) return seconds <= 1 ? "a second" : `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "a minute" : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "about an hour" : `about ${hours} hours`;
}

function url(path) {
  return path.startsWith("/") ? path : API_ROOT + path;
}

function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The CSRF token: Django's cookie (set by the shell page), else asked for. */
export async function csrfToken({ fresh = false } = {}) {
  const fromCookie = fresh ? null : cookie("csrftoken");
  if (fromCookie) return fromCookie;
  const answer = await request("GET", "auth/csrf/");
  return cookie("csrftoken") || answer?.csrf_token || "";
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Send one request; resolve with the parsed body (null for 204), or throw ApiError. */
export async function request(method, path, body, { retryCsrf = true, idempotencyKey = null } = {}) {
  const headers = { Accept: "application/json" };
  if (!SAFE.has(method)) {
    headers["X-CSRFToken"] = await csrfToken();
    headers["Content-Type"] = "application/json";
  }
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  let response;
  try {
    response = await fetch(url(path), {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      body: body === undefined || SAFE.has(method) ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0 });
  }
  const parsed = await parse(response);
  if (response.ok) return parsed;

  // A rotated CSRF cookie (after signing in) answers 403 once: fetch a fresh token.
  if (response.status === 403 && retryCsrf && !SAFE.has(method) && /CSRF/i.test(parsed?.detail || "")) {
    await csrfToken({ fresh: true });
    return request(method, path, body, { retryCsrf: false, idempotencyKey });
  }
  const retry = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  const error = new ApiError({
    status: response.status,
    body: parsed,
    retryAfter: Number.isNaN(retry) ? null : retry,
  });
  if (response.status === 401 || (response.status === 403 && path === "auth/me/")) {
    events.dispatchEvent(new CustomEvent("signed-out", { detail: { path } }));
  }
  throw error;
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  try {
    return type.includes("json") ? await response.json() : await response.text();
  } catch {
    return null;
  }
}

export const get = (path) => request("GET", path);
export const send = (method, path, body) => request(method, path, body);

/**
 * A read that still answers offline: the server's copy when it can be had (kept in
 * IndexedDB as the last copy seen), else that last copy.
 * Resolves { data, fromCache, savedAt }; throws ApiError when there is neither.
 */
export async function read(path) {
  try {
    const data = await get(path);
    await remember(path, data);
    return { data, fromCache: false, savedAt: new Date().toISOString() };
  } catch (error) {
    if (error instanceof ApiError && error.transient) {
      const copy = await recall(path);
      if (copy) return { data: copy.data, fromCache: true, savedAt: copy.savedAt };
    }
    throw error;
  }
}
