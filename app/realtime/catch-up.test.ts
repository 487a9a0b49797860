import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import type { WorkshopEvent } from "../domain/workshop-state";
import { feedOf, liveEvent, syncAnswered, syncFailed, syncStarted } from "./catch-up";

const joined = (seq: number): WorkshopEvent => ({
  seq,
  at: seq,
  type: "participant.joined",
  payload: {
    participant: {
      id: `p${seq}`,
      displayName: null,
      helix: "business",
      role: "local_stakeholder",
      organisation: null,
      country: null,
      joinedAt: seq,
    },
  },
});
const ids = (feed: { state: { participants: { id: string }[] } }) => feed.state.participants.map((p) => p.id);

describe("keeping up with the room", () => {
  it("applies live events in order", () => {
    let step = liveEvent(feedOf(emptyState), joined(1));
    step = liveEvent(step.feed, joined(2));
    expect(step.sync).toBe(false);
    expect(ids(step.feed)).toEqual(["p1", "p2"]);
  });

  it("a gap asks for a sync and keeps the event that showed it", () => {
    const step = liveEvent(feedOf(emptyState), joined(3));
    expect(step.sync).toBe(true);
    expect(step.feed.pending.map((e) => e.seq)).toEqual([3]);
  });

  it("events arriving while a sync is in flight are applied after it, never lost (the reported bug)", () => {
    // Reconnected at seq 5; the sync's answer (events up to 7) and newer events 8 and 9 arrive in one batch.
    let feed = syncStarted(feedOf({ ...emptyState, seq: 5 }));
    feed = liveEvent(feed, joined(8)).feed;
    feed = liveEvent(feed, joined(9)).feed;
    const synced = { ...emptyState, seq: 7, participants: [] };
    const step = syncAnswered(feed, synced);
    expect(step.sync).toBe(false);
    expect(step.feed.state.seq).toBe(9);
    expect(ids(step.feed)).toEqual(["p8", "p9"]);
  });

  it("drops what the sync already covered", () => {
    let feed = syncStarted(feedOf({ ...emptyState, seq: 1 }));
    feed = liveEvent(feed, joined(2)).feed;
    const synced = liveEvent(feedOf({ ...emptyState, seq: 1 }), joined(2)).feed.state;
    const step = syncAnswered(feed, synced);
    expect(ids(step.feed)).toEqual(["p2"]);
    expect(step.feed.pending).toEqual([]);
  });

  it("syncs again when a gap remains after the sync, and after a failed one, keeping the events", () => {
    let feed = syncStarted(feedOf({ ...emptyState, seq: 0 }));
    feed = liveEvent(feed, joined(9)).feed;
    const short = syncAnswered(feed, { ...emptyState, seq: 4 });
    expect(short.sync).toBe(true);
    expect(short.feed.pending.map((e) => e.seq)).toEqual([9]);
    const failed = syncFailed(syncStarted(short.feed));
    expect(failed.sync).toBe(true);
    expect(failed.feed.pending.map((e) => e.seq)).toEqual([9]);
    const done = syncAnswered(syncStarted(failed.feed), { ...emptyState, seq: 8 });
    expect(done.sync).toBe(false);
    expect(done.feed.state.seq).toBe(9);
  });
});
