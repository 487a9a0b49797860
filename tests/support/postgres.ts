import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgres } from "../../app/db/postgres.server";
import { freePort } from "./free-port";
import { type Machine, thisMachine } from "./machine.mjs";
import { findPostgres } from "./test-servers.mjs";

export type PrivatePostgres = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The temporary folder: the cluster's data, its socket and its log. Removed by `stop`. */
  dir: string;
  /** Stops the server at once (`pg_ctl stop -m immediate`) and removes the folder; safe to call twice. */
  stop: () => Promise<void>;
};

/** Runs a program to its end; its output comes back with the exit code. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, output }));
  });
}

/** The postgres account's user and group ids (PostgreSQL refuses to run as root). */
function postgresAccount(): { uid: number; gid: number } {
  const entry = spawnSync("getent", ["passwd", "postgres"], { encoding: "utf8" }).stdout.trim();
  const [, , uid, gid] = entry.split(":");
  if (!entry || uid === undefined || gid === undefined) {
    throw new Error(
      "PostgreSQL does not run as root, and this machine has no postgres user to run it as: run the tests as another user, or install Debian's postgresql package (it creates the user).",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A private PostgreSQL for one test file, never a shared one: a new cluster (`initdb`) in a
 * temporary folder, started with `pg_ctl` on a free loopback port with its socket in that folder,
 * durability off (a test's data is thrown away). As root, the programs run as the postgres user,
 * who owns the folder. Fails with how to install PostgreSQL when it is not there (`machine`: where
 * to look, this one unless a test says otherwise).
 */
export async function startPostgres(options: { machine?: Machine } = {}): Promise<PrivatePostgres> {
  const machine = options.machine ?? thisMachine;
  const found = findPostgres(machine);
  if ("error" in found) throw new Error(found.error);
  const asRoot = machine.isRoot();
  const account = asRoot ? postgresAccount() : null;
  // As root, in /tmp (which the postgres user can reach) and owned by postgres.
  const dir = mkdtempSync(join(asRoot ? "/tmp" : tmpdir(), "helix-review-pg-"));
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, "data");
  const log = join(dir, "postgres.log");
  const program = (name: string, args: string[]) =>
    account ? run("runuser", ["-u", "postgres", "--", join(found.bin, name), ...args]) : run(join(found.bin, name), args);
  const pgCtl = (args: string[]) => program("pg_ctl", ["-D", data, ...args]);

  let stopped = false;
  const stopNow = () => {
    // Synchronous, so it also runs as the test process exits.
    if (stopped) return;
    stopped = true;
    process.off("exit", stopNow);
    const args = ["-D", data, "-m", "immediate", "-w", "stop"];
    if (existsSync(join(data, "postmaster.pid"))) {
      if (account) spawnSync("runuser", ["-u", "postgres", "--", join(found.bin, "pg_ctl"), ...args], { stdio: "ignore" });
      else spawnSync(join(found.bin, "pg_ctl"), args, { stdio: "ignore" });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopNow);

  try {
    const init = await program("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    if (init.code !== 0) throw new Error(`initdb failed:\n${init.output}`);
    // A port found free may be taken before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      const start = await pgCtl(["-l", log, "-o", options, "-w", "-t", "60", "start"]);
      if (start.code === 0) {
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          port,
          dir,
          stop: async () => stopNow(),
        };
      }
      const logText = existsSync(log) ? readFileSync(log, "utf8") : "";
      if (attempt >= 3 || !/could not bind|already in use/i.test(logText)) {
        throw new Error(`PostgreSQL did not start:\n${start.output}\n${logText}`);
      }
    }
  } catch (error) {
    stopNow();
    throw error;
  }
}

/** The URL of another database on the same server. */
export function urlOfDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Fresh databases on a private PostgreSQL, each a copy of one database migrated once (`CREATE
 * DATABASE … TEMPLATE`): a test gets its own migrated database in a fraction of a second, as it
 * gets a fresh SQLite file. `fresh()` answers its URL.
 */
export async function migratedDatabases(server: PrivatePostgres) {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const template = `helix_template_${process.pid}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const migrated = await openPostgres(urlOfDatabase(server.url, template));
  await migrated.close();
  let count = 0;
  return {
    async fresh(): Promise<string> {
      count += 1;
      const name = `${template.replace("template", "test")}_${count}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return urlOfDatabase(server.url, name);
    },
    close: () => admin.end(),
  };
}

/**
 * Rows of a raw read written as the SQLite tests write it, with `?` placeholders (PostgreSQL's are
 * `$1`, `$2`, …), on a pool or a client.
 */
export async function rowsOf<Row = Record<string, unknown>>(
  db: Pick<pg.Pool, "query"> | Pick<pg.Client, "query">,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  let n = 0;
  return (
    await db.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    )
  ).rows as Row[];
}

/** `rowsOf` on a connection of its own to `url`, opened and closed around the read. */
export async function rowsAt<Row = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await rowsOf<Row>(client, sql, params);
  } finally {
    await client.end();
  }
}
