// Progress: the trend charts the care team sees (matplotlib PNGs from the API, cached
// by the browser with their ETag: a plain <img>, no cache-busting), described in words
// from GET patients/me/trends/; goals with their milestones; adherence by week.
import { html, useState } from "../lib.js";
import { API_ROOT } from "../api.js";
import { SyncStatus } from "../components/sync-status.js";
import { LastCopyNote, ReadProblem, dayLabel, useRead } from "../components/last-copy.js";

const RANGES = [30, 90];
const SCORE_LABELS = {
  pain_rest: "pain at rest",
  pain_activity: "pain on activity",
  pain_night: "night pain",
  stiffness: "stiffness",
  sleep_interference: "sleep disturbed by the hip",
};
const SHORT = { day: "numeric", month: "short" };

function round(value) {
  return Math.round(value * 10) / 10;
}

/** "pain at rest 1.7 over the last 7 days, down from 5.6 at the start: a real improvement" */
function describeScore(metric, change) {
  const label = SCORE_LABELS[metric];
  if (!change || change.current == null) return `${label}: no recent entries`;
  if (change.baseline == null) return `${label} ${round(change.current)} out of 10 over the last 7 days`;
  const moved = change.absolute > 0 ? "up" : change.absolute < 0 ? "down" : "the same as";
  const from = moved === "the same as" ? `the same as at the start (${round(change.baseline)})` : `${moved} from ${round(change.baseline)} at the start`;
  // Higher scores are worse: a meaningful fall is an improvement.
  const verdict = change.meaningful ? (change.absolute < 0 ? ", a real improvement" : ", a real worsening") : "";
  return `${label} ${round(change.current)} out of 10 over the last 7 days, ${from}${verdict}`;
}

function describeWalking(change) {
  if (!change || change.current == null) return "no recent walking distances";
  const now = `${Math.round(change.current)} metres on average over the last 7 days`;
  if (change.baseline == null) return now;
  const verdict = change.meaningful ? (change.absolute > 0 ? ", a real improvement" : ", a real drop") : "";
  return `${now}, against ${Math.round(change.baseline)} metres at the start${verdict}`;
}

export function chartAlt(kind, trends) {
  const range = `${dayLabel(trends.from, SHORT)} to ${dayLabel(trends.to, SHORT)}`;
  if (kind === "symptoms") {
    const parts = Object.keys(SCORE_LABELS).map((metric) => describeScore(metric, trends.change?.[metric]));
    return `Chart of symptom scores from ${range}, 0 to 10, higher is worse: ${parts.join("; ")}.`;
  }
  return `Chart of comfortable walking distance from ${range}: ${describeWalking(trends.change?.walking_distance_m)}.`;
}

function Chart({ kind, title, days, trends }) {
  const [failed, setFailed] = useState(false);
  const src = `${API_ROOT}patients/me/charts/${kind}.png?days=${days}`;
  const alt = trends ? chartAlt(kind, trends) : `${title} over the last ${days} days.`;
  return html`
    <figure class="chart card">
      <h3>${title}</h3>
      ${failed
        ? html`<p class="notice warning">The chart could not be loaded${navigator.onLine ? "" : " while offline"}. ${alt}</p>`
        : html`<img key=${src} src=${src} alt=${alt} loading="lazy" decoding="async" onError=${() => setFailed(true)} />`}
      ${!failed && html`<p class="chart-link"><a href=${src} target="_blank" rel="noopener">Open the chart full size<span class="visually-hidden">: ${title}</span></a></p>`}
      ${trends && !failed && html`<figcaption class="hint" aria-hidden="true">${alt.replace(/^Chart of /, "").replace(/^./, (c) => c.toUpperCase())}</figcaption>`}
    </figure>
  `;
}

function Goal({ goal }) {
  const status = { active: "In progress", achieved: "Reached", overdue: "Past its date" }[goal.status] || goal.status;
  const unit = goal.metric === "walking_distance_m" ? " m" : goal.metric.startsWith("rom_") ? "°" : "";
  const value = (n) => (n == null ? "not known yet" : `${round(n)}${unit}`);
  const id = `goal-${goal.id}`;
  return html`
    <li class=${`card goal ${goal.status}`} aria-labelledby=${id}>
      <h3 id=${id}>${goal.title}</h3>
      <p class="goal-status"><strong>${status}</strong>${goal.status !== "achieved" ? ` - due ${dayLabel(goal.due_date)}` : ""}</p>
      <p>Started at ${value(goal.baseline)}, aiming for ${value(goal.target)}. Now: ${value(goal.current)}.</p>
      <div class="goal-progress">
        <label for=${`${id}-bar`}>Progress</label>
        <progress id=${`${id}-bar`} max="100" value=${goal.progress_percent ?? 0}>${goal.progress_percent ?? 0}%</progress>
        <span>${goal.progress_percent ?? 0}%</span>
      </div>
      <ul class="milestones" aria-label="Milestones">
        ${[25, 50, 75, 100].map((step) => {
          const reached = goal.milestones.includes(step);
          return html`<li class=${reached ? "reached" : ""}>
            <span aria-hidden="true">${reached ? "★" : "○"}</span> ${step}%<span class="visually-hidden">${reached ? ", reached" : ", not yet"}</span>
          </li>`;
        })}
      </ul>
    </li>
  `;
}

function Adherence({ data }) {
  const weeks = [...data.weeks].reverse();
  return html`
    <table class="adherence">
      <caption>Exercise sessions done each week, newest first</caption>
      <thead><tr><th scope="col">Week</th><th scope="col">Done</th><th scope="col">Planned</th><th scope="col">Share</th></tr></thead>
      <tbody>
        ${weeks.map(
          (week) => html`<tr>
            <th scope="row">${dayLabel(week.start, SHORT)}${week.in_progress ? html` <span class="hint">(this week, so far)</span>` : ""}</th>
            <td>${week.done}</td>
            <td>${week.prescribed}</td>
            <td>${week.percent == null ? "-" : `${week.percent}%`}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${data.current_streak_weeks > 0 &&
    html`<p>You have done every planned session for ${data.current_streak_weeks} ${data.current_streak_weeks === 1 ? "week" : "weeks"} in a row.</p>`}
  `;
}

export default function Progress() {
  const [days, setDays] = useState(30);
  const trends = useRead(`patients/me/trends/?days=${days}`);
  const goals = useRead("patients/me/goals/");
  const adherence = useRead("patients/me/adherence/?weeks=8");
  return html`
    <h1>Progress</h1>
    <p>The same trends your care team sees. The grey band shows no meaningful change from where you started; small ups and downs are normal.</p>
    <${LastCopyNote} reads=${[trends, goals, adherence]} />

    <section aria-labelledby="trends-title">
      <h2 id="trends-title">Your trends</h2>
      <div class="range-switch" role="group" aria-label="Show days">
        ${RANGES.map(
          (n) => html`<button type="button" class=${n === days ? "primary" : "secondary"} aria-pressed=${n === days ? "true" : "false"}
            onClick=${() => setDays(n)}>Last ${n} days</button>`,
        )}
      </div>
      <${ReadProblem} error=${trends.data === undefined ? trends.error : null} what="Your trends" />
      <${Chart} kind="symptoms" title="Pain, stiffness and sleep" days=${days} trends=${trends.data} />
      <${Chart} kind="walking" title="Walking distance" days=${days} trends=${trends.data} />
    </section>

    <section aria-labelledby="goals-title">
      <h2 id="goals-title">Your goals</h2>
      <${ReadProblem} error=${goals.data === undefined ? goals.error : null} what="Your goals" />
      ${goals.data && goals.data.length === 0 && html`<p>You have no goals yet. Your physiotherapist will set them with you.</p>`}
      ${goals.data && goals.data.length > 0 && html`<ul class="plain-list">${goals.data.map((goal) => html`<${Goal} key=${goal.id} goal=${goal} />`)}</ul>`}
    </section>

    <section aria-labelledby="adherence-title">
      <h2 id="adherence-title">Exercises, week by week</h2>
      ${adherence.data && html`<${Adherence} data=${adherence.data} />`}
      <${ReadProblem} error=${adherence.data === undefined ? adherence.error : null} what="Your exercise weeks" />
    </section>
    <${SyncStatus} />
  `;
}
