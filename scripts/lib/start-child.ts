import { type ChildProcess, spawn } from "node:child_process";

/** Starts a child process and resolves with the URL it prints as "listening on http://127.0.0.1:PORT". */
export function startChild(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; echoStderr?: boolean } = {},
) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      onData(chunk);
      if (options.echoStderr) process.stderr.write(chunk);
    });
    child.on("exit", (code) => reject(new Error(`child exited with ${code}:\n${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      // Exited already (a code) or killed (a signal: exitCode stays null then).
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  return { child, url, stop };
}
