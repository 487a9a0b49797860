import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import {
  actionPlanOrder,
  canEndorse,
  endorsementsOpen,
  endorseSchema,
  isCalendarDate,
  type RecommendationView,
  saveRecommendationSchema,
} from "./recommendations";
import { fieldErrorsFrom } from "./result";
import { applyEndorsements, applyEvents, type WorkshopEvent } from "./workshop-state";

const valid = {
  clientId: "rec-client-0001",
  title: "Set up a standing ministry–cluster working group",
  owner: { kind: "organisation", name: "Ministry for Innovation" },
  deadline: "2025-06-30",
  priority: "high",
  linkedIds: ["s1", "s2", "s1"],
};

const rec = (id: string, position: number, priority: RecommendationView["priority"] = "medium"): RecommendationView => ({
  id,
  position,
  title: `Recommendation ${id}`,
  body: null,
  owner: { kind: "helix", helix: "government" },
  deadline: null,
  priority,
  linkedIds: [],
  endorsements: { government: 0, academia: 0, business: 0, community: 0 },
  updatedAt: 1,
});

describe("recommendation input", () => {
  it("takes a new recommendation with a client id, trims text and drops repeated links", () => {
    const parsed = saveRecommendationSchema.parse({ ...valid, title: "  Working group  ", body: "  " });
    expect(parsed).toMatchObject({ title: "Working group", body: null, deadline: "2025-06-30", linkedIds: ["s1", "s2"] });
    expect("clientId" in parsed && parsed.clientId).toBe("rec-client-0001");
  });

  it("takes an edit by recommendation id; an empty deadline means none", () => {
    const { clientId: _, ...fields } = valid;
    const parsed = saveRecommendationSchema.parse({ ...fields, recommendationId: "r1", deadline: "" });
    expect(parsed).toMatchObject({ recommendationId: "r1", deadline: null });
  });

  it("owner is a helix or a named organisation", () => {
    expect(saveRecommendationSchema.safeParse({ ...valid, owner: { kind: "helix", helix: "community" } }).success).toBe(true);
    expect(saveRecommendationSchema.safeParse({ ...valid, owner: { kind: "helix", helix: "industry" } }).success).toBe(false);
    expect(saveRecommendationSchema.safeParse({ ...valid, owner: { kind: "organisation", name: "  " } }).success).toBe(false);
  });

  it.each([
    ["a day that does not exist", { deadline: "2025-02-30" }, "deadline", "date"],
    ["words for a date", { deadline: "tomorrow" }, "deadline", "date"],
    ["an unknown priority", { priority: "urgent" }, "priority", "invalidChoice"],
    ["an empty title", { title: "   " }, "title", "required"],
    ["a title over 160 characters", { title: "x".repeat(161) }, "title", "tooLong"],
    ["eleven links", { linkedIds: Array.from({ length: 11 }, (_, i) => `s${i}`) }, "linkedIds", "tooLong"],
  ])("refuses %s with a field error", (_name, change, field, key) => {
    const parsed = saveRecommendationSchema.safeParse({ ...valid, ...change });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldErrorsFrom(parsed.error)[field]?.key).toBe(key);
  });

  it("refuses both a client id and a recommendation id, or neither", () => {
    expect(saveRecommendationSchema.safeParse({ ...valid, recommendationId: "r1" }).success).toBe(false);
    const { clientId: _, ...fields } = valid;
    expect(saveRecommendationSchema.safeParse(fields).success).toBe(false);
  });

  it("knows real calendar days", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2025-02-29")).toBe(false);
    expect(isCalendarDate("2025-6-30")).toBe(false);
  });

  it("an endorsement is a state (endorsed or not), not a toggle", () => {
    expect(endorseSchema.safeParse({ recommendationId: "r1", endorsed: true }).success).toBe(true);
    expect(endorseSchema.safeParse({ recommendationId: "r1" }).success).toBe(false);
    expect(endorseSchema.safeParse({ recommendationId: "r1", endorsed: "yes" }).success).toBe(false);
  });
});

describe("the action plan", () => {
  it("lists high priority first, then medium, then low, each in the facilitators' order", () => {
    const ordered = actionPlanOrder([rec("a", 0, "low"), rec("b", 1, "high"), rec("c", 2, "medium"), rec("d", 3, "high")]);
    expect(ordered.map((r) => r.id)).toEqual(["b", "d", "c", "a"]);
  });

  it("endorsing is open in the recommendations step of a workshop that has not ended", () => {
    expect(endorsementsOpen("recommendations", "live")).toBe(true);
    expect(endorsementsOpen("recommendations", "closed")).toBe(false);
    expect(endorsementsOpen("vote_solutions", "live")).toBe(false);
    expect(endorsementsOpen(null, "live")).toBe(false);
  });

  it("observers follow; everyone else may endorse", () => {
    expect(canEndorse("observer")).toBe(false);
    expect(canEndorse("local_stakeholder")).toBe(true);
    expect(canEndorse("international_peer")).toBe(true);
  });
});

describe("recommendations in the live state", () => {
  const saved = (seq: number, r: RecommendationView): WorkshopEvent => ({
    seq,
    at: seq,
    type: "recommendation.saved",
    payload: { recommendation: r },
  });

  it("adds, edits, reorders and removes recommendations from the event log", () => {
    let state = applyEvents(emptyState, [saved(1, rec("a", 0)), saved(2, rec("b", 1))]).state;
    expect(state.recommendations.map((r) => r.id)).toEqual(["a", "b"]);
    state = applyEvents(state, [{ seq: 3, at: 3, type: "recommendations.reordered", payload: { order: ["b", "a"] } }]).state;
    expect(state.recommendations.map((r) => [r.id, r.position])).toEqual([
      ["b", 0],
      ["a", 1],
    ]);
    state = applyEvents(state, [saved(4, { ...rec("a", 1), title: "Edited" })]).state;
    expect(state.recommendations.find((r) => r.id === "a")?.title).toBe("Edited");
    state = applyEvents(state, [{ seq: 5, at: 5, type: "recommendation.removed", payload: { id: "b" } }]).state;
    expect(state.recommendations.map((r) => r.id)).toEqual(["a"]);
  });

  it("an edit keeps the endorsement counts that arrived since (they are newer than the event)", () => {
    let state = applyEvents(emptyState, [saved(1, rec("a", 0))]).state;
    state = applyEndorsements(state, { a: { government: 2, academia: 0, business: 1, community: 0 } });
    state = applyEvents(state, [saved(2, { ...rec("a", 0), title: "Edited" })]).state;
    expect(state.recommendations[0]).toMatchObject({
      title: "Edited",
      endorsements: { government: 2, academia: 0, business: 1, community: 0 },
    });
  });

  it("a message holds the whole workshop: a recommendation it does not name is back to zero (last endorsement taken back)", () => {
    let state = applyEvents(emptyState, [saved(1, rec("a", 0)), saved(2, rec("b", 1))]).state;
    state = applyEndorsements(state, {
      a: { government: 1, academia: 0, business: 0, community: 0 },
      b: { government: 0, academia: 2, business: 0, community: 0 },
    });
    state = applyEndorsements(state, { b: { government: 0, academia: 2, business: 0, community: 0 } });
    expect(state.recommendations.map((r) => r.endorsements.government + r.endorsements.academia)).toEqual([0, 2]);
  });

  it("endorsement counts for unknown recommendations change nothing", () => {
    const state = applyEvents(emptyState, [saved(1, rec("a", 0))]).state;
    expect(applyEndorsements(state, { zzz: { government: 1, academia: 0, business: 0, community: 0 } })).toBe(state);
  });
});
