import { defineConfig } from "drizzle-kit";

/**
 * The PostgreSQL schema's migrations (docs/postgres.md): `npm run db:generate:pg` after changing
 * app/db/schema.pg.ts, which mirrors app/db/schema.ts (change both together).
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.pg.ts",
  out: "./drizzle/pg",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/helix_review" },
});
