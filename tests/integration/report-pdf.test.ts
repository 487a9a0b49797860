import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReportModel } from "../../app/domain/report";
import { reportDocument, SECTION_IDS, sectionTitles } from "../../app/report/document";
import { reportT } from "../../app/report/i18n";
import { renderPdf as layPdf } from "../../app/report/pdf.server";
import {
  budapestReport,
  budapestTwoDayReport,
  COHERENCE,
  expectNotesInPlace,
  HOSTILE,
  PLATFORM,
  RECOGNITION,
  VOTE_TITLES,
} from "../fixtures/report-model";

const SECTION_TITLE = Object.fromEntries(SECTION_IDS.map((id) => [id, reportT("en")(`section.${id}`)])) as Record<
  (typeof SECTION_IDS)[number],
  string
>;

/** The renderer of the English report, from the model (as the export does). */
const renderPdf = (model: ReportModel) => layPdf(reportDocument(model, "en"));

/**
 * The PDF read back as a reader would: the text of every page (pdf.js), the outline and the
 * document info; and the raw bytes searched for anything that could act (scripts, links).
 */
type Read = { pages: string[]; text: string; flat: string; numPages: number; outline: string[]; info: Record<string, unknown> };

async function read(buf: Buffer): Promise<Read> {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ("str" in item ? item.str : ""))
        .join(" ")
        .replace(/\s+/g, " ")
        .trim(),
    );
  }
  const outline = ((await pdf.getOutline()) ?? []).map((item) => item.title);
  const { info } = await pdf.getMetadata();
  const numPages = pdf.numPages;
  await pdf.destroy();
  const text = pages.join(" ");
  return { pages, text, flat: flat(text), numPages, outline, info: info as Record<string, unknown> };
}

/** Without any whitespace: text wrapped over lines (or table cells) still compares. */
const flat = (text: string) => text.replace(/\s+/g, "");

/** Where each of `needles` first occurs, each searched after the one before (-1 when missing). */
function inOrder(haystack: string, needles: readonly string[]): number[] {
  const at: number[] = [];
  let from = 0;
  for (const needle of needles) {
    const i = haystack.indexOf(flat(needle), from);
    at.push(i);
    if (i >= 0) from = i + flat(needle).length;
  }
  return at;
}

const HEADINGS = sectionTitles("en");

describe("PDF report", () => {
  let buf: Buffer;
  let pdf: Read;
  beforeAll(async () => {
    buf = await renderPdf(budapestReport());
    pdf = await read(buf);
  });

  it("is a PDF with the workshop in its document info, and the same bytes every time", async () => {
    expect(buf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.info.Title).toBe("Improving the cooperation of clusters with the Hungarian quadruple helix");
    expect(pdf.info.Author).toBe("MediKlaszter");
    expect(String(pdf.info.CreationDate)).toContain("20241115163000");
    expect((await renderPdf(budapestReport())).equals(buf)).toBe(true);
  });

  it("has the sections in the report's order, in the text and in the outline", () => {
    const at = inOrder(pdf.flat, ["Interim report — generated on 15 November 2024 at 16:30 UTC", ...HEADINGS]);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(pdf.outline).toEqual(["Improving the cooperation of clusters with the Hungarian quadruple helix", ...HEADINGS]);
  });

  it("ranks the challenges by balanced score: the platform before coherence, with its raw score", () => {
    const [challenges, solutions] = inOrder(pdf.flat, ["Participation", "Challenges", "Solutions"]).slice(1);
    const section = pdf.flat.slice(challenges, solutions);
    for (const title of [PLATFORM, COHERENCE, RECOGNITION]) expect(section).toContain(flat(title));
    expect(section.indexOf(flat(PLATFORM))).toBeLessThan(section.indexOf(flat(COHERENCE)));
    // Rank 1, balanced 1, raw 12; rank 2, balanced 0.67, raw 14.
    expect(section).toContain(flat(`1 ${PLATFORM} 1 12`));
    expect(section).toContain(flat(`2 ${COHERENCE} 0.67 14`));
    expect(section).toContain("absent");
    // Which vote it follows, and that vote's turnout.
    expect(section).toContain(
      flat(`Results of Vote 2 — ${VOTE_TITLES[1]}, the last vote on challenges in which points were given.`),
    );
    expect(section).toContain(
      flat("Turnout: Government 3 of 3, Academia 2 of 2, Business 6 of 7, Community 0 of 0 (11 of 12 in all)"),
    );
  });

  it("gives the solutions the turnout of the solution vote", () => {
    const [solutions, votes] = inOrder(pdf.flat, ["Participation", SECTION_TITLE.solutions, SECTION_TITLE.votes]).slice(1);
    const section = pdf.flat.slice(solutions, votes);
    expect(section).toContain(flat("Results of Vote 3 — solutions, the last vote on solutions in which points were given."));
    expect(section).toContain(
      flat("Turnout: Government 2 of 3, Academia 1 of 2, Business 7 of 7, Community 0 of 0 (10 of 12 in all)"),
    );
  });

  it("lists every vote in agenda order with its turnout, points, balance warning and own ranking", () => {
    const [start, end] = inOrder(pdf.flat, [SECTION_TITLE.solutions, SECTION_TITLE.votes, SECTION_TITLE.agreement]).slice(1);
    const section = pdf.flat.slice(start, end);
    const [first, runOff, third] = inOrder(section, [
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Vote 3 — solutions",
    ]);
    expect(first).toBeGreaterThan(0);
    expect(runOff).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(runOff);
    const [one, two, three] = [section.slice(first, runOff), section.slice(runOff, third), section.slice(third)];
    expect(one).toContain(
      flat(
        "Vote on challenges: 30 points given. A helix supports an item when its participants give it at least 0.25 points per person who could vote.",
      ),
    );
    expect(one).toContain(
      flat("Turnout: Government 3 of 3, Academia 2 of 2, Business 4 of 5, Community 0 of 0 (9 of 10 in all)"),
    );
    expect(one).toContain(flat("No one from Community could vote: their view is missing."));
    expect(one).not.toContain(flat("read the raw score with care"));
    expect(one).toContain(flat(`1 ${PLATFORM} 0.72 8 Consensus`));
    expect(two).toContain(flat("Business was 58% of those who could vote: read the raw score with care"));
    expect(two).toContain(flat(`1 ${PLATFORM} 1 12 Consensus 2 ${COHERENCE} 0.67 14 Single helix`));
    expect(two).not.toContain(flat(RECOGNITION));
    expect(three).toContain(flat("Vote on solutions: 23 points given."));
    expect(three).toContain(flat("1 A joint working group of ministries and clusters, meeting quarterly 0.86 9 Consensus"));
  });

  it("shows the room by helix and role, and the dominant helix", () => {
    expect(pdf.flat).toContain(flat("By helix Government 3 · Academia 2 · Business 7 · Community 1"));
    expect(pdf.flat).toContain(flat("Business 7 54%"));
    expect(pdf.flat).toContain(flat("Local stakeholders 10"));
    expect(pdf.flat).toContain(flat("Participants by helix"));
    expect(pdf.flat).toContain(flat("Note: Business was more than half of those who could vote"));
    expect(pdf.flat).toContain(flat("Invited helices with no one who could vote: Community. They are reported as absent"));
  });

  it("lists the recommendations in the action plan's order, with owner and endorsements", () => {
    const [start] = inOrder(pdf.flat, ["Recommendations and action plan"]);
    const section = pdf.flat.slice(start);
    const [first, second] = inOrder(section, ["Set up a standing inter-ministerial", "Launch the umbrella platform"]);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(section).toContain(flat("MediKlaszter & Lithuanian Innovation Centre"));
    expect(section).toContain(flat("Government 3, Academia 1, Business 5, Community 0 — total 9"));
    expect(section).toContain(flat("Deadline 30 June 2025"));
  });

  it("numbers every page 'Page n of N'", () => {
    expect(pdf.numPages).toBeGreaterThan(1);
    pdf.pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pdf.numPages}`);
    });
  });

  it("prints the rapporteur's notes under their vote and challenge, and the earlier wordings in the annex", () => {
    expectNotesInPlace(pdf.flat, flat);
  });

  it("prints user text as typed, Hungarian letters included, and nothing in it acts", () => {
    for (const hostile of HOSTILE) expect(pdf.flat).toContain(flat(hostile));
    expect(pdf.text).toContain("Kőbánya–Újpest");
    const raw = buf.toString("latin1");
    for (const action of ["/JavaScript", "/URI", "/Launch", "/Annots", "/OpenAction"]) expect(raw, action).not.toContain(action);
  });

  it("renders an empty workshop and says so", async () => {
    const empty = await read(
      await renderPdf(
        budapestReport({
          participants: [],
          contributions: [],
          pointsGiven: 0,
          votes: [],
          recommendations: [],
        }),
      ),
    );
    for (const said of [
      "No challenges yet.",
      "No challenges yet, so no solutions.",
      "No recommendations yet.",
      "No contributions yet.",
      "No vote has been opened yet.",
      "Invited helices with no one who could vote: Government, Academia, Business, Community.",
    ])
      expect(empty.flat).toContain(flat(said));
    expect(inOrder(empty.flat, HEADINGS).every((i) => i >= 0)).toBe(true);
    expect(empty.pages.at(-1)).toContain(`Page ${empty.numPages} of ${empty.numPages}`);
  });
});

describe("PDF report of a workshop over two days", () => {
  it("prints the day headings in order, each vote after its day, and the step notes by day in the annex", async () => {
    const pdf = await read(await renderPdf(budapestTwoDayReport()));
    const at = inOrder(pdf.flat, [
      SECTION_TITLE.solutions,
      SECTION_TITLE.votes,
      "Day 1 — 14 November 2024",
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Day 2 — 15 November 2024",
      "Vote 3 — solutions",
      "Rapporteur's notes on the agenda steps",
      "Day 1 — 14 November 2024",
      "Welcome",
      "Day 2 — 15 November 2024",
      "Coffee and corridor talk",
    ]);
    expect(at.every((i) => i >= 0)).toBe(true);
    // The outline stays the sections.
    expect(pdf.outline.slice(1)).toEqual(HEADINGS);
  });
});
