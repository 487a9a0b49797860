import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/browser.mjs";

const browser = findChromium();
if ("error" in browser) throw new Error(browser.error);

export default defineConfig({
  testDir: "tests/e2e",
  // One worker: the server and several browser contexts share two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  globalSetup: "./tests/e2e/global-setup.ts",
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: browser.path, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    actionTimeout: 15_000,
  },
});
