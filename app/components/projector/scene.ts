import { shownPastStep } from "../../domain/past-results";
import { currentStep, currentVote, roomSeesResults } from "../../domain/selectors";
import type { WorkshopState } from "../../domain/workshop-state";

/** What the stage shows: one layout per kind of moment in the day. */
export type Scene = "lobby" | "challenges" | "solutions" | "turnout" | "results" | "recommendations" | "closing" | "focus";

/**
 * The scene for the room's live state. A closed workshop (or its closing step) shows the summary
 * whatever step it stopped in; a vote shows its results once the room may see them and the
 * tallies say so, and who has voted until then. A past vote's results the facilitators show again
 * take the results scene whatever the step.
 */
export function sceneOf(state: WorkshopState): Scene {
  const step = currentStep(state);
  if (state.workshop.status === "closed" || step?.kind === "closed") return "closing";
  if (shownPastStep(state)) return "results";
  if (!step || step.kind === "lobby") return "lobby";
  if (step.kind === "recommendations") return "recommendations";
  const vote = currentVote(state);
  if (vote) {
    const shown = vote.tallies ? !vote.tallies.hidden : roomSeesResults(vote.settings);
    return shown ? "results" : "turnout";
  }
  if (step.kind === "collect_challenges") return "challenges";
  if (step.kind === "collect_solutions") return "solutions";
  return "focus";
}
