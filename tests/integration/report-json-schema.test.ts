import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORT_SCHEMA_VERSION, type ReportModel } from "../../app/domain/report";
import { renderJson } from "../../app/report/json";
import { REPORT_SCHEMA_ID, reportJsonSchema, reportModelSchema } from "../../app/report/schema";
import { budapestReport, budapestTwoDayReport } from "../fixtures/report-model";
import { createTestServices } from "./helpers";

/** The committed schema, as a partner would download it: docs/report.schema.json (npm run report:schema). */
const committed = JSON.parse(readFileSync(resolve(__dirname, "../../docs/report.schema.json"), "utf8")) as Record<
  string,
  unknown
>;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(committed);

const errorsOf = (data: unknown) => (validate(data) ? [] : (validate.errors ?? []));
const clone = (model: ReportModel) => JSON.parse(renderJson(model)) as Record<string, unknown> & ReportModel;

let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(() => t.cleanup());

describe("the JSON Schema of the report (docs/report.schema.json)", () => {
  it("is the schema the code generates, so it cannot go stale", () => {
    expect(committed).toEqual(reportJsonSchema());
    expect(committed).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: REPORT_SCHEMA_ID,
      title: expect.any(String),
      description: expect.any(String),
    });
  });

  it("accepts the JSON export of the fixture report", () => {
    const parsed = JSON.parse(renderJson(budapestReport()));
    expect(errorsOf(parsed)).toEqual([]);
    // The zod schema it is generated from agrees.
    expect(reportModelSchema.safeParse(parsed).success).toBe(true);
  });

  it("describes schema version 5 (since 2: points given, every vote with its turnout, the vote each section follows; since 4: notes and earlier wordings; since 5: the agenda's days)", () => {
    const properties = committed.properties as Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    expect(properties.schemaVersion).toMatchObject({ const: REPORT_SCHEMA_VERSION });
    expect(REPORT_SCHEMA_VERSION).toBe(5);
    expect(committed.description).toContain("schema version 5");
    expect(committed.required).toContain("days");
    expect(committed.required).toContain("notes");
    expect(properties.notes.required).toEqual(["steps", "challenges"]);
    expect(properties.summary.required).toContain("pointsGiven");
    expect(properties.summary.properties).not.toHaveProperty("votesCast");
    for (const section of ["challenges", "solutions"])
      expect(properties[section].required).toEqual(
        expect.arrayContaining(["voted", "threshold", "voteStepId", "electorate", "turnout"]),
      );
    expect((committed.definitions as Record<string, { required?: string[] }>).Vote.required).toEqual(
      expect.arrayContaining([
        "stepId",
        "title",
        "kind",
        "number",
        "day",
        "threshold",
        "electorate",
        "turnout",
        "pointsGiven",
        "balance",
        "items",
      ]),
    );

    const parsed = clone(budapestReport());
    expect(parsed.votes.map((v) => [v.number, v.title, v.kind])).toEqual([
      [1, "Vote on challenges", "challenge"],
      [2, "Run-off", "challenge"],
      [3, null, "solution"],
    ]);
    expect(parsed.challenges.voteStepId).toBe(parsed.votes[1].stepId);
    expect(parsed.solutions.voteStepId).toBe(parsed.votes[2].stepId);
    expect(parsed.summary.pointsGiven).toBe(82);
  });

  it("accepts a two-day workshop's export: each vote and step note with its day, the days with their dates", () => {
    const parsed = clone(budapestTwoDayReport());
    expect(errorsOf(parsed)).toEqual([]);
    expect(parsed.days).toEqual([
      { day: 1, date: "2024-11-14" },
      { day: 2, date: "2024-11-15" },
    ]);
    expect(parsed.votes.map((v) => [v.number, v.day])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(parsed.notes.steps.map((n) => [n.stepId, n.day])).toEqual([
      ["lobby", 1],
      ["v2", 1],
      ["d1", 2],
    ]);
    // A day is 1, 2, …; a vote without one, or a day without its date field, is not a report.
    const zeroth = clone(budapestTwoDayReport());
    zeroth.votes[0].day = 0;
    expect(errorsOf(zeroth).map((e) => e.instancePath)).toContain("/votes/0/day");
    const undated = clone(budapestTwoDayReport()) as unknown as { days: Record<string, unknown>[] };
    delete undated.days[1].date;
    expect(errorsOf(undated).map((e) => e.instancePath)).toContain("/days/1");
  });

  it("rejects a malformed vote: a negative turnout, a stray helix, a missing electorate, the old votesCast", () => {
    const negative = clone(budapestReport());
    negative.votes[0].turnout.business = -1;
    expect(errorsOf(negative).map((e) => e.instancePath)).toContain("/votes/0/turnout/business");

    const strayHelix = clone(budapestReport());
    (strayHelix.votes[1].electorate as Record<string, number>).industry = 1;
    expect(errorsOf(strayHelix)).toContainEqual(
      expect.objectContaining({ instancePath: "/votes/1/electorate", keyword: "additionalProperties" }),
    );

    const missing = clone(budapestReport());
    delete (missing.votes[2] as Partial<ReportModel["votes"][number]>).electorate;
    expect(errorsOf(missing)).toContainEqual(
      expect.objectContaining({ instancePath: "/votes/2", keyword: "required", params: { missingProperty: "electorate" } }),
    );

    const badItem = clone(budapestReport());
    (badItem.votes[2].items[0] as { kind: string }).kind = "idea";
    expect(errorsOf(badItem).map((e) => e.instancePath)).toContain("/votes/2/items/0/kind");

    const old = clone(budapestReport());
    (old.summary as Record<string, unknown>).votesCast = old.summary.pointsGiven;
    expect(errorsOf(old)).toContainEqual(expect.objectContaining({ instancePath: "/summary", keyword: "additionalProperties" }));
  });

  it("accepts the report of the seeded Budapest demo, read from the database", async () => {
    const { seedBudapestDemo } = await import("../../scripts/demo/budapest");
    const { joinCode } = await seedBudapestDemo(t.services);
    const report = await t.services.reports.model({ kind: "system" }, joinCode);
    if (!report.ok) throw new Error(report.error.message);
    expect(report.data.recommendations.length).toBeGreaterThan(0);
    expect(report.data.solutions.byChallenge.some((g) => g.items.length > 0)).toBe(true);
    expect(errorsOf(JSON.parse(renderJson(report.data)))).toEqual([]);
  });

  it("rejects a model that is not a report: an unknown helix, a missing section, a stray field, another version", () => {
    const unknownHelix = clone(budapestReport());
    (unknownHelix.participation as { dominantHelix: string }).dominantHelix = "industry";
    expect(errorsOf(unknownHelix).map((e) => e.instancePath)).toContain("/participation/dominantHelix");

    const unknownHelixDeep = clone(budapestReport());
    (unknownHelixDeep.participation.byHelix as Record<string, number>).industry = 2;
    expect(errorsOf(unknownHelixDeep)).toContainEqual(
      expect.objectContaining({ instancePath: "/participation/byHelix", keyword: "additionalProperties" }),
    );

    const missing = clone(budapestReport());
    delete (missing as Partial<ReportModel>).agreement;
    expect(errorsOf(missing)).toContainEqual(
      expect.objectContaining({ keyword: "required", params: { missingProperty: "agreement" } }),
    );

    const stray = clone(budapestReport());
    stray.debug = true;
    expect(errorsOf(stray)).toContainEqual(expect.objectContaining({ keyword: "additionalProperties" }));

    const version = clone(budapestReport());
    (version as { schemaVersion: number }).schemaVersion = 1;
    expect(errorsOf(version).map((e) => e.instancePath)).toContain("/schemaVersion");

    const badRank = clone(budapestReport());
    (badRank.challenges.items[0] as { rank: unknown }).rank = "1";
    expect(errorsOf(badRank).map((e) => e.instancePath)).toContain("/challenges/items/0/rank");

    const badOwner = clone(budapestReport());
    badOwner.recommendations[0].owner = { kind: "helix", helix: "industry" } as never;
    expect(errorsOf(badOwner).length).toBeGreaterThan(0);
  });
});
