import { currentStep, currentVote, roomSeesResults } from "../../domain/selectors";
import type { WorkshopState } from "../../domain/workshop-state";

/** What the stage shows: one layout per kind of moment in the day. */
export type Scene = "lobby" | "challenges" | "solutions" | "turnout" | "results" | "recommendations" | "closing" | "focus";

/**
 * The scene for the room's live state. A closed workshop (or its closing step) shows the summary
 * whatever step it stopped in; a vote shows its results once the room may see them and the
 * tallies say so, and who has voted until then.
 */
export function sceneOf(state: WorkshopState): Scene {
  const step = currentStep(state);
  if (state.workshop.status === "closed" || step?.kind === "closed") return "closing";
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
