import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "./coalescer";

/**
 * The coalescer behind the live totals and endorsement counts (app/realtime/server.server.ts):
 * at most one read per workshop per interval, and with several nodes at most two notices to the
 * others per interval — none lost, not even when the node stops. Fake timers, no database.
 */
const INTERVAL = 100;

function setup({ failNotice = false } = {}) {
  const flushed: string[] = [];
  const told: string[] = [];
  const logged: string[] = [];
  const coalescer = createCoalescer(
    INTERVAL,
    async (workshopId) => {
      flushed.push(workshopId);
    },
    (message) => logged.push(message),
    (workshopId) => {
      told.push(workshopId);
      if (failNotice) throw new Error("the adapter is away");
    },
  );
  return { coalescer, flushed, told, logged };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the coalescer", () => {
  it("reads a workshop once per interval however many changes came, and tells the others at the first change and once more for the rest", async () => {
    const { coalescer, flushed, told } = setup();
    for (let i = 0; i < 50; i++) coalescer.changedHere("w1");
    expect(told).toEqual(["w1"]);
    expect(flushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(flushed).toEqual(["w1"]);
    // The 49 changes after the first notice are told once, before this node's read.
    expect(told).toEqual(["w1", "w1"]);
    // A quiet interval: nothing more is read or told.
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(flushed).toEqual(["w1"]);
    expect(told).toEqual(["w1", "w1"]);
  });

  it("tells no one of what another node told (markDirty): this node's screens only", async () => {
    const { coalescer, flushed, told } = setup();
    coalescer.markDirty("w1");
    coalescer.markDirty("w2");
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(flushed).toEqual(["w1", "w2"]);
    expect(told).toEqual([]);
  });

  it("a node that stops tells the others what it still owed them, after the flush under way, and reads nothing more", async () => {
    const { coalescer, flushed, told } = setup();
    coalescer.changedHere("w1");
    coalescer.changedHere("w1");
    coalescer.changedHere("w2");
    expect(told).toEqual(["w1", "w2"]);
    await coalescer.stop();
    // w1 changed again after its notice: told once more; w2 did not.
    expect(told).toEqual(["w1", "w2", "w1"]);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(flushed).toEqual([]);
    coalescer.changedHere("w3");
    expect(told).toEqual(["w1", "w2", "w1"]);
  });

  it("a notice that fails is logged, and this node's own screens still get their read", async () => {
    const { coalescer, flushed, told, logged } = setup({ failNotice: true });
    coalescer.changedHere("w1");
    coalescer.changedHere("w1");
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(told).toEqual(["w1", "w1"]);
    expect(flushed).toEqual(["w1"]);
    expect(logged).toEqual(["the other nodes were not told of workshop w1", "the other nodes were not told of workshop w1"]);
    // And the coalescer goes on.
    coalescer.markDirty("w2");
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(flushed).toEqual(["w1", "w2"]);
  });
});
