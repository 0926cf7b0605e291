// Form pieces with labels, hints and errors wired for screen readers.
import { html, useEffect, useRef } from "../lib.js";

/**
 * One labelled input. Errors show above the input and are announced with it.
 *   <${Field} id="username" label="User name" value=${v} onInput=${set} error=${errors.username} />
 */
export function Field({ id, label, hint, error, type = "text", value, onInput, ...rest }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const messages = Array.isArray(error) ? error : error ? [error] : [];
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${hint && html`<span class="hint" id=${`${id}-hint`}>${hint}</span>`}
      ${messages.length > 0 &&
      html`<span class="field-error" id=${`${id}-error`}>${messages.join(" ")}</span>`}
      <input
        id=${id}
        name=${id}
        type=${type}
        value=${value}
        onInput=${(event) => onInput(event.currentTarget.value)}
        aria-invalid=${messages.length > 0 ? "true" : undefined}
        aria-describedby=${described || undefined}
        ...${rest}
      />
    </div>
  `;
}

/**
 * The list of problems at the top of a form, each linking to its field; it takes
 * focus when it appears so a screen reader reads it at once.
 *   errors: [{ field: "username" | null, message }]
 */
export function ErrorSummary({ errors, title = "There is a problem" }) {
  const box = useRef(null);
  useEffect(() => {
    if (errors.length) box.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return html`
    <div class="error-summary" role="alert" tabindex="-1" ref=${box} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">${title}</h2>
      <ul>
        ${errors.map(
          ({ field, message }) =>
            html`<li>${field ? html`<a href=${`#${field}`}>${message}</a>` : message}</li>`,
        )}
      </ul>
    </div>
  `;
}

/**
 * Turn an ApiError into ErrorSummary rows. A field named in `labels` links to its
 * input (whose id is the field's name); others are listed as plain messages.
 */
export function errorRows(error, labels = {}) {
  const rows = error.generalErrors.map((message) => ({ field: null, message }));
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    for (const message of messages) rows.push({ field: field in labels ? field : null, message });
  }
  return rows.length ? rows : [{ field: null, message: error.message }];
}
