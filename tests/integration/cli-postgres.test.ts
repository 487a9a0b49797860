import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../app/db/postgres.server";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { type PrivatePostgres, startPostgres, urlOfDatabase } from "../support/postgres";
import { runScript } from "./run-script";

/**
 * The command-line tools on PostgreSQL (DATABASE_URL), as an operator of several nodes runs them:
 * migrations, a facilitator account, the demo workshop and its report — each a real process on a
 * database that was empty, never the SQLite file. A password in the URL is never printed.
 */
let postgres: PrivatePostgres;
let dir: string;
let url: string;

beforeAll(async () => {
  postgres = await startPostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("CREATE DATABASE helix_cli");
  await admin.query("ALTER USER postgres PASSWORD 'hunter2-cli'");
  await admin.end();
  const withPassword = new URL(urlOfDatabase(postgres.url, "helix_cli"));
  withPassword.password = "hunter2-cli";
  url = withPassword.toString();
  dir = mkdtempSync(join(tmpdir(), "helix-review-cli-pg-"));
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (script: string, args: string[], env: Record<string, string> = { DATABASE_URL: url }, stdin = "") =>
  runScript(script, args, { databasePath: join(dir, "never.sqlite"), env, stdin, killAfterMs: 90_000 });

describe("the command-line tools on PostgreSQL", { timeout: 240_000 }, () => {
  it("migrate, create a facilitator, seed the demo and write its report on the database DATABASE_URL names", async () => {
    const migrated = await run("scripts/migrate.ts", []);
    expect(migrated.stderr).toBe("");
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`Migrated postgres://postgres:***@127.0.0.1:${postgres.port}/helix_cli`);

    const created = await run(
      "scripts/facilitator.ts",
      ["create", "--email", "tamas@example.org", "--name", "Tamás"],
      undefined,
      "a long password\n",
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created the facilitator account Tamás <tamas@example.org> in postgres://postgres:***@");

    const seeded = await run("scripts/seed-demo.ts", []);
    expect(seeded.code).toBe(0);
    const demo = JSON.parse(seeded.stdout.trim().split("\n").at(-1) ?? "{}") as { workshopId: string; joinCode: string };
    expect(demo.workshopId).toMatch(/\S/);

    const out = join(dir, "report.json");
    const report = await run("scripts/report.ts", ["--workshop", demo.joinCode, "--format", "json", "--out", out]);
    expect(report.code).toBe(0);
    const model = JSON.parse(readFileSync(out, "utf8")) as { workshop: { title: string } };
    expect(JSON.stringify(model)).toContain("Budapest");

    for (const output of [migrated, created, seeded, report]) expect(output.stdout + output.stderr).not.toContain("hunter2");
    // Nothing went to the SQLite file.
    expect(existsSync(join(dir, "never.sqlite"))).toBe(false);

    // The account and the demo are in PostgreSQL, read through the services as a node reads them.
    const handle = await openPostgres(url);
    try {
      const services = createServices({ db: handle.services, publish: silentPublish });
      expect((await services.facilitators.logIn({ email: "tamas@example.org", password: "a long password" })).ok).toBe(true);
      expect((await services.reports.model({ kind: "system" }, demo.joinCode)).ok).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it("a DATABASE_URL that is not PostgreSQL's is refused, saying why, and nothing is opened", async () => {
    const refused = await run("scripts/migrate.ts", [], { DATABASE_URL: "mysql://helix:hunter2@127.0.0.1/helix" });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("DATABASE_URL must start with postgres:// or postgresql://");
    expect(refused.stderr).not.toContain("hunter2");
    expect(existsSync(join(dir, "never.sqlite"))).toBe(false);
  });
});
