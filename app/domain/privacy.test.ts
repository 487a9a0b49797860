import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import type { ContributionView } from "./contributions";
import { erasePayload, retentionDue, wasRemoved, workshopErasureRefusal } from "./privacy";
import { workshopSettingsSchema } from "./schemas";
import { applyEvents, eventForAudience, type LobbyParticipant, lobbySummary, type WorkshopEvent } from "./workshop-state";

const anna: LobbyParticipant = {
  id: "anna",
  displayName: "Anna Kovács",
  helix: "academia",
  role: "local_stakeholder",
  organisation: "ELTE",
  country: "HU",
  joinedAt: 1,
};
const bela: LobbyParticipant = { ...anna, id: "bela", displayName: "Béla Nagy", helix: "business", organisation: "Richter" };
const item = (id: string, author: LobbyParticipant | null): ContributionView => ({
  id,
  kind: "challenge",
  parentId: null,
  title: `Challenge ${id}`,
  body: null,
  status: "visible",
  mergedInto: null,
  origin: author ? "participant" : "host",
  helix: author?.helix ?? null,
  role: author?.role ?? null,
  authorName: author?.displayName ?? null,
  authorId: author?.id ?? null,
  createdAt: 1,
  editedAt: null,
});
const event = (seq: number, rest: Omit<WorkshopEvent, "seq" | "at">) => ({ seq, at: seq, ...rest }) as WorkshopEvent;

/** A room where Anna and Béla joined and each wrote a challenge, beside the host's own. */
const room = () =>
  applyEvents(emptyState, [
    event(1, { type: "participant.joined", payload: { participant: anna } }),
    event(2, { type: "participant.joined", payload: { participant: bela } }),
    event(3, { type: "contribution.created", payload: { contribution: item("c1", anna) } }),
    event(4, { type: "contribution.created", payload: { contribution: item("c2", bela) } }),
    event(5, { type: "contribution.created", payload: { contribution: item("host", null) } }),
  ]).state;

describe("a facilitator removes a participant", () => {
  it("the room sees them leave: the lobby counts by helix drop, what they wrote stays", () => {
    const after = applyEvents(room(), [event(6, { type: "participant.removed", payload: { participantId: "anna" } })]).state;
    expect(after.participants.map((p) => p.id)).toEqual(["bela"]);
    expect(lobbySummary(after).byHelix).toEqual({ government: 0, academia: 0, business: 1, community: 0 });
    expect(after.contributions.map((c) => c.id)).toEqual(["c1", "c2", "host"]);
  });

  it("their phone recognises the refusal that says so, and no other", () => {
    expect(wasRemoved({ reason: { key: "participantRemoved" } })).toBe(true);
    expect(wasRemoved({ reason: { key: "somethingElse" } })).toBe(false);
    expect(wasRemoved(null)).toBe(false);
  });
});

describe("erasing personal data", () => {
  it("of one participant: their name, organisation and country go, their helix, role and contributions stay", () => {
    const erased = event(6, {
      type: "participant.erased",
      payload: { everyone: false, participantIds: ["anna"], contributionIds: ["c1"] },
    });
    const after = applyEvents(room(), [erased]).state;
    expect(after.participants[0]).toEqual({ ...anna, displayName: null, organisation: null, country: null });
    expect(after.participants[1]).toEqual(bela);
    const [c1, c2] = after.contributions;
    expect(c1).toMatchObject({
      title: "Challenge c1",
      helix: "academia",
      role: "local_stakeholder",
      authorId: null,
      authorName: null,
    });
    expect(c2).toMatchObject({ authorId: "bela", authorName: "Béla Nagy" });
  });

  it("of everyone: nobody's name is left, the host's challenge is as it was", () => {
    const erased = event(6, { type: "participant.erased", payload: { everyone: true, participantIds: [], contributionIds: [] } });
    const after = applyEvents(room(), [erased]).state;
    expect(after.participants.map((p) => [p.displayName, p.organisation, p.country, p.helix])).toEqual([
      [null, null, null, "academia"],
      [null, null, null, "business"],
    ]);
    expect(after.contributions.map((c) => c.authorName)).toEqual([null, null, null]);
    expect(after.contributions[2]).toEqual(item("host", null));
  });

  it("the room of an anonymous workshop is not told which contributions were whose", () => {
    const erased = event(6, {
      type: "participant.erased",
      payload: { everyone: false, participantIds: ["anna"], contributionIds: ["c1"] },
    });
    const anonymous = workshopSettingsSchema.parse({ anonymity: "anonymous" });
    const named = workshopSettingsSchema.parse({ anonymity: "named" });
    expect(eventForAudience(erased, "room", anonymous).payload).toEqual({
      everyone: false,
      participantIds: ["anna"],
      contributionIds: [],
    });
    expect(eventForAudience(erased, "room", named)).toBe(erased);
    expect(eventForAudience(erased, "facilitator", anonymous)).toBe(erased);
  });

  it("rewrites the log's payloads that carry their data, and leaves every other payload as it was", () => {
    const only = { everyone: false, participantIds: ["anna"] } as const;
    expect(erasePayload("participant.joined", { participant: anna }, only)).toEqual({
      participant: { ...anna, displayName: null, organisation: null, country: null },
    });
    const belasJoin = { participant: bela };
    expect(erasePayload("participant.updated", belasJoin, only)).toBe(belasJoin);
    expect(erasePayload("contribution.created", { contribution: item("c1", anna) }, only)).toEqual({
      contribution: { ...item("c1", anna), authorId: null, authorName: null },
    });
    const belasItem = { contribution: item("c2", bela) };
    expect(erasePayload("contribution.updated", belasItem, only)).toBe(belasItem);
    const pinned = { contributionId: "c1" };
    expect(erasePayload("display.pinned", pinned, { everyone: true })).toBe(pinned);
    expect(erasePayload("participant.joined", belasJoin, { everyone: true })).toEqual({
      participant: { ...bela, displayName: null, organisation: null, country: null },
    });
  });

  it("of a whole workshop waits until it is closed", () => {
    expect(workshopErasureRefusal("live")?.key).toBe("eraseNotClosed");
    expect(workshopErasureRefusal("draft")?.key).toBe("eraseNotClosed");
    expect(workshopErasureRefusal("closed")).toBeNull();
  });
});

describe("the retention setting", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const closed = { status: "closed" as const, closedAt: 10 * DAY, retentionDays: 30, personalDataErasedAt: null };

  it("erases a workshop closed more than N days ago, not before", () => {
    expect(retentionDue(closed, 40 * DAY - 1)).toBe(false);
    expect(retentionDue(closed, 40 * DAY)).toBe(true);
  });

  it("keeps workshops without a retention setting, still running, or already erased since closing", () => {
    expect(retentionDue({ ...closed, retentionDays: null }, 400 * DAY)).toBe(false);
    expect(retentionDue({ ...closed, status: "live", closedAt: null }, 400 * DAY)).toBe(false);
    expect(retentionDue({ ...closed, personalDataErasedAt: 41 * DAY }, 400 * DAY)).toBe(false);
  });

  it("erases again a workshop reopened and closed after its last erasure (people joined meanwhile)", () => {
    expect(retentionDue({ ...closed, closedAt: 50 * DAY, personalDataErasedAt: 41 * DAY }, 80 * DAY)).toBe(true);
  });
});
