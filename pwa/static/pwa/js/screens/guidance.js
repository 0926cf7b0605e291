// The save screen (/app/diary/<date>/saved/): what happened to a diary save, and the
// red-flag guidance for it at once. Also the care cards that Today reuses.
//
// - Sent: the server's `guidance` (docs/api.md "Daily diary"), most severe first, as
//   care cards by level (urgent: act now; high: contact your care team soon;
//   moderate: look after yourself), with the care team's contact and a call button.
// - Still on the phone: says so plainly, and gives the general red-flag advice for
//   what was entered (a fall with a head strike, or a leg that cannot bear weight:
//   get urgent care now) without claiming the care team knows.
// - Refused: the server's words, and a way to change it.
import { html, useEffect, useState } from "../lib.js";
import * as api from "../api.js";
import * as outbox from "../outbox.js";
import { useApp } from "../context.js";
import { SyncStatus, useOutbox } from "../components/sync-status.js";
import * as keeper from "./guidance-store.js";
import { dayInWords, dayName, dayPath, parseDay, SCORES } from "./diary-data.js";

const LEVEL = {
  urgent: { name: "Immediate action", css: "urgent" },
  high: { name: "Contact your care team soon", css: "high" },
  moderate: { name: "Look after yourself", css: "moderate" },
};

export const CONTACT_PATH = "patients/me/care-team/contact/";

/** The care team's contact as a guidance item's `contact` for a severity (from the last copy). */
export function contactFor(details, severity) {
  if (!details) return {};
  const contact = {
    phone: details.phone,
    opening_hours: details.opening_hours,
    response_time: details.response_times?.[severity],
    out_of_hours: severity === "urgent" ? details.out_of_hours : "",
  };
  return Object.fromEntries(Object.entries(contact).filter(([, value]) => value));
}

/** The care team's contact details: the server's, else the last copy on this phone. */
export function useCareTeamContact() {
  const [details, setDetails] = useState(null);
  useEffect(() => {
    let live = true;
    api.read(CONTACT_PATH).then(
      ({ data }) => live && setDetails(data),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return details;
}

const EMERGENCY = "call your local emergency number or go to an emergency department";

/**
 * Red flags that can be told from the entry alone, before the care team has it: the
 * general advice (the Learn page "Red flags"), in the same shape as the server's
 * guidance. Rules that compare with earlier days are left to the server.
 */
export function adviceBeforeSending(values, details) {
  const items = [];
  const v = values || {};
  if (v.fall) {
    const now = [];
    if (v.fall_hit_head === true) now.push("you hit your head");
    if (v.fall_can_bear_weight === false) now.push("you cannot put weight on your leg");
    if (v.fall_injured === true) now.push("you hurt yourself");
    if (now.length) {
      items.push({
        rule: "fall",
        severity: "urgent",
        title: "Get urgent care now",
        advice: `You had a fall and ${now.join(" and ")}. Please ${EMERGENCY} now. Do not wait for the app or for your care team to reply.`,
      });
    } else {
      items.push({
        rule: "fall",
        severity: "high",
        title: "You had a fall: contact your care team soon",
        advice:
          "Contact your care team soon, even if you feel fine. Until they reply, rest your hip and use your walking aid if you have one. " +
          `If you cannot walk, you hit your head, or you have severe pain that does not settle, ${EMERGENCY}.`,
      });
    }
  }
  const severe = SCORES.filter((s) => s.name.startsWith("pain_") && Number(v[s.name]) >= 9);
  if (severe.length) {
    items.push({
      rule: "pain_spike",
      severity: "urgent",
      title: "Severe pain: what to do now",
      advice:
        "You told us your pain is severe. Stop what you are doing and rest. " +
        `If the pain is sudden and severe, or it does not settle, ${EMERGENCY}.`,
    });
  }
  if (v.instability) {
    items.push({
      rule: "instability",
      severity: "high",
      title: "Your hip gave way: contact your care team soon",
      advice:
        "Contact your care team soon. Until they reply, rest the hip, use your walking aid if you have one, and avoid the activities that make it worse. " +
        `If it gets much worse or you cannot walk, ${EMERGENCY}.`,
    });
  }
  return keeper.bySeverity(items).map((item) => ({ ...item, contact: contactFor(details, item.severity) }));
}

function telHref(phone) {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

function CallButton({ contact }) {
  if (!contact?.phone) return null;
  return html`<p><a class="button call-button" href=${telHref(contact.phone)}>Call your care team: ${contact.phone}</a></p>`;
}

function ContactBlock({ contact }) {
  if (!contact || !Object.keys(contact).length) return null;
  return html`
    <div class="care-contact">
      ${contact.opening_hours && html`<p><strong>Opening hours:</strong> ${contact.opening_hours}</p>`}
      ${contact.response_time && html`<p><strong>Expected reply:</strong> ${contact.response_time}</p>`}
      ${contact.out_of_hours && html`<p class="out-of-hours"><strong>Out of hours:</strong> ${contact.out_of_hours}</p>`}
    </div>
  `;
}

/** Care cards, most severe first. headingLevel: 2 or 3. */
export function CareCards({ items, headingLevel = 2 }) {
  if (!items?.length) return null;
  return html`
    <div class="care-cards">
      ${keeper.bySeverity(items).map((item, index) => {
        const level = LEVEL[item.severity] || LEVEL.moderate;
        const id = `care-${item.rule}-${index}`;
        const title = headingLevel === 3 ? html`<h3 id=${id}>${item.title}</h3>` : html`<h2 id=${id}>${item.title}</h2>`;
        return html`
          <section class=${`care-card ${level.css}`} aria-labelledby=${id} data-severity=${item.severity} data-rule=${item.rule}>
            <div class="care-card-level">${level.name}</div>
            ${title}
            <p class="care-advice">${item.advice}</p>
            <${CallButton} contact=${item.contact} />
            <${ContactBlock} contact=${item.contact} />
          </section>
        `;
      })}
    </div>
  `;
}

/** The record of a day's latest save, kept up to date. undefined while reading. */
export function useSaveRecord(date) {
  const [record, setRecord] = useState(undefined);
  useEffect(() => {
    let live = true;
    const refresh = () => keeper.get(date).then((found) => live && setRecord(found));
    refresh();
    keeper.events.addEventListener("change", refresh);
    return () => {
      live = false;
      keeper.events.removeEventListener("change", refresh);
    };
  }, [date]);
  return record;
}

export default function Guidance({ params }) {
  const { online } = useApp();
  const date = params.date;
  const record = useSaveRecord(date);
  const items = useOutbox();
  const details = useCareTeamContact();
  if (!parseDay(date)) {
    return html`<h1>Page not found</h1><p><a href="/app/diary/">Open today's diary</a></p>`;
  }
  if (record === undefined || items === null) return html`<h1>Diary</h1><p class="hint">Opening…</p>`;
  const item = items.filter((i) => i.method === "PUT" && i.path === dayPath(date)).pop() || null;
  const day = dayName(date);
  const links = html`
    <div class="actions">
      <a class="button" href="/app/">Back to Today</a>
      <a class="button secondary-button" href=${`/app/diary/${date}/`}>Change ${day === "today" ? "today's diary" : "this day"}</a>
    </div>
  `;

  if (!record) {
    return html`
      <h1>Diary for ${dayInWords(date)}</h1>
      <p>This phone has no recent save of this day.</p>
      ${links}
    `;
  }

  if (item?.state === "refused" || (!item && record.state === "refused")) {
    const messages = item?.error?.messages || record.error?.messages || [];
    return html`
      <h1>Not saved: please check your diary for ${day}</h1>
      <div class="notice urgent" role="alert">
        <p><strong>The server did not accept it.</strong> It is still on this phone. It said:</p>
        <ul class="server-messages">${messages.map((m) => html`<li>${m}</li>`)}</ul>
      </div>
      <${CareCards} items=${adviceBeforeSending(record.values, details)} />
      <div class="actions">
        <a class="button" href=${`/app/diary/${date}/`}>Change it</a>
        ${item && html`<button type="button" class="secondary" onClick=${() => outbox.resend(item.id)}>Send again</button>`}
      </div>
      <${SyncStatus} />
    `;
  }

  if (item) {
    // Still on the phone: say so; never pretend the care team knows.
    const sending = online && !item.error;
    const advice = adviceBeforeSending(item.body, details);
    return html`
      <h1>${sending ? "Sending your diary…" : "Saved on this phone"}</h1>
      <div class="notice warning" role="status">
        ${sending
          ? html`<p>Your diary for ${day} is being sent to your care team.</p>`
          : html`<p><strong>Your diary for ${day} is saved on this phone but has not reached your care team yet.</strong>${" "}Your care team does not know about it yet. It is sent by itself when you are back online.</p>`}
      </div>
      ${!sending && advice.length > 0 &&
      html`<h2 class="care-intro">What you entered needs attention now</h2>
        <p>Do not wait for it to be sent.</p>
        <${CareCards} items=${advice} headingLevel=${3} />`}
      ${!sending &&
      html`<p>If anything gets worse, read <a href="/app/learn/red-flags/">Red flags: when to get help</a>.</p>`}
      ${links}
      <${SyncStatus} />
    `;
  }

  if (record.state === "waiting") {
    // No longer on the phone, but this page never heard the server's answer.
    return html`
      <h1>Diary for ${dayInWords(date)}</h1>
      <p class="notice" role="status">This save is no longer waiting on this phone. If anything in it needs action, your care team's advice will be in your <a href="/app/inbox/">Inbox</a>.</p>
      ${links}
    `;
  }

  // Not on the phone any more: it reached the server.
  const guidance = record.state === "sent" ? record.guidance : null;
  return html`
    <h1>${guidance?.length ? "Saved: please read this now" : "Saved"}</h1>
    <p class="notice" role="status">Your diary for ${day} has reached your care team.</p>
    ${guidance?.length > 0 && html`<${CareCards} items=${guidance} />`}
    ${guidance && guidance.length === 0 &&
    html`<p>Nothing you entered needs action now. If anything gets worse, read <a href="/app/learn/red-flags/">Red flags: when to get help</a>.</p>`}
    ${!guidance &&
    html`<p>If anything in it needs action, your care team's advice will be in your <a href="/app/inbox/">Inbox</a>.</p>`}
    ${links}
  `;
}
