import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import type { ReportModel } from "../../app/domain/report";
import { reportDocument, SECTION_IDS, sectionTitles } from "../../app/report/document";
import { reportT } from "../../app/report/i18n";
import { renderMarkdown as layMarkdown } from "../../app/report/markdown";
import {
  budapestReport,
  budapestReportInput,
  budapestTwoDayReport,
  budapestTwoDayReportInput,
  COHERENCE,
  expectNotesInPlace,
  HOSTILE,
  PLATFORM,
  SECOND_DAY_NOTE,
  VOTE_TITLES,
} from "../fixtures/report-model";

const SECTION_TITLE = Object.fromEntries(SECTION_IDS.map((id) => [id, reportT("en")(`section.${id}`)])) as Record<
  (typeof SECTION_IDS)[number],
  string
>;

/** The renderer of the English report, from the model (as the export does). */
const renderMarkdown = (model: ReportModel) => layMarkdown(reportDocument(model, "en"));

/** The Markdown of the fixture report read back by a GFM parser (mdast), as a viewer renders it. */
type Node = { type: string; depth?: number; value?: string; children?: Node[] };

const parse = (markdown: string) =>
  fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as Node;
const toText = (node: Node): string => (node.value ?? "") + (node.children ?? []).map(toText).join("");
const tableRows = (node: Node) => (node.children ?? []).map((row) => (row.children ?? []).map(toText));

/** The top-level nodes from the h2 `title` to the next h2. */
function section(tree: Node, title: string): Node[] {
  const nodes = tree.children ?? [];
  const start = nodes.findIndex((n) => n.type === "heading" && n.depth === 2 && toText(n) === title);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = nodes.findIndex((n, i) => i > start && n.type === "heading" && n.depth === 2);
  return nodes.slice(start + 1, end < 0 ? undefined : end);
}
const sectionText = (nodes: Node[]) => nodes.map(toText).join("\n");

describe("Markdown report", () => {
  const markdown = renderMarkdown(budapestReport());
  const tree = parse(markdown);

  it("has the sections in the report's order, Votes after Solutions", () => {
    const headings = (tree.children ?? []).filter((n) => n.type === "heading" && n.depth === 2).map(toText);
    expect(headings).toEqual(sectionTitles("en"));
    expect(headings.indexOf(SECTION_TITLE.votes)).toBe(headings.indexOf(SECTION_TITLE.solutions) + 1);
  });

  it("uses the points given in the summary", () => {
    expect(sectionText(section(tree, SECTION_TITLE.summary))).toContain(
      "13 participants contributed 5 challenges and 4 solutions and gave 82 points in the votes.",
    );
  });

  it("prints the turnout of the vote each ranked section follows", () => {
    const challenges = sectionText(section(tree, SECTION_TITLE.challenges));
    expect(challenges).toContain(
      `Results of Vote 2 — ${VOTE_TITLES[1]}, the last vote on challenges in which points were given.`,
    );
    expect(challenges).toContain(
      "Turnout: Government 3 of 3, Academia 2 of 2, Business 6 of 7, Community 0 of 0 (11 of 12 in all)",
    );
    const solutions = sectionText(section(tree, SECTION_TITLE.solutions));
    expect(solutions).toContain("Results of Vote 3 — solutions, the last vote on solutions in which points were given.");
    expect(solutions).toContain(
      "Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0 (10 of 12 in all)",
    );
  });

  it("lists every vote with its turnout, points, balance warning and ranking table", () => {
    const votes = section(tree, SECTION_TITLE.votes);
    expect(votes.filter((n) => n.type === "heading" && n.depth === 3).map(toText)).toEqual([
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Vote 3 — solutions",
    ]);
    const text = sectionText(votes);
    for (const line of [
      "Vote on challenges: 30 points given.",
      "A helix supports an item when its participants give it at least 0.25 points per person who could vote.",
      "Turnout: Government 3 of 3, Academia 2 of 2, Business 4 of 5, Community 0 of 0 (9 of 10 in all)",
      "Vote on challenges: 29 points given.",
      "Vote on solutions: 23 points given.",
      "Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0 (10 of 12 in all)",
    ])
      expect(text).toContain(line);
    const warnings = votes.filter((n) => n.type === "blockquote").map(toText);
    expect(warnings).toContain(
      "Business was 58% of those who could vote: read the raw score with care; the balanced score weighs every helix the same.",
    );
    expect(warnings.filter((w) => w === "No one from Community could vote: their view is missing.")).toHaveLength(3);
    const tables = votes.filter((n) => n.type === "table").map(tableRows);
    expect(tables.map((t) => t.length - 1)).toEqual([5, 3, 3]);
    expect(tables[1]).toEqual([
      ["#", "Item", "Balanced score", "Raw score", "Label"],
      ["1", PLATFORM, "1", "12", "Consensus"],
      ["2", COHERENCE, "0.67", "14", "Single helix"],
      ["3", HOSTILE[0], "0.44", "3", "Divergent"],
    ]);
  });

  it("prints the rapporteur's notes under their vote and challenge, and the earlier wordings in the annex, as plain text", () => {
    const parsed = parse(renderMarkdown(budapestReport()));
    const all: string[] = [];
    const walk = (node: Node) => {
      if (node.value) all.push(node.value);
      for (const child of node.children ?? []) walk(child);
    };
    walk(parsed);
    expectNotesInPlace(all.join(" "));
    // The note's "**bold**" and "<script>" are text, never emphasis or HTML.
    expect(toText(parsed)).toContain(`${HOSTILE[1]} ${HOSTILE[2]}`);
  });

  it("keeps hostile text, a hostile vote title included, as plain text", () => {
    const input = budapestReportInput();
    const title = `# ${HOSTILE[2]} ${HOSTILE[1]}`;
    const model = budapestReport({
      votes: [...input.votes, { ...input.votes[0], stepId: "v4", stepTitle: title, items: {} }],
    });
    const parsed = parse(renderMarkdown(model));
    const types = new Set<string>();
    const strong: string[] = [];
    const walk = (node: Node) => {
      types.add(node.type);
      if (node.type === "strong") strong.push(toText(node));
      for (const child of node.children ?? []) walk(child);
    };
    walk(parsed);
    expect(types.has("html")).toBe(false);
    // "**bold**" typed as a title or a body never becomes bold, nor a typed "#" a heading.
    expect(strong).not.toContain("bold");
    expect(parsed.children?.filter((n) => n.type === "heading").map(toText)).not.toContain(`${HOSTILE[2]} ${HOSTILE[1]}`);
    const votes = section(parsed, SECTION_TITLE.votes);
    expect(votes.filter((n) => n.type === "heading").map(toText)).toContain(`Vote 4 — ${title}`);
    expect(sectionText(votes)).toContain("No points were given in this vote.");
    for (const hostile of HOSTILE) expect(toText(parsed)).toContain(hostile);
  });

  it("an empty workshop says no vote has been opened", () => {
    const empty = parse(renderMarkdown(budapestReport({ contributions: [], votes: [], pointsGiven: 0, recommendations: [] })));
    expect(sectionText(section(empty, SECTION_TITLE.votes))).toBe("No vote has been opened yet.");
    expect(sectionText(section(empty, SECTION_TITLE.challenges))).toContain("No challenges yet.");
    expect(sectionText(section(empty, SECTION_TITLE.challenges))).not.toContain("Turnout");
  });
});

describe("Markdown report of a workshop over two days", () => {
  /** The headings of a part of the report, as [depth, text]. */
  const headings = (nodes: Node[]) => nodes.filter((n) => n.type === "heading").map((n) => [n.depth, toText(n)]);

  it("lists the votes under their day's heading, dated, in agenda order, one level down", () => {
    const tree = parse(renderMarkdown(budapestTwoDayReport()));
    expect(headings(section(tree, SECTION_TITLE.votes))).toEqual([
      [3, "Day 1 — 14 November 2024"],
      [4, `Vote 1 — ${VOTE_TITLES[0]}`],
      [4, `Vote 2 — ${VOTE_TITLES[1]}`],
      [5, "Rapporteur's notes"],
      [3, "Day 2 — 15 November 2024"],
      [4, "Vote 3 — solutions"],
    ]);
  });

  it("lists the notes on other steps by day in the annex", () => {
    const tree = parse(renderMarkdown(budapestTwoDayReport()));
    const annex = section(tree, SECTION_TITLE.annex);
    const notes = headings(annex).slice(
      headings(annex).findIndex(([, text]) => text === "Rapporteur's notes on the agenda steps"),
    );
    expect(notes.slice(0, 5)).toEqual([
      [3, "Rapporteur's notes on the agenda steps"],
      [4, "Day 1 — 14 November 2024"],
      [5, "Welcome"],
      [4, "Day 2 — 15 November 2024"],
      [5, "Coffee and corridor talk"],
    ]);
    expect(sectionText(annex).indexOf(SECOND_DAY_NOTE)).toBeGreaterThan(sectionText(annex).indexOf("Coffee and corridor talk"));
  });

  it("names the days without a date when the workshop's dates are not known", () => {
    const workshop = { ...budapestTwoDayReportInput().workshop, startsOn: null, endsOn: null };
    const tree = parse(renderMarkdown(budapestTwoDayReport({ workshop })));
    expect(headings(section(tree, SECTION_TITLE.votes)).filter(([depth]) => depth === 3)).toEqual([
      [3, "Day 1"],
      [3, "Day 2"],
    ]);
  });

  it("a one-day workshop's report has no day headings", () => {
    const markdown = renderMarkdown(budapestReport());
    expect(markdown).not.toMatch(/Day \d/);
    expect(headings(section(parse(markdown), SECTION_TITLE.votes)).map(([depth]) => depth)).toEqual([3, 3, 4, 3]);
  });
});
