import { stringify } from "csv-stringify/sync";
import { HELICES } from "../domain/helix";
import type { RankedEntry, ReportModel } from "../domain/report";
import { LABEL_NAME, ownerLabel, PRIORITY_NAME, score } from "./labels";

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is made
 * inert with a leading apostrophe, shown as typed.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The data behind the report: one row per ranked contribution (raw score, points and per-person
 * support of each helix, the metrics), participation by helix, then the action plan (owner,
 * deadline, priority, endorsements by helix). Never individual votes or endorsements.
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
  ];
  const blank = (n: number) => Array<string>(n).fill("");
  /** Columns of the action plan, empty on the other rows. */
  const planColumns = 4 + HELICES.length;
  const row = (kind: "challenge" | "solution", item: RankedEntry, challenge: string) => [
    "contribution",
    kind,
    String(item.rank),
    item.title,
    challenge,
    String(item.metrics.raw),
    ...HELICES.map((h) => String(item.metrics.points[h])),
    ...HELICES.map((h) => (item.metrics.support[h] === null ? "absent" : score(item.metrics.support[h] as number))),
    score(item.metrics.balanced),
    String(item.metrics.breadth),
    LABEL_NAME[item.metrics.label],
    ...blank(planColumns),
  ];
  const rows: string[][] = [
    ...model.challenges.items.map((i) => row("challenge", i, "")),
    ...model.solutions.byChallenge.flatMap((g) => g.items.map((i) => row("solution", i, g.challenge))),
    ...HELICES.map((h) => ["participation", h, "", "", "", String(model.participation.byHelix[h]), ...blank(header.length - 6)]),
    ...model.recommendations.map((r, i) => [
      "recommendation",
      "",
      String(i + 1),
      r.title,
      "",
      ...blank(header.length - 5 - planColumns),
      ownerLabel(r.owner),
      r.deadline ?? "",
      PRIORITY_NAME[r.priority],
      ...HELICES.map((h) => String(r.endorsements.byHelix[h])),
      String(r.endorsements.total),
    ]),
  ];
  return stringify([header, ...rows.map((r) => r.map(neutralizeCell))]);
}
