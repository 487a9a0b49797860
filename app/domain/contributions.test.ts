import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import {
  addStepSchema,
  CONTRIBUTION_LIMITS,
  type ContributionView,
  editContributionSchema,
  isActive,
  mergeContributionsSchema,
  mergeRefusal,
  planMerge,
  setOpenChallengesSchema,
  submitContributionSchema,
  timerCommandSchema,
} from "./contributions";
import { fieldErrorsFrom } from "./result";
import { workshopSettingsSchema } from "./schemas";
import {
  applyEvent,
  applyEvents,
  contributionForAudience,
  eventForAudience,
  stateForAudience,
  type WorkshopEvent,
  type WorkshopState,
} from "./workshop-state";

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrorsFrom(result.error as Parameters<typeof fieldErrorsFrom>[0]);

const clientId = "phone-0001";

describe("a participant's challenge or solution", () => {
  it("a participant submits a challenge with a title and an optional body, trimmed", () => {
    const parsed = submitContributionSchema.safeParse({
      kind: "challenge",
      clientId,
      title: "  Too few paediatric nurses  ",
      body: " Rural clinics wait months. ",
    });
    expect(parsed.success && parsed.data).toEqual({
      kind: "challenge",
      clientId,
      title: "Too few paediatric nurses",
      body: "Rural clinics wait months.",
    });
  });

  it("an empty or missing body is stored as no body", () => {
    for (const body of ["", "   ", null, undefined]) {
      const parsed = submitContributionSchema.safeParse({ kind: "challenge", clientId, title: "Staffing", body });
      expect(parsed.success && parsed.data.body).toBeNull();
    }
  });

  it("a challenge needs a title of at most 120 characters", () => {
    const max = "x".repeat(CONTRIBUTION_LIMITS.title);
    expect(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: max }).success).toBe(true);
    expect(errorsOf(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: `${max}x` }))).toEqual({
      title: { key: "tooLong", values: { max: 120 } },
    });
    expect(errorsOf(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: "" }))).toEqual({
      title: { key: "required" },
    });
    expect(errorsOf(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: "    " }))).toEqual({
      title: { key: "required" },
    });
  });

  it("a body longer than 1000 characters is refused", () => {
    const body = "y".repeat(CONTRIBUTION_LIMITS.body);
    expect(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: "Staffing", body }).success).toBe(true);
    expect(
      errorsOf(submitContributionSchema.safeParse({ kind: "challenge", clientId, title: "Staffing", body: `${body}y` })),
    ).toEqual({ body: { key: "tooLong", values: { max: 1000 } } });
  });

  it("a solution must say which challenge it answers", () => {
    expect(errorsOf(submitContributionSchema.safeParse({ kind: "solution", clientId, title: "Mobile clinics" }))).toEqual({
      challengeId: { key: "required" },
    });
    expect(
      errorsOf(submitContributionSchema.safeParse({ kind: "solution", clientId, title: "Mobile clinics", challengeId: "" })),
    ).toEqual({ challengeId: { key: "required" } });
    const ok = submitContributionSchema.safeParse({ kind: "solution", clientId, title: "Mobile clinics", challengeId: "c1" });
    expect(ok.success && ok.data).toEqual({ kind: "solution", clientId, title: "Mobile clinics", body: null, challengeId: "c1" });
  });

  it("a phone's client id must be at least 8 characters, so a retry can be recognised", () => {
    expect(errorsOf(submitContributionSchema.safeParse({ kind: "challenge", clientId: "1234567", title: "Staffing" }))).toEqual({
      clientId: { key: "tooShort", values: { min: 8 } },
    });
    expect(submitContributionSchema.safeParse({ kind: "challenge", clientId: "12345678", title: "Staffing" }).success).toBe(true);
    expect(submitContributionSchema.safeParse({ kind: "challenge", clientId: "x".repeat(65), title: "Staffing" }).success).toBe(
      false,
    );
  });

  it("something that is neither a challenge nor a solution is refused", () => {
    expect(submitContributionSchema.safeParse({ kind: "recommendation", clientId, title: "Staffing" }).success).toBe(false);
  });

  it("an edit keeps the same limits", () => {
    const ok = editContributionSchema.safeParse({ contributionId: "c1", title: " Staffing ", body: "" });
    expect(ok.success && ok.data).toEqual({ contributionId: "c1", title: "Staffing", body: null });
    expect(editContributionSchema.safeParse({ contributionId: "c1", title: "" }).success).toBe(false);
    expect(editContributionSchema.safeParse({ contributionId: "c1", title: "x".repeat(121) }).success).toBe(false);
  });
});

describe("facilitator commands", () => {
  it("a facilitator cannot merge a challenge into itself", () => {
    expect(errorsOf(mergeContributionsSchema.safeParse({ sourceId: "c1", targetId: "c1" }))).toEqual({
      targetId: { key: "mergeIntoItself" },
    });
    expect(mergeContributionsSchema.safeParse({ sourceId: "c1", targetId: "c2" }).success).toBe(true);
  });

  it("the timer knows set, start, pause, add and reset, and nothing else", () => {
    for (const command of [
      { action: "set", seconds: 300 },
      { action: "start" },
      { action: "pause" },
      { action: "add", seconds: -60 },
      { action: "reset" },
    ]) {
      expect(timerCommandSchema.safeParse({ stepId: "s1", command }).success).toBe(true);
    }
    expect(timerCommandSchema.safeParse({ stepId: "s1", command: { action: "stop" } }).success).toBe(false);
    expect(timerCommandSchema.safeParse({ stepId: "s1", command: { action: "set", seconds: -1 } }).success).toBe(false);
    expect(timerCommandSchema.safeParse({ stepId: "s1", command: { action: "set", seconds: 8 * 3600 + 1 } }).success).toBe(false);
    expect(timerCommandSchema.safeParse({ stepId: "s1", command: { action: "add", seconds: 3601 } }).success).toBe(false);
    expect(timerCommandSchema.safeParse({ stepId: "s1", command: { action: "set", seconds: 1.5 } }).success).toBe(false);
  });

  it("opening the top N challenges needs at least one", () => {
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "top", n: 0 } }).success).toBe(false);
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "top", n: 51 } }).success).toBe(false);
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "top", n: 3 } }).success).toBe(true);
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "all" } }).success).toBe(true);
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "selected", ids: ["c1", "c2"] } }).success).toBe(true);
    expect(setOpenChallengesSchema.safeParse({ stepId: "s1", open: { mode: "some" } }).success).toBe(false);
  });

  it("a new step needs a known kind; an empty title shows the kind's own name", () => {
    const ok = addStepSchema.safeParse({ kind: "discussion", title: "  " });
    expect(ok.success && ok.data).toEqual({ kind: "discussion", title: null });
    const named = addStepSchema.safeParse({ kind: "discussion", title: " Coffee talk ", afterStepId: "s2" });
    expect(named.success && named.data).toEqual({ kind: "discussion", title: "Coffee talk", afterStepId: "s2" });
    expect(errorsOf(addStepSchema.safeParse({ kind: "party" }))).toEqual({ kind: { key: "invalidChoice" } });
    expect(addStepSchema.safeParse({ kind: "discussion", title: "x".repeat(81) }).success).toBe(false);
  });
});

// ── Merging duplicates ─────────────────────────────────────────────────────────────────────────

let clock = 0;
const contribution = (id: string, overrides: Partial<ContributionView> = {}): ContributionView => ({
  id,
  kind: "challenge",
  parentId: null,
  title: `Title of ${id}`,
  body: null,
  status: "visible",
  mergedInto: null,
  origin: "participant",
  helix: "business",
  role: "local_stakeholder",
  authorName: "Anna",
  authorId: "p-anna",
  createdAt: ++clock,
  editedAt: null,
  ...overrides,
});

describe("merging duplicates", () => {
  const a = contribution("A");
  const b = contribution("B");

  it("counts visible and hidden contributions as still in play, merged and withdrawn ones not", () => {
    expect(isActive({ status: "visible" })).toBe(true);
    expect(isActive({ status: "hidden" })).toBe(true);
    expect(isActive({ status: "merged" })).toBe(false);
    expect(isActive({ status: "withdrawn" })).toBe(false);
  });

  it("a facilitator can merge two visible challenges, but not a hidden one (it would reappear to the room)", () => {
    expect(mergeRefusal(a, b)).toBeNull();
    expect(mergeRefusal({ ...a, status: "hidden" }, b)?.message).toBe("Show the hidden one again before merging.");
    expect(mergeRefusal(a, { ...b, status: "hidden" })?.message).toBe("Show the hidden one again before merging.");
    expect(
      mergeRefusal({ id: "s1", kind: "solution", status: "visible" }, { id: "s2", kind: "solution", status: "visible" }),
    ).toBeNull();
  });

  it("a facilitator cannot merge a challenge into itself", () => {
    expect(mergeRefusal(a, a)).toEqual({ key: "mergeIntoItself", message: "A contribution cannot be merged into itself." });
  });

  it("a facilitator cannot merge a solution into a challenge", () => {
    expect(mergeRefusal({ id: "s1", kind: "solution", status: "visible" }, b)?.message).toBe(
      "Only two challenges or two solutions can be merged.",
    );
    expect(mergeRefusal(a, { id: "s1", kind: "solution", status: "visible" })?.message).toBe(
      "Only two challenges or two solutions can be merged.",
    );
  });

  it("a facilitator cannot merge one that was already merged or withdrawn", () => {
    const refusal = "One of them was already merged or withdrawn.";
    expect(mergeRefusal({ ...a, status: "merged" }, b)?.message).toBe(refusal);
    expect(mergeRefusal({ ...a, status: "withdrawn" }, b)?.message).toBe(refusal);
    expect(mergeRefusal(a, { ...b, status: "merged" })?.message).toBe(refusal);
    expect(mergeRefusal(a, { ...b, status: "withdrawn" })?.message).toBe(refusal);
  });

  it("merging challenge A into B gives B A's solutions and whatever was merged into A before", () => {
    const all = [
      { id: "A", parentId: null, mergedInto: null },
      { id: "B", parentId: null, mergedInto: null },
      { id: "C", parentId: null, mergedInto: "A" },
      { id: "D", parentId: null, mergedInto: "B" },
      { id: "sA1", parentId: "A", mergedInto: null },
      { id: "sA2", parentId: "A", mergedInto: null },
      { id: "sB1", parentId: "B", mergedInto: null },
    ];
    expect(planMerge({ id: "A", kind: "challenge" }, { id: "B" }, all)).toEqual({
      reparentedSolutionIds: ["sA1", "sA2"],
      repointedMergedIds: ["C"],
      target: "B",
    });
  });

  it("merging two solutions moves no solutions, but re-points what was merged into the source", () => {
    const all = [
      { id: "s1", parentId: "A", mergedInto: null },
      { id: "s2", parentId: "A", mergedInto: null },
      { id: "s3", parentId: "A", mergedInto: "s1" },
    ];
    expect(planMerge({ id: "s1", kind: "solution" }, { id: "s2" }, all)).toEqual({
      reparentedSolutionIds: [],
      repointedMergedIds: ["s3"],
      target: "s2",
    });
  });

  it("merging a challenge without solutions or earlier merges changes only the challenge", () => {
    expect(planMerge({ id: "A", kind: "challenge" }, { id: "B" }, [])).toEqual({
      reparentedSolutionIds: [],
      repointedMergedIds: [],
      target: "B",
    });
  });
});

// ── Contributions in the live state ────────────────────────────────────────────────────────────

const settings = workshopSettingsSchema.parse({});
const named = { ...settings, anonymity: "named" as const };

const empty = emptyState;

const created = (seq: number, c: ContributionView): WorkshopEvent => ({
  seq,
  at: seq,
  type: "contribution.created",
  payload: { contribution: c },
});
const updated = (seq: number, c: ContributionView): WorkshopEvent => ({
  seq,
  at: seq,
  type: "contribution.updated",
  payload: { contribution: c },
});
const ids = (state: WorkshopState) => state.contributions.map((c) => c.id);

describe("challenges and solutions as every screen follows them", () => {
  const c1 = contribution("c1", { createdAt: 100 });
  const c2 = contribution("c2", { createdAt: 200 });
  const c3 = contribution("c3", { createdAt: 300 });

  it("keeps contributions oldest first, even when a slow phone's one arrives late", () => {
    const state = applyEvents(empty, [created(1, c1), created(2, c3), created(3, c2)]).state;
    expect(ids(state)).toEqual(["c1", "c2", "c3"]);
    expect(state.seq).toBe(3);
  });

  it("an edit replaces the contribution where it stands", () => {
    const before = applyEvents(empty, [created(1, c1), created(2, c2), created(3, c3)]).state;
    const edited = { ...c2, title: "Staffing, edited", editedAt: 400 };
    const after = applyEvent(before, updated(4, edited));
    expect(ids(after)).toEqual(["c1", "c2", "c3"]);
    expect(after.contributions[1]).toEqual(edited);
    expect(after.contributions[0]).toBe(before.contributions[0]);
  });

  it("an update for a contribution the screen did not have yet adds it in order (a restored one for the room)", () => {
    const before = applyEvents(empty, [created(1, c1), created(2, c3)]).state;
    expect(ids(applyEvent(before, updated(3, c2)))).toEqual(["c1", "c2", "c3"]);
  });

  it("a removed contribution disappears, and comes off the projector if it was pinned", () => {
    const before = {
      ...applyEvents(empty, [created(1, c1), created(2, c2)]).state,
      pinnedId: "c2",
    };
    const after = applyEvent(before, { seq: 3, at: 3, type: "contribution.removed", payload: { id: "c2" } });
    expect(ids(after)).toEqual(["c1"]);
    expect(after.pinnedId).toBeNull();
  });

  it("removing another contribution leaves the pin alone", () => {
    const before = { ...applyEvents(empty, [created(1, c1), created(2, c2)]).state, pinnedId: "c2" };
    const after = applyEvent(before, { seq: 3, at: 3, type: "contribution.removed", payload: { id: "c1" } });
    expect(ids(after)).toEqual(["c2"]);
    expect(after.pinnedId).toBe("c2");
  });

  it("merging A into B marks A merged, gives B its solutions and earlier merges, and moves the pin to B", () => {
    const a = contribution("A", { createdAt: 1 });
    const b = contribution("B", { createdAt: 2 });
    const c = contribution("C", { createdAt: 3, status: "merged", mergedInto: "A" });
    const sA = contribution("sA", { kind: "solution", parentId: "A", createdAt: 4 });
    const sB = contribution("sB", { kind: "solution", parentId: "B", createdAt: 5 });
    const before = {
      ...applyEvents(
        empty,
        [a, b, c, sA, sB].map((x, i) => created(i + 1, x)),
      ).state,
      pinnedId: "A",
    };

    const after = applyEvent(before, {
      seq: 6,
      at: 6,
      type: "contribution.merged",
      payload: { sourceId: "A", targetId: "B", reparentedSolutionIds: ["sA"], repointedMergedIds: ["C"] },
    });
    const byId = new Map(after.contributions.map((x) => [x.id, x]));
    expect(byId.get("A")).toEqual({ ...a, status: "merged", mergedInto: "B" });
    expect(byId.get("B")).toBe(before.contributions[1]);
    expect(byId.get("C")).toEqual({ ...c, mergedInto: "B" });
    expect(byId.get("sA")).toEqual({ ...sA, parentId: "B" });
    expect(byId.get("sB")).toBe(before.contributions[4]);
    expect(after.pinnedId).toBe("B");
    expect(after.seq).toBe(6);
  });

  it("merging leaves a pin on another contribution where it is", () => {
    const a = contribution("A", { createdAt: 1 });
    const b = contribution("B", { createdAt: 2 });
    const before = { ...applyEvents(empty, [created(1, a), created(2, b)]).state, pinnedId: "B" };
    const after = applyEvent(before, {
      seq: 3,
      at: 3,
      type: "contribution.merged",
      payload: { sourceId: "A", targetId: "B", reparentedSolutionIds: [], repointedMergedIds: [] },
    });
    expect(after.pinnedId).toBe("B");
  });

  it("the facilitator pins a contribution on the projector and takes it down again", () => {
    const state = applyEvents(empty, [
      created(1, c1),
      { seq: 2, at: 2, type: "display.pinned", payload: { contributionId: "c1" } },
    ]).state;
    expect(state.pinnedId).toBe("c1");
    const down = applyEvent(state, { seq: 3, at: 3, type: "display.pinned", payload: { contributionId: null } });
    expect(down.pinnedId).toBeNull();
  });
});

describe("what the room may see of challenges and solutions", () => {
  const visible = contribution("v", { createdAt: 1, authorName: "Anna", authorId: "p-anna" });
  const hidden = contribution("h", { createdAt: 2, status: "hidden" });
  const withdrawn = contribution("w", { createdAt: 3, status: "withdrawn" });
  const merged = contribution("m", { createdAt: 4, status: "merged", mergedInto: "v" });

  it("the room never sees a hidden or withdrawn contribution", () => {
    expect(contributionForAudience(hidden, "room", settings)).toBeNull();
    expect(contributionForAudience(withdrawn, "room", settings)).toBeNull();
    expect(contributionForAudience(hidden, "room", named)).toBeNull();
  });

  it("the room sees visible and merged contributions without who wrote them in an anonymous workshop", () => {
    expect(contributionForAudience(visible, "room", settings)).toEqual({ ...visible, authorId: null, authorName: null });
    expect(contributionForAudience(merged, "room", settings)).toEqual({ ...merged, authorId: null, authorName: null });
  });

  it("the room sees the author's name in a named workshop, never their id", () => {
    expect(contributionForAudience(visible, "room", named)).toEqual({ ...visible, authorId: null, authorName: "Anna" });
  });

  it("facilitators see everything a participant has not taken back, author included", () => {
    for (const c of [visible, hidden, merged]) {
      expect(contributionForAudience(c, "facilitator", settings)).toBe(c);
    }
    expect(contributionForAudience(withdrawn, "facilitator", settings)).toBeNull();
  });

  it("a contribution hidden by a moderator reaches the room as removed, under the same sequence number", () => {
    for (const event of [updated(7, hidden), created(7, hidden), updated(7, withdrawn)]) {
      const id =
        event.type === "contribution.updated" || event.type === "contribution.created" ? event.payload.contribution.id : "";
      expect(eventForAudience(event, "room", settings)).toEqual({
        seq: 7,
        at: 7,
        type: "contribution.removed",
        payload: { id },
      });
    }
  });

  it("a new contribution reaches the room without its author id, and with the name only when named", () => {
    const event = created(5, visible);
    expect(eventForAudience(event, "room", settings)).toEqual({
      ...event,
      payload: { contribution: { ...visible, authorId: null, authorName: null } },
    });
    expect(eventForAudience(event, "room", named)).toEqual({
      ...event,
      payload: { contribution: { ...visible, authorId: null, authorName: "Anna" } },
    });
  });

  it("facilitators get every event unchanged, but a withdrawn contribution leaves their screen too", () => {
    for (const event of [created(1, visible), updated(2, hidden)]) {
      expect(eventForAudience(event, "facilitator", settings)).toEqual(event);
    }
    expect(eventForAudience(updated(3, withdrawn), "facilitator", settings)).toEqual({
      seq: 3,
      at: 3,
      type: "contribution.removed",
      payload: { id: "w" },
    });
  });

  it("events that carry no contribution reach the room unchanged", () => {
    const merge: WorkshopEvent = {
      seq: 9,
      at: 9,
      type: "contribution.merged",
      payload: { sourceId: "m", targetId: "v", reparentedSolutionIds: [], repointedMergedIds: [] },
    };
    const pin: WorkshopEvent = { seq: 10, at: 10, type: "display.pinned", payload: { contributionId: "v" } };
    expect(eventForAudience(merge, "room", settings)).toBe(merge);
    expect(eventForAudience(pin, "room", settings)).toBe(pin);
  });

  it("the room's copy of the state holds no hidden or withdrawn contributions and no author ids", () => {
    const state = { ...empty, contributions: [visible, hidden, withdrawn, merged], pinnedId: "v" };
    const room = stateForAudience(state, "room");
    expect(ids(room)).toEqual(["v", "m"]);
    expect(room.contributions.every((c) => c.authorId === null && c.authorName === null)).toBe(true);
    expect(room.pinnedId).toBe("v");
    expect(stateForAudience({ ...state, workshop: { ...state.workshop, settings: named } }, "room").contributions[0]).toEqual({
      ...visible,
      authorId: null,
    });
  });

  it("the room's copy takes a hidden contribution off the projector", () => {
    const state = { ...empty, contributions: [visible, hidden], pinnedId: "h" };
    expect(stateForAudience(state, "room").pinnedId).toBeNull();
    expect(stateForAudience(state, "facilitator").pinnedId).toBe("h");
  });

  it("the facilitators' copy of the state keeps everything but withdrawn contributions", () => {
    const state = { ...empty, contributions: [visible, hidden, withdrawn, merged], pinnedId: "h" };
    const forFacilitator = stateForAudience(state, "facilitator");
    expect(forFacilitator.contributions).toEqual([visible, hidden, merged]);
    expect(forFacilitator.pinnedId).toBe("h");
  });

  it("a room that follows the stream ends up with the same contributions as a fresh snapshot", () => {
    const shown = contribution("x", { createdAt: 10 });
    const events: WorkshopEvent[] = [created(1, visible), created(2, shown), updated(3, { ...shown, status: "hidden" })];
    const facilitator = applyEvents(empty, events).state;
    const room = applyEvents(
      empty,
      events.map((e) => eventForAudience(e, "room", settings)),
    ).state;
    expect(room.contributions).toEqual(stateForAudience(facilitator, "room").contributions);
    expect(ids(room)).toEqual(["v"]);
  });
});
