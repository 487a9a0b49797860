#!/usr/bin/env node
// `npm run bench:start [-- --runs N]`: how fast the built server starts and how much it holds.
// For each run, a fresh database in a temp folder and a free loopback port: the time from spawning
// `node build/server.js` (what `npm start` runs once built) to `/healthz` answering, to the first
// page (`/join`) answering, RSS when /healthz first answers (before any page), and RSS at rest
// 1.5 s after the first page. Then what importing each build costs in a fresh process. Prints one
// JSON line per run and a summary (medians). Builds first when the build is stale.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuild } from "../ensure-build.mjs";

const root = new URL("../..", import.meta.url).pathname;
const runsArg = process.argv.indexOf("--runs");
const runs = Math.min(Math.max(Number(process.argv[runsArg + 1]) || 5, 1), 20);
ensureBuild();

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const rssMb = (pid) => Math.round(Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]) / 1024);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once() {
  const dir = mkdtempSync(join(tmpdir(), "helix-review-start-"));
  const port = await freePort();
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS: V8 or Node flags to try on the server (as `npm run bench` takes them).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "build/server.js"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: join(dir, "start.sqlite"),
      SESSION_SECRET: "bench-start-secret-of-enough-length-0123456789",
    },
  });
  const until = async (path) => {
    const deadline = started + 30_000;
    while (performance.now() < deadline) {
      try {
        const answer = await fetch(`http://127.0.0.1:${port}${path}`);
        if (answer.ok) return performance.now() - started;
      } catch {}
      await sleep(5);
    }
    throw new Error(`${path} did not answer within 30 s`);
  };
  try {
    const healthMs = await until("/healthz");
    const rssAtHealthMb = rssMb(child.pid);
    const firstPageMs = await until("/join");
    await sleep(1_500);
    const rssAfterPageMb = rssMb(child.pid);
    // Idle: nobody has asked anything for 10 s (V8 gives back the young generation's growth then).
    await sleep(8_500);
    return {
      healthMs: Math.round(healthMs),
      firstPageMs: Math.round(firstPageMs),
      rssAtHealthMb,
      rssAfterPageMb,
      rssIdleMb: rssMb(child.pid),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

function importCost(file) {
  const script = `const t=performance.now();await import(${JSON.stringify(`${root}${file}`)});console.log(JSON.stringify({ms:Math.round(performance.now()-t),rssMb:Math.round(process.memoryUsage().rss/2**20)}))`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  return JSON.parse(out.stdout.trim().split("\n").at(-1));
}

const results = [];
for (let i = 0; i < runs; i++) {
  const result = await once();
  results.push(result);
  console.log(JSON.stringify({ run: i + 1, ...result }));
}
const median = (key) => {
  const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
console.log(
  JSON.stringify({
    summary: "median",
    runs,
    load1: Number(load),
    healthMs: median("healthMs"),
    firstPageMs: median("firstPageMs"),
    rssAtHealthMb: median("rssAtHealthMb"),
    rssAfterPageMb: median("rssAfterPageMb"),
    rssIdleMb: median("rssIdleMb"),
    importServerBundle: importCost("build/server.js"),
    importRemixBuild: importCost("build/server/index.js"),
  }),
);
