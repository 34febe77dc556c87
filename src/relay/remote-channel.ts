/**
 * A {@link Channel} whose codex runs on a codex host: lines arrive as sequenced relay events and are acknowledged
 * only once the reader consumed them (so the host pauses codex when the reader is slow), input is numbered and
 * resent after a reconnect until the host confirms it, and `exited` resolves with the host's exit status.
 *
 * @module
 */
import type { Channel } from "../transport.ts";
import { CodexLineTooLongError, CodexTransportError, type ExitStatus } from "../errors.ts";
import type { ClientFrameInit } from "./client-codec.ts";
import { CodexRelayError } from "./errors.ts";
import type { HostIdentity } from "./host-identity.ts";

/** What a remote channel needs from its connection. */
export interface ChannelLink {
  /** Sends a frame now, or drops it while disconnected (it is resent on resume when it matters). */
  send(frame: ClientFrameInit): void;
  /** The channel no longer needs the connection. */
  done(channel: RemoteChannel): void;
  /** Consumed bytes worth an immediate ack (a fraction of the host's window). */
  ackEveryBytes(): number;
}

type Event =
  | { kind: "line"; seq: number; line: string }
  | { kind: "error"; seq: number; error: Error }
  | { kind: "exit"; seq: number; status: ExitStatus };

type Input = { seq: number; text: string | null; resolve: () => void; reject: (err: Error) => void };

/**
 * The client end of one relayed channel.
 *
 * @example
 * ```ts
 * for await (const line of iterateStream(channel.lines)) console.log(line);
 * ```
 */
export class RemoteChannel implements Channel {
  readonly number: number;
  readonly lines: ReadableStream<string>;
  readonly exited: Promise<ExitStatus>;
  /** Session id and resume token, once opened. */
  session: { id: string; token: string } | undefined;
  /** The host the channel runs on, once opened. */
  host: HostIdentity | undefined;
  readonly #link: ChannelLink;
  readonly #maxLineBytes: number;
  #queue: Event[] = [];
  #qHead = 0;
  #received = 0;
  #consumed = 0;
  #acked = 0;
  #unackedBytes = 0;
  #ackTimer: ReturnType<typeof setTimeout> | undefined;
  #notify: (() => void) | undefined;
  #draining = false;
  #inputs: Input[] = [];
  #inputSeq = 0;
  #stdinClosed = false;
  #killed = false;
  #status: ExitStatus | undefined;
  #resolveExit!: (status: ExitStatus) => void;
  #stderr = "";

  /**
   * Creates the client end of a channel.
   * @param number The channel number on the connection.
   * @param link The connection.
   * @param maxLineBytes The line limit, for errors.
   */
  constructor(number: number, link: ChannelLink, maxLineBytes: number) {
    this.number = number;
    this.#link = link;
    this.#maxLineBytes = maxLineBytes;
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
    this.lines = new ReadableStream<string>({
      pull: (controller) => this.#pull(controller),
      cancel: () => {
        this.#draining = true;
        this.#queue = this.#queue.slice(this.#qHead).filter((e) => e.kind === "exit");
        this.#qHead = 0;
        this.#consume(this.#received);
      },
    }, { highWaterMark: 0 });
  }

  /** The last event received (for resuming). */
  get consumedSeq(): number {
    return this.#consumed;
  }

  async #pull(controller: ReadableStreamDefaultController<string>): Promise<void> {
    while (this.#qHead >= this.#queue.length) {
      await new Promise<void>((resolve) => (this.#notify = resolve));
    }
    const event = this.#queue[this.#qHead++]!;
    if (this.#qHead === this.#queue.length) {
      this.#queue = [];
      this.#qHead = 0;
    }
    this.#consume(event.seq, event.kind === "line" ? event.line.length : 0);
    if (event.kind === "line") controller.enqueue(event.line);
    else if (event.kind === "error") controller.error(event.error);
    else controller.close();
  }

  #consume(seq: number, bytes = 0): void {
    if (seq <= this.#consumed) return;
    this.#consumed = seq;
    this.#unackedBytes += bytes;
    if (this.#unackedBytes >= this.#link.ackEveryBytes() || this.#qHead >= this.#queue.length) this.#ack();
    else this.#ackTimer ??= setTimeout(() => this.#ack(), 5);
  }

  #ack(): void {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    this.#unackedBytes = 0;
    if (this.#consumed <= this.#acked) return;
    this.#acked = this.#consumed;
    this.#link.send({ frame: { case: "ack", value: { channel: this.number, seq: BigInt(this.#consumed) } } });
    if (this.#status && this.#consumed === this.#received) this.#link.done(this);
  }

  #event(event: Event): void {
    if (event.seq !== this.#received + 1) return; // a replayed duplicate (or a gap the host reports itself)
    this.#received = event.seq;
    if (this.#draining && event.kind === "line") return this.#consume(event.seq);
    this.#queue.push(event);
    this.#notify?.();
  }

  /**
   * Lines from the host.
   * @param seq The first line's number.
   * @param lines The lines.
   */
  output(seq: number, lines: string[]): void {
    lines.forEach((line, i) => this.#event({ kind: "line", seq: seq + i, line }));
  }

  /**
   * The stream failed on the host.
   * @param seq The event's number.
   * @param reason Why.
   * @param message The host's message.
   */
  streamError(seq: number, reason: string, message: string): void {
    const error = reason === "LINE_TOO_LONG"
      ? new CodexLineTooLongError(this.#maxLineBytes)
      : new CodexRelayError(reason as never, message);
    this.#event({ kind: "error", seq, error });
  }

  /**
   * The process ended.
   * @param seq The event's number.
   * @param status How.
   */
  exit(seq: number, status: ExitStatus): void {
    if (seq !== this.#received + 1) return;
    this.#stderr = status.stderrTail;
    this.#finish(status);
    this.#event({ kind: "exit", seq, status });
    if (this.#draining) this.#consume(seq);
  }

  #finish(status: ExitStatus): void {
    if (this.#status) return;
    this.#status = status;
    this.#resolveExit(status);
    for (const input of this.#inputs.splice(0)) input.reject(new CodexTransportError("Cannot write: codex has exited"));
    this.#notify?.();
  }

  /**
   * The channel is lost for good (resume refused, gap, connection gone).
   * @param error Why.
   */
  lost(error: Error): void {
    if (this.#status) return;
    this.#queue.push({ kind: "error", seq: this.#received + 1, error });
    this.#received++;
    this.#finish({ exitCode: null, signal: null, stderrTail: this.#stderr });
    this.#link.done(this);
  }

  /**
   * The host confirmed input up to `seq`.
   * @param seq The last applied input.
   * @param error Why the last input failed, if it did.
   */
  inputAck(seq: number, error: string): void {
    while (this.#inputs.length && this.#inputs[0]!.seq <= seq) {
      const input = this.#inputs.shift()!;
      if (error && input.seq === seq) input.reject(new CodexTransportError(error));
      else input.resolve();
    }
  }

  /**
   * After a resume: resend the input the host has not applied, and a pending kill.
   * @param inputSeq The last input the host applied.
   */
  resumed(inputSeq: number): void {
    this.inputAck(inputSeq, "");
    for (const input of this.#inputs) this.#sendInput(input);
    if (this.#killed) this.#link.send({ frame: { case: "kill", value: { channel: this.number } } });
    if (this.#acked > 0) this.#link.send({ frame: { case: "ack", value: { channel: this.number, seq: BigInt(this.#acked) } } });
  }

  #sendInput(input: Input): void {
    const seq = BigInt(input.seq);
    this.#link.send(
      input.text === null
        ? { frame: { case: "closeStdin", value: { channel: this.number, seq } } }
        : { frame: { case: "stdin", value: { channel: this.number, seq, text: input.text } } },
    );
  }

  #input(text: string | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const input = { seq: ++this.#inputSeq, text, resolve, reject };
      this.#inputs.push(input);
      this.#sendInput(input);
    });
  }

  write(text: string): Promise<void> {
    if (this.#stdinClosed) return Promise.reject(new CodexTransportError("Cannot write: stdin is closed"));
    if (this.#status) return Promise.reject(new CodexTransportError("Cannot write: codex has exited"));
    return this.#input(text);
  }

  async closeStdin(): Promise<void> {
    if (this.#stdinClosed || this.#status) return;
    this.#stdinClosed = true;
    await this.#input(null).catch(() => {});
  }

  kill(): void {
    if (this.#killed || this.#status) return;
    this.#killed = true;
    this.#link.send({ frame: { case: "kill", value: { channel: this.number } } });
  }

  stderrTail(): string {
    return this.#stderr;
  }
}
