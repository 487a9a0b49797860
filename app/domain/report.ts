import type { ContributionView } from "./contributions";
import { countByHelix, countByRole, HELICES, type Helix, type HelixCounts, type Role } from "./helix";
import { type HelixPoints, type ItemMetrics, rankItems, roomBalance } from "./helix-metrics";
import {
  actionPlanOrder,
  endorsementTotal,
  type Priority,
  type RecommendationOwner,
  type RecommendationView,
} from "./recommendations";
import type { WorkshopStatus } from "./schemas";

/**
 * The peer-review report as data: one model, built here from what the database holds, rendered by
 * each format in app/report/ (and nothing else). Its shape is versioned for the JSON export.
 */
export const REPORT_SCHEMA_VERSION = 1;

export type VoteResults = {
  stepTitle: string | null;
  items: Record<string, HelixPoints>;
  voters: HelixCounts;
  threshold: number;
};

export type ReportInput = {
  workshop: {
    id: string;
    title: string;
    hostOrganisation: string;
    venue: string | null;
    startsOn: string | null;
    endsOn: string | null;
    status: WorkshopStatus;
  };
  facilitators: string[];
  participants: { helix: Helix; role: Role }[];
  contributions: ContributionView[];
  votesCast: number;
  challengeVote: VoteResults | null;
  solutionVote: VoteResults | null;
  recommendations: RecommendationView[];
  generatedAt: number;
};

export type RankedEntry = {
  id: string;
  rank: number;
  title: string;
  body: string | null;
  origin: ContributionView["origin"];
  helix: Helix | null;
  metrics: ItemMetrics;
};

export type ReportRecommendation = {
  id: string;
  title: string;
  body: string | null;
  owner: RecommendationOwner;
  deadline: string | null;
  priority: Priority;
  /** What it was drafted from; a link to an item no longer visible is left out. */
  linked: { id: string; kind: "challenge" | "solution"; title: string }[];
  endorsements: { byHelix: HelixCounts; total: number };
};

export type ReportModel = {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  interim: boolean;
  title: {
    workshop: string;
    host: string;
    venue: string | null;
    dates: { from: string | null; to: string | null };
    facilitators: string[];
  };
  summary: {
    participants: number;
    contributions: { challenges: number; solutions: number };
    votesCast: number;
    topChallenges: string[];
    topSolutions: string[];
  };
  participation: {
    byHelix: HelixCounts;
    byRole: Record<Role, number>;
    absentHelices: Helix[];
    dominantHelix: Helix | null;
  };
  challenges: { voted: boolean; threshold: number | null; items: RankedEntry[] };
  solutions: {
    voted: boolean;
    threshold: number | null;
    byChallenge: { challengeId: string; challenge: string; items: RankedEntry[] }[];
  };
  agreement: {
    consensus: { id: string; title: string; kind: "challenge" | "solution"; supportedBy: Helix[] }[];
    divergent: { id: string; title: string; kind: "challenge" | "solution"; supportedBy: Helix[]; notSupportedBy: Helix[] }[];
  };
  /** The action plan: high priority first, then the facilitators' order. */
  recommendations: ReportRecommendation[];
  annex: {
    contributions: {
      id: string;
      kind: "challenge" | "solution";
      title: string;
      body: string | null;
      helix: Helix | null;
      origin: ContributionView["origin"];
      parentId: string | null;
      merged: { title: string; body: string | null; helix: Helix | null }[];
    }[];
    method: string[];
  };
};

const METHOD = [
  "Raw score: the sum of the points an item received.",
  "Per-capita support of a helix: the points its participants gave the item, divided by the number of its participants who could vote (observers do not vote). A helix with no one who could vote is absent and is left out, never counted as zero.",
  "Balanced score: the mean of the per-capita support of the helices present, so every helix weighs the same however many people it brought.",
  "Breadth: how many present helices reach the support threshold (points per person).",
  "Labels: consensus when every present helix reaches the threshold, single-helix when only one does, divergent when some do and others do not, no support when none does.",
];

function rank(items: ContributionView[], vote: VoteResults | null): RankedEntry[] {
  const voters = vote?.voters ?? { government: 0, academia: 0, business: 0, community: 0 };
  return rankItems(items, (i) => vote?.items[i.id], voters, { threshold: vote?.threshold }).map((i) => ({
    id: i.id,
    rank: i.rank,
    title: i.title,
    body: i.body,
    origin: i.origin,
    helix: i.helix,
    metrics: i.metrics,
  }));
}

export function buildReport(input: ReportInput): ReportModel {
  const visible = input.contributions.filter((c) => c.status === "visible");
  const challenges = visible.filter((c) => c.kind === "challenge");
  const solutions = visible.filter((c) => c.kind === "solution");
  // Indexes, not scans: a national event has thousands of contributions.
  const mergedBySurvivor = new Map<string, { title: string; body: string | null; helix: Helix | null }[]>();
  for (const c of input.contributions) {
    if (c.status !== "merged" || !c.mergedInto) continue;
    const list = mergedBySurvivor.get(c.mergedInto) ?? [];
    list.push({ title: c.title, body: c.body, helix: c.helix });
    mergedBySurvivor.set(c.mergedInto, list);
  }
  const visibleById = new Map(visible.map((c) => [c.id, c]));
  const solutionsByChallenge = new Map<string, ContributionView[]>();
  for (const s of solutions) {
    const list = solutionsByChallenge.get(s.parentId ?? "") ?? [];
    list.push(s);
    solutionsByChallenge.set(s.parentId ?? "", list);
  }
  const rankedChallenges = rank(challenges, input.challengeVote);
  const solutionGroups = rankedChallenges.map((challenge) => ({
    challengeId: challenge.id,
    challenge: challenge.title,
    items: rank(solutionsByChallenge.get(challenge.id) ?? [], input.solutionVote),
  }));
  const byHelix = countByHelix(input.participants);
  const voted = (vote: VoteResults | null) => Boolean(vote && Object.keys(vote.items).length > 0);
  const labelled = [
    ...(voted(input.challengeVote) ? rankedChallenges.map((i) => ({ ...i, kind: "challenge" as const })) : []),
    ...(voted(input.solutionVote)
      ? solutionGroups.flatMap((g) => g.items.map((i) => ({ ...i, kind: "solution" as const })))
      : []),
  ];
  const mergedInto = (id: string) => mergedBySurvivor.get(id) ?? [];

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: new Date(input.generatedAt).toISOString(),
    interim: input.workshop.status !== "closed",
    title: {
      workshop: input.workshop.title,
      host: input.workshop.hostOrganisation,
      venue: input.workshop.venue,
      dates: { from: input.workshop.startsOn, to: input.workshop.endsOn },
      facilitators: input.facilitators,
    },
    summary: {
      participants: input.participants.length,
      contributions: { challenges: challenges.length, solutions: solutions.length },
      votesCast: input.votesCast,
      topChallenges: voted(input.challengeVote) ? rankedChallenges.slice(0, 3).map((i) => i.title) : [],
      topSolutions: voted(input.solutionVote)
        ? solutionGroups
            .flatMap((g) => g.items)
            .sort((a, b) => b.metrics.balanced - a.metrics.balanced || b.metrics.raw - a.metrics.raw)
            .slice(0, 3)
            .map((i) => i.title)
        : [],
    },
    participation: {
      byHelix,
      byRole: countByRole(input.participants),
      absentHelices: HELICES.filter((h) => byHelix[h] === 0),
      dominantHelix: roomBalance(byHelix).dominant,
    },
    challenges: { voted: voted(input.challengeVote), threshold: input.challengeVote?.threshold ?? null, items: rankedChallenges },
    solutions: {
      voted: voted(input.solutionVote),
      threshold: input.solutionVote?.threshold ?? null,
      byChallenge: solutionGroups,
    },
    agreement: {
      consensus: labelled
        .filter((i) => i.metrics.label === "consensus")
        .map((i) => ({ id: i.id, title: i.title, kind: i.kind, supportedBy: i.metrics.supportedBy })),
      divergent: labelled
        .filter((i) => i.metrics.label === "divergent" || i.metrics.label === "single-helix")
        .map((i) => ({
          id: i.id,
          title: i.title,
          kind: i.kind,
          supportedBy: i.metrics.supportedBy,
          notSupportedBy: i.metrics.notSupportedBy,
        })),
    },
    recommendations: actionPlanOrder(input.recommendations).map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      owner: r.owner,
      deadline: r.deadline,
      priority: r.priority,
      linked: r.linkedIds.flatMap((id) => {
        const item = visibleById.get(id);
        return item ? [{ id: item.id, kind: item.kind, title: item.title }] : [];
      }),
      endorsements: { byHelix: r.endorsements, total: endorsementTotal(r.endorsements) },
    })),
    annex: {
      contributions: visible.map((c) => ({
        id: c.id,
        kind: c.kind,
        title: c.title,
        body: c.body,
        helix: c.helix,
        origin: c.origin,
        parentId: c.parentId,
        merged: mergedInto(c.id),
      })),
      method: METHOD,
    },
  };
}
