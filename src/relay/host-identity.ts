/**
 * Which host a connection reached, as its `Hello` says, and what that means for resuming behind a proxy with many
 * hosts: a reconnect asks the proxy for the host that runs the channels (`?codexkit_host=<id>`), and a reconnect that
 * reached another host — or the same name restarted — cannot resume them, because they died with the process that
 * ran them.
 *
 * @module
 */
import { CodexRelayError } from "./errors.ts";

/** The query parameter a reconnect names its host with (the proxy routes on it). */
export const STICKY_HOST_PARAM = "codexkit_host";

/** A host as its `Hello` names it; empty strings when the host does not say (older hosts). */
export interface HostIdentity {
  /** The host's routing name. */
  id: string;
  /** New at every start of the host (a restart gets a new one). */
  instance: string;
}

/**
 * The URL a reconnect dials: the host's URL with `codexkit_host=<id>` added (other query parameters kept).
 *
 * @param url The host's (or proxy's) URL.
 * @param hostId The host to ask for; empty: the URL unchanged.
 * @returns The URL to dial.
 * @example
 * ```ts
 * stickyUrl("wss://codex.example.com/relay?team=x", "host-a"); // "wss://codex.example.com/relay?team=x&codexkit_host=host-a"
 * ```
 */
export function stickyUrl(url: string, hostId: string): string {
  if (!hostId) return url;
  const parsed = new URL(url);
  parsed.searchParams.set(STICKY_HOST_PARAM, hostId);
  return parsed.href;
}

/**
 * Whether a channel opened on `home` can be resumed on a connection to `reached`. Unknown identities (a host that
 * does not name itself) are given the benefit of the doubt: the host itself refuses a session it does not hold.
 *
 * @param home Where the channel was opened.
 * @param reached Where the reconnect landed.
 * @returns `false` when they are provably different hosts or host processes.
 * @example
 * ```ts
 * canResumeOn({ id: "a", instance: "1" }, { id: "b", instance: "2" }); // false
 * ```
 */
export function canResumeOn(home: HostIdentity | undefined, reached: HostIdentity): boolean {
  if (!home?.id || !reached.id) return true;
  return home.id === reached.id && home.instance === reached.instance;
}

/**
 * The error a channel fails with when the reconnect reached another host than the one that ran it.
 *
 * @param channel The channel's number.
 * @param home Where it ran.
 * @param reached Where the reconnect landed.
 * @returns A {@link CodexRelayError} with `reason: "HOST_GONE"`.
 * @example
 * ```ts
 * channel.lost(hostGoneError(3, { id: "a", instance: "1" }, { id: "b", instance: "2" }));
 * ```
 */
export function hostGoneError(channel: number, home: HostIdentity, reached: HostIdentity): CodexRelayError {
  const where = reached.id === home.id ? `host "${home.id}" restarted` : `host "${reached.id}"`;
  return new CodexRelayError(
    "HOST_GONE",
    `Cannot resume channel ${channel}: codex host "${home.id}" that ran it is gone (the reconnect reached ${where}), and ` +
      "what it was running went with it; a thread lives on in the CODEX_HOME the hosts share: run it again (or " +
      "codex.resumeThread(id)) to continue it on the host reached now",
  );
}
