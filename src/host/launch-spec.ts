/**
 * Turns a client's `OpenChannel` request into a {@link LaunchSpec} for the host's own transport, through the
 * {@link Policy}. Only typed options exist on the wire, so there is no argv to inject into; everything the host owns
 * (binary, environment, `CODEX_HOME`, API key, base URL, profile) is set here and never by the client.
 *
 * @module
 */
import { IMAGE_MEDIA_TYPES } from "../thread/input.ts";
import type { LaunchOptions } from "../options.ts";
import type { LaunchSpec } from "../transport.ts";
import type { OpenChannel, LaunchOptions as WireOptions } from "../gen/relay_pb.ts";
import { denied, type Policy } from "./policy.ts";

/** What the host adds to every launch. */
export interface LaunchContext {
  /** The policy. */
  policy: Policy;
  /** `CODEX_HOME` for this principal, if the host separates them. */
  codexHome?: string;
  /** Whether `resume_last` is allowed (it reads the newest session of a shared CODEX_HOME). */
  allowResumeLast?: boolean;
  /** Stores image bytes in a private temp file; returns its path and how to remove it. */
  storeImage?: (mediaType: string, data: Uint8Array) => Promise<{ path: string; cleanup: () => Promise<void> }>;
  /** Receives the cleanup of every stored image (run them when the channel ends or fails to start). */
  cleanups?: Array<() => Promise<void>>;
  /** Maximum images per turn. */
  maxImages?: number;
}

const WEB_SEARCH = ["disabled", "cached", "live"];
const NAME = /^[A-Za-z0-9._:/-]{1,200}$/;
const THREAD_ID = /^[A-Za-z0-9-]{1,100}$/;

function checked(value: string | undefined, what: string, re: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (!re.test(value)) throw denied(`Cannot use ${what} ${JSON.stringify(value.slice(0, 100))}: malformed`);
  return value;
}

async function options(o: WireOptions | undefined, ctx: LaunchContext): Promise<LaunchOptions> {
  const { policy } = ctx;
  const out: LaunchOptions = {
    sandboxMode: policy.sandbox(o?.sandboxMode),
    workingDirectory: o?.workingDirectory !== undefined
      ? await policy.confine(o.workingDirectory, "working directory")
      : policy.defaultRoot,
  };
  if (!o) return { ...out, ...(ctx.codexHome ? { codexHome: ctx.codexHome } : {}) };
  if (o.additionalDirectories.length) {
    out.additionalDirectories = await Promise.all(o.additionalDirectories.map((d) => policy.confine(d, "directory")));
  }
  if (o.model !== undefined) out.model = checked(o.model, "model", NAME)!;
  if (o.modelReasoningEffort !== undefined) out.modelReasoningEffort = checked(o.modelReasoningEffort, "reasoning effort", /^[a-z_]{1,40}$/)!;
  if (o.skipGitRepoCheck !== undefined) out.skipGitRepoCheck = o.skipGitRepoCheck;
  if (o.networkAccessEnabled !== undefined) out.networkAccessEnabled = policy.network(o.networkAccessEnabled);
  if (o.webSearchMode !== undefined) {
    if (!WEB_SEARCH.includes(o.webSearchMode)) throw denied(`Cannot use web search mode ${o.webSearchMode}`);
    out.webSearchMode = o.webSearchMode as LaunchOptions["webSearchMode"] & string;
  }
  if (o.approvalPolicy !== undefined) out.approvalPolicy = policy.approval(o.approvalPolicy as LaunchOptions["approvalPolicy"]);
  if (o.ephemeral !== undefined) out.ephemeral = o.ephemeral;
  if (o.threadSource !== undefined) out.threadSource = checked(o.threadSource, "thread source", NAME)!;
  const config: Record<string, unknown> = { ...(o.config ?? {}) };
  for (const [feature, enabled] of Object.entries(o.featureOverrides)) config[`features.${feature}`] = enabled;
  if (Object.keys(config).length) out.config = await policy.config(config);
  if (ctx.codexHome) out.codexHome = ctx.codexHome;
  return out;
}

/**
 * Validates and clamps an `OpenChannel` request.
 *
 * @param open The request.
 * @param ctx Policy and host-owned settings.
 * @returns The launch spec to open on the host's transport.
 * @throws {CodexRelayError} `POLICY_DENIED` when the request asks for something the host refuses.
 * @example
 * ```ts
 * const spec = await toLaunchSpec(frame.frame.value, { policy });
 * ```
 */
export async function toLaunchSpec(open: OpenChannel, ctx: LaunchContext): Promise<LaunchSpec> {
  if (open.launch.case === "appServer") {
    return { mode: "app-server", options: await options(open.launch.value.options, ctx) };
  }
  if (open.launch.case !== "exec") throw denied("Cannot open a channel: the request names no launch mode");
  const exec = open.launch.value;
  const spec: LaunchSpec = { mode: "exec", options: await options(exec.options, ctx) };
  if (exec.resumeLast) {
    if (!ctx.allowResumeLast) throw denied("Cannot resume the last session: the host does not allow it");
    spec.resume = { last: true };
  } else if (exec.resumeThreadId) spec.resume = checked(exec.resumeThreadId, "thread id", THREAD_ID)!;
  const images = await Promise.all(exec.imagePaths.map((p) => ctx.policy.confine(p, "image")));
  if (exec.images.length + images.length > (ctx.maxImages ?? 16)) throw denied("Cannot attach so many images");
  for (const image of exec.images) {
    if (!(IMAGE_MEDIA_TYPES as readonly string[]).includes(image.mediaType)) throw denied(`Cannot attach an image of type ${image.mediaType}`);
    if (!ctx.storeImage) throw denied("Cannot attach image bytes: the host does not store images");
  }
  for (const image of exec.images) {
    const stored = await ctx.storeImage!(image.mediaType, image.data);
    ctx.cleanups?.push(stored.cleanup);
    images.push(stored.path);
  }
  if (images.length) spec.images = images;
  if (exec.outputSchema) spec.outputSchema = exec.outputSchema;
  return spec;
}
