// Diary (/app/diary/ for today, /app/diary/<date>/ for a past day): the whole day on
// one screen, every answer optional. Saving goes through the outbox (PUT by date)
// and opens the save screen, which shows any red-flag guidance at once.
// /app/diary/?report=fall is the short "Report a fall or giving way" form (fall.js).
import { html, useEffect, useState } from "../lib.js";
import { useApp } from "../context.js";
import { ErrorSummary } from "../components/forms.js";
import { Check, Choices, ScoreSlider, YES_NO } from "../components/diary-fields.js";
import { SyncStatus } from "../components/sync-status.js";
import {
  EDIT_DAYS,
  FALL_FOLLOW_UPS,
  LIMP,
  SCORES,
  WALKING_AID,
  addDays,
  dayInWords,
  dayKind,
  dayName,
  loadDay,
  parseDay,
  saveDay,
  todayIso,
} from "./diary-data.js";
import FallReport from "./fall.js";

const PAIN = SCORES.filter((s) => s.name !== "mood");
const MOOD = SCORES.find((s) => s.name === "mood");
const NUMBERS = {
  walking_distance_m: { label: "Walking distance", max: 50000, words: "a whole number of metres from 0 to 50000" },
  pain_medication_doses: { label: "Pain medication doses", max: 20, words: "a whole number from 0 to 20" },
};

/** Read the two number boxes: { values, errors }. */
function readNumbers(texts) {
  const values = {};
  const errors = [];
  for (const [name, rule] of Object.entries(NUMBERS)) {
    const text = (texts[name] || "").trim();
    if (!text) {
      values[name] = null;
      continue;
    }
    const number = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(number) || number > rule.max) {
      errors.push({ field: name, message: `${rule.label} must be ${rule.words}` });
    } else {
      values[name] = number;
    }
  }
  return { values, errors };
}

function hasAnswer(body) {
  return Object.entries(body).some(([name, value]) => {
    if (name === "fall" || name === "instability") return value === true;
    if (name === "note") return String(value).trim() !== "";
    return value !== null && value !== undefined;
  });
}

function DayNav({ date }) {
  const today = todayIso();
  const earlier = addDays(date, -1);
  const later = addDays(date, 1);
  return html`
    <nav class="day-nav" aria-label="Other days">
      <a href=${`/app/diary/${earlier}/`}>Previous day</a>
      ${date !== today && html`<a href=${later === today ? "/app/diary/" : `/app/diary/${later}/`}>Next day</a>`}
      ${date !== today && html`<a href="/app/diary/">Today</a>`}
    </nav>
  `;
}

function whereItIs(source) {
  if (source === "phone") return html`<p class="notice warning">Your last save of this day is on this phone and has not reached your care team yet. You can still change it.</p>`;
  if (source === "server") return html`<p class="hint">Saved with your care team. You can change any answer.</p>`;
  if (source === "copy") return html`<p class="hint">You are offline: this is the last copy this phone saw.</p>`;
  if (source === "unknown")
    return html`<p class="notice warning">You are offline and this phone has no copy of this day. What you enter is added to anything already saved for this day.</p>`;
  return null;
}

const LABELS = {
  limp: Object.fromEntries(LIMP.map((o) => [o.value, o.label])),
  walking_aid: Object.fromEntries(WALKING_AID.map((o) => [o.value, o.label])),
};

function yesNo(value) {
  if (value === true) return "Yes";
  if (value === false) return "No";
  return "Not answered";
}

/** An older day: shown, not changed (the server keeps days older than EDIT_DAYS as they are). */
function ReadOnlyDay({ values, source }) {
  const closed = html`<p class="notice">Days more than ${EDIT_DAYS} days ago can be read but not changed.</p>`;
  if (source === "none") return html`${closed}<p>Nothing was logged on this day.</p>`;
  if (source === "unknown") return html`${closed}<p>This day cannot be shown while you are offline.</p>`;
  const rows = [
    ...SCORES.map((s) => [s.label, values[s.name] == null ? "Not answered" : `${values[s.name]} out of 10`]),
    ["Walking distance", values.walking_distance_m == null ? "Not answered" : `${values.walking_distance_m} metres`],
    ["Limp", LABELS.limp[values.limp] || "Not answered"],
    ["Walking aid", LABELS.walking_aid[values.walking_aid] || "Not answered"],
    ["My hip gave way", values.instability ? "Yes" : "No"],
    ["I had a fall", values.fall ? "Yes" : "No"],
    ...(values.fall ? FALL_FOLLOW_UPS.map((f) => [f.label, yesNo(values[f.name])]) : []),
    ["Pain medication doses", values.pain_medication_doses == null ? "Not answered" : String(values.pain_medication_doses)],
    ["Followed the weight-bearing advice", yesNo(values.weight_bearing_followed)],
    ["Notes", values.note || "None"],
  ];
  return html`
    ${closed}
    <dl class="day-values">${rows.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
  `;
}

/** The server's refusal of the last save, as error-summary rows (fields link to their input). */
function refusalRows(error) {
  if (!error) return [];
  const linked = new Set(["walking_distance_m", "pain_medication_doses", "note", ...SCORES.map((s) => s.name)]);
  const rows = [];
  for (const [field, messages] of Object.entries(error.fields || {})) {
    for (const message of messages) rows.push({ field: linked.has(field) ? field : null, message, refused: true });
  }
  if (!rows.length) for (const message of error.messages || []) rows.push({ field: null, message, refused: true });
  return rows;
}

function DiaryForm({ date, initial, source, refused }) {
  const { navigate } = useApp();
  const [values, setValues] = useState(initial);
  const [texts, setTexts] = useState({
    walking_distance_m: initial.walking_distance_m == null ? "" : String(initial.walking_distance_m),
    pain_medication_doses: initial.pain_medication_doses == null ? "" : String(initial.pain_medication_doses),
  });
  const [errors, setErrors] = useState(() => refusalRows(refused));
  const [busy, setBusy] = useState(false);
  const set = (name) => (value) => setValues((old) => ({ ...old, [name]: value }));
  const setText = (name) => (event) => {
    const text = event.currentTarget.value;
    setTexts((old) => ({ ...old, [name]: text }));
  };
  const errorFor = (name) => errors.find((row) => row.field === name)?.message;

  async function submit(event) {
    event.preventDefault();
    const numbers = readNumbers(texts);
    const body = { ...values, ...numbers.values };
    if (!body.fall) for (const f of FALL_FOLLOW_UPS) delete body[f.name];
    const problems = [...numbers.errors];
    if (!problems.length && !hasAnswer(body)) {
      problems.push({ field: null, message: "Answer at least one question, or write a note, before saving." });
    }
    if (problems.length) return setErrors(problems);
    setBusy(true);
    await saveDay(date, body, { unknown: source === "unknown" });
    navigate(`/app/diary/${date}/saved/`);
  }

  const numberField = (name, label, hint, unit) => html`
    <div class="field number-field">
      <label for=${name}>${label}</label>
      ${hint && html`<span class="hint" id=${`${name}-hint`}>${hint}</span>`}
      ${errorFor(name) && html`<span class="field-error" id=${`${name}-error`}>${errorFor(name)}</span>`}
      <div class="with-unit">
        <input type="text" inputmode="numeric" pattern="[0-9]*" id=${name} name=${name} value=${texts[name]}
          autocomplete="off" onInput=${setText(name)}
          aria-invalid=${errorFor(name) ? "true" : undefined}
          aria-describedby=${[hint ? `${name}-hint` : "", errorFor(name) ? `${name}-error` : ""].join(" ").trim() || undefined} />
        ${unit && html`<span class="unit" aria-hidden="true">${unit}</span>`}
      </div>
    </div>
  `;

  return html`
    <${ErrorSummary} errors=${errors}
      title=${errors.some((row) => row.refused) ? "Your last save was not accepted" : "There is a problem"} />
    ${whereItIs(source)}
    <form class="diary-form" onSubmit=${submit} novalidate>
      <p class="hint">Answer what you can. Anything you leave is saved as not answered.</p>
      ${PAIN.map((score) => html`<${ScoreSlider} key=${score.name} score=${score} value=${values[score.name] ?? null} onChange=${set(score.name)} />`)}
      ${numberField("walking_distance_m", "How far could you walk comfortably?", "In metres, for example 500", "metres")}
      <${Choices} name="limp" legend="Limp" options=${LIMP} value=${values.limp ?? null} onChange=${set("limp")} />
      <${Choices} name="walking_aid" legend="Walking aid used today" options=${WALKING_AID} value=${values.walking_aid ?? null} onChange=${set("walking_aid")} />
      <${Check} id="instability" label="My hip gave way" checked=${values.instability} onChange=${set("instability")} />
      <${Check} id="fall" label="I had a fall" checked=${values.fall} onChange=${set("fall")} />
      ${values.fall &&
      html`<div class="follow-ups">
        ${FALL_FOLLOW_UPS.map(
          (f) => html`<${Choices} key=${f.name} name=${f.name} legend=${f.label} options=${YES_NO} value=${values[f.name] ?? null} onChange=${set(f.name)} />`,
        )}
      </div>`}
      ${numberField("pain_medication_doses", "Pain medication doses taken", "How many doses of pain medicine today", "")}
      <${Choices} name="weight_bearing_followed" legend="Did you follow your weight-bearing advice?" options=${YES_NO}
        value=${values.weight_bearing_followed ?? null} onChange=${set("weight_bearing_followed")} />
      <${ScoreSlider} score=${MOOD} value=${values.mood ?? null} onChange=${set("mood")} />
      <div class="field">
        <label for="note">Notes</label>
        <span class="hint" id="note-hint">Anything your care team should know. Optional.</span>
        <textarea id="note" name="note" maxlength="2000" aria-describedby="note-hint"
          value=${values.note || ""} onInput=${(event) => set("note")(event.currentTarget.value)}></textarea>
      </div>
      <div class="actions">
        <button type="submit" class="primary save-button" disabled=${busy}>${busy ? "Saving…" : "Save diary"}</button>
      </div>
    </form>
  `;
}

export default function Diary({ params, query }) {
  const date = params.date || todayIso();
  const [loaded, setLoaded] = useState(null); // { values, source } once read
  const [failed, setFailed] = useState(null);
  const valid = Boolean(parseDay(date));
  const kind = valid ? dayKind(date) : null;
  const reporting = query.get("report") === "fall";

  useEffect(() => {
    if (!valid || kind === "future" || reporting) return undefined;
    let live = true;
    setLoaded(null);
    loadDay(date).then(
      (found) => live && setLoaded(found),
      (error) => live && setFailed(error),
    );
    return () => {
      live = false;
    };
  }, [date, valid, kind, reporting]);

  if (reporting) return html`<${FallReport} />`;
  if (!valid) {
    return html`<h1>Page not found</h1><p>That is not a day. <a href="/app/diary/">Open today's diary</a></p>`;
  }
  const title = dayName(date) === "today" ? "Today's diary" : `Diary for ${dayInWords(date)}`;
  if (kind === "future") {
    return html`<h1>${title}</h1><p>This day has not started yet.</p><p><a href="/app/diary/">Open today's diary</a></p>`;
  }
  let body;
  if (failed) body = html`<p class="notice warning" role="alert">This day could not be opened: ${failed.message}</p>`;
  else if (!loaded) body = html`<p class="hint">Opening…</p>`;
  else if (kind === "read-only") body = html`<${ReadOnlyDay} values=${loaded.values} source=${loaded.source} />`;
  else {
    const refused = loaded.pending?.state === "refused" ? loaded.pending.error : null;
    body = html`<${DiaryForm} key=${date} date=${date} initial=${loaded.values} source=${loaded.source} refused=${refused} />`;
  }
  return html`
    <h1>${title}</h1>
    ${dayName(date) === "today" && html`<p class="hint">${dayInWords(date)}</p>`}
    <${DayNav} date=${date} />
    ${body}
    <${SyncStatus} />
  `;
}
