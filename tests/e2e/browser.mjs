// Which Chromium the browser tests drive: CHROME_PATH if set, else a system Chromium, else
// Playwright's own download. Shared by playwright.config.ts and scripts/test.mjs.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const HOW_TO_INSTALL = `No Chromium found for the browser tests. Install one of:
  - Debian/Ubuntu:  sudo apt-get install chromium
  - macOS:          brew install --cask chromium   (or install Google Chrome)
  - anywhere:       npx playwright install chromium
or point CHROME_PATH at a Chromium or Chrome executable.`;

/** @returns {{ path: string, source: string } | { error: string }} */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv, source: "CHROME_PATH" }
      : { error: `CHROME_PATH=${fromEnv} does not exist.\n${HOW_TO_INSTALL}` };
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { path: system, source: "system" };
  try {
    const { chromium } = createRequire(import.meta.url)("@playwright/test");
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return { path: bundled, source: "playwright" };
  } catch {
    // Playwright's own browser is not installed.
  }
  return { error: HOW_TO_INSTALL };
}

/** Flags Chromium needs here: root needs --no-sandbox; a closed network stalls background services. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
