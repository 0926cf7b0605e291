// Settings: reminder schedules (patients/me/reminders/), quiet hours and timezone
// (PATCH patients/me/), notifications on this phone (components/push-setting.js),
// caregivers and what they see (patients/me/caregivers/), password, signing out.
// Every change of patient data goes through the outbox; the password change does not
// (a password is never stored on the phone) and needs a connection.
import { html, useEffect, useState } from "../lib.js";
import * as api from "../api.js";
import * as outbox from "../outbox.js";
import { useApp } from "../context.js";
import { Field, ErrorSummary, errorRows } from "../components/forms.js";
import { SyncStatus } from "../components/sync-status.js";
import { LastCopyNote, ReadProblem, dateTime, useRead } from "../components/last-copy.js";
import { PushSetting } from "../components/push-setting.js";

const REMINDERS = "patients/me/reminders/";
const PROFILE = "patients/me/";
const CAREGIVERS = "patients/me/caregivers/";
const KINDS = [
  ["diary", "Fill in my diary"],
  ["exercise", "Do my exercises"],
  ["aquatic", "Aquatic session"],
  ["pacing", "Take a pacing break"],
  ["medication", "Take my medication"],
  ["custom", "Something else"],
];
const KIND_LABEL = Object.fromEntries(KINDS);
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const CHANNELS = [
  ["inbox", "Inbox"],
  ["push", "Notification"],
  ["email", "Email"],
];
const SCOPES = [
  ["diary_scores", "Diary scores and walking"],
  ["notes", "Diary notes"],
  ["mood", "Mood"],
  ["exercises", "Exercises and sessions"],
  ["alerts", "Red-flag alerts"],
];

/** Send a write through the outbox; resolve its answer, or reject with the refusal. */
async function write(method, path, body, label) {
  const { sent } = await outbox.enqueue({ method, path, body, label, editPath: "/app/settings/" });
  return sent;
}

/** Refresh a read when one of its writes reaches the server. */
function useRefreshOnSent(prefix, read) {
  useEffect(() => {
    const onSent = (event) => {
      if (event.detail.item.path.startsWith(prefix)) read.reload();
    };
    outbox.events.addEventListener("sent", onSent);
    return () => outbox.events.removeEventListener("sent", onSent);
  }, [prefix, read.reload]);
}

function Outcome({ outcome }) {
  if (!outcome) return null;
  return html`<p class=${`log-result ${outcome.kind}`} role=${outcome.kind === "refused" ? "alert" : "status"}>${outcome.text}</p>`;
}

/** Track one write: "saved on this phone", then "saved" or the server's refusal. */
function useWrite() {
  const [outcome, setOutcome] = useState(null);
  async function run(method, path, body, label, done = "Saved.") {
    setOutcome({ kind: "saved", text: navigator.onLine ? "Saving…" : "Saved on this phone; it will be sent when you are back online." });
    try {
      const answer = await write(method, path, body, label);
      setOutcome({ kind: "sent", text: done });
      return answer;
    } catch (error) {
      if (error?.status) setOutcome({ kind: "refused", text: `Not accepted: ${error.messages.join(" ")}` });
      else setOutcome(null);
      throw error;
    }
  }
  return { outcome, run, clear: () => setOutcome(null) };
}

function describeSchedule(reminder) {
  const days =
    reminder.weekdays.length === 7
      ? "every day"
      : reminder.weekdays.length === 5 && reminder.weekdays.every((d) => d < 5)
        ? "on weekdays"
        : `on ${reminder.weekdays.map((d) => DAYS[d]).join(", ")}`;
  const when = reminder.times.length
    ? `at ${reminder.times.join(", ")}`
    : reminder.every_minutes
      ? `every ${reminder.every_minutes} minutes between ${reminder.window?.[0]} and ${reminder.window?.[1]}`
      : "";
  return `${when} ${days}`.trim();
}

function ReminderForm({ reminder, onDone, onCancel }) {
  const editing = Boolean(reminder);
  const prefix = editing ? `reminder-${reminder.id}` : "reminder-new";
  const [form, setForm] = useState({
    kind: reminder?.kind || "exercise",
    time: reminder?.times?.[0] || "17:00",
    weekdays: reminder?.weekdays || [0, 1, 2, 3, 4, 5, 6],
    channels: reminder?.channels || ["inbox", "push"],
    message: reminder?.message || "",
  });
  const [errors, setErrors] = useState([]);
  const { outcome, run } = useWrite();
  const toggle = (field, value) =>
    setForm({ ...form, [field]: form[field].includes(value) ? form[field].filter((v) => v !== value) : [...form[field], value].sort() });
  async function submit(event) {
    event.preventDefault();
    const missing = [];
    if (!form.time) missing.push({ field: `${prefix}-time`, message: "Choose a time" });
    if (!form.weekdays.length) missing.push({ field: null, message: "Choose at least one day" });
    if (!form.channels.length) missing.push({ field: null, message: "Choose at least one way to be reminded" });
    setErrors(missing);
    if (missing.length) return;
    const times = editing && reminder.times.length > 1 ? [form.time, ...reminder.times.slice(1)] : [form.time];
    const body = { times, weekdays: form.weekdays, channels: form.channels, message: form.message };
    if (!editing) body.kind = form.kind;
    const label = `${editing ? "Changed" : "New"} reminder: ${KIND_LABEL[form.kind] || form.kind}`;
    try {
      if (editing) await run("PATCH", `${REMINDERS}${reminder.id}/`, body, label);
      else await run("POST", REMINDERS, body, label);
      onDone();
    } catch {
      // shown by Outcome
    }
  }
  return html`
    <form class="card reminder-form" onSubmit=${submit} novalidate aria-label=${editing ? "Change reminder" : "New reminder"}>
      <${ErrorSummary} errors=${errors} />
      ${!editing &&
      html`<div class="field">
        <label for=${`${prefix}-kind`}>Remind me to</label>
        <select id=${`${prefix}-kind`} value=${form.kind} onChange=${(e) => setForm({ ...form, kind: e.currentTarget.value })}>
          ${KINDS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>
      </div>`}
      <div class="field">
        <label for=${`${prefix}-time`}>Time</label>
        <input id=${`${prefix}-time`} type="time" value=${form.time} onInput=${(e) => setForm({ ...form, time: e.currentTarget.value })} />
      </div>
      <fieldset class="choices">
        <legend>Days</legend>
        ${DAYS.map(
          (day, n) => html`<label class="pick"><input type="checkbox" checked=${form.weekdays.includes(n)}
            onChange=${() => toggle("weekdays", n)} /><span aria-hidden="true">${day}</span><span class="visually-hidden">${DAY_NAMES[n]}</span></label>`,
        )}
      </fieldset>
      <fieldset class="choices">
        <legend>How</legend>
        ${CHANNELS.map(
          ([value, label]) => html`<label class="pick"><input type="checkbox" checked=${form.channels.includes(value)}
            onChange=${() => toggle("channels", value)} />${label}</label>`,
        )}
      </fieldset>
      <${Field} id=${`${prefix}-message`} label="Your own words (optional)" value=${form.message} maxlength="240"
        onInput=${(value) => setForm({ ...form, message: value })} />
      <${Outcome} outcome=${outcome} />
      <div class="actions">
        <button type="submit" class="primary">${editing ? "Save changes" : "Add reminder"}</button>
        <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}

function Reminder({ reminder }) {
  const [editing, setEditing] = useState(false);
  const { outcome, run } = useWrite();
  const name = KIND_LABEL[reminder.kind] || reminder.kind;
  async function stop() {
    if (!window.confirm(`Stop the reminder "${name}"?`)) return;
    try {
      await run("DELETE", `${REMINDERS}${reminder.id}/`, undefined, `Stop reminder: ${name}`, "Stopped.");
    } catch {
      // shown by Outcome
    }
  }
  if (editing) return html`<li><${ReminderForm} reminder=${reminder} onDone=${() => setEditing(false)} onCancel=${() => setEditing(false)} /></li>`;
  return html`
    <li class="card reminder">
      <h3>${name}</h3>
      <p>${describeSchedule(reminder)}${reminder.message ? html`: "${reminder.message}"` : ""}</p>
      <p class="hint">By ${reminder.channels.map((c) => Object.fromEntries(CHANNELS)[c] || c).join(", ").toLowerCase()}${reminder.next_due_at ? `. Next: ${dateTime(reminder.next_due_at)}` : ""}
        ${reminder.source.startsWith("plan:") ? ". Set with your exercise plan" : ""}</p>
      <${Outcome} outcome=${outcome} />
      <div class="actions">
        <button type="button" class="secondary" onClick=${() => setEditing(true)}>Change<span class="visually-hidden"> ${name}</span></button>
        <button type="button" class="secondary" onClick=${stop}>Stop<span class="visually-hidden"> ${name}</span></button>
      </div>
    </li>
  `;
}

function Reminders() {
  const reminders = useRead(REMINDERS);
  useRefreshOnSent(REMINDERS, reminders);
  const [adding, setAdding] = useState(false);
  return html`
    <section aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <${LastCopyNote} reads=${[reminders]} />
      <${ReadProblem} error=${reminders.data === undefined ? reminders.error : null} what="Your reminders" />
      ${reminders.data?.length === 0 && html`<p>You have no reminders.</p>`}
      ${reminders.data?.length > 0 &&
      html`<ul class="plain-list">${reminders.data.map((reminder) => html`<${Reminder} key=${`${reminder.id}-${reminder.updated_at}`} reminder=${reminder} />`)}</ul>`}
      ${adding
        ? html`<${ReminderForm} onDone=${() => setAdding(false)} onCancel=${() => setAdding(false)} />`
        : html`<p><button type="button" class="secondary" onClick=${() => setAdding(true)}>Add a reminder</button></p>`}
    </section>
  `;
}

function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

function QuietHours() {
  const profile = useRead(PROFILE);
  useRefreshOnSent(PROFILE, profile);
  const [form, setForm] = useState(null);
  const { outcome, run } = useWrite();
  useEffect(() => {
    if (profile.data && !form) {
      setForm({ from: profile.data.quiet_hours[0], to: profile.data.quiet_hours[1], timezone: profile.data.timezone });
    }
  }, [profile.data]);
  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const options = zones();
  async function submit(event) {
    event.preventDefault();
    try {
      await run("PATCH", PROFILE, { quiet_hours: [form.from, form.to], timezone: form.timezone }, "Quiet hours and timezone");
    } catch {
      // shown by Outcome
    }
  }
  return html`
    <section aria-labelledby="quiet-title">
      <h2 id="quiet-title">Quiet hours and timezone</h2>
      <${ReadProblem} error=${profile.data === undefined ? profile.error : null} what="Your settings" />
      ${form &&
      html`<form class="card" onSubmit=${submit} novalidate>
        <p>No reminders come during your quiet hours.</p>
        <div class="number-row two">
          <div class="field"><label for="quiet-from">Quiet from</label>
            <input id="quiet-from" type="time" value=${form.from} onInput=${(e) => setForm({ ...form, from: e.currentTarget.value })} /></div>
          <div class="field"><label for="quiet-to">Until</label>
            <input id="quiet-to" type="time" value=${form.to} onInput=${(e) => setForm({ ...form, to: e.currentTarget.value })} /></div>
        </div>
        <div class="field">
          <label for="timezone">Timezone</label>
          <span class="hint" id="timezone-hint">Your diary days and reminders follow it.${phoneZone && phoneZone !== form.timezone ? ` This phone is set to ${phoneZone}.` : ""}</span>
          <select id="timezone" aria-describedby="timezone-hint" value=${form.timezone} onChange=${(e) => setForm({ ...form, timezone: e.currentTarget.value })}>
            ${!options.includes(form.timezone) && html`<option value=${form.timezone}>${form.timezone}</option>`}
            ${options.map((zone) => html`<option value=${zone}>${zone.replace(/_/g, " ")}</option>`)}
          </select>
        </div>
        ${phoneZone && phoneZone !== form.timezone &&
        html`<p><button type="button" class="link-button" onClick=${() => setForm({ ...form, timezone: phoneZone })}>Use this phone's timezone</button></p>`}
        <${Outcome} outcome=${outcome} />
        <div class="actions"><button type="submit" class="primary">Save quiet hours and timezone</button></div>
      </form>`}
    </section>
  `;
}

function ScopeChoices({ prefix, scopes, guidance, onScopes, onGuidance }) {
  return html`
    <fieldset class="choices stacked">
      <legend>They can see</legend>
      ${SCOPES.map(
        ([value, label]) => html`<label class="pick"><input type="checkbox" name=${`${prefix}-scopes`} checked=${scopes.includes(value)}
          onChange=${() => onScopes(scopes.includes(value) ? scopes.filter((s) => s !== value) : [...scopes, value])} />${label}</label>`,
      )}
    </fieldset>
    <div class="check">
      <input type="checkbox" id=${`${prefix}-guidance`} checked=${guidance} onChange=${(e) => onGuidance(e.currentTarget.checked)} />
      <label for=${`${prefix}-guidance`}>Also send them my red-flag advice</label>
    </div>
  `;
}

function Caregiver({ link }) {
  const [editing, setEditing] = useState(false);
  const [scopes, setScopes] = useState(link.scopes);
  const [guidance, setGuidance] = useState(link.receives_guidance);
  const { outcome, run } = useWrite();
  const status = { invited: "Invited, not joined yet", active: "Active", revoked: "Access ended" }[link.status] || link.status;
  const shared = link.scopes.length ? SCOPES.filter(([value]) => link.scopes.includes(value)).map(([, label]) => label).join(", ") : "nothing yet";
  async function save(event) {
    event.preventDefault();
    try {
      await run("PATCH", `${CAREGIVERS}${link.id}/`, { scopes, receives_guidance: guidance }, `What ${link.name} sees`);
      setEditing(false);
    } catch {
      // shown by Outcome
    }
  }
  async function revoke() {
    if (!window.confirm(`End ${link.name}'s access to your Hipwell?`)) return;
    try {
      await run("DELETE", `${CAREGIVERS}${link.id}/`, undefined, `End ${link.name}'s access`, "Access ended.");
    } catch {
      // shown by Outcome
    }
  }
  return html`
    <li class="card caregiver">
      <h3>${link.name}${link.username ? html` <span class="hint-inline">(${link.username})</span>` : ""}</h3>
      <p><strong>${status}</strong></p>
      ${link.status !== "revoked" && html`<p>Can see: ${shared}.${link.receives_guidance ? " Receives your red-flag advice." : ""}</p>`}
      ${editing &&
      html`<form onSubmit=${save} novalidate aria-label=${`What ${link.name} sees`}>
        <${ScopeChoices} prefix=${`caregiver-${link.id}`} scopes=${scopes} guidance=${guidance} onScopes=${setScopes} onGuidance=${setGuidance} />
        <div class="actions">
          <button type="submit" class="primary">Save</button>
          <button type="button" class="secondary" onClick=${() => setEditing(false)}>Cancel</button>
        </div>
      </form>`}
      <${Outcome} outcome=${outcome} />
      ${link.status !== "revoked" && !editing &&
      html`<div class="actions">
        <button type="button" class="secondary" onClick=${() => setEditing(true)}>Change what ${link.name} sees</button>
        <button type="button" class="secondary" onClick=${revoke}>End access<span class="visually-hidden"> for ${link.name}</span></button>
      </div>`}
    </li>
  `;
}

function InviteCaregiver({ onClose }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState(["diary_scores", "exercises", "alerts"]);
  const [guidance, setGuidance] = useState(false);
  const [errors, setErrors] = useState([]);
  const [invited, setInvited] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(event) {
    event.preventDefault();
    if (!name.trim()) return setErrors([{ field: "caregiver-name", message: "Enter their name" }]);
    if (!navigator.onLine) return setErrors([{ field: null, message: "Inviting needs a connection, so that you can see the invite code. Try again when you are online." }]);
    setErrors([]);
    setBusy(true);
    try {
      const answer = await write("POST", CAREGIVERS, { name: name.trim(), scopes, receives_guidance: guidance }, `Invite ${name.trim()}`);
      setInvited(answer);
    } catch (error) {
      if (error?.status) setErrors(errorRows(error, {}));
    } finally {
      setBusy(false);
    }
  }
  if (invited) {
    return html`
      <div class="card invite-code" role="status">
        <h3>Invite code for ${invited.name}</h3>
        <p class="code">${invited.invite_code}</p>
        <p>Give this code to ${invited.name}. They open Hipwell, choose <strong>Activate your account</strong> and type it in. It works once and for 14 days.
          <strong>It is shown only now</strong>: write it down or tell them before you leave this screen.</p>
        <button type="button" class="secondary" onClick=${onClose}>Done</button>
      </div>
    `;
  }
  return html`
    <form class="card" onSubmit=${submit} novalidate aria-label="Invite a caregiver">
      <${ErrorSummary} errors=${errors} />
      <${Field} id="caregiver-name" label="Their name" value=${name} onInput=${setName} autocomplete="off"
        error=${errors.filter((row) => row.field === "caregiver-name").map((row) => row.message)} />
      <${ScopeChoices} prefix="caregiver-new" scopes=${scopes} guidance=${guidance} onScopes=${setScopes} onGuidance=${setGuidance} />
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy}>Invite</button>
        <button type="button" class="secondary" onClick=${onClose}>Cancel</button>
      </div>
    </form>
  `;
}

function Caregivers() {
  const links = useRead(CAREGIVERS);
  useRefreshOnSent(CAREGIVERS, links);
  const [inviting, setInviting] = useState(false);
  const shown = (links.data || []).filter((link) => link.status !== "revoked");
  return html`
    <section aria-labelledby="caregivers-title">
      <h2 id="caregivers-title">Caregivers</h2>
      <p>A partner or family member can follow your progress and help you keep going. You choose what they see; they can never change anything.</p>
      <${ReadProblem} error=${links.data === undefined ? links.error : null} what="Your caregivers" />
      ${shown.length > 0 && html`<ul class="plain-list">${shown.map((link) => html`<${Caregiver} key=${`${link.id}-${link.scopes.join()}-${link.receives_guidance}`} link=${link} />`)}</ul>`}
      ${links.data && shown.length === 0 && html`<p>No caregivers yet.</p>`}
      ${inviting
        ? html`<${InviteCaregiver} onClose=${() => setInviting(false)} />`
        : html`<p><button type="button" class="secondary" onClick=${() => setInviting(true)}>Invite a caregiver</button></p>`}
    </section>
  `;
}

function Account() {
  const { signOut, user } = useApp();
  const [form, setForm] = useState({ old_password: "", new_password: "" });
  const [errors, setErrors] = useState([]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = { old_password: "Current password", new_password: "New password" };
  async function submit(event) {
    event.preventDefault();
    const missing = [];
    if (!form.old_password) missing.push({ field: "old_password", message: "Enter your current password" });
    if (!form.new_password) missing.push({ field: "new_password", message: "Choose a new password" });
    setErrors(missing);
    setDone(false);
    if (missing.length) return;
    setBusy(true);
    try {
      await api.send("POST", "auth/password/", form);
      setForm({ old_password: "", new_password: "" });
      setDone(true);
    } catch (error) {
      if (!(error instanceof api.ApiError)) throw error;
      if (error.offline) setErrors([{ field: null, message: "There is no connection. Changing your password needs the internet." }]);
      else if (error.status === 429) setErrors([{ field: null, message: `Too many tries. Please try again in ${api.inWords(error.retryAfter)}.` }]);
      else setErrors(errorRows(error, labels));
    } finally {
      setBusy(false);
    }
  }
  const errorFor = (field) => errors.filter((row) => row.field === field).map((row) => row.message);
  return html`
    <section aria-labelledby="account-title">
      <h2 id="account-title">Your account</h2>
      <p>Signed in as <strong>${user?.username}</strong>.</p>
      <form class="card" onSubmit=${submit} novalidate aria-labelledby="password-title">
        <h3 id="password-title">Change your password</h3>
        <${ErrorSummary} errors=${errors} />
        <${Field} id="old_password" type="password" label=${labels.old_password} value=${form.old_password}
          onInput=${(value) => setForm({ ...form, old_password: value })} autocomplete="current-password" error=${errorFor("old_password")} />
        <${Field} id="new_password" type="password" label=${labels.new_password} value=${form.new_password} hint="At least 10 characters. A few words you will remember works well."
          onInput=${(value) => setForm({ ...form, new_password: value })} autocomplete="new-password" error=${errorFor("new_password")} />
        ${done && html`<p class="log-result sent" role="status">Your password is changed. Every other phone and computer was signed out.</p>`}
        <div class="actions"><button type="submit" class="primary" disabled=${busy}>Change password</button></div>
      </form>
      <div class="actions">
        <button type="button" class="secondary" onClick=${() => signOut(false)}>Sign out</button>
        <button type="button" class="secondary" onClick=${() => signOut(true)}>Sign out on every device</button>
      </div>
    </section>
  `;
}

export default function Settings() {
  return html`
    <h1>Settings</h1>
    <${Reminders} />
    <${QuietHours} />
    <${PushSetting} />
    <${Caregivers} />
    <${Account} />
    <${SyncStatus} />
  `;
}
