/**
 * The kinds of agenda step and what each kind is for: a leaf of the domain that agenda, voting,
 * contributions and the selectors import (it imports nothing), so no two of them import each other.
 */
export const STEP_KINDS = [
  "lobby",
  "collect_challenges",
  "vote_challenges",
  "collect_solutions",
  "vote_solutions",
  "discussion",
  "recommendations",
  "closed",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export type ContributionKind = "challenge" | "solution";

/** What participants may submit in a step of this kind (null: nothing). */
export function acceptedContribution(kind: StepKind | null | undefined): ContributionKind | null {
  if (kind === "collect_challenges") return "challenge";
  if (kind === "collect_solutions") return "solution";
  return null;
}

/** Whether participants may submit a contribution of this kind in a step of this kind. */
export const stepAccepts = (kind: StepKind | null | undefined, contribution: ContributionKind): boolean =>
  acceptedContribution(kind) === contribution;

/** What a vote step votes on (null: the step is not a vote). */
export function ballotKind(kind: StepKind | null | undefined): ContributionKind | null {
  if (kind === "vote_challenges") return "challenge";
  if (kind === "vote_solutions") return "solution";
  return null;
}

export const isVoteStep = (kind: StepKind | null | undefined): boolean => ballotKind(kind) !== null;
