import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";
import type { Machine } from "./machine.mjs";
import { findRedis } from "./test-servers.mjs";

export type PrivateRedis = {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Its working folder (nothing is saved there: persistence is off). Removed by `stop`. */
  dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes the folder; safe to call twice. */
  stop: () => Promise<void>;
};

/** Resolves once redis-server says it accepts connections; rejects with its output if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`redis-server exited (${signal ?? code}) before accepting connections:\n${output}`));
    });
  });
}

/**
 * A private Redis for one test file, never a shared one: `redis-server` on a free loopback port,
 * nothing saved (no RDB snapshots, no append-only file), in a temporary working folder. Fails with
 * how to install Redis when it is not there (`machine`: where to look, this one unless a test says
 * otherwise).
 */
export async function startRedis(options: { machine?: Machine } = {}): Promise<PrivateRedis> {
  const found = findRedis(options.machine);
  if ("error" in found) throw new Error(found.error);
  const dir = mkdtempSync(join(tmpdir(), "helix-review-redis-"));
  // A port found free may be taken before the server binds it: try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      found.path,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    // Synchronous, so it also runs as the test process exits.
    const cleanUp = () => {
      process.off("exit", cleanUp);
      kill();
      rmSync(dir, { recursive: true, force: true });
    };
    process.once("exit", cleanUp);
    try {
      await ready(child);
    } catch (error) {
      kill();
      process.off("exit", cleanUp);
      if (attempt < 3 && error instanceof Error && /Address already in use/i.test(error.message)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    // Its output is no longer read, but must not fill the pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once("exit", () => done()));
        child.kill("SIGTERM");
        const forced = setTimeout(kill, 5_000);
        await exited;
        clearTimeout(forced);
      }
      cleanUp();
    };
    return { url: `redis://127.0.0.1:${port}`, port, dir, stop };
  }
}
