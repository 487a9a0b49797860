import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { jsonb, boolean as pgBoolean, pgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { integer, SQLiteTable, sqliteTable, getTableConfig as sqliteTableConfig, text } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db/client.server";
import * as sqliteSchema from "../../app/db/schema";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { convertValue, copyPlan } from "../../scripts/lib/db-copy";
import { type PrivatePostgres, startPostgres } from "../support/postgres";
import { budapestDay, createFacilitator, createWorkshop, joinWorkshop, newClientId, unwrap } from "./helpers";
import { runScript } from "./run-script";

/**
 * Issue 15, the data move: `npm run db:copy -- --from <sqlite file> --to <postgres url>` run as an
 * operator runs it (scripts/db-copy.ts, a child process) on a SQLite file of a whole peer-review day
 * written through the services, into a private PostgreSQL (tests/support/postgres.ts). Every table
 * is read back from PostgreSQL and compared row for row with the SQLite file, each value normalised
 * by its column's type here (not by the copy's own conversion): bigint read back as a number, jsonb
 * as the JSON the SQLite text held.
 */

const SECRET = "db-copy-test-secret-db-copy-test-secret";
const TABLES = Object.values(sqliteSchema)
  .filter((value) => is(value, SQLiteTable))
  .map((table) => sqliteTableConfig(table as SQLiteTable));

let server: PrivatePostgres;
let dir: string;
let source: string;

/** A whole day in one SQLite file: two facilitators, a team, phones, every kind of write, a second workshop. */
async function seedPeerReviewDay(path: string) {
  const database = openDatabase(path);
  try {
    const services = createServices({ db: database.db, publish: silentPublish, secret: SECRET });
    const sessions = createSessions({ secret: SECRET, store: services.facilitators });
    const day = await budapestDay(services, { theme: "Health data — “quoted”, ünïcödé", startsOn: "2026-11-30" });
    const workshopId = day.workshop.id;
    await sessions.logIn(new Request("http://127.0.0.1/"), day.facilitator.id);
    const tamas = await createFacilitator(services, "Tamás");
    unwrap(await services.team.accept(tamas.actor, unwrap(await services.team.invite(day.actor, workshopId)).token));
    unwrap(await services.team.invite(day.actor, workshopId));
    unwrap(await services.workshops.saveTemplate(day.actor, workshopId, { name: "Our peer-review day" }));

    const agnes = await day.join("Ágnes", "academia");
    const bence = await day.join("Bence", "business");
    const gabor = await day.join("Gábor", "government");
    const zsofia = await day.join("Zsófia", "community");
    await day.join("Olga", "community", "observer");
    const fees = await day.hostChallenge("Membership fees keep SMEs out");
    await day.moveRoomTo("collect_challenges");
    const data = unwrap(
      await services.contributions.submit(agnes.actor, workshopId, {
        kind: "challenge",
        clientId: newClientId("phone"),
        title: "No shared data space",
        body: "Hospitals, universities and SMEs keep their data apart.\nSecond line.",
      }),
    );
    unwrap(
      await services.contributions.edit(agnes.actor, workshopId, {
        contributionId: data.id,
        clientId: newClientId("phone"),
        title: "No shared health data space",
        body: "Hospitals, universities and SMEs keep their data apart.",
      }),
    );
    const duplicate = unwrap(
      await services.contributions.submit(gabor.actor, workshopId, {
        kind: "challenge",
        clientId: newClientId("phone"),
        title: "Data silos",
      }),
    );
    unwrap(await services.moderation.merge(day.actor, workshopId, { sourceId: duplicate.id, targetId: data.id }));
    await day.moveRoomTo("vote_challenges");
    for (const [member, item, points] of [
      [agnes, fees, 2],
      [agnes, data, 1],
      [bence, data, 3],
      [gabor, fees, 1],
      [zsofia, data, 2],
    ] as const) {
      unwrap(
        await services.voting.vote(member.actor, workshopId, { clientId: newClientId("vote"), contributionId: item.id, points }),
      );
    }
    unwrap(
      await services.notes.save(day.actor, workshopId, {
        subject: `step:${await day.step("vote_challenges")}`,
        body: "Slow start",
        baseVersion: 0,
      }),
    );
    unwrap(
      await services.notes.save(day.actor, workshopId, {
        subject: `step:${await day.step("vote_challenges")}`,
        body: "Slow start; **energy** after coffee",
        baseVersion: 1,
      }),
    );
    unwrap(
      await services.notes.save(tamas.actor, workshopId, {
        subject: `challenge:${fees.id}`,
        body: "Ask the ministry",
        baseVersion: 0,
      }),
    );
    await day.moveRoomTo("collect_solutions");
    unwrap(
      await services.contributions.submit(bence.actor, workshopId, {
        kind: "solution",
        clientId: newClientId("phone"),
        challengeId: data.id,
        title: "A regional data trust",
      }),
    );
    await day.moveRoomTo("recommendations");
    const trust = unwrap(
      await services.recommendations.save(day.actor, workshopId, {
        clientId: newClientId("rec"),
        title: "Set up a regional data trust",
        body: "Led by the county, with the university hospital.",
        owner: { kind: "helix", helix: "government" },
        deadline: "2027-06-30",
        priority: "high",
        linkedIds: [data.id, fees.id],
      }),
    );
    unwrap(
      await services.recommendations.save(day.actor, workshopId, {
        clientId: newClientId("rec"),
        title: "Halve the membership fee for start-ups",
        owner: { kind: "organisation", name: "MediKlaszter" },
        priority: "medium",
      }),
    );
    for (const member of [agnes, bence, gabor]) {
      unwrap(
        await services.recommendations.endorse(member.actor, workshopId, {
          recommendationId: trust.id,
          endorsed: true,
          clientId: newClientId("endorse"),
        }),
      );
    }
    unwrap(await services.privacy.remove(day.actor, workshopId, { participantId: zsofia.participant.id, contributions: "keep" }));

    // A second workshop, of the other facilitator, closed.
    const vienna = await createWorkshop(services, tamas.actor, { title: "Vienna peer review" });
    await joinWorkshop(services, vienna.joinCode, { displayName: "Valentin", helix: "business" });
    unwrap(await services.workshops.setStatus(tamas.actor, vienna.id, { status: "closed" }));
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "helix-review-db-copy-"));
  source = join(dir, "day.sqlite");
  await seedPeerReviewDay(source);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let databases = 0;
/** A new, empty database on the private server. */
async function newDatabase() {
  const name = `copy_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

const copy = (args: string[]) =>
  runScript("scripts/db-copy.ts", args, { databasePath: join(dir, "unused.sqlite"), killAfterMs: 90_000 });

type Rows = Record<string, Record<string, unknown>[]>;

/** The primary key's values of a row, as one sortable string. */
function keyOf(table: (typeof TABLES)[number], row: Record<string, unknown>) {
  const columns = [
    ...table.columns.filter((c) => c.primary).map((c) => c.name),
    ...table.primaryKeys.flatMap((key) => key.columns.map((c) => c.name)),
  ];
  return JSON.stringify(columns.map((name) => row[name]));
}

const sortRows = (table: (typeof TABLES)[number], rows: Record<string, unknown>[]) =>
  rows.sort((a, b) => keyOf(table, a).localeCompare(keyOf(table, b)));

/** Every table of a SQLite file, JSON text parsed (the columns the schema stores as JSON). */
function sqliteRows(path: string): Rows {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      TABLES.map((table) => {
        const json = table.columns.filter((c) => c.dataType === "json").map((c) => c.name);
        const rows = (db.prepare(`SELECT * FROM "${table.name}"`).all() as Record<string, unknown>[]).map((row) => {
          for (const name of json) if (typeof row[name] === "string") row[name] = JSON.parse(row[name] as string);
          return row;
        });
        return [table.name, sortRows(table, rows)];
      }),
    );
  } finally {
    db.close();
  }
}

/**
 * Every table of the PostgreSQL database, only the SQLite schema's columns, bigint read as a number
 * (node-postgres gives a string) and jsonb as node-postgres parses it.
 */
async function postgresRows(url: string): Promise<Rows> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows: Rows = {};
    for (const table of TABLES) {
      const types = new Map(
        (
          await client.query<{ column_name: string; data_type: string }>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
            [table.name],
          )
        ).rows.map((r) => [r.column_name, r.data_type]),
      );
      const names = table.columns.map((c) => `"${c.name}"`).join(", ");
      const read = (await client.query(`SELECT ${names} FROM "${table.name}"`)).rows.map((row: Record<string, unknown>) => {
        for (const [name, value] of Object.entries(row)) {
          if (types.get(name) === "bigint" && value !== null) row[name] = Number(value);
        }
        return row;
      });
      rows[table.name] = sortRows(table, read);
    }
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * A copy of the day's file with `events` more events in its first workshop, numbered on from its
 * last one as the server numbers them (the event and the workshop's last_seq in one transaction).
 */
function biggerDay(name: string, events: number) {
  const path = join(dir, name);
  copyFileSync(source, path);
  const db = new Database(path);
  const workshop = db.prepare("SELECT id, last_seq FROM workshops ORDER BY created_at LIMIT 1").get() as {
    id: string;
    last_seq: number;
  };
  const insert = db.prepare(
    "INSERT INTO events (workshop_id, seq, type, payload, actor, created_at) VALUES (?, ?, 'vote.cast', ?, 'system', ?)",
  );
  db.transaction(() => {
    for (let i = 1; i <= events; i++)
      insert.run(workshop.id, workshop.last_seq + i, JSON.stringify({ n: i, text: `é${i}` }), 1_790_000_000_000 + i);
    db.prepare("UPDATE workshops SET last_seq = ? WHERE id = ?").run(workshop.last_seq + events, workshop.id);
  })();
  db.close();
  return path;
}

describe("npm run db:copy", { timeout: 120_000 }, () => {
  it("copies every table of a whole day, row for row, into a new PostgreSQL database, and says what it copied", async () => {
    const url = await newDatabase();
    const expected = sqliteRows(source);
    // The seed reaches every table: an empty table would prove nothing about its copy.
    for (const table of TABLES) expect(expected[table.name].length, `rows in ${table.name}`).toBeGreaterThan(0);

    const run = await copy(["--from", source, "--to", url]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await postgresRows(url)).toEqual(expected);
    for (const table of TABLES) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${table.name} +${expected[table.name].length}$`, "m"));
    }
    const total = TABLES.reduce((sum, table) => sum + expected[table.name].length, 0);
    expect(run.stdout).toContain(`Done: ${total.toLocaleString("en-US")} rows in ${TABLES.length} tables`);

    // The JSON columns hold JSON values, not JSON text in a string; the ids continue after the copied ones.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const kinds = await client.query("SELECT DISTINCT jsonb_typeof(settings) AS kind FROM workshops");
      expect(kinds.rows).toEqual([{ kind: "object" }]);
      const workshopId = expected.workshops[0].id;
      const next = await client.query(
        "INSERT INTO events (workshop_id, seq, type, payload, actor) VALUES ($1, 100000, 'test', '{}', 'system') RETURNING id, created_at",
        [workshopId],
      );
      const highest = Math.max(...expected.events.map((event) => Number(event.id)));
      expect(Number(next.rows[0].id)).toBe(highest + 1);
      expect(Math.abs(Number(next.rows[0].created_at) - Date.now())).toBeLessThan(60_000);
      const revision = await client.query(
        "INSERT INTO contribution_revisions (contribution_id, title, replaced_by, replaced_at) SELECT contribution_id, 'x', 'system', 0 FROM contribution_revisions LIMIT 1 RETURNING id",
      );
      expect(Number(revision.rows[0].id)).toBe(Math.max(...expected.contribution_revisions.map((r) => Number(r.id))) + 1);
    } finally {
      await client.end();
    }
  });

  it("refuses a database that already holds data, saying what it holds, and changes nothing", async () => {
    const url = await newDatabase();
    expect((await copy(["--from", source, "--to", url])).code).toBe(0);
    const before = await postgresRows(url);

    const again = await copy(["--from", source, "--to", url]);

    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already holds data \(.*workshops: 2.*\); nothing was copied\. Add --force/);
    expect(await postgresRows(url)).toEqual(before);
  });

  it("with --force replaces what the database holds, reports progress through a long table, and gives no deleted id again", async () => {
    const url = await newDatabase();
    expect((await copy(["--from", source, "--to", url])).code).toBe(0);
    const bigger = biggerDay("bigger.sqlite", 25_000);
    // The last events deleted: SQLite's AUTOINCREMENT still never gives their ids again.
    const file = new Database(bigger);
    file.exec("DELETE FROM events WHERE id > (SELECT max(id) - 5 FROM events)");
    const { seq: highestEver } = file.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as { seq: number };
    file.close();
    const expected = sqliteRows(bigger);

    const run = await copy(["--from", bigger, "--to", url, "--force"]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--force: deleting what the PostgreSQL database holds \(.*events: .*\)/);
    const events = expected.events.length.toLocaleString("en-US");
    expect(run.stdout).toContain(`  events: 10,000 of ${events} rows`);
    expect(run.stdout).toContain(`  events: 20,000 of ${events} rows`);
    expect(run.stdout).toContain(`  events: ${events} of ${events} rows`);
    expect(await postgresRows(url)).toEqual(expected);
    // Nor does PostgreSQL.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const next = await client.query(
        "INSERT INTO events (workshop_id, seq, type, payload, actor) SELECT id, 1000000, 'test', '{}', 'system' FROM workshops LIMIT 1 RETURNING id",
      );
      expect(Number(next.rows[0].id)).toBe(highestEver + 1);
      expect(highestEver).toBeGreaterThan(Math.max(...expected.events.map((event) => Number(event.id))));
    } finally {
      await client.end();
    }
  });

  it("copies one moment of a file a server is writing to: what was written after the copy began is not half in it", async () => {
    const url = await newDatabase();
    const busy = biggerDay("busy.sqlite", 25_000);
    // The server's writes: an event and its workshop's last_seq, in one transaction, every 2 ms.
    const writer = new Database(busy);
    writer.pragma("journal_mode = WAL");
    const workshopId = (writer.prepare("SELECT id FROM workshops ORDER BY created_at LIMIT 1").get() as { id: string }).id;
    const append = writer.transaction(() => {
      const { seq } = writer
        .prepare("UPDATE workshops SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS seq")
        .get(workshopId) as {
        seq: number;
      };
      writer
        .prepare(
          "INSERT INTO events (workshop_id, seq, type, payload, actor, created_at) VALUES (?, ?, 'vote.cast', '{}', 'system', ?)",
        )
        .run(workshopId, seq, Date.now());
    });
    let writing = true;
    const write = () => {
      if (!writing) return;
      append();
      setTimeout(write, 2);
    };

    const copying = copy(["--from", busy, "--to", url]);
    write();
    const run = await copying;
    writing = false;
    const written = writer.prepare("SELECT count(*) AS n FROM events WHERE workshop_id = ?").get(workshopId) as { n: number };
    writer.close();

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const copied = await client.query(
        "SELECT w.last_seq, (SELECT max(seq) FROM events e WHERE e.workshop_id = w.id) AS max_seq, (SELECT count(*)::int FROM events e WHERE e.workshop_id = w.id) AS n FROM workshops w WHERE w.id = $1",
        [workshopId],
      );
      const { last_seq, max_seq, n } = copied.rows[0];
      // The workshop's counter and its events are of the same moment...
      expect(last_seq).toBe(max_seq);
      // ...which came before the server's last writes (they went on until the copy ended).
      expect(n).toBeLessThan(written.n);
    } finally {
      await client.end();
    }
  });

  it("copies nothing when a row fails half-way: the transaction is rolled back and the error says where", async () => {
    const url = await newDatabase();
    // SQLite keeps any integer; PostgreSQL's integer column does not take 3 billion points.
    const broken = join(dir, "broken.sqlite");
    copyFileSync(source, broken);
    const db = new Database(broken);
    db.prepare("UPDATE votes SET points = 3000000000 WHERE rowid = (SELECT max(rowid) FROM votes)").run();
    db.close();

    const run = await copy(["--from", broken, "--to", url]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Copy failed, nothing was copied \(the PostgreSQL transaction was rolled back\): .*out of range/);
    const rows = await postgresRows(url);
    for (const table of TABLES) expect(rows[table.name], table.name).toEqual([]);
  });

  it("refuses a SQLite file of another schema, and says how to bring it to this version", async () => {
    const url = await newDatabase();
    const older = join(dir, "older.sqlite");
    copyFileSync(source, older);
    const db = new Database(older);
    db.exec("ALTER TABLE notes DROP COLUMN version");
    db.close();

    const run = await copy(["--from", older, "--to", url]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not at this version's schema (no column notes.version)");
    expect(run.stderr).toContain("npm run db:migrate");
  });

  it("fails clearly on a database it cannot reach or a URL that is not PostgreSQL's, exit code not 0", async () => {
    const unreachable = await copy(["--from", source, "--to", "postgres://helix:secret-password@127.0.0.1:1/helix"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /Could not open and migrate the PostgreSQL database postgres:\/\/helix:\*\*\*@127\.0\.0\.1:1\/helix: .*ECONNREFUSED/,
    );
    expect(unreachable.stderr).not.toContain("secret-password");

    const notPostgres = await copy(["--from", source, "--to", "mysql://127.0.0.1/helix"]);
    expect(notPostgres.code).toBe(2);
    expect(notPostgres.stderr).toContain("--to must be a postgres:// or postgresql:// URL");

    const noFile = await copy(["--from", join(dir, "missing.sqlite"), "--to", server.url]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("No database file at");
  });
});

describe("what db:copy copies, in which order, and how each value becomes PostgreSQL's", () => {
  it("copies every table of the schema, each after the tables its foreign keys point to", () => {
    const plan = copyPlan();
    expect(plan.map((t) => t.name).sort()).toEqual(TABLES.map((t) => t.name).sort());
    for (const table of TABLES) {
      for (const key of table.foreignKeys) {
        const parent = sqliteTableConfig(key.reference().foreignTable).name;
        expect(
          plan.findIndex((t) => t.name === parent),
          `${parent} before ${table.name}`,
        ).toBeLessThan(plan.findIndex((t) => t.name === table.name));
      }
    }
    expect(plan.find((t) => t.name === "events")?.identity).toEqual(["id"]);
    expect(plan.find((t) => t.name === "contribution_revisions")?.identity).toEqual(["id"]);
  });

  it("turns 0/1 into a boolean, JSON text into a JSON value and keeps NULL, by the two columns' types", () => {
    const from = sqliteTableConfig(sqliteTable("t", { flag: integer("flag"), data: text("data", { mode: "json" }) })).columns;
    const to = pgTableConfig(pgTable("t", { flag: pgBoolean("flag"), data: jsonb("data") })).columns;
    const flag = { name: "flag", from: from[0], to: to[0] };
    const data = { name: "data", from: from[1], to: to[1] };
    expect([convertValue(flag, 0), convertValue(flag, 1), convertValue(flag, null)]).toEqual([false, true, null]);
    expect(JSON.parse(convertValue(data, '{"budget":5,"label":"é"}') as string)).toEqual({ budget: 5, label: "é" });
    expect(convertValue(data, null)).toBeNull();
    expect(() => convertValue(data, "{not json")).toThrow();
  });
});
