import { afterEach, describe, expect, it } from "vitest";
import type { NoteSaveAnswer, NoteView } from "../../app/domain/notes";
import type { WorkshopEvent } from "../../app/domain/workshop-state";
import { budapestDay, createFacilitator, createTestServices, createWorkshop, joinWorkshop, unwrap } from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  expectError,
  quietPeriod,
  record,
  send,
  startServer,
  type WorkshopSocket,
} from "./socket-helpers";

afterEach(closeServers);

/** Every note message a socket receives from now on. */
function notesHeard(socket: WorkshopSocket) {
  const heard: NoteView[] = [];
  socket.on("workshop:note", (note) => heard.push(note));
  return heard;
}

describe("rapporteur notes on the service path", () => {
  it("Eszter writes a note on the current step, then edits it: versions 1 and 2, her name on it", async () => {
    const t = createTestServices();
    const day = await budapestDay(t.services);
    const subject = `step:${await day.step("collect_challenges")}`;

    const first = unwrap(
      await t.services.notes.save(day.actor, day.workshop.id, { subject, body: "Room is slow to start", baseVersion: 0 }),
    );
    const second = unwrap(
      await t.services.notes.save(day.actor, day.workshop.id, {
        subject,
        body: "Room is slow to start; energy after coffee",
        baseVersion: 1,
      }),
    );

    expect(first).toMatchObject({ saved: true, note: { version: 1, updatedBy: "Eszter" } });
    expect(second).toMatchObject({ saved: true, note: { version: 2, body: "Room is slow to start; energy after coffee" } });
    expect(unwrap(await t.services.notes.list(day.actor, day.workshop.id))).toEqual([
      expect.objectContaining({ subject, version: 2, updatedBy: "Eszter" }),
    ]);
    expect(t.notesChanged.map((n) => n.note.version)).toEqual([1, 2]);
    // Not a workshop event: the room's screens follow the log and never see notes.
    expect(t.published.flatMap((p) => p.events).filter((e) => JSON.stringify(e).includes("slow to start"))).toEqual([]);
    t.cleanup();
  });

  it("a save based on an older version is answered with a conflict and the other text, and changes nothing", async () => {
    const t = createTestServices();
    const day = await budapestDay(t.services);
    const challenge = await day.hostChallenge("Ministries do not talk to each other");
    const subject = `challenge:${challenge.id}`;
    unwrap(
      await t.services.notes.save(day.actor, day.workshop.id, { subject, body: "Laptop A: monthly meeting", baseVersion: 0 }),
    );

    const late = unwrap(
      await t.services.notes.save(day.actor, day.workshop.id, { subject, body: "Laptop B: a shared desk", baseVersion: 0 }),
    );

    expect(late).toEqual<NoteSaveAnswer>({
      saved: false,
      conflict: true,
      current: expect.objectContaining({ body: "Laptop A: monthly meeting", version: 1 }),
    });
    expect(unwrap(await t.services.notes.list(day.actor, day.workshop.id))[0]?.body).toBe("Laptop A: monthly meeting");
    // The facilitator keeps theirs: saved on top of the version they were shown.
    const kept = unwrap(
      await t.services.notes.save(day.actor, day.workshop.id, { subject, body: "Laptop B: a shared desk", baseVersion: 1 }),
    );
    expect(kept).toMatchObject({ saved: true, note: { version: 2, body: "Laptop B: a shared desk" } });
    t.cleanup();
  });

  it("a retry of text already saved is answered as saved, with no new version and nothing sent again", async () => {
    const t = createTestServices();
    const day = await budapestDay(t.services);
    const subject = `step:${await day.step("lobby")}`;
    const input = { subject, body: "Welcome by the mayor", baseVersion: 0 };
    unwrap(await t.services.notes.save(day.actor, day.workshop.id, input));

    const retry = unwrap(await t.services.notes.save(day.actor, day.workshop.id, input));

    expect(retry).toMatchObject({ saved: true, note: { version: 1 } });
    expect(t.notesChanged).toHaveLength(1);
    t.cleanup();
  });

  it("a note is about a step or a challenge of this workshop: another workshop's step or a solution is refused", async () => {
    const t = createTestServices();
    const day = await budapestDay(t.services);
    const vienna = await createWorkshop(t.services, day.actor, { title: "Vienna" });
    const viennaStep = unwrap(await t.services.room.forFacilitator(day.actor, vienna.id)).state.steps[0]?.id;

    const foreign = await t.services.notes.save(day.actor, day.workshop.id, {
      subject: `step:${viennaStep}`,
      body: "x",
      baseVersion: 0,
    });
    const bogus = await t.services.notes.save(day.actor, day.workshop.id, {
      subject: "recommendation:r1",
      body: "x",
      baseVersion: 0,
    });

    expectError(foreign, "not_found");
    expectError(bogus, "validation");
    t.cleanup();
  });

  it("a participant, the display and a facilitator of another workshop can neither save nor read notes", async () => {
    const t = createTestServices();
    const day = await budapestDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const stranger = (await createFacilitator(t.services, "Someone from Vienna")).actor;
    const input = { subject: `step:${await day.step("lobby")}`, body: "mine", baseVersion: 0 };

    expectError(await t.services.notes.save(agnes.actor, day.workshop.id, input), "forbidden");
    expectError(
      await t.services.notes.save({ kind: "display", workshopId: day.workshop.id }, day.workshop.id, input),
      "forbidden",
    );
    expectError(await t.services.notes.save(stranger, day.workshop.id, input), "not_found");
    expectError(await t.services.notes.list(agnes.actor, day.workshop.id), "forbidden");
    expectError(await t.services.notes.list(stranger, day.workshop.id), "not_found");
    expect(unwrap(await t.services.notes.list(day.actor, day.workshop.id))).toEqual([]);
    t.cleanup();
  });
});

describe("rapporteur notes on the sockets", () => {
  it("a note typed on one laptop reaches the facilitator's other window at once; a phone and the projector never receive it", async () => {
    const server = await startServer();
    const { facilitator, actor } = await createFacilitator(server.services, "Eszter");
    const workshop = await createWorkshop(server.services, actor, { title: "Budapest peer review" });
    const joined = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const step = unwrap(await server.services.room.forFacilitator(actor, workshop.id)).state.steps[0]?.id as string;
    const laptopA = await connectFacilitator(server, facilitator.id, workshop.id);
    const laptopB = await connectFacilitator(server, facilitator.id, workshop.id);
    const phone = await connectParticipant(server, workshop.id, joined.token);
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);
    const onB = notesHeard(laptopB);
    const onPhone = notesHeard(phone);
    const onProjector = notesHeard(projector);
    const phoneEvents: WorkshopEvent[] = record(phone);
    const projectorEvents: WorkshopEvent[] = record(projector);

    const answer = await send(laptopA, "note:save", { subject: `step:${step}`, body: "Mayor opens at 9:05", baseVersion: 0 });

    expect(answer).toMatchObject({ ok: true, data: { saved: true, note: { version: 1 } } });
    const heard = await eventually(() => onB[0], "laptop B hears the note");
    expect(heard).toMatchObject({ subject: `step:${step}`, body: "Mayor opens at 9:05", updatedBy: "Eszter" });
    await quietPeriod();
    expect(onPhone).toEqual([]);
    expect(onProjector).toEqual([]);
    expect(JSON.stringify([...phoneEvents, ...projectorEvents])).not.toContain("Mayor opens");
  });

  it("a phone and the projector sending note:save are refused, and nothing is stored", async () => {
    const server = await startServer();
    const { actor } = await createFacilitator(server.services, "Eszter");
    const workshop = await createWorkshop(server.services, actor, { title: "Budapest peer review" });
    const joined = await joinWorkshop(server.services, workshop.joinCode, { displayName: "Ágnes", helix: "community" });
    const step = unwrap(await server.services.room.forFacilitator(actor, workshop.id)).state.steps[0]?.id as string;
    const phone = await connectParticipant(server, workshop.id, joined.token);
    const projector = await connectDisplay(server, workshop.id, workshop.displayToken);
    const input = { subject: `step:${step}`, body: "Phone wrote this", baseVersion: 0 };

    expectError(await send(phone, "note:save", input), "forbidden");
    expectError(await send(projector, "note:save", input), "forbidden");
    expect(unwrap(await server.services.notes.list(actor, workshop.id))).toEqual([]);
  });
});

describe("a contribution's edit history, for facilitators", () => {
  it("lists every earlier wording, oldest first, with who replaced it: the participant, then the facilitator by name", async () => {
    let now = Date.UTC(2024, 10, 14, 9, 0, 0);
    const t = createTestServices({ clock: () => now });
    const day = await budapestDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    await day.moveRoomTo("collect_challenges");
    const submitted = unwrap(
      await t.services.contributions.submit(agnes.actor, day.workshop.id, {
        kind: "challenge",
        clientId: "agnes-0001-abcdef",
        title: "Ministries dont talk",
      }),
    );
    now += 60_000;
    unwrap(
      await t.services.contributions.edit(agnes.actor, day.workshop.id, {
        contributionId: submitted.id,
        title: "Ministries do not talk",
        body: null,
      }),
    );
    now += 60_000;
    unwrap(
      await t.services.moderation.edit(day.actor, day.workshop.id, {
        contributionId: submitted.id,
        title: "Ministries do not talk to each other",
        body: null,
      }),
    );

    const history = unwrap(await t.services.moderation.history(day.actor, day.workshop.id, { contributionId: submitted.id }));

    expect(history.revisions).toEqual([
      expect.objectContaining({
        title: "Ministries dont talk",
        replacedBy: "participant",
        facilitator: null,
        replacedAt: now - 60_000,
      }),
      expect.objectContaining({
        title: "Ministries do not talk",
        replacedBy: "facilitator",
        facilitator: "Eszter",
        replacedAt: now,
      }),
    ]);
    // The phones' view of the wall carries the current wording only.
    expect(JSON.stringify(await day.view("room"))).not.toContain("Ministries dont talk");
    // Nor may a participant ask for it.
    expectError(await t.services.moderation.history(agnes.actor, day.workshop.id, { contributionId: submitted.id }), "forbidden");
    // The report's annex lists the same versions.
    const report = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect(report.annex.contributions.find((c) => c.id === submitted.id)?.revisions.map((r) => r.title)).toEqual([
      "Ministries dont talk",
      "Ministries do not talk",
    ]);
    t.cleanup();
  });
});
