// Which Chromium the browser tests drive: CHROME_PATH if set, else a system Chromium, else
// Playwright's own download; on a fresh Debian or Ubuntu machine with none, `npm test` installs the
// distribution's package. Shared by playwright.config.ts and scripts/test.mjs.
import { createRequire } from "node:module";
import { thisMachine as baseMachine, installDistroPackages } from "../support/machine.mjs";

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

function playwrightChromium() {
  try {
    const { chromium } = createRequire(import.meta.url)("@playwright/test");
    return chromium.executablePath();
  } catch {
    return undefined; // Playwright's own browser is not installed.
  }
}

/**
 * What the search looks at: the machine (tests/support/machine.mjs) and Playwright's own browser,
 * replaceable so the paths a fresh machine takes are tested (tests/integration/chromium-setup.test.ts)
 * on a machine that has a browser.
 * @typedef {Omit<import("../support/machine.mjs").Machine, "listDir"> & { bundled: () => string | undefined }} Machine
 */

/** @type {Machine} */
export const thisMachine = { ...baseMachine, bundled: playwrightChromium };

/**
 * @param {Pick<Machine, "env" | "exists" | "bundled">} machine
 * @returns {{ path: string, source: string } | { error: string }}
 */
export function findChromium(machine = thisMachine) {
  const fromEnv = machine.env.CHROME_PATH;
  if (fromEnv) {
    return machine.exists(fromEnv)
      ? { path: fromEnv, source: "CHROME_PATH" }
      : { error: `CHROME_PATH=${fromEnv} does not exist.\n${HOW_TO_INSTALL}` };
  }
  const system = SYSTEM_CHROMIUMS.find((path) => machine.exists(path));
  if (system) return { path: system, source: "system" };
  const bundled = machine.bundled();
  if (bundled && machine.exists(bundled)) return { path: bundled, source: "playwright" };
  return { error: HOW_TO_INSTALL };
}

/**
 * Debian or Ubuntu with none: install the distribution's chromium package, as root or through
 * sudo without a password, saying so. Returns false where that is not possible (the caller then
 * prints the one command to run).
 * @param {Machine} machine
 */
export function installDistroChromium(machine = thisMachine) {
  return installDistroPackages(
    machine,
    ["chromium", "fonts-liberation"],
    "No Chromium found for the browser tests: installing the distribution's chromium package (apt-get)…",
  );
}

/**
 * The browser `npm test` uses: one that is there, else the distribution's, installed now.
 * @param {Machine} machine
 */
export function ensureChromium(machine = thisMachine) {
  const found = findChromium(machine);
  if (!("error" in found) || machine.env.CHROME_PATH) return found;
  return installDistroChromium(machine) ? findChromium(machine) : found;
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
