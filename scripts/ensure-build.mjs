// Builds the app when the build is missing or older than its sources (used by `npm start` and the benchmarks).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const buildEntry = join(root, "build/server/index.js");
const sources = ["app", "public", "remix.config.js", "vite.config.ts", "package.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function ensureBuild() {
  const stale = !existsSync(buildEntry) || sources.some((s) => newestMtime(join(root, s)) > statSync(buildEntry).mtimeMs);
  if (!stale) return;
  console.log("Building the app (first start or sources changed)…");
  const build = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
