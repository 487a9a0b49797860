import { afterEach, describe, expect, it } from "vitest";
import type { ContributionView } from "../../app/domain/contributions";
import type { RecommendationView } from "../../app/domain/recommendations";
import type { Result } from "../../app/domain/result";
import type { VoteAck } from "../../app/domain/voting";
import type { TallyUpdate } from "../../app/domain/workshop-state";
import { budapestDay, newClientId, unwrap } from "./helpers";
import {
  closeServers,
  connectFacilitator,
  connectParticipant,
  expectError,
  quietPeriod,
  type RealtimeServer,
  record,
  send,
  startServer,
  type WorkshopSocket,
} from "./socket-helpers";

/**
 * Issue 11, on the wire: the phone's outbox sends edits, withdrawals, votes and endorsements with a
 * client id and sends one again whenever it heard no answer. A real Socket.IO server on 127.0.0.1
 * and a real database (SQLite or PostgreSQL): the write sent again changes nothing, reaches no screen, and is answered
 * with success — also once the room has moved on, and after later changes it must not undo.
 */

afterEach(closeServers);

/** Ágnes's phone and Eszter's laptop, connected to the Budapest day on a real server. */
async function connectedDay(server: RealtimeServer) {
  const day = await budapestDay(server.services);
  const agnes = await day.join("Ágnes", "community");
  const phone = await connectParticipant(server, day.workshop.id, agnes.token);
  const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
  return { ...day, agnes, phone, laptop };
}

/** Records the vote totals a screen receives. */
function recordTallies(socket: WorkshopSocket) {
  const received: TallyUpdate[] = [];
  socket.on("workshop:tallies", (update) => received.push(update));
  return received;
}

const submit = async (phone: WorkshopSocket, title: string) =>
  unwrap(
    (await send(phone, "contribution:submit", { kind: "challenge", clientId: newClientId(), title })) as Result<ContributionView>,
  );

describe("a phone's outbox sends a change again after a lost answer", () => {
  it("an edit sent again changes nothing and answers with the contribution, also over a moderator's later edit and after the step", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    await day.moveRoomTo("collect_challenges");
    const mine = await submit(day.phone, "No shared data space");
    const clientId = newClientId("edit");
    const edit = { contributionId: mine.id, title: "No shared health data space", body: "Hospitals keep their own.", clientId };

    const first = unwrap((await send(day.phone, "contribution:edit", edit)) as Result<ContributionView>);
    expect(first).toMatchObject({ id: mine.id, title: edit.title, body: edit.body });
    const onLaptop = record(day.laptop);
    const again = unwrap((await send(day.phone, "contribution:edit", edit)) as Result<ContributionView>);
    expect(again).toEqual(first);

    // A moderator rewords it; the late copy of Ágnes's edit must not put her older wording back.
    unwrap(await send(day.laptop, "moderation:edit", { contributionId: mine.id, title: "Health data stays in silos" }));
    const afterModeration = unwrap((await send(day.phone, "contribution:edit", edit)) as Result<ContributionView>);
    expect(afterModeration).toMatchObject({ id: mine.id, title: "Health data stays in silos" });

    // The room moves on: the wording is final, and the edit already applied is still answered as applied.
    await day.moveRoomTo("vote_challenges");
    expect(unwrap((await send(day.phone, "contribution:edit", edit)) as Result<ContributionView>).title).toBe(
      "Health data stays in silos",
    );
    // A new edit (a new client id) is refused now, with a reason the phone can say in its language.
    const late = expectError(await send(day.phone, "contribution:edit", { ...edit, clientId: newClientId("late") }), "conflict");
    expect(late.reason).toEqual({ key: "stepOverForChanges" });

    await quietPeriod();
    // The only change any screen heard of is the moderator's.
    expect(onLaptop.filter((e) => e.type === "contribution.updated").map((e) => e.payload.contribution.title)).toEqual([
      "Health data stays in silos",
    ]);
    const stored = (await day.view()).contributions.find((c) => c.id === mine.id);
    expect(stored?.title).toBe("Health data stays in silos");
  });

  it("a client id is answered only for the write it was given to: on another contribution it is a conflict", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    await day.moveRoomTo("collect_challenges");
    const one = await submit(day.phone, "First challenge");
    const other = await submit(day.phone, "Second challenge");
    const clientId = newClientId("edit");
    unwrap(await send(day.phone, "contribution:edit", { contributionId: one.id, title: "First, reworded", clientId }));
    expectError(await send(day.phone, "contribution:edit", { contributionId: other.id, title: "Hijack", clientId }), "conflict");
    expect((await day.view()).contributions.find((c) => c.id === other.id)?.title).toBe("Second challenge");
  });

  it("a withdrawal sent again answers as the first did, with nothing published, also once the step is over", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    await day.moveRoomTo("collect_challenges");
    const mine = await submit(day.phone, "A challenge Ágnes regrets");
    const first = await send(day.phone, "contribution:withdraw", { contributionId: mine.id });
    expect(first).toEqual({ ok: true, data: { id: mine.id } });

    const onLaptop = record(day.laptop);
    expect(await send(day.phone, "contribution:withdraw", { contributionId: mine.id })).toEqual(first);
    await day.moveRoomTo("vote_challenges");
    const afterStep = record(day.laptop);
    expect(await send(day.phone, "contribution:withdraw", { contributionId: mine.id })).toEqual(first);
    await quietPeriod();
    expect(onLaptop.filter((e) => e.type === "contribution.updated")).toEqual([]);
    expect(afterStep.filter((e) => e.type !== "step.changed")).toEqual([]);
    // Withdrawn once: it left the wall, and nothing brought it back.
    expect((await day.view()).contributions.some((c) => c.id === mine.id)).toBe(false);

    // Someone else's contribution stays theirs to withdraw.
    const bence = await day.join("Bence", "business");
    const bencePhone = await connectParticipant(server, day.workshop.id, bence.token);
    expectError(await send(bencePhone, "contribution:withdraw", { contributionId: mine.id }), "forbidden");
  });

  it("a vote sent again changes no points and sends no totals, never undoes a later vote, and is answered after the vote ended", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    const item = await day.hostChallenge("Building a co-creation platform");
    const other = await day.hostChallenge("Policy coherence between ministries");
    await day.moveRoomTo("vote_challenges");
    const stepId = await day.step("vote_challenges");
    const participantId = day.agnes.participant.id;
    const points = async () => Object.fromEntries(await server.services.voting.allocationsOf(stepId, participantId));

    const vote = { clientId: newClientId("vote"), contributionId: item.id, points: 2, stepId };
    const first = unwrap((await send(day.phone, "vote:set", vote)) as Result<VoteAck>);
    expect(first).toMatchObject({ contributionId: item.id, points: 2, remaining: 3 });
    await quietPeriod(); // the first vote's totals reach the laptop
    const tallies = recordTallies(day.laptop);
    expect(unwrap((await send(day.phone, "vote:set", vote)) as Result<VoteAck>)).toEqual(first);
    await quietPeriod();
    expect(tallies).toEqual([]);
    expect(await points()).toEqual({ [item.id]: 2 });

    // Ágnes moves her points on; the late copy of the first vote must not bring them back.
    const later = { clientId: newClientId("vote"), contributionId: item.id, points: 1, stepId };
    unwrap(await send(day.phone, "vote:set", later));
    unwrap(await send(day.phone, "vote:set", { clientId: newClientId("vote"), contributionId: other.id, points: 3, stepId }));
    expect(unwrap((await send(day.phone, "vote:set", vote)) as Result<VoteAck>)).toMatchObject({ points: 1, remaining: 1 });
    expect(await points()).toEqual({ [item.id]: 1, [other.id]: 3 });

    // The room moves on: a vote already counted is still answered (as it stands in its own step) ...
    await day.moveRoomTo("collect_solutions");
    expect(unwrap((await send(day.phone, "vote:set", later)) as Result<VoteAck>)).toMatchObject({
      contributionId: item.id,
      points: 1,
      remaining: 1,
    });
    // ... and a new one queued for that vote is refused with the reason, not counted elsewhere.
    const refused = expectError(
      await send(day.phone, "vote:set", { clientId: newClientId("vote"), contributionId: item.id, points: 2, stepId }),
      "conflict",
    );
    expect(refused.reason).toEqual({ key: "voteOver" });
    expect(await points()).toEqual({ [item.id]: 1, [other.id]: 3 });
  });

  it("a vote queued in one vote step is refused in the next one, never counted there", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    await day.hostChallenge("Building a co-creation platform");
    await day.moveRoomTo("collect_solutions");
    const solution = unwrap(
      (await send(day.phone, "contribution:submit", {
        kind: "solution",
        clientId: newClientId(),
        title: "A national platform",
        challengeId: (await day.view()).contributions[0].id,
      })) as Result<ContributionView>,
    );
    await day.moveRoomTo("vote_solutions");
    const queuedFor = await day.step("vote_challenges");
    const refused = expectError(
      await send(day.phone, "vote:set", { clientId: newClientId(), contributionId: solution.id, points: 1, stepId: queuedFor }),
      "conflict",
    );
    expect(refused.reason).toEqual({ key: "voteOver" });
    expect((await server.services.voting.allocationsOf(await day.step("vote_solutions"), day.agnes.participant.id)).size).toBe(0);
  });

  it("an endorsement sent again answers as the first did, never undoes a later change, and is answered once the step is over", async () => {
    const server = await startServer();
    const day = await connectedDay(server);
    const rec = unwrap(
      (await send(day.laptop, "recommendation:save", {
        clientId: newClientId(),
        title: "Open an inter-ministerial cluster desk",
        owner: { kind: "helix", helix: "government" },
        priority: "high",
      })) as Result<RecommendationView>,
    );
    await day.moveRoomTo("recommendations");
    const counts = async () => (await server.services.recommendations.counts(day.workshop.id))[rec.id]?.community ?? 0;

    const endorse = { recommendationId: rec.id, endorsed: true, clientId: newClientId("endorse") };
    const first = await send(day.phone, "recommendation:endorse", endorse);
    expect(first).toEqual({ ok: true, data: { recommendationId: rec.id, endorsed: true } });
    expect(await send(day.phone, "recommendation:endorse", endorse)).toEqual(first);
    expect(await counts()).toBe(1);

    // Taken back; the late copy of the endorsement must not endorse again.
    const takeBack = { recommendationId: rec.id, endorsed: false, clientId: newClientId("endorse") };
    unwrap(await send(day.phone, "recommendation:endorse", takeBack));
    expect(await send(day.phone, "recommendation:endorse", endorse)).toEqual(first);
    expect(await counts()).toBe(0);

    // The step is over: what was applied is still answered as applied; a new change is refused with the reason.
    await day.moveRoomTo("vote_solutions");
    expect(await send(day.phone, "recommendation:endorse", takeBack)).toEqual({
      ok: true,
      data: { recommendationId: rec.id, endorsed: false },
    });
    const late = expectError(
      await send(day.phone, "recommendation:endorse", { ...endorse, clientId: newClientId("late") }),
      "conflict",
    );
    expect(late.reason).toEqual({ key: "endorseNotOpen" });
    // The same client id for the opposite state is not the same write.
    expectError(await send(day.phone, "recommendation:endorse", { ...takeBack, endorsed: true }), "conflict");
    expect(await counts()).toBe(0);
  });
});
