import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { type PgColumn, PgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { type SQLiteColumn, SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import type pg from "pg";
import { openPostgres, redactedUrl } from "../../app/db/postgres.server";
import * as sqliteSchema from "../../app/db/schema";
import * as pgSchema from "../../app/db/schema.pg";

/**
 * The work of `npm run db:copy` (scripts/db-copy.ts is the command; docs/postgres.md says how to use
 * it): every table of an embedded SQLite database copied into a PostgreSQL database, from one
 * consistent read of the source and in one PostgreSQL transaction, so that the target holds either
 * all of it or none of it.
 */

/** Rows per INSERT statement (17 columns at most: far below PostgreSQL's 65,535 parameters). */
export const BATCH_ROWS = 500;
/** Tables with more rows than this get a progress line every so many rows. */
const PROGRESS_ROWS = 10_000;
/** Held for the copy's transaction: two copies into one database run one after the other. */
const COPY_LOCK_KEY = "310939798905";

/** The target already holds data and --force was not given: nothing was changed. */
export class TargetNotEmpty extends Error {}
/** The source is not a Helix Review database of this version's schema: nothing was changed. */
export class SourceMismatch extends Error {}

/** One table to copy: its columns in SQLite's schema and the PostgreSQL columns they go to. */
export type CopyTable = {
  name: string;
  columns: { name: string; from: SQLiteColumn; to: PgColumn }[];
  /** PostgreSQL identity columns (the SQLite autoincrement ids): their sequences are set after the copy. */
  identity: string[];
  /**
   * A table the database keeps from the votes (`KEPT_BY_TRIGGERS`): not copied — the target's
   * triggers fill it as the votes are copied — and its rows where this column is not 0 are compared.
   */
  keptBy?: string;
};

export type CopySummary = { table: string; rows: number }[];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The tables of app/db/schema.ts, parents before children (every foreign key's target first), each
 * paired with its mirror in app/db/schema.pg.ts. PostgreSQL columns that SQLite's schema lacks keep
 * their defaults; a SQLite column without a PostgreSQL twin is a programming error (the parity test,
 * tests/integration/pg-schema.test.ts, fails on it too).
 */
export function copyPlan(): CopyTable[] {
  const sqliteTables = Object.values(sqliteSchema)
    .filter((value) => is(value, SQLiteTable))
    .map((table) => sqliteTableConfig(table as SQLiteTable));
  const pgTables = new Map(
    Object.values(pgSchema)
      .filter((value) => is(value, PgTable))
      .map((table) => {
        const config = pgTableConfig(table as PgTable);
        return [config.name, config] as const;
      }),
  );
  const byName = new Map(sqliteTables.map((config) => [config.name, config]));
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    if (visiting.has(name)) throw new Error(`The foreign keys of ${name} form a cycle: no order to copy the tables in`);
    visiting.add(name);
    const config = byName.get(name);
    if (!config) throw new Error(`A foreign key refers to ${name}, which is not in app/db/schema.ts`);
    for (const key of config.foreignKeys) {
      const target = sqliteTableConfig(key.reference().foreignTable).name;
      if (target !== name) visit(target);
    }
    visiting.delete(name);
    ordered.push(name);
  };
  for (const config of sqliteTables) visit(config.name);

  return ordered.map((name) => {
    const from = byName.get(name);
    const to = pgTables.get(name);
    if (!from || !to) throw new Error(`app/db/schema.pg.ts has no table ${name}`);
    const columns = from.columns.map((column) => {
      const twin = to.columns.find((candidate) => candidate.name === column.name);
      if (!twin) throw new Error(`app/db/schema.pg.ts has no column ${name}.${column.name}`);
      return { name: column.name, from: column, to: twin };
    });
    for (const column of to.columns) {
      if (!columns.some((c) => c.name === column.name) && column.notNull && !column.hasDefault) {
        throw new Error(`${name}.${column.name} is required in PostgreSQL and has no value in SQLite nor a default`);
      }
    }
    const identity = to.columns
      .filter((column) => (column as PgColumn & { generatedIdentity?: unknown }).generatedIdentity)
      .map((column) => column.name);
    return { name, columns, identity, keptBy: sqliteSchema.KEPT_BY_TRIGGERS[name] };
  });
}

/**
 * A SQLite value as PostgreSQL takes it for this column: read as the SQLite schema reads it (JSON
 * text parsed, 0/1 as a boolean where the column is one), then written as the PostgreSQL schema
 * writes it (jsonb, boolean, bigint).
 */
export function convertValue(column: CopyTable["columns"][number], raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  let value = column.from.mapFromDriverValue(raw);
  if (column.to.columnType === "PgBoolean" && typeof value === "number") value = value !== 0;
  if (typeof value === "number" && column.to.columnType === "PgInteger" && !Number.isInteger(value)) {
    throw new Error(`${value} is not an integer`);
  }
  return column.to.mapToDriverValue(value);
}

/** The source's tables and columns must be this version's (the file is opened read-only: no migrating it). */
function checkSource(source: Database.Database, plan: CopyTable[], path: string) {
  const advice = `Start this version's server on it once (or run npm run db:migrate with DATABASE_PATH=${path}) and copy again.`;
  for (const table of plan) {
    const found = (source.prepare(`PRAGMA table_info(${quote(table.name)})`).all() as { name: string }[]).map((c) => c.name);
    if (found.length === 0)
      throw new SourceMismatch(
        `${path} has no table ${table.name}: it is not a Helix Review database of this version. ${advice}`,
      );
    const expected = table.columns.map((c) => c.name);
    const missing = expected.filter((name) => !found.includes(name));
    const extra = found.filter((name) => !expected.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      const differences = [
        ...missing.map((name) => `no column ${table.name}.${name}`),
        ...extra.map((name) => `a column ${table.name}.${name} this version does not know`),
      ];
      throw new SourceMismatch(`${path} is not at this version's schema (${differences.join("; ")}). ${advice}`);
    }
  }
}

/** "Copied 12,345 rows" with thousands separators, whatever the machine's locale. */
const count = (n: number) => n.toLocaleString("en-US");

/** The copy of one table, in batches of `batchRows`, with progress for a large table. */
async function copyTable(
  source: Database.Database,
  client: pg.PoolClient,
  table: CopyTable,
  total: number,
  options: { batchRows: number; log: (line: string) => void },
) {
  const names = table.columns.map((c) => quote(c.name)).join(", ");
  const select = source.prepare(`SELECT ${names} FROM ${quote(table.name)} ORDER BY rowid`).raw(true);
  const insertText = (rows: number) => {
    const width = table.columns.length;
    const tuples = Array.from(
      { length: rows },
      (_, row) => `(${table.columns.map((_, column) => `$${row * width + column + 1}`).join(", ")})`,
    );
    return `INSERT INTO ${quote(table.name)} (${names}) VALUES ${tuples.join(", ")}`;
  };
  const fullBatch = { name: `db-copy-${table.name}`, text: insertText(options.batchRows) };

  let batch: unknown[] = [];
  let rows = 0;
  let inBatch = 0;
  const flush = async () => {
    if (inBatch === 0) return;
    if (inBatch === options.batchRows) await client.query({ ...fullBatch, values: batch });
    else await client.query(insertText(inBatch), batch);
    rows += inBatch;
    batch = [];
    inBatch = 0;
    if (total > PROGRESS_ROWS && (rows % PROGRESS_ROWS < options.batchRows || rows === total)) {
      options.log(`  ${table.name}: ${count(rows)} of ${count(total)} rows`);
    }
  };
  let rowNumber = 0;
  for (const raw of select.iterate() as Iterable<unknown[]>) {
    rowNumber++;
    table.columns.forEach((column, index) => {
      try {
        batch.push(convertValue(column, raw[index]));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`${table.name}, row ${rowNumber}, column ${column.name}: ${why}`);
      }
    });
    inBatch++;
    if (inBatch === options.batchRows) await flush();
  }
  await flush();
  return rows;
}

/** The rows of a table that are compared: all, or those of a kept table that count. */
const countsWhere = (table: CopyTable) => (table.keptBy ? ` WHERE ${quote(table.keptBy)} <> 0` : "");

type Snapshot = { rows: Map<string, number>; sequences: Map<string, number> };

/**
 * Opens the source's read transaction and counts its rows: every table is then read as it was at
 * this first SELECT, while a server may go on writing to the file (WAL lets a reader keep its
 * snapshot). `sqlite_sequence` holds the highest id each autoincrement table ever gave.
 */
function beginSnapshot(source: Database.Database, plan: CopyTable[]): Snapshot {
  source.exec("BEGIN");
  const rows = new Map(
    plan.map((table) => [
      table.name,
      (source.prepare(`SELECT count(*) AS n FROM ${quote(table.name)}${countsWhere(table)}`).get() as { n: number }).n,
    ]),
  );
  const sequences = new Map<string, number>();
  if (source.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get()) {
    for (const row of source.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[]) {
      sequences.set(row.name, row.seq);
    }
  }
  return { rows, sequences };
}

/** Inside the PostgreSQL transaction: empties or refuses the target, copies every table, checks the counts. */
async function copyAll(
  source: Database.Database,
  client: pg.PoolClient,
  plan: CopyTable[],
  snapshot: Snapshot,
  options: { batchRows: number; force: boolean; log: (line: string) => void },
): Promise<CopySummary> {
  const expected = (table: string) => snapshot.rows.get(table) ?? 0;
  await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [COPY_LOCK_KEY]);
  await emptyTarget(client, plan, options.force, options.log);
  for (const table of plan) {
    if (table.keptBy) continue;
    const rows = await copyTable(source, client, table, expected(table.name), options);
    if (rows !== expected(table.name)) throw new Error(`${table.name}: read ${rows} rows of the ${expected(table.name)} counted`);
    for (const column of table.identity) {
      await setSequence(client, table.name, column, snapshot.sequences.get(table.name) ?? 0);
    }
  }
  const summary: CopySummary = [];
  for (const table of plan) {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table.name)}${countsWhere(table)}`);
    const rows = Number(result.rows[0]?.n);
    if (rows !== expected(table.name)) {
      throw new Error(`${table.name} holds ${rows} rows after the copy, the source ${expected(table.name)}`);
    }
    summary.push({ table: table.name, rows });
  }
  return summary;
}

/**
 * Copies the SQLite database at `from` into the PostgreSQL database at `to` (migrated first), saying
 * what it does through `log`. Refuses a target holding any row unless `force` (then empties every
 * table first, inside the same transaction). Throws on any failure; the PostgreSQL transaction is
 * then rolled back, so the target holds what it held before (its schema migrated).
 */
export async function copyDatabase(options: {
  from: string;
  to: string;
  force: boolean;
  log: (line: string) => void;
  batchRows?: number;
  migrationsFolder?: string;
}): Promise<CopySummary> {
  const { log } = options;
  const started = performance.now();
  const plan = copyPlan();
  const source = new Database(options.from, { readonly: true, fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    checkSource(source, plan, options.from);
    const snapshot = beginSnapshot(source, plan);
    const target = redactedUrl(options.to);
    log(`Copying ${options.from} to ${target}`);
    let postgres: Awaited<ReturnType<typeof openPostgres>>;
    try {
      postgres = await openPostgres(options.to, {
        migrationsFolder: options.migrationsFolder,
        max: 1,
        // A copy of a large file is one long transaction: the server's limits are not for it.
        timeLimits: false,
      });
    } catch (error) {
      const why = error instanceof Error ? error.message || error.constructor.name : String(error);
      throw new Error(`Could not open and migrate the PostgreSQL database ${target}: ${why}`);
    }
    log("PostgreSQL schema migrated.");
    const client = await postgres.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      try {
        const summary = await copyAll(source, client, plan, snapshot, {
          batchRows: options.batchRows ?? BATCH_ROWS,
          force: options.force,
          log,
        });
        await client.query("COMMIT");
        const width = Math.max(...summary.map((s) => s.table.length));
        log("Copied (rows per table, checked against the source):");
        for (const { table, rows } of summary) log(`  ${table.padEnd(width)}  ${count(rows).padStart(9)}`);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        log(`Done: ${count(summary.reduce((sum, s) => sum + s.rows, 0))} rows in ${summary.length} tables, ${seconds} s.`);
        return summary;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      }
    } finally {
      client.release(broken);
      await postgres.close();
    }
  } finally {
    if (source.inTransaction) source.exec("COMMIT");
    source.close();
  }
}

/**
 * The next id PostgreSQL hands out for an identity column follows the highest SQLite ever gave
 * (`sqlite_sequence`: AUTOINCREMENT never reuses an id, even of a deleted row) and every copied id.
 */
async function setSequence(client: pg.PoolClient, table: string, column: string, sqliteSequence: number) {
  const result = await client.query<{ max: string | null }>(`SELECT max(${quote(column)}) AS max FROM ${quote(table)}`);
  const highest = Math.max(Number(result.rows[0]?.max ?? 0), sqliteSequence);
  // setval(…, n, true): the next value is n + 1; setval(…, 1, false): the next value is 1.
  await client.query("SELECT setval(pg_get_serial_sequence($1, $2), $3::bigint, $4)", [
    quote(table),
    column,
    Math.max(highest, 1),
    highest > 0,
  ]);
}

/** Refuses a target that holds any row, or with `force` empties every table (in the transaction). */
async function emptyTarget(client: pg.PoolClient, plan: CopyTable[], force: boolean, log: (line: string) => void) {
  const held: string[] = [];
  for (const table of plan) {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table.name)}${countsWhere(table)}`);
    const rows = Number(result.rows[0]?.n);
    if (rows > 0) held.push(`${table.name}: ${count(rows)}`);
  }
  if (held.length === 0) return;
  if (!force) {
    throw new TargetNotEmpty(
      `The PostgreSQL database already holds data (${held.join(", ")}); nothing was copied. Add --force to delete all of it and copy.`,
    );
  }
  log(`--force: deleting what the PostgreSQL database holds (${held.join(", ")}).`);
  await client.query(`TRUNCATE ${plan.map((table) => quote(table.name)).join(", ")} RESTART IDENTITY`);
}
