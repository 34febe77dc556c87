/**
 * Hardens a fetch-style handler for the loopback servers of `listenHttp` (Deno and Bun; Node converts by hand).
 *
 * @module
 */
import type { FetchHandler } from "./http-listen.ts";

/**
 * Wraps a handler so a thrown error becomes a 500, and response bodies behave the same on every server: a body
 * stream that errors ends the response where it stopped, as `node:http` does (Bun would reset the connection, and
 * the client would lose what it had not read yet), and closing the server ends streaming bodies that never finish.
 *
 * @param handler The user's handler.
 * @param closing Aborted when the server closes.
 * @returns The guarded handler.
 */
export function guardHandler(handler: FetchHandler, closing: AbortSignal): FetchHandler {
  return async (request) => {
    let response: Response;
    try {
      response = await handler(request);
    } catch (err) {
      return new Response(`handler failed: ${(err as Error)?.message ?? err}`, {
        status: 500,
        headers: { "content-type": "text/plain" },
      });
    }
    if (!response.body) return response;
    const reader = response.body.getReader();
    const stop = () => void reader.cancel(closing.reason).catch(() => {}); // a pending read then ends as done
    closing.addEventListener("abort", stop, { once: true });
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: { done: boolean; value?: Uint8Array };
        try {
          chunk = await reader.read();
        } catch {
          chunk = { done: true }; // the body errored: end the response here
        }
        if (!chunk.done) return controller.enqueue(chunk.value!);
        closing.removeEventListener("abort", stop);
        controller.close();
      },
      cancel: (reason) => {
        closing.removeEventListener("abort", stop);
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
