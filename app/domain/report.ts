import type { ContributionView } from "./contributions";
import { countByHelix, countByRole, electorateOf, type Helix, type HelixCounts, type Role } from "./helix";
import { type HelixPoints, type ItemMetrics, rankItems, roomBalance } from "./helix-metrics";
import type { NoteView } from "./notes";
import { parseNoteSubject } from "./notes";
import {
  actionPlanOrder,
  endorsementTotal,
  type Priority,
  type RecommendationOwner,
  type RecommendationView,
} from "./recommendations";
import type { WorkshopStatus } from "./schemas";
import type { StepKind } from "./step-kinds";

/**
 * The peer-review report as data: one model, built here from what the database holds, with no
 * sentence in it; app/report/ writes it out in a language (document.ts) and in each format. Its shape is versioned for the JSON export.
 */
export const REPORT_SCHEMA_VERSION = 5;
/**
 * What changed in the JSON export, newest first:
 * - 5: `days` (the days of the agenda, each with its date when the workshop's dates are known),
 *   `votes[].day` and `notes.steps[].day` (the day of the agenda the step belongs to).
 * - 4: `notes` (the facilitators' rapporteur notes on agenda steps and on challenges) and
 *   `annex.contributions[].revisions` (every earlier wording of an edited item, who replaced it, when).
 * - 3: `language` (the report's language) and `labels` (the words for each code in it);
 *   `title.theme` (the host's context); `agreement.divergent[].label` tells divergent items from
 *   single-helix ones; `annex.method` is written in the report's language.
 * - 2: `summary.votesCast` (a sum of points) is `summary.pointsGiven`; `votes` lists every vote
 *   step with its own electorate and turnout; `challenges` / `solutions` name the vote they rank by
 *   (`voteStepId`) and carry its `electorate` and `turnout`; `participation.absentHelices` is judged
 *   against the helices the workshop invited and `participation.dominantHelix` among those who
 *   could vote (observers left out), as on the live screens.
 * - 1: first published shape.
 */
export const REPORT_SCHEMA_CHANGES = [
  "5: days (the agenda's days and their dates); votes[].day and notes.steps[].day",
  "4: notes (rapporteur notes on steps and challenges); annex.contributions[].revisions (earlier wordings of edited items)",
  "3: language and labels (the words for each code in the report's language); title.theme; agreement.divergent[].label; the method in the report's language",
  "2: votesCast → pointsGiven; every vote step with its electorate and turnout",
] as const;

/** One vote step's totals, as the database holds them. */
export type VoteResults = {
  stepId: string;
  stepTitle: string | null;
  kind: "challenge" | "solution";
  items: Record<string, HelixPoints>;
  /** Who could vote, per helix: stored with the step when the room moved on, the room so far before. */
  electorate: HelixCounts;
  /** Who voted, per helix. */
  turnout: HelixCounts;
  threshold: number;
  /** For a solution vote: the challenges whose solutions were on the ballot (null: all). */
  challengeIds: string[] | null;
};

export type ReportInput = {
  workshop: {
    id: string;
    title: string;
    hostOrganisation: string;
    venue: string | null;
    /** The context the host wrote (markdown), if any. */
    theme?: string | null;
    startsOn: string | null;
    endsOn: string | null;
    status: WorkshopStatus;
  };
  /** The helices the workshop invited: an absent helix is one of these with nobody. */
  invitedHelices: readonly Helix[];
  facilitators: string[];
  participants: { helix: Helix; role: Role }[];
  contributions: ContributionView[];
  pointsGiven: number;
  /** Every vote step that was opened, in agenda order. */
  votes: VoteResults[];
  recommendations: RecommendationView[];
  generatedAt: number;
  /** The agenda, in order: names the steps notes are about. */
  steps?: { id: string; kind: StepKind; title: string | null; day?: number }[];
  /** The facilitators' rapporteur notes. */
  notes?: NoteView[];
  /** Earlier wordings of edited contributions, oldest first. */
  revisions?: ContributionRevision[];
};

/** One earlier wording of a contribution, and who replaced it when. */
export type ContributionRevision = {
  contributionId: string;
  title: string;
  body: string | null;
  replacedBy: "participant" | "facilitator";
  /** The facilitator's name when a facilitator replaced it (null for the participant, or one no longer known). */
  facilitator: string | null;
  replacedAt: number;
};

/** A rapporteur note as the report prints it: the text as typed, who saved it last, when. */
export type ReportNote = { body: string; by: string | null; at: string };

export type ReportRevision = Omit<ContributionRevision, "contributionId" | "replacedAt"> & { replacedAt: string };

export type RankedEntry = {
  id: string;
  rank: number;
  title: string;
  body: string | null;
  origin: ContributionView["origin"];
  helix: Helix | null;
  metrics: ItemMetrics;
};

/** One vote step of the day: its own electorate, turnout and ranking (items that received points). */
export type ReportVote = {
  stepId: string;
  title: string | null;
  kind: "challenge" | "solution";
  /** 1 for the day's first vote, and so on. */
  number: number;
  /** The day of the agenda the vote step belongs to (1 for a one-day workshop). */
  day: number;
  threshold: number;
  electorate: HelixCounts;
  turnout: HelixCounts;
  pointsGiven: number;
  balance: { dominantHelix: Helix | null; dominantShare: number | null; absentHelices: Helix[] };
  items: (RankedEntry & { kind: "challenge" | "solution"; challengeId: string | null })[];
};

/** The vote a section ranks by, with who could vote and who did. */
type RankedBy = {
  voted: boolean;
  threshold: number | null;
  voteStepId: string | null;
  electorate: HelixCounts | null;
  turnout: HelixCounts | null;
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
    /** The context the host wrote for the day (markdown as typed), null when none. */
    theme: string | null;
    dates: { from: string | null; to: string | null };
    facilitators: string[];
  };
  summary: {
    participants: number;
    contributions: { challenges: number; solutions: number };
    pointsGiven: number;
    topChallenges: string[];
    topSolutions: string[];
  };
  participation: {
    byHelix: HelixCounts;
    byRole: Record<Role, number>;
    absentHelices: Helix[];
    dominantHelix: Helix | null;
  };
  /** Ranked by the day's last challenge vote. */
  challenges: RankedBy & { items: RankedEntry[] };
  /** Ranked by the day's last solution vote. */
  solutions: RankedBy & { byChallenge: { challengeId: string; challenge: string; items: RankedEntry[] }[] };
  /** Every vote of the day, in agenda order. */
  votes: ReportVote[];
  /** The days of the agenda, in order (one for a one-day workshop): the other formats group votes and step notes by day when there are several. */
  days: ReportDay[];
  agreement: {
    consensus: { id: string; title: string; kind: "challenge" | "solution"; supportedBy: Helix[] }[];
    /** Divergent and single-helix items; `label` tells them apart. */
    divergent: {
      id: string;
      title: string;
      kind: "challenge" | "solution";
      label: "divergent" | "single-helix";
      supportedBy: Helix[];
      notSupportedBy: Helix[];
    }[];
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
      /** Earlier wordings of this item (edited by its author or a facilitator), oldest first. */
      revisions: ReportRevision[];
    }[];
    method: string[];
  };
  /** The facilitators' rapporteur notes: on agenda steps in agenda order, and on challenges. */
  notes: {
    steps: { stepId: string; kind: StepKind; title: string | null; day: number; note: ReportNote }[];
    challenges: { challengeId: string; title: string; note: ReportNote }[];
  };
};

/** A day of the workshop's agenda and its date (YYYY-MM-DD), null when the workshop's dates are not known. */
export type ReportDay = { day: number; date: string | null };

/** The date of day `day` of a workshop that starts on `startsOn` (YYYY-MM-DD): null without a start date. */
export function dateOfDay(startsOn: string | null, day: number): string | null {
  if (!startsOn || !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) return null;
  const date = new Date(`${startsOn}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  date.setUTCDate(date.getUTCDate() + day - 1);
  return date.toISOString().slice(0, 10);
}

/** The days an agenda runs over, in order, each with its date: at least day 1. */
export function reportDays(steps: readonly { day?: number }[], startsOn: string | null): ReportDay[] {
  const days = steps.map((s) => s.day ?? 1);
  const distinct = [...new Set(days.length ? days : [1])].sort((a, b) => a - b);
  return distinct.map((day) => ({ day, date: dateOfDay(startsOn, day) }));
}

/**
 * Items of the report that belong to a day of the agenda (votes, step notes), grouped under their
 * day in the days' order; a day with none of them is left out.
 */
export function groupByDay<T extends { day: number }>(
  items: readonly T[],
  days: readonly ReportDay[],
): { day: ReportDay; items: T[] }[] {
  return days.flatMap((day) => {
    const mine = items.filter((i) => i.day === day.day);
    return mine.length ? [{ day, items: mine }] : [];
  });
}

/** Whether a report lists its votes and step notes by day: the agenda spans more than one day. */
export const spansDays = (model: Pick<ReportModel, "days">) => model.days.length > 1;

function rank(items: ContributionView[], vote: VoteResults | null): RankedEntry[] {
  const electorate = vote?.electorate ?? { government: 0, academia: 0, business: 0, community: 0 };
  return rankItems(items, (i) => vote?.items[i.id], electorate, { threshold: vote?.threshold }).map(entry);
}

const entry = (i: ContributionView & { rank: number; metrics: ItemMetrics }): RankedEntry => ({
  id: i.id,
  rank: i.rank,
  title: i.title,
  body: i.body,
  origin: i.origin,
  helix: i.helix,
  metrics: i.metrics,
});

const voted = (vote: VoteResults | null) => Boolean(vote && Object.keys(vote.items).length > 0);

/** The last vote of a kind that received points: what the challenges and solutions sections rank by. */
function lastVoteOf(votes: readonly VoteResults[], kind: "challenge" | "solution"): VoteResults | null {
  return [...votes].reverse().find((v) => v.kind === kind && voted(v)) ?? null;
}

const rankedBy = (vote: VoteResults | null): RankedBy => ({
  voted: voted(vote),
  threshold: vote?.threshold ?? null,
  voteStepId: vote?.stepId ?? null,
  electorate: vote?.electorate ?? null,
  turnout: vote?.turnout ?? null,
});

/** One vote step's own ranking: the items that received points in it, best first. */
function reportVote(
  vote: VoteResults,
  number: number,
  day: number,
  byId: ReadonlyMap<string, ContributionView>,
  invited: readonly Helix[],
): ReportVote {
  const items = Object.keys(vote.items).flatMap((id) => {
    const item = byId.get(id);
    return item && item.status === "visible" && item.kind === vote.kind ? [item] : [];
  });
  const ranked = rankItems(items, (i) => vote.items[i.id], vote.electorate, { threshold: vote.threshold });
  const balance = roomBalance(vote.electorate, invited);
  return {
    stepId: vote.stepId,
    title: vote.stepTitle,
    kind: vote.kind,
    number,
    day,
    threshold: vote.threshold,
    electorate: vote.electorate,
    turnout: vote.turnout,
    pointsGiven: ranked.reduce((sum, i) => sum + i.metrics.raw, 0),
    balance: { dominantHelix: balance.dominant, dominantShare: balance.dominantShare, absentHelices: balance.absent },
    items: ranked.map((i) => ({ ...entry(i), kind: i.kind, challengeId: i.kind === "solution" ? i.parentId : null })),
  };
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
  const contributionsById = new Map(input.contributions.map((c) => [c.id, c]));
  const solutionsByChallenge = new Map<string, ContributionView[]>();
  for (const s of solutions) {
    const list = solutionsByChallenge.get(s.parentId ?? "") ?? [];
    list.push(s);
    solutionsByChallenge.set(s.parentId ?? "", list);
  }
  const challengeVote = lastVoteOf(input.votes, "challenge");
  const solutionVote = lastVoteOf(input.votes, "solution");
  const rankedChallenges = rank(challenges, challengeVote);
  const solutionGroups = rankedChallenges.map((challenge) => ({
    challengeId: challenge.id,
    challenge: challenge.title,
    items: rank(solutionsByChallenge.get(challenge.id) ?? [], solutionVote),
  }));
  const byHelix = countByHelix(input.participants);
  // The same input as on the live screens: those who could vote, judged against the invited helices.
  const balance = roomBalance(electorateOf(input.participants), input.invitedHelices);
  const labelled = [
    ...(voted(challengeVote) ? rankedChallenges.map((i) => ({ ...i, kind: "challenge" as const })) : []),
    ...(voted(solutionVote) ? solutionGroups.flatMap((g) => g.items.map((i) => ({ ...i, kind: "solution" as const }))) : []),
  ];
  const mergedInto = (id: string) => mergedBySurvivor.get(id) ?? [];
  const revisionsOf = new Map<string, ReportRevision[]>();
  for (const { contributionId, replacedAt, ...r } of input.revisions ?? []) {
    const list = revisionsOf.get(contributionId) ?? [];
    list.push({ ...r, replacedAt: new Date(replacedAt).toISOString() });
    revisionsOf.set(contributionId, list);
  }
  const notes = reportNotes(input, contributionsById);
  const dayOf = new Map((input.steps ?? []).map((step) => [step.id, step.day ?? 1]));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: new Date(input.generatedAt).toISOString(),
    interim: input.workshop.status !== "closed",
    title: {
      workshop: input.workshop.title,
      host: input.workshop.hostOrganisation,
      venue: input.workshop.venue,
      theme: input.workshop.theme?.trim() ? input.workshop.theme : null,
      dates: { from: input.workshop.startsOn, to: input.workshop.endsOn },
      facilitators: input.facilitators,
    },
    summary: {
      participants: input.participants.length,
      contributions: { challenges: challenges.length, solutions: solutions.length },
      pointsGiven: input.pointsGiven,
      topChallenges: voted(challengeVote) ? rankedChallenges.slice(0, 3).map((i) => i.title) : [],
      topSolutions: voted(solutionVote)
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
      absentHelices: balance.absent,
      dominantHelix: balance.dominant,
    },
    challenges: { ...rankedBy(challengeVote), items: rankedChallenges },
    solutions: { ...rankedBy(solutionVote), byChallenge: solutionGroups },
    votes: input.votes.map((vote, index) =>
      reportVote(vote, index + 1, dayOf.get(vote.stepId) ?? 1, contributionsById, input.invitedHelices),
    ),
    days: reportDays(input.steps ?? [], input.workshop.startsOn),
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
          label: i.metrics.label as "divergent" | "single-helix",
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
        revisions: revisionsOf.get(c.id) ?? [],
      })),
      // Sentences, so written in the report's language by app/report (the JSON export fills them in).
      method: [],
    },
    notes,
  };
}

/**
 * Notes with text, each under what it is about: steps in agenda order, visible challenges in the
 * wall's order (every visible challenge has its heading in the solutions section).
 */
function reportNotes(input: ReportInput, contributionsById: ReadonlyMap<string, ContributionView>): ReportModel["notes"] {
  const written = new Map<string, NoteView>();
  for (const n of input.notes ?? []) if (n.body.trim()) written.set(n.subject, n);
  const note = (n: NoteView): ReportNote => ({ body: n.body, by: n.updatedBy, at: new Date(n.updatedAt).toISOString() });
  const steps = (input.steps ?? []).flatMap((step) => {
    const n = written.get(`step:${step.id}`);
    return n ? [{ stepId: step.id, kind: step.kind, title: step.title, day: step.day ?? 1, note: note(n) }] : [];
  });
  const challenges = [...written.values()].flatMap((n) => {
    const subject = parseNoteSubject(n.subject);
    const challenge = subject?.kind === "challenge" ? contributionsById.get(subject.id) : undefined;
    // A hidden or merged challenge is not in the report, nor is its note.
    return challenge?.status === "visible" ? [{ challengeId: challenge.id, title: challenge.title, note: note(n) }] : [];
  });
  const order = new Map(input.contributions.map((c, i) => [c.id, i]));
  challenges.sort((a, b) => (order.get(a.challengeId) ?? 0) - (order.get(b.challengeId) ?? 0));
  return { steps, challenges };
}
