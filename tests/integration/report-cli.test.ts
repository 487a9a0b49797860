import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db/client.server";
import { REPORT_SCHEMA_VERSION } from "../../app/domain/report";
import { REPORT_FORMAT_NAMES, type ReportFormat } from "../../app/report/format-list";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { seedBudapestDemo } from "../../scripts/demo/budapest";
import { runScript, type ScriptRun } from "./run-script";

/**
 * `npm run report` as an operator runs it: a real process (node with tsx, as the npm script), a
 * real SQLite file at DATABASE_PATH holding the Budapest demo, one file written per format.
 */
const _ROOT = resolve(__dirname, "../..");
let dir: string;
let databasePath: string;
let demo: { workshopId: string; joinCode: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "helix-review-cli-"));
  databasePath = join(dir, "report.sqlite");
  const database = openDatabase(databasePath);
  try {
    const seeded = await seedBudapestDemo(createServices({ db: database.db, publish: silentPublish }));
    demo = { workshopId: seeded.workshopId, joinCode: seeded.joinCode };
  } finally {
    // Closed before any child opens the file.
    database.close();
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Run = ScriptRun;

const runReport = (args: string[]): Promise<Run> => runScript("scripts/report.ts", args, { databasePath });

/** What each format's file must start with, and what else makes it that format. */
function checkFile(format: ReportFormat, bytes: Buffer) {
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  switch (format) {
    case "pdf":
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
      break;
    case "docx":
      expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
      break;
    case "html":
      expect(text.slice(0, 15).toLowerCase()).toBe("<!doctype html>");
      break;
    case "json": {
      const model = JSON.parse(text);
      expect(model.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
      expect(model.summary.participants).toBe(40);
      break;
    }
    case "csv":
      expect(text.split(/\r?\n/)[0]).toMatch(/^section,/);
      break;
    case "md":
      expect(text.startsWith("# ")).toBe(true);
      break;
  }
}

describe("npm run report (scripts/report.ts)", () => {
  it("writes every format, the workshop found by its join code or by its id; errors are plain with their exit codes", async () => {
    // Each child pays ~1–2 s of tsx start-up, so all of them run at once. The workshop is looked up
    // before the format matters: every format by join code (as typed, in lower case), and the JSON
    // by id as well, which must give the same report.
    const jobs = [
      ...REPORT_FORMAT_NAMES.map((format) => ({ format, by: "joinCode" as const })),
      { format: "json" as const, by: "id" as const },
    ].map((job) => ({ ...job, out: join(dir, `report-${job.by}.${job.format}`) }));
    const [runs, unknownWorkshop, unknownFormat, missingOut] = await Promise.all([
      Promise.all(
        jobs.map((job) =>
          runReport([
            "--workshop",
            job.by === "id" ? demo.workshopId : demo.joinCode.toLowerCase(),
            "--format",
            job.format,
            "--out",
            job.out,
          ]),
        ),
      ),
      runReport(["--workshop", "NOPE12", "--format", "md", "--out", join(dir, "nope.md")]),
      runReport(["--workshop", demo.joinCode, "--format", "odt", "--out", join(dir, "report.odt")]),
      runReport(["--workshop", demo.joinCode, "--format", "md"]),
    ]);

    for (const [i, job] of jobs.entries()) {
      const run = runs[i];
      expect(run.code, `${job.format} by ${job.by}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(`Wrote the ${job.format} report`);
      expect(existsSync(job.out), `${job.out} exists`).toBe(true);
      checkFile(job.format, readFileSync(job.out));
    }
    // Found by id or by join code: the same report (the JSON is the model; only generatedAt differs).
    const json = (by: string) => {
      const { generatedAt: _, ...rest } = JSON.parse(readFileSync(join(dir, `report-${by}.json`), "utf8"));
      return rest;
    };
    expect(json("id")).toEqual(json("joinCode"));

    expect(unknownWorkshop.code).toBe(1);
    expect(unknownWorkshop.stderr).toContain('No workshop with the id or join code "NOPE12"');
    expect(existsSync(join(dir, "nope.md"))).toBe(false);

    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).toContain('Unknown format "odt"');
    for (const format of REPORT_FORMAT_NAMES) expect(unknownFormat.stderr).toContain(format);
    expect(existsSync(join(dir, "report.odt"))).toBe(false);

    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain("Usage: npm run report -- --workshop");
    expect(missingOut.stderr).toContain("--out <path> is required");
  }, 90_000);
});
