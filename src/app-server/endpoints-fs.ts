/**
 * Named helpers for the app-server's machine endpoints: `fs/*` (files on the app-server's host, data as base64),
 * `fs/watch`, and interactive `command/exec` (write to stdin, resize the terminal, terminate). Names follow the
 * Python SDK (`fs_read_file` → `fsReadFile`); params and results are the generated protocol types.
 *
 * @module
 */
import { AppServerConnection, type ParamsOf, type ResultOf } from "./connection.ts";

/** `fs/*` and interactive `command/exec` as named methods. Use {@link AppServerClient}. */
export class AppServerFsEndpoints extends AppServerConnection {
  /**
   * Calls `fs/readFile`.
   * @param params `path` (absolute).
   * @returns `{ dataBase64 }`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { dataBase64 } = await client.fsReadFile({ path: "/repo/README.md" });
   * ```
   */
  fsReadFile(params: ParamsOf<"fs/readFile">): Promise<ResultOf<"fs/readFile">> {
    return this.request("fs/readFile", params);
  }
  /**
   * Calls `fs/writeFile`.
   * @param params `path` (absolute), `dataBase64`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.fsWriteFile({ path: "/repo/notes.txt", dataBase64: btoa("hi\n") });
   * ```
   */
  fsWriteFile(params: ParamsOf<"fs/writeFile">): Promise<ResultOf<"fs/writeFile">> {
    return this.request("fs/writeFile", params);
  }
  /**
   * Calls `fs/createDirectory`.
   * @param params `path`, `recursive`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.fsCreateDirectory({ path: "/repo/out", recursive: true });
   * ```
   */
  fsCreateDirectory(params: ParamsOf<"fs/createDirectory">): Promise<ResultOf<"fs/createDirectory">> {
    return this.request("fs/createDirectory", params);
  }
  /**
   * Calls `fs/getMetadata`.
   * @param params `path`.
   * @returns `{ isDirectory, isFile, isSymlink, createdAtMs, modifiedAtMs }`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { isFile } = await client.fsGetMetadata({ path: "/repo/README.md" });
   * ```
   */
  fsGetMetadata(params: ParamsOf<"fs/getMetadata">): Promise<ResultOf<"fs/getMetadata">> {
    return this.request("fs/getMetadata", params);
  }
  /**
   * Calls `fs/readDirectory`.
   * @param params `path`.
   * @returns `{ entries: [{ fileName, isDirectory, isFile }] }`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { entries } = await client.fsReadDirectory({ path: "/repo" });
   * ```
   */
  fsReadDirectory(params: ParamsOf<"fs/readDirectory">): Promise<ResultOf<"fs/readDirectory">> {
    return this.request("fs/readDirectory", params);
  }
  /**
   * Calls `fs/remove`.
   * @param params `path`, `recursive`, `force`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.fsRemove({ path: "/repo/out", recursive: true });
   * ```
   */
  fsRemove(params: ParamsOf<"fs/remove">): Promise<ResultOf<"fs/remove">> {
    return this.request("fs/remove", params);
  }
  /**
   * Calls `fs/copy`.
   * @param params `sourcePath`, `destinationPath`, `recursive`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.fsCopy({ sourcePath: "/repo/a.txt", destinationPath: "/repo/b.txt" });
   * ```
   */
  fsCopy(params: ParamsOf<"fs/copy">): Promise<ResultOf<"fs/copy">> {
    return this.request("fs/copy", params);
  }
  /**
   * Calls `fs/watch`: changes then arrive as `fs/changed { watchId, changedPaths }` notifications.
   * @param params `watchId` (chosen by the client), `path`.
   * @returns The watch.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * client.on("fs/changed", (p) => console.log(p.changedPaths));
   * await client.fsWatch({ watchId: "w1", path: "/repo" });
   * ```
   */
  fsWatch(params: ParamsOf<"fs/watch">): Promise<ResultOf<"fs/watch">> {
    return this.request("fs/watch", params);
  }
  /**
   * Calls `fs/unwatch`.
   * @param params `watchId`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.fsUnwatch({ watchId: "w1" });
   * ```
   */
  fsUnwatch(params: ParamsOf<"fs/unwatch">): Promise<ResultOf<"fs/unwatch">> {
    return this.request("fs/unwatch", params);
  }

  // ---- interactive command/exec (start it with `execCommand({ processId, streamStdin: true, … })`) -----------

  /**
   * Calls `command/exec/write`: bytes for (or the end of) a running command's stdin.
   * @param params `processId`, `deltaBase64`, `closeStdin`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.commandExecWrite({ processId: "p1", deltaBase64: btoa("hello\n"), closeStdin: true });
   * ```
   */
  commandExecWrite(params: ParamsOf<"command/exec/write">): Promise<ResultOf<"command/exec/write">> {
    return this.request("command/exec/write", params);
  }
  /**
   * Calls `command/exec/resize`: a running tty command's terminal size.
   * @param params `processId`, `size: { rows, cols }`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.commandExecResize({ processId: "p1", size: { rows: 40, cols: 120 } });
   * ```
   */
  commandExecResize(params: ParamsOf<"command/exec/resize">): Promise<ResultOf<"command/exec/resize">> {
    return this.request("command/exec/resize", params);
  }
  /**
   * Calls `command/exec/terminate`: the command's `command/exec` request then resolves (exit code 137).
   * @param params `processId`.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.commandExecTerminate({ processId: "p1" });
   * ```
   */
  commandExecTerminate(params: ParamsOf<"command/exec/terminate">): Promise<ResultOf<"command/exec/terminate">> {
    return this.request("command/exec/terminate", params);
  }
}
