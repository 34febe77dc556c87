/**
 * Checks every HTTP request and upgrade before anything else: the `Host` header against an allow-list (DNS
 * rebinding) and the `Origin` header, when present, against an exact allow-list (cross-site WebSocket hijacking;
 * `Origin: null` and unparsable origins are refused). `X-Forwarded-*` headers are never read.
 *
 * @module
 */

/** What {@link checkRequest} enforces. */
export interface RequestGuardOptions {
  /** Accepted `Host` header values (`host:port`, case-insensitive). */
  allowHosts: readonly string[];
  /** Accepted `Origin` values (exact, e.g. `https://app.example.com`). Requests without `Origin` pass. */
  allowOrigins?: readonly string[];
}

/** A refusal: the HTTP status and why. */
export interface GuardRefusal {
  /** 403. */
  status: 403;
  /** Why. */
  reason: string;
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin === value ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Checks a request's `Host` and `Origin` headers.
 *
 * @param request The request.
 * @param options The allow-lists.
 * @returns `null` when the request may proceed, else the refusal.
 * @example
 * ```ts
 * checkRequest(request, { allowHosts: ["127.0.0.1:8080"] }); // null or { status: 403, reason }
 * ```
 */
export function checkRequest(request: Request, options: RequestGuardOptions): GuardRefusal | null {
  const host = request.headers.get("host")?.toLowerCase();
  if (!host || !options.allowHosts.some((h) => h.toLowerCase() === host)) {
    return { status: 403, reason: "host not allowed" };
  }
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const parsed = originOf(origin);
  if (parsed === null || !(options.allowOrigins ?? []).includes(parsed)) {
    return { status: 403, reason: "origin not allowed" };
  }
  return null;
}
