// Web Push on and off, for Settings. Never asks on its own: only the person's tap on
// "Turn on notifications", after the explanation, calls Notification.requestPermission().
// Then it subscribes with the server's VAPID key (GET push/vapid-public-key/) and stores
// the subscription through the outbox (POST push/subscriptions/, idempotent by endpoint).
// Turning off unsubscribes this browser and deletes the stored subscription.
import { html, useEffect, useState } from "../lib.js";
import * as api from "../api.js";
import * as outbox from "../outbox.js";
import { recall, remember } from "../store.js";

const SUBSCRIPTION_KEY = "push:subscription"; // { id, endpoint } of this browser's subscription

export function isIPhone() {
  const ua = navigator.userAgent || "";
  return /iPhone|iPad|iPod/.test(ua) || (ua.includes("Macintosh") && navigator.maxTouchPoints > 1);
}

export function isStandalone() {
  return window.matchMedia?.("(display-mode: standalone)").matches || navigator.standalone === true;
}

function supported() {
  return "Notification" in window && "serviceWorker" in navigator && "PushManager" in window;
}

function keyBytes(base64url) {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function currentSubscription() {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Store the subscription with the server and remember its id. Resolves the answer. */
async function store(subscription) {
  const { sent } = await outbox.enqueue({
    method: "POST",
    path: "push/subscriptions/",
    body: subscription.toJSON(),
    label: "Notifications turned on",
  });
  const answer = await sent;
  await remember(SUBSCRIPTION_KEY, { id: answer.id, endpoint: answer.endpoint });
  return answer;
}

export function PushSetting() {
  const [state, setState] = useState({ phase: "checking" }); // checking | off | on | denied | unsupported | iphone
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);

  useEffect(() => {
    if (isIPhone() && !isStandalone()) return setState({ phase: "iphone" });
    if (!supported()) return setState({ phase: "unsupported" });
    if (Notification.permission === "denied") return setState({ phase: "denied" });
    let live = true;
    currentSubscription().then(
      (subscription) => live && setState({ phase: subscription && Notification.permission === "granted" ? "on" : "off" }),
      () => live && setState({ phase: "off" }),
    );
    return () => {
      live = false;
    };
  }, []);

  async function turnOn() {
    setBusy(true);
    setProblem(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState({ phase: permission === "denied" ? "denied" : "off" });
        return;
      }
      const { public_key: publicKey } = await api.get("push/vapid-public-key/");
      const registration = await navigator.serviceWorker.ready;
      let subscription;
      try {
        subscription =
          (await registration.pushManager.getSubscription()) ||
          (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      } catch (error) {
        setProblem(`This browser could not set up notifications (${error.name || "error"}: ${error.message}). Reminders still arrive in your inbox.`);
        setState({ phase: "off" });
        return;
      }
      await store(subscription);
      setState({ phase: "on" });
    } catch (error) {
      setProblem(error instanceof api.ApiError ? `Notifications could not be turned on: ${error.messages.join(" ")}` : String(error));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setProblem(null);
    try {
      const subscription = await currentSubscription();
      let saved = await recall(SUBSCRIPTION_KEY);
      if (subscription && (!saved || saved.data.endpoint !== subscription.endpoint)) {
        // Not known here (another sign-in cleared it): the server tells us its id again.
        await store(subscription);
        saved = await recall(SUBSCRIPTION_KEY);
      }
      if (subscription) await subscription.unsubscribe();
      if (saved) {
        await outbox.enqueue({ method: "DELETE", path: `push/subscriptions/${saved.data.id}/`, label: "Notifications turned off" });
        await remember(SUBSCRIPTION_KEY, null);
      }
      setState({ phase: "off" });
    } catch (error) {
      setProblem(`Notifications could not be turned off: ${error.message || error}`);
    } finally {
      setBusy(false);
    }
  }

  const { phase } = state;
  return html`
    <section aria-labelledby="push-title" class="card">
      <h2 id="push-title">Notifications on this phone</h2>
      <p>Hipwell can show your reminders and messages from your care team as notifications, even when the app is closed.
        They never come during your quiet hours. Everything also stays in your inbox, so you miss nothing if you leave them off.</p>
      ${phase === "iphone" &&
      html`<div class="notice">
        <p><strong>On iPhone, add Hipwell to your Home Screen first.</strong> iPhones show notifications only from apps on the Home Screen (iOS 16.4 or later).</p>
        <ol>
          <li>In Safari, tap the Share button (the square with an arrow).</li>
          <li>Choose <strong>Add to Home Screen</strong>, then <strong>Add</strong>.</li>
          <li>Open Hipwell from its new icon and come back to Settings to turn notifications on.</li>
        </ol>
      </div>`}
      ${phase === "unsupported" && html`<p class="notice warning">This browser cannot show notifications from Hipwell. Your reminders still arrive in your inbox.</p>`}
      ${phase === "denied" &&
      html`<p class="notice warning">Notifications are blocked for Hipwell in this browser's settings. To turn them on, allow notifications for this site in the browser's settings, then come back here.</p>`}
      ${phase === "on" && html`<p class="push-state" role="status"><strong>Notifications are on</strong> for this phone.</p>`}
      ${phase === "off" && html`<p class="push-state" role="status"><strong>Notifications are off</strong> for this phone.</p>`}
      ${problem && html`<p class="notice warning" role="alert">${problem}</p>`}
      <div class="actions">
        ${phase === "off" &&
        html`<button type="button" class="primary" disabled=${busy} onClick=${turnOn}>Turn on notifications</button>`}
        ${phase === "on" &&
        html`<button type="button" class="secondary" disabled=${busy} onClick=${turnOff}>Turn off notifications</button>`}
      </div>
      ${phase === "off" && html`<p class="hint">Your browser will ask you to allow notifications after you tap the button.</p>`}
    </section>
  `;
}
