import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../../scripts/lib/start-child";

/**
 * Starts the built app as `npm start` would (production mode) on 127.0.0.1 and a random port,
 * with a fresh database, and hands its URL to the tests through E2E_BASE_URL.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), "helix-review-e2e-"));
  const server = startChild(
    ["--import", "tsx", "server.ts"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: join(dataDir, "e2e.sqlite") },
    { timeoutMs: 30_000, echoStderr: true },
  );
  process.env.E2E_BASE_URL = await server.url;
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
