#!/usr/bin/env node
/**
 * `codexkit`: the package's command line (npm `bin`; `npx codexkit`, `bunx codexkit`, `deno run -A npm:@codexkit/sdk`).
 *
 * ```
 * codexkit which                       the codex binary the SDK would run, and its version
 * codexkit run [options] "prompt"      one codex turn, shown live (see bin/run.ts)
 * codexkit scripted-model [options]    a scripted Responses API on 127.0.0.1 for offline experiments
 * codexkit host [options]             serve codex to remote clients over WebSocket (see bin/host.ts)
 * ```
 *
 * Built by tsdown to `dist/cli.mjs`; uses only `node:` built-ins (which Deno and Bun provide) and the SDK's sources.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import process from "node:process";
import { parseArgs } from "node:util";
import { flattenConfig } from "../src/exec/toml.ts";
import { reply } from "../src/testing/script.ts";
import type { ScriptedResponse } from "../src/testing/script.ts";
import { ScriptedModel, scriptedModelConfig } from "../src/testing/scripted-model.ts";
import { resolveCodexBinary } from "../transports/_codex-binary.ts";
import { listenHttp } from "../transports/http-listen.ts";
import { host, HOST_USAGE, isHostUsageError } from "./host.ts";
import { run, RunUsageError } from "./run.ts";

const USAGE = `Usage: codexkit <command> [options]

Commands:
  run [options] "prompt"     Run one codex turn: a live view on a terminal, plain lines otherwise, --json for
                             scripts; Ctrl-C interrupts cleanly (exit 130). \`codexkit run --help\` for options
  which                      Print the codex binary @codexkit/sdk would run (CODEX_PATH, the @openai/codex
                             package, then PATH) and its --version
  scripted-model             Serve a scripted OpenAI Responses API on 127.0.0.1 and print the codex flags that use
                             it: run the real codex offline, with no API key, against answers you choose
  host                       Serve codex to remote clients over WebSocket (see \`codexkit host --help\`)

scripted-model options:
  --port <n>                 Port to listen on (default: any free port)
  --reply <text>             Answer the next model request with this message (repeatable, in order; after the
                             --script responses when both are given)
  --script <file.json>       A JSON array of scripted responses, in order, e.g.
                             [{"output":[{"type":"exec_command","cmd":"ls"}]},{"output":[{"type":"message","text":"Done"}]}]
  --fallback <text>          Answer every request beyond the script with this message (default without a script:
                             a message saying how to script one; with a script: HTTP 400 "the script has no response")
  --retries <n>              Retries codex makes on a failed request (default 0)
  --json                     Print {"baseUrl","config","flags"} as one JSON line instead of the human text

Global options:
  -h, --help                 Show this help
  -v, --version              Show the @codexkit/sdk version`;

const DEFAULT_FALLBACK =
  "This is the codexkit scripted model. Script my answers with --reply <text> or --script <file>.";

class UsageError extends Error {}

function version(): string {
  // dist/cli.mjs and bin/codexkit.ts both sit one level below the package root
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Single-quotes a string for a POSIX shell. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

function which(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const path = resolveCodexBinary();
  let codexVersion: string;
  try {
    codexVersion = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
  } catch (err) {
    codexVersion = `(codex --version failed: ${(err as Error).message.split("\n")[0]})`;
  }
  if (values.json) console.log(JSON.stringify({ path, version: codexVersion }));
  else console.log(`${path}\n${codexVersion}`);
  return 0;
}

function readScript(file: string): ScriptedResponse[] {
  let steps: unknown;
  try {
    steps = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`Cannot read --script ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === "object" && s !== null && !Array.isArray(s))) {
    throw new UsageError(`Cannot use --script ${file}: expected a JSON array of response objects`);
  }
  return steps as ScriptedResponse[];
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`Invalid --${name} ${value}: expected an integer`);
  }
  return n;
}

async function scriptedModel(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: "string" },
      reply: { type: "string", multiple: true },
      script: { type: "string" },
      fallback: { type: "string" },
      retries: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const steps: ScriptedResponse[] = [
    ...(values.script ? readScript(values.script) : []),
    ...(values.reply ?? []).map((text) => reply(text)),
  ];
  const fallbackText = values.fallback ?? (steps.length === 0 ? DEFAULT_FALLBACK : undefined);
  const model = new ScriptedModel(steps, fallbackText === undefined ? {} : { fallback: reply(fallbackText) });
  const retries = intOption("retries", values.retries);
  const port = intOption("port", values.port);
  const listener = await listenHttp(async (request) => {
    const response = await model.fetch(request);
    console.error(`${request.method} ${new URL(request.url).pathname} → ${response.status}`);
    return response;
  }, port === undefined ? {} : { port });
  const baseUrl = `${listener.url}/v1`;
  const config = scriptedModelConfig(baseUrl, retries === undefined ? {} : { retries });
  const flags = flattenConfig(config).flatMap((kv) => ["-c", kv]);

  if (values.json) {
    console.log(JSON.stringify({ baseUrl, config, flags }));
  } else {
    console.log(
      `Scripted model listening on ${baseUrl} (${steps.length} scripted ${
        steps.length === 1 ? "response" : "responses"
      }; Ctrl-C stops it)

Run codex against it (a throwaway CODEX_HOME keeps your own sessions clean; codex exec reads stdin to EOF):
  CODEX_HOME=$(mktemp -d) codex exec --skip-git-repo-check ${flags.map(shellQuote).join(" ")} "Say hi" < /dev/null

Or from TypeScript: new Codex({ config: ${JSON.stringify(config)} })`,
    );
  }

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await listener.close();
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return await run(rest);
    case "which":
      return which(rest);
    case "scripted-model":
      return await scriptedModel(rest);
    case "host":
      if (rest.includes("--help") || rest.includes("-h")) return (console.log(HOST_USAGE), 0);
      return await host(rest);
    case "-v":
    case "--version":
      console.log(version());
      return 0;
    case undefined:
    case "-h":
    case "--help":
    case "help":
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(`Unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError || err instanceof RunUsageError || isHostUsageError(err) ||
      (err as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    console.error(`codexkit: ${(err as Error)?.message ?? err}${usage ? "\nRun `codexkit --help` for usage" : ""}`);
    process.exit(usage ? 2 : 1);
  },
);
