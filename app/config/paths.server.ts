import { fileURLToPath } from "node:url";

/**
 * Set by scripts/build-server.mjs when server.ts is bundled into build/server.js; undefined when the
 * TypeScript sources run through tsx (development, tests).
 */
declare const __BUNDLE__: boolean | undefined;
const bundled = typeof __BUNDLE__ !== "undefined" && __BUNDLE__;

/** The project's root folder, whether this code runs from app/config (sources) or build/ (bundle). */
export const PROJECT_ROOT = fileURLToPath(new URL(bundled ? "../" : "../../", import.meta.url));

/** Where the server finds what it loads at run time. */
export const RUNTIME_PATHS = {
  migrations: `${PROJECT_ROOT}drizzle`,
  /** PostgreSQL's migrations (app/db/schema.pg.ts), beside SQLite's: shipped the same way. */
  pgMigrations: `${PROJECT_ROOT}drizzle/pg`,
  remixBuild: `${PROJECT_ROOT}build/server/index.js`,
  /** The report worker: built JavaScript in production, or the entry that registers tsx first. */
  reportWorker: bundled ? `${PROJECT_ROOT}build/render-worker.js` : `${PROJECT_ROOT}app/report/render-worker.mjs`,
  /** The WAL checkpointer's thread: plain JavaScript, bundled for production. */
  checkpointWorker: bundled ? `${PROJECT_ROOT}build/checkpoint-worker.js` : `${PROJECT_ROOT}app/db/checkpoint-worker.mjs`,
};
