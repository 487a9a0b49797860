import { HELICES, type Helix, type HelixCounts, type Role } from "../domain/helix";
import type { SupportLabel } from "../domain/helix-metrics";
import type { Priority, RecommendationOwner } from "../domain/recommendations";
import type { ReportModel, ReportVote } from "../domain/report";

/** The report's words (reports are written in English; the app's i18n covers the live screens). */
export const HELIX_NAME: Record<Helix, string> = {
  government: "Government",
  academia: "Academia",
  business: "Business",
  community: "Community",
};
export const ROLE_NAME: Record<Role, string> = {
  local_stakeholder: "Local stakeholders",
  international_peer: "International peers",
  observer: "Observers",
};
export const LABEL_NAME: Record<SupportLabel, string> = {
  consensus: "Consensus",
  divergent: "Divergent",
  "single-helix": "Single helix",
  none: "No support",
};

export const score = (n: number) => (Math.round(n * 100) / 100).toString();
export const helixList = (helices: readonly Helix[]) => (helices.length ? helices.map((h) => HELIX_NAME[h]).join(", ") : "none");

export const PRIORITY_NAME: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };

/** Who should act: a helix by name, or the organisation as typed (each format escapes it). */
export const ownerLabel = (owner: RecommendationOwner) => (owner.kind === "helix" ? HELIX_NAME[owner.helix] : owner.name);

/** "2024-11-14 – 2024-11-15", one date when the day is one, null when none is set. */
export function dateRange(dates: { from: string | null; to: string | null }): string | null {
  if (!dates.from) return null;
  return dates.to && dates.to !== dates.from ? `${dates.from} – ${dates.to}` : dates.from;
}

/** Endorsements by helix in house order, e.g. "Government 3, Academia 1, Business 5, Community 0". */
export const endorsementLine = (byHelix: Record<Helix, number>) =>
  HELICES.map((h) => `${HELIX_NAME[h]} ${byHelix[h]}`).join(", ");

export const KIND_NAME = { challenge: "Challenge", solution: "Solution" } as const;

/** The report's sections after its title block, in order: every format uses these headings. */
export const SECTION_TITLE = {
  summary: "Summary",
  participation: "Participation",
  challenges: "Challenges",
  solutions: "Solutions",
  votes: "Votes",
  agreement: "Where the helices agree and where they diverge",
  recommendations: "Recommendations and action plan",
  annex: "Annex",
} as const;
export const SECTION_TITLES: readonly string[] = Object.values(SECTION_TITLE);

// ── Sentences every format prints the same way ────────────────────────────────────────────────────
// Plain text: a vote's title is typed by a facilitator, so each format escapes the whole sentence.

const total = (counts: HelixCounts) => HELICES.reduce((sum, h) => sum + counts[h], 0);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The summary's first sentence. */
export const summarySentence = ({ summary }: Pick<ReportModel, "summary">) =>
  `${summary.participants} participants contributed ${summary.contributions.challenges} challenges and ${summary.contributions.solutions} solutions and gave ${summary.pointsGiven} points in the votes.`;

/** The room-wide note when one helix was more than half of those who could vote. */
export const dominantRoomSentence = (helix: Helix) =>
  `${HELIX_NAME[helix]} was more than half of those who could vote; the balanced score weighs every helix the same.`;

export const VOTE_KIND_NAME = { challenge: "Vote on challenges", solution: "Vote on solutions" } as const;

/** "Vote 2 — Run-off"; a step without a title of its own is named by what it ranked: "Vote 3 — solutions". */
export const voteTitle = (vote: Pick<ReportVote, "number" | "title" | "kind">) =>
  `Vote ${vote.number} — ${vote.title?.trim() || (vote.kind === "challenge" ? "challenges" : "solutions")}`;

/** "Turnout: Government 3 of 3, Academia 2 of 2, Business 6 of 7, Community 0 of 0 (11 of 12 in all)": voted of could vote. */
export const turnoutLine = (turnout: HelixCounts, electorate: HelixCounts) =>
  `Turnout: ${HELICES.map((h) => `${HELIX_NAME[h]} ${turnout[h]} of ${electorate[h]}`).join(", ")} (${total(turnout)} of ${total(electorate)} in all)`;

/** "Vote on challenges: 29 points given; support threshold 0.25 points per person." */
export const voteFactsLine = (vote: Pick<ReportVote, "kind" | "pointsGiven" | "threshold">) =>
  `${VOTE_KIND_NAME[vote.kind]}: ${plural(vote.pointsGiven, "point", "points")} given; support threshold ${score(vote.threshold)} points per person.`;

/** The warnings about who could vote in one vote, as on the live results: a dominant helix, absent helices. */
export function voteBalanceLines(balance: ReportVote["balance"]): string[] {
  const lines: string[] = [];
  if (balance.dominantHelix && balance.dominantShare !== null)
    lines.push(
      `${HELIX_NAME[balance.dominantHelix]} was ${percent(balance.dominantShare)} of those who could vote: read the raw score with care; the balanced score weighs every helix the same.`,
    );
  if (balance.absentHelices.length)
    lines.push(`No one from ${helixList(balance.absentHelices)} could vote: their view is missing.`);
  return lines;
}

export const NO_POINTS_IN_VOTE = "No points were given in this vote.";
export const NO_VOTES = "No vote has been opened yet.";
export const VOTES_INTRO =
  "Every vote of the day in agenda order: who could vote and who did, the points given, and the items that received points, ranked by balanced score.";

/** The vote a ranked section (challenges or solutions) follows, from the model's list of votes. */
export function sectionVote(model: Pick<ReportModel, "votes" | "challenges" | "solutions">, section: "challenges" | "solutions") {
  const stepId = model[section].voteStepId;
  return stepId === null ? undefined : model.votes.find((v) => v.stepId === stepId);
}

/** "Results of Vote 2 — Run-off, the last vote on challenges in which points were given." */
export const rankedBySentence = (vote: Pick<ReportVote, "number" | "title" | "kind">) =>
  `Results of ${voteTitle(vote)}, the last vote on ${vote.kind === "challenge" ? "challenges" : "solutions"} in which points were given.`;

/** Under a ranked section that was voted: which vote it follows and that vote's turnout. */
export function rankedByLines(
  model: Pick<ReportModel, "votes" | "challenges" | "solutions">,
  section: "challenges" | "solutions",
) {
  const { voted, turnout, electorate } = model[section];
  if (!voted) return [];
  const vote = sectionVote(model, section);
  return [...(vote ? [rankedBySentence(vote)] : []), ...(turnout && electorate ? [turnoutLine(turnout, electorate)] : [])];
}

/** The participation section's name for invited helices nobody could vote for (observers do not vote). */
export const ABSENT_HELICES_LABEL = "Invited helices with no one who could vote";
