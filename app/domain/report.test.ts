import { describe, expect, it } from "vitest";
import {
  budapestReport,
  budapestReportInput,
  budapestTwoDayReport,
  COHERENCE,
  HOSTILE,
  PLATFORM,
  VOTE_TITLES,
} from "../../tests/fixtures/report-model";
import { buildReport, dateOfDay, groupByDay, REPORT_SCHEMA_VERSION, reportDays, spansDays } from "./report";

const none = { government: 0, academia: 0, business: 0, community: 0 };

describe("buildReport (schema version 5)", () => {
  it("carries the points given and lists every vote in agenda order, numbered, with its own electorate and turnout", () => {
    const input = budapestReportInput();
    const model = buildReport(input);
    expect(model.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(REPORT_SCHEMA_VERSION).toBe(5);
    expect(model.summary.pointsGiven).toBe(82);
    expect(model.summary).not.toHaveProperty("votesCast");
    expect(model.votes.map((v) => [v.number, v.stepId, v.title, v.kind])).toEqual([
      [1, "v1", VOTE_TITLES[0], "challenge"],
      [2, "v2", VOTE_TITLES[1], "challenge"],
      [3, "v3", null, "solution"],
    ]);
    for (const [i, vote] of model.votes.entries()) {
      expect(vote.electorate).toEqual(input.votes[i].electorate);
      expect(vote.turnout).toEqual(input.votes[i].turnout);
    }
    expect(model.votes.map((v) => v.pointsGiven)).toEqual([30, 29, 23]);
    expect(model.votes.reduce((sum, v) => sum + v.pointsGiven, 0)).toBe(model.summary.pointsGiven);
  });

  it("ranks each vote on its own electorate: only the items on its tally, each with its kind and challenge", () => {
    const [first, runOff, solutions] = budapestReport().votes;
    expect(first.items.map((i) => i.id)).toEqual(["c1", "c4", "c2", "c5", "c3"]);
    // Per person on the first vote's electorate (5 business): 5 points → 1 per person.
    expect(first.items[0].metrics.support).toEqual({ government: 2 / 3, academia: 0.5, business: 1, community: null });
    expect(runOff.items.map((i) => [i.rank, i.title, i.metrics.raw, i.metrics.label])).toEqual([
      [1, PLATFORM, 12, "consensus"],
      [2, COHERENCE, 14, "single-helix"],
      [3, HOSTILE[0], 3, "divergent"],
    ]);
    expect(runOff.items.every((i) => i.kind === "challenge" && i.challengeId === null)).toBe(true);
    expect(solutions.items.map((i) => [i.id, i.kind, i.challengeId])).toEqual([
      ["s1", "solution", "c2"],
      ["s2", "solution", "c2"],
      ["s3", "solution", "c1"],
    ]);
  });

  it("names the balance of each vote: a helix over half of who could vote, the invited helices with nobody", () => {
    const [first, runOff] = budapestReport().votes;
    // Business was 5 of 10 in the first vote: half, not more.
    expect(first.balance).toEqual({ dominantHelix: null, dominantShare: null, absentHelices: ["community"] });
    expect(runOff.balance).toEqual({ dominantHelix: "business", dominantShare: 7 / 12, absentHelices: ["community"] });
    // A helix the workshop did not invite is not absent.
    const uninvited = budapestReport({ invitedHelices: ["government", "academia", "business"] });
    expect(uninvited.votes[1].balance.absentHelices).toEqual([]);
    expect(uninvited.participation.absentHelices).toEqual([]);
  });

  it("ranks the challenges and solutions sections by the last vote of their kind with points, and carries its turnout", () => {
    const model = budapestReport();
    expect(model.challenges).toMatchObject({
      voted: true,
      threshold: 0.25,
      voteStepId: "v2",
      electorate: { government: 3, academia: 2, business: 7, community: 0 },
      turnout: { government: 3, academia: 2, business: 6, community: 0 },
    });
    expect(model.challenges.items.slice(0, 3).map((i) => i.id)).toEqual(["c1", "c2", "c4"]);
    expect(model.solutions).toMatchObject({
      voted: true,
      voteStepId: "v3",
      turnout: { government: 2, academia: 1, business: 7 },
    });

    // A later vote in which nobody gave points does not replace the one the section follows.
    const input = budapestReportInput();
    const later = budapestReport({
      votes: [...input.votes, { ...input.votes[1], stepId: "v4", stepTitle: null, items: {}, turnout: none }],
    });
    expect(later.challenges.voteStepId).toBe("v2");
    expect(later.votes[3]).toMatchObject({ number: 4, pointsGiven: 0, items: [] });
  });

  it("before any vote: no vote, no section ranked by one, nothing on top", () => {
    const model = budapestReport({ votes: [], pointsGiven: 0 });
    expect(model.votes).toEqual([]);
    for (const section of [model.challenges, model.solutions])
      expect(section).toMatchObject({ voted: false, threshold: null, voteStepId: null, electorate: null, turnout: null });
    expect(model.summary).toMatchObject({ pointsGiven: 0, topChallenges: [], topSolutions: [] });
  });

  it("judges the room's absent helices against the invited ones and its dominant helix among those who could vote", () => {
    const { participation } = budapestReport();
    // Community sent one observer: present in the room, but nobody of it could vote.
    expect(participation.byHelix.community).toBe(1);
    expect(participation.absentHelices).toEqual(["community"]);
    expect(participation.dominantHelix).toBe("business");
  });

  it("leaves out of a vote's ranking an item hidden or merged since", () => {
    const input = budapestReportInput();
    const model = buildReport({
      ...input,
      votes: [
        {
          ...input.votes[0],
          items: { ...input.votes[0].items, c6: { ...none, business: 2 }, c7: { ...none, government: 1 } },
        },
      ],
    });
    expect(model.votes[0].items.map((i) => i.id)).not.toContain("c6");
    expect(model.votes[0].items.map((i) => i.id)).not.toContain("c7");
    expect(model.votes[0].pointsGiven).toBe(30);
  });
});

describe("rapporteur notes and earlier wordings in the report model", () => {
  const model = budapestReport();

  it("keeps the notes with text, steps in agenda order, challenges only while they are visible", () => {
    expect(model.notes.steps.map((n) => [n.stepId, n.kind, n.title])).toEqual([
      ["lobby", "lobby", null],
      ["v2", "vote_challenges", VOTE_TITLES[1]],
    ]);
    expect(model.notes.challenges.map((n) => [n.challengeId, n.title])).toEqual([["c1", PLATFORM]]);
    expect(model.notes.challenges[0]?.note).toEqual({
      body: expect.stringContaining(HOSTILE[3]),
      by: "Jonas Petrauskas",
      at: "2024-11-15T12:00:00.000Z",
    });
  });

  it("lists every earlier wording of an edited item, oldest first, with who replaced it", () => {
    const edited = model.annex.contributions.find((c) => c.id === "c4");
    expect(edited?.revisions.map((r) => [r.replacedBy, r.facilitator])).toEqual([
      ["participant", null],
      ["facilitator", "Eszter Kovács"],
    ]);
    expect(model.annex.contributions.filter((c) => c.revisions.length).map((c) => c.id)).toEqual(["c4"]);
  });

  it("a report without notes or edits has empty lists, not missing ones", () => {
    const plain = buildReport({ ...budapestReportInput(), notes: undefined, revisions: undefined, steps: undefined });
    expect(plain.notes).toEqual({ steps: [], challenges: [] });
    expect(plain.annex.contributions.every((c) => c.revisions.length === 0)).toBe(true);
  });
});

describe("a workshop over several days: the report by day", () => {
  it("dates day n of a workshop as its start date + n − 1, across months and years; none without a start date", () => {
    expect(dateOfDay("2024-11-14", 1)).toBe("2024-11-14");
    expect(dateOfDay("2024-11-14", 2)).toBe("2024-11-15");
    expect(dateOfDay("2024-11-30", 2)).toBe("2024-12-01");
    expect(dateOfDay("2024-12-31", 3)).toBe("2025-01-02");
    expect(dateOfDay("2024-02-28", 2)).toBe("2024-02-29");
    expect(dateOfDay(null, 2)).toBeNull();
  });

  it("lists the agenda's days in order, each once, with its date; an agenda without steps is day 1", () => {
    const steps = [{ day: 1 }, { day: 1 }, { day: 2 }, { day: 3 }, { day: 3 }];
    expect(reportDays(steps, "2024-11-14")).toEqual([
      { day: 1, date: "2024-11-14" },
      { day: 2, date: "2024-11-15" },
      { day: 3, date: "2024-11-16" },
    ]);
    expect(reportDays([{ day: 2 }, { day: 1 }], null)).toEqual([
      { day: 1, date: null },
      { day: 2, date: null },
    ]);
    // Steps of an older agenda carry no day: they are all day 1.
    expect(reportDays([{}, {}], "2024-11-14")).toEqual([{ day: 1, date: "2024-11-14" }]);
    expect(reportDays([], null)).toEqual([{ day: 1, date: null }]);
  });

  it("groups items under their day in the days' order, keeping their own order, and leaves out a day with none", () => {
    const days = reportDays([{ day: 1 }, { day: 2 }, { day: 3 }], null);
    const items = [
      { id: "a", day: 1 },
      { id: "b", day: 3 },
      { id: "c", day: 1 },
      { id: "d", day: 3 },
    ];
    expect(groupByDay(items, days).map((g) => [g.day.day, g.items.map((i) => i.id)])).toEqual([
      [1, ["a", "c"]],
      [3, ["b", "d"]],
    ]);
    expect(groupByDay([], days)).toEqual([]);
  });

  it("gives every vote and step note its day, and the model the agenda's days with their dates", () => {
    const model = budapestTwoDayReport();
    expect(spansDays(model)).toBe(true);
    expect(model.days).toEqual([
      { day: 1, date: "2024-11-14" },
      { day: 2, date: "2024-11-15" },
    ]);
    expect(model.votes.map((v) => [v.stepId, v.day])).toEqual([
      ["v1", 1],
      ["v2", 1],
      ["v3", 2],
    ]);
    expect(model.notes.steps.map((n) => [n.stepId, n.day])).toEqual([
      ["lobby", 1],
      ["v2", 1],
      ["d1", 2],
    ]);
  });

  it("a one-day workshop is one day: every vote on day 1, nothing grouped", () => {
    const model = budapestReport();
    expect(model.days).toEqual([{ day: 1, date: "2024-11-14" }]);
    expect(spansDays(model)).toBe(false);
    expect(model.votes.every((v) => v.day === 1)).toBe(true);
    expect(buildReport(budapestReportInput({ steps: undefined })).days).toEqual([{ day: 1, date: "2024-11-14" }]);
  });
});
