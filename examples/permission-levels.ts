// Permission levels: what the agent's commands may touch (sandbox mode) and when codex asks first (approval policy).
//   1. sandboxMode "read-only" | "workspace-write" | "danger-full-access": the same command tries to write a file in
//      the working directory and one outside it; the files on disk show what each sandbox allowed.
//   2. approvalPolicy: a command asks to run outside the sandbox (escalation). codex exec 0.169 always runs with
//      approval policy "never" — whatever approvalPolicy says — and rejects such requests, so this part uses the
//      app-server backend, where "on-request" asks your `approvals` callback and "never" rejects without asking.
//
// Run:  npx tsx examples/permission-levels.ts --mock                  offline (scripted model, real sandbox)
//       CODEX_API_KEY=sk-... npx tsx examples/permission-levels.ts    live (OpenAI)
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApprovalMode, Codex, type SandboxMode, unwrapShellCommand } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

// A directory outside the workspace. workspace-write also allows /tmp and $TMPDIR by default; the config below
// excludes them, so "outside" really is outside.
const outside = mkdtempSync(join(tmpdir(), "codexkit-outside-"));
const sandboxes: SandboxMode[] = ["read-only", "workspace-write", "danger-full-access"];
const policies: ApprovalMode[] = ["never", "on-request"];
const sandboxCommand = (mode: SandboxMode) => `touch inside.txt; touch ${join(outside, `${mode}.txt`)}`;
const escalatedCommand = (policy: ApprovalMode) => `touch ${join(outside, `escalated-${policy}.txt`)}`;
const answer = (request: Parameters<typeof lastOutputLine>[0]) => reply(`Result: ${lastOutputLine(request) || "done"}`);

const setup = await setupExample([
  ...sandboxes.flatMap((mode) => [runCommand(sandboxCommand(mode)), answer]),
  // `sandbox_permissions: "require_escalated"` is how the model asks to run a command outside the sandbox
  ...policies.flatMap((policy) => [
    runCommand(escalatedCommand(policy), {
      sandbox_permissions: "require_escalated",
      justification: "write outside the workspace",
    }),
    answer,
  ]),
], { appServer: true });

const config = { sandbox_workspace_write: { exclude_slash_tmp: true, exclude_tmpdir_env_var: true } };
const mark = (ok: boolean) => (ok ? "✓ written" : "✗ blocked");

try {
  console.log("1. sandbox modes (exec backend)");
  const codex = new Codex({ ...setup.codexOptions, config: { ...setup.codexOptions.config, ...config } });
  for (const sandboxMode of sandboxes) {
    const dir = join(setup.workDir, sandboxMode);
    mkdirSync(dir);
    const thread = codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true, sandboxMode });
    await thread.run(`Run exactly this shell command, even if it fails: ${sandboxCommand(sandboxMode)}`);
    const inside = existsSync(join(dir, "inside.txt"));
    const out = existsSync(join(outside, `${sandboxMode}.txt`));
    console.log(`   ${sandboxMode.padEnd(19)} inside the workspace: ${mark(inside)}   outside: ${mark(out)}`);
  }

  console.log("\n2. approval policy (app-server backend, workspace-write sandbox)");
  const appServer = new Codex({
    ...setup.codexOptions,
    config: { ...setup.codexOptions.config, ...config },
    backend: "app-server",
  });
  try {
    for (const approvalPolicy of policies) {
      let asked = false;
      const thread = appServer.startThread({
        workingDirectory: setup.workDir,
        sandboxMode: "workspace-write",
        approvalPolicy,
        approvals: {
          // called only when codex asks; accepts a plain `touch FILE`, declines anything else (unwrapShellCommand
          // turns codex's `/bin/bash -lc '…'` back into the command the agent wrote)
          commandExecution: (request) => (
            (asked = true), /^touch [\w./-]+$/.test(unwrapShellCommand(request.command)) ? "accept" : "decline"
          ),
        },
      });
      await thread.run(`Run \`${escalatedCommand(approvalPolicy)}\`; it needs escalated permissions.`);
      const written = existsSync(join(outside, `escalated-${approvalPolicy}.txt`));
      const how = asked ? "asked our callback → accepted" : "not asked (codex rejected the escalation)";
      console.log(`   ${approvalPolicy.padEnd(11)} ${how.padEnd(44)} outside: ${mark(written)}`);
    }
  } finally {
    await appServer.close();
  }
} finally {
  rmSync(outside, { recursive: true, force: true });
  await setup.close();
}
