/**
 * Which app-server methods a remote client may call, and how the params of the methods that start or steer work are
 * clamped by the host's {@link Policy}. Methods that run commands outside a turn, write config, touch files, manage
 * plugins, accounts or feedback are off unless the host enables them.
 *
 * @module
 */
import { denied, type Policy } from "./policy.ts";

/** Methods a client may call by default. */
export const DEFAULT_METHODS: readonly string[] = [
  "initialize",
  "thread/start",
  "thread/resume",
  "thread/fork",
  "thread/list",
  "thread/read",
  "thread/archive",
  "thread/unarchive",
  "thread/name/set",
  "thread/unsubscribe",
  "thread/loaded/list",
  "thread/rollback",
  "thread/compact/start",
  "turn/start",
  "turn/steer",
  "turn/interrupt",
  "review/start",
  "model/list",
  "skills/list",
  "collaborationMode/list",
  "experimentalFeature/list",
  "mcpServerStatus/list",
];

/** Notifications a client may send. */
export const CLIENT_NOTIFICATIONS: readonly string[] = ["initialized"];

/**
 * Whether `method` matches an allow-list (`prefix/*` matches every method below `prefix`).
 *
 * @param method The method.
 * @param allow The allow-list.
 * @returns Whether it is allowed.
 * @example
 * ```ts
 * methodAllowed("fs/readFile", ["fs/*"]); // true
 * ```
 */
export function methodAllowed(method: string, allow: readonly string[]): boolean {
  return allow.some((p) => p === method || (p.endsWith("/*") && method.startsWith(p.slice(0, -1))));
}

const THREAD_KEYS = new Set([
  "approvalPolicy", "approvalsReviewer", "baseInstructions", "config", "cwd", "developerInstructions", "ephemeral",
  "model", "modelProvider", "personality", "sandbox", "serviceName", "serviceTier", "sessionStartSource",
  "threadSource", "threadId", "excludeTurns", "lastTurnId", "experimentalRawEvents", "persistExtendedHistory",
]);
const TURN_KEYS = new Set([
  "threadId", "input", "approvalPolicy", "approvalsReviewer", "clientUserMessageId", "cwd", "effort", "model",
  "outputSchema", "parentTurnId", "rootTurnId", "personality", "sandboxPolicy", "serviceTier", "summary",
  "collaborationMode", "expectedTurnId",
]);
const SANDBOX_TYPES: Record<string, string> = {
  readOnly: "read-only",
  workspaceWrite: "workspace-write",
  dangerFullAccess: "danger-full-access",
  externalSandbox: "danger-full-access",
};

function checkKeys(method: string, params: Record<string, unknown>, keys: Set<string>): void {
  for (const key of Object.keys(params)) {
    if (!keys.has(key)) throw denied(`Cannot call ${method} with param ${key}: the host does not allow it`);
  }
}

async function clampInput(policy: Policy, input: unknown): Promise<void> {
  if (!Array.isArray(input)) return;
  for (const part of input) {
    if (part && typeof part === "object" && (part as { type?: string }).type === "localImage") {
      const p = part as { path: string };
      p.path = await policy.confine(p.path, "image");
    }
  }
}

/**
 * Clamps the params of `thread/start`, `thread/resume`, `thread/fork` and `turn/start` (others pass unchanged).
 *
 * @param method The method.
 * @param params The params (modified in place).
 * @param policy The host's policy.
 * @returns The params to forward.
 * @throws {CodexRelayError} `POLICY_DENIED` naming what was refused.
 * @example
 * ```ts
 * await clampParams("thread/start", { cwd: "/srv/work" }, policy);
 * ```
 */
export async function clampParams(
  method: string,
  params: Record<string, unknown>,
  policy: Policy,
): Promise<Record<string, unknown>> {
  if (method === "thread/start" || method === "thread/resume" || method === "thread/fork") {
    checkKeys(method, params, THREAD_KEYS);
    if (params.modelProvider !== undefined && params.modelProvider !== null) {
      throw denied(`Cannot call ${method} with modelProvider: the host chooses the model provider`);
    }
    if (params.approvalsReviewer !== undefined && params.approvalsReviewer !== null && params.approvalsReviewer !== "user") {
      throw denied(`Cannot call ${method} with approvalsReviewer ${JSON.stringify(params.approvalsReviewer)}`);
    }
    params.sandbox = policy.sandbox(params.sandbox as string | undefined);
    if (params.approvalPolicy !== undefined) policy.approval(params.approvalPolicy);
    params.cwd = params.cwd === undefined || params.cwd === null
      ? policy.defaultRoot
      : await policy.confine(params.cwd as string, "working directory");
    if (params.config !== undefined && params.config !== null) {
      if (typeof params.config !== "object") throw denied(`Cannot call ${method}: config must be an object`);
      params.config = await policy.config(params.config as Record<string, unknown>);
    }
    return params;
  }
  if (method === "turn/start") {
    checkKeys(method, params, TURN_KEYS);
    if (params.approvalsReviewer !== undefined && params.approvalsReviewer !== null && params.approvalsReviewer !== "user") {
      throw denied(`Cannot call ${method} with approvalsReviewer ${JSON.stringify(params.approvalsReviewer)}`);
    }
    if (params.approvalPolicy !== undefined) policy.approval(params.approvalPolicy);
    if (params.cwd !== undefined && params.cwd !== null) params.cwd = await policy.confine(params.cwd as string, "working directory");
    const sp = params.sandboxPolicy as Record<string, unknown> | null | undefined;
    if (sp) {
      const mode = SANDBOX_TYPES[sp.type as string];
      if (!mode) throw denied(`Cannot use sandbox policy ${JSON.stringify(sp.type)}`);
      if (policy.sandbox(mode) !== mode) throw denied(`Cannot use sandbox policy ${sp.type as string}`);
      if (sp.type === "externalSandbox") throw denied("Cannot use sandbox policy externalSandbox");
      policy.network(sp.networkAccess);
      if (Array.isArray(sp.writableRoots)) {
        sp.writableRoots = await Promise.all(sp.writableRoots.map((r) => policy.confine(r as string, "writable root")));
      }
    }
    await clampInput(policy, params.input);
    return params;
  }
  if (method === "turn/steer") await clampInput(policy, params.input);
  return params;
}
