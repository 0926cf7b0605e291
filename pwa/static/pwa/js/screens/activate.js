// First visit: activate the account with the invite code from the physiotherapist.
// The privacy notice comes first; nothing is stored until the person ticks consent.
import { html, useEffect, useState } from "../lib.js";
import * as api from "../api.js";
import { useApp } from "../context.js";
import { ErrorSummary, Field, errorRows } from "../components/forms.js";

const LABELS = {
  invite_code: "Invite code",
  username: "Choose a user name",
  password: "Choose a password",
  consent: "Consent",
};

export default function Activate({ query }) {
  const { signedIn } = useApp();
  const [notice, setNotice] = useState(null);
  const [noticeError, setNoticeError] = useState(null);
  const [form, setForm] = useState({
    invite_code: query.get("code") || "",
    username: "",
    password: "",
    consent: false,
  });
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get("auth/privacy-notice/").then(setNotice, (error) => setNoticeError(error));
  }, []);

  const set = (field) => (value) => setForm({ ...form, [field]: value });
  const errorFor = (field) => errors.filter((row) => row.field === field).map((row) => row.message);

  async function submit(event) {
    event.preventDefault();
    const missing = [];
    if (!form.invite_code.trim()) missing.push({ field: "invite_code", message: "Enter the invite code from your physiotherapist" });
    if (!form.username.trim()) missing.push({ field: "username", message: "Choose a user name" });
    if (!form.password) missing.push({ field: "password", message: "Choose a password" });
    if (!form.consent) missing.push({ field: "consent", message: "Tick the box to say you have read the privacy notice and agree" });
    if (missing.length) return setErrors(missing);
    setBusy(true);
    try {
      const answer = await api.send("POST", "auth/session/activate/", {
        invite_code: form.invite_code.trim(),
        username: form.username.trim(),
        password: form.password,
        consent: true,
      });
      await signedIn(answer.user, null);
    } catch (error) {
      setBusy(false);
      if (!(error instanceof api.ApiError)) throw error;
      if (error.status === 429) {
        setErrors([{ field: null, message: `Too many tries. Please try again in ${api.inWords(error.retryAfter)}.` }]);
      } else if (error.offline) {
        setErrors([{ field: null, message: "There is no connection. Activating needs the internet; try again when you are online." }]);
      } else {
        setErrors(errorRows(error, LABELS));
      }
    }
  }

  return html`
    <h1>Activate your account</h1>
    <p>Your physiotherapist gave you an invite code. Use it once to choose your user name and password.</p>
    <${ErrorSummary} errors=${errors} />
    <section class="card privacy-notice" aria-labelledby="privacy-title">
      ${notice
        ? html`<h2 id="privacy-title">${notice.title}</h2>
            ${notice.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}`
        : html`<h2 id="privacy-title">Privacy notice</h2>
            <p>${noticeError ? "The privacy notice could not be loaded. Activating needs a connection: please try again when you are online." : "Loading the privacy notice…"}</p>`}
    </section>
    <form onSubmit=${submit} novalidate>
      <${Field} id="invite_code" label=${LABELS.invite_code} value=${form.invite_code} onInput=${set("invite_code")}
        autocomplete="one-time-code" autocapitalize="none" spellcheck="false" error=${errorFor("invite_code")} />
      <${Field} id="username" label=${LABELS.username} value=${form.username} onInput=${set("username")}
        hint="You will sign in with it. Letters, numbers and . @ + - _ only."
        autocomplete="username" autocapitalize="none" spellcheck="false" error=${errorFor("username")} />
      <${Field} id="password" label=${LABELS.password} type="password" value=${form.password} onInput=${set("password")}
        hint="At least 10 characters. A few words you will remember work well."
        autocomplete="new-password" error=${errorFor("password")} />
      ${errorFor("consent").length > 0 && html`<span class="field-error" id="consent-error">${errorFor("consent").join(" ")}</span>`}
      <div class="check">
        <input type="checkbox" id="consent" name="consent" checked=${form.consent}
          aria-invalid=${errorFor("consent").length ? "true" : undefined}
          aria-describedby=${errorFor("consent").length ? "consent-error" : undefined}
          onChange=${(event) => set("consent")(event.currentTarget.checked)} />
        <label for="consent">I have read the privacy notice and agree that Hipwell stores my diary and shares it with my care team.</label>
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy || !notice}>${busy ? "Activating…" : "Activate my account"}</button>
      </div>
    </form>
    <p>Already activated? <a href="/app/signin/">Sign in</a>.</p>
  `;
}
