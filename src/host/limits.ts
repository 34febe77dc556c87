/**
 * The host's resource limits, with their defaults.
 *
 * @module
 */

/** Resource limits of a codex host. */
export interface HostLimits {
  /** Open WebSocket connections. Default 64. */
  maxConnections: number;
  /** Live sessions (codex processes) per principal. Default 8. */
  maxSessionsPerPrincipal: number;
  /** Live sessions in total. Default 64. */
  maxSessions: number;
  /** Largest client frame, in bytes (1009 above it). Default 16 MiB (image uploads ride in frames). */
  maxFrameBytes: number;
  /** Largest line codex may print, in bytes. Default 16 MiB. */
  maxLineBytes: number;
  /** Total stdout bytes per channel. Default 1 GiB. */
  maxOutputBytes: number;
  /** Unacknowledged bytes per channel before codex is paused. Default 8 MiB. */
  windowBytes: number;
  /** A connection holding no channel is closed after this long without frames. Default 10 minutes. */
  idleTimeoutMs: number;
  /** WebSocket ping interval; a peer that misses a pong is terminated. Default 20 000 ms. */
  heartbeatMs: number;
  /** How long a dropped connection's channels wait to be resumed. Default 30 000 ms. */
  detachGraceMs: number;
  /** How long codex waits for the owner to answer an approval before the host declines it. Default 5 minutes. */
  approvalTimeoutMs: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: HostLimits = {
  maxConnections: 64,
  maxSessionsPerPrincipal: 8,
  maxSessions: 64,
  maxFrameBytes: 16 * 1024 * 1024,
  maxLineBytes: 16 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024 * 1024,
  windowBytes: 8 * 1024 * 1024,
  idleTimeoutMs: 10 * 60_000,
  heartbeatMs: 20_000,
  detachGraceMs: 30_000,
  approvalTimeoutMs: 5 * 60_000,
};
