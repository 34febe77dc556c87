/**
 * Small byte helpers the host's auth needs: base64url, UTF-8, random ids and a constant-time comparison, on web
 * standards only (WebCrypto, TextEncoder), so they run in every backend and edge runtime.
 *
 * @module
 */

import { encodeBase64 } from "../base64.ts";

const encoder = new TextEncoder();

/**
 * Encodes bytes as unpadded base64url.
 *
 * @param bytes The bytes.
 * @returns The base64url text.
 * @example
 * ```ts
 * base64UrlEncode(new Uint8Array([255])); // "_w"
 * ```
 */
export function base64UrlEncode(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Decodes unpadded base64url.
 *
 * @param text The base64url text.
 * @returns The bytes, or `null` when `text` is not base64url.
 * @example
 * ```ts
 * base64UrlDecode("_w"); // Uint8Array [255]
 * ```
 */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * UTF-8 bytes of a string.
 *
 * @param text The text.
 * @returns Its UTF-8 encoding.
 * @example
 * ```ts
 * utf8("é").length; // 2
 * ```
 */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/**
 * A random identifier: `bytes` bytes from the CSPRNG, base64url-encoded.
 *
 * @param bytes How many random bytes. Default 24.
 * @returns The identifier.
 * @example
 * ```ts
 * randomId(); // "kQ3…" (32 characters)
 * ```
 */
export function randomId(bytes = 24): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * SHA-256 of a string.
 *
 * @param text The text.
 * @returns The 32-byte digest.
 * @example
 * ```ts
 * const digest = await sha256("token");
 * ```
 */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(text)));
}

/**
 * Compares two byte arrays in time independent of where they differ.
 *
 * @param a One array.
 * @param b The other.
 * @returns Whether they are equal.
 * @example
 * ```ts
 * constantTimeEqual(await sha256(given), expectedDigest);
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i % (a.length || 1)] ?? 0) ^ (b[i % (b.length || 1)] ?? 0);
  return diff === 0 && a.length === b.length;
}

/**
 * Imports a secret as an HMAC-SHA-256 key.
 *
 * @param secret The secret (text or bytes).
 * @returns The key, usable to sign and verify.
 * @example
 * ```ts
 * const key = await hmacKey("a secret of at least 32 bytes........");
 * ```
 */
export function hmacKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === "string" ? utf8(secret) : new Uint8Array(secret);
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}
