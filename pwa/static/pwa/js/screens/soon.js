// Stands in for a screen that is not built yet, and says so.
import { html } from "../lib.js";
import { SyncStatus } from "../components/sync-status.js";

export default function Soon({ route }) {
  return html`
    <h1>${route.title}</h1>
    <p>This part of the app is not ready yet.</p>
    <${SyncStatus} />
    <p><a href="/app/">Back to today</a></p>
  `;
}
