/**
 * Parses one line of `codex exec --json` into a typed {@link ThreadEvent}: lenient by default (unknown event and
 * item types pass through as `unknown` variants, extra fields are kept), strict on request.
 *
 * @module
 */
import * as v from "valibot";
import { CodexParseError } from "../errors.ts";
import {
  type ThreadEvent,
  ThreadErrorEventSchema,
  ThreadStartedEventSchema,
  TurnCompletedEventSchema,
  TurnFailedEventSchema,
  TurnStartedEventSchema,
} from "../thread/events.ts";
import { compileFastCheck, type FastCheck } from "./fast-check.ts";
import { ITEM_SCHEMAS, type ThreadItem } from "../thread/items.ts";

/** Options for {@link parseEvent}. */
export interface ParseOptions {
  /** Reject unknown event and item types. Default `false`. */
  strict?: boolean;
}

const EVENT_SCHEMAS: Record<string, v.GenericSchema<unknown, ThreadEvent>> = {
  "thread.started": ThreadStartedEventSchema,
  "turn.started": TurnStartedEventSchema,
  "turn.completed": TurnCompletedEventSchema,
  "turn.failed": TurnFailedEventSchema,
  "error": ThreadErrorEventSchema,
};

const ITEM_EVENTS = new Set(["item.started", "item.updated", "item.completed"]);

// Values that already match their schema are returned as parsed; valibot runs only to fill defaults or explain.
const fastChecks = (schemas: Record<string, v.GenericSchema>) =>
  new Map(Object.entries(schemas).map(([type, schema]) => [type, compileFastCheck(schema)] as const));
const ITEM_CHECKS: Map<string, FastCheck | null> = fastChecks(ITEM_SCHEMAS);
const EVENT_CHECKS: Map<string, FastCheck | null> = fastChecks(EVENT_SCHEMAS);

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function parseItem(raw: unknown, line: string, strict: boolean): ThreadItem {
  if (!isRecord(raw) || typeof raw.type !== "string") {
    throw new CodexParseError("Cannot parse item: it has no string `type`", line);
  }
  if (ITEM_CHECKS.get(raw.type)?.(raw)) return raw as ThreadItem;
  // own keys only: a type named "constructor" or "__proto__" must not find Object.prototype members
  const schema = Object.hasOwn(ITEM_SCHEMAS, raw.type) ? ITEM_SCHEMAS[raw.type] : undefined;
  if (!schema) {
    if (strict) throw new CodexParseError(`Cannot parse item: unknown item type "${raw.type}"`, line);
    return { id: typeof raw.id === "string" ? raw.id : "", type: "unknown", item_type: raw.type, raw };
  }
  const result = v.safeParse(schema, raw);
  if (!result.success) {
    throw new CodexParseError(`Cannot parse ${raw.type} item: ${describe(result.issues)}`, line);
  }
  return result.output;
}

/**
 * Parses one JSONL line from `codex exec --json`.
 *
 * @param line One line (no newline).
 * @param options `strict` rejects unknown types.
 * @returns The typed event.
 * @throws {CodexParseError} When the line is not JSON, not an event, or a known event/item has the wrong shape.
 * @example
 * ```ts
 * parseEvent('{"type":"turn.started"}'); // { type: "turn.started" }
 * ```
 */
export function parseEvent(line: string, options: ParseOptions = {}): ThreadEvent {
  const strict = options.strict ?? false;
  let raw: unknown;
  try {
    // JSON.parse, not a strict parser: codex 0.169 emits web_search items with a duplicated `id` key.
    raw = JSON.parse(line);
  } catch (cause) {
    throw new CodexParseError(`Cannot parse line: it is not valid JSON (${(cause as Error).message})`, line, { cause });
  }
  if (!isRecord(raw) || typeof raw.type !== "string") {
    throw new CodexParseError("Cannot parse line: it is not an event object with a string `type`", line);
  }
  const type = raw.type;
  if (ITEM_EVENTS.has(type)) {
    // `raw` is our own fresh object: set the validated item in place instead of copying the event
    raw.item = parseItem(raw.item, line, strict);
    return raw as ThreadEvent;
  }
  if (EVENT_CHECKS.get(type)?.(raw)) return raw as ThreadEvent;
  const schema = Object.hasOwn(EVENT_SCHEMAS, type) ? EVENT_SCHEMAS[type] : undefined;
  if (!schema) {
    if (strict) throw new CodexParseError(`Cannot parse line: unknown event type "${type}"`, line);
    return { type: "unknown", event_type: type, raw };
  }
  const result = v.safeParse(schema, raw);
  if (!result.success) throw new CodexParseError(`Cannot parse ${type} event: ${describe(result.issues)}`, line);
  return result.output;
}
