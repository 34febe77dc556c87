/**
 * The host's policy: what a client may ask for. Sandbox modes are clamped to a ceiling, approval policies checked
 * against an allowed set, working directories (and every other path) confined to the configured roots after
 * resolving symlinks, config keys filtered by an allow-list, and network access off unless enabled. Path resolution
 * is runtime-specific, so it is injected (`resolvePath`, e.g. `fs.realpath`).
 *
 * @module
 */
import type { ApprovalMode, ConfigObject, SandboxMode } from "../options.ts";
import { CodexRelayError } from "../relay/errors.ts";
import { DEFAULT_CONFIG_KEYS, flattenEntries, isConfigKeyAllowed } from "./config-keys.ts";

/** Options of {@link Policy}. */
export interface PolicyOptions {
  /** Absolute working-directory roots; every client path must resolve inside one. */
  roots: readonly string[];
  /** Resolves a path to its canonical form, symlinks followed; rejects when it does not exist. */
  resolvePath: (path: string) => Promise<string>;
  /** The most permissive sandbox a client may get. Default `"workspace-write"`. */
  sandboxCeiling?: SandboxMode;
  /** The sandbox used when the client asks for none. Default: `"workspace-write"`, or the ceiling if lower. */
  defaultSandbox?: SandboxMode;
  /** What to do with a sandbox above the ceiling: refuse (default) or lower it to the ceiling. */
  onExcess?: "reject" | "clamp";
  /** Approval policies a client may choose. Default all four. */
  approvalPolicies?: readonly ApprovalMode[];
  /** Whether clients may enable network access inside the sandbox. Default `false`. */
  allowNetworkAccess?: boolean;
  /** Config keys clients may set (`prefix.*` patterns). Default {@link DEFAULT_CONFIG_KEYS}. */
  configKeys?: readonly string[];
}

const SANDBOX_ORDER: readonly SandboxMode[] = ["read-only", "workspace-write", "danger-full-access"];
const APPROVALS: readonly ApprovalMode[] = ["never", "on-request", "on-failure", "untrusted"];

/**
 * Refuses a request.
 *
 * @param message What was refused and why.
 * @returns The error to throw.
 */
export const denied = (message: string): CodexRelayError => new CodexRelayError("POLICY_DENIED", message);

/**
 * Applies the host's policy to what clients ask for.
 *
 * @example
 * ```ts
 * const policy = new Policy({ roots: ["/srv/work"], resolvePath: (p) => fs.realpath(p) });
 * await policy.confine("/srv/work/repo"); // "/srv/work/repo"
 * ```
 */
export class Policy {
  readonly #options: PolicyOptions;
  readonly #roots: string[];

  /**
   * Creates a policy.
   * @param options The policy; `roots` must already be canonical (resolved) absolute paths.
   * @throws {TypeError} When no root is configured or a root is not absolute.
   */
  constructor(options: PolicyOptions) {
    if (options.roots.length === 0) throw new TypeError("Cannot create a policy: at least one root is required");
    for (const root of options.roots) {
      if (!root.startsWith("/")) throw new TypeError(`Cannot use root ${root}: it must be an absolute path`);
    }
    this.#options = options;
    this.#roots = options.roots.map((r) => (r.length > 1 && r.endsWith("/") ? r.slice(0, -1) : r));
  }

  /** The first root: the working directory when a client names none. */
  get defaultRoot(): string {
    return this.#roots[0]!;
  }

  /**
   * Confines a client path to the roots.
   *
   * @param path An absolute path.
   * @param what What the path is, for the error message.
   * @returns The canonical path (symlinks resolved).
   * @throws {CodexRelayError} `POLICY_DENIED` when the path is relative, has `..`, does not exist or leaves the roots.
   */
  async confine(path: string, what = "path"): Promise<string> {
    if (typeof path !== "string" || !path.startsWith("/") || path.includes("\0")) {
      throw denied(`Cannot use ${what} ${JSON.stringify(path)}: it must be an absolute path`);
    }
    if (path.split("/").includes("..")) throw denied(`Cannot use ${what} ${path}: ".." is not allowed`);
    let resolved: string;
    try {
      resolved = await this.#options.resolvePath(path);
    } catch {
      throw denied(`Cannot use ${what} ${path}: it does not exist on the host`);
    }
    const inside = this.#roots.some((root) => resolved === root || resolved.startsWith(root === "/" ? "/" : `${root}/`));
    if (!inside) throw denied(`Cannot use ${what} ${path}: it is outside the host's roots`);
    return resolved;
  }

  /**
   * Clamps a sandbox mode to the ceiling.
   *
   * @param mode The requested mode, if any.
   * @returns The mode to run with (never absent).
   * @throws {CodexRelayError} `POLICY_DENIED` for an unknown mode, or one above the ceiling when not clamping.
   */
  sandbox(mode: string | null | undefined): SandboxMode {
    const ceiling = this.#options.sandboxCeiling ?? "workspace-write";
    const cap = SANDBOX_ORDER.indexOf(ceiling);
    if (mode === undefined || mode === null) {
      const fallback = this.#options.defaultSandbox ?? "workspace-write";
      return SANDBOX_ORDER[Math.min(SANDBOX_ORDER.indexOf(fallback), cap)]!;
    }
    const index = SANDBOX_ORDER.indexOf(mode as SandboxMode);
    if (index < 0) throw denied(`Cannot use sandbox ${JSON.stringify(mode)}: unknown sandbox mode`);
    if (index <= cap) return mode as SandboxMode;
    if (this.#options.onExcess === "clamp") return ceiling;
    throw denied(`Cannot use sandbox ${mode}: the host allows at most ${ceiling}`);
  }

  /**
   * Checks an approval policy.
   *
   * @param policy The requested policy (a string, or codex's granular object, treated as `on-request`).
   * @returns The policy, unchanged.
   * @throws {CodexRelayError} `POLICY_DENIED` when the host does not allow it.
   */
  approval<T>(policy: T): T {
    if (policy === undefined || policy === null) return policy;
    const mode = typeof policy === "string" ? policy : "on-request";
    const allowed = this.#options.approvalPolicies ?? APPROVALS;
    if (!APPROVALS.includes(mode as ApprovalMode) || !allowed.includes(mode as ApprovalMode)) {
      throw denied(`Cannot use approval policy ${JSON.stringify(policy)}: the host allows ${allowed.join(", ")}`);
    }
    return policy;
  }

  /**
   * Checks network access inside the sandbox.
   *
   * @param enabled What the client asks for.
   * @returns The value, unchanged.
   * @throws {CodexRelayError} `POLICY_DENIED` when enabling it is not allowed.
   */
  network<T>(enabled: T): T {
    if (enabled === true && !this.#options.allowNetworkAccess) {
      throw denied("Cannot enable network access: the host does not allow it");
    }
    return enabled;
  }

  /**
   * Checks a client config object against the allow-list; path-valued keys are confined.
   *
   * @param config The nested (or dotted) config.
   * @returns The config to pass on (writable roots canonicalised).
   * @throws {CodexRelayError} `POLICY_DENIED` naming the first refused key.
   */
  async config(config: Record<string, unknown>): Promise<ConfigObject> {
    const allow = this.#options.configKeys ?? DEFAULT_CONFIG_KEYS;
    const out: Record<string, unknown> = {};
    for (const [key, value] of flattenEntries(config)) {
      if (!isConfigKeyAllowed(key, allow)) throw denied(`Cannot set config ${key}: the host does not allow it`);
      if (value === null || value === undefined) continue;
      if (key === "sandbox_workspace_write.network_access") this.network(value);
      if (key === "sandbox_workspace_write.writable_roots") {
        if (!Array.isArray(value)) throw denied(`Cannot set config ${key}: expected a list of paths`);
        out[key] = await Promise.all(value.map((p) => this.confine(p as string, "writable root")));
        continue;
      }
      out[key] = value;
    }
    return out as ConfigObject;
  }
}
