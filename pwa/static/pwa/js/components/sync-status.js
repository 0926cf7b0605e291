// "On this phone / with your care team": what the outbox still holds, in words.
// Drop it on any screen:  <${SyncStatus} />
import { html, useEffect, useState } from "../lib.js";
import * as outbox from "../outbox.js";

/** The outbox's items, kept up to date; for screens that want their own view. */
export function useOutbox() {
  const [items, setItems] = useState(null);
  useEffect(() => {
    let live = true;
    const refresh = () => outbox.list().then((found) => live && setItems(found));
    refresh();
    outbox.events.addEventListener("change", refresh);
    return () => {
      live = false;
      outbox.events.removeEventListener("change", refresh);
    };
  }, []);
  return items;
}

function when(iso) {
  const date = new Date(iso);
  return date.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

function plural(count, one, many) {
  return count === 1 ? one : many.replace("#", String(count));
}

export function SyncStatus() {
  const items = useOutbox();
  const [open, setOpen] = useState(false);
  if (items === null) return null;
  const waiting = items.filter((item) => item.state === "waiting");
  const refused = items.filter((item) => item.state === "refused");
  const kind = refused.length ? "refused" : waiting.length ? "waiting" : "sent";
  const parts = [];
  if (refused.length) parts.push(plural(refused.length, "1 item was not accepted: it needs you", "# items were not accepted: they need you"));
  if (waiting.length) parts.push(plural(waiting.length, "1 item is saved on this phone, not sent yet", "# items are saved on this phone, not sent yet"));
  const summary = parts.length ? parts.join(". ") + "." : "Everything you saved is with your care team.";
  return html`
    <section class=${`card sync-status ${kind}`} aria-labelledby="sync-title">
      <h2 id="sync-title" class="visually-hidden">On this phone and with your care team</h2>
      <p class="summary" role="status"><span class="dot" aria-hidden="true"></span>${summary}</p>
      ${items.length > 0 &&
      html`<button type="button" class="link-button" aria-expanded=${open ? "true" : "false"} aria-controls="outbox-list" onClick=${() => setOpen(!open)}>
        ${open ? "Hide the list" : "Show what is on this phone"}
      </button>`}
      ${open && items.length > 0 && html`<${OutboxList} items=${items} />`}
    </section>
  `;
}

export function OutboxList({ items }) {
  return html`
    <ul class="outbox-list" id="outbox-list">
      ${items.map((item) => html`<${OutboxItem} key=${item.id} item=${item} />`)}
    </ul>
  `;
}

function OutboxItem({ item }) {
  const refused = item.state === "refused";
  return html`
    <li class=${item.state} data-outbox-id=${item.id}>
      <div><strong>${item.label}</strong></div>
      <div class="hint">Saved on this phone ${when(item.created)}</div>
      <div class="state">
        ${refused ? "Not accepted by the server" : "Waiting to be sent"}
      </div>
      ${refused && item.error &&
      html`<ul class="server-messages">${item.error.messages.map((message) => html`<li>${message}</li>`)}</ul>`}
      ${!refused && item.error && html`<div class="hint">Last try: ${item.error.messages.join(" ")}</div>`}
      ${refused &&
      html`<div class="actions">
        ${item.editPath && html`<a class="button" href=${item.editPath}>Change it</a>`}
        <button type="button" class="secondary" onClick=${() => outbox.resend(item.id)}>Send again</button>
        <button type="button" class="secondary" onClick=${() => {
          if (window.confirm(`Remove "${item.label}" from this phone? It has not reached your care team.`)) outbox.discard(item.id);
        }}>Discard</button>
      </div>`}
    </li>
  `;
}
