#!/usr/bin/env node
// What changed between two app-server JSON Schema bundles: methods added/removed per table, definitions
// added/removed, and the fields added/removed/changed on definitions both have. `npm run vendor:protocol` prints it
// against the previously vendored version; run it by hand as `node scripts/protocol-drift.mjs OLD.json NEW.json`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const definitionsOf = (bundle) => ({ ...bundle.definitions, ...bundle.definitions.v2, v2: undefined });
const methodsOf = (bundle, union) =>
  (bundle.definitions[union] ?? bundle.definitions.v2?.[union])?.oneOf.map((x) => x.properties.method.enum[0]) ?? [];

/**
 * Lists the drift between two schema bundles, one line per change.
 * @param {object} before The older bundle.
 * @param {object} after The newer bundle.
 * @returns {string[]} Human-readable lines.
 */
export function protocolDrift(before, after) {
  const lines = [];
  for (const union of ["ClientRequest", "ServerNotification", "ServerRequest", "ClientNotification"]) {
    const a = new Set(methodsOf(before, union));
    const b = new Set(methodsOf(after, union));
    const added = [...b].filter((m) => !a.has(m));
    const removed = [...a].filter((m) => !b.has(m));
    if (added.length) lines.push(`${union} added: ${added.join(", ")}`);
    if (removed.length) lines.push(`${union} removed: ${removed.join(", ")}`);
  }
  const da = definitionsOf(before);
  const db = definitionsOf(after);
  const added = Object.keys(db).filter((k) => db[k] && !da[k]);
  const removed = Object.keys(da).filter((k) => da[k] && !db[k]);
  if (added.length) lines.push(`types added: ${added.join(", ")}`);
  if (removed.length) lines.push(`types removed: ${removed.join(", ")}`);
  for (const name of Object.keys(db)) {
    if (!db[name] || !da[name] || JSON.stringify(da[name]) === JSON.stringify(db[name])) continue;
    if (["ClientRequest", "ServerNotification", "ServerRequest", "ClientNotification"].includes(name)) continue;
    const pa = da[name].properties ?? {};
    const pb = db[name].properties ?? {};
    const plus = Object.keys(pb).filter((k) => !(k in pa));
    const minus = Object.keys(pa).filter((k) => !(k in pb));
    const changed = Object.keys(pb).filter((k) => k in pa && JSON.stringify(pa[k]) !== JSON.stringify(pb[k]));
    const parts = [
      plus.length ? `+${plus.join(" +")}` : "",
      minus.length ? `-${minus.join(" -")}` : "",
      changed.length ? `~${changed.join(" ~")}` : "",
    ].filter(Boolean);
    lines.push(`${name}: ${parts.length ? parts.join(" ") : "variants changed"}`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    console.error("usage: node scripts/protocol-drift.mjs OLD.schemas.json NEW.schemas.json");
    process.exit(2);
  }
  const read = (f) => JSON.parse(readFileSync(f, "utf8"));
  for (const line of protocolDrift(read(a), read(b))) console.log(line);
}
