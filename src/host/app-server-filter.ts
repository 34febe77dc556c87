/**
 * Stands between a remote client and a `codex app-server`: every JSON-RPC message the client writes is checked
 * (requests against the method allow-list, with clamped params; responses only to server requests that are
 * pending; notifications from a short list) and codex's server → client requests (approvals) are timed: one the
 * owner does not answer in time is declined for it, never accepted.
 *
 * @module
 */
import { answerApproval } from "../app-server/approvals.ts";
import type { Policy } from "./policy.ts";
import { CLIENT_NOTIFICATIONS, clampParams, methodAllowed } from "./method-policy.ts";
import { isCodexError } from "../errors.ts";

/** Options of {@link AppServerFilter}. */
export interface AppServerFilterOptions {
  /** The host's policy. */
  policy: Policy;
  /** Methods a client may call. */
  allowMethods: readonly string[];
  /** How long codex waits for the owner's answer to a server request before the host declines it. */
  approvalTimeoutMs: number;
  /** Writes a line to codex's stdin (the host's own answers). */
  toCodex: (line: string) => Promise<void>;
  /** Delivers a line to the client as if codex had written it (the host's own JSON-RPC errors). */
  toClient: (line: string) => void;
  /** Reports a declined-on-timeout request. */
  onTimeout?: (method: string) => void;
}

type Id = string | number;
const key = (id: Id) => `${typeof id}:${id}`;

/**
 * Filters one app-server channel's JSON-RPC traffic.
 *
 * @example
 * ```ts
 * const filter = new AppServerFilter({ policy, allowMethods, approvalTimeoutMs: 60_000, toCodex, toClient });
 * const line = await filter.fromClient('{"id":1,"method":"command/exec","params":{}}'); // null: refused
 * ```
 */
export class AppServerFilter {
  readonly #o: AppServerFilterOptions;
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Creates a filter.
   * @param options Policy, allow-list, timeout and the two outlets.
   */
  constructor(options: AppServerFilterOptions) {
    this.#o = options;
  }

  #refuse(id: Id | null, code: number, message: string): null {
    this.#o.toClient(JSON.stringify({ id, error: { code, message } }));
    return null;
  }

  /**
   * Checks one line the client wrote.
   *
   * @param line The line (no newline).
   * @returns The line to forward to codex, or `null` when the host answered or dropped it.
   */
  async fromClient(line: string): Promise<string | null> {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line);
      if (!msg || typeof msg !== "object" || Array.isArray(msg)) throw new Error("not an object");
    } catch {
      return this.#refuse(null, -32700, "Parse error: the codex host accepts one JSON object per line");
    }
    const id = msg.id as Id | undefined;
    const validId = typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
    if (typeof msg.method === "string") {
      if (id === undefined) {
        return CLIENT_NOTIFICATIONS.includes(msg.method) ? line : null; // unknown notifications are dropped
      }
      if (!validId) return this.#refuse(null, -32600, "Invalid request: bad id");
      if (!methodAllowed(msg.method, this.#o.allowMethods)) {
        return this.#refuse(id, -32601, `Method ${msg.method} is not allowed by this codex host`);
      }
      const params = msg.params ?? {};
      if (typeof params !== "object" || params === null || Array.isArray(params)) {
        return this.#refuse(id, -32602, "Invalid params: expected an object");
      }
      try {
        msg.params = await clampParams(msg.method, params as Record<string, unknown>, this.#o.policy);
      } catch (err) {
        if (!isCodexError(err)) throw err;
        return this.#refuse(id, -32600, err.message);
      }
      return JSON.stringify(msg);
    }
    // a response: only to a server request codex is waiting on
    if (!validId) return null;
    const timer = this.#pending.get(key(id));
    if (timer === undefined) return null;
    clearTimeout(timer);
    this.#pending.delete(key(id));
    return line;
  }

  /**
   * Looks at one line codex wrote: server requests start their answer timer.
   *
   * @param line The line.
   */
  fromCodex(line: string): void {
    if (!line.includes('"method"') || !line.includes('"id"')) return;
    let msg: { id?: Id; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof msg.method !== "string" || (typeof msg.id !== "string" && typeof msg.id !== "number")) return;
    const { id, method, params } = msg as { id: Id; method: string; params: unknown };
    const timer = setTimeout(() => void this.#decline(id, method, params), this.#o.approvalTimeoutMs);
    (timer as { unref?: () => void }).unref?.();
    this.#pending.set(key(id), timer);
  }

  async #decline(id: Id, method: string, params: unknown): Promise<void> {
    if (!this.#pending.delete(key(id))) return;
    this.#o.onTimeout?.(method);
    const result = await answerApproval(method, params ?? {}, {});
    const reply = result !== undefined
      ? { id, result }
      : { id, error: { code: -32000, message: "The client did not answer in time" } };
    await this.#o.toCodex(JSON.stringify(reply)).catch(() => {});
  }

  /** Stops every timer (the channel ended). */
  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
