// Which PostgreSQL and Redis programs the tests start their own private servers with
// (tests/support/postgres.ts, redis.ts): found on PATH or where Debian puts them; on a fresh Debian
// or Ubuntu machine without them, `npm test` installs the distribution's packages, as it does for
// Chromium. Shared by scripts/test.mjs and the two starters.
import { installDistroPackages, thisMachine } from "./machine.mjs";

export const HOW_TO_INSTALL_POSTGRES = `No PostgreSQL found for the tests (initdb, pg_ctl and postgres, on PATH or in /usr/lib/postgresql/<version>/bin). Install it:
  - Debian/Ubuntu:  sudo apt-get install postgresql
  - macOS:          brew install postgresql
The tests start their own server in a temporary folder; no running PostgreSQL is needed.`;

export const HOW_TO_INSTALL_REDIS = `No Redis found for the tests (redis-server, on PATH or in /usr/bin). Install it:
  - Debian/Ubuntu:  sudo apt-get install redis-server
  - macOS:          brew install redis
The tests start their own server on a free port; no running Redis is needed.`;

const POSTGRES_PROGRAMS = ["initdb", "pg_ctl", "postgres"];

/** PATH's folders, then the usual places of packaged programs. */
function searchPath(machine, extra) {
  return [...(machine.env.PATH ?? "").split(":").filter(Boolean), ...extra];
}

/**
 * The folder with PostgreSQL's server programs: on PATH, else Debian's /usr/lib/postgresql/<version>/bin
 * (the newest version first).
 * @param {Pick<import("./machine.mjs").Machine, "env" | "exists" | "listDir">} machine
 * @returns {{ bin: string } | { error: string }}
 */
export function findPostgres(machine = thisMachine) {
  const debian = machine
    .listDir("/usr/lib/postgresql")
    .filter((version) => /^\d+(\.\d+)?$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin`);
  const bin = searchPath(machine, debian).find((folder) =>
    POSTGRES_PROGRAMS.every((name) => machine.exists(`${folder}/${name}`)),
  );
  return bin ? { bin } : { error: HOW_TO_INSTALL_POSTGRES };
}

/**
 * The redis-server program: on PATH, else where Debian and Homebrew put it.
 * @param {Pick<import("./machine.mjs").Machine, "env" | "exists">} machine
 * @returns {{ path: string } | { error: string }}
 */
export function findRedis(machine = thisMachine) {
  const path = searchPath(machine, ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])
    .map((folder) => `${folder}/redis-server`)
    .find((candidate) => machine.exists(candidate));
  return path ? { path } : { error: HOW_TO_INSTALL_REDIS };
}

/**
 * What `npm test` does before the tests: finds PostgreSQL and Redis, and installs the distribution's
 * package of each that is missing (Debian or Ubuntu, as root or with sudo), in one apt-get run,
 * saying so. What is still missing afterwards comes back as an error: the tests that need it fail
 * with that message.
 * @param {import("./machine.mjs").Machine} machine
 */
export function ensureTestServers(machine = thisMachine) {
  const find = () => ({ postgres: findPostgres(machine), redis: findRedis(machine) });
  const found = find();
  const missing = [...("error" in found.postgres ? ["postgresql"] : []), ...("error" in found.redis ? ["redis-server"] : [])];
  if (missing.length === 0) return found;
  const named = missing.map((name) => (name === "postgresql" ? "PostgreSQL" : "Redis")).join(" or ");
  const why = `No ${named} found for the tests' private servers: installing the distribution's ${missing.join(" and ")} package${missing.length > 1 ? "s" : ""} (apt-get)…`;
  return installDistroPackages(machine, missing, why) ? find() : found;
}
