// Today: the first screen after signing in. Today's diary (done or not), today's
// exercises (done or not), anything new from the care team, the red-flag guidance
// of recent saves that is still open, and what waits on this phone. Offline it draws
// from the last copies and the outbox.
import { html, useEffect, useState } from "../lib.js";
import * as outbox from "../outbox.js";
import { useApp } from "../context.js";
import { SyncStatus, useOutbox } from "../components/sync-status.js";
import { LastCopyNote, useRead } from "../components/last-copy.js";
import * as keeper from "./guidance-store.js";
import { CareCards, adviceBeforeSending, useCareTeamContact } from "./guidance.js";
import { dayInWords, dayName, dayPath, daysBetween, loadDay, todayIso } from "./diary-data.js";

const SESSIONS = "patients/me/sessions/";
/** Guidance from saves of the last week stays on Today until the person hides it. */
const GUIDANCE_DAYS = 7;

function useDiaryDay(date) {
  const [day, setDay] = useState(null);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      loadDay(date).then(
        (found) => live && setDay(found),
        () => live && setDay({ source: "unknown", values: {} }),
      );
    refresh();
    // A save of today reaching the server (or being refused) changes the status.
    keeper.events.addEventListener("change", refresh);
    return () => {
      live = false;
      keeper.events.removeEventListener("change", refresh);
    };
  }, [date]);
  return day;
}

function DiaryStatus({ date, day }) {
  let status;
  let kind = "";
  if (!day) status = html`<p class="hint">Checking…</p>`;
  else if (day.pending?.state === "refused") {
    kind = "waiting";
    status = html`<p><strong>Not accepted yet:</strong> the server did not accept today's diary. Please check it.</p>`;
  } else if (day.source === "phone") {
    kind = "waiting";
    status = html`<p><strong>Done</strong>, saved on this phone. It is sent to your care team when you are back online.</p>`;
  } else if (day.source === "server" || day.source === "copy") {
    kind = "done";
    status = html`<p><strong>Done.</strong> Your care team can see today's diary.</p>`;
  } else if (day.source === "none") {
    status = html`<p><strong>Not yet.</strong> It takes less than a minute.</p>`;
  } else {
    status = html`<p>This phone has no copy of today's diary and you are offline.</p>`;
  }
  const done = kind !== "" && day?.pending?.state !== "refused";
  return html`
    <section class=${`card today-section diary-status ${kind}`} aria-labelledby="today-diary">
      <h2 id="today-diary">Your diary</h2>
      ${status}
      <a class=${done ? "button secondary-button" : "button"} href="/app/diary/">${done ? "Change today's diary" : "Fill in today's diary"}</a>
    </section>
  `;
}

function ExercisesToday({ date, items }) {
  const plan = useRead("patients/me/plan/");
  const sessions = useRead(SESSIONS);
  useEffect(() => {
    const onSent = (event) => {
      if (event.detail.item.path.startsWith(SESSIONS)) sessions.reload();
    };
    outbox.events.addEventListener("sent", onSent);
    return () => outbox.events.removeEventListener("sent", onSent);
  }, [sessions.reload]);
  let body;
  if (plan.error?.status === 404) {
    body = html`<p>You have no exercise plan at the moment.</p>`;
  } else if (plan.error) {
    body = html`<p>Your exercises could not be loaded${plan.error.offline ? ": there is no connection and no copy on this phone yet" : ""}.</p>`;
  } else if (plan.data === undefined) {
    body = html`<p class="hint">Loading your exercises…</p>`;
  } else {
    const stored = (id) => (sessions.data || []).filter((row) => row.plan_item === id && row.date === date).length;
    const waiting = (id) =>
      (items || []).filter((row) => row.path.startsWith(SESSIONS) && row.body?.plan_item === id && row.body?.date === date).length;
    body = html`
      <ul class="today-list">
        ${plan.data.items.map((item) => {
          const onPhone = waiting(item.id);
          const done = stored(item.id) + onPhone;
          return html`<li>
            <span>${item.exercise.name}</span>
            ${done
              ? html`<span class="done">Done${onPhone ? " (on this phone)" : ""}</span>`
              : html`<span class="not-done">Not yet</span>`}
          </li>`;
        })}
      </ul>
    `;
  }
  return html`
    <section class="card today-section" aria-labelledby="today-exercises">
      <h2 id="today-exercises">Today's exercises</h2>
      <${LastCopyNote} reads=${[plan, sessions].filter((read) => read.data !== undefined)} />
      ${body}
      <a class="button secondary-button" href="/app/exercises/">Open Exercises</a>
    </section>
  `;
}

function FromCareTeam() {
  const inbox = useRead("notifications/?unread=1");
  const unread = inbox.data || [];
  let body;
  if (inbox.error) body = html`<p>Your messages could not be loaded${inbox.error.offline ? " while offline" : ""}.</p>`;
  else if (inbox.data === undefined) body = html`<p class="hint">Loading…</p>`;
  else if (!unread.length) body = html`<p>No new messages.</p>`;
  else {
    body = html`
      <p><strong>${unread.length === 1 ? "1 new message" : `${unread.length} new messages`}.</strong>${" "}The latest: ${unread[0].title}</p>
    `;
  }
  return html`
    <section class="card today-section" aria-labelledby="today-inbox">
      <h2 id="today-inbox">From your care team</h2>
      ${body}
      <a class="button secondary-button" href="/app/inbox/">Open Inbox</a>
    </section>
  `;
}

/** Guidance of recent saves not yet hidden: the server's, or offline the general advice. */
function OpenGuidance({ items }) {
  const [records, setRecords] = useState(null);
  const details = useCareTeamContact();
  useEffect(() => {
    let live = true;
    const refresh = () => keeper.all().then((found) => live && setRecords(found));
    refresh();
    keeper.events.addEventListener("change", refresh);
    return () => {
      live = false;
      keeper.events.removeEventListener("change", refresh);
    };
  }, []);
  if (!records || items === null) return null;
  const today = todayIso();
  const shown = Object.values(records)
    .filter((record) => !record.dismissed && daysBetween(record.date, today) <= GUIDANCE_DAYS)
    .map((record) => {
      const onPhone = items.some((item) => item.method === "PUT" && item.path === dayPath(record.date));
      if (onPhone) return { record, onPhone, cards: adviceBeforeSending(record.values, details) };
      return { record, onPhone, cards: record.state === "sent" ? record.guidance || [] : [] };
    })
    .filter(({ cards }) => cards.length)
    .sort((a, b) => (a.record.date < b.record.date ? 1 : -1));
  if (!shown.length) return null;
  return html`
    <section class="today-section" aria-labelledby="today-guidance">
      <h2 id="today-guidance">Advice about your diary</h2>
      ${shown.map(
        ({ record, onPhone, cards }) => html`
          <div class="guidance-day" key=${record.date}>
            <p><strong>From your diary for ${dayName(record.date)}</strong>${onPhone
              ? html` (saved on this phone only: your care team does not know yet)`
              : ""}</p>
            <${CareCards} items=${cards} headingLevel=${3} />
            <p><button type="button" class="link-button" onClick=${() => keeper.dismiss(record.date)}
              aria-label=${`Hide this advice about ${dayInWords(record.date)}`}>Hide this advice</button></p>
          </div>
        `,
      )}
    </section>
  `;
}

export default function Today() {
  const { user } = useApp();
  const date = todayIso();
  const day = useDiaryDay(date);
  const items = useOutbox();
  if (user?.role !== "patient") {
    return html`
      <h1>Today</h1>
      <p class="notice warning">You are signed in as ${user?.username}, who is not a patient. This app shows a patient's own diary and exercises.</p>
      <${SyncStatus} />
    `;
  }
  return html`
    <h1>Today</h1>
    <p class="hint">${dayInWords(date)}</p>
    <${OpenGuidance} items=${items} />
    <${DiaryStatus} date=${date} day=${day} />
    <${ExercisesToday} date=${date} items=${items} />
    <${FromCareTeam} />
    <${SyncStatus} />
  `;
}
