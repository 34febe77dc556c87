// Type test (deno check): the structural Deno API in transports/_deno-api.ts must be what Deno's own types say
// Deno provides.
import type { DenoApi } from "../../transports/_deno-api.ts";

export const api: DenoApi = Deno;
