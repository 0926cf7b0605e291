// "Report a fall or giving way" (/app/diary/?report=fall, the button on every screen):
// a short form that adds the report to today's diary, keeping every answer already
// there, and opens the save screen with its guidance.
import { html, useEffect, useState } from "../lib.js";
import { useApp } from "../context.js";
import { ErrorSummary } from "../components/forms.js";
import { Check, Choices, ScoreSlider, YES_NO } from "../components/diary-fields.js";
import { FALL_FOLLOW_UPS, dayInWords, loadDay, saveDay, todayIso } from "./diary-data.js";

const PAIN_NOW = {
  name: "pain_rest",
  label: "How much does your hip hurt now, at rest?",
  hint: "Optional. Saved as today's pain at rest.",
  low: "0 no pain",
  high: "10 worst imaginable",
};

export default function FallReport() {
  const { navigate } = useApp();
  const date = todayIso();
  const [base, setBase] = useState(null); // today's current values: { values, source }
  const [fall, setFall] = useState(false);
  const [gaveWay, setGaveWay] = useState(false);
  const [answers, setAnswers] = useState({});
  const [pain, setPain] = useState(null);
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    loadDay(date).then(
      (found) => {
        if (!live) return;
        setBase(found);
        setPain(found.values.pain_rest ?? null);
      },
      () => live && setBase({ values: {}, source: "unknown" }),
    );
    return () => {
      live = false;
    };
  }, [date]);

  async function submit(event) {
    event.preventDefault();
    if (!fall && !gaveWay) {
      return setErrors([{ field: "report-fall", message: "Choose what happened: a fall, your hip giving way, or both" }]);
    }
    setBusy(true);
    // Merge into today's entry: nothing already there is wiped.
    const current = base?.values || {};
    const body = { ...current };
    if (fall) {
      body.fall = true;
      for (const f of FALL_FOLLOW_UPS) {
        if (answers[f.name] !== null && answers[f.name] !== undefined) body[f.name] = answers[f.name];
      }
    }
    if (gaveWay) body.instability = true;
    if (pain !== null) body.pain_rest = pain;
    const what = fall && gaveWay ? "Fall and giving way" : fall ? "Fall" : "Giving way";
    await saveDay(date, body, {
      label: `${what} on ${dayInWords(date, { weekday: false })}`,
      unknown: base?.source === "unknown",
    });
    navigate(`/app/diary/${date}/saved/`);
  }

  return html`
    <h1>Report a fall or giving way</h1>
    <p>This is added to today's diary (${dayInWords(date)}). Anything you already logged today stays.</p>
    <p class="notice urgent">If you hit your head, cannot put weight on your leg, or are badly hurt, call your local emergency number or go to an emergency department now.</p>
    <${ErrorSummary} errors=${errors} />
    ${base?.source === "unknown" &&
    html`<p class="notice warning">You are offline and this phone has no copy of today's diary. This report is added to anything already saved for today.</p>`}
    <form class="diary-form fall-form" onSubmit=${submit} novalidate>
      <fieldset class="field" id="report-fall">
        <legend class="label">What happened? Choose all that apply.</legend>
        <${Check} id="report-fall-fall" label="I had a fall" checked=${fall} onChange=${setFall} />
        <${Check} id="report-fall-instability" label="My hip gave way" checked=${gaveWay} onChange=${setGaveWay} />
      </fieldset>
      ${fall &&
      html`<div class="follow-ups">
        ${FALL_FOLLOW_UPS.map(
          (f) => html`<${Choices} key=${f.name} idPrefix="report-" name=${f.name} legend=${f.label} options=${YES_NO}
            value=${answers[f.name] ?? null} onChange=${(value) => setAnswers((old) => ({ ...old, [f.name]: value }))} />`,
        )}
      </div>`}
      <${ScoreSlider} idPrefix="report-" score=${PAIN_NOW} value=${pain} onChange=${setPain} />
      <div class="actions">
        <button type="submit" class="primary save-button" disabled=${busy || !base}>${busy ? "Saving…" : "Send report"}</button>
        <a class="button secondary-button" href="/app/">Cancel</a>
      </div>
    </form>
  `;
}
