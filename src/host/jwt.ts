/**
 * HS256 JSON Web Tokens for servers and edge functions (`Authorization: Bearer <jwt>`): the algorithm is pinned
 * (`alg: none`, RS256 and everything else are refused), `exp` is required, `nbf`, `iss` and `aud` are checked when
 * configured, with a small clock skew. WebCrypto only.
 *
 * @module
 */
import { base64UrlDecode, utf8 } from "./encoding.ts";

/** What {@link verifyJwt} checks besides the signature. */
export interface JwtRequirements {
  /** Required issuer. */
  issuer?: string;
  /** Required audience (matches `aud` or any entry of an `aud` array). */
  audience?: string;
  /** Allowed clock skew. Default 30 000 ms. */
  clockSkewMs?: number;
  /** The current time in ms (tests). Default `Date.now()`. */
  now?: number;
}

/** The claims of a verified JWT. */
export type JwtClaims = Record<string, unknown> & { exp: number; sub?: string };

function json(part: string): Record<string, unknown> | null {
  const bytes = base64UrlDecode(part);
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Verifies an HS256 JWT against any of `keys` (key rotation).
 *
 * @param token The compact JWT.
 * @param keys HMAC-SHA-256 keys of the accepted secrets.
 * @param requirements Issuer, audience, skew.
 * @returns The claims, or `null` when the token is malformed, not HS256, badly signed, expired or not for us.
 * @example
 * ```ts
 * const claims = await verifyJwt(token, [await hmacKey(secret)], { audience: "codex-host" });
 * ```
 */
export async function verifyJwt(
  token: string,
  keys: readonly CryptoKey[],
  requirements: JwtRequirements = {},
): Promise<JwtClaims | null> {
  if (token.length > 8192) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  const header = json(h);
  if (!header || header.alg !== "HS256" || (header.typ !== undefined && header.typ !== "JWT")) return null;
  if (header.crit !== undefined) return null;
  const signature = base64UrlDecode(s);
  if (!signature || signature.length !== 32) return null;
  let verified = false;
  for (const key of keys) verified = (await crypto.subtle.verify("HMAC", key, signature, utf8(`${h}.${p}`))) || verified;
  if (!verified) return null;
  const claims = json(p);
  if (!claims) return null;
  const now = (requirements.now ?? Date.now()) / 1000;
  const skew = (requirements.clockSkewMs ?? 30_000) / 1000;
  if (typeof claims.exp !== "number" || claims.exp + skew < now) return null;
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf - skew > now)) return null;
  if (requirements.issuer !== undefined && claims.iss !== requirements.issuer) return null;
  if (requirements.audience !== undefined) {
    const aud = claims.aud;
    const ok = typeof aud === "string" ? aud === requirements.audience : Array.isArray(aud) && aud.includes(requirements.audience);
    if (!ok) return null;
  }
  if (claims.sub !== undefined && typeof claims.sub !== "string") return null;
  return claims as JwtClaims;
}
