import { isDeepStrictEqual } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { HELICES, type Helix } from "../../app/domain/helix";
import type { RecommendationView } from "../../app/domain/recommendations";
import type { Result } from "../../app/domain/result";
import type { StepKind } from "../../app/domain/step-kinds";
import { applyEndorsements, applyEvents, type EndorsementCounts } from "../../app/domain/workshop-state";
import type { Actor } from "../../app/services/actor";
import { mapInOrder } from "../../app/utils/in-order";
import { createFacilitator, createWorkshop, helixCounts, joinWorkshop, newClientId, unwrap } from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  expectError,
  nextEventOfType,
  quietPeriod,
  type RealtimeServer,
  record,
  send,
  startServer,
  sync,
  syncedEvents,
  type WorkshopSocket,
} from "./socket-helpers";

/**
 * The action plan live: Eszter's laptop drafts the recommendations, the projector and the phones
 * show them as they are saved, and the room endorses them from their phones. Endorsement counts
 * reach the screens coalesced, by helix only. A real Socket.IO server on 127.0.0.1 and a real
 * database (SQLite or PostgreSQL), talked to through socket.io-client.
 */

afterEach(closeServers);

type Endorsements = { counts: EndorsementCounts };

/** Records every endorsement-count message a socket receives from now on. */
function recordEndorsements(socket: WorkshopSocket) {
  const received: Endorsements[] = [];
  socket.on("workshop:endorsements", (update) => received.push(update));
  return received;
}

/** A facilitator with the Budapest workshop on the server, and the moves of the action-plan hour. */
async function actionPlan(server: RealtimeServer) {
  const { services } = server;
  const { facilitator, actor } = await createFacilitator(services, "Eszter");
  const workshop = await createWorkshop(services, actor, { title: "Budapest peer review", venue: "Budapest" });
  const step = async (kind: StepKind) => {
    const found = (await services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === kind);
    if (!found) throw new Error(`no ${kind} step`);
    return found.id;
  };
  return {
    facilitator,
    actor,
    workshop,
    moveRoomTo: async (kind: StepKind) =>
      unwrap(await services.agenda.goToStep(actor, workshop.id, { stepId: await step(kind) })),
    async join(displayName: string, helix: Helix) {
      const joined = await joinWorkshop(services, workshop.joinCode, { displayName, helix });
      const who: Actor = { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id };
      return { ...joined, actor: who };
    },
    recommend: async (title: string) =>
      unwrap(
        await services.recommendations.save(actor, workshop.id, {
          clientId: newClientId(),
          title,
          owner: { kind: "helix", helix: "government" },
          priority: "high",
        }),
      ),
    laptop: () => connectFacilitator(server, facilitator.id, workshop.id),
    projector: () => connectDisplay(server, workshop.id, workshop.displayToken),
    phone: (token: string) => connectParticipant(server, workshop.id, token),
  };
}

const endorse = (socket: WorkshopSocket, recommendationId: string, endorsed = true) =>
  send(socket, "recommendation:endorse", { recommendationId, endorsed });

describe("Eszter drafts the action plan on her laptop while the room watches", () => {
  it("a recommendation saved from the laptop reaches the phones and the projector as recommendation.saved; moving and removing follow the same way", async () => {
    const server = await startServer();
    const day = await actionPlan(server);
    const agnes = await day.join("Ágnes", "community");
    const laptop = await day.laptop();
    const projector = await day.projector();
    const phone = await day.phone(agnes.token);
    const start = unwrap(await sync(projector, { lastSeq: 1_000_000 }));
    if (start.mode !== "snapshot") throw new Error("expected a snapshot");
    const onProjector = record(projector);

    const savedOnPhone = nextEventOfType(phone, "recommendation.saved");
    const savedOnProjector = nextEventOfType(projector, "recommendation.saved");
    const savedOnLaptop = nextEventOfType(laptop, "recommendation.saved");
    const saved = unwrap(
      (await send(laptop, "recommendation:save", {
        clientId: newClientId(),
        title: "Fund a living lab with the ministry",
        owner: { kind: "organisation", name: "Ministry of Innovation" },
        deadline: "2025-06-30",
        priority: "high",
      })) as Result<RecommendationView>,
    );

    for (const event of await Promise.all([savedOnPhone, savedOnProjector, savedOnLaptop])) {
      expect(event.payload.recommendation).toEqual(saved);
    }
    expect(saved).toMatchObject({ title: "Fund a living lab with the ministry", position: 0, endorsements: helixCounts() });

    // A second one, then moved first, then the first removed: each screen follows.
    const second = unwrap(
      (await send(laptop, "recommendation:save", {
        clientId: newClientId(),
        title: "Open an inter-ministerial cluster desk",
        owner: { kind: "helix", helix: "government" },
        priority: "medium",
      })) as Result<RecommendationView>,
    );
    const reordered = nextEventOfType(phone, "recommendations.reordered");
    expect(unwrap(await send(laptop, "recommendation:move", { recommendationId: second.id, toIndex: 0 }))).toEqual({
      order: [second.id, saved.id],
    });
    expect((await reordered).payload).toEqual({ order: [second.id, saved.id] });
    const removed = nextEventOfType(projector, "recommendation.removed");
    expect(unwrap(await send(laptop, "recommendation:remove", { recommendationId: saved.id }))).toEqual({ id: saved.id });
    expect((await removed).payload).toEqual({ id: saved.id });

    // What the projector shows, from its snapshot and the events, is what the server holds.
    const shown = applyEvents(start.snapshot, onProjector).state.recommendations;
    expect(shown).toEqual(await server.services.recommendations.list(day.workshop.id));
    expect(shown.map((r) => [r.title, r.position])).toEqual([["Open an inter-ministerial cluster desk", 0]]);
  });

  it("a phone and the projector cannot draft, move or remove recommendations (forbidden), and the projector cannot endorse; nothing reaches the screens", async () => {
    const server = await startServer();
    const day = await actionPlan(server);
    const agnes = await day.join("Ágnes", "community");
    const desk = await day.recommend("Open an inter-ministerial cluster desk");
    await day.moveRoomTo("recommendations");
    const laptop = await day.laptop();
    const projector = await day.projector();
    const phone = await day.phone(agnes.token);
    const onLaptop = record(laptop);
    const countsOnLaptop = recordEndorsements(laptop);
    const countsOnProjector = recordEndorsements(projector);
    const attempt = {
      clientId: newClientId("phone"),
      title: "Ours now",
      owner: { kind: "helix", helix: "community" },
      priority: "high",
    };

    for (const socket of [phone, projector]) {
      expectError(await send(socket, "recommendation:save", attempt), "forbidden");
      expectError(await send(socket, "recommendation:move", { recommendationId: desk.id, toIndex: 0 }), "forbidden");
      expectError(await send(socket, "recommendation:remove", { recommendationId: desk.id }), "forbidden");
    }
    expectError(await endorse(projector, desk.id), "forbidden");
    // The laptop, which is not a participant, cannot endorse either.
    expectError(await endorse(laptop, desk.id), "forbidden");

    await quietPeriod();
    expect(onLaptop).toEqual([]);
    expect(countsOnLaptop).toEqual([]);
    expect(countsOnProjector).toEqual([]);
    expect(await server.services.recommendations.list(day.workshop.id)).toEqual([desk]);
    expect(await server.services.recommendations.counts(day.workshop.id)).toEqual({});
  });
});

describe("the room endorses from their phones", () => {
  it("20 phones endorse at once: the projector and the laptop get a few coalesced count messages, not 20, and the last carries the counts by helix; a repeated endorsement sends nothing, taking one back sends the new counts", async () => {
    const server = await startServer();
    const day = await actionPlan(server);
    // 8 government, 6 business, 4 academia, 2 community.
    const helices: Helix[] = [
      ...Array<Helix>(8).fill("government"),
      ...Array<Helix>(6).fill("business"),
      ...Array<Helix>(4).fill("academia"),
      ...Array<Helix>(2).fill("community"),
    ];
    const room = await mapInOrder(helices, (helix, i) => day.join(`Participant ${i + 1}`, helix));
    const desk = await day.recommend("Open an inter-ministerial cluster desk");
    const trust = await day.recommend("Set up a regional data trust");
    await day.moveRoomTo("recommendations");
    const laptop = await day.laptop();
    const projector = await day.projector();
    const phones = await Promise.all(room.map((p) => day.phone(p.token)));
    const onLaptop = recordEndorsements(laptop);
    const onProjector = recordEndorsements(projector);
    const onPhone = recordEndorsements(phones[0]);
    const inbox: unknown[] = [];
    for (const socket of [laptop, projector, ...phones])
      socket.onAny((event: string, ...args: unknown[]) => inbox.push([event, args]));

    // Everyone endorses the desk; the government and business participants the data trust too.
    const burst = phones.flatMap((phone, i) => [
      endorse(phone, desk.id),
      ...(helices[i] === "government" || helices[i] === "business" ? [endorse(phone, trust.id)] : []),
    ]);
    const acks = (await Promise.all(burst)).map(unwrap);
    expect(acks).toHaveLength(34);

    const expected = {
      [desk.id]: helixCounts({ government: 8, business: 6, academia: 4, community: 2 }),
      [trust.id]: helixCounts({ government: 8, business: 6 }),
    };
    const complete = (received: Endorsements[]) => () => {
      const last = received.at(-1);
      return last && isDeepStrictEqual(last.counts, expected) && last;
    };
    await eventually(complete(onProjector), "the full counts on the projector");
    await eventually(complete(onLaptop), "the full counts on the laptop");
    await eventually(complete(onPhone), "the full counts on a phone");
    await quietPeriod();
    for (const [where, received] of [
      ["projector", onProjector],
      ["laptop", onLaptop],
      ["phone", onPhone],
    ] as const) {
      expect(received.length, where).toBeGreaterThanOrEqual(1);
      expect(received.length, `${where}: messages for 34 endorsements`).toBeLessThanOrEqual(5);
      expect(received.at(-1), where).toEqual({ counts: expected });
      for (const message of received) {
        expect(Object.keys(message), where).toEqual(["counts"]);
        for (const counts of Object.values(message.counts)) expect(Object.keys(counts).sort()).toEqual([...HELICES].sort());
      }
    }
    expect(await server.services.recommendations.counts(day.workshop.id)).toEqual(expected);
    // No endorser appears in anything any screen received.
    const text = JSON.stringify(inbox);
    expect(room.filter((p) => text.includes(p.participant.id)).map((p) => p.participant.displayName)).toEqual([]);

    // The same endorsement again changes nothing: no message.
    const [before, beforeLaptop] = [onProjector.length, onLaptop.length];
    expect(unwrap(await endorse(phones[0], desk.id))).toEqual({ recommendationId: desk.id, endorsed: true });
    await quietPeriod();
    expect(onProjector).toHaveLength(before);
    expect(onLaptop).toHaveLength(beforeLaptop);

    // Participant 1 (government) takes the desk back: one message with the new counts.
    expect(unwrap(await endorse(phones[0], desk.id, false))).toEqual({ recommendationId: desk.id, endorsed: false });
    const next = await eventually(() => onProjector[before], "the counts after one taken back");
    expect(next.counts[desk.id]).toEqual(helixCounts({ government: 7, business: 6, academia: 4, community: 2 }));
    expect(next.counts[trust.id]).toEqual(expected[trust.id]);
    await quietPeriod();
    expect(onProjector).toHaveLength(before + 1);

    // Applied to the projector's state, the counts are what the server holds.
    const snapshot = await server.services.room.snapshot(day.workshop.id, "room");
    if (!snapshot) throw new Error("no snapshot");
    const stale = { ...snapshot, recommendations: snapshot.recommendations.map((r) => ({ ...r, endorsements: helixCounts() })) };
    expect(onProjector.reduce((state, m) => applyEndorsements(state, m.counts), stale).recommendations).toEqual(
      snapshot.recommendations,
    );
  });

  it("outside the recommendations step a phone's endorsement is refused (conflict) and no counts are sent", async () => {
    const server = await startServer();
    const day = await actionPlan(server);
    const agnes = await day.join("Ágnes", "community");
    const desk = await day.recommend("Open an inter-ministerial cluster desk");
    await day.moveRoomTo("vote_solutions");
    const projector = await day.projector();
    const phone = await day.phone(agnes.token);
    const onProjector = recordEndorsements(projector);

    expectError(await endorse(phone, desk.id), "conflict");
    await quietPeriod();
    expect(onProjector).toEqual([]);
    expect(await server.services.recommendations.counts(day.workshop.id)).toEqual({});
  });

  it("a phone that lost its connection and comes back gets the current counts and its own endorsements in the workshop:sync answer, and nothing of anyone else's", async () => {
    const server = await startServer();
    const day = await actionPlan(server);
    const gabor = await day.join("Gábor", "government");
    const gizella = await day.join("Gizella", "government");
    const dora = await day.join("Dóra", "business");
    const desk = await day.recommend("Open an inter-ministerial cluster desk");
    const trust = await day.recommend("Set up a regional data trust");
    const charter = await day.recommend("Publish an open-data charter");
    await day.moveRoomTo("recommendations");

    const first = await day.phone(gabor.token);
    const lastSeq = Math.max(...syncedEvents(await sync(first, { lastSeq: 0 })).map((e) => e.seq));
    unwrap(await endorse(first, desk.id));
    unwrap(await endorse(first, charter.id));
    first.disconnect();
    // While Gábor's phone is away, the others endorse.
    for (const [who, id] of [
      [gizella, desk.id],
      [dora, desk.id],
      [dora, trust.id],
    ] as const) {
      unwrap(await server.services.recommendations.endorse(who.actor, day.workshop.id, { recommendationId: id, endorsed: true }));
    }

    const again = await day.phone(gabor.token);
    const expected = {
      [desk.id]: helixCounts({ government: 2, business: 1 }),
      [trust.id]: helixCounts({ business: 1 }),
      [charter.id]: helixCounts({ government: 1 }),
    };
    const caughtUp = unwrap(await sync(again, { lastSeq }));
    expect(caughtUp.mode).toBe("events");
    expect(caughtUp.endorsements).toEqual(expected);
    expect([...caughtUp.myEndorsements].sort()).toEqual([desk.id, charter.id].sort());
    // Far behind (or ahead), it gets a snapshot, with the same extras.
    const fresh = unwrap(await sync(again, { lastSeq: 1_000_000 }));
    expect(fresh.mode).toBe("snapshot");
    expect(fresh.endorsements).toEqual(expected);
    expect([...fresh.myEndorsements].sort()).toEqual([desk.id, charter.id].sort());

    // Dóra's phone learns hers; the projector and the laptop learn no one's.
    const doraPhone = await day.phone(dora.token);
    expect([...unwrap(await sync(doraPhone, { lastSeq })).myEndorsements].sort()).toEqual([desk.id, trust.id].sort());
    for (const screen of [await day.projector(), await day.laptop()]) {
      const answer = unwrap(await sync(screen, { lastSeq }));
      expect(answer.endorsements).toEqual(expected);
      expect(answer.myEndorsements).toEqual([]);
    }
  });
});
