import { spawn } from "node:child_process";
import { resolve } from "node:path";

export type ScriptRun = { code: number | null; stdout: string; stderr: string };

const ROOT = resolve(__dirname, "../..");

/**
 * Runs one of the project's scripts (`scripts/<name>.ts`, through tsx) as `npm run …` would, on the
 * given database file (or what `env` names, e.g. DATABASE_URL), with `stdin` written to it; killed after `killAfterMs` (a hung script fails
 * its test instead of the suite).
 */
export function runScript(
  script: string,
  args: string[],
  options: { databasePath: string; stdin?: string; killAfterMs?: number; env?: Record<string, string> },
): Promise<ScriptRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_PATH: options.databasePath,
        SESSION_SECRET: "cli-test-secret-cli-test-secret-0123",
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 45_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
}
