#!/usr/bin/env node
// The server's own build (after `remix vite:build`): server.ts and the report worker bundled into
// build/server.js and build/render-worker.js, so production runs plain JavaScript — no TypeScript
// compiled at start. `__BUNDLE__` tells the code it runs from build/ (paths to the Remix build, the
// worker and the migrations). BUILD_SERVER_METAFILE=<file> writes esbuild's metafile (what is in it).
import { readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { asciiRemainder } from "./lib/ascii-source.mjs";

const root = new URL("..", import.meta.url).pathname;
const common = {
  absWorkingDir: root,
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  define: { __BUNDLE__: "true" },
  sourcemap: "linked",
  logLevel: "warning",
  // ASCII output: V8 then keeps the source one byte a character (scripts/lib/ascii-source.mjs).
  charset: "ascii",
};

const server = await build({
  ...common,
  entryPoints: { server: "server.ts" },
  // The server's dependencies are bundled too (one file to read and compile, no module resolution
  // across node_modules at start), except the native driver, what only development loads, what
  // the Remix build imports as well (one copy of Remix and React, shared by both builds), and what
  // only several nodes load (REDIS_URL: the Redis client and Socket.IO's adapter, imported at run time).
  external: [
    "better-sqlite3",
    "vite",
    "tsx",
    "@remix-run/*",
    "react",
    "react-dom",
    "isbot",
    "ioredis",
    "@socket.io/redis-streams-adapter",
  ],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  metafile: Boolean(process.env.BUILD_SERVER_METAFILE),
});
if (server.metafile) writeFileSync(process.env.BUILD_SERVER_METAFILE, JSON.stringify(server.metafile));
writeFileSync("build/server.js", asciiRemainder(readFileSync("build/server.js", "utf8")));

// The report worker starts on the first export only; its libraries (DOCX, PDF, fonts, a native
// SVG renderer) stay in node_modules.
await build({ ...common, entryPoints: { "render-worker": "app/report/render-worker.server.ts" }, packages: "external" });

// The WAL checkpointer's thread: its only import is the native driver, which stays external.
await build({ ...common, entryPoints: { "checkpoint-worker": "app/db/checkpoint-worker.mjs" }, packages: "external" });
