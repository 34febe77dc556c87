/**
 * One authenticated WebSocket on the host: decodes client frames (never trusting them), opens channels through the
 * policy and limits, routes input, acks and resumes to sessions, and detaches its sessions when it goes away.
 *
 * @module
 */
import { ErrorCode } from "../gen/relay_pb.ts";
import { type ClientFrame, decodeClientFrame, encodeHostFrame, type HostFrameInit } from "../relay/codec.ts";
import { codeOf } from "../relay/protocol.ts";
import { isCodexRelayError } from "../relay/errors.ts";
import type { HostSession, SessionSink } from "./session.ts";
import type { HostCore } from "./host-core.ts";

/** The few socket operations the host needs; each runtime's serving layer adapts its WebSocket to this. */
export interface HostSocket {
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Closes with a code and reason. */
  close(code: number, reason: string): void;
}

/** WebSocket close codes the host uses. */
export const CLOSE = { normal: 1000, unsupported: 1003, policy: 1008, tooBig: 1009, internal: 1011, restart: 1012 } as const;

const MAX_BAD_FRAMES = 16;

/**
 * The host side of one client connection.
 *
 * @example
 * ```ts
 * const connection = new HostConnection(core, socket, "token:1");
 * connection.receive(bytes);
 * ```
 */
export class HostConnection {
  readonly principal: string;
  readonly #core: HostCore;
  readonly #socket: HostSocket;
  readonly #channels = new Map<number, HostSession>();
  readonly #pending = new Set<number>();
  #badFrames = 0;
  #closed = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Creates a connection.
   * @param core The host.
   * @param socket The socket.
   * @param principal Who authenticated.
   */
  constructor(core: HostCore, socket: HostSocket, principal: string) {
    this.#core = core;
    this.#socket = socket;
    this.principal = principal;
    const { limits } = core;
    this.send({ frame: { case: "hello", value: {
      maxFrameBytes: BigInt(limits.maxFrameBytes),
      windowBytes: BigInt(limits.windowBytes),
      detachGraceMs: BigInt(limits.detachGraceMs),
      hostId: core.hostId,
      instanceId: core.instanceId,
    } } });
    this.#touch();
  }

  /** How many channels this connection holds or is opening. */
  get channelCount(): number {
    return this.#channels.size + this.#pending.size;
  }

  /**
   * Sends a frame unless the socket is gone.
   * @param frame The frame.
   */
  send(frame: HostFrameInit): void {
    if (this.#closed) return;
    try {
      this.#socket.send(encodeHostFrame(frame));
    } catch {
      this.closed();
    }
  }

  /**
   * Closes the socket.
   * @param code The close code.
   * @param reason The reason.
   */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    try {
      this.#socket.close(code, reason);
    } catch {
      // already gone
    }
    this.closed();
  }

  #touch(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.channelCount === 0) this.close(CLOSE.normal, "idle");
      else this.#touch();
    }, this.#core.limits.idleTimeoutMs);
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }

  #error(channel: number, code: ErrorCode, message: string): void {
    this.send({ frame: { case: "error", value: { channel, code, message } } });
  }

  #bad(message: string): void {
    this.#error(0, ErrorCode.BAD_FRAME, message);
    if (++this.#badFrames > MAX_BAD_FRAMES) this.close(CLOSE.policy, "too many bad frames");
  }

  /**
   * Handles one WebSocket message.
   * @param data The message (text messages are refused).
   */
  receive(data: Uint8Array | ArrayBuffer | string): void {
    if (this.#closed) return;
    if (typeof data === "string") return this.close(CLOSE.unsupported, "binary frames only");
    const size = data.byteLength;
    if (size > this.#core.limits.maxFrameBytes) return this.close(CLOSE.tooBig, "frame too large");
    this.#touch();
    let frame: ClientFrame;
    try {
      frame = decodeClientFrame(data);
    } catch (err) {
      return this.#bad((err as Error).message);
    }
    this.#dispatch(frame);
  }

  #session(channel: number): HostSession | undefined {
    const session = this.#channels.get(channel);
    if (!session) this.#error(channel, ErrorCode.UNKNOWN_CHANNEL, `Cannot use channel ${channel}: it is not open`);
    return session;
  }

  #dispatch(frame: ClientFrame): void {
    const f = frame.frame;
    switch (f.case) {
      case "open":
        return void this.#open(f.value);
      case "stdin":
      case "closeStdin": {
        const session = this.#session(f.value.channel);
        const text = f.case === "stdin" ? f.value.text : null;
        if (session && !session.input(Number(f.value.seq), text)) this.#bad(`Cannot apply input ${f.value.seq}: out of order`);
        return;
      }
      case "kill":
        return void this.#session(f.value.channel)?.kill();
      case "ack":
        return void this.#channels.get(f.value.channel)?.ack(Number(f.value.seq));
      case "resume":
        return void this.#resume(f.value);
      case "release": {
        const session = this.#channels.get(f.value.channel);
        if (session?.exited) session.ack(Number.MAX_SAFE_INTEGER);
        return;
      }
      default:
        return this.#bad("Cannot handle an empty or unknown frame");
    }
  }

  #sink(channel: number, session: HostSession): SessionSink {
    return {
      channel,
      send: (frame) => this.send(frame),
      release: () => {
        if (this.#channels.get(channel) === session) this.#channels.delete(channel);
      },
    };
  }

  async #open(open: Extract<ClientFrame["frame"], { case: "open" }>["value"]): Promise<void> {
    const channel = open.channel;
    if (channel === 0 || this.#channels.has(channel) || this.#pending.has(channel)) {
      return this.#error(channel, ErrorCode.CHANNEL_EXISTS, `Cannot open channel ${channel}: the number is in use or 0`);
    }
    this.#pending.add(channel);
    try {
      const session = await this.#core.openSession(this.principal, open);
      if (this.#closed) return session.detach();
      this.#channels.set(channel, session);
      session.opened(this.#sink(channel, session));
    } catch (err) {
      const code = isCodexRelayError(err) ? codeOf(err.reason) : ErrorCode.INTERNAL;
      this.#error(channel, code, (err as Error)?.message ?? String(err));
    } finally {
      this.#pending.delete(channel);
    }
  }

  async #resume(resume: Extract<ClientFrame["frame"], { case: "resume" }>["value"]): Promise<void> {
    const { channel } = resume;
    if (channel === 0 || this.#channels.has(channel) || this.#pending.has(channel)) {
      return this.#error(channel, ErrorCode.CHANNEL_EXISTS, `Cannot resume into channel ${channel}: the number is in use or 0`);
    }
    const session = await this.#core.findSession(this.principal, resume.sessionId, resume.resumeToken);
    if (this.#closed) return;
    if (!session) return this.#error(channel, ErrorCode.RESUME_DENIED, "Cannot resume: unknown session or wrong token");
    const sink = this.#sink(channel, session);
    this.#channels.set(channel, session);
    const attached = session.attach(sink, Number(resume.afterSeq));
    if (attached !== true) {
      this.#channels.delete(channel);
      this.#core.log({ event: "resume-gap", principal: this.principal, session: session.id });
      this.send({ frame: { case: "gap", value: { channel, fromSeq: BigInt(attached.from), toSeq: BigInt(attached.to) } } });
    } else {
      this.#core.log({ event: "session-resumed", principal: this.principal, session: session.id });
    }
  }

  /** The socket is gone: detach every session for the grace period. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    for (const session of this.#channels.values()) session.detach();
    this.#channels.clear();
    this.#core.forget(this);
  }
}
