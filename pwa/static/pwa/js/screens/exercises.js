// Exercises: today's checklist from the plan in force (GET patients/me/plan/), each
// exercise with its dose, instructions, cautions and, in the pool, the water depth.
// Logging a session is two taps ("Done as prescribed", then "Yes, log it"); "More"
// records what was done, effort and pain. Every session is a PUT with a UUID made on
// this phone, through the outbox, so a replay never logs it twice.
import { html, useEffect, useRef, useState } from "../lib.js";
import * as outbox from "../outbox.js";
import { useOutbox, SyncStatus } from "../components/sync-status.js";
import { LastCopyNote, ReadProblem, dayLabel, localToday, useRead } from "../components/last-copy.js";

const SESSIONS = "patients/me/sessions/";
const DEPTHS = { waist: "waist-deep", chest: "chest-deep", deep: "deep water (feet off the floor)" };

/** "2 sets of 10, hold 3 seconds" / "10 minutes"; null when the plan gives no dose. */
export function doseText(item) {
  const parts = [];
  if (item.sets && item.reps) parts.push(`${item.sets} ${item.sets === 1 ? "set" : "sets"} of ${item.reps}`);
  else if (item.reps) parts.push(`${item.reps} times`);
  else if (item.sets) parts.push(`${item.sets} ${item.sets === 1 ? "set" : "sets"}`);
  if (item.hold_seconds) parts.push(`hold ${item.hold_seconds} seconds`);
  if (item.minutes) parts.push(`${item.minutes} minutes`);
  return parts.length ? parts.join(", ") : null;
}

function timesAWeek(n) {
  if (n === 1) return "once a week";
  if (n === 2) return "twice a week";
  return `${n} times a week`;
}

/** The session body for "done as prescribed". */
function prescribed(item, date) {
  const body = { plan_item: item.id, date };
  if (item.sets) body.sets_done = item.sets;
  if (item.reps) body.reps_done = item.reps;
  if (item.minutes) body.minutes = item.minutes;
  if (!body.sets_done && !body.reps_done && !body.minutes) body.sets_done = 1;
  return body;
}

function ScoreSelect({ id, label, hint, value, onChange, low, high }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${hint && html`<span class="hint" id=${`${id}-hint`}>${hint}</span>`}
      <select id=${id} value=${value} aria-describedby=${hint ? `${id}-hint` : undefined}
        onChange=${(event) => onChange(event.currentTarget.value)}>
        <option value="">Not recorded</option>
        ${Array.from({ length: 11 }, (_, n) =>
          html`<option value=${String(n)}>${n === 0 ? `0 - ${low}` : n === 10 ? `10 - ${high}` : String(n)}</option>`,
        )}
      </select>
    </div>
  `;
}

function NumberField({ id, label, value, onChange, max }) {
  return html`
    <div class="field number-field">
      <label for=${id}>${label}</label>
      <input id=${id} type="number" inputmode="numeric" min="0" max=${max} value=${value}
        onInput=${(event) => onChange(event.currentTarget.value)} />
    </div>
  `;
}

function MoreForm({ item, date, onSave, onCancel }) {
  const first = useRef(null);
  const [form, setForm] = useState({
    sets_done: item.sets ? String(item.sets) : "",
    reps_done: item.reps ? String(item.reps) : "",
    minutes: item.minutes ? String(item.minutes) : "",
    rpe: "",
    pain_during: "",
    pain_after: "",
  });
  const [problem, setProblem] = useState(null);
  useEffect(() => first.current?.querySelector("input, select")?.focus(), []);
  const set = (field) => (value) => setForm({ ...form, [field]: value });
  const prefix = `session-${item.id}`;
  function submit(event) {
    event.preventDefault();
    const body = { plan_item: item.id, date };
    for (const [field, value] of Object.entries(form)) {
      if (value !== "") body[field] = Number(value);
    }
    if (!body.sets_done && !body.reps_done && !body.minutes) {
      setProblem("Say what you did: sets, repetitions or minutes.");
      return;
    }
    onSave(body);
  }
  return html`
    <form class="session-form" onSubmit=${submit} novalidate ref=${first} aria-label=${`Session details for ${item.exercise.name}`}>
      ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
      <div class="number-row">
        <${NumberField} id=${`${prefix}-sets`} label="Sets" value=${form.sets_done} onChange=${set("sets_done")} max="50" />
        <${NumberField} id=${`${prefix}-reps`} label="Repetitions" value=${form.reps_done} onChange=${set("reps_done")} max="500" />
        <${NumberField} id=${`${prefix}-minutes`} label="Minutes" value=${form.minutes} onChange=${set("minutes")} max="600" />
      </div>
      <${ScoreSelect} id=${`${prefix}-rpe`} label="How hard did it feel?" hint="Effort from 0 to 10"
        value=${form.rpe} onChange=${set("rpe")} low="rest, no effort" high="maximal effort" />
      <${ScoreSelect} id=${`${prefix}-pain-during`} label="Hip pain during the exercise"
        value=${form.pain_during} onChange=${set("pain_during")} low="no pain" high="worst imaginable" />
      <${ScoreSelect} id=${`${prefix}-pain-after`} label="Hip pain afterwards"
        value=${form.pain_after} onChange=${set("pain_after")} low="no pain" high="worst imaginable" />
      <div class="actions">
        <button type="submit" class="primary">Save session</button>
        <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}

function ExerciseItem({ item, date, doneToday, pending, week }) {
  const [mode, setMode] = useState(null); // null | "confirm" | "more"
  const [result, setResult] = useState(null); // { kind: "saved" | "sent" | "refused", text }
  const confirmButton = useRef(null);
  const doneButton = useRef(null);
  const returnFocus = useRef(false);
  const exercise = item.exercise;
  const dose = doseText(item);
  useEffect(() => {
    if (mode === "confirm") confirmButton.current?.focus();
    // Back from confirming or "More": keep the keyboard and screen reader on this exercise.
    if (mode === null && returnFocus.current) doneButton.current?.focus();
    returnFocus.current = false;
  }, [mode]);
  const close = () => {
    returnFocus.current = true;
    setMode(null);
  };

  async function log(body) {
    close();
    const { sent } = await outbox.enqueue({
      method: "PUT",
      path: `${SESSIONS}${crypto.randomUUID()}/`,
      body,
      label: `${exercise.name} on ${dayLabel(date, { day: "numeric", month: "long" })}`,
      editPath: "/app/exercises/",
    });
    setResult({ kind: "saved", text: "Saved on this phone." });
    sent.then(
      () => setResult({ kind: "sent", text: "Logged. Your care team can see it." }),
      (error) => {
        if (error?.status) setResult({ kind: "refused", text: `Not accepted: ${error.messages.join(" ")}` });
      },
    );
  }

  const done = doneToday + pending;
  const headingId = `exercise-${item.id}`;
  return html`
    <li class=${`card exercise ${done ? "done" : ""}`} aria-labelledby=${headingId}>
      <h2 id=${headingId} class="exercise-name">
        ${exercise.name}
        ${exercise.setting === "aquatic" && html` <span class="tag">In the pool</span>`}
      </h2>
      <p class="dose">
        ${dose && html`<strong>${dose}</strong>, `}${timesAWeek(item.per_week)}
        ${week && html`<span class="hint">This week: ${week.done} of ${week.prescribed} done</span>`}
      </p>
      ${exercise.water_depth &&
      html`<p class="water-depth"><strong>Water depth:</strong> ${DEPTHS[exercise.water_depth] || exercise.water_depth}.
        Deeper water takes more of your weight off the hip.</p>`}
      <p class="status-line" role="status">
        ${done > 0
          ? html`<span class="done-mark" aria-hidden="true">✓</span> Done today${done > 1 ? ` (${done} sessions)` : ""}${pending ? " - saved on this phone, not sent yet" : ""}`
          : "Not logged today"}
      </p>
      <details>
        <summary>How to do it</summary>
        <p>${exercise.instructions}</p>
        ${item.notes && html`<p><strong>From your physiotherapist:</strong> ${item.notes}</p>`}
        ${item.target_rpe != null && html`<p>Aim for an effort of about ${item.target_rpe} out of 10.</p>`}
      </details>
      ${(exercise.cautions || item.pain_limit != null) &&
      html`<div class="caution">
        <strong>Take care:</strong> ${exercise.cautions}
        ${item.pain_limit != null && html` Keep pain during the exercise at ${item.pain_limit} out of 10 or less.`}
      </div>`}
      ${item.advice?.patient_message &&
      html`<div class=${`notice advice ${/^hold\b/i.test(item.advice.patient_message) ? "hold" : ""}`}>
        <strong>Your progress:</strong> ${item.advice.patient_message}
      </div>`}
      ${mode === "confirm" &&
      html`<div class="confirm" role="group" aria-label=${`Confirm ${exercise.name}`}>
        <p>Log ${exercise.name}${dose ? ` (${dose})` : ""} for today?</p>
        <div class="actions">
          <button type="button" class="primary" ref=${confirmButton} onClick=${() => log(prescribed(item, date))}>Yes, log it</button>
          <button type="button" class="secondary" onClick=${close}>Cancel</button>
        </div>
      </div>`}
      ${mode === "more" && html`<${MoreForm} item=${item} date=${date} onSave=${log} onCancel=${close} />`}
      ${mode === null &&
      html`<div class="actions">
        <button type="button" class="primary" ref=${doneButton} aria-describedby=${headingId} onClick=${() => setMode("confirm")}>
          ${done ? "Done again as prescribed" : "Done as prescribed"}
        </button>
        <button type="button" class="secondary" aria-describedby=${headingId} onClick=${() => setMode("more")}>More</button>
      </div>`}
      ${result &&
      html`<p class=${`log-result ${result.kind}`} role=${result.kind === "refused" ? "alert" : "status"}>${result.text}</p>`}
    </li>
  `;
}

export default function Exercises() {
  const plan = useRead("patients/me/plan/");
  const adherence = useRead("patients/me/adherence/?weeks=1");
  const sessions = useRead(SESSIONS);
  const items = useOutbox();

  // A session that reached the server changes the counts and maybe the advice.
  useEffect(() => {
    const onSent = (event) => {
      if (!event.detail.item.path.startsWith(SESSIONS)) return;
      sessions.reload();
      adherence.reload();
      plan.reload();
    };
    outbox.events.addEventListener("sent", onSent);
    return () => outbox.events.removeEventListener("sent", onSent);
  }, [sessions.reload, adherence.reload, plan.reload]);

  // The server's "today" is the patient's own (their timezone); a copy kept on the
  // phone may be from an earlier day, so offline the phone's date is used instead.
  const today = (!adherence.fromCache && adherence.data?.today) || localToday();
  const week = adherence.data?.weeks?.[adherence.data.weeks.length - 1];
  const weekFor = (id) => week?.items.find((row) => row.plan_item === id);
  const doneToday = (id) => (sessions.data || []).filter((row) => row.plan_item === id && row.date === today).length;
  const pendingToday = (id) =>
    (items || []).filter((row) => row.path.startsWith(SESSIONS) && row.state === "waiting" && row.body?.plan_item === id && row.body?.date === today).length;

  const noPlan = plan.error?.status === 404;
  return html`
    <h1>Exercises</h1>
    <p class="hint">${dayLabel(today)}</p>
    <${LastCopyNote} reads=${[plan, adherence, sessions]} />
    ${plan.loading && plan.data === undefined && !plan.error && html`<p>Loading your plan…</p>`}
    ${noPlan &&
    html`<div class="card">
      <p>You have no exercise plan at the moment. Your physiotherapist will set one with you.</p>
      ${plan.error.body?.next &&
      html`<p>Your next plan, "${plan.error.body.next.title}", starts on ${dayLabel(plan.error.body.next.starts_on)}.</p>`}
    </div>`}
    ${!noPlan && html`<${ReadProblem} error=${plan.data === undefined ? plan.error : null} what="Your plan" />`}
    ${plan.data &&
    html`<p>${plan.data.title}${plan.data.prescribed_by ? html`, from ${plan.data.prescribed_by}` : ""}.
        Tap <strong>Done as prescribed</strong> when you finish an exercise.</p>
      ${week &&
      html`<p class="week-summary">This week so far: ${week.done} of ${week.prescribed} sessions${week.percent != null ? ` (${week.percent}%)` : ""}.</p>`}
      <ul class="exercise-list">
        ${plan.data.items.map(
          (item) => html`<${ExerciseItem} key=${item.id} item=${item} date=${today}
            doneToday=${doneToday(item.id)} pending=${pendingToday(item.id)} week=${weekFor(item.id)} />`,
        )}
      </ul>
      ${plan.data.next &&
      html`<p class="hint">A new plan, "${plan.data.next.title}", starts on ${dayLabel(plan.data.next.starts_on)}.</p>`}`}
    <${SyncStatus} />
  `;
}
