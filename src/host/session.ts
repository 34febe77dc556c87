/**
 * One channel on the host: a codex process opened through the host's transport, owned by a principal, outliving
 * the connection that opened it for a grace period. It numbers what codex prints, keeps it until acknowledged
 * ({@link ReplayBuffer}), stops reading codex while the client is a window behind (backpressure from the socket all
 * the way to codex's stdout pipe), applies client input exactly once and in order, caps the total output, and on
 * abandonment closes stdin and kills the process group.
 *
 * @module
 */
import type { Channel } from "../transport.ts";
import { CodexLineTooLongError, type ExitStatus, isCodexError } from "../errors.ts";
import { ErrorCode } from "../gen/relay_pb.ts";
import type { HostFrameInit } from "../relay/codec.ts";
import { type ChannelEvent, ReplayBuffer } from "./replay-buffer.ts";
import type { AppServerFilter } from "./app-server-filter.ts";
import { utf8 } from "./encoding.ts";

/** Where a session's frames go while a connection holds it. */
export interface SessionSink {
  /** The channel number the client gave it on that connection. */
  channel: number;
  /** Sends a frame. */
  send(frame: HostFrameInit): void;
  /** Called when another connection takes the session over (or the session ends). */
  release(): void;
}

/** Limits and hooks of a {@link HostSession}. */
export interface SessionOptions {
  /** Session id (public) and resume token (secret). */
  id: string;
  /** The secret needed to resume. */
  resumeToken: string;
  /** The owner. */
  principal: string;
  /** Unacknowledged bytes before codex is paused. */
  windowBytes: number;
  /** Total stdout bytes before the channel is failed and killed. */
  maxOutputBytes: number;
  /** How long a detached session waits for its owner. */
  detachGraceMs: number;
  /** Largest line, both ways: codex output lines above it fail the channel; so do client input lines. */
  maxLineBytes: number;
  /** Runs when the session is over (exited and consumed, or abandoned). */
  onEnd: (session: HostSession) => void;
  /** Files to remove when the process has exited. */
  cleanups?: Array<() => Promise<void>>;
}

const BATCH_BYTES = 256 * 1024;

/**
 * A codex process on the host and its relay state.
 *
 * @example
 * ```ts
 * const session = new HostSession(channel, options);
 * session.attach(sink, 0);
 * ```
 */
export class HostSession {
  readonly options: SessionOptions;
  readonly #channel: Channel;
  readonly #buffer = new ReplayBuffer();
  #filter: AppServerFilter | undefined;
  #sink: SessionSink | null = null;
  #sentUpTo = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #inputSeq = 0;
  #inputChain: Promise<void> = Promise.resolve();
  #partial = "";
  #outputBytes = 0;
  #wake: (() => void) | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #exited = false;
  #processGone = false;
  #ended = false;
  #resolveEnded!: () => void;
  /** Resolves once the session is over (its process exited and the owner consumed the exit, or it was abandoned). */
  readonly ended: Promise<void> = new Promise((resolve) => (this.#resolveEnded = resolve));
  #abandoned = false;

  /**
   * Wraps a freshly opened channel.
   * @param channel The running codex.
   * @param options Identity, limits and hooks.
   */
  constructor(channel: Channel, options: SessionOptions) {
    this.#channel = channel;
    this.options = options;
  }

  /** The session id. */
  get id(): string {
    return this.options.id;
  }

  /** Whether the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  /** Whether a connection holds the session. */
  get attached(): boolean {
    return this.#sink !== null;
  }

  /**
   * Installs the app-server filter (app-server channels only) and starts pumping codex's output.
   * @param filter The filter, for app-server channels.
   */
  start(filter?: AppServerFilter): void {
    this.#filter = filter;
    // Once codex is gone, what is left in its pipe is finite: read it regardless of the window, so the exit (which
    // follows the last line) always reaches the client.
    void this.#channel.exited.then(() => {
      this.#processGone = true;
      this.#wake?.();
    });
    void this.#pump();
  }

  /**
   * Delivers a line to the client as if codex had printed it (the host's own JSON-RPC answers).
   * @param line The line.
   */
  inject(line: string): void {
    this.#push({ kind: "line", line, bytes: line.length + 16 });
  }

  #push(event: Parameters<ReplayBuffer["push"]>[0]): void {
    this.#buffer.push(event);
    if (!this.#sink) return;
    if (event.kind !== "line") return this.#flush();
    this.#flushTimer ??= setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const sink = this.#sink;
    if (!sink) return;
    const replay = this.#buffer.since(this.#sentUpTo);
    if (!("events" in replay)) return;
    this.#send(sink, replay.events);
  }

  #send(sink: SessionSink, events: ChannelEvent[]): void {
    let lines: string[] = [];
    let first = 0;
    let bytes = 0;
    const flushLines = () => {
      if (lines.length) sink.send({ frame: { case: "output", value: { channel: sink.channel, seq: BigInt(first), lines } } });
      lines = [];
      bytes = 0;
    };
    for (const e of events) {
      if (e.kind === "line") {
        if (!lines.length) first = e.seq;
        lines.push(e.line);
        bytes += e.bytes;
        if (bytes >= BATCH_BYTES) flushLines();
      } else {
        flushLines();
        if (e.kind === "error") {
          sink.send({ frame: { case: "streamError", value: { channel: sink.channel, seq: BigInt(e.seq), code: e.code, message: e.message } } });
        } else {
          const s = e.status;
          sink.send({
            frame: {
              case: "exited",
              value: {
                channel: sink.channel,
                seq: BigInt(e.seq),
                ...(s.exitCode !== null ? { exitCode: s.exitCode } : {}),
                signal: s.signal ?? "",
                stderrTail: s.stderrTail,
              },
            },
          });
        }
      }
      this.#sentUpTo = e.seq;
    }
    flushLines();
  }

  async #pump(): Promise<void> {
    const reader = this.#channel.lines.getReader();
    try {
      while (true) {
        while (this.#buffer.unackedBytes >= this.options.windowBytes && !this.#abandoned && !this.#processGone) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
        }
        const { done, value } = await reader.read();
        if (done) break;
        // UTF-16 length bounds the UTF-8 length within 3×: encode only when the exact size could matter
        const bytes = value.length * 3 > this.options.maxLineBytes ? utf8(value).length : value.length;
        this.#outputBytes += bytes;
        if (bytes > this.options.maxLineBytes) {
          throw new CodexLineTooLongError(this.options.maxLineBytes);
        }
        if (this.#outputBytes > this.options.maxOutputBytes) {
          this.#push({
            kind: "error",
            code: ErrorCode.OUTPUT_LIMIT,
            message: `Cannot relay codex output: it exceeds the host's limit of ${this.options.maxOutputBytes} bytes`,
            bytes: 64,
          });
          this.#channel.kill();
          void reader.cancel().catch(() => {});
          break;
        }
        this.#filter?.fromCodex(value);
        this.#push({ kind: "line", line: value, bytes: bytes + 16 });
      }
    } catch (err) {
      const tooLong = isCodexError(err) && err.code === "CODEX_LINE_TOO_LONG";
      this.#push({
        kind: "error",
        code: tooLong ? ErrorCode.LINE_TOO_LONG : ErrorCode.INTERNAL,
        message: (err as Error)?.message ?? String(err),
        bytes: 64,
      });
      this.#channel.kill();
    } finally {
      reader.releaseLock();
    }
    const status: ExitStatus = await this.#channel.exited;
    this.#filter?.close();
    await Promise.all((this.options.cleanups ?? []).map((c) => c().catch(() => {})));
    // Only now: a client acknowledging the last line while the files above were removed must not end the session
    // before its exit event exists (the exit would never be sent).
    this.#exited = true;
    this.#push({ kind: "exit", status, bytes: 64 + status.stderrTail.length });
    if (this.#abandoned) this.#end();
  }

  /**
   * Attaches a connection and replays what it has not consumed.
   * @param sink The connection's outlet.
   * @param afterSeq The last event the client consumed.
   * @returns `true`, or the lost range when the buffer no longer reaches back.
   */
  attach(sink: SessionSink, afterSeq: number): true | { from: number; to: number } {
    const replay = this.#buffer.since(afterSeq);
    if ("gap" in replay) return replay.gap;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    if (this.#sink && this.#sink !== sink) this.#sink.release();
    this.#sink = sink;
    this.#buffer.ack(afterSeq);
    this.#sentUpTo = afterSeq;
    this.#wake?.();
    sink.send({ frame: { case: "resumed", value: { channel: sink.channel, inputSeq: BigInt(this.#inputSeq) } } });
    this.#send(sink, replay.events);
    return true;
  }

  /** Sends `ChannelOpened` and attaches the opening connection. */
  opened(sink: SessionSink): void {
    this.#sink = sink;
    sink.send({ frame: { case: "opened", value: { channel: sink.channel, sessionId: this.id, resumeToken: this.options.resumeToken } } });
    this.#flush();
  }

  /** The connection holding the session went away: wait for the owner for the grace period, then stop codex. */
  detach(): void {
    this.#sink = null;
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#ended) return;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => this.abandon(), this.options.detachGraceMs);
    (this.#graceTimer as { unref?: () => void }).unref?.();
  }

  /** Gives up on the session: close stdin, then stop the process group (SIGTERM, then SIGKILL). */
  abandon(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    this.#sink = null;
    this.#wake?.();
    void this.#channel.closeStdin().catch(() => {});
    this.#channel.kill();
    if (this.#exited) this.#end();
  }

  /**
   * The client consumed events up to `seq`; once it consumed the exit, the session is over.
   * @param seq The last consumed event.
   */
  ack(seq: number): void {
    this.#buffer.ack(seq);
    this.#wake?.();
    if (this.#exited && this.#buffer.ackedSeq === this.#buffer.lastSeq) this.#end();
  }

  /** Stops the process group. */
  kill(): void {
    this.#channel.kill();
  }

  /**
   * Applies one input (stdin text, or close when `text` is `null`) exactly once, in order.
   * @param seq The input's sequence number.
   * @param text The text, or `null` to close stdin.
   * @returns `false` when `seq` skips ahead (a protocol error).
   */
  input(seq: number, text: string | null): boolean {
    if (seq <= this.#inputSeq) {
      this.#sink?.send({ frame: { case: "inputAck", value: { channel: this.#sink.channel, seq: BigInt(this.#inputSeq) } } });
      return true;
    }
    if (seq !== this.#inputSeq + 1) return false;
    this.#inputSeq = seq;
    this.#inputChain = this.#inputChain.then(async () => {
      let error = "";
      try {
        if (text === null) await this.#channel.closeStdin();
        else await this.#write(text);
      } catch (err) {
        error = (err as Error)?.message ?? String(err);
      }
      this.#sink?.send({ frame: { case: "inputAck", value: { channel: this.#sink.channel, seq: BigInt(seq), error } } });
    });
    return true;
  }

  async #write(text: string): Promise<void> {
    if (!this.#filter) return await this.#channel.write(text);
    const parts = (this.#partial + text).split("\n");
    this.#partial = parts.pop()!;
    if (this.#partial.length > this.options.maxLineBytes) {
      this.#partial = "";
      throw new Error("Cannot write: the input line exceeds the host's line limit");
    }
    for (const line of parts) {
      if (!line.trim()) continue;
      const forwarded = await this.#filter.fromClient(line);
      if (forwarded !== null) await this.#channel.write(`${forwarded}\n`);
    }
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#graceTimer);
    this.#sink?.release();
    this.#sink = null;
    this.options.onEnd(this);
    this.#resolveEnded();
  }
}
