import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { HELICES } from "../../app/domain/helix";
import { neutralizeCell, renderCsv } from "../../app/report/csv.server";
import {
  budapestReport,
  budapestReportInput,
  budapestTwoDayReport,
  COHERENCE,
  HOSTILE,
  NOTES,
  PLATFORM,
  SECOND_DAY_NOTE,
  VOTE_TITLES,
} from "../fixtures/report-model";

/** The CSV of the fixture report read back by a CSV parser, one object per row (a row of the wrong length throws). */
const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe("CSV report", () => {
  const rows = rowsOf(renderCsv(budapestReport()));

  it("ends every row with the vote it comes from and that vote's turnout (then the note column)", () => {
    const header = Object.keys(rows[0]);
    expect(header.at(-1)).toBe("note");
    expect(header.slice(-11, -1)).toEqual([
      "vote",
      "vote_title",
      ...HELICES.map((h) => `voted_${h}`),
      ...HELICES.map((h) => `could_vote_${h}`),
    ]);
    // The ranked challenges follow the run-off, the solutions the solution vote.
    const contributions = rows.filter((r) => r.section === "contribution");
    expect(contributions.filter((r) => r.kind === "challenge").map((r) => [r.vote, r.vote_title])).toEqual(
      Array(5).fill(["2", `Vote 2 — ${VOTE_TITLES[1]}`]),
    );
    expect(new Set(contributions.filter((r) => r.kind === "solution").map((r) => r.vote))).toEqual(new Set(["3"]));
    expect(contributions[0]).toMatchObject({
      title: PLATFORM,
      raw: "12",
      voted_government: "3",
      voted_academia: "2",
      voted_business: "6",
      voted_community: "0",
      could_vote_government: "3",
      could_vote_academia: "2",
      could_vote_business: "7",
      could_vote_community: "0",
    });
    expect(rows.filter((r) => r.section === "participation").every((r) => r.vote === "" && r.voted_business === "")).toBe(true);
    expect(rows.filter((r) => r.section === "recommendation").every((r) => r.vote === "" && r.owner !== "")).toBe(true);
  });

  it("has one row per item that received points in each vote, in agenda order, ranked", () => {
    const votes = rows.filter((r) => r.section === "vote");
    expect(votes.map((r) => r.vote)).toEqual(["1", "1", "1", "1", "1", "2", "2", "2", "3", "3", "3"]);
    expect([...new Set(votes.map((r) => r.vote_title))]).toEqual([
      `Vote 1 — ${VOTE_TITLES[0]}`,
      `Vote 2 — ${VOTE_TITLES[1]}`,
      "Vote 3 — solutions",
    ]);
    const runOff = votes.filter((r) => r.vote === "2");
    expect(runOff.map((r) => [r.kind, r.rank, r.title.replace(/^'/, ""), r.raw, r.balanced, r.label, r.label_name])).toEqual([
      ["challenge", "1", PLATFORM, "12", "1", "consensus", "Consensus"],
      ["challenge", "2", COHERENCE, "14", "0.67", "single-helix", "Single helix"],
      ["challenge", "3", HOSTILE[0], "3", "0.44", "divergent", "Divergent"],
    ]);
    expect(runOff[0]).toMatchObject({ points_business: "7", per_person_business: "1", per_person_community: "absent" });
    const first = votes.filter((r) => r.vote === "1");
    expect(first[0]).toMatchObject({ voted_business: "4", could_vote_business: "5" });
    // A solution names its challenge.
    const solution = votes.find((r) => r.vote === "3" && r.rank === "1");
    expect(solution).toMatchObject({
      kind: "solution",
      title: "A joint working group of ministries and clusters, meeting quarterly",
      challenge: COHERENCE,
      voted_academia: "1",
      could_vote_academia: "2",
    });
  });

  it("a vote without points is one row with its turnout and no item", () => {
    const input = budapestReportInput();
    const model = budapestReport({
      votes: [...input.votes, { ...input.votes[2], stepId: "v4", stepTitle: "Late vote", items: {} }],
    });
    const last = rowsOf(renderCsv(model)).filter((r) => r.section === "vote" && r.vote === "4");
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ kind: "solution", rank: "", title: "", raw: "", vote_title: "Vote 4 — Late vote" });
    expect(last[0]).toMatchObject({ voted_business: "7", could_vote_business: "7" });
  });

  it("lists each rapporteur's note on a row of its own: a step's under the vote's name, a challenge's under its title; formulas inert", () => {
    const notes = rows.filter((r) => r.section === "note");
    expect(notes.map((r) => [r.kind, r.title])).toEqual([
      ["step", "Welcome"],
      ["step", `Vote 2 — ${VOTE_TITLES[1]}`],
      ["challenge", PLATFORM],
    ]);
    expect(notes[0]?.note).toBe(`${NOTES.lobby}\n'${HOSTILE[0]}`);
    expect(notes[1]?.note).toContain(NOTES.runOff);
    expect(rows.filter((r) => r.section !== "note").every((r) => r.note === "")).toBe(true);
    expect(renderCsv(budapestReport())).not.toContain(NOTES.hidden);
  });

  it("neutralises formulas in titles, vote titles included", () => {
    const formulas = rows.filter((r) => r.title.includes("HYPERLINK"));
    // The ranked challenge and its rows in the two challenge votes.
    expect(formulas).toHaveLength(3);
    for (const row of formulas) expect(row.title).toBe(`'${HOSTILE[0]}`);
    const input = budapestReportInput();
    const model = budapestReport({ votes: input.votes.map((v, i) => (i === 1 ? { ...v, stepTitle: "=1+1" } : v)) });
    const csv = renderCsv(model);
    // "Vote 2 — =1+1" starts with a letter, so it is safe as it stands; a cell that starts with = is not.
    expect(rowsOf(csv).find((r) => r.vote === "2")?.vote_title).toBe("Vote 2 — =1+1");
    expect(neutralizeCell("=1+1")).toBe("'=1+1");
    expect(csv).not.toMatch(/(^|,)=/m);
  });
});

describe("CSV report of a workshop over two days", () => {
  const rows = rowsOf(renderCsv(budapestTwoDayReport()));

  it("has a day column before the vote's: the day of the vote a row comes from", () => {
    const header = Object.keys(rows[0]);
    expect(header[header.indexOf("vote") - 1]).toBe("day");
    const votes = rows.filter((r) => r.section === "vote");
    expect([...new Set(votes.map((r) => `${r.vote}:${r.day}`))]).toEqual(["1:1", "2:1", "3:2"]);
    // The ranked challenges follow the run-off (day 1), the solutions the solution vote (day 2).
    const contributions = rows.filter((r) => r.section === "contribution");
    expect(new Set(contributions.filter((r) => r.kind === "challenge").map((r) => r.day))).toEqual(new Set(["1"]));
    expect(new Set(contributions.filter((r) => r.kind === "solution").map((r) => r.day))).toEqual(new Set(["2"]));
  });

  it("gives a step's note its step's day; rows of no day leave it empty", () => {
    const notes = rows.filter((r) => r.section === "note" && r.kind === "step");
    expect(notes.map((r) => [r.title, r.day])).toEqual([
      ["Welcome", "1"],
      [`Vote 2 — ${VOTE_TITLES[1]}`, "1"],
      ["Coffee and corridor talk", "2"],
    ]);
    expect(notes[2].note).toBe(SECOND_DAY_NOTE);
    for (const section of ["participation", "recommendation"])
      expect(rows.filter((r) => r.section === section).every((r) => r.day === "")).toBe(true);
    expect(rows.filter((r) => r.section === "note" && r.kind === "challenge").every((r) => r.day === "")).toBe(true);
  });

  it("a one-day workshop's votes are all on day 1", () => {
    const oneDay = rowsOf(renderCsv(budapestReport()));
    expect(new Set(oneDay.filter((r) => r.section === "vote").map((r) => r.day))).toEqual(new Set(["1"]));
  });
});
