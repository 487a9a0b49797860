import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../../scripts/lib/start-child";

/**
 * Starts the built app as `npm start` would (production mode) on 127.0.0.1 and a random port,
 * with a fresh database, and hands its URL to the tests through E2E_BASE_URL (and the database's
 * path through E2E_DATABASE_PATH).
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), "helix-review-e2e-"));
  const databasePath = join(dataDir, "e2e.sqlite");
  const server = startChild(
    ["build/server.js"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: databasePath },
    { timeoutMs: 30_000, echoStderr: true },
  );
  process.env.E2E_BASE_URL = await server.url;
  // For specs that check what a refused request left unchanged (read-only: the server owns it).
  process.env.E2E_DATABASE_PATH = databasePath;
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
