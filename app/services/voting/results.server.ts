import { loadAgenda, roomNow } from "../../db/queries/agenda.server";
import { loadContributions } from "../../db/queries/contributions.server";
import { talliesOf, turnoutOnly, voteResultsOf, voteStepHeld } from "../../db/queries/votes.server";
import type { AgendaStep } from "../../domain/agenda";
import { type ClosingRanked, rankItems, withPoints } from "../../domain/helix-metrics";
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
  allocationsOf: (stepId: string, participantId: string) => Promise<Map<string, number>>,
) {
  const currentVoteStep = async (workshopId: string): Promise<AgendaStep | null> => {
    const { step } = await roomNow(db, workshopId);
    return step && ballotKind(step.kind) ? step : null;
  };

  /** The vote steps held so far, in agenda order, with their results. */
  async function votesHeld(workshopId: string): Promise<VoteResults[]> {
    const { workshop } = await roomNow(db, workshopId);
    const held: VoteResults[] = [];
    for (const step of await loadAgenda(db, workshopId))
      if (await voteStepHeld(db, step, workshop?.currentStepId ?? null)) held.push(await voteResultsOf(db, workshopId, step));
    return held;
  }

  /**
   * The visible items of a kind ranked by the last vote of that kind that received points, best
   * first (ties broken as every ranking breaks them); submission order before any vote.
   */
  async function lastVoteRanking(workshopId: string, kind: "challenge" | "solution") {
    const vote = (await votesHeld(workshopId)).reverse().find((v) => v.kind === kind && Object.keys(v.items).length > 0);
    const items = ballotItems(await loadContributions(db, workshopId), kind, { challengeIds: null });
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
  async function closingRanking(workshopId: string, kind: "challenge" | "solution"): Promise<ClosingRanked[]> {
    const { workshop } = await roomNow(db, workshopId);
    const steps = (await loadAgenda(db, workshopId)).filter(
      (step) => ballotKind(step.kind) === kind && roomSeesResults(voteSettingsOf(step)),
    );
    const contributions = await loadContributions(db, workshopId);
    for (const step of steps.reverse()) {
      if (!(await voteStepHeld(db, step, workshop?.currentStepId ?? null))) continue;
      const vote = await voteResultsOf(db, workshopId, step);
      if (Object.keys(vote.items).length === 0) continue;
      const items = ballotItems(contributions, kind, { challengeIds: vote.challengeIds });
      return withPoints(rankItems(items, (i) => vote.items[i.id], vote.electorate, { threshold: vote.threshold })).map((i) => ({
        id: i.id,
        rank: i.rank,
        balanced: i.metrics.balanced,
        raw: i.metrics.raw,
        label: i.metrics.label,
      }));
    }
    return [];
  }

  return {
    votesHeld,
    lastVoteRanking,
    closingRanking,

    /** Balanced scores of the last vote of a kind (the facilitator offers solutions best first by them). */
    lastVoteScores: async (workshopId: string, kind: "challenge" | "solution") =>
      new Map((await lastVoteRanking(workshopId, kind)).map((i) => [i.id, i.balanced])),

    /** A participant's own points in the current vote step, and what is left of the budget. */
    async myBallot(actor: Actor, workshopId: string): Promise<Ballot | null> {
      if (actor.kind !== "participant") return null;
      const step = await currentVoteStep(workshopId);
      if (!step) return null;
      const current = await allocationsOf(step.id, actor.participantId);
      return {
        stepId: step.id,
        points: Object.fromEntries(current),
        remaining: remainingPoints(current.values(), voteSettingsOf(step).budget),
      };
    },

    async tallies(workshopId: string, stepId: string): Promise<TallyState | null> {
      const step = (await loadAgenda(db, workshopId)).find((s) => s.id === stepId);
      return step ? await talliesOf(db, workshopId, step) : null;
    },

    /** The current vote step's totals for the facilitators and for the room, read once (null outside vote steps). */
    async currentTalliesForScreens(workshopId: string): Promise<{ facilitator: TallyState; room: TallyState } | null> {
      const step = await currentVoteStep(workshopId);
      if (!step) return null;
      const totals = await talliesOf(db, workshopId, step);
      return { facilitator: totals, room: roomSeesResults(voteSettingsOf(step)) ? totals : turnoutOnly(totals) };
    },

    /**
     * The current vote step's totals as `audience` may see them now: while results are hidden, the
     * room sees who has voted and no points.
     */
    async currentTallies(workshopId: string, audience: Audience): Promise<TallyState | null> {
      const step = await currentVoteStep(workshopId);
      if (!step) return null;
      const totals = await talliesOf(db, workshopId, step);
      return audience === "room" && !roomSeesResults(voteSettingsOf(step)) ? turnoutOnly(totals) : totals;
    },
  };
}
