import { describe, expect, it } from "vitest";
import { emptyState, sampleWorkshop } from "../../tests/fixtures/workshop-state";
import {
  applyEvent,
  applyEvents,
  eventForAudience,
  type LobbyParticipant,
  lobbySummary,
  stateForAudience,
  type WorkshopEvent,
} from "./workshop-state";

const workshop = sampleWorkshop;
const empty = emptyState;

const person = (id: string, helix: LobbyParticipant["helix"], name: string | null = null): LobbyParticipant => ({
  id,
  displayName: name,
  helix,
  role: "local_stakeholder",
  organisation: name ? `${name}'s organisation` : null,
  country: "HU",
  joinedAt: 1,
});
const joined = (seq: number, p: LobbyParticipant): WorkshopEvent => ({
  seq,
  at: seq,
  type: "participant.joined",
  payload: { participant: p },
});

describe("the lobby reducer", () => {
  it("adds participants as they join and counts them per helix", () => {
    const state = applyEvents(empty, [joined(1, person("a", "business")), joined(2, person("b", "community"))]).state;
    expect(state.seq).toBe(2);
    const summary = lobbySummary(state);
    expect(summary.total).toBe(2);
    expect(summary.byHelix).toEqual({ government: 0, academia: 0, business: 1, community: 1 });
    expect(summary.absent).toEqual(["government", "academia"]);
  });

  it("ignores an event it has already applied (a duplicate delivery changes nothing)", () => {
    const once = applyEvent(empty, joined(1, person("a", "business")));
    expect(applyEvent(once, joined(1, person("a", "business")))).toBe(once);
  });

  it("replaces a participant who changed helix instead of counting them twice", () => {
    let state = applyEvent(empty, joined(1, person("a", "business")));
    state = applyEvent(state, { seq: 2, at: 2, type: "participant.updated", payload: { participant: person("a", "academia") } });
    expect(state.participants).toHaveLength(1);
    expect(lobbySummary(state).byHelix.academia).toBe(1);
  });

  it("reports a gap when an event is missing, and stops before it", () => {
    const result = applyEvents(empty, [joined(1, person("a", "business")), joined(3, person("c", "government"))]);
    expect(result.gap).toBe(true);
    expect(result.state.seq).toBe(1);
  });

  it("applies a batch in sequence order whatever order it arrives in", () => {
    const result = applyEvents(empty, [joined(2, person("b", "community")), joined(1, person("a", "business"))]);
    expect(result.gap).toBe(false);
    expect(result.state.participants.map((p) => p.id)).toEqual(["a", "b"]);
  });

  it("follows the workshop's status", () => {
    const state = applyEvent(empty, { seq: 1, at: 1, type: "workshop.statusChanged", payload: { status: "closed" } });
    expect(state.workshop.status).toBe("closed");
  });
});

describe("what the room may see", () => {
  const anna = person("a", "business", "Anna");

  it("hides names and organisations from the room when the workshop is anonymous, never from facilitators", () => {
    const event = joined(1, anna);
    const forRoom = eventForAudience(event, "room", workshop.settings);
    expect(forRoom.type === "participant.joined" && forRoom.payload.participant).toMatchObject({
      displayName: null,
      organisation: null,
      helix: "business",
    });
    expect(eventForAudience(event, "facilitator", workshop.settings)).toEqual(event);
    const state = { ...empty, participants: [anna] };
    expect(stateForAudience(state, "room").participants[0].displayName).toBeNull();
  });

  it("shows names to the room when the workshop is named", () => {
    const named = { ...workshop.settings, anonymity: "named" as const };
    const forRoom = eventForAudience(joined(1, anna), "room", named);
    expect(forRoom.type === "participant.joined" && forRoom.payload.participant.displayName).toBe("Anna");
  });
});
