import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { budapestDay, createTestServices, unwrap } from "./helpers";

/** What the projector (the room's stage) relies on from the services. */
let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(() => t.cleanup());

describe("pinning on the projector", () => {
  it("a pinned item stays until it is unpinned or the room moves to another step", async () => {
    const day = await budapestDay(t.services);
    day.moveRoomTo("collect_challenges");
    const fees = day.hostChallenge("Membership fees keep SMEs out");
    unwrap(t.services.moderation.pin(day.actor, day.workshop.id, { contributionId: fees.id }));
    expect(day.view("room").pinnedId).toBe(fees.id);

    const seq = day.view().seq;
    day.moveRoomTo("vote_challenges");
    expect(day.view("room").pinnedId).toBeNull();
    const events = t.published.flatMap((p) => p.events).filter((e) => e.seq > seq);
    expect(events.map((e) => e.type)).toEqual(["step.changed", "display.pinned"]);

    // Pinned again in the new step, it stays while the room stays.
    unwrap(t.services.moderation.pin(day.actor, day.workshop.id, { contributionId: fees.id }));
    unwrap(
      t.services.agenda.timer(day.actor, day.workshop.id, {
        stepId: day.step("vote_challenges"),
        command: { action: "set", seconds: 60 },
      }),
    );
    expect(day.view("room").pinnedId).toBe(fees.id);
  });
});
