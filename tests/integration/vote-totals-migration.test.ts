import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../app/db/postgres.server";
import { type PrivatePostgres, rowsAt, startPostgres, urlOfDatabase } from "../support/postgres";

/**
 * The migration that brings the totals the database keeps (vote-totals.test.ts; migration 0010,
 * drizzle/pg/0001 on PostgreSQL) to a database of the previous version that already holds votes:
 * they start from the votes stored, and votes left on withdrawn items, which counted nowhere, go.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a migrations folder that stops before `tag`: what a database of the previous version has applied. */
function migrationsBefore(folder: string, tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "helix-migrations-"));
  dirs.push(dir);
  const older = join(dir, "migrations");
  cpSync(folder, older, { recursive: true });
  const journalPath = join(older, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 1) throw new Error(`no migration ${tag} after another in ${folder}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return older;
}

/** A running workshop's vote: p1 (academia) on a and b, p2 (business) on a, p3 (business) only on x, withdrawn. */
const OLD_DAY = [
  `insert into workshops (id, title, host_organisation, join_code, display_token, settings, created_at, updated_at)
     values ('w', 'W', 'Host', 'ABCDEF', 'tok', '{}', 0, 0)`,
  `insert into agenda_steps (id, workshop_id, position, kind, settings, created_at) values ('s', 'w', 0, 'vote_challenges', '{}', 0)`,
  `insert into participants (id, workshop_id, helix, role, language, token_hash, joined_at, last_seen_at)
     values ('p1', 'w', 'academia', 'local_stakeholder', 'en', 'h1', 0, 0), ('p2', 'w', 'business', 'local_stakeholder', 'en', 'h2', 0, 0),
            ('p3', 'w', 'business', 'local_stakeholder', 'en', 'h3', 0, 0)`,
  `insert into contributions (id, workshop_id, kind, title, status, client_id, created_at)
     values ('a', 'w', 'challenge', 'A', 'visible', 'ca', 0), ('b', 'w', 'challenge', 'B', 'visible', 'cb', 0),
            ('x', 'w', 'challenge', 'X', 'withdrawn', 'cx', 0)`,
  `insert into votes (workshop_id, step_id, participant_id, contribution_id, points, helix, updated_at) values
     ('w', 's', 'p1', 'a', 2, 'academia', 0), ('w', 's', 'p1', 'b', 1, 'academia', 0),
     ('w', 's', 'p2', 'a', 3, 'business', 0), ('w', 's', 'p3', 'x', 2, 'business', 0)`,
];

/** What the migrated database holds, and what it holds after p1 takes back one vote, then the other. */
async function expectTotalsKept(all: (sql: string) => Promise<Record<string, unknown>[]>, exec: (sql: string) => Promise<void>) {
  const turnout = () => all("select helix, voters from vote_turnout order by helix");
  expect(await all("select contribution_id, helix, points from vote_totals order by contribution_id, helix")).toEqual([
    { contribution_id: "a", helix: "academia", points: 2 },
    { contribution_id: "a", helix: "business", points: 3 },
    { contribution_id: "b", helix: "academia", points: 1 },
  ]);
  // p3's only vote was on the withdrawn item: gone, and p3 is not in the turnout.
  expect(await all("select participant_id from votes where contribution_id = 'x'")).toEqual([]);
  expect(await turnout()).toEqual([
    { helix: "academia", voters: 1 },
    { helix: "business", voters: 1 },
  ]);
  // From here on the triggers keep them.
  await exec("delete from votes where participant_id = 'p1' and contribution_id = 'a'");
  expect(await turnout()).toEqual([
    { helix: "academia", voters: 1 },
    { helix: "business", voters: 1 },
  ]);
  await exec("delete from votes where participant_id = 'p1'");
  expect(await turnout()).toEqual([
    { helix: "academia", voters: 0 },
    { helix: "business", voters: 1 },
  ]);
  expect(
    await all("select contribution_id, helix, points from vote_totals where points > 0 order by contribution_id, helix"),
  ).toEqual([{ contribution_id: "a", helix: "business", points: 3 }]);
}

describe("the migration to kept totals, on a database that holds votes", () => {
  it("SQLite (0010): counts the totals from the votes there, and drops the votes on withdrawn items", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helix-0010-"));
    dirs.push(dir);
    const sqlite = new Database(join(dir, "old.sqlite"));
    try {
      sqlite.pragma("foreign_keys = ON");
      migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore("drizzle", "0010_vote_totals") });
      for (const statement of OLD_DAY) sqlite.exec(statement);
      migrate(drizzle(sqlite), { migrationsFolder: "drizzle" });
      await expectTotalsKept(
        async (sql) => sqlite.prepare(sql).all() as Record<string, unknown>[],
        async (sql) => void sqlite.exec(sql),
      );
    } finally {
      sqlite.close();
    }
  });

  describe("PostgreSQL (0001)", () => {
    let server: PrivatePostgres;
    beforeAll(async () => {
      server = await startPostgres();
    });
    afterAll(async () => await server?.stop());

    it("counts the totals from the votes there, and drops the votes on withdrawn items", async () => {
      await rowsAt(server.url, "CREATE DATABASE old_day");
      const url = urlOfDatabase(server.url, "old_day");
      const older = await openPostgres(url, { migrationsFolder: migrationsBefore("drizzle/pg", "0001_vote_totals") });
      for (const statement of OLD_DAY) await older.pool.query(statement);
      await older.close();
      const migrated = await openPostgres(url);
      try {
        await expectTotalsKept(
          async (sql) => (await migrated.pool.query(sql)).rows,
          async (sql) => void (await migrated.pool.query(sql)),
        );
      } finally {
        await migrated.close();
      }
    });
  });
});
