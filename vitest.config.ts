import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

/**
 * The services' integration tests: they run on both databases (issue 15, ADR 0014) — on a fresh
 * SQLite file per test in the "sqlite" project, on a fresh PostgreSQL database per test in the
 * "postgres" project (`createTestServices()` in tests/integration/helpers.ts picks by project).
 */
const SERVICE_TESTS = [
  "concurrent-commands",
  "contributions",
  "electorate",
  "limits",
  "notes",
  "outbox",
  "past-results",
  "privacy",
  "realtime",
  "recommendations",
  "recommendations-realtime",
  "report",
  "report-json-schema",
  "services",
  "sessions",
  "stage",
  "team",
  "two-nodes",
  "vote-totals",
  "voting",
  "workshop-life",
].map((name) => `tests/integration/${name}.test.ts`);

// The Remix plugin is for the app build only; tests import modules directly.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "forks",
    testTimeout: 15_000,
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["app/**/*.test.ts", "tests/integration/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: SERVICE_TESTS,
          globalSetup: ["tests/setup/postgres-project.ts"],
        },
      },
    ],
  },
});
