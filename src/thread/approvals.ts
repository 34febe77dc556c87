/**
 * Approval decisions: what a thread answers when codex asks before running a command, changing files, widening
 * permissions or calling an MCP tool. Part of the thread vocabulary (thread and turn options carry them); only the
 * app-server backend can ask, and it applies them (`src/app-server/approvals.ts`).
 *
 * @module
 */
import type { ServerRequestMap } from "../gen/protocol.ts";

/** A decision codex understands for commands and file changes. */
export type ApprovalDecision = "accept" | "acceptForSession" | "decline" | "cancel";

/** A fixed decision, or a callback deciding per request. */
export type ApprovalPolicy<P> = ApprovalDecision | ((request: P) => ApprovalDecision | Promise<ApprovalDecision>);

/** What to answer for each kind of approval request. */
export interface ApprovalDecisions {
  /**
   * `item/commandExecution/requestApproval`. `request.command` is the login-shell invocation codex will run
   * (`/bin/bash -lc 'npm test'`): compare `unwrapShellCommand(request.command)` against what you allow.
   */
  commandExecution?: ApprovalPolicy<ServerRequestMap["item/commandExecution/requestApproval"]["params"]>;
  /** `item/fileChange/requestApproval`. */
  fileChange?: ApprovalPolicy<ServerRequestMap["item/fileChange/requestApproval"]["params"]>;
  /** `item/permissions/requestApproval`: accept grants what was asked (for the turn, or the session). */
  permissions?: ApprovalPolicy<ServerRequestMap["item/permissions/requestApproval"]["params"]>;
  /** `mcpServer/elicitation/request` (MCP tool approvals come this way). */
  mcpElicitation?: ApprovalPolicy<ServerRequestMap["mcpServer/elicitation/request"]["params"]>;
  /** Answer `decline` when a callback takes longer than this. Default 5 minutes. */
  timeoutMs?: number;
}
