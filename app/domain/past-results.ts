import { z } from "zod";
import type { AgendaStep } from "./agenda";
import type { VoteResults } from "./report";
import { roomSeesResults } from "./selectors";
import { ballotKind } from "./step-kinds";
import { voteSettingsOf } from "./voting";
import type { TallyState } from "./workshop-state";

/**
 * Showing a past vote's results again: the facilitators may put the results of a vote step the
 * room has already held back on the projector — only if the room was allowed to see them (live,
 * or revealed). A vote whose results stayed hidden is looked at on the facilitator's page only.
 */

type VoteStepLike = Pick<AgendaStep, "id" | "kind" | "settings">;

/** Why a step's results may not go on the projector again (a key under `errors.reason.`), or null. */
export type PastResultsRefusal = "pastResultsNotVote" | "pastResultsNotHeld" | "pastResultsCurrent" | "pastResultsHidden";

/**
 * `held`: the vote took place (the database's `voteStepHeld`: the room opened it, or it holds
 * votes). The current step's results are the projector's anyway: it is not a past vote.
 */
export function pastResultsRefusal(
  step: VoteStepLike | null | undefined,
  held: boolean,
  currentStepId: string | null,
): PastResultsRefusal | null {
  if (!step || !ballotKind(step.kind)) return "pastResultsNotVote";
  if (step.id === currentStepId) return "pastResultsCurrent";
  if (!held) return "pastResultsNotHeld";
  if (!roomSeesResults(voteSettingsOf(step))) return "pastResultsHidden";
  return null;
}

export const canShowPastResults = (step: VoteStepLike | null | undefined, held: boolean, currentStepId: string | null): boolean =>
  pastResultsRefusal(step, held, currentStepId) === null;

/**
 * The past vote step the projector shows now: the one the facilitators chose, while the rule still
 * allows it (results hidden again, or the room back in that step: the projector follows the room).
 * `held` is the server's word: it only stores a step it found held.
 */
export function shownPastStep<S extends VoteStepLike>(state: {
  steps: readonly S[];
  currentStepId: string | null;
  shownResultsStepId: string | null;
}): S | null {
  if (!state.shownResultsStepId) return null;
  const step = state.steps.find((s) => s.id === state.shownResultsStepId);
  return step && canShowPastResults(step, true, state.currentStepId) ? step : null;
}

/** `vote:showResults`: a past vote step's id, or null to go back to the current step. */
export const showResultsSchema = z.object({ stepId: z.string().min(1).max(64).nullable() });

/** A held vote's results (as the server reads them) in the shape the results screens draw. */
export const talliesOfResults = (results: VoteResults): TallyState => ({
  stepId: results.stepId,
  items: results.items,
  electorate: results.electorate,
  turnout: results.turnout,
  hidden: false,
  upTo: 0,
});
