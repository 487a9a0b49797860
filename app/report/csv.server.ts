import { stringify } from "csv-stringify/sync";
import { HELICES, type HelixCounts } from "../domain/helix";
import type { RankedEntry, ReportModel, ReportVote } from "../domain/report";
import { reportLabels, voteName } from "./document";
import { type ReportLanguage, reportT } from "./i18n";

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
 * could vote, by helix, and the day of the agenda it was held on (a step's note: its step's day).
 * Never individual votes or endorsements.
 *
 * Column names and codes (kind, helix, label, priority, "absent") are the same in every language
 * (docs/report.md lists them); the `*_name` columns and `vote_title` give what a reader sees, in
 * the report's language. Numbers are written the way a spreadsheet reads them (a decimal point).
 */
export function renderCsv(model: ReportModel, language: ReportLanguage = "en"): string {
  const names = reportLabels(language);
  const score = (n: number) => String(Math.round(n * 100) / 100);
  const sectionVote = (section: "challenges" | "solutions") =>
    model[section].voteStepId === null ? undefined : model.votes.find((v) => v.stepId === model[section].voteStepId);
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
    "kind_name",
    "helix_name",
    "label_name",
    "priority_name",
    "owner_helix",
    "day",
    "vote",
    "vote_title",
    ...HELICES.map((h) => `voted_${h}`),
    ...HELICES.map((h) => `could_vote_${h}`),
    "note",
  ];
  const blank = (n: number) => Array<string>(n).fill("");
  /** Columns of the action plan, empty on the other rows. */
  const planColumns = 4 + HELICES.length;
  /** The words a reader sees: kind, helix, label and priority names, and the owner's helix code. */
  const nameColumns = (kind: string, helix: string, label: string, priority: string, ownerHelix = "") => [
    kind,
    helix,
    label,
    priority,
    ownerHelix,
  ];
  /** The vote's day of the agenda, its number and name, its turnout and electorate. */
  const voteColumns = 3 + 2 * HELICES.length;
  /** Columns of the metrics, from "raw" to "label". */
  const metricColumns = 1 + 2 * HELICES.length + 3;
  const counts = (c: HelixCounts | null) => HELICES.map((h) => (c ? String(c[h]) : ""));
  const voteCells = (vote: ReportVote | undefined) =>
    vote
      ? [String(vote.day), String(vote.number), voteName(vote, language), ...counts(vote.turnout), ...counts(vote.electorate)]
      : blank(voteColumns);
  const metrics = (item: RankedEntry) => [
    String(item.metrics.raw),
    ...HELICES.map((h) => String(item.metrics.points[h])),
    ...HELICES.map((h) => (item.metrics.support[h] === null ? "absent" : score(item.metrics.support[h] as number))),
    score(item.metrics.balanced),
    String(item.metrics.breadth),
    item.metrics.label,
  ];
  const challengeTitles = new Map(
    model.annex.contributions.filter((c) => c.kind === "challenge").map((c) => [c.id, c.title] as const),
  );
  const challengeVote = model.challenges.voted ? sectionVote("challenges") : undefined;
  const solutionVote = model.solutions.voted ? sectionVote("solutions") : undefined;
  const row = (kind: "challenge" | "solution", item: RankedEntry, challenge: string, vote: ReportVote | undefined) => [
    "contribution",
    kind,
    String(item.rank),
    item.title,
    challenge,
    ...metrics(item),
    ...blank(planColumns),
    ...nameColumns(names.kinds[kind], "", names.supportLabels[item.metrics.label], ""),
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
          ...nameColumns(names.kinds[vote.kind], "", names.supportLabels[i.metrics.label], ""),
          ...voteCells(vote),
        ])
      : [
          [
            "vote",
            vote.kind,
            ...blank(3 + metricColumns + planColumns),
            ...nameColumns(names.kinds[vote.kind], "", "", ""),
            ...voteCells(vote),
          ],
        ];
  const rows: string[][] = [
    ...model.challenges.items.map((i) => row("challenge", i, "", challengeVote)),
    ...model.solutions.byChallenge.flatMap((g) => g.items.map((i) => row("solution", i, g.challenge, solutionVote))),
    ...model.votes.flatMap(voteRows),
    ...HELICES.map((h) => [
      "participation",
      h,
      "",
      "",
      "",
      String(model.participation.byHelix[h]),
      ...blank(metricColumns - 1 + planColumns),
      ...nameColumns("", names.helices[h], "", ""),
      ...blank(voteColumns),
    ]),
    ...model.recommendations.map((r, i) => [
      "recommendation",
      "",
      String(i + 1),
      r.title,
      "",
      ...blank(metricColumns),
      r.owner.kind === "helix" ? names.helices[r.owner.helix] : r.owner.name,
      r.deadline ?? "",
      r.priority,
      ...HELICES.map((h) => String(r.endorsements.byHelix[h])),
      String(r.endorsements.total),
      ...nameColumns("", "", "", names.priorities[r.priority], r.owner.kind === "helix" ? r.owner.helix : ""),
      ...blank(voteColumns),
    ]),
  ];
  // The rapporteur's notes, one row each: what they are about in `kind` and `title`, the text in `note`.
  const width = header.length - 1;
  const noteRow = (kind: string, title: string, body: string, kindName: string, day?: number) => {
    const cells = ["note", kind, "", title, ...blank(width - 4)];
    cells[header.indexOf("kind_name")] = kindName;
    if (day !== undefined) cells[header.indexOf("day")] = String(day);
    // Each line made inert, not only the cell's first: a viewer may split a cell at its line breaks.
    return [...cells, body.split("\n").map(neutralizeCell).join("\n")];
  };
  const stepName = (n: ReportModel["notes"]["steps"][number]) => {
    const vote = model.votes.find((v) => v.stepId === n.stepId);
    return vote ? voteName(vote, language) : (n.title ?? reportT(language)(`notes.kind.${n.kind}`));
  };
  const noteRows = [
    ...model.notes.steps.map((n) => noteRow("step", stepName(n), n.note.body, "", n.day)),
    ...model.notes.challenges.map((n) => noteRow("challenge", n.title, n.note.body, names.kinds.challenge)),
  ];
  return stringify([header, ...[...rows.map((r) => [...r, ""]), ...noteRows].map((r) => r.map(neutralizeCell))]);
}
