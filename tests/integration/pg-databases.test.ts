import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedDatabases, type PrivatePostgres, startPostgres } from "../support/postgres";

/**
 * The service tests' PostgreSQL: a private server per test file, and a fresh migrated database per
 * test, copied from a template migrated once (tests/support/postgres.ts).
 */
let server: PrivatePostgres;
let databases: Awaited<ReturnType<typeof migratedDatabases>>;

beforeAll(async () => {
  server = await startPostgres();
  databases = await migratedDatabases(server);
}, 120_000);
afterAll(async () => {
  await databases?.close();
  await server?.stop();
});

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe("fresh PostgreSQL databases for tests", () => {
  it("each is migrated, and what one test writes is not in the next one's", async () => {
    const [first, second] = [await databases.fresh(), await databases.fresh()];
    expect(first).not.toEqual(second);
    for (const url of [first, second]) {
      const tables = await query<{ n: number }>(
        url,
        "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('workshops', 'votes', 'events')",
      );
      expect(tables).toEqual([{ n: 3 }]);
    }
    await query(
      first,
      "insert into facilitators (id, name, email, password_hash, created_at) values ('f1', 'Eszter', 'e@example.org', 'x', 1)",
    );
    expect(await query(first, "select id from facilitators")).toEqual([{ id: "f1" }]);
    expect(await query(second, "select id from facilitators")).toEqual([]);
  });
});
