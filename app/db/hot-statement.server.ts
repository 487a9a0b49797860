import { createHash } from "node:crypto";
import { is, Param, Placeholder } from "drizzle-orm";
import type { Db } from "./client.server";
import { postgresOf, postgresTransactionScope } from "./engine.server";

type Buildable = { toSQL(): { sql: string; params: unknown[] } };
type Args = Record<string, unknown>;

/**
 * A statement on the hottest path (a vote per tap per phone). drizzle builds its SQL once from the
 * schema; it then runs straight on the driver's prepared statement, without drizzle's per-call
 * mapping. Named placeholders (`sql.placeholder("x")`) become positional parameters. Reads come
 * back as plain objects keyed by `fields`, in the order of the query's selection; JSON columns
 * come back as text (see docs/decisions/0006).
 */
export function hotStatement<Row extends Record<string, unknown> = Record<string, unknown>>(
  db: Db,
  query: Buildable,
  fields?: (keyof Row & string)[],
) {
  const { sql, params } = query.toSQL();
  const statement = db.$client.prepare(sql);
  if (fields) statement.raw(true);
  // Inserts wrap each value in a Param carrying its column's encoder; selects pass placeholders bare.
  // Each parameter's resolver is worked out once, here, not on every call.
  const resolverOf = (p: unknown): ((args: Args) => unknown) => {
    if (is(p, Param)) {
      const param = p as Param;
      const inner = resolverOf(param.value);
      const encoder = param.encoder;
      return encoder ? (args) => encoder.mapToDriverValue(inner(args)) : inner;
    }
    if (is(p, Placeholder)) {
      const name = (p as Placeholder).name;
      return (args) => args[name];
    }
    return () => p;
  };
  const resolvers = params.map(resolverOf);
  const bind = (args: Args) => {
    const values = new Array(resolvers.length);
    for (let i = 0; i < resolvers.length; i++) values[i] = resolvers[i](args);
    return values;
  };
  const names = fields ?? [];
  const toRow = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
    return row as Row;
  };
  return {
    get: (args: Args = {}): Row | undefined => {
      const values = statement.get(bind(args)) as unknown[] | undefined;
      return values && toRow(values);
    },
    all: (args: Args = {}): Row[] => (statement.all(bind(args)) as unknown[][]).map(toRow),
    run: (args: Args = {}) => statement.run(bind(args)),
  };
}

/**
 * A transaction run natively by the driver: synchronous, rolled back if `fn` throws. It begins
 * IMMEDIATE (takes the write lock first, waiting up to `busy_timeout`): it reads before it writes,
 * and a deferred one would fail at once, without waiting, if another connection to the file — a
 * backup, a second process — had committed since its read.
 */
export function hotTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  return db.$client.transaction(fn).immediate as unknown as (...args: A) => R;
}

/**
 * A statement prepared once, on either database, answered asynchronously: on SQLite the
 * `hotStatement` above (answered at once); on PostgreSQL drizzle's named prepared statement (parsed
 * once per pooled connection; the name is the SQL's digest, so services built twice on one pool
 * agree). Rows come back keyed by the query's selection. JSON columns are text on SQLite and
 * values on PostgreSQL: read them with `jsonValue`.
 */
export function preparedStatement<Row extends Record<string, unknown> = Record<string, unknown>>(
  db: Db,
  query: Buildable,
  fields?: (keyof Row & string)[],
) {
  if (!postgresOf(db)) {
    const hot = hotStatement<Row>(db, query, fields);
    return {
      get: async (args: Args = {}) => hot.get(args),
      all: async (args: Args = {}) => hot.all(args),
      run: async (args: Args = {}) => {
        hot.run(args);
      },
    };
  }
  const pg = postgresOf(db);
  const name = `helix_${createHash("sha256").update(query.toSQL().sql).digest("hex").slice(0, 24)}`;
  const prepared = (query as unknown as { prepare(name: string): { execute(args?: Args): Promise<unknown> } }).prepare(name);
  // Prepared on the pool: inside a transaction it would run on another connection, blind to the
  // transaction's writes and waiting on its locks. Not a place for it.
  const execute = (args: Args) => {
    if (postgresTransactionScope.getStore()?.pg === pg)
      throw new Error("a prepared statement runs outside transactions: query through the transaction's handle");
    return prepared.execute(args);
  };
  return {
    get: async (args: Args = {}) => ((await execute(args)) as Row[])[0] as Row | undefined,
    all: async (args: Args = {}) => (await execute(args)) as Row[],
    run: async (args: Args = {}) => {
      await execute(args);
    },
  };
}

/** A JSON column's value from `preparedStatement`: text on SQLite (parsed here), a value on PostgreSQL. */
export const jsonValue = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
