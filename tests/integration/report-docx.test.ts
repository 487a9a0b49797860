import { createHash } from "node:crypto";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { ContributionView } from "../../app/domain/contributions";
import type { ReportModel } from "../../app/domain/report";
import { chartPng } from "../../app/report/chart-png.server";
import { CHART_LAYOUT, CHARTS_PER_LIST } from "../../app/report/charts";
import { reportDocument, sectionTitles } from "../../app/report/document";
import { renderDocx as layDocx } from "../../app/report/docx.server";
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
const renderDocx = (model: ReportModel) => layDocx(reportDocument(model, "en"));

/*
 * The DOCX read back as Word would: unzipped, every XML part checked to be well-formed, the text
 * of the runs unescaped. No XML parser is installed, so a small checker walks the tags.
 */

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;

/** Throws unless the XML is well-formed: tags balanced and nested, attributes quoted, every `&` an entity, one root. */
function assertWellFormed(xml: string, part: string) {
  const body = xml.replace(/^\uFEFF?<\?xml[^?]*\?>/, "");
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const text = lt === -1 ? body.slice(i) : body.slice(i, lt);
    if (ENTITY.test(text)) throw new Error(`${part}: a bare & in text near ${i}`);
    if (!stack.length && text.trim()) throw new Error(`${part}: text outside the root element`);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(body);
    if (!m) throw new Error(`${part}: malformed tag at ${lt}: ${body.slice(lt, lt + 80)}`);
    const [, close, name, attributes, selfClosing] = m;
    if (ENTITY.test(attributes)) throw new Error(`${part}: a bare & in an attribute of <${name}>`);
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`${part}: </${name}> closes <${open}>`);
    } else {
      if (!stack.length) roots++;
      if (!selfClosing) stack.push(name);
    }
    i = TAG.lastIndex;
  }
  expect(stack, `${part}: unclosed elements`).toEqual([]);
  expect(roots, `${part}: root elements`).toBe(1);
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");

/** The text of the runs in a piece of WordprocessingML: `<w:t>` contents unescaped, breaks and tabs as `\n` and `\t`. */
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t(?:\s[^>]*)?\/>|<w:br\/>|<w:tab\/>/g)]
    .map((m) => (m[0] === "<w:br/>" ? "\n" : m[0] === "<w:tab/>" ? "\t" : unescapeXml(m[1] ?? "")))
    .join("");

type Para = { style: string | null; text: string; xml: string };
const paragraphs = (xml: string): Para[] =>
  [...xml.matchAll(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? null,
    text: textOf(p),
    xml: p,
  }));

/** Tables as rows of cell texts. */
const tables = (xml: string): string[][][] =>
  [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([t]) =>
    [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map(([r]) => [...r.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([c]) => textOf(c))),
  );

const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
const pngWidth = (bytes: Uint8Array) => Buffer.from(bytes).readUInt32BE(16);

async function open(model: ReportModel) {
  const zip = await JSZip.loadAsync(await renderDocx(model));
  const read = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`no ${path} in the DOCX`);
    const xml = await file.async("string");
    assertWellFormed(xml, path);
    return xml;
  };
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  for (const part of parts.filter((p) => p.endsWith(".xml") || p.endsWith(".rels"))) await read(part);
  const media = await Promise.all(
    parts
      .filter((p) => p.startsWith("word/media/"))
      .map(async (p) => ({ path: p, bytes: await zip.files[p].async("uint8array") })),
  );
  const document = await read("word/document.xml");
  return { zip, parts, read, media, document, paragraphs: paragraphs(document), text: textOf(document) };
}

const SECTIONS = sectionTitles("en");

/** The charts the DOCX should hold: those of the document (participation, then the top items of each ranked list). */
function expectedCharts(model: ReportModel) {
  return reportDocument(model, "en").body.flatMap((b) => (b.type === "charts" ? b.figures.map((f) => f.chart) : []));
}

describe("DOCX report", () => {
  it("holds the Budapest report: title block, interim note, the sections in order, a table of contents", async () => {
    const model = budapestReport();
    const { paragraphs, document, read } = await open(model);

    const title = paragraphs.find((p) => p.style === "Title");
    expect(title?.text).toBe("Improving the cooperation of clusters with the Hungarian quadruple helix");
    for (const fact of ["Host\tMediKlaszter", "Venue\tBudapest", "Facilitators\tEszter Kovács, Jonas Petrauskas"])
      expect(paragraphs.map((p) => p.text)).toContain(fact);
    expect(paragraphs.map((p) => p.text)).toContainEqual(expect.stringMatching(/^Dates\t14\s–\s15 November 2024$/u));

    const interim = paragraphs.find((p) => p.text.startsWith("Interim report"));
    expect(interim?.text).toBe(
      "Interim report — generated on 15 November 2024 at 16:30 UTC while the workshop is still running; the figures may still change.",
    );
    expect(interim?.xml).toContain("<w:shd");
    expect(interim?.xml).toContain("<w:pBdr>");

    expect(paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual(SECTIONS);
    // The title block and the table of contents come before the first section.
    const firstSection = paragraphs.findIndex((p) => p.style === "Heading1");
    expect(paragraphs.indexOf(title!)).toBeLessThan(firstSection);
    expect(paragraphs.indexOf(interim!)).toBeLessThan(firstSection);

    // A table of contents field over headings 1–2, already listing the sections, updated by Word on open.
    expect(document).toContain('<w:docPartGallery w:val="Table of Contents"/>');
    expect(document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    expect(paragraphs.filter((p) => p.style === "TOC1").map((p) => p.text.replace(/\t$/, ""))).toEqual(SECTIONS);
    expect(await read("word/settings.xml")).toMatch(/<w:updateFields(?: w:val="(?:true|1|on)")?\/>/);
  });

  it("ranks challenges by balanced score and shows the helix figures", async () => {
    const model = budapestReport();
    const { paragraphs, text, document } = await open(model);
    for (const title of [PLATFORM, COHERENCE, RECOGNITION]) expect(text).toContain(title);

    const all = tables(document);
    const challenges = all.find((t) => t[0][1] === "Challenge");
    expect(challenges?.[0]).toEqual(["#", "Challenge", "Bal.", "Raw score", "Gov.", "Acad.", "Bus.", "Comm.", "Label"]);
    // A page is too narrow for every full header: the short ones, and a legend that says what they stand for.
    expect(paragraphs.map((p) => p.text)).toContain(
      "Abbreviations: Bal. = Balanced score; Gov. = Government; Acad. = Academia; Bus. = Business; Comm. = Community.",
    );
    // The platform is first with fewer raw points than coherence: every helix present backs it.
    expect(challenges?.[1]).toEqual(["1", PLATFORM, "1", "12", "1", "1", "1", "absent", "Consensus"]);
    expect(challenges?.[2]).toEqual(["2", COHERENCE, "0.67", "14", "0", "0", "2", "absent", "Single helix"]);

    const byHelix = all.find((t) => t[0][0] === "Helix");
    expect(byHelix?.slice(1)).toEqual([
      ["Government", "3", "23%"],
      ["Academia", "2", "15%"],
      ["Business", "7", "54%"],
      ["Community", "1", "8%"],
      ["Total", "13", "100%"],
    ]);
    expect(all.find((t) => t[0][0] === "Role")?.slice(1)).toEqual([
      ["Local stakeholders", "10"],
      ["International peers", "2"],
      ["Observers", "1"],
    ]);
    expect(all.find((t) => t[0][0] === "By helix")?.[0]).toEqual([
      "By helix",
      "Government 3 · Academia 2 · Business 7 · Community 1",
    ]);
    expect(text).toContain(
      "Business was more than half of those who could vote; the balanced score weighs every helix the same.",
    );
    expect(paragraphs.map((p) => p.text)).toContain(
      "Invited helices with no one who could vote: Community. They are reported as absent, never counted as zero support.",
    );

    // Solutions grouped under their challenge, ranked.
    const groups = paragraphs.filter((p) => p.style === "Heading2" && p.text.startsWith("Challenge ")).map((p) => p.text);
    expect(groups.slice(0, 2)).toEqual([`Challenge 1: ${PLATFORM}`, `Challenge 2: ${COHERENCE}`]);
    const coherenceSolutions = all.filter((t) => t[0][1] === "Solution")[1];
    expect(coherenceSolutions.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ["1", "A joint working group of ministries and clusters, meeting quarterly"],
      ["2", "Clusters report their results to every level of government"],
    ]);

    // Agreement, the action plan in order with owners, endorsements, and the annex.
    expect(all.find((t) => t[0][2] === "Supported by" && t[0].length === 3)?.[1]).toEqual([
      PLATFORM,
      "Challenge",
      "Government, Academia, Business",
    ]);
    const plan = all.find((t) => t[0][1] === "Recommendation");
    expect(plan?.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5]])).toEqual([
      ["Set up a standing inter-ministerial working group with the clusters", "Government", "30 June 2025", "High", "9"],
      [`Launch the umbrella platform — ${HOSTILE[1]}`, "MediKlaszter & Lithuanian Innovation Centre", "—", "Medium", "5"],
    ]);
    expect(text).toContain("Government 3, Academia 1, Business 5, Community 0 — total 9");
    expect(paragraphs.map((p) => p.text)).toContain("Merged here: Duplicate of the platform challenge");
    expect(text).not.toContain("Hidden by the facilitator");
    expect(text).toContain("An umbrella platform for all regional innovators (Kőbánya–Újpest hub)");
  });

  it("gives the challenges and solutions the turnout of the vote they follow", async () => {
    const { paragraphs } = await open(budapestReport());
    const texts = paragraphs.map((p) => p.text);
    const at = (line: string) => texts.indexOf(line);
    const [challenges, solutions, votes] = ["Challenges", "Solutions", "Votes"].map((h) =>
      paragraphs.findIndex((p) => p.style === "Heading1" && p.text === h),
    );
    const ranked = at(`Results of Vote 2 — ${VOTE_TITLES[1]}, the last vote on challenges in which points were given.`);
    const turnout = at("Turnout: Government 3 of 3, Academia 2 of 2, Business 6 of 7, Community 0 of 0 (11 of 12 in all)");
    expect(ranked).toBeGreaterThan(challenges);
    expect(turnout).toBeGreaterThan(ranked);
    expect(turnout).toBeLessThan(solutions);
    const solutionTurnout = at(
      "Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0 (10 of 12 in all)",
    );
    expect(at("Results of Vote 3 — solutions, the last vote on solutions in which points were given.")).toBeGreaterThan(
      solutions,
    );
    expect(solutionTurnout).toBeGreaterThan(solutions);
    expect(solutionTurnout).toBeLessThan(votes);
  });

  it("lists every vote under Votes: its title, points, turnout, balance warning and ranking", async () => {
    const { paragraphs, document } = await open(budapestReport());
    const votes = paragraphs.findIndex((p) => p.style === "Heading1" && p.text === "Votes");
    const next = paragraphs.findIndex((p, i) => i > votes && p.style === "Heading1");
    const section = paragraphs.slice(votes, next);
    expect(section.filter((p) => p.style === "Heading2").map((p) => p.text)).toEqual([
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Vote 3 — solutions",
    ]);
    const texts = section.map((p) => p.text);
    for (const line of [
      "Vote on challenges: 30 points given.",
      "A helix supports an item when its participants give it at least 0.25 points per person who could vote.",
      "Turnout: Government 3 of 3, Academia 2 of 2, Business 4 of 5, Community 0 of 0 (9 of 10 in all)",
      "Vote on challenges: 29 points given.",
      "Vote on solutions: 23 points given.",
    ])
      expect(texts).toContain(line);
    // The run-off's warning, in a shaded note: business the majority of who could vote, community absent.
    const warning = section.find((p) => p.text.startsWith("Business was 58% of those who could vote"));
    expect(warning?.text).toBe(
      "Business was 58% of those who could vote: read the raw score with care; the balanced score weighs every helix the same.",
    );
    expect(warning?.xml).toContain("<w:shd");
    const voteTables = tables(document).filter((t) => t[0].join("|") === "#|Item|Balanced score|Raw score|Label");
    expect(voteTables.map((t) => t.length - 1)).toEqual([5, 3, 3]);
    expect(voteTables[1].slice(1)).toEqual([
      ["1", PLATFORM, "1", "12", "Consensus"],
      ["2", COHERENCE, "0.67", "14", "Single helix"],
      ["3", HOSTILE[0], "0.44", "3", "Divergent"],
    ]);
    // The table of contents lists each vote under the section.
    const toc = paragraphs.filter((p) => p.style === "TOC2").map((p) => p.text.replace(/\t$/, ""));
    expect(toc).toEqual(expect.arrayContaining([`Vote 2 — ${VOTE_TITLES[1]}`, "Vote 3 — solutions"]));
  });

  it("a vote without points says so; a typed vote title stays text", async () => {
    const input = budapestReportInput();
    const { paragraphs, document } = await open(
      budapestReport({
        votes: [
          ...input.votes,
          {
            ...input.votes[2],
            stepId: "v4",
            stepTitle: `Extra ${HOSTILE[3]} ${HOSTILE[1]}`,
            items: {},
            turnout: { government: 0, academia: 0, business: 0, community: 0 },
          },
        ],
      }),
    );
    const heading = paragraphs.findIndex(
      (p) => p.style === "Heading2" && p.text === `Vote 4 — Extra ${HOSTILE[3]} ${HOSTILE[1]}`,
    );
    expect(heading).toBeGreaterThan(0);
    expect(paragraphs.slice(heading).map((p) => p.text)).toContain("No points were given in this vote.");
    expect(document).toContain("Vote 4 — Extra &lt;/w:t&gt; &lt;script&gt;");
  });

  it("embeds the charts as PNG images with alt text, top items only", async () => {
    const model = budapestReport();
    const { document, media, read } = await open(model);
    const charts = expectedCharts(model);
    expect(charts).toHaveLength(10); // participation, 5 challenges, 4 solutions

    const drawings = [...document.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)].map(([d]) => d);
    expect(drawings).toHaveLength(charts.length);
    // docx stores identical pictures once (two zero-support charts look the same).
    const distinct = new Set(charts.map((c) => createHash("sha256").update(chartPng(c)).digest("hex")));
    expect(media).toHaveLength(distinct.size);
    for (const { bytes } of media) {
      expect(isPng(bytes)).toBe(true);
      expect(pngWidth(bytes)).toBe(CHART_LAYOUT.width * 2);
    }
    const rels = await read("word/_rels/document.xml.rels");
    for (const d of drawings) {
      const id = /r:embed="([^"]+)"/.exec(d)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
      expect(media.map((m) => m.path)).toContain(`word/${target}`);
    }
    const alt = drawings.map((d) => unescapeXml(/<wp:docPr [^>]*descr="([^"]*)"/.exec(d)?.[1] ?? ""));
    expect(alt[0]).toBe("Government: 3; Academia: 2; Business: 7; Community: 1 (participants; scale 0 to 7).");
    expect(alt[1]).toBe("Government: 1; Academia: 1; Business: 1; Community: absent (points per person; scale 0 to 2).");
    expect(unescapeXml(/<wp:docPr [^>]*title="([^"]*)"/.exec(drawings[1])?.[1] ?? "")).toBe(
      `Support per person by helix: ${PLATFORM}`,
    );
  });

  it("charts only the top items of a long list", async () => {
    const input = budapestReportInput();
    const many: ContributionView[] = Array.from({ length: 15 }, (_, i) => ({
      ...input.contributions[0],
      id: `x${i}`,
      title: `Extra challenge ${i}`,
      origin: "participant",
      helix: "business",
    }));
    const [first, runOff] = input.votes;
    const model = budapestReport({
      contributions: [...input.contributions, ...many],
      // The run-off ranks the challenges; no vote on solutions.
      votes: [
        first,
        {
          ...runOff,
          items: {
            ...runOff.items,
            ...Object.fromEntries(many.map((c, i) => [c.id, { government: i % 3, academia: 0, business: i + 1, community: 0 }])),
          },
        },
      ],
    });
    expect(model.challenges.items).toHaveLength(20);
    const { document } = await open(model);
    expect([...document.matchAll(/<w:drawing>/g)]).toHaveLength(1 + CHARTS_PER_LIST);
    expect(tables(document).find((t) => t[0][1] === "Challenge")).toHaveLength(21);
    // The run-off's own table lists the items that received points in it (the 15 extras and its 3).
    const voteTables = tables(document).filter((t) => t[0].join("|") === "#|Item|Balanced score|Raw score|Label");
    expect(voteTables.map((t) => t.length - 1)).toEqual([5, 18]);
  });

  it("prints the rapporteur's notes under their vote and challenge, and the earlier wordings in the annex", async () => {
    const { document } = await open(budapestReport());
    expectNotesInPlace(
      paragraphs(document)
        .map((p) => p.text)
        .join(" "),
    );
    expect(paragraphs(document).some((p) => p.text === `${HOSTILE[1]} ${HOSTILE[2]}`)).toBe(true);
  });

  it("keeps hostile text inert: escaped, never markup, fields or hyperlinks", async () => {
    const { document, text, read, parts } = await open(budapestReport());
    // The closing tag typed as a title is escaped in the XML and reads back exactly as typed.
    expect(document).toContain("&lt;/w:t&gt;");
    expect(document).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(document).not.toContain("<script");
    for (const hostile of HOSTILE) expect(text).toContain(hostile);
    expect(paragraphs(document).some((p) => p.text === "Solution (Business): </w:t>")).toBe(true);

    // The only hyperlinks are the table of contents' links to its own headings; no field but TOC and PAGEREF there.
    const hyperlinks = [...document.matchAll(/<w:hyperlink\b[^>]*>/g)].map(([h]) => h);
    expect(hyperlinks.length).toBeGreaterThan(0);
    for (const h of hyperlinks) {
      expect(h).toMatch(/w:anchor="_Toc\d+"/);
      expect(h).not.toContain("r:id");
    }
    const tocEnd = document.indexOf("</w:sdt>");
    expect(document.lastIndexOf("<w:hyperlink")).toBeLessThan(tocEnd);
    const fields = [...document.matchAll(/<w:instrText[^>]*>([^<]*)<\/w:instrText>/g)].map((m) => m[1].trim().split(/\s/)[0]);
    expect(new Set(fields)).toEqual(new Set(["TOC", "PAGEREF"]));
    expect(document).not.toContain("<w:fldSimple");
    for (const rels of parts.filter((p) => p.endsWith(".rels"))) expect(await read(rels)).not.toMatch(/hyperlink/i);
  });

  it("escapes hostile workshop names in the properties, header and title", async () => {
    const input = budapestReportInput();
    const name = `Review ${HOSTILE[3]} ${HOSTILE[1]} & "quotes" ${HOSTILE[0]}`;
    const { read, paragraphs } = await open(
      budapestReport({ workshop: { ...input.workshop, title: name, hostOrganisation: `${HOSTILE[1]} Ltd` } }),
    );
    expect(paragraphs.find((p) => p.style === "Title")?.text).toBe(name);
    const core = await read("docProps/core.xml");
    expect(unescapeXml(/<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? "")).toBe(name);
    expect(unescapeXml(/<dc:creator>([^<]*)<\/dc:creator>/.exec(core)?.[1] ?? "")).toBe(`${HOSTILE[1]} Ltd`);
    const headers = await Promise.all(["word/header1.xml", "word/header2.xml"].map(read));
    expect(headers.map(textOf).join("")).toContain(name);
  });

  it("has page numbers in the footer, the title in the header and document properties", async () => {
    const { read, parts } = await open(budapestReport());
    const footers = await Promise.all(parts.filter((p) => /^word\/footer\d+\.xml$/.test(p)).map(read));
    expect(footers.length).toBeGreaterThan(0);
    for (const footer of footers) {
      expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
      expect(textOf(footer)).toBe("Page  of ");
    }
    const headers = await Promise.all(parts.filter((p) => /^word\/header\d+\.xml$/.test(p)).map(read));
    expect(headers.map(textOf)).toContain(
      "Improving the cooperation of clusters with the Hungarian quadruple helix · Interim peer-review report",
    );
    const core = await read("docProps/core.xml");
    expect(core).toContain("<dc:title>Improving the cooperation of clusters with the Hungarian quadruple helix</dc:title>");
    expect(core).toContain("<dc:creator>MediKlaszter</dc:creator>");
    expect(core).toContain("<cp:lastModifiedBy>MediKlaszter</cp:lastModifiedBy>");
    expect(core).toMatch(/<dc:description>Interim peer-review report of the workshop[^<]*<\/dc:description>/);
  });

  it("leaves the interim note out once the workshop is closed", async () => {
    const input = budapestReportInput();
    const { text } = await open(budapestReport({ workshop: { ...input.workshop, status: "closed" } }));
    expect(text).not.toContain("Interim");
    expect(text).toContain("Quadruple-helix peer review · Workshop report");
  });

  it("a workshop over two days: its votes under each day's heading, and the step notes by day", async () => {
    const { paragraphs } = await open(budapestTwoDayReport());
    const from = paragraphs.findIndex((p) => p.style === "Heading1" && p.text === "Votes");
    const votes = paragraphs.slice(
      from + 1,
      paragraphs.findIndex((p, i) => i > from && p.style === "Heading1"),
    );
    expect(votes.filter((p) => /^Heading[2-4]$/.test(p.style ?? "")).map((p) => [p.style, p.text])).toEqual([
      ["Heading2", "Day 1 — 14 November 2024"],
      ["Heading3", `Vote 1 — ${VOTE_TITLES[0]}`],
      ["Heading3", `Vote 2 — ${VOTE_TITLES[1]}`],
      ["Heading4", "Rapporteur's notes"],
      ["Heading2", "Day 2 — 15 November 2024"],
      ["Heading3", "Vote 3 — solutions"],
    ]);
    const annex = paragraphs.slice(paragraphs.findLastIndex((p) => p.style === "Heading1"));
    expect(annex.filter((p) => p.style === "Heading3" || p.style === "Heading4").map((p) => p.text)).toEqual(
      expect.arrayContaining(["Day 2 — 15 November 2024", "Coffee and corridor talk"]),
    );
    // A one-day report names no day.
    expect((await open(budapestReport())).text).not.toMatch(/Day \d/);
  });

  it("renders an empty workshop", async () => {
    const input = budapestReportInput();
    const model = budapestReport({
      workshop: { ...input.workshop, venue: null, startsOn: null, endsOn: null, hostOrganisation: "" },
      facilitators: [],
      participants: [],
      contributions: [],
      pointsGiven: 0,
      votes: [],
      recommendations: [],
    });
    const { paragraphs, text, media, document, read } = await open(model);
    expect(paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual(SECTIONS);
    for (const line of [
      "No challenges yet.",
      "No challenges yet, so no solutions.",
      "No vote has been opened yet.",
      "No recommendations yet.",
      "No contributions yet.",
    ])
      expect(paragraphs.map((p) => p.text)).toContain(line);
    expect(text).toContain("0 participants contributed 0 challenges and 0 solutions and gave 0 points in the votes.");
    expect([...document.matchAll(/<w:drawing>/g)]).toHaveLength(1);
    expect(media).toHaveLength(1);
    expect(await read("docProps/core.xml")).toContain("<dc:creator>Helix Review</dc:creator>");
  });
});
