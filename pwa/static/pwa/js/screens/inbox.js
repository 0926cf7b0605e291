// Inbox: reminders and messages from the care team (GET notifications/), newest
// first, unread ones marked. Opening one marks it read through the outbox (POST
// notifications/<id>/read/, harmless to repeat); a link into the app opens here.
import { html, useEffect, useState } from "../lib.js";
import * as outbox from "../outbox.js";
import { match } from "../routes.js";
import { SyncStatus, useOutbox } from "../components/sync-status.js";
import { LastCopyNote, ReadProblem, dateTime, useRead } from "../components/last-copy.js";

const KINDS = {
  reminder: "Reminder",
  milestone: "Goal milestone",
  patient_advice: "Advice from your care team",
  alert: "Alert",
  escalation: "Alert",
};
const readPath = (id) => `notifications/${id}/read/`;

/** The in-app path of a message's link ("/app/progress/"), or null when it leads elsewhere. */
export function appPath(link) {
  if (!link) return null;
  try {
    const target = new URL(link, window.location.origin);
    if (!/^https?:$/.test(target.protocol) || !target.pathname.startsWith("/app/")) return null;
    return target.pathname + target.search;
  } catch {
    return null;
  }
}

function Message({ note, read, onOpen }) {
  const [open, setOpen] = useState(false);
  const inApp = appPath(note.link);
  const target = inApp ? match(new URL(inApp, window.location.origin).pathname).route : null;
  const id = `message-${note.id}`;
  function toggle() {
    const next = !open;
    setOpen(next);
    if (next && !read) onOpen(note);
  }
  return html`
    <li class=${`card message ${read ? "read" : "unread"}`}>
      <h2 class="message-title">
        <button type="button" class="message-toggle" aria-expanded=${open ? "true" : "false"} aria-controls=${`${id}-body`} onClick=${toggle}>
          ${!read && html`<span class="tag new">New</span> `}
          <span class="message-title-text">${note.title}</span>
          ${!read && html`<span class="visually-hidden"> (unread)</span>`}
        </button>
      </h2>
      <p class="hint">${KINDS[note.kind] || "Message"} · ${dateTime(note.created_at)}</p>
      <div id=${`${id}-body`} hidden=${!open}>
        <p class="message-body">${note.body}</p>
        ${inApp && html`<p><a class="button" href=${inApp}>Open ${target?.title || "in Hipwell"}</a></p>`}
      </div>
    </li>
  `;
}

export default function Inbox() {
  const inbox = useRead("notifications/");
  const items = useOutbox();
  const [openedHere, setOpenedHere] = useState(() => new Set());

  useEffect(() => {
    const onSent = (event) => {
      if (/^notifications\/\d+\/read\/$/.test(event.detail.item.path)) inbox.reload();
    };
    outbox.events.addEventListener("sent", onSent);
    return () => outbox.events.removeEventListener("sent", onSent);
  }, [inbox.reload]);

  const waiting = new Set((items || []).map((item) => item.path));
  const isRead = (note) => note.read || openedHere.has(note.id) || waiting.has(readPath(note.id));
  async function markRead(note) {
    setOpenedHere(new Set([...openedHere, note.id]));
    await outbox.enqueue({ method: "POST", path: readPath(note.id), body: {}, label: `"${note.title}" marked as read` });
  }

  const notes = inbox.data || [];
  const unread = notes.filter((note) => !isRead(note)).length;
  return html`
    <h1>Inbox</h1>
    <${LastCopyNote} reads=${[inbox]} />
    <${ReadProblem} error=${inbox.data === undefined ? inbox.error : null} what="Your messages" />
    ${inbox.data &&
    html`<p role="status">${notes.length === 0
      ? "No messages yet. Reminders and messages from your care team will appear here."
      : unread === 0 ? "You have read every message." : `${unread} unread ${unread === 1 ? "message" : "messages"}.`}</p>`}
    ${notes.length > 0 &&
    html`<ul class="plain-list inbox-list">
      ${notes.map((note) => html`<${Message} key=${note.id} note=${note} read=${isRead(note)} onOpen=${markRead} />`)}
    </ul>`}
    <${SyncStatus} />
  `;
}
