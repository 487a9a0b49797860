import { loadAgenda, roomNow } from "../../db/queries/agenda.server";
import { loadContributions } from "../../db/queries/contributions.server";
import { talliesOf, turnoutOnly, voteResultsOf, voteStepHeld } from "../../db/queries/votes.server";
import type { AgendaStep } from "../../domain/agenda";
import { type ClosingRanked, rankItems } from "../../domain/helix-metrics";
import type { VoteResults } from "../../domain/report";
import { roomSeesResults } from "../../domain/selectors";
import { ballotKind } from "../../domain/step-kinds";
import type { Ballot } from "../../domain/sync";
import { ballotItems, remainingPoints, voteSettingsOf } from "../../domain/voting";
import type { Audience, TallyState } from "../../domain/workshop-state";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps.server";

/**
 * What the screens and the report read of the votes: the current step's totals (with its
 * electorate and turnout) for each audience, a participant's own ballot, every vote held so far,
 * and the last vote's ranking.
 */
export function createVoteResults(
  { db }: Pick<ServiceDeps, "db">,
  allocationsOf: (stepId: string, participantId: string) => Map<string, number>,
) {
  const currentVoteStep = (workshopId: string): AgendaStep | null => {
    const { step } = roomNow(db, workshopId);
    return step && ballotKind(step.kind) ? step : null;
  };

  /** The vote steps held so far, in agenda order, with their results. */
  function votesHeld(workshopId: string): VoteResults[] {
    const { workshop } = roomNow(db, workshopId);
    return loadAgenda(db, workshopId)
      .filter((step) => voteStepHeld(db, step, workshop?.currentStepId ?? null))
      .map((step) => voteResultsOf(db, workshopId, step));
  }

  /**
   * The visible items of a kind ranked by the last vote of that kind that received points, best
   * first (ties broken as every ranking breaks them); submission order before any vote.
   */
  function lastVoteRanking(workshopId: string, kind: "challenge" | "solution") {
    const vote = votesHeld(workshopId)
      .reverse()
      .find((v) => v.kind === kind && Object.keys(v.items).length > 0);
    const items = ballotItems(loadContributions(db, workshopId), kind, { challengeIds: null });
    if (!vote) return items.map((i) => ({ id: i.id, balanced: 0 }));
    return rankItems(items, (i) => vote.items[i.id], vote.electorate, { threshold: vote.threshold }).map((i) => ({
      id: i.id,
      balanced: i.metrics.balanced,
    }));
  }

  /**
   * The room's final word on each kind, for the closing summary: the last vote of that kind whose
   * results the room saw (live, or revealed) and that received points, best first — the items
   * with points only, as that vote ranked them. A vote whose results stayed hidden is not shown.
   */
  function closingRanking(workshopId: string, kind: "challenge" | "solution"): ClosingRanked[] {
    const { workshop } = roomNow(db, workshopId);
    const steps = loadAgenda(db, workshopId).filter(
      (step) =>
        ballotKind(step.kind) === kind &&
        roomSeesResults(voteSettingsOf(step)) &&
        voteStepHeld(db, step, workshop?.currentStepId ?? null),
    );
    const contributions = loadContributions(db, workshopId);
    for (const step of steps.reverse()) {
      const vote = voteResultsOf(db, workshopId, step);
      if (Object.keys(vote.items).length === 0) continue;
      const items = ballotItems(contributions, kind, { challengeIds: vote.challengeIds });
      return rankItems(items, (i) => vote.items[i.id], vote.electorate, { threshold: vote.threshold })
        .filter((i) => i.metrics.raw > 0)
        .map((i) => ({ id: i.id, rank: i.rank, balanced: i.metrics.balanced, raw: i.metrics.raw, label: i.metrics.label }));
    }
    return [];
  }

  return {
    votesHeld,
    lastVoteRanking,
    closingRanking,

    /** Balanced scores of the last vote of a kind (the facilitator offers solutions best first by them). */
    lastVoteScores: (workshopId: string, kind: "challenge" | "solution") =>
      new Map(lastVoteRanking(workshopId, kind).map((i) => [i.id, i.balanced])),

    /** A participant's own points in the current vote step, and what is left of the budget. */
    myBallot(actor: Actor, workshopId: string): Ballot | null {
      if (actor.kind !== "participant") return null;
      const step = currentVoteStep(workshopId);
      if (!step) return null;
      const current = allocationsOf(step.id, actor.participantId);
      return {
        stepId: step.id,
        points: Object.fromEntries(current),
        remaining: remainingPoints(current.values(), voteSettingsOf(step).budget),
      };
    },

    tallies(workshopId: string, stepId: string): TallyState | null {
      const step = loadAgenda(db, workshopId).find((s) => s.id === stepId);
      return step ? talliesOf(db, workshopId, step) : null;
    },

    /** The current vote step's totals for the facilitators and for the room, read once (null outside vote steps). */
    currentTalliesForScreens(workshopId: string): { facilitator: TallyState; room: TallyState } | null {
      const step = currentVoteStep(workshopId);
      if (!step) return null;
      const totals = talliesOf(db, workshopId, step);
      return { facilitator: totals, room: roomSeesResults(voteSettingsOf(step)) ? totals : turnoutOnly(totals) };
    },

    /**
     * The current vote step's totals as `audience` may see them now: while results are hidden, the
     * room sees who has voted and no points.
     */
    currentTallies(workshopId: string, audience: Audience): TallyState | null {
      const step = currentVoteStep(workshopId);
      if (!step) return null;
      const totals = talliesOf(db, workshopId, step);
      return audience === "room" && !roomSeesResults(voteSettingsOf(step)) ? turnoutOnly(totals) : totals;
    },
  };
}
