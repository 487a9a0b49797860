/**
 * Global set-up of the "postgres" test project (vitest.config.ts): the services' integration tests
 * run a second time on PostgreSQL. One private server for the run (tests/support/postgres.ts) and
 * one database migrated once; each test's `createTestServices()` copies it (`CREATE DATABASE …
 * TEMPLATE`), as it opens a fresh SQLite file on the other project.
 */
import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres } from "../../app/db/postgres.server";
import { startPostgres, urlOfDatabase } from "../support/postgres";
import { findPostgres } from "../support/test-servers.mjs";

export const TEMPLATE = "helix_services_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** The private PostgreSQL of the run and its migrated template (the "postgres" project only). */
    postgres: { url: string; template: string; bin: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const found = findPostgres();
  if ("error" in found) throw new Error(found.error);
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const migrated = await openPostgres(urlOfDatabase(server.url, TEMPLATE));
  await migrated.close();
  // createdb sits beside pg_ctl, which may be a link to PostgreSQL's own folder (Debian's wrappers).
  const bin = dirname(realpathSync(join(found.bin, "pg_ctl")));
  project.provide("postgres", { url: server.url, template: TEMPLATE, bin });
  return () => server.stop();
}
