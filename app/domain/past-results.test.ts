import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import type { AgendaStep } from "./agenda";
import { canShowPastResults, pastResultsRefusal, shownPastStep, showResultsSchema } from "./past-results";
import type { StepKind } from "./step-kinds";
import { defaultVoteSettings } from "./voting";
import { applyEvents } from "./workshop-state";

const step = (id: string, kind: StepKind, vote: Partial<ReturnType<typeof defaultVoteSettings>> = {}): AgendaStep => ({
  day: 1,
  id,
  kind,
  title: null,
  settings: { vote: { ...defaultVoteSettings(), ...vote } },
  timer: null,
  electorate: null,
});

describe("which past votes' results may go on the projector again", () => {
  const live = step("v1", "vote_challenges");
  const hidden = step("v2", "vote_solutions", { results: "hidden", revealed: false });
  const revealed = step("v3", "vote_solutions", { results: "hidden", revealed: true });

  it("a held vote whose results the room saw (live or revealed) may be shown again", () => {
    expect(pastResultsRefusal(live, true, "later")).toBeNull();
    expect(pastResultsRefusal(revealed, true, "later")).toBeNull();
    expect(canShowPastResults(live, true, null)).toBe(true);
  });

  it("a vote whose results stayed hidden may not, until it is revealed", () => {
    expect(pastResultsRefusal(hidden, true, "later")).toBe("pastResultsHidden");
    expect(canShowPastResults(hidden, true, "later")).toBe(false);
  });

  it("a vote not held yet, the current step and a step that is no vote may not", () => {
    expect(pastResultsRefusal(live, false, "later")).toBe("pastResultsNotHeld");
    expect(pastResultsRefusal(live, true, "v1")).toBe("pastResultsCurrent");
    expect(pastResultsRefusal(step("d", "discussion"), true, "later")).toBe("pastResultsNotVote");
    expect(pastResultsRefusal(null, true, "later")).toBe("pastResultsNotVote");
  });

  it("the projector shows the chosen step only while the rule still allows it", () => {
    const steps = [live, hidden, step("now", "discussion")];
    expect(shownPastStep({ steps, currentStepId: "now", shownResultsStepId: "v1" })).toBe(live);
    expect(shownPastStep({ steps, currentStepId: "now", shownResultsStepId: null })).toBeNull();
    // Hidden again, or the room went back into that vote: the projector follows the room.
    expect(shownPastStep({ steps, currentStepId: "now", shownResultsStepId: "v2" })).toBeNull();
    expect(shownPastStep({ steps, currentStepId: "v1", shownResultsStepId: "v1" })).toBeNull();
    expect(shownPastStep({ steps, currentStepId: "now", shownResultsStepId: "gone" })).toBeNull();
  });

  it("the command takes a step id or null", () => {
    expect(showResultsSchema.safeParse({ stepId: "v1" }).success).toBe(true);
    expect(showResultsSchema.safeParse({ stepId: null }).success).toBe(true);
    expect(showResultsSchema.safeParse({}).success).toBe(false);
    expect(showResultsSchema.safeParse({ stepId: "" }).success).toBe(false);
  });

  it("every screen follows the choice from the event log", () => {
    const shown = (seq: number, stepId: string | null) =>
      ({ seq, at: seq, type: "workshop.resultsShown", payload: { stepId } }) as const;
    const { state } = applyEvents(emptyState, [shown(1, "v1")]);
    expect(state.shownResultsStepId).toBe("v1");
    expect(applyEvents(state, [shown(2, null)]).state.shownResultsStepId).toBeNull();
  });
});
