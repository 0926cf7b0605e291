// Today: the first screen after signing in. For now the date, the person and what
// is waiting on the phone; the diary, exercises and care-team news come next.
import { html } from "../lib.js";
import { useApp } from "../context.js";
import { SyncStatus } from "../components/sync-status.js";

export default function Today() {
  const { user } = useApp();
  const today = new Date().toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });
  return html`
    <h1>Today</h1>
    <p class="hint">${today}</p>
    ${user?.role !== "patient" &&
    html`<p class="notice warning">You are signed in as ${user?.username}, who is not a patient. This app shows a patient's own diary and exercises.</p>`}
    <${SyncStatus} />
  `;
}
