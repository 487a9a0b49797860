import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/protocol";
import { startChild } from "../../scripts/lib/start-child";

const ROOT = resolve(__dirname, "../..");

/**
 * The production build the tests of `npm start`'s server run against: `npm test` builds before
 * Vitest runs, and a run of one such file alone builds here when the build is missing or older than
 * its sources (a production build whatever Vitest's NODE_ENV: scripts/ensure-build.mjs).
 */
export async function ensureBuiltServer(): Promise<void> {
  const build = spawn(
    process.execPath,
    ["--input-type=module", "-e", "import { ensureBuild } from './scripts/ensure-build.mjs'; ensureBuild();"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  build.stdout.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  build.stderr.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => build.on("close", done));
  if (code !== 0) throw new Error(`npm run build failed:\n${output}`);
}

/** The built server as `npm start` runs it: production, its own process, a free loopback port. */
export function startBuiltServer(env: Record<string, string>) {
  return startChild(
    ["build/server.js"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", ...env },
    { timeoutMs: 120_000 },
  );
}

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A screen connecting to a server as the app's client does (WebSocket, its cookie), without
 * reconnecting by itself: a test decides where it goes next. `onClose` gets how to disconnect it.
 */
export function connectClient(
  url: string,
  auth: Record<string, string>,
  { cookie, onClose }: { cookie?: string; onClose?: (close: () => void) => void } = {},
): Promise<Client> {
  const socket: Client = io(url, {
    auth,
    extraHeaders: cookie ? { cookie } : {},
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  onClose?.(() => {
    socket.disconnect();
  });
  return new Promise((done, fail) => {
    socket.once("connect", () => done(socket));
    socket.once("connect_error", fail);
  });
}
