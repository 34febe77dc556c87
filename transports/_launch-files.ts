/**
 * The files a `codex exec` launch needs on disk: the `--output-schema` JSON and one `--image` file per image given as
 * bytes. Each is private to this user and removed when the process exits (or when the launch fails before it).
 *
 * @module
 */
import type { BuildCommandOptions } from "../src/exec/command.ts";
import type { LaunchSpec } from "../src/transport.ts";
import type { ProcessHost } from "./_process.ts";

/** The file extension codex expects for each image media type. */
export const IMAGE_EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp" };

/** Where the files went, and how to remove them. */
export interface LaunchFiles {
  /** The paths {@link buildExecCommand} takes. */
  paths: Pick<BuildCommandOptions, "outputSchemaPath" | "imageBytesPaths">;
  /** Removes every file written; never rejects. */
  cleanup: () => Promise<void>;
}

/**
 * Writes the launch's schema and image files.
 *
 * @param host Writes private temporary files.
 * @param spec The launch.
 * @returns Their paths and one cleanup.
 * @throws When a file cannot be written (what was written is removed first).
 * @example
 * ```ts
 * const files = await writeLaunchFiles(host, spec);
 * ```
 */
export async function writeLaunchFiles(host: ProcessHost, spec: LaunchSpec): Promise<LaunchFiles> {
  const written: Array<{ path: string; cleanup: () => Promise<void> }> = [];
  const cleanup = async () => {
    await Promise.all(written.map((f) => f.cleanup().catch(() => {})));
  };
  if (spec.mode !== "exec") return { paths: {}, cleanup };
  try {
    const paths: LaunchFiles["paths"] = {};
    if (spec.outputSchema) {
      const schema = await host.writeTempFile("output-schema.json", JSON.stringify(spec.outputSchema));
      written.push(schema);
      paths.outputSchemaPath = schema.path;
    }
    if (spec.imageBytes?.length) {
      paths.imageBytesPaths = [];
      for (const image of spec.imageBytes) {
        const file = await host.writeTempFile(`image.${IMAGE_EXTENSIONS[image.mediaType] ?? "bin"}`, image.data);
        written.push(file);
        paths.imageBytesPaths.push(file.path);
      }
    }
    return { paths, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
