import { afterEach, describe, expect, it } from "vitest";
import { renderReport } from "../../app/report/formats.server";
import { createRenderPool } from "../../app/report/render-pool.server";
import { budapestReport } from "../fixtures/report-model";

/**
 * The server renders reports on a worker thread (ADR 0007), so a big export never stalls the room's
 * sockets. The worker gives the same bytes as rendering in-process, one job at a time, and its
 * failures come back as errors, not crashes.
 */
const workerUrl = new URL("../../app/report/render-worker.mjs", import.meta.url);
let pool: ReturnType<typeof createRenderPool> | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe("the report worker", () => {
  it("renders every format with the same bytes as in-process, several jobs queued at once", async () => {
    pool = createRenderPool({ workerUrl });
    const model = budapestReport();
    const formats = ["pdf", "md", "json", "csv", "html"] as const;
    const fromWorker = await Promise.all(formats.map((f) => pool?.render(model, f)));
    for (const [i, format] of formats.entries()) {
      const local = await renderReport(model, format);
      expect(fromWorker[i]?.equals(local), format).toBe(true);
    }
    const docx = await pool.render(model, "docx");
    expect(docx.subarray(0, 2).toString()).toBe("PK");
  }, 60_000);

  it("a renderer's failure is the job's error; the next job still works", async () => {
    pool = createRenderPool({ workerUrl });
    const model = budapestReport();
    await expect(pool.render(model, "odt" as never)).rejects.toThrow();
    const markdown = await pool.render(model, "md");
    expect(markdown.toString("utf8")).toContain("# Improving the cooperation of clusters");
  }, 60_000);

  it("stops an idle worker and starts a new one for the next job; closing fails what is pending", async () => {
    pool = createRenderPool({ workerUrl, idleMs: 50 });
    const model = budapestReport();
    expect((await pool.render(model, "json")).length).toBeGreaterThan(100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await pool.render(model, "csv")).toString("utf8")).toMatch(/^section,kind,rank/);
    const refused = expect(pool.render(model, "pdf")).rejects.toThrow(/shutting down/);
    await pool.close();
    await refused;
  }, 60_000);
});
