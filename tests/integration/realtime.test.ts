import { afterEach, describe, expect, it, vi } from "vitest";
import { applyEvents, type LobbyParticipant, type TallyUpdate, type WorkshopState } from "../../app/domain/workshop-state";
import type { HandshakeAuth } from "../../app/realtime/protocol";
import { TALLY_INTERVAL_MS } from "../../app/realtime/server.server";
import { HOST_CHALLENGES } from "../fixtures/budapest";
import { expectConsoleError } from "../setup/fail-on-console-error";
import {
  budapestDay,
  createFacilitator,
  createWorkshop,
  joinWorkshop,
  newClientId,
  nextEvent,
  startRealtimeServer,
  unwrap,
} from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  expectError,
  nextEventOfType,
  once,
  quietPeriod,
  type RealtimeServer,
  record,
  refusal,
  send,
  startServer,
  sync,
  syncedEvents,
  type WorkshopSocket,
} from "./socket-helpers";

/**
 * The realtime layer on a workshop morning: phones, the facilitator's laptop and the projector
 * talk to a real Socket.IO server on a real database (SQLite or PostgreSQL), through socket.io-client.
 */

afterEach(closeServers);

/** A facilitator with one workshop (anonymous by default, like the app's default). */
async function morning(server: RealtimeServer, input: Record<string, unknown> = {}, name = "Facilitator") {
  const { facilitator, actor } = await createFacilitator(server.services, name);
  const workshop = await createWorkshop(server.services, actor, input);
  return { facilitator, actor, workshop };
}

/** A valid sync still answers: the server is alive and this socket is still served. */
async function expectSyncWorks(socket: WorkshopSocket) {
  const result = await sync(socket, { lastSeq: 0 });
  expect(result.ok).toBe(true);
  return result;
}

const byJoinOrder = (list: LobbyParticipant[]) => [...list].sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));

describe("handshake: who may open a live connection", () => {
  it("a community participant who joined by code connects with the cookie their phone got", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const joined = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });

    const phone = await connectParticipant(server, workshop.id, joined.token);

    expect(phone.connected).toBe(true);
    expect(syncedEvents(await sync(phone, { lastSeq: 0 })).map((e) => e.type)).toEqual(["participant.joined"]);
  });

  it("a phone with no cookie, or with a made-up token, is refused as unauthenticated", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    await joinWorkshop(server.services, workshop.joinCode);

    const noCookie = await refusal(server.client({ as: "participant", workshopId: workshop.id }));
    expect(noCookie.data?.code).toBe("unauthenticated");

    const madeUp = await refusal(connectParticipant(server, workshop.id, "not-a-real-token-at-all"));
    expect(madeUp.data?.code).toBe("unauthenticated");

    const garbage = await refusal(
      server.client({ as: "participant", workshopId: workshop.id }, { cookie: `hr_p_${workshop.id}=%%%` }),
    );
    expect(garbage.data?.code).toBe("unauthenticated");
  });

  it("a participant's token for workshop A never opens workshop B", async () => {
    const server = await startServer();
    const { actor, workshop: a } = await morning(server);
    const b = await createWorkshop(server.services, actor, { title: "Second workshop" });
    const inA = await joinWorkshop(server.services, a.joinCode, { displayName: "Bence" });

    // The phone's own cookie for A, but asking for B.
    const aCookieForB = await refusal(connectParticipant(server, b.id, inA.token, a.id));
    expect(aCookieForB.data?.code).toBe("unauthenticated");

    // A's token copied into a cookie named for B.
    const tokenMovedToB = await refusal(connectParticipant(server, b.id, inA.token));
    expect(tokenMovedToB.data?.code).toBe("unauthenticated");

    // The same token still opens A.
    const phone = await connectParticipant(server, a.id, inA.token);
    expect(phone.connected).toBe(true);
  });

  it("a facilitator connects to their own workshop, another facilitator is forbidden, nobody logged out gets in", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server, {}, "Owner");
    const other = await createFacilitator(server.services, "Someone else");
    const othersWorkshop = await createWorkshop(server.services, other.actor, { title: "Other workshop" });

    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);
    expect(laptop.connected).toBe(true);
    expect((await sync(laptop, { lastSeq: 0 })).ok).toBe(true);

    const intruder = await refusal(connectFacilitator(server, other.facilitator.id, workshop.id));
    expect(intruder.data?.code).toBe("forbidden");

    const ownerIntoOther = await refusal(connectFacilitator(server, facilitator.id, othersWorkshop.id));
    expect(ownerIntoOther.data?.code).toBe("forbidden");

    const loggedOut = await refusal(server.client({ as: "facilitator", workshopId: workshop.id }));
    expect(loggedOut.data?.code).toBe("unauthenticated");
  });

  it("the projector connects with its display link and is refused with a wrong one", async () => {
    const server = await startServer();
    const { actor, workshop } = await morning(server);
    const other = await createWorkshop(server.services, actor, { title: "Other workshop" });

    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);
    expect(projector.connected).toBe(true);

    const wrong = await refusal(connectDisplay(server, workshop.id, "wrong-display-token"));
    expect(wrong.data?.code).toBe("unauthenticated");

    // A valid link, but for another workshop.
    const otherLink = await refusal(connectDisplay(server, workshop.id, other.displayToken));
    expect(otherLink.data?.code).toBe("unauthenticated");
  });

  it("a malformed handshake (unknown role, missing workshop, missing display token) is refused as validation", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);

    const malformed: unknown[] = [
      { as: "wizard", workshopId: workshop.id },
      { as: "participant" },
      { as: "display", workshopId: workshop.id },
      {},
    ];
    for (const auth of malformed) {
      const error = await refusal(server.client(auth as HandshakeAuth));
      expect(error.data?.code, JSON.stringify(auth)).toBe("validation");
    }
  });

  it("a page on another site cannot open a socket; the app's own pages and allowed origins can", async () => {
    const server = await startServer({ allowedOrigins: ["https://review.mediklaszter.example"] });
    const { workshop } = await morning(server);
    const auth: HandshakeAuth = { as: "display", workshopId: workshop.id, displayToken: workshop.displayToken };

    for (const origin of ["https://evil.example", "https://review.mediklaszter.example.evil.example", "null"]) {
      const error = await refusal(server.client(auth, { origin }));
      expect(error, origin).toBeInstanceOf(Error);
      // Refused before the handshake middleware ever ran: no application error code.
      expect(error.data?.code, origin).toBeUndefined();
    }

    const sameHost = await server.client(auth, { origin: server.url });
    expect(sameHost.connected).toBe(true);

    const allowed = await server.client(auth, { origin: "https://review.mediklaszter.example" });
    expect(allowed.connected).toBe(true);
  });
});

describe("live lobby", () => {
  it("the facilitator sees a community participant join live, with increasing seq numbers", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);

    const first = nextEvent(laptop);
    const agnes = await joinWorkshop(server.services, workshop.joinCode, {
      displayName: "Ágnes",
      helix: "community",
      organisation: "Civil Forum",
    });
    const joined = await first;
    expect(joined).toMatchObject({
      seq: 1,
      type: "participant.joined",
      payload: {
        participant: { id: agnes.participant.id, displayName: "Ágnes", helix: "community", organisation: "Civil Forum" },
      },
    });

    const second = nextEvent(laptop);
    await joinWorkshop(server.services, workshop.joinCode, { displayName: "Bence", helix: "academia" });
    const next = await second;
    expect(next.type).toBe("participant.joined");
    expect(next.seq).toBe(joined.seq + 1);
    if (next.type !== "participant.joined") throw new Error("unreachable");
    expect(next.payload.participant.displayName).toBe("Bence");
  });

  it("the projector of an anonymous workshop (default) shows a newcomer without their name", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    expect(workshop.settings.anonymity).toBe("anonymous");
    const earlyPhone = await connectParticipant(
      server,
      workshop.id,
      (await joinWorkshop(server.services, workshop.joinCode)).token,
    );
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);

    const onLaptop = nextEventOfType(laptop, "participant.joined");
    const onProjector = nextEventOfType(projector, "participant.joined");
    const onPhone = nextEventOfType(earlyPhone, "participant.joined");
    await joinWorkshop(server.services, workshop.joinCode, {
      displayName: "Ágnes",
      helix: "community",
      organisation: "Civil Forum",
    });

    const [full, redacted, phoneView] = await Promise.all([onLaptop, onProjector, onPhone]);
    expect(full.payload.participant).toMatchObject({ displayName: "Ágnes", organisation: "Civil Forum", helix: "community" });
    expect(redacted.payload.participant).toMatchObject({ displayName: null, organisation: null, helix: "community" });
    expect(redacted.seq).toBe(full.seq);
    expect(redacted.payload.participant.id).toBe(full.payload.participant.id);
    expect(phoneView.payload.participant.displayName).toBeNull();
  });

  it("the projector of a named workshop shows the newcomer's name", async () => {
    const server = await startServer();
    const { workshop } = await morning(server, { anonymity: "named" });
    expect(workshop.settings.anonymity).toBe("named");
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);

    const onProjector = nextEventOfType(projector, "participant.joined");
    await joinWorkshop(server.services, workshop.joinCode, {
      displayName: "Ágnes",
      helix: "community",
      organisation: "Civil Forum",
    });

    const event = await onProjector;
    expect(event.seq).toBe(1);
    expect(event.payload.participant).toMatchObject({ displayName: "Ágnes", organisation: "Civil Forum", helix: "community" });
  });
});

describe("catch-up after a lost connection", () => {
  it("a projector that dropped while two participants joined gets exactly the missed events, in order", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });

    // The projector page loaded (snapshot at seq 1) and connected; then the Wi-Fi dropped.
    const before = (await server.services.room.snapshot(workshop.id, "room")) as WorkshopState;
    expect(before.seq).toBe(1);
    const first = await connectDisplay(server, workshop.id, workshop.displayToken);
    const dropped = once<string>(first, "disconnect");
    first.disconnect();
    await dropped;

    const bence = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Bence", helix: "academia" });
    const csilla = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Csilla", helix: "government" });

    const again = await connectDisplay(server, workshop.id, workshop.displayToken);
    const missed = syncedEvents(await sync(again, { lastSeq: before.seq }));

    expect(missed.map((e) => [e.seq, e.type])).toEqual([
      [2, "participant.joined"],
      [3, "participant.joined"],
    ]);
    expect(missed.map((e) => (e.type === "participant.joined" ? e.payload.participant.id : null))).toEqual([
      bence.participant.id,
      csilla.participant.id,
    ]);
    // Still the room's view: no names on an anonymous workshop.
    expect(missed.map((e) => (e.type === "participant.joined" ? e.payload.participant.displayName : "?"))).toEqual([null, null]);

    // The client's reducer on its old state agrees with a fresh snapshot.
    const applied = applyEvents(before, missed);
    const fresh = (await server.services.room.snapshot(workshop.id, "room")) as WorkshopState;
    expect(applied.gap).toBe(false);
    expect(applied.state.seq).toBe(fresh.seq);
    expect(byJoinOrder(applied.state.participants)).toEqual(byJoinOrder(fresh.participants));
    expect(applied.state.participants).toHaveLength(3);
  });

  it("a lastSeq of 0 replays the whole log of a fresh workshop as events", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);

    expect(syncedEvents(await sync(laptop, { lastSeq: 0 }))).toEqual([]);

    await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    await joinWorkshop(server.services, workshop.joinCode, { displayName: "Bence", helix: "business" });

    const all = syncedEvents(await sync(laptop, { lastSeq: 0 }));
    expect(all.map((e) => e.seq)).toEqual([1, 2]);
    expect(all.map((e) => (e.type === "participant.joined" ? e.payload.participant.displayName : null))).toEqual([
      "Ágnes",
      "Bence",
    ]);
  });

  it("a client claiming a seq far ahead of the server (999) gets a snapshot of the current room", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const agnes = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const bence = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Bence", helix: "academia" });
    const phone = await connectParticipant(server, workshop.id, agnes.token);

    const result = await sync(phone, { lastSeq: 999 });
    if (!result.ok || result.data.mode !== "snapshot") throw new Error(`expected a snapshot: ${JSON.stringify(result)}`);
    const { snapshot } = result.data;
    expect(snapshot.seq).toBe(2);
    expect(snapshot.workshop.id).toBe(workshop.id);
    expect(snapshot.participants.map((p) => p.id).sort()).toEqual([agnes.participant.id, bence.participant.id].sort());
    // A phone is the room: names stay hidden in an anonymous workshop.
    expect(snapshot.participants.every((p) => p.displayName === null)).toBe(true);
    expect(snapshot).toEqual(await server.services.room.snapshot(workshop.id, "room"));
  });
});

describe("bad input over the socket", () => {
  it("a sync with a negative, non-numeric or missing lastSeq is a validation error, and the next valid sync still works", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const phone = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);

    for (const payload of [{ lastSeq: -1 }, { lastSeq: "x" }, { lastSeq: 1.5 }, null]) {
      expectError(await sync(phone, payload), "validation");
      await expectSyncWorks(phone);
    }
    // No payload at all: only the ack.
    expectError(await send(phone, "workshop:sync"), "validation");
    expect(syncedEvents(await expectSyncWorks(phone))).toHaveLength(1);
  });

  it("an unknown message is answered with unknown_event, and the socket keeps working", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const phone = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);

    expectError(await send(phone, "workshop:explode", { now: true }), "unknown_event");
    expectError(await send(phone, "admin:dropTables"), "unknown_event");
    await expectSyncWorks(phone);
  });

  it("a service that fails — throwing at once or rejecting later — is answered internal, the failure is logged, and the socket keeps working", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const phone = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);
    const profile = vi.spyOn(server.services.participants, "updateProfile");
    expectConsoleError(2);

    profile.mockImplementationOnce(() => {
      throw new Error("the database went away");
    });
    expectError(await send(phone, "participant:updateProfile", { helix: "business", role: "local_stakeholder" }), "internal");
    profile.mockImplementationOnce(() => Promise.reject(new Error("the database went away, later")));
    expectError(await send(phone, "participant:updateProfile", { helix: "business", role: "local_stakeholder" }), "internal");
    await expectSyncWorks(phone);

    // The service answers again: so does the socket.
    profile.mockRestore();
    const changed = await send(phone, "participant:updateProfile", { helix: "business", role: "local_stakeholder" });
    expect(changed.ok, JSON.stringify(changed)).toBe(true);
  });

  it("a participant cannot open the workshop: forbidden, and the status stays draft", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    const phone = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);
    const seqBefore = (await server.services.room.snapshot(workshop.id, "room"))?.seq;

    expectError(await send(phone, "workshop:setStatus", { status: "live" }), "forbidden");
    expectError(await send(phone, "workshop:setStatus", { status: "closed" }), "forbidden");

    const after = await server.services.room.snapshot(workshop.id, "facilitator");
    expect(after?.workshop.status).toBe("draft");
    expect(after?.seq).toBe(seqBefore);
    await expectSyncWorks(phone);
  });

  it("the projector cannot change anyone's profile: forbidden", async () => {
    const server = await startServer();
    const { workshop } = await morning(server);
    await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);

    expectError(await send(projector, "participant:updateProfile", { helix: "business", role: "observer" }), "forbidden");
    expect((await server.services.room.snapshot(workshop.id, "facilitator"))?.participants[0]).toMatchObject({
      helix: "community",
      role: "local_stakeholder",
    });
    await expectSyncWorks(projector);
  });

  it("the facilitator opens the workshop: ok, and every phone and the projector hear it", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const phoneA = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);
    const phoneB = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);

    const heard = [phoneA, phoneB, projector, laptop].map((s) => nextEventOfType(s, "workshop.statusChanged"));
    const result = await send(laptop, "workshop:setStatus", { status: "live" });

    expect(result).toEqual({ ok: true, data: { status: "live" } });
    for (const event of await Promise.all(heard)) {
      expect(event).toMatchObject({ seq: 3, type: "workshop.statusChanged", payload: { status: "live" } });
    }
    expect((await server.services.room.snapshot(workshop.id, "room"))?.workshop.status).toBe("live");

    // An invalid status from the facilitator is a validation error and changes nothing.
    expectError(await send(laptop, "workshop:setStatus", { status: "paused" }), "validation");
    expect((await server.services.room.snapshot(workshop.id, "room"))?.workshop.status).toBe("live");
    await expectSyncWorks(laptop);
  });

  it("a message over 16 KB drops only that socket; the server stays up for everyone else", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const joined = await joinWorkshop(server.services, workshop.joinCode);
    const phone = await connectParticipant(server, workshop.id, joined.token);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);

    const dropped = once<string>(phone, "disconnect");
    const oversized = send(phone, "workshop:sync", { lastSeq: 0, padding: "x".repeat(20 * 1024) });
    await expect(oversized).rejects.toThrow();
    expect(await dropped).toMatch(/transport (close|error)/);
    expect(phone.connected).toBe(false);

    // The other client was not affected, and the same phone can come back.
    expect(laptop.connected).toBe(true);
    await expectSyncWorks(laptop);
    const back = await connectParticipant(server, workshop.id, joined.token);
    expect(syncedEvents(await expectSyncWorks(back))).toHaveLength(1);
  });
});

describe("participant profile over the socket", () => {
  it("a community participant who switches to academia is shown updated to the facilitator", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const agnes = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const phone = await connectParticipant(server, workshop.id, agnes.token);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);

    const onLaptop = nextEventOfType(laptop, "participant.updated");
    const result = await send(phone, "participant:updateProfile", {
      displayName: "Ágnes",
      helix: "academia",
      role: "local_stakeholder",
    });

    expect(result.ok).toBe(true);
    expect(result.ok && result.data).toMatchObject({ id: agnes.participant.id, helix: "academia", displayName: "Ágnes" });
    const event = await onLaptop;
    expect(event.seq).toBe(2);
    expect(event.payload.participant).toMatchObject({ id: agnes.participant.id, displayName: "Ágnes", helix: "academia" });
    expect((await server.services.room.snapshot(workshop.id, "facilitator"))?.participants[0].helix).toBe("academia");
  });

  it("a community participant sending an invalid helix gets a validation error and nothing changes", async () => {
    const server = await startServer();
    const { facilitator, workshop } = await morning(server);
    const agnes = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const phone = await connectParticipant(server, workshop.id, agnes.token);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);
    const before = await server.services.room.snapshot(workshop.id, "facilitator");
    const seen = record(laptop);

    const result = await send(phone, "participant:updateProfile", {
      displayName: "Ágnes",
      helix: "aliens",
      role: "local_stakeholder",
    });

    const error = expectError(result, "validation");
    expect(error.fields?.helix).toBeDefined();
    await quietPeriod();
    expect(seen).toEqual([]);
    expect(await server.services.room.snapshot(workshop.id, "facilitator")).toEqual(before);
    expect(before?.participants[0].helix).toBe("community");
  });
});

describe("rate limit", () => {
  it("a participant's sixth message within the window is told to slow down; others are not affected", async () => {
    const server = await startServer({ rateLimit: { points: 5, perSeconds: 60 } });
    const { workshop } = await morning(server);
    const chatty = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);
    const calm = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);

    for (let i = 1; i <= 5; i++) {
      expect((await sync(chatty, { lastSeq: 0 })).ok, `message ${i}`).toBe(true);
    }
    expectError(await sync(chatty, { lastSeq: 0 }), "rate_limited");
    expectError(await send(chatty, "participant:updateProfile", { helix: "academia", role: "observer" }), "rate_limited");

    await expectSyncWorks(calm);
  });

  it("unknown messages count against the limit too, so they cannot be used to flood the server", async () => {
    const server = await startServer({ rateLimit: { points: 5, perSeconds: 60 } });
    const { workshop } = await morning(server);
    const noisy = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);

    for (let i = 1; i <= 5; i++) expectError(await send(noisy, "vote:everything", {}), "unknown_event");
    expectError(await send(noisy, "vote:everything", {}), "rate_limited");
    expectError(await sync(noisy, { lastSeq: 0 }), "rate_limited");
  });
});

describe("display link replaced", () => {
  it("rotating the display link revokes the open projector, and the old link no longer connects", async () => {
    const server = await startServer();
    const { actor, facilitator, workshop } = await morning(server);
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);
    const laptop = await connectFacilitator(server, facilitator.id, workshop.id);
    const phone = await connectParticipant(server, workshop.id, (await joinWorkshop(server.services, workshop.joinCode)).token);

    const revoked = once<{ code: string; message: string }>(projector, "session:revoked");
    const disconnected = once<string>(projector, "disconnect");
    const rotated = await server.services.workshops.rotateDisplayToken(actor, workshop.id);
    if (!rotated.ok) throw new Error(rotated.error.message);

    expect(await revoked).toMatchObject({ code: "unauthenticated" });
    await disconnected;
    expect(projector.connected).toBe(false);

    const old = await refusal(connectDisplay(server, workshop.id, workshop.displayToken));
    expect(old.data?.code).toBe("unauthenticated");
    const fresh = await connectDisplay(server, workshop.id, rotated.data.displayToken);
    expect(fresh.connected).toBe(true);

    // Facilitators and phones stay connected.
    expect(laptop.connected).toBe(true);
    expect(phone.connected).toBe(true);
    await expectSyncWorks(phone);
    await expectSyncWorks(laptop);
  });
});

/**
 * A vote day on a server whose reads of the vote totals for the screens wait until `release`: what
 * the server does while a read of the database is under way (slow on PostgreSQL under load).
 */
async function voteDayWithHeldTotals(server: RealtimeServer) {
  const day = await budapestDay(server.services);
  const challenge = await day.hostChallenge(HOST_CHALLENGES[0]);
  await day.moveRoomTo("vote_challenges");
  const agnes = await day.join("Ágnes", "community");
  const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
  const tallies: TallyUpdate[] = [];
  laptop.on("workshop:tallies", (update) => tallies.push(update));
  const steps: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const read = server.services.voting.currentTalliesForScreens;
  server.services.voting.currentTalliesForScreens = async (workshopId) => {
    steps.push("read");
    await held;
    const totals = await read(workshopId);
    steps.push("read done");
    return totals;
  };
  const vote = async (points: number) =>
    unwrap(
      await server.services.voting.vote(agnes.actor, day.workshop.id, {
        clientId: newClientId(),
        contributionId: challenge.id,
        points,
      }),
    );
  const lastCommunityPoints = () => {
    const last = tallies.at(-1);
    return last && !("cleared" in last) ? last.items[challenge.id]?.community : undefined;
  };
  return { steps, release, vote, lastCommunityPoints };
}

describe("vote totals while the database is slow, and the server closing", () => {
  it("a read of the totals waits for the one before: the laptop ends on the stored totals", async () => {
    const server = await startServer();
    const { steps, release, vote, lastCommunityPoints } = await voteDayWithHeldTotals(server);

    await vote(2);
    await eventually(() => steps.includes("read"), "the totals being read");
    await vote(3);
    // Well past the interval: the second read has not started, the first is still under way.
    await new Promise((resolve) => setTimeout(resolve, 3 * TALLY_INTERVAL_MS));
    expect(steps).toEqual(["read"]);

    release();
    await eventually(() => steps.length === 4, "both reads done");
    expect(steps).toEqual(["read", "read done", "read", "read done"]);
    await eventually(() => lastCommunityPoints() === 3, "the laptop on the stored totals");
  });

  it("closing waits for the totals being read: the database is closed only after", async () => {
    // Closed by the test itself (not by closeServers): it watches the close.
    const server = await startRealtimeServer();
    const { steps, release, vote } = await voteDayWithHeldTotals(server);
    const closeDatabase = server.database.cleanup;
    server.database.cleanup = () => {
      steps.push("database closed");
      // A close that did not wait lets the held read run now, on the closed database.
      release();
      return closeDatabase();
    };

    await vote(2);
    await eventually(() => steps.includes("read"), "the totals being read");
    const closed = server.close();
    setTimeout(release, 3 * TALLY_INTERVAL_MS);
    await closed;

    expect(steps).toEqual(["read", "read done", "database closed"]);
  });
});
