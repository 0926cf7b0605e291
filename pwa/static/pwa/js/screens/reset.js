// Choose a new password, with a reset code from the physiotherapist (/app/reset/?code=...)
// or from an emailed link (/app/reset/?uid=...&token=...). Every other session ends.
import { html, useState } from "../lib.js";
import * as api from "../api.js";
import { ErrorSummary, Field, errorRows } from "../components/forms.js";

const LABELS = { username: "User name", code: "Reset code", new_password: "New password" };

export default function Reset({ query }) {
  const byLink = Boolean(query.get("uid") && query.get("token"));
  const [form, setForm] = useState({ username: "", code: query.get("code") || "", new_password: "" });
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (field) => (value) => setForm({ ...form, [field]: value });
  const errorFor = (field) => errors.filter((row) => row.field === field).map((row) => row.message);

  async function submit(event) {
    event.preventDefault();
    const missing = [];
    if (!byLink && !form.username.trim()) missing.push({ field: "username", message: "Enter your user name" });
    if (!byLink && !form.code.trim()) missing.push({ field: "code", message: "Enter the reset code from your physiotherapist" });
    if (!form.new_password) missing.push({ field: "new_password", message: "Choose a new password" });
    if (missing.length) return setErrors(missing);
    setBusy(true);
    try {
      if (byLink) {
        await api.send("POST", "auth/password-reset/confirm/", {
          uid: query.get("uid"),
          token: query.get("token"),
          new_password: form.new_password,
        });
      } else {
        await api.send("POST", "auth/password-reset/", {
          username: form.username.trim(),
          code: form.code.trim(),
          new_password: form.new_password,
        });
      }
      setDone(true);
    } catch (error) {
      setBusy(false);
      if (!(error instanceof api.ApiError)) throw error;
      if (error.status === 429) {
        setErrors([{ field: null, message: `Too many tries. Please try again in ${api.inWords(error.retryAfter)}.` }]);
      } else if (error.offline) {
        setErrors([{ field: null, message: "There is no connection. Try again when you are online." }]);
      } else {
        setErrors(errorRows(error, LABELS));
      }
    }
  }

  if (done) {
    return html`
      <h1>Your password is changed</h1>
      <p>You have been signed out everywhere else. Sign in with your new password.</p>
      <p><a class="button" href="/app/signin/">Sign in</a></p>
    `;
  }
  return html`
    <h1>Reset your password</h1>
    <p>${byLink
      ? "Choose a new password for your account."
      : "Ask your physiotherapist for a reset code, then choose a new password here."}</p>
    <${ErrorSummary} errors=${errors} />
    <form onSubmit=${submit} novalidate>
      ${!byLink && html`
        <${Field} id="username" label=${LABELS.username} value=${form.username} onInput=${set("username")}
          autocomplete="username" autocapitalize="none" spellcheck="false" error=${errorFor("username")} />
        <${Field} id="code" label=${LABELS.code} value=${form.code} onInput=${set("code")}
          autocomplete="one-time-code" autocapitalize="none" spellcheck="false" error=${errorFor("code")} />`}
      <${Field} id="new_password" label=${LABELS.new_password} type="password" value=${form.new_password}
        onInput=${set("new_password")} hint="At least 10 characters." autocomplete="new-password"
        error=${errorFor("new_password")} />
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy}>${busy ? "Saving…" : "Save my new password"}</button>
      </div>
    </form>
    <p><a href="/app/signin/">Back to sign in</a></p>
  `;
}
