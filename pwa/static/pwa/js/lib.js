// One place to import the view library from: screens write
//   import { html, useState, useEffect } from "../lib.js";
// (Preact with hooks, and htm's tagged templates instead of JSX: no build step.)
export * from "../vendor/preact-htm.js";
