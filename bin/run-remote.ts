/**
 * `codexkit run --remote`: the turn runs on a codex host instead of this machine. The host decides codex's binary,
 * environment and config; local image files are uploaded as bytes (a path would name a file on the host).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import process from "node:process";
import type { ImageMediaType, Transport, UserInput } from "../src/mod.ts";
import type { WebSocketConstructor } from "../src/relay/socket.ts";
import { websocketTransport } from "../transports/websocket.ts";
import { RunUsageError } from "./run-usage-error.ts";

const MEDIA_TYPES: Record<string, ImageMediaType> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/**
 * The token for the host: the first line of `--token-file`, else `CODEXKIT_HOST_TOKEN`.
 * @param tokenFile The `--token-file` value.
 * @returns The token.
 * @throws {RunUsageError} When neither is set or the file cannot be read.
 */
export function hostToken(tokenFile: string | undefined): string {
  if (tokenFile) {
    let text: string;
    try {
      text = readFileSync(tokenFile, "utf8");
    } catch (err) {
      throw new RunUsageError(`Cannot read --token-file ${tokenFile}: ${(err as Error).message}`);
    }
    const token = text.split("\n")[0]!.trim();
    if (!token) throw new RunUsageError(`Invalid --token-file ${tokenFile}: it is empty`);
    return token;
  }
  const token = process.env.CODEXKIT_HOST_TOKEN?.trim();
  if (!token) throw new RunUsageError("Missing the host token: pass --token-file <file> or set CODEXKIT_HOST_TOKEN");
  return token;
}

/**
 * A websocket transport to the host, with the runtime's WebSocket or, on Node 20 (which has none), the `ws` package.
 * @param url The host URL.
 * @param token The bearer token.
 * @returns The transport.
 * @throws {RunUsageError} When there is no WebSocket to use.
 */
export async function remoteTransport(url: string, token: string): Promise<Transport & { close(): Promise<void> }> {
  let Ctor = (globalThis as { WebSocket?: unknown }).WebSocket as WebSocketConstructor | undefined;
  if (!Ctor) {
    try {
      // a computed name: bundlers and type checkers must not require this optional package
      const name = "ws";
      Ctor = (await import(name)).default as WebSocketConstructor;
    } catch {
      throw new RunUsageError(
        "Cannot use --remote: this Node has no WebSocket (Node 20); use Node 22 or later, or `npm install ws`",
      );
    }
  }
  try {
    return websocketTransport({ url, token, WebSocket: Ctor });
  } catch (err) {
    throw new RunUsageError(`Invalid --remote ${url}: ${(err as Error).message}`);
  }
}

/**
 * Local image files as `image_bytes` parts, for a host that cannot read this machine's files.
 * @param paths The `--image` values.
 * @returns The parts.
 * @throws {RunUsageError} For an unreadable file or a type codex does not take.
 */
export function imagesAsBytes(paths: readonly string[]): UserInput[] {
  return paths.map((path) => {
    const mediaType = MEDIA_TYPES[extname(path).toLowerCase()];
    if (!mediaType) throw new RunUsageError(`Invalid --image ${path}: expected a .png, .jpg, .gif or .webp file`);
    try {
      return { type: "image_bytes", data: new Uint8Array(readFileSync(path)), mediaType };
    } catch (err) {
      throw new RunUsageError(`Cannot read --image ${path}: ${(err as Error).message}`);
    }
  });
}
