#!/usr/bin/env node
// Turns the vendored app-server JSON Schema bundle into TypeScript: every definition as a type, plus the method
// tables (client requests → params/result, server notifications → params, server requests → params/result).
// Run through `npm run vendor:protocol`, or `node scripts/gen-protocol.mjs [version]` to regenerate from vendor/.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// usage: gen-protocol.mjs [version] [--out file]   (--out lets a test compare without touching src/gen)
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const outFile = outIndex === -1 ? join(root, "src/gen/protocol.ts") : args.splice(outIndex, 2)[1];
const version = args[0] ?? readdirSync(join(root, "vendor/codex-app-server")).sort().at(-1);
const bundlePath = `vendor/codex-app-server/${version}/stable.schemas.json`;
const bundle = JSON.parse(readFileSync(join(root, bundlePath), "utf8"));
// The experimental bundle adds methods (and the types only they use) behind `experimentalApi: true`; they are
// generated apart (ExperimentalClientRequestMap) so the stable table stays what every codex serves.
const experimentalPath = `vendor/codex-app-server/${version}/experimental.schemas.json`;
const experimental = JSON.parse(readFileSync(join(root, experimentalPath), "utf8"));

// Definitions live at the root (v1 and shared) and under definitions.v2. A v2 name wins; a root definition
// whose name is taken by a different v2 one is prefixed with V1.
const defs = new Map();
const refName = new Map();
const experimentalOnly = new Set();
function addDefinitions(definitions, { onlyNew }) {
  const { v2 = {}, ...rootDefs } = definitions;
  for (const [name, schema] of Object.entries(v2)) {
    if (onlyNew && refName.has(`#/definitions/v2/${name}`)) continue;
    if (onlyNew) experimentalOnly.add(name);
    defs.set(name, schema);
    refName.set(`#/definitions/v2/${name}`, name);
  }
  for (const [name, schema] of Object.entries(rootDefs)) {
    if (onlyNew && refName.has(`#/definitions/${name}`)) continue;
    let typeName = name;
    if (defs.has(name)) {
      if (JSON.stringify(defs.get(name)) === JSON.stringify(schema)) {
        refName.set(`#/definitions/${name}`, name);
        continue;
      }
      typeName = `V1${name}`;
    }
    if (onlyNew) experimentalOnly.add(typeName);
    defs.set(typeName, schema);
    refName.set(`#/definitions/${name}`, typeName);
  }
}
addDefinitions(bundle.definitions, { onlyNew: false });
const stableUnions = {
  ClientRequest: defs.get("ClientRequest"),
  ServerNotification: defs.get("ServerNotification"),
  ServerRequest: defs.get("ServerRequest"),
  ClientNotification: defs.get("ClientNotification"),
};
addDefinitions(experimental.definitions, { onlyNew: true });
const experimentalClientRequest = experimental.definitions.v2?.ClientRequest ?? experimental.definitions.ClientRequest;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (IDENT.test(k) ? k : JSON.stringify(k));
const doc = (text, indent = "") =>
  text ? `${indent}/** ${String(text).replace(/\*\//g, "*\\/").split("\n").join(`\n${indent} * `)} */\n` : "";

function ts(s, indent = "") {
  if (s === true || s === undefined || s === null) return "unknown";
  if (s === false) return "never";
  if (s.$ref) {
    const name = refName.get(s.$ref);
    if (!name) throw new Error(`unresolved $ref ${s.$ref}`);
    return name;
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  // Combinators may sit beside properties ({ type: "image" } & ({ url } | { fileId })): intersect them.
  const parts = [];
  if (s.allOf) parts.push(...s.allOf.map((x) => wrap(ts(x, indent))));
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) parts.push(wrap(alternatives.map((x) => wrap(ts(x, indent))).join(" | ")));
  const hasBase = s.properties || (s.type !== undefined && !(alternatives && s.type === "object"));
  if (hasBase || parts.length === 0) parts.push(wrap(base(s, indent)));
  return parts.length === 1 ? parts[0] : parts.join(" & ");
}

function base(s, indent) {
  if (Array.isArray(s.type)) return s.type.map((t) => wrap(base({ ...s, type: t }, indent))).join(" | ");
  switch (s.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      if (Array.isArray(s.items)) return `[${s.items.map((x) => ts(x, indent)).join(", ")}]`;
      return `Array<${ts(s.items, indent)}>`;
    case "object":
    case undefined: {
      if (!s.properties && s.type === undefined) return "unknown";
      const inner = indent + "  ";
      const required = new Set(s.required ?? []);
      const lines = Object.entries(s.properties ?? {}).map(([k, v]) =>
        `${doc(v.description, inner)}${inner}${key(k)}${required.has(k) ? "" : "?"}: ${ts(v, inner)};`
      );
      const extra = s.additionalProperties;
      if (extra && extra !== false) lines.push(`${inner}[key: string]: ${extra === true ? "unknown" : `${ts(extra, inner)} | undefined`};`);
      else if (!s.properties && extra === undefined) lines.push(`${inner}[key: string]: unknown;`);
      return lines.length ? `{\n${lines.join("\n")}\n${indent}}` : "Record<string, never>";
    }
    default:
      return "unknown";
  }
}
const wrap = (t) => (/^[\w".$<>\[\], ]+$/.test(t) && !t.includes(" | ") ? t : `(${t})`);

function table(unionName, union = stableUnions[unionName]) {
  return union.oneOf.map((variant) => {
    const method = variant.properties.method.enum[0];
    const params = variant.properties.params;
    const paramsType = !params || params.type === "null" ? "undefined" : ts(params);
    return { method, paramsType, description: variant.description };
  });
}

function resultFor(method, paramsType) {
  const candidates = [];
  const paramsName = paramsType.match(/^\(?(\w+Params)\b/)?.[1];
  if (paramsName) candidates.push(paramsName.replace(/Params$/, "Response"));
  const pascal = method.split(/[/_]/).map((p) => p[0].toUpperCase() + p.slice(1)).join("");
  candidates.push(`${pascal}Response`);
  // a few responses are shared by several methods
  const shared = {
    "config/value/write": "ConfigWriteResponse",
    "config/batchWrite": "ConfigWriteResponse",
    "accountSession/list": "AccountSessionsResponse",
  };
  if (shared[method]) candidates.unshift(shared[method]);
  const found = candidates.find((c) => defs.has(c));
  if (found) return found;
  // Otherwise match word sets regardless of order: account/logout → LogoutAccountResponse.
  const words = (text) => text.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[\s/_]+/).filter(Boolean).sort().join(" ");
  const want = words(method);
  return [...defs.keys()].find((name) => name.endsWith("Response") && words(name.replace(/Response$/, "").replace(/^Get(?=[A-Z])/, "")) === want) ??
    "unknown";
}

const requests = table("ClientRequest");
const notifications = table("ServerNotification");
const serverRequests = table("ServerRequest");
const clientNotifications = table("ClientNotification");
const stableMethods = new Set(requests.map((m) => m.method));
const experimentalRequests = table("ClientRequest", experimentalClientRequest).filter((m) => !stableMethods.has(m.method));

const out = [];
out.push(`// @generated by scripts/gen-protocol.mjs from ${bundlePath} and ${experimentalPath} (codex ${version}). Do not edit.`);
out.push("// deno-lint-ignore-file");
out.push("/* eslint-disable */");
out.push("/**\n * Types of the codex app-server protocol (stable surface), generated from the vendored JSON Schema.\n *\n * @module\n */\n");
out.push(`/** The codex version this protocol was generated from. */\nexport const PROTOCOL_VERSION = ${JSON.stringify(version)};\n`);
for (const [name, schema] of [...defs].sort(([a], [b]) => a.localeCompare(b))) {
  if (["ClientRequest", "ServerNotification", "ServerRequest", "ClientNotification"].includes(name)) continue;
  const tag = experimentalOnly.has(name) ? "(experimental: needs `experimentalApi: true`)" : "";
  const description = [schema.description, tag].filter(Boolean).join("\n\n");
  out.push(`${doc(description)}export type ${name} = ${ts(schema)};\n`);
}

const entry = (m, body) => `${doc(m.description, "  ")}  ${JSON.stringify(m.method)}: ${body};`;
out.push("/** Client → server requests: method → `{ params, result }`. */");
out.push(`export interface ClientRequestMap {\n${requests.map((m) => entry(m, `{ params: ${m.paramsType}; result: ${resultFor(m.method, m.paramsType)} }`)).join("\n")}\n}\n`);
out.push("/** Server → client notifications: method → params. */");
out.push(`export interface ServerNotificationMap {\n${notifications.map((m) => entry(m, m.paramsType)).join("\n")}\n}\n`);
out.push("/** Server → client requests: method → `{ params, result }` (the client must answer). */");
out.push(`export interface ServerRequestMap {\n${serverRequests.map((m) => entry(m, `{ params: ${m.paramsType}; result: ${resultFor(m.method, m.paramsType)} }`)).join("\n")}\n}\n`);
out.push("/** Experimental client → server requests (the client must initialize with `experimentalApi: true`). */");
out.push(`export interface ExperimentalClientRequestMap {\n${experimentalRequests.map((m) => entry(m, `{ params: ${m.paramsType}; result: ${resultFor(m.method, m.paramsType)} }`)).join("\n")}\n}\n`);
out.push("/** Client → server notifications: method → params. */");
out.push(`export interface ClientNotificationMap {\n${clientNotifications.map((m) => entry(m, m.paramsType)).join("\n")}\n}\n`);
const list = (name, items, what) =>
  `/** Every ${what}, as listed by the schema. */\nexport const ${name}: readonly string[] = ${JSON.stringify(items.map((m) => m.method), null, 2)};\n`;
out.push(list("CLIENT_REQUEST_METHODS", requests, "client request method"));
out.push(list("SERVER_NOTIFICATION_METHODS", notifications, "server notification method"));
out.push(list("SERVER_REQUEST_METHODS", serverRequests, "server request method"));


writeFileSync(outFile, out.join("\n"));
const unknownResults = [...requests, ...experimentalRequests, ...serverRequests].filter((m) => resultFor(m.method, m.paramsType) === "unknown");
console.log(
  `src/gen/protocol.ts: ${defs.size} types, ${requests.length} requests, ${notifications.length} notifications, ` +
    `${serverRequests.length} server requests, ${experimentalRequests.length} experimental requests` +
    (unknownResults.length ? `; results typed unknown: ${unknownResults.map((m) => m.method).join(", ")}` : ""),
);
