// Learn: the content writer's plain-language pages (pwa/static/pwa/learn/: index.json
// and one HTML fragment per page). They are trusted same-origin static files, precached
// by the service worker, so they read offline too. /app/learn/ lists them;
// /app/learn/<slug>/ shows one (only a slug listed in index.json is fetched).
import { html, useEffect, useRef, useState } from "../lib.js";

const LEARN_ROOT = "/static/pwa/learn/";
let index = null; // the parsed index.json, once per page load

function loadIndex() {
  if (!index) {
    index = fetch(`${LEARN_ROOT}index.json`).then((response) => {
      if (!response.ok) throw new Error(`index.json: ${response.status}`);
      return response.json();
    });
    index.catch(() => {
      index = null; // try again next time
    });
  }
  return index;
}

/** The fragment's HTML without its first heading when that only repeats the title. */
function body(text, title) {
  const template = document.createElement("template");
  template.innerHTML = text;
  const first = template.content.firstElementChild;
  if (first && /^H[1-3]$/.test(first.tagName) && first.textContent.trim() === title.trim()) first.remove();
  return template.innerHTML;
}

function LearnList({ pages }) {
  return html`
    <h1>Learn about your hip</h1>
    <p>Short, plain pages written with your care team's advice in mind. They also work offline.</p>
    <ul class="plain-list learn-list">
      ${pages.map(
        (page) => html`<li class="card">
          <h2><a href=${`/app/learn/${page.slug}/`}>${page.title}</a></h2>
          <p>${page.summary}</p>
          <p class="hint">About ${page.minutes} ${page.minutes === 1 ? "minute" : "minutes"} to read</p>
        </li>`,
      )}
    </ul>
    <p class="hint">These pages give general information. For advice about your own hip, ask your care team.</p>
  `;
}

function LearnPage({ page, pages }) {
  const [text, setText] = useState(null);
  const [failed, setFailed] = useState(false);
  const article = useRef(null);
  useEffect(() => {
    let live = true;
    fetch(`${LEARN_ROOT}${page.slug}.html`).then(
      async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const found = await response.text();
        if (live) setText(body(found, page.title));
      },
      () => live && setFailed(true),
    ).catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [page.slug]);
  const at = pages.findIndex((other) => other.slug === page.slug);
  const next = pages[at + 1];
  return html`
    <p class="breadcrumb"><a href="/app/learn/">All Learn pages</a></p>
    <h1>${page.title}</h1>
    ${failed && html`<p class="notice warning" role="alert">This page could not be opened${navigator.onLine ? "" : " while offline"}. Please try again later.</p>`}
    ${!failed && text === null && html`<p class="hint">Opening the page…</p>`}
    ${text !== null && html`<article class="learn-page" ref=${article} dangerouslySetInnerHTML=${{ __html: text }}></article>`}
    ${next && html`<p class="learn-next">Next: <a href=${`/app/learn/${next.slug}/`}>${next.title}</a></p>`}
  `;
}

export default function Learn({ params }) {
  const [pages, setPages] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadIndex().then((found) => setPages(found.pages), () => setFailed(true));
  }, []);
  if (failed) {
    return html`<h1>Learn about your hip</h1>
      <p class="notice warning" role="alert">The Learn pages could not be opened${navigator.onLine ? "" : " while offline"}. Please try again later.</p>`;
  }
  if (!pages) return html`<h1>Learn about your hip</h1><p class="hint">Opening the pages…</p>`;
  if (!params.slug) return html`<${LearnList} pages=${pages} />`;
  const page = pages.find((candidate) => candidate.slug === params.slug);
  if (!page) {
    return html`<h1>Page not found</h1>
      <p>There is no Learn page at this address.</p>
      <p><a href="/app/learn/">See all Learn pages</a></p>`;
  }
  return html`<${LearnPage} key=${page.slug} page=${page} pages=${pages} />`;
}
