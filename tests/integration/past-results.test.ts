import { afterEach, describe, expect, it } from "vitest";
import type { WorkshopEvent } from "../../app/domain/workshop-state";
import { mapInOrder } from "../../app/utils/in-order";
import { HOST_CHALLENGES } from "../fixtures/budapest";
import { budapestDay, newClientId, unwrap } from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  expectError,
  send,
  startServer,
  sync,
  syncedEvents,
} from "./socket-helpers";

/**
 * Eszter puts the results of a vote the room held earlier back on the projector, and goes back to
 * the current step; the room moving on takes them down. Real database file, real Socket.IO server.
 */

afterEach(closeServers);

async function dayWithTwoVotes() {
  const server = await startServer();
  const day = await budapestDay(server.services);
  const agnes = await day.join("Ágnes", "community");
  const bence = await day.join("Bence", "academia");
  const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
  const workshopId = day.workshop.id;
  const vote = async (by: typeof agnes, contributionId: string, points: number) =>
    unwrap(await server.services.voting.vote(by.actor, workshopId, { clientId: newClientId(), contributionId, points }));
  // The challenge vote, results live: held with points.
  await day.moveRoomTo("vote_challenges");
  await vote(agnes, platform.id, 3);
  await vote(bence, coherence.id, 2);
  await day.moveRoomTo("collect_solutions");
  const laptop = await connectFacilitator(server, day.facilitator.id, workshopId);
  const projector = await connectDisplay(server, workshopId, day.workshop.displayToken);
  const phone = await connectParticipant(server, workshopId, agnes.token);
  const received: WorkshopEvent[] = [];
  projector.on("workshop:event", (event) => received.push(event));
  return { server, day, workshopId, laptop, projector, phone, received, platform, coherence };
}

describe("results of a past vote on the projector again", () => {
  it("Eszter shows the challenge vote again: stored, logged, followed live by the projector; the loader reads its totals; back to the current step", async () => {
    const { server, day, workshopId, laptop, projector, received, platform, coherence } = await dayWithTwoVotes();
    const voteStep = await day.step("vote_challenges");
    const seq = (await day.view()).seq;

    expect(unwrap(await send(laptop, "vote:showResults", { stepId: voteStep }))).toEqual({ stepId: voteStep });

    expect((await day.view()).shownResultsStepId).toBe(voteStep);
    expect((await day.view("room")).shownResultsStepId).toBe(voteStep);
    const logged = syncedEvents(await sync(laptop, { lastSeq: seq }));
    expect(logged.map((e) => [e.type, e.payload])).toEqual([["workshop.resultsShown", { stepId: voteStep }]]);
    await eventually(() => received.find((e) => e.type === "workshop.resultsShown"), "the projector hears of it");
    // The projector's page reads that vote's totals (it is not the current step's).
    const shown = await server.services.voting.shownPastResults(workshopId);
    expect(shown).toMatchObject({ stepId: voteStep, kind: "challenge" });
    expect(shown?.items[platform.id]).toMatchObject({ community: 3 });
    expect(shown?.items[coherence.id]).toMatchObject({ academia: 2 });

    // Showing it again changes nothing and logs nothing.
    unwrap(await send(laptop, "vote:showResults", { stepId: voteStep }));
    expect((await day.view()).seq).toBe(seq + 1);

    unwrap(await send(laptop, "vote:showResults", { stepId: null }));
    expect((await day.view()).shownResultsStepId).toBeNull();
    expect(await server.services.voting.shownPastResults(workshopId)).toBeNull();
    await eventually(
      () => received.filter((e) => e.type === "workshop.resultsShown").at(-1)?.payload.stepId === null,
      "the projector back to the current step",
    );
    void projector;
  });

  it("a vote whose results stayed hidden, a vote not held, the current step and a step that is no vote are refused, and nothing changes", async () => {
    const { server, day, workshopId, laptop } = await dayWithTwoVotes();
    // The solution vote is held with hidden results, then the room moves on.
    unwrap(
      await server.services.voting.setSettings(day.actor, workshopId, {
        stepId: await day.step("vote_solutions"),
        settings: { results: "hidden" },
      }),
    );
    await day.moveRoomTo("vote_solutions");
    await day.moveRoomTo("recommendations");
    const before = await day.view();

    const hidden = expectError(await send(laptop, "vote:showResults", { stepId: await day.step("vote_solutions") }), "conflict");
    expect(hidden.reason?.key).toBe("pastResultsHidden");
    // Added after the day started: never held.
    const firstChallengeVote = await day.step("vote_challenges");
    const later = unwrap(
      await server.services.agenda.addStep(day.actor, workshopId, {
        kind: "vote_challenges",
        afterStepId: await day.step("recommendations"),
      }),
    ).steps.find((s) => s.kind === "vote_challenges" && s.id !== firstChallengeVote);
    if (!later) throw new Error("no second challenge vote");
    const afterAdding = await day.view();
    const notHeld = expectError(await send(laptop, "vote:showResults", { stepId: later.id }), "conflict");
    expect(notHeld.reason?.key).toBe("pastResultsNotHeld");
    const current = expectError(
      await send(laptop, "vote:showResults", { stepId: await day.step("recommendations") }),
      "conflict",
    );
    expect(current.reason?.key).toBe("pastResultsNotVote");
    await day.moveRoomTo("vote_challenges");
    const seq = (await day.view()).seq;
    expect(
      expectError(await send(laptop, "vote:showResults", { stepId: await day.step("vote_challenges") }), "conflict").reason?.key,
    ).toBe("pastResultsCurrent");
    expectError(await send(laptop, "vote:showResults", { stepId: "no-such-step" }), "not_found");
    expectError(await send(laptop, "vote:showResults", { stepId: 42 }), "validation");
    expect((await day.view()).seq).toBe(seq);
    expect((await day.view()).shownResultsStepId).toBeNull();
    expect(before.shownResultsStepId).toBeNull();
    expect(afterAdding.seq).toBe(before.seq + 1);

    // Revealed, it may go on the projector.
    unwrap(
      await server.services.voting.reveal(day.actor, workshopId, { stepId: await day.step("vote_solutions"), revealed: true }),
    );
    unwrap(await send(laptop, "vote:showResults", { stepId: await day.step("vote_solutions") }));
    expect((await day.view()).shownResultsStepId).toBe(await day.step("vote_solutions"));
  });

  it("moving the room to another step takes them down, in the same command, with the event", async () => {
    const { day, laptop, received } = await dayWithTwoVotes();
    unwrap(await send(laptop, "vote:showResults", { stepId: await day.step("vote_challenges") }));
    const seq = (await day.view()).seq;

    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("recommendations") }));

    expect((await day.view()).shownResultsStepId).toBeNull();
    const logged = syncedEvents(await sync(laptop, { lastSeq: seq })).map((e) => e.type);
    expect(logged).toContain("step.changed");
    expect(logged).toContain("workshop.resultsShown");
    await eventually(
      () => received.filter((e) => e.type === "workshop.resultsShown").at(-1)?.payload.stepId === null,
      "the projector follows the room",
    );
  });

  it("a phone and the projector may not show results: forbidden, nothing changes", async () => {
    const { day, projector, phone } = await dayWithTwoVotes();
    const before = await day.view();
    expectError(await send(phone, "vote:showResults", { stepId: await day.step("vote_challenges") }), "forbidden");
    expectError(await send(projector, "vote:showResults", { stepId: await day.step("vote_challenges") }), "forbidden");
    expect(await day.view()).toEqual(before);
  });
});
