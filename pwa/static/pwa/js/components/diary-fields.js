// The diary's controls: a 0-10 slider with a clear "not answered" state, a group of
// choices that can be cleared, and yes/no questions. Each has a visible label and
// a screen-reader name; answers are null until the person gives one.
import { html } from "../lib.js";

/**
 * A 0-10 score on a native range input. value: a number, or null when not answered
 * (a slider that was never touched is not sent). The words at both ends are shown
 * and read with it; the value is shown and announced as "6 out of 10".
 */
export function ScoreSlider({ score, value, onChange, idPrefix = "" }) {
  const id = `${idPrefix}${score.name}`;
  const answered = value !== null && value !== undefined;
  const text = answered ? `${value} out of 10` : "Not answered";
  const described = [score.hint ? `${id}-hint` : null, `${id}-ends`].filter(Boolean).join(" ");
  const take = (event) => onChange(Number(event.currentTarget.value));
  return html`
    <div class=${`field score ${answered ? "answered" : "unanswered"}`}>
      <div class="score-head">
        <label for=${id}>${score.label}</label>
        <span class="score-value" aria-hidden="true">${text}</span>
      </div>
      ${score.hint && html`<span class="hint" id=${`${id}-hint`}>${score.hint}</span>`}
      <input
        type="range"
        id=${id}
        name=${score.name}
        min="0"
        max="10"
        step="1"
        value=${answered ? value : 0}
        aria-valuetext=${text}
        aria-describedby=${described}
        onInput=${take}
        onChange=${take}
        onClick=${(event) => !answered && take(event)}
      />
      <div class="scale-ends" id=${`${id}-ends`}>
        <span>${score.low}</span><span>${score.high}</span>
      </div>
      ${answered &&
      html`<button type="button" class="link-button clear-answer" aria-label=${`Clear ${score.label.toLowerCase()}`}
        onClick=${() => onChange(null)}>Clear</button>`}
    </div>
  `;
}

/**
 * One answer out of a few (radio buttons as large tiles), or none: a "Clear" button
 * takes the answer back. options: [{ value, label }]; value: the chosen value or null.
 */
export function Choices({ name, legend, hint, options, value, onChange, idPrefix = "" }) {
  const id = `${idPrefix}${name}`;
  const answered = value !== null && value !== undefined;
  return html`
    <fieldset class="field choices" id=${id} aria-describedby=${hint ? `${id}-hint` : undefined}>
      <legend class="label">${legend}</legend>
      ${hint && html`<span class="hint" id=${`${id}-hint`}>${hint}</span>`}
      <div class="choice-row">
        ${options.map(
          (option) => html`
            <label class="choice" for=${`${id}-${option.value}`}>
              <input type="radio" id=${`${id}-${option.value}`} name=${id} value=${String(option.value)}
                checked=${value === option.value} onChange=${() => onChange(option.value)} />
              <span>${option.label}</span>
            </label>
          `,
        )}
      </div>
      ${answered &&
      html`<button type="button" class="link-button clear-answer" aria-label=${`Clear: ${legend}`}
        onClick=${() => onChange(null)}>Clear</button>`}
    </fieldset>
  `;
}

export const YES_NO = [
  { value: true, label: "Yes" },
  { value: false, label: "No" },
];

/** A checkbox with its label beside it (true or false, never "not answered"). */
export function Check({ id, label, checked, onChange, hint }) {
  return html`
    <div class="check">
      <input type="checkbox" id=${id} name=${id} checked=${Boolean(checked)}
        aria-describedby=${hint ? `${id}-hint` : undefined}
        onChange=${(event) => onChange(event.currentTarget.checked)} />
      <label for=${id}>${label}${hint && html`<span class="hint" id=${`${id}-hint`}>${hint}</span>`}</label>
    </div>
  `;
}
