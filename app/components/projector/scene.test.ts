import { describe, expect, it } from "vitest";
import { emptyState } from "../../../tests/fixtures/workshop-state";
import type { AgendaStep } from "../../domain/agenda";
import { emptyHelixCounts } from "../../domain/helix";
import type { StepKind } from "../../domain/step-kinds";
import { defaultVoteSettings } from "../../domain/voting";
import type { WorkshopState } from "../../domain/workshop-state";
import { sceneOf } from "./scene";

const step = (kind: StepKind, settings: AgendaStep["settings"] = {}): AgendaStep => ({
  day: 1,
  id: kind,
  kind,
  title: null,
  settings,
  timer: null,
  electorate: null,
});
const inStep = (kind: StepKind, settings?: AgendaStep["settings"], patch: Partial<WorkshopState> = {}): WorkshopState => ({
  ...emptyState,
  steps: [step(kind, settings)],
  currentStepId: kind,
  ...patch,
});
const tallies = (hidden: boolean) => ({
  stepId: "vote_challenges",
  items: {},
  electorate: emptyHelixCounts(),
  turnout: emptyHelixCounts(),
  hidden,
  upTo: 0,
});

describe("the projector's scene", () => {
  it("follows the step the room is in", () => {
    expect(sceneOf(emptyState)).toBe("lobby");
    expect(sceneOf(inStep("lobby"))).toBe("lobby");
    expect(sceneOf(inStep("collect_challenges"))).toBe("challenges");
    expect(sceneOf(inStep("collect_solutions"))).toBe("solutions");
    expect(sceneOf(inStep("recommendations"))).toBe("recommendations");
    expect(sceneOf(inStep("discussion"))).toBe("focus");
    expect(sceneOf(inStep("closed"))).toBe("closing");
  });

  it("shows the closing summary once the workshop is closed, whatever step it stopped in", () => {
    expect(sceneOf(inStep("collect_challenges", {}, { workshop: { ...emptyState.workshop, status: "closed" } }))).toBe("closing");
  });

  it("shows who has voted while results are hidden, and the results once the room sees them", () => {
    const hidden = { vote: { ...defaultVoteSettings(), results: "hidden" as const } };
    expect(sceneOf(inStep("vote_challenges", hidden))).toBe("turnout");
    expect(sceneOf(inStep("vote_challenges", hidden, { tallies: tallies(true) }))).toBe("turnout");
    expect(sceneOf(inStep("vote_challenges", { vote: { ...hidden.vote, revealed: true } }, { tallies: tallies(false) }))).toBe(
      "results",
    );
    // Live results before the first tally arrives: the (empty) results, not "hidden".
    expect(sceneOf(inStep("vote_challenges"))).toBe("results");
  });

  it("shows a past vote's results the facilitators put back, while the room may see them; closing still wins", () => {
    const past = { ...step("vote_challenges"), id: "past" };
    const hidden = { ...step("vote_solutions", { vote: { ...defaultVoteSettings(), results: "hidden" } }), id: "hidden" };
    const room = inStep("collect_solutions", {}, { shownResultsStepId: "past" });
    expect(sceneOf({ ...room, steps: [past, ...room.steps] })).toBe("results");
    expect(sceneOf({ ...room, steps: [hidden, ...room.steps], shownResultsStepId: "hidden" })).toBe("solutions");
    expect(sceneOf({ ...room, steps: [past, ...room.steps], workshop: { ...emptyState.workshop, status: "closed" } })).toBe(
      "closing",
    );
  });
});
