#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs
// server.ts in production mode. Signals reach the server, which closes sockets and the database.
import { spawn } from "node:child_process";
import { ensureBuild } from "./ensure-build.mjs";

const root = new URL("..", import.meta.url).pathname;
ensureBuild();
const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
