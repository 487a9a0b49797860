import { describe, expect, it } from "vitest";
import { CHIME_WITHIN_MS, type Timer, timerEndToChime } from "./agenda";
import { timerSoundSchema, workshopSettingsSchema } from "./schemas";

const running = (endsAt: number): Timer => ({ durationMs: 600_000, remainingMs: 600_000, endsAt });

describe("the projector's chime when a step's timer ends", () => {
  it("is off unless the facilitator switches it on", () => {
    expect(workshopSettingsSchema.parse({}).timerSound).toBe(false);
    expect(timerSoundSchema.parse({ timerSound: "on" })).toEqual({ timerSound: true });
    expect(timerSoundSchema.parse({ timerSound: "off" })).toEqual({ timerSound: false });
    expect(timerSoundSchema.safeParse({ timerSound: "loud" }).success).toBe(false);
  });

  it("chimes once when the timer reaches zero, not before and not again for the same end", () => {
    const end = 1_000_000;
    expect(timerEndToChime(running(end), end - 1, null)).toBeNull();
    expect(timerEndToChime(running(end), end, null)).toBe(end);
    expect(timerEndToChime(running(end), end + 200, end)).toBeNull();
  });

  it("a page opened long after the end, a paused timer or no timer stays quiet", () => {
    const end = 1_000_000;
    expect(timerEndToChime(running(end), end + CHIME_WITHIN_MS + 1, null)).toBeNull();
    expect(timerEndToChime({ durationMs: 1000, remainingMs: 500, endsAt: null }, end, null)).toBeNull();
    expect(timerEndToChime(null, end, null)).toBeNull();
  });

  it("a timer started again chimes again at its new end", () => {
    expect(timerEndToChime(running(2_000_000), 2_000_100, 1_000_000)).toBe(2_000_000);
  });
});
