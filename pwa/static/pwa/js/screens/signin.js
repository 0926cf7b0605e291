// Sign in with user name and password (a Django session: nothing is kept in the browser).
import { html, useState } from "../lib.js";
import * as api from "../api.js";
import { useApp } from "../context.js";
import { ErrorSummary, Field, errorRows } from "../components/forms.js";

const LABELS = { username: "User name", password: "Password" };

export default function SignIn({ query }) {
  const { signedIn } = useApp();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    const missing = [];
    if (!username.trim()) missing.push({ field: "username", message: "Enter your user name" });
    if (!password) missing.push({ field: "password", message: "Enter your password" });
    if (missing.length) return setErrors(missing);
    setBusy(true);
    try {
      const answer = await api.send("POST", "auth/session/", { username: username.trim(), password });
      await signedIn(answer.user, query.get("next"));
    } catch (error) {
      setBusy(false);
      if (!(error instanceof api.ApiError)) throw error;
      setErrors(describe(error));
    }
  }

  return html`
    <h1>Sign in to Hipwell</h1>
    <${ErrorSummary} errors=${errors} />
    <form onSubmit=${submit} novalidate>
      <${Field} id="username" label=${LABELS.username} value=${username} onInput=${setUsername}
        autocomplete="username" autocapitalize="none" spellcheck="false"
        error=${errors.find((row) => row.field === "username")?.message} />
      <${Field} id="password" label=${LABELS.password} type="password" value=${password} onInput=${setPassword}
        autocomplete="current-password"
        error=${errors.find((row) => row.field === "password")?.message} />
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
      </div>
    </form>
    <p>First time here? <a href="/app/activate/">Activate your account with the code from your physiotherapist</a>.</p>
    <p><a href="/app/reset/">Forgotten your password?</a></p>
  `;
}

function describe(error) {
  if (error.status === 429) {
    const wait = api.inWords(error.retryAfter);
    return [{ field: null, message: `${error.generalErrors[0] || "Too many tries."} Please try again in ${wait}.` }];
  }
  if (error.offline) {
    return [{ field: null, message: "There is no connection. Signing in needs the internet; try again when you are online." }];
  }
  return errorRows(error, LABELS);
}
