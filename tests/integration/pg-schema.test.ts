import { readFileSync } from "node:fs";
import { is } from "drizzle-orm";
import { type PgColumn, PgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { type SQLiteColumn, SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATION_LOCK_KEY, openPostgres } from "../../app/db/postgres.server";
import * as sqliteSchema from "../../app/db/schema";
import * as pgSchema from "../../app/db/schema.pg";
import { type PrivatePostgres, startPostgres } from "../support/postgres";

/**
 * Issue 15: the PostgreSQL schema (app/db/schema.pg.ts) mirrors the SQLite one (app/db/schema.ts)
 * column for column, so that the same service code reads the same values from either; and its
 * generated migrations (drizzle/pg), applied by openPostgres, build exactly that database: the same
 * tables, columns, keys, indexes, foreign keys and cascades. Any difference fails, in either
 * direction. On a private PostgreSQL (tests/support/postgres.ts).
 *
 * `workshops.vote_seq` is in the PostgreSQL schema before SQLite's (it comes with the service
 * layer's port): until both have it, this file fails on that column, and only on it.
 */

const sqliteTables = Object.values(sqliteSchema)
  .filter((value) => is(value, SQLiteTable))
  .map((table) => sqliteTableConfig(table as SQLiteTable));
const pgTables = Object.values(pgSchema)
  .filter((value) => is(value, PgTable))
  .map((table) => pgTableConfig(table as PgTable));

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;

/** A column as both dialects must agree on it: name, JS value kind, not-null, primary key, default, unique. */
function columnShape(config: Config, column: SQLiteColumn | PgColumn) {
  const inCompositeKey = config.primaryKeys.some((key) => key.columns.some((c) => c.name === column.name));
  return {
    name: column.name,
    // "string", "number", "json", "boolean": what the service code reads.
    dataType: column.dataType,
    notNull: column.notNull,
    primaryKey: column.primary || inCompositeKey,
    hasDefault: column.hasDefault,
    unique: column.isUnique,
  };
}

const primaryKeyOf = (config: Config) =>
  [
    ...config.columns.filter((c) => c.primary).map((c) => [c.name]),
    ...config.primaryKeys.map((key) => key.columns.map((c) => c.name)),
  ].flat();

const indexesOf = (config: Config) =>
  config.indexes
    .map((index) => ({
      name: index.config.name ?? "(unnamed)",
      unique: index.config.unique,
      columns: index.config.columns.map((c) => (c as { name: string }).name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

const foreignKeysOf = (config: Config) =>
  config.foreignKeys
    .map((key) => {
      const reference = key.reference();
      return {
        columns: reference.columns.map((c) => c.name),
        table: (is(reference.foreignTable, PgTable)
          ? pgTableConfig(reference.foreignTable as PgTable)
          : sqliteTableConfig(reference.foreignTable as SQLiteTable)
        ).name,
        foreignColumns: reference.foreignColumns.map((c) => c.name),
        onDelete: key.onDelete ?? "no action",
      };
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));

describe("app/db/schema.pg.ts mirrors app/db/schema.ts", () => {
  it("has the same tables", () => {
    expect(pgTables.map((t) => t.name).sort()).toEqual(sqliteTables.map((t) => t.name).sort());
  });

  for (const sqlite of sqliteTables) {
    it(`${sqlite.name}: the same columns, keys, indexes and foreign keys`, () => {
      const postgres = pgTables.find((t) => t.name === sqlite.name);
      expect(postgres, `no PostgreSQL table ${sqlite.name}`).toBeDefined();
      if (!postgres) return;
      expect(postgres.columns.map((c) => columnShape(postgres, c))).toEqual(sqlite.columns.map((c) => columnShape(sqlite, c)));
      expect(primaryKeyOf(postgres)).toEqual(primaryKeyOf(sqlite));
      expect(indexesOf(postgres)).toEqual(indexesOf(sqlite));
      expect(foreignKeysOf(postgres)).toEqual(foreignKeysOf(sqlite));
    });
  }
});

let server: PrivatePostgres;
/** A new, empty database on the private server, for one test. */
let databases = 0;
async function newDatabase() {
  const name = `schema_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** SQL types drizzle writes for the column kinds the schema uses, as information_schema names them. */
const sqlType = (column: PgColumn) => column.getSQLType();

describe("the migrated PostgreSQL database", { timeout: 60_000 }, () => {
  it("has exactly the schema's tables, columns, types, keys, indexes and foreign keys with their cascades", async () => {
    const url = await newDatabase();
    const handle = await openPostgres(url);
    try {
      const query = async <T extends pg.QueryResultRow>(text: string) => (await handle.pool.query<T>(text)).rows;

      const columns = await query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
        "SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
      );
      const expectedColumns = sqliteTables.flatMap((sqlite) => {
        const postgres = pgTables.find((t) => t.name === sqlite.name);
        return sqlite.columns.map((column) => {
          const twin = postgres?.columns.find((c) => c.name === column.name);
          return {
            table_name: sqlite.name,
            column_name: column.name,
            is_nullable: column.notNull ? "NO" : "YES",
            data_type: twin ? sqlType(twin) : "(no PostgreSQL column)",
          };
        });
      });
      const byName = (a: { table_name: string; column_name: string }, b: { table_name: string; column_name: string }) =>
        `${a.table_name}.${a.column_name}`.localeCompare(`${b.table_name}.${b.column_name}`);
      expect(columns.sort(byName)).toEqual(expectedColumns.sort(byName));

      const keys = await query<{ table_name: string; columns: string[] }>(`
        SELECT c.conrelid::regclass::text AS table_name,
               array_agg(a.attname::text ORDER BY k.ord) AS columns
        FROM pg_constraint c
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace
        GROUP BY c.conrelid, c.conname`);
      expect(
        keys.map((k) => ({ ...k, columns: [...k.columns].sort() })).sort((a, b) => a.table_name.localeCompare(b.table_name)),
      ).toEqual(
        sqliteTables
          .map((t) => ({ table_name: t.name, columns: [...primaryKeyOf(t)].sort() }))
          .sort((a, b) => a.table_name.localeCompare(b.table_name)),
      );

      // Every index but the primary keys': the schema's indexes, and the unique columns' constraints.
      const indexes = await query<{ table_name: string; name: string; unique: boolean; columns: string[] }>(`
        SELECT t.relname::text AS table_name, i.relname::text AS name, x.indisunique AS unique,
               array_agg(a.attname::text ORDER BY k.ord) AS columns
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary
        GROUP BY t.relname, i.relname, x.indisunique`);
      const expectedIndexes = sqliteTables.flatMap((t) => [
        ...indexesOf(t).map((index) => ({ table_name: t.name, ...index })),
        ...t.columns
          .filter((c) => c.isUnique)
          .map((c) => ({ table_name: t.name, name: `${t.name}_${c.name}_unique`, unique: true, columns: [c.name] })),
      ]);
      const byIndexName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(indexes.sort(byIndexName)).toEqual(expectedIndexes.sort(byIndexName));

      const foreignKeys = await query<{
        table_name: string;
        columns: string[];
        table: string;
        foreignColumns: string[];
        onDelete: string;
      }>(`
        SELECT c.conrelid::regclass::text AS table_name,
               (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
               c.confrelid::regclass::text AS "table",
               (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS "foreignColumns",
               CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
                 WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END AS "onDelete"
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
      const byKey = (a: { table_name: string; columns: string[] }, b: { table_name: string; columns: string[] }) =>
        `${a.table_name}.${a.columns.join()}`.localeCompare(`${b.table_name}.${b.columns.join()}`);
      expect(foreignKeys.sort(byKey)).toEqual(
        sqliteTables.flatMap((t) => foreignKeysOf(t).map((key) => ({ table_name: t.name, ...key }))).sort(byKey),
      );

      // The same JS values: a row written through the pg schema reads back as the SQLite schema's would.
      const now = Date.now();
      await handle.db
        .insert(pgSchema.facilitators)
        .values({ id: "f1", email: "e@example.org", name: "E", passwordHash: "h", createdAt: now });
      const [read] = await handle.db.select().from(pgSchema.facilitators);
      expect(read).toEqual({ id: "f1", email: "e@example.org", name: "E", passwordHash: "h", createdAt: now });
    } finally {
      await handle.close();
    }
  });

  it("is migrated once when two nodes open a new database at once, and again at a restart finds nothing to apply", async () => {
    const url = await newDatabase();
    const [one, two] = await Promise.all([openPostgres(url), openPostgres(url)]);
    await Promise.all([one.close(), two.close()]);
    const again = await openPostgres(url);
    try {
      const applied = await again.pool.query("SELECT hash FROM drizzle.__drizzle_migrations");
      const journal = JSON.parse(readFileSync("drizzle/pg/meta/_journal.json", "utf8")) as { entries: unknown[] };
      expect(applied.rowCount).toBe(journal.entries.length);
      const tables = await again.pool.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables.rows[0].n).toBe(sqliteTables.length);
    } finally {
      await again.close();
    }
  });

  it("waits for the migration lock: a node starting while another migrates applies nothing until it is released", async () => {
    const url = await newDatabase();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
      let opened = false;
      const opening = openPostgres(url).then((handle) => {
        opened = true;
        return handle;
      });
      await new Promise((resolve) => setTimeout(resolve, 750));
      expect(opened).toBe(false);
      const during = await other.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      expect(during.rows[0].n).toBe(0);
      await other.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
      const handle = await opening;
      const after = await handle.pool.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(after.rows[0].n).toBe(sqliteTables.length);
      await handle.close();
    } finally {
      await other.end();
    }
  });
});
