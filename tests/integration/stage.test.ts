import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { budapestDay, createTestServices, newClientId, unwrap } from "./helpers";

/** What the projector (the room's stage) relies on from the services. */
let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(() => t.cleanup());

describe("pinning on the projector", () => {
  it("a pinned item stays until it is unpinned or the room moves to another step", async () => {
    const day = await budapestDay(t.services);
    await day.moveRoomTo("collect_challenges");
    const fees = await day.hostChallenge("Membership fees keep SMEs out");
    unwrap(await t.services.moderation.pin(day.actor, day.workshop.id, { contributionId: fees.id }));
    expect((await day.view("room")).pinnedId).toBe(fees.id);

    const seq = (await day.view()).seq;
    await day.moveRoomTo("vote_challenges");
    expect((await day.view("room")).pinnedId).toBeNull();
    const events = t.published.flatMap((p) => p.events).filter((e) => e.seq > seq);
    expect(events.map((e) => e.type)).toEqual(["step.changed", "display.pinned"]);

    // Pinned again in the new step, it stays while the room stays.
    unwrap(await t.services.moderation.pin(day.actor, day.workshop.id, { contributionId: fees.id }));
    unwrap(
      await t.services.agenda.timer(day.actor, day.workshop.id, {
        stepId: await day.step("vote_challenges"),
        command: { action: "set", seconds: 60 },
      }),
    );
    expect((await day.view("room")).pinnedId).toBe(fees.id);
  });
});

describe("the closing summary's rankings", () => {
  it("name the top of the last vote of each kind whose results the room saw, and nothing of a vote kept hidden", async () => {
    const day = await budapestDay(t.services);
    const { services } = t;
    const anna = await day.join("Anna", "academia");
    const gabor = await day.join("Gábor", "government");
    const fees = await day.hostChallenge("Membership fees keep SMEs out");
    const silos = await day.hostChallenge("Ministries work in silos");
    const vote = async (by: typeof anna, contributionId: string, points: number) =>
      unwrap(await services.voting.vote(by.actor, day.workshop.id, { clientId: newClientId(), contributionId, points }));

    // The challenge vote: silos first for both helices, fees second.
    await day.moveRoomTo("vote_challenges");
    await vote(anna, silos.id, 3);
    await vote(gabor, silos.id, 2);
    await vote(gabor, fees.id, 1);
    expect(
      (await services.voting.closingRanking(day.workshop.id, "challenge")).map((i) => [i.id, i.rank, i.raw, i.label]),
    ).toEqual([
      [silos.id, 1, 5, "consensus"],
      [fees.id, 2, 1, "single-helix"],
    ]);

    // Solutions voted with results hidden and never revealed: the summary does not tell them.
    await day.moveRoomTo("collect_solutions");
    const forum = unwrap(
      await services.contributions.submit(anna.actor, day.workshop.id, {
        kind: "solution",
        clientId: newClientId(),
        challengeId: silos.id,
        title: "A joint ministry–cluster forum",
      }),
    );
    unwrap(
      await services.voting.setSettings(day.actor, day.workshop.id, {
        stepId: await day.step("vote_solutions"),
        settings: { results: "hidden" },
      }),
    );
    await day.moveRoomTo("vote_solutions");
    await vote(anna, forum.id, 2);
    unwrap(await services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" }));
    expect(await services.voting.closingRanking(day.workshop.id, "solution")).toEqual([]);
    expect((await services.voting.closingRanking(day.workshop.id, "challenge"))[0]).toMatchObject({ id: silos.id, raw: 5 });

    // Revealed, it is.
    unwrap(
      await services.voting.reveal(day.actor, day.workshop.id, { stepId: await day.step("vote_solutions"), revealed: true }),
    );
    expect(await services.voting.closingRanking(day.workshop.id, "solution")).toEqual([
      expect.objectContaining({ id: forum.id, rank: 1, raw: 2, label: "single-helix" }),
    ]);
  });
});
