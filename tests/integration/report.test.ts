import { parse } from "csv-parse/sync";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Helix } from "../../app/domain/helix";
import { buildReport, REPORT_SCHEMA_VERSION, type ReportModel } from "../../app/domain/report";
import { renderCsv } from "../../app/report/csv.server";
import { reportDocument, sectionTitles } from "../../app/report/document";
import { renderDocx as layDocx } from "../../app/report/docx.server";
import { renderHtml as layHtml } from "../../app/report/html";
import { renderJson } from "../../app/report/json";
import { renderMarkdown as layMarkdown } from "../../app/report/markdown";
import { renderPdf as layPdf } from "../../app/report/pdf.server";
import type { Actor } from "../../app/services/actor";
import { mapInOrder } from "../../app/utils/in-order";
import { budapestReportInput } from "../fixtures/report-model";
import { createFacilitator, createTestServices, createWorkshop, joinWorkshop } from "./helpers";

/** The renderer of the English report, from the model (as the export does). */
const renderDocx = (model: ReportModel) => layDocx(reportDocument(model, "en"));
/** The renderer of the English report, from the model (as the export does). */
const renderPdf = (model: ReportModel) => layPdf(reportDocument(model, "en"));
/** The renderer of the English report, from the model (as the export does). */
const renderHtml = (model: ReportModel) => layHtml(reportDocument(model, "en"));
/** The renderer of the English report, from the model (as the export does). */
const renderMarkdown = (model: ReportModel) => layMarkdown(reportDocument(model, "en"));

let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(() => t.cleanup());

const PLATFORM = "Building a sustainable co-creation platform";
const COHERENCE = "Improving policy coherence between ministries";
const HOSTILE = ['=HYPERLINK("http://evil.example","click")', "<script>alert(1)</script>", "**bold**", "</w:t>"];

/** The Budapest challenge vote: the platform backed by every helix, coherence by business only. */
async function budapestVote() {
  const { actor, facilitator } = await createFacilitator(t.services, "Eszter");
  const workshop = await createWorkshop(t.services, actor, {
    title: "Clusters and the quadruple helix",
    venue: "Budapest",
    startsOn: "2024-11-14",
    endsOn: "2024-11-15",
  });
  const submit = async (title: string, i: number) => {
    const result = await t.services.contributions.submit(actor, workshop.id, {
      kind: "challenge",
      clientId: `host-challenge-${i}`,
      title,
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  };
  const [platform, coherence, ...hostile] = await mapInOrder([PLATFORM, COHERENCE, ...HOSTILE], submit);
  const helices: Helix[] = ["government", "academia", "business", "business", "business", "community"];
  const voters = await mapInOrder(helices, async (helix) => {
    const joined = await joinWorkshop(t.services, workshop.joinCode, { helix });
    return { helix, actor: { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id } as Actor };
  });
  const step = (await t.services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === "vote_challenges");
  if (!step) throw new Error("no vote step");
  await t.services.agenda.goToStep(actor, workshop.id, { stepId: step.id });
  let n = 0;
  const vote = async (who: Actor, id: string, points: number) => {
    const result = await t.services.voting.vote(who, workshop.id, { clientId: `report-vote-${n++}`, contributionId: id, points });
    if (!result.ok) throw new Error(result.error.message);
  };
  for (const v of voters) await vote(v.actor, platform.id, 1);
  for (const v of voters.filter((v) => v.helix === "business")) await vote(v.actor, coherence.id, 3);
  const model = await t.services.reports.model(actor, workshop.id);
  if (!model.ok) throw new Error(model.error.message);
  return { actor, facilitator, workshop, platform, coherence, hostile, model: model.data };
}

describe("the report model", () => {
  it("a workshop over two days: the vote held on day 2 is under day 2's heading, dated from the workshop's start", async () => {
    const { actor, workshop } = await budapestVote();
    const steps = (await t.services.room.snapshot(workshop.id, "facilitator"))?.steps ?? [];
    const voteStep = steps.find((s) => s.kind === "vote_challenges");
    if (!voteStep) throw new Error("no vote step");
    const moved = await t.services.agenda.setStepDay(actor, workshop.id, { stepId: voteStep.id, day: 2 });
    if (!moved.ok) throw new Error(moved.error.message);
    const model = await t.services.reports.model(actor, workshop.id);
    if (!model.ok) throw new Error(model.error.message);
    expect(model.data.days).toEqual([
      { day: 1, date: "2024-11-14" },
      { day: 2, date: "2024-11-15" },
    ]);
    expect(model.data.votes.map((v) => [v.stepId, v.day])).toEqual([[voteStep.id, 2]]);
    const markdown = renderMarkdown(model.data);
    expect(markdown).toContain("### Day 2 — 15 November 2024\n\n#### Vote 1");
    // Day 1 held no vote: it has no heading in the Votes section.
    expect(markdown).not.toContain("Day 1 —");
  });

  it("ranks challenges by balanced score with the raw score beside, and names the helix figures", async () => {
    const { model, platform, coherence } = await budapestVote();
    expect(model.interim).toBe(true);
    expect(model.title).toMatchObject({
      workshop: "Clusters and the quadruple helix",
      host: "MediKlaszter",
      venue: "Budapest",
      facilitators: ["Eszter"],
    });
    expect(model.participation.byHelix).toEqual({ government: 1, academia: 1, business: 3, community: 1 });
    // Business is exactly half of the room: not a majority, so no warning.
    expect(model.participation.dominantHelix).toBeNull();
    const [first, second] = model.challenges.items;
    expect(first).toMatchObject({ id: platform.id, rank: 1 });
    expect(first.metrics).toMatchObject({ raw: 6, balanced: 1, label: "consensus" });
    // Coherence has more raw points (9) but only one helix behind it.
    expect(second).toMatchObject({ id: coherence.id, rank: 2 });
    expect(second.metrics).toMatchObject({ raw: 9, label: "single-helix", supportedBy: ["business"] });
    expect(second.metrics.balanced).toBeCloseTo(0.75);
    expect(model.summary).toMatchObject({ participants: 6, pointsGiven: 15, topChallenges: [PLATFORM, COHERENCE, HOSTILE[0]] });
    expect(model.agreement.consensus.map((c) => c.title)).toEqual([PLATFORM]);
    expect(model.agreement.divergent.map((c) => c.title)).toEqual([COHERENCE]);
  });

  it("is the workshop facilitators' to export, or the command line's; a workshop is found by id or join code", async () => {
    const { workshop } = await budapestVote();
    const { actor: stranger } = await createFacilitator(t.services, "Stranger");
    expect(await t.services.reports.model(stranger, workshop.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await t.services.reports.model({ kind: "anonymous" }, workshop.id)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await t.services.reports.model({ kind: "system" }, workshop.joinCode.toLowerCase())).toMatchObject({ ok: true });
    expect(await t.services.reports.model({ kind: "system" }, "NOPE12")).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});

describe("the report in each format, read back by a parser of that format", () => {
  it("JSON: the full model with its schema version", async () => {
    const { model } = await budapestVote();
    const parsed = JSON.parse(renderJson(model)) as ReportModel;
    expect(parsed.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(parsed.challenges.items.map((i) => i.title)).toEqual(model.challenges.items.map((i) => i.title));
    expect(parsed.participation.byHelix).toEqual(model.participation.byHelix);
    expect(parsed.summary.pointsGiven).toBe(model.summary.pointsGiven);
    expect(parsed.votes).toEqual(model.votes);
  });

  it("CSV: one row per ranked contribution with per-helix points, never individual votes; formulas neutralised", async () => {
    const { model } = await budapestVote();
    const rows = parse(renderCsv(model), { columns: true }) as Record<string, string>[];
    const contributions = rows.filter((r) => r.section === "contribution");
    expect(contributions.map((r) => r.title.replace(/^'/, ""))).toEqual(model.challenges.items.map((i) => i.title));
    expect(contributions[0]).toMatchObject({
      kind: "challenge",
      rank: "1",
      raw: "6",
      points_business: "3",
      per_person_business: "1",
      balanced: "1",
      label: "consensus",
      label_name: "Consensus",
    });
    expect(contributions[1]).toMatchObject({ raw: "9", points_business: "9", per_person_government: "0", label: "single-helix" });
    expect(rows.filter((r) => r.section === "participation").map((r) => [r.kind, r.raw])).toEqual([
      ["government", "1"],
      ["academia", "1"],
      ["business", "3"],
      ["community", "1"],
    ]);
    // The spreadsheet gets the formula as text, not as a formula.
    const formula = contributions.find((r) => r.title.includes("HYPERLINK"));
    expect(formula?.title).toBe(`'${HOSTILE[0]}`);
    expect(Object.keys(rows[0]).some((k) => k.includes("participant"))).toBe(false);
    // One row per item that received points in each vote, with the vote's turnout.
    const votes = rows.filter((r) => r.section === "vote");
    expect(votes).toHaveLength(model.votes.reduce((n, v) => n + Math.max(1, v.items.length), 0));
    const [vote] = model.votes;
    expect(votes[0]).toMatchObject({
      vote: "1",
      voted_business: String(vote.turnout.business),
      could_vote_business: String(vote.electorate.business),
    });
  });

  it("Markdown: GFM tables in the report's order, and hostile titles show as typed", async () => {
    const { model } = await budapestVote();
    const markdown = renderMarkdown(model);
    const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const headings = tree.children
      .filter((n) => n.type === "heading" && n.depth === 2)
      .map((n) => (n.type === "heading" ? toText(n) : ""));
    expect(headings).toEqual(sectionTitles("en"));
    expect(tree.children.filter((n) => n.type === "table").length).toBeGreaterThanOrEqual(3);
    // No HTML node and no emphasis came out of participants' text: it is all plain text.
    const types = new Set<string>();
    const walk = (node: { type: string; children?: unknown[] }) => {
      types.add(node.type);
      for (const child of (node.children ?? []) as { type: string; children?: unknown[] }[]) walk(child);
    };
    walk(tree as never);
    expect(types.has("html")).toBe(false);
    const text = toText(tree);
    for (const hostile of HOSTILE) expect(text).toContain(hostile);
    expect(markdown).toContain("> **Interim report**");
  });

  it("a title with control characters and bare carriage returns breaks no format and starts no Markdown heading", async () => {
    const nasty = "Hello\u0001world\r\r# Injected heading\r- injected item";
    const input = budapestReportInput();
    const model = buildReport({
      ...input,
      contributions: input.contributions.map((c) => (c.id === "c1" ? { ...c, title: nasty, body: nasty } : c)),
    });
    const tree = fromMarkdown(renderMarkdown(model), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    expect(
      tree.children.filter((n) => n.type === "heading").map((n) => toText(n)),
      "only the report's own headings",
    ).not.toContain("Injected heading");
    expect(toText(tree)).toContain("# Injected heading");
    // The charts (SVG → PNG) drop what XML cannot hold instead of failing the whole document.
    const docx = await renderDocx(model);
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    expect((await renderPdf(model)).subarray(0, 4).toString()).toBe("%PDF");
    expect(renderHtml(model)).toContain("Injected heading");
  });
});

/** The plain text of a Markdown tree, as a reader sees it. */
function toText(node: unknown): string {
  const n = node as { value?: string; children?: unknown[] };
  return (n.value ?? "") + (n.children ?? []).map(toText).join("");
}

describe("the Budapest demo (npm run seed:demo)", () => {
  it("builds the scenario day through the services, once however often it runs, and its report reads right", async () => {
    const { seedBudapestDemo } = await import("../../scripts/demo/budapest");
    const first = await seedBudapestDemo(t.services);
    const again = await seedBudapestDemo(t.services);
    expect(first.created).toBe(true);
    expect(first.password).toEqual(expect.any(String));
    expect(again).toMatchObject({ created: false, workshopId: first.workshopId, joinCode: first.joinCode, password: null });
    const report = await t.services.reports.model({ kind: "system" }, first.joinCode);
    if (!report.ok) throw new Error(report.error.message);
    const { participation, summary, challenges } = report.data;
    expect(summary.participants).toBe(40);
    expect(summary.contributions).toEqual({ challenges: 3, solutions: 6 });
    expect(HELIX_KEYS.every((h) => participation.byHelix[h] > 0)).toBe(true);
    expect(participation.byRole.international_peer).toBe(5);
    expect(challenges.items.map((c) => [c.title.split(" ")[0], c.metrics.label])).toEqual([
      ["Building", "consensus"],
      ["Improving", "divergent"],
      ["Recognising", "divergent"],
    ]);
  });
});

const HELIX_KEYS = ["government", "academia", "business", "community"] as const;
