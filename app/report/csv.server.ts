import { stringify } from "csv-stringify/sync";
import { HELICES, type HelixCounts } from "../domain/helix";
import type { RankedEntry, ReportModel, ReportVote } from "../domain/report";
import { LABEL_NAME, ownerLabel, PRIORITY_NAME, score, sectionVote, voteTitle } from "./labels";

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is made
 * inert with a leading apostrophe, shown as typed.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The data behind the report: one row per ranked contribution (raw score, points and per-person
 * support of each helix, the metrics), one row per item that received points in each vote (a vote
 * without points: one row with no item), participation by helix, then the action plan (owner,
 * deadline, priority, endorsements by helix). The last columns name the vote a row comes from (for
 * a ranked contribution: the vote its section follows) with that vote's turnout: who voted and who
 * could vote, by helix. Never individual votes or endorsements.
 */
export function renderCsv(model: ReportModel): string {
  const header = [
    "section",
    "kind",
    "rank",
    "title",
    "challenge",
    "raw",
    ...HELICES.map((h) => `points_${h}`),
    ...HELICES.map((h) => `per_person_${h}`),
    "balanced",
    "breadth",
    "label",
    "owner",
    "deadline",
    "priority",
    ...HELICES.map((h) => `endorsements_${h}`),
    "endorsements_total",
    "vote",
    "vote_title",
    ...HELICES.map((h) => `voted_${h}`),
    ...HELICES.map((h) => `could_vote_${h}`),
  ];
  const blank = (n: number) => Array<string>(n).fill("");
  /** Columns of the action plan, empty on the other rows. */
  const planColumns = 4 + HELICES.length;
  const voteColumns = 2 + 2 * HELICES.length;
  /** Columns of the metrics, from "raw" to "label". */
  const metricColumns = 1 + 2 * HELICES.length + 3;
  const counts = (c: HelixCounts | null) => HELICES.map((h) => (c ? String(c[h]) : ""));
  const voteCells = (vote: ReportVote | undefined) =>
    vote ? [String(vote.number), voteTitle(vote), ...counts(vote.turnout), ...counts(vote.electorate)] : blank(voteColumns);
  const metrics = (item: RankedEntry) => [
    String(item.metrics.raw),
    ...HELICES.map((h) => String(item.metrics.points[h])),
    ...HELICES.map((h) => (item.metrics.support[h] === null ? "absent" : score(item.metrics.support[h] as number))),
    score(item.metrics.balanced),
    String(item.metrics.breadth),
    LABEL_NAME[item.metrics.label],
  ];
  const challengeTitles = new Map(
    model.annex.contributions.filter((c) => c.kind === "challenge").map((c) => [c.id, c.title] as const),
  );
  const challengeVote = model.challenges.voted ? sectionVote(model, "challenges") : undefined;
  const solutionVote = model.solutions.voted ? sectionVote(model, "solutions") : undefined;
  const row = (kind: "challenge" | "solution", item: RankedEntry, challenge: string, vote: ReportVote | undefined) => [
    "contribution",
    kind,
    String(item.rank),
    item.title,
    challenge,
    ...metrics(item),
    ...blank(planColumns),
    ...voteCells(vote),
  ];
  const voteRows = (vote: ReportVote): string[][] =>
    vote.items.length
      ? vote.items.map((i) => [
          "vote",
          vote.kind,
          String(i.rank),
          i.title,
          i.challengeId === null ? "" : (challengeTitles.get(i.challengeId) ?? ""),
          ...metrics(i),
          ...blank(planColumns),
          ...voteCells(vote),
        ])
      : [["vote", vote.kind, ...blank(3 + metricColumns + planColumns), ...voteCells(vote)]];
  const rows: string[][] = [
    ...model.challenges.items.map((i) => row("challenge", i, "", challengeVote)),
    ...model.solutions.byChallenge.flatMap((g) => g.items.map((i) => row("solution", i, g.challenge, solutionVote))),
    ...model.votes.flatMap(voteRows),
    ...HELICES.map((h) => ["participation", h, "", "", "", String(model.participation.byHelix[h]), ...blank(header.length - 6)]),
    ...model.recommendations.map((r, i) => [
      "recommendation",
      "",
      String(i + 1),
      r.title,
      "",
      ...blank(metricColumns),
      ownerLabel(r.owner),
      r.deadline ?? "",
      PRIORITY_NAME[r.priority],
      ...HELICES.map((h) => String(r.endorsements.byHelix[h])),
      String(r.endorsements.total),
      ...blank(voteColumns),
    ]),
  ];
  return stringify([header, ...rows.map((r) => r.map(neutralizeCell))]);
}
