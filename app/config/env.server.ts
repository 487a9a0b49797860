import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { RATE_LIMITS } from "./rate-limits.server";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/helix-review.sqlite"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  /** Comma-separated extra origins allowed to open sockets and post forms (e.g. a public URL behind a proxy). */
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  /**
   * The address phones use to join (behind the QR code and "Join at"), e.g. https://review.example.org.
   * Unset: the address the facilitator opened, or the machine's LAN address when that is localhost.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      const problem = originProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `PUBLIC_URL ${problem}` });
    })
    .transform((v) => (v === undefined ? undefined : new URL(v).origin)),
  /** Whether anyone may create a facilitator account at /signup (`closed`: accounts come from `npm run facilitator`). */
  SIGNUP: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || "open")
    .pipe(z.enum(["open", "closed"], { errorMap: () => ({ message: "SIGNUP is open or closed" }) })),
  /**
   * Phones that may connect per minute from one address (default 1,200). A venue whose phones all
   * reach the server through one address (one NAT) with more than about a thousand of them raises it.
   */
  HANDSHAKES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(RATE_LIMITS.handshake.points),
  /**
   * More than one node (docs/deploy.md): the Redis every node uses, redis://[user:password@]host[:port][/db]
   * (rediss:// over TLS). It carries each room to every node (Socket.IO's Redis Streams adapter) and
   * holds the rate limits they share. Unset: one node, and nothing of Redis is loaded.
   */
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .superRefine((v, ctx) => {
      const problem = v === undefined ? null : redisUrlProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `REDIS_URL ${problem}` });
    }),
  /**
   * The shared database of several nodes (docs/postgres.md): postgres://user:password@host:5432/db.
   * Unset: the embedded SQLite file at DATABASE_PATH. Set: SESSION_SECRET must be set too (every
   * node signs cookies with it; there is no file beside which to keep one).
   */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .superRefine((v, ctx) => {
      const problem = v === undefined ? null : postgresUrlProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `DATABASE_URL ${problem}` });
    }),
  /**
   * Behind a reverse proxy: how far X-Forwarded-For / -Proto are believed. `false` (default): not at
   * all; `true` or a number: that many proxy hops (`true` is one); otherwise a comma-separated list
   * of proxy addresses or CIDR ranges. Cookies get `Secure` when the proxy says the request was https.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): false | number | string[] => {
      const value = v?.trim() ?? "";
      if (value === "" || value === "false" || value === "0") return false;
      if (value === "true") return 1;
      if (/^\d+$/.test(value)) return Number(value);
      const list = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) return list;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "TRUST_PROXY is false, true, a hop count, or a list of proxy addresses",
      });
      return false;
    }),
});

/**
 * Why a value is not an address of one of `schemes` (null: it is one): not an address at all, of
 * another scheme, or what `rest` finds wrong with it. The value is never repeated (it may hold a password).
 */
function addressProblem(value: string, schemes: readonly string[], example: string, rest: (url: URL) => string | null) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be a full address such as ${example}`;
  }
  if (!schemes.includes(url.protocol)) return `must start with ${schemes.map((scheme) => `${scheme}//`).join(" or ")}`;
  return rest(url);
}

/** Why a value is not an http(s) origin such as https://review.example.org (null: it is one). */
const originProblem = (value: string) =>
  addressProblem(value, ["http:", "https:"], "https://review.example.org", (url) =>
    url.pathname !== "/" || url.search || url.hash ? "is an origin only: no path, query or fragment" : null,
  );

/** Why a value is not a Redis address ioredis can use: redis[s]://[user:password@]host[:port][/db] (null: it is one). */
const redisUrlProblem = (value: string) =>
  addressProblem(value, ["redis:", "rediss:"], "redis://127.0.0.1:6379", (url) => {
    if (!url.hostname) return "needs a host, as in redis://127.0.0.1:6379";
    if (!/^\/?(\d{1,2})?$/.test(url.pathname)) return "may end with a database number only (redis://host:6379/0)";
    return null;
  });

/** Why a value is not a PostgreSQL address: postgres[ql]://[user[:password]@]host[:port]/database (null: it is one). */
const postgresUrlProblem = (value: string) =>
  addressProblem(value, ["postgres:", "postgresql:"], "postgres://helix:secret@127.0.0.1:5432/helix", (url) => {
    if (!url.hostname) return "needs a host, as in postgres://helix:secret@127.0.0.1:5432/helix";
    if (url.pathname.length <= 1) return "needs a database name at its end, as in postgres://…:5432/helix";
    return null;
  });

export type Env = z.infer<typeof envSchema> & { SESSION_SECRET: string };

/**
 * DATABASE_PATH as the server resolves it (its default included), without reading the rest of the
 * environment or creating anything: for tools that only read the file (`npm run db:backup`).
 */
export function databasePathFrom(source: NodeJS.ProcessEnv = process.env): string {
  const parsed = envSchema.shape.DATABASE_PATH.safeParse(source.DATABASE_PATH);
  if (!parsed.success) throw new Error(`Invalid environment:\n  DATABASE_PATH: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Which database the environment names: PostgreSQL at `url` when DATABASE_URL is set, else the SQLite file at `path`. */
export type DatabaseChoice = { url?: string; path: string };

/**
 * DATABASE_URL and DATABASE_PATH as the server resolves them, without reading the rest of the
 * environment: for the command-line tools (accounts, reports, the demo, migrations).
 */
export function databaseFrom(source: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const url = envSchema.shape.DATABASE_URL.safeParse(source.DATABASE_URL);
  if (!url.success) throw new Error(`Invalid environment:\n  DATABASE_URL: ${url.error.issues[0]?.message}`);
  return { url: url.data, path: databasePathFrom(source) };
}

/** Parses the environment once at boot; an invalid one stops the process with a clear message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = parsed.data;
  if (env.DATABASE_URL && !env.SESSION_SECRET)
    throw new Error(
      "Invalid environment:\n  SESSION_SECRET: must be set with DATABASE_URL (every node signs cookies with the same secret; 32 characters or more)",
    );
  return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? storedSessionSecret(env.DATABASE_PATH) };
}

/** With no SESSION_SECRET set, one is generated on first run and kept beside the database. */
function storedSessionSecret(databasePath: string): string {
  const folder = databasePath === ":memory:" ? resolve("data") : dirname(resolve(databasePath));
  const file = join(folder, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
