#!/usr/bin/env node
// `npm test`: every test. The app is built, then the unit and integration tests run (Vitest), then
// the browser tests (Playwright in Chromium). Ends with one line: "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium } from "../tests/e2e/browser.mjs";
import { ensureTestServers } from "../tests/support/test-servers.mjs";

const root = new URL("..", import.meta.url).pathname;

const browser = ensureChromium();
if ("error" in browser) {
  console.error(browser.error);
  process.exit(1);
}

// The programs of the tests' private PostgreSQL and Redis (tests/support/postgres.ts, redis.ts),
// installed like the browser where missing; what is still missing makes the tests that need it fail,
// saying how to install it.
const servers = ensureTestServers();
for (const found of [servers.postgres, servers.redis]) if ("error" in found) console.error(found.error);

const reports = mkdtempSync(join(tmpdir(), "helix-review-tests-"));
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);

// The build first: the browser tests and the integration tests that run the server as `npm start`
// does (tests/integration/backup.test.ts) use it.
const build = run("npm", ["run", "build"]);

const vitestJson = join(reports, "vitest.json");
const unit = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);

let e2e = 0;
const playwrightJson = join(reports, "playwright.json");
if (build === 0) {
  e2e = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
}

const v = readJson(vitestJson);
const p = readJson(playwrightJson);
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0);
const failed = (v?.numFailedTests ?? 0) + (p?.stats?.unexpected ?? 0) + (p?.stats?.flaky ?? 0);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
console.log(
  `\nVitest: ${v ? `${v.numPassedTests} passed, ${v.numFailedTests} failed` : "no report"}; Playwright: ${p ? `${p.stats.expected} passed, ${p.stats.unexpected} failed, ${p.stats.flaky} flaky` : build === 0 ? "no report" : "not run (build failed)"}`,
);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(unit || build || e2e || (failed > 0 ? 1 : 0));
