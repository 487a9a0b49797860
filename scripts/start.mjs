#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs the
// built server (build/server.js: server.ts bundled, no TypeScript compiled at start) in production
// mode. Signals reach the server, which closes sockets and the database.
import { spawn } from "node:child_process";
import { ensureBuild } from "./ensure-build.mjs";

const root = new URL("..", import.meta.url).pathname;
ensureBuild();
const server = spawn(process.execPath, ["build/server.js"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
