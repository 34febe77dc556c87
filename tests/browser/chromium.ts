// Headless Chromium for the browser tests: Debian's package (`apt-get install -y chromium`, which .ci/run does when it
// is missing) driven by playwright-core, which downloads nothing. The machine has no network beyond loopback, so the
// flags keep Chromium from calling home.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Starts Chromium, or fails saying how to install it (the browser tests never skip). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!executablePath) {
    throw new Error("Chromium is not installed: run `apt-get install -y chromium` (or set CHROMIUM_PATH)");
  }
  return await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
