import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "./run-script";

/**
 * `npm run bench` stays a working tool (docs/benchmarks.md): a small closed loop against the built
 * server, both baselines measured, every vote and every durable echo's message on disk. It asserts
 * what was counted, never how fast (this machine is shared: speed is for the benchmark's records).
 */
const dir = mkdtempSync(join(tmpdir(), "helix-bench-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench", () => {
  it("a small closed loop: every vote acknowledged and on disk, the echo and the durable echo measured, every echoed message stored", async () => {
    const run = await runScript(
      "scripts/bench/votes.ts",
      ["--participants", "12", "--votes-per-participant", "2", "--durable-echo", "--json"],
      // The benchmark makes its own database in a folder of its own; this path is not used.
      { databasePath: join(dir, "unused.sqlite"), killAfterMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result).toMatchObject({
      mode: "closed",
      participants: 12,
      votes_per_participant: 2,
      votes_acked: 24,
      votes_in_db: 24,
      points_in_db: 24,
      errors: 0,
      baseline_durable_echo_stored: 24,
    });
    for (const field of [
      "server_cpu_ms_per_vote",
      "baseline_server_cpu_ms_per_echo",
      "baseline_server_cpu_ms_per_durable_echo",
    ]) {
      expect(result[field], field).toBeGreaterThan(0);
    }
    expect(result.baseline_durable_echo_per_s).toBeGreaterThan(0);
    expect(result.baseline_durable_echo_ack_ms.p99).toBeGreaterThanOrEqual(result.baseline_durable_echo_ack_ms.p50);
  }, 150_000);
});
