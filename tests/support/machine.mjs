// What `npm test` looks at and runs to provide what the tests need on a fresh machine (a browser,
// PostgreSQL, Redis): replaceable, so the paths a fresh machine takes are tested on one that has
// everything (tests/integration/chromium-setup.test.ts, test-servers-setup.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * @typedef {{
 *   env: Record<string, string | undefined>,
 *   exists: (path: string) => boolean,
 *   listDir: (path: string) => string[],
 *   osRelease: () => string,
 *   isRoot: () => boolean,
 *   run: (command: string, args: string[], env?: Record<string, string>) => number | null,
 *   log: (line: string) => void,
 * }} Machine
 */

/** @type {Machine} */
export const thisMachine = {
  env: process.env,
  exists: existsSync,
  listDir: (path) => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  osRelease: () => (existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : ""),
  isRoot: () => typeof process.getuid === "function" && process.getuid() === 0,
  run: (command, args, env = {}) => spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status,
  log: (line) => console.log(line),
};

/**
 * On Debian or Ubuntu, as root or through sudo without a password: installs the distribution's
 * `packages`, after saying `why`. Returns false where that is not possible or apt-get fails (the
 * caller then prints the one command to run).
 * @param {Pick<Machine, "osRelease" | "isRoot" | "run" | "log">} machine
 * @param {string[]} packages
 * @param {string} why
 */
export function installDistroPackages(machine, packages, why) {
  if (!/^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(machine.osRelease())) return false;
  const asRoot = machine.isRoot();
  if (!asRoot && machine.run("sudo", ["-n", "true"]) !== 0) return false;
  machine.log(why);
  const apt = (/** @type {string[]} */ args) =>
    asRoot
      ? machine.run("apt-get", args, { DEBIAN_FRONTEND: "noninteractive" })
      : machine.run("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args]);
  return apt(["update", "-qq"]) === 0 && apt(["install", "-y", "-qq", ...packages]) === 0;
}
