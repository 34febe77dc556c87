// A full garbage collection between measured passes, so one pass does not pay for the garbage of the previous
// one. Works without `node --expose-gc` (the flag can be switched on at run time for new contexts).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as () => void;

/** Runs a full, synchronous garbage collection. */
export function collectGarbage(): void {
  gcFn();
}
