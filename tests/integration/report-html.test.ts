import { type DefaultTreeAdapterMap, type ParserError, parse } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import { HELICES } from "../../app/domain/helix";
import type { ReportModel } from "../../app/domain/report";
import { reportDocument, reportLabels, sectionTitles } from "../../app/report/document";
import { escapeHtml, renderHtml as layHtml } from "../../app/report/html";
import {
  budapestReport,
  budapestReportInput,
  budapestTwoDayReport,
  COHERENCE,
  expectNotesInPlace,
  HOSTILE,
  PLATFORM,
  RECOGNITION,
  VOTE_TITLES,
} from "../fixtures/report-model";

/** The renderer of the English report, from the model (as the export does). */
const renderHtml = (model: ReportModel) => layHtml(reportDocument(model, "en"));

type Node = DefaultTreeAdapterMap["node"];
const emptyCounts = () => ({ government: 0, academia: 0, business: 0, community: 0 });
type Element = DefaultTreeAdapterMap["element"];

/** The HTML read back by a real HTML5 parser (the one browsers follow), with its parse errors. */
function read(html: string) {
  const errors: ParserError[] = [];
  const document = parse(html, { onParseError: (error) => errors.push(error) });
  return { document, errors };
}

const isElement = (node: Node): node is Element => "tagName" in node;
const children = (node: Node): Node[] => ("childNodes" in node ? node.childNodes : []);

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of children(node)) yield* walk(child);
}
const elements = (root: Node, tag?: string) =>
  [...walk(root)].filter((n): n is Element => isElement(n) && (tag === undefined || n.tagName === tag));
const textNodes = (root: Node) => [...walk(root)].flatMap((n) => (n.nodeName === "#text" && "value" in n ? [n.value] : []));
const BLOCKS = new Set(["div", "p", "ul", "ol", "li", "td", "th", "tr", "dt", "dd", "h1", "h2", "h3", "figcaption"]);
/** The text a reader sees: text nodes in order, blocks separated by a space, white space collapsed. */
function text(root: Node): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeName === "#text" && "value" in node) parts.push(node.value);
    const block = isElement(node) && BLOCKS.has(node.tagName);
    if (block) parts.push(" ");
    for (const child of children(node)) visit(child);
    if (block) parts.push(" ");
  };
  visit(root);
  return parts.join("").replace(/\s+/g, " ").trim();
}
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const byId = (root: Node, id: string) => elements(root).find((el) => attr(el, "id") === id);
const section = (root: Node, id: string) => {
  const el = byId(root, id);
  if (!el) throw new Error(`no element #${id}`);
  return el;
};
/** Rows of a table's body, each as the text of its cells (th and td). */
const bodyRows = (table: Element) =>
  elements(table, "tbody").flatMap((tbody) =>
    elements(tbody, "tr").map((tr) => tr.childNodes.filter(isElement).map((cell) => text(cell))),
  );

describe("renderHtml: the Budapest report as one self-contained HTML file", () => {
  let html: string;
  let doc: DefaultTreeAdapterMap["document"];
  beforeAll(() => {
    html = renderHtml(budapestReport());
    const { document, errors } = read(html);
    expect(errors.map((e) => e.code)).toEqual([]);
    doc = document;
  });

  it("is an HTML5 document in English with charset, viewport, title and a CSP that forbids scripts", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(attr(elements(doc, "html")[0], "lang")).toBe("en");
    const metas = elements(doc, "meta");
    expect(metas.some((m) => attr(m, "charset")?.toLowerCase() === "utf-8")).toBe(true);
    expect(metas.some((m) => attr(m, "name") === "viewport")).toBe(true);
    const csp = metas.find((m) => attr(m, "http-equiv") === "Content-Security-Policy");
    expect(attr(csp as Element, "content")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    const headTitle = elements(elements(doc, "head")[0], "title");
    expect(headTitle).toHaveLength(1);
    expect(text(headTitle[0])).toContain("Improving the cooperation of clusters with the Hungarian quadruple helix");
  });

  it("has no script, no event handler, no external resource and no link out of the document", () => {
    expect(elements(doc, "script")).toHaveLength(0);
    const all = elements(doc);
    expect(all.flatMap((el) => el.attrs.filter((a) => /^on/i.test(a.name)))).toEqual([]);
    for (const tag of ["link", "iframe", "object", "embed", "img", "base", "form", "use", "image"])
      expect(elements(doc, tag), tag).toHaveLength(0);
    const refs = all.flatMap((el) => el.attrs.filter((a) => /^(src|href|xlink:href|srcset|action|formaction)$/i.test(a.name)));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.value).toMatch(/^#[\w-]+$/);
    expect(html.toLowerCase()).not.toContain("javascript:");
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it("prints the rapporteur's notes under their vote and challenge, and the earlier wordings in the annex, as inert text", () => {
    expectNotesInPlace(textNodes(doc).join(" "));
    expect(textNodes(doc).some((t) => t.includes(`${HOSTILE[1]} ${HOSTILE[2]}`))).toBe(true);
    expect(html).not.toContain(HOSTILE[1]);
  });

  it("keeps every hostile string as text that does nothing", () => {
    const texts = textNodes(doc);
    expect(texts).toContain(HOSTILE[1]);
    expect(texts).toContain(HOSTILE[0]);
    expect(texts).toContain(HOSTILE[2]);
    expect(texts).toContain(HOSTILE[3]);
    expect(texts.some((t) => t.includes(`Launch the umbrella platform — ${HOSTILE[1]}`))).toBe(true);
    // the formula is plain text, not a link
    expect(elements(doc, "a").some((a) => text(a).includes("HYPERLINK"))).toBe(false);
    // raw, it appears only escaped
    expect(html).not.toContain(HOSTILE[1]);
    expect(html).not.toContain("</w:t>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Markdown stays Markdown-looking text, never bold
    expect(elements(doc, "strong").some((s) => text(s) === "bold")).toBe(false);
  });

  it("shows the interim banner, the title block and Hungarian names intact", () => {
    const header = section(doc, "title");
    expect(text(elements(header, "h1")[0])).toBe("Improving the cooperation of clusters with the Hungarian quadruple helix");
    const banner = elements(header).find((el) => attr(el, "class") === "banner");
    expect(banner && text(banner)).toMatch(
      /^Interim report — generated on 15 November 2024 at 16:30 UTC while the workshop is still running/,
    );
    const meta = text(elements(header, "dl")[0]);
    for (const s of ["MediKlaszter", "Budapest", "14 – 15 November 2024", "Eszter Kovács, Jonas Petrauskas"])
      expect(meta).toContain(s);
    expect(textNodes(doc).some((t) => t.includes("Kőbánya–Újpest"))).toBe(true);
  });

  it("has the sections in the report's order, each linked from the contents", () => {
    const ids = ["summary", "participation", "challenges", "solutions", "votes", "agreement", "recommendations", "annex"];
    const toc = elements(doc, "nav")[0];
    const links = elements(toc, "a").map((a) => attr(a, "href"));
    expect(links).toEqual(ids.map((id) => `#${id}`));
    const positions = ids.map((id) => elements(doc).indexOf(section(doc, id)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(elements(doc, "h2").map(text)).toEqual(sectionTitles("en"));
    expect(elements(doc, "h1")).toHaveLength(1);
    // every in-document link lands somewhere
    for (const a of elements(doc, "a")) expect(byId(doc, (attr(a, "href") as string).slice(1)), attr(a, "href")).toBeDefined();
  });

  it("summarises the figures and the top challenges and solutions", () => {
    const summary = section(doc, "summary");
    expect(text(summary)).toContain("13 participants contributed 5 challenges and 4 solutions and gave 82 points in the votes.");
    expect(elements(summary, "li").map(text)).toContain("82points given in the votes");
    const [topChallenges, topSolutions] = elements(summary, "ol").map((ol) => elements(ol, "li").map(text));
    expect(topChallenges.slice(0, 2)).toEqual([PLATFORM, COHERENCE]);
    expect(topSolutions[0]).toBe("A joint working group of ministries and clusters, meeting quarterly");
  });

  it("gives participation by helix and role with a chart and the dominant-helix note", () => {
    const participation = section(doc, "participation");
    const [byHelix, byRole] = elements(participation, "table");
    expect(bodyRows(byHelix)).toEqual([
      ["Government", "3", "23%"],
      ["Academia", "2", "15%"],
      ["Business", "7", "54%"],
      ["Community", "1", "8%"],
      ["Total", "13", "100%"],
    ]);
    expect(bodyRows(byRole)).toEqual([
      ["Local stakeholders", "10"],
      ["International peers", "2"],
      ["Observers", "1"],
    ]);
    for (const th of elements(byHelix, "thead").flatMap((t) => elements(t, "th"))) expect(attr(th, "scope")).toBe("col");
    const svgs = elements(participation, "svg");
    expect(svgs).toHaveLength(1);
    expect(text(elements(svgs[0], "title")[0])).toBe("Participants by helix");
    expect(text(participation)).toContain(
      "Note: Business was more than half of those who could vote; the balanced score weighs every helix the same.",
    );
    // The community's one participant is an observer: nobody of that helix could vote.
    expect(text(participation)).toContain("Invited helices with no one who could vote: Community. They are reported as absent");
  });

  it("ranks the challenges by balanced score with raw scores, support per person and labels", () => {
    const challenges = section(doc, "challenges");
    // Ranked by the day's last challenge vote (the run-off), with its turnout.
    expect(text(challenges)).toContain(
      `Results of Vote 2 — ${VOTE_TITLES[1]}, the last vote on challenges in which points were given.`,
    );
    expect(text(challenges)).toContain(
      "Turnout: Government 3 of 3, Academia 2 of 2, Business 6 of 7, Community 0 of 0 (11 of 12 in all)",
    );
    const rows = bodyRows(elements(challenges, "table")[0]);
    const platform = rows.findIndex((r) => r[1].startsWith(PLATFORM));
    const coherence = rows.findIndex((r) => r[1].startsWith(COHERENCE));
    expect(platform).toBe(0);
    expect(coherence).toBe(1);
    // rank, item, balanced, raw, government, academia, business, community, label
    expect(rows[platform]).toEqual(["1", PLATFORM, "1", "12", "1", "1", "1", "absent", "Consensus"]);
    expect(rows[coherence]).toEqual(["2", COHERENCE, "0.67", "14", "0", "0", "2", "absent", "Single helix"]);
    expect(rows.some((r) => r[1].startsWith(RECOGNITION) && r[8] === "No support")).toBe(true);
    const headers = elements(elements(challenges, "thead")[0], "th").map(text);
    expect(headers).toEqual(
      expect.arrayContaining([
        "#",
        "Challenge",
        "Balanced score",
        "Raw score",
        ...HELICES.map((h) => reportLabels("en").helices[h]),
      ]),
    );
    // one support chart per item (5 challenges), each with its title
    const charts = elements(challenges, "svg");
    expect(charts).toHaveLength(5);
    expect(text(elements(charts[0], "title")[0])).toBe(`Support per person by helix: ${PLATFORM}`);
  });

  it("lists the solutions under their challenge, with charts, and the agreement section", () => {
    const solutions = section(doc, "solutions");
    expect(text(solutions)).toContain("Results of Vote 3 — solutions, the last vote on solutions in which points were given.");
    expect(text(solutions)).toContain(
      "Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0 (10 of 12 in all)",
    );
    expect(elements(solutions, "h3").map(text)).toEqual(
      [PLATFORM, COHERENCE, HOSTILE[0], RECOGNITION, HOSTILE[1]].map((title, i) => `Challenge ${[1, 2, 3, 4, 4][i]}: ${title}`),
    );
    expect(elements(solutions, "svg")).toHaveLength(4);
    expect(elements(doc, "svg")).toHaveLength(1 + 5 + 4);
    for (const svg of elements(doc, "svg")) expect(elements(svg, "title")).toHaveLength(1);

    const agreement = section(doc, "agreement");
    const [consensus, divergent, singleHelix] = elements(agreement, "table").map(bodyRows);
    expect(consensus.map((r) => r[0])).toEqual([PLATFORM, "A joint working group of ministries and clusters, meeting quarterly"]);
    expect(elements(agreement, "h3").map(text)).toEqual(["Consensus", "Divergent", "Single helix"]);
    expect(divergent.map((r) => r[0])).not.toContain(COHERENCE);
    // A single-helix item has its own heading, never under "Divergent".
    expect(singleHelix.find((r) => r[0] === COHERENCE)).toEqual([COHERENCE, "Challenge", "Business", "Government, Academia"]);
  });

  it("lists every vote of the day in agenda order, each with its turnout, points, balance and own ranking", () => {
    const votes = section(doc, "votes");
    expect(elements(votes, "h3").map(text)).toEqual([
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Vote 3 — solutions",
    ]);
    // Each vote: from its heading to the next.
    const all = text(votes);
    const starts = [`Vote 1 — ${VOTE_TITLES[0]}`, `Vote 2 — ${VOTE_TITLES[1]}`, "Vote 3 — solutions"].map((h) => all.indexOf(h));
    const [first, runOff, solutionVote] = starts.map((at, i) => all.slice(at, starts[i + 1] ?? undefined));
    expect(first).toContain("Vote on challenges: 30 points given.");
    expect(first).toContain(
      "A helix supports an item when its participants give it at least 0.25 points per person who could vote.",
    );
    expect(first).toContain("Turnout: Government 3 of 3, Academia 2 of 2, Business 4 of 5, Community 0 of 0 (9 of 10 in all)");
    // Business was half of the first vote's electorate, not more: only the absent helix is noted.
    expect(first).not.toContain("of those who could vote: read the raw score with care");
    expect(first).toContain("No one from Community could vote: their view is missing.");
    expect(runOff).toContain("Vote on challenges: 29 points given.");
    expect(runOff).toContain(
      "Business was 58% of those who could vote: read the raw score with care; the balanced score weighs every helix the same.",
    );
    expect(solutionVote).toContain("Vote on solutions: 23 points given.");
    expect(solutionVote).toContain("Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0");

    const tables = elements(votes, "table");
    const [firstRows, runOffRows, solutionRows] = tables.map((t) => bodyRows(t));
    expect(elements(elements(tables[0], "thead")[0], "th").map(text)).toEqual([
      "#",
      "Item",
      "Balanced score",
      "Raw score",
      "Label",
    ]);
    // The first vote ranked all five challenges; the run-off only the three on its ballot.
    expect(firstRows.map((r) => r[1])).toEqual([PLATFORM, HOSTILE[0], COHERENCE, HOSTILE[1], RECOGNITION]);
    expect(firstRows[0]).toEqual(["1", PLATFORM, "0.72", "8", "Consensus"]);
    expect(runOffRows).toEqual([
      ["1", PLATFORM, "1", "12", "Consensus"],
      ["2", COHERENCE, "0.67", "14", "Single helix"],
      ["3", HOSTILE[0], "0.44", "3", "Divergent"],
    ]);
    expect(solutionRows.map((r) => r[1])).toEqual([
      "A joint working group of ministries and clusters, meeting quarterly",
      "Clusters report their results to every level of government",
      "An umbrella platform for all regional innovators (Kőbánya–Újpest hub)",
    ]);
    // No charts here: the charts stay with the challenges and solutions sections.
    expect(elements(votes, "svg")).toHaveLength(0);
  });

  it("says so when a vote received no points, and keeps a typed vote title inert", () => {
    const input = budapestReportInput();
    const model = budapestReport({
      votes: [
        ...input.votes,
        { ...input.votes[1], stepId: "v4", stepTitle: `Last call ${HOSTILE[1]}`, items: {}, turnout: emptyCounts() },
      ],
    });
    const html = renderHtml(model);
    const { document, errors } = read(html);
    expect(errors).toEqual([]);
    expect(html).not.toContain(HOSTILE[1]);
    const votes = section(document, "votes");
    expect(elements(votes, "h3").map(text).at(-1)).toBe(`Vote 4 — Last call ${HOSTILE[1]}`);
    const last = text(votes).slice(text(votes).indexOf("Vote 4 — Last call"));
    expect(last).toContain("No points were given in this vote.");
    expect(last).toContain("Turnout: Government 0 of 3, Academia 0 of 2, Business 0 of 7, Community 0 of 0 (0 of 12 in all)");
    expect(elements(votes, "table")).toHaveLength(3);
    expect(elements(document, "script")).toHaveLength(0);
    // The challenges still follow the run-off: the last vote in which points were given.
    expect(text(section(document, "challenges"))).toContain(`Results of Vote 2 — ${VOTE_TITLES[1]},`);
  });

  it("gives the action plan: owner, deadline, priority, endorsements and linked items", () => {
    const recommendations = section(doc, "recommendations");
    const table = elements(recommendations, "table")[0];
    expect(elements(elements(table, "thead")[0], "th").map(text)).toEqual([
      "#",
      "Recommendation",
      "Who acts",
      "Deadline",
      "Priority",
      "Endorsements",
    ]);
    const rows = bodyRows(table);
    expect(rows).toEqual([
      ["1", "Set up a standing inter-ministerial working group with the clusters", "Government", "30 June 2025", "High", "9"],
      ["2", `Launch the umbrella platform — ${HOSTILE[1]}`, "MediKlaszter & Lithuanian Innovation Centre", "—", "Medium", "5"],
    ]);
    const details = text(recommendations);
    expect(details).toContain("Drafted from Solution: A joint working group");
    expect(details).toContain("Government 3, Academia 1, Business 5, Community 0 — total 9");
    expect(details).toContain(HOSTILE[0]);
    // the linked item hidden by the facilitator is left out
    expect(details).not.toContain("Hidden by the facilitator");
  });

  it("lists every visible contribution in the annex, merged ones under their survivor, and the method", () => {
    const annex = section(doc, "annex");
    const items = elements(elements(annex, "ul")[0], "li").filter(
      (li) => !elements(li).some((el) => el.tagName === "ul" && el !== li) || true,
    );
    const top = elements(annex, "ul")[0].childNodes.filter(isElement).map(text);
    expect(top).toHaveLength(9);
    expect(items.length).toBeGreaterThan(9);
    const platform = top.find((r) => r.includes(PLATFORM));
    expect(platform).toContain("Merged here: Duplicate of the platform challenge");
    expect(top.some((r) => r.includes("Hidden by the facilitator"))).toBe(false);
    expect(text(annex)).toContain("Balanced score: the mean of the per-capita support");
  });

  it("prints: an A4 page and a print stylesheet; tables scroll on a phone; helix colours come from the domain", () => {
    const css = elements(doc, "style").map(text).join("\n");
    expect(css).toMatch(/@page\s*\{[^}]*size:\s*A4/);
    expect(css).toContain("@media print");
    expect(css).toMatch(/break-inside:\s*avoid/);
    expect(css).toMatch(/\.table-wrap\{[^}]*overflow-x:\s*auto/);
    expect(css).toMatch(/svg\{[^}]*max-width:\s*100%[^}]*height:\s*auto/);
    expect(css).toContain("#1864ab");
    for (const wrap of elements(doc).filter((el) => attr(el, "class")?.split(" ").includes("table-wrap")))
      expect(elements(wrap, "table")).toHaveLength(1);
  });
});

describe("renderHtml: edge cases", () => {
  it("renders an empty workshop with its empty-state lines", () => {
    const model: ReportModel = budapestReport({
      participants: [],
      contributions: [],
      pointsGiven: 0,
      votes: [],
      recommendations: [],
      facilitators: [],
      workshop: {
        id: "w2",
        title: "An empty day",
        hostOrganisation: "Host",
        venue: null,
        startsOn: null,
        endsOn: null,
        status: "closed",
      },
    });
    const { document, errors } = read(renderHtml(model));
    expect(errors).toEqual([]);
    const body = text(document);
    for (const line of [
      "No vote yet",
      "No challenges yet.",
      "No challenges yet, so no solutions.",
      "No recommendations yet.",
      "No contributions yet.",
      "No vote has been opened yet.",
    ])
      expect(body).toContain(line);
    expect(elements(document).some((el) => attr(el, "class") === "banner")).toBe(false);
    expect(elements(section(document, "agreement"), "p").map(text)).toContain("None.");
    expect(text(section(document, "participation"))).toContain(
      "Invited helices with no one who could vote: Government, Academia, Business, Community",
    );
    expect(elements(document, "svg")).toHaveLength(1);
    expect(elements(document, "table").length).toBe(2);
  });

  it("charts only the top 10 of a list and escapes in attributes too", () => {
    const base = budapestReport();
    const item = base.challenges.items[0];
    const items = Array.from({ length: 25 }, (_, i) => ({
      ...item,
      id: `x${i}`,
      rank: i + 1,
      title: `"quoted" 'single' <b>${i}</b> & more`,
    }));
    const attack = `x" onmouseover="alert(1)" data-x='`;
    const model: ReportModel = {
      ...base,
      challenges: { ...base.challenges, items },
      solutions: { ...base.solutions, byChallenge: [{ ...base.solutions.byChallenge[0], challenge: attack }] },
    };
    const html = renderHtml(model);
    const { document, errors } = read(html);
    expect(errors).toEqual([]);
    const challenges = section(document, "challenges");
    expect(elements(challenges, "svg")).toHaveLength(10);
    expect(text(challenges)).toContain("the top 10 of 25");
    expect(elements(challenges, "b")).toHaveLength(0);
    expect(elements(challenges, "tbody")[0].childNodes.filter(isElement)).toHaveLength(25);
    expect(textNodes(challenges)).toContain(`"quoted" 'single' <b>0</b> & more`);
    // a title that reaches an attribute stays inside it
    const region = elements(document).find((el) => attr(el, "aria-label")?.startsWith("Solutions for: "));
    expect(attr(region as Element, "aria-label")).toBe(`Solutions for: ${attack}`);
    expect(elements(document).flatMap((el) => el.attrs.filter((a) => /^(on|data-)/i.test(a.name)))).toEqual([]);
  });

  it("escapeHtml escapes the five characters and leaves the rest alone", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a> Kőbánya`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; Kőbánya",
    );
  });

  it("renders a 500-participant, 5,000-contribution report fast", () => {
    const base = budapestReport();
    const item = base.challenges.items[0];
    const solutionsPer = 9;
    const challenges = Array.from({ length: 500 }, (_, i) => ({
      ...item,
      id: `c${i}`,
      rank: i + 1,
      title: `${HOSTILE[i % 4]} ${i}`,
    }));
    const model: ReportModel = {
      ...base,
      challenges: { ...base.challenges, items: challenges },
      solutions: {
        ...base.solutions,
        byChallenge: challenges.map((c) => ({
          challengeId: c.id,
          challenge: c.title,
          items: Array.from({ length: solutionsPer }, (_, j) => ({
            ...item,
            id: `${c.id}s${j}`,
            rank: j + 1,
            title: `Solution ${j}`,
          })),
        })),
      },
      annex: {
        ...base.annex,
        contributions: Array.from({ length: 5000 }, (_, i) => ({
          id: `a${i}`,
          kind: "solution" as const,
          title: `${HOSTILE[i % 4]} ${i}`,
          body: "A body typed on a phone.",
          revisions: [],
          helix: "business" as const,
          origin: "participant" as const,
          parentId: `a${i - 1}`,
          merged: [],
        })),
      },
    };
    const started = performance.now();
    const html = renderHtml(model);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3000);
    expect(html.split("<svg").length - 1).toBe(1 + 10 + 10 * solutionsPer);
    expect(html).not.toContain(HOSTILE[1]);
  });
});

describe("renderHtml: a workshop over two days", () => {
  const { document: doc, errors } = read(renderHtml(budapestTwoDayReport()));

  it("lists the votes under their day's heading, in agenda order, with each vote one level down", () => {
    expect(errors).toEqual([]);
    const votes = section(doc, "votes");
    const headings = elements(votes).filter((el) => /^h[3-5]$/.test(el.tagName));
    expect(headings.map((el) => [el.tagName, text(el)])).toEqual([
      ["h3", "Day 1 — 14 November 2024"],
      ["h4", `Vote 1 — ${VOTE_TITLES[0]}`],
      ["h4", `Vote 2 — ${VOTE_TITLES[1]}`],
      ["h5", "Rapporteur's notes"],
      ["h3", "Day 2 — 15 November 2024"],
      ["h4", "Vote 3 — solutions"],
    ]);
    // What each vote says stays under it: the solution vote's turnout after the second day's heading.
    const all = text(votes);
    expect(all.indexOf("Vote on solutions")).toBeGreaterThan(all.indexOf("Day 2 — 15 November 2024"));
  });

  it("lists the notes on other steps under their day in the annex", () => {
    const annex = section(doc, "annex");
    const headings = elements(annex).filter((el) => /^h[4-5]$/.test(el.tagName));
    expect(headings.map((el) => [el.tagName, text(el)])).toEqual([
      ["h4", "Day 1 — 14 November 2024"],
      ["h5", "Welcome"],
      ["h4", "Day 2 — 15 November 2024"],
      ["h5", "Coffee and corridor talk"],
    ]);
  });
});
