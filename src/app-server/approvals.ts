/**
 * Approvals: how a client answers codex's server → client requests for commands, file changes, permissions and MCP
 * elicitations. Nobody deciding means **decline** — never a silent accept — and so does a timeout.
 *
 * @module
 */
import type { ApprovalDecision, ApprovalDecisions, ApprovalPolicy } from "../thread/approvals.ts";

/** Server-request methods that are approvals. */
export const APPROVAL_METHODS: readonly string[] = [
  "item/commandExecution/requestApproval",
  "item/fileChange/requestApproval",
  "item/permissions/requestApproval",
  "mcpServer/elicitation/request",
];

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

async function decide<P>(policy: ApprovalPolicy<P> | undefined, params: P, timeoutMs: number): Promise<ApprovalDecision> {
  if (policy === undefined) return "decline";
  if (typeof policy === "string") return policy;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ApprovalDecision>((resolve) => (timer = setTimeout(() => resolve("decline"), timeoutMs)));
  try {
    return await Promise.race([Promise.resolve(policy(params)), timeout]);
  } catch {
    return "decline"; // a failing callback must not approve anything
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answers one approval request according to `decisions`.
 *
 * @param method The server-request method.
 * @param params Its params.
 * @param decisions The policies.
 * @returns The result to send back, or `undefined` when `method` is not an approval.
 * @example
 * ```ts
 * await answerApproval("item/fileChange/requestApproval", params, { fileChange: "accept" }); // { decision: "accept" }
 * ```
 */
export async function answerApproval(
  method: string,
  params: unknown,
  decisions: ApprovalDecisions = {},
): Promise<Record<string, unknown> | undefined> {
  const timeoutMs = decisions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (method) {
    case "item/commandExecution/requestApproval":
      return { decision: await decide(decisions.commandExecution, params as never, timeoutMs) };
    case "item/fileChange/requestApproval":
      return { decision: await decide(decisions.fileChange, params as never, timeoutMs) };
    case "item/permissions/requestApproval": {
      const decision = await decide(decisions.permissions, params as never, timeoutMs);
      const granted = decision === "accept" || decision === "acceptForSession";
      const asked = (params as { permissions?: unknown }).permissions ?? {};
      return { permissions: granted ? asked : {}, scope: decision === "acceptForSession" ? "session" : "turn" };
    }
    case "mcpServer/elicitation/request": {
      const decision = await decide(decisions.mcpElicitation, params as never, timeoutMs);
      const action = decision === "accept" || decision === "acceptForSession" ? "accept" : decision;
      return { action, content: action === "accept" ? {} : null, _meta: null };
    }
    default:
      return undefined;
  }
}
