/**
 * Base64 of bytes on web standards only (`btoa`), for the places that must put bytes into text: image `data:` URLs
 * and the host's base64url tokens.
 *
 * @module
 */

// String.fromCharCode takes its arguments on the stack: chunks keep large images from overflowing it.
const CHUNK = 0x8000;

/**
 * Encodes bytes as standard, padded base64.
 *
 * @param bytes The bytes.
 * @returns The base64 text.
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([104, 105])); // "aGk="
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/**
 * A `data:` URL of bytes.
 *
 * @param mediaType The media type, e.g. `image/png`.
 * @param bytes The bytes.
 * @returns `data:<mediaType>;base64,<…>`.
 * @example
 * ```ts
 * dataUrl("image/png", new Uint8Array([1])); // "data:image/png;base64,AQ=="
 * ```
 */
export function dataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${encodeBase64(bytes)}`;
}
