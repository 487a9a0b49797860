/**
 * `npx tsx scripts/bench/pages-ab.ts --a <project dir> --b <project dir> [--runs N] [--scenario html|hydrated|both]`
 *
 * The phone page's times (scripts/bench/pages.ts, `once`) for two builds in the same window: each
 * folder holds a `build/` (with `node_modules` and `drizzle/` beside it, as a checkout has them);
 * both servers run at once and the runs alternate A, B, A, B…, so the machine's load (shared, and
 * changing by the minute) falls on both alike. Medians per build and scenario, with `uptime`'s load
 * at each run. For A/B tests of a change to the phone's page (docs/benchmarks.md, "The phone page").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { z } from "zod";
import { CHROMIUM_ARGS, findChromium } from "../../tests/e2e/browser.mjs";
import { parseArgs, round, startChild } from "./common";
import { median, once, type Scenario, seed } from "./pages";

const argsSchema = z.object({
  a: z.string().min(1),
  b: z.string().min(1),
  runs: z.coerce.number().int().min(1).max(15).default(5),
  scenario: z.enum(["both", "html", "hydrated"]).default("html"),
  timeoutSeconds: z.coerce.number().int().min(30).max(1800).default(900),
});

async function main() {
  const args = parseArgs(argsSchema, process.argv.slice(2));
  const deadline = setTimeout(() => {
    console.error(`pages-ab exceeded ${args.timeoutSeconds} s; stopping.`);
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  const dir = mkdtempSync(join(tmpdir(), "helix-review-pages-ab-"));
  const builds = (["a", "b"] as const).map((name) => {
    const database = join(dir, `${name}.sqlite`);
    return { name, folder: resolve(args[name]), database };
  });
  const servers = [];
  let browser: Browser | undefined;
  try {
    const urls: string[] = [];
    for (const build of builds) {
      const joinCode = await seed(build.database);
      const server = startChild([join(build.folder, "build/server.js")], {
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        DATABASE_PATH: build.database,
        SESSION_SECRET: "bench-pages-secret-of-enough-length-0123456789",
      });
      servers.push(server);
      const url = `${await server.url}/j/${joinCode}`;
      await fetch(url); // the server's first-request costs out of the numbers
      urls.push(url);
    }
    const found = findChromium();
    if ("error" in found) throw new Error(found.error);
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    const scenarios: Scenario[] = (["submit-on-html", "submit-after-hydration"] as const).filter(
      (s) => args.scenario === "both" || (args.scenario === "html") === (s === "submit-on-html"),
    );
    const results: {
      build: string;
      scenario: Scenario;
      load: number;
      formPainted: number;
      joinPainted: number;
      form: number;
      join: number;
    }[] = [];
    for (let run = 1; run <= args.runs; run++) {
      for (const scenario of scenarios) {
        // A, B on odd runs, B, A on even ones: neither always goes first.
        const order = run % 2 ? [0, 1] : [1, 0];
        for (const i of order) {
          const load = round(loadavg()[0], 2);
          const r = await once(browser, urls[i], scenario);
          results.push({
            build: builds[i].name,
            scenario,
            load,
            formPainted: r.formPaintedMs,
            joinPainted: r.joinPaintedMs,
            form: r.formUsableMs,
            join: r.joinMs,
          });
          console.log(JSON.stringify({ run, build: builds[i].name, load, ...r }));
        }
      }
    }
    for (const scenario of scenarios) {
      for (const build of builds) {
        const of = results.filter((r) => r.scenario === scenario && r.build === build.name);
        const m = (key: "formPainted" | "joinPainted" | "form" | "join") => median(of.map((r) => r[key]));
        console.log(
          `${build.name} (${build.folder}) ${scenario}: painted: form ${m("formPainted")} ms, "Join" → room ${m("joinPainted")} ms, in the room ${m("formPainted") + m("joinPainted")} ms; seen by Playwright: form ${m("form")} ms, "Join" → room ${m("join")} ms, in the room ${m("form") + m("join")} ms — medians of ${of.length}; load ${of.map((r) => r.load).join(" ")}`,
        );
      }
    }
  } finally {
    await browser?.close();
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

await main();
