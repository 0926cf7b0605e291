import { html } from "../lib.js";

export default function NotFound() {
  return html`
    <h1>Page not found</h1>
    <p>There is no page at this address in Hipwell.</p>
    <p><a href="/app/">Go to today</a></p>
  `;
}
