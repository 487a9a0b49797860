// Builds the app when the build is missing or older than its sources (used by `npm start` and the benchmarks).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Both builds: the Remix app's and the server's own (scripts/build-server.mjs), oldest first.
const buildEntries = [join(root, "build/server/index.js"), join(root, "build/server.js")];
const sources = ["app", "public", "server.ts", "remix.config.js", "vite.config.ts", "package.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function ensureBuild() {
  const built = buildEntries.every((entry) => existsSync(entry))
    ? Math.min(...buildEntries.map((entry) => statSync(entry).mtimeMs))
    : 0;
  const stale = sources.some((s) => newestMtime(join(root, s)) > built);
  if (!stale) return;
  console.log("Building the app (first start or sources changed)…");
  // Always a production build, whoever calls: under Vitest (NODE_ENV=test) Vite would otherwise
  // build stubs that throw for optional peer dependencies (ws's bufferutil), and the server dies.
  const build = spawnSync("npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
