import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEvents, lobbySummary } from "../../app/domain/workshop-state";
import { SEEN_EVERY_MS } from "../../app/services/participants.server";
import { createFacilitator, createTestServices, createWorkshop, joinWorkshop } from "./helpers";

let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(() => t.cleanup());

/** The test database's tables, on its engine (ADR 0014: they come with the handle). */
const tables = () => t.database.db.tables;
const count = async (table: "participants" | "workshops") =>
  (await t.database.rows<{ n: number }>(`select count(*) as n from ${table}`))[0].n;

describe("facilitator accounts", () => {
  it("sign up, log in with the right password only, and never twice with one email", async () => {
    const signUp = await t.services.facilitators.signUp({
      name: "Eszter",
      email: "Eszter@Example.org",
      password: "a long password",
    });
    expect(signUp.ok).toBe(true);
    const again = await t.services.facilitators.signUp({
      name: "Other",
      email: "eszter@example.org",
      password: "another password",
    });
    expect(again).toMatchObject({ ok: false, error: { code: "conflict", fields: { email: { key: "emailTaken" } } } });

    expect((await t.services.facilitators.logIn({ email: "ESZTER@example.org", password: "a long password" })).ok).toBe(true);
    const wrong = await t.services.facilitators.logIn({ email: "eszter@example.org", password: "wrong password" });
    const unknown = await t.services.facilitators.logIn({ email: "nobody@example.org", password: "a long password" });
    expect(wrong).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    // The same answer for an unknown email: no account enumeration.
    expect(unknown).toEqual(wrong);
  });

  it("stores a scrypt hash, never the password", async () => {
    const result = await t.services.facilitators.signUp({ name: "E", email: "e@example.org", password: "a long password" });
    const [row] = await t.database.rows<{ password_hash: string }>("select password_hash from facilitators");
    expect(result.ok).toBe(true);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain("a long password");
  });

  it("refuses invalid sign-up input with field errors and stores nothing", async () => {
    const result = await t.services.facilitators.signUp({ name: "", email: "not-an-email", password: "short" });
    expect(result).toMatchObject({ ok: false, error: { code: "validation" } });
    expect(result.ok || Object.keys(result.error.fields ?? {})).toEqual(["name", "email", "password"]);
    expect(await t.database.rows("select count(*) as n from facilitators")).toEqual([{ n: 0 }]);
  });
});

describe("workshops", () => {
  it("are created with a join code, a display token and default settings, and listed for their facilitator only", async () => {
    const { actor } = await createFacilitator(t.services);
    const { actor: other } = await createFacilitator(t.services, "Other");
    const workshop = await createWorkshop(t.services, actor, { venue: "Budapest", startsOn: "2024-11-14", endsOn: "2024-11-15" });
    expect(workshop.joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    expect(workshop.displayToken.length).toBeGreaterThanOrEqual(24);
    expect(workshop.status).toBe("draft");
    expect(workshop.settings.anonymity).toBe("anonymous");

    const mine = await t.services.workshops.listForFacilitator(actor);
    expect(mine.ok && mine.data.map((w) => [w.title, w.participantCount])).toEqual([["Cluster cooperation", 0]]);
    expect(await t.services.workshops.listForFacilitator(other)).toEqual({ ok: true, data: [] });
    expect(await t.services.workshops.getForFacilitator(other, workshop.id)).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("can only be created by a facilitator, with valid input", async () => {
    const { actor } = await createFacilitator(t.services);
    expect(await t.services.workshops.create({ kind: "anonymous" }, { title: "T", hostOrganisation: "H" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await t.services.workshops.create(actor, { title: "", hostOrganisation: "H" })).toMatchObject({
      ok: false,
      error: { code: "validation" },
    });
    expect(await count("workshops")).toBe(0);
  });

  it("change status only by their facilitators, and each change is logged and published once", async () => {
    const { actor } = await createFacilitator(t.services);
    const { actor: other } = await createFacilitator(t.services, "Other");
    const workshop = await createWorkshop(t.services, actor);
    const participant = await joinWorkshop(t.services, workshop.joinCode);
    const participantActor = { kind: "participant" as const, participantId: participant.participant.id, workshopId: workshop.id };

    expect(await t.services.workshops.setStatus(participantActor, workshop.id, { status: "closed" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(
      await t.services.workshops.setStatus({ kind: "display", workshopId: workshop.id }, workshop.id, { status: "closed" }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await t.services.workshops.setStatus(other, workshop.id, { status: "closed" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await t.services.workshops.setStatus(actor, workshop.id, { status: "finished" })).toMatchObject({
      ok: false,
      error: { code: "validation" },
    });
    expect((await t.services.room.snapshot(workshop.id, "facilitator"))?.workshop.status).toBe("draft");

    t.published.length = 0;
    expect(await t.services.workshops.setStatus(actor, workshop.id, { status: "live" })).toEqual({
      ok: true,
      data: { status: "live" },
    });
    expect(await t.services.workshops.setStatus(actor, workshop.id, { status: "live" })).toEqual({
      ok: true,
      data: { status: "live" },
    });
    expect(t.published.flatMap((p) => p.events.map((e) => e.type))).toEqual(["workshop.statusChanged"]);
  });

  it("replace the projector link: the old token stops working and open displays are dropped", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const rotated = await t.services.workshops.rotateDisplayToken(actor, workshop.id);
    expect(rotated.ok).toBe(true);
    expect((await t.services.workshops.findByDisplayToken(workshop.displayToken)).ok).toBe(false);
    expect(rotated.ok && (await t.services.workshops.findByDisplayToken(rotated.data.displayToken)).ok).toBe(true);
    expect(t.revoked).toEqual([workshop.id]);
  });
});

describe("joining from a phone", () => {
  it("creates a participant with a hashed token, logs and publishes the arrival", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const joined = await joinWorkshop(t.services, workshop.joinCode.toLowerCase(), { displayName: "Anna", helix: "business" });
    expect(joined.created).toBe(true);
    expect(joined.participant).toMatchObject({
      displayName: "Anna",
      helix: "business",
      role: "local_stakeholder",
      locked: false,
      language: "en",
    });
    const [row] = await t.database.db.select().from(tables().participants);
    expect(row?.tokenHash).not.toBe(joined.token);
    expect(t.published.at(-1)?.events.map((e) => [e.seq, e.type])).toEqual([[1, "participant.joined"]]);
    expect(await t.services.participants.connect(workshop.id, joined.token)).toBe(joined.participant.id);
  });

  it("returns the same participant when the same phone opens the link again", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const first = await joinWorkshop(t.services, workshop.joinCode, { helix: "business" });
    const tokens = { [workshop.id]: first.token };
    const again = await joinWorkshop(t.services, workshop.joinCode, { helix: "business" }, { tokens });
    expect(again.participant.id).toBe(first.participant.id);
    expect(again.created).toBe(false);
    const view = await t.services.participants.forPhone(workshop.joinCode, tokens);
    expect(view.ok && view.data.me?.id).toBe(first.participant.id);
    expect(await count("participants")).toBe(1);
  });

  it("never duplicates a participant when the join form is resubmitted (same join key)", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const first = await joinWorkshop(t.services, workshop.joinCode, {}, { joinKey: "form-1" });
    const retry = await joinWorkshop(t.services, workshop.joinCode, {}, { joinKey: "form-1" });
    expect(retry.participant.id).toBe(first.participant.id);
    expect(await count("participants")).toBe(1);
    // The retry's token is the one the phone keeps; it works.
    expect(await t.services.participants.connect(workshop.id, retry.token)).toBe(first.participant.id);
    expect(t.published.flatMap((p) => p.events)).toHaveLength(1);
  });

  it("a phone's socket connects by its token; its last-seen time is written at most once a minute", async () => {
    let now = Date.parse("2026-11-29T09:00:00Z");
    t.cleanup();
    t = createTestServices({ clock: () => now });
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const other = await createWorkshop(t.services, actor, { title: "Other" });
    const joined = await joinWorkshop(t.services, workshop.joinCode);
    const lastSeen = async () => (await t.database.db.select().from(tables().participants))[0]?.lastSeenAt;
    const joinedAt = await lastSeen();

    now += SEEN_EVERY_MS - 1;
    expect(await t.services.participants.connect(workshop.id, joined.token)).toBe(joined.participant.id);
    expect(await lastSeen()).toBe(joinedAt); // a hall reconnecting after a restart reads, it does not write
    now += 1;
    expect(await t.services.participants.connect(workshop.id, joined.token)).toBe(joined.participant.id);
    expect(await lastSeen()).toBe(now);

    for (const [workshopId, token] of [
      [other.id, joined.token],
      [workshop.id, "not-a-token"],
      [workshop.id, ""],
      [workshop.id, null],
      [workshop.id, "x".repeat(201)],
    ] as const)
      expect(await t.services.participants.connect(workshopId, token)).toBeNull();
  });

  it("a participant's token never works for another workshop", async () => {
    const { actor } = await createFacilitator(t.services);
    const a = await createWorkshop(t.services, actor, { title: "A" });
    const b = await createWorkshop(t.services, actor, { title: "B" });
    const joined = await joinWorkshop(t.services, a.joinCode);
    expect(await t.services.participants.connect(b.id, joined.token)).toBeNull();
    const view = await t.services.participants.forPhone(b.joinCode, { [b.id]: joined.token });
    expect(view.ok && view.data.me).toBeNull();
    // Presenting workshop A's token under B's id in the join does not touch A's participant.
    const inB = await joinWorkshop(t.services, b.joinCode, { helix: "academia" }, { tokens: { [b.id]: joined.token } });
    expect(inB.participant.id).not.toBe(joined.participant.id);
  });

  it("refuses unknown and closed workshops, and helices or roles the workshop does not offer", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor, { roles: ["local_stakeholder"] });
    const join = (code: string, profile: Record<string, unknown>) => t.services.participants.join(code, profile);
    expect(await join("QQQQQQ", { helix: "business", role: "local_stakeholder" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await join("nonsense!", { helix: "business", role: "local_stakeholder" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await join(workshop.joinCode, { helix: "business", role: "observer" })).toMatchObject({
      ok: false,
      error: { code: "validation", fields: { role: { key: "invalidChoice" } } },
    });
    expect(await join(workshop.joinCode, { helix: "media", role: "local_stakeholder" })).toMatchObject({
      ok: false,
      error: { code: "validation" },
    });
    expect(
      await join(workshop.joinCode, { helix: "business", role: "local_stakeholder", displayName: "x".repeat(81) }),
    ).toMatchObject({
      ok: false,
      error: { fields: { displayName: { key: "tooLong", values: { max: 80 } } } },
    });
    await t.services.workshops.setStatus(actor, workshop.id, { status: "closed" });
    expect(await join(workshop.joinCode, { helix: "business", role: "local_stakeholder" })).toMatchObject({
      ok: false,
      error: { code: "workshop_closed" },
    });
    expect(await t.services.participants.forPhone(workshop.joinCode, {})).toMatchObject({
      ok: false,
      error: { code: "workshop_closed" },
    });
    expect(await count("participants")).toBe(0);
  });

  it("lets a participant change helix and name until their first contribution, then refuses", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const joined = await joinWorkshop(t.services, workshop.joinCode, { helix: "business", displayName: "Anna" });
    const me = { kind: "participant" as const, participantId: joined.participant.id, workshopId: workshop.id };
    const changed = await t.services.participants.updateProfile(me, {
      helix: "academia",
      role: "international_peer",
      displayName: "Anna K.",
    });
    expect(changed).toMatchObject({ ok: true, data: { helix: "academia", role: "international_peer", displayName: "Anna K." } });
    expect(t.published.at(-1)?.events[0].type).toBe("participant.updated");

    // Fields an update does not mention keep their value; an empty one clears it.
    const partial = await t.services.participants.updateProfile(me, { helix: "academia", role: "international_peer" });
    expect(partial).toMatchObject({ ok: true, data: { displayName: "Anna K." } });
    const cleared = await t.services.participants.updateProfile(me, {
      helix: "academia",
      role: "international_peer",
      displayName: "",
    });
    expect(cleared).toMatchObject({ ok: true, data: { displayName: null } });

    await t.database.db.insert(tables().contributions).values({
      id: "c1",
      workshopId: workshop.id,
      kind: "challenge",
      title: "Fragmentation",
      authorId: joined.participant.id,
      clientId: "k1",
      createdAt: 1,
    });
    const locked = await t.services.participants.updateProfile(me, { helix: "community", role: "international_peer" });
    expect(locked).toMatchObject({ ok: false, error: { code: "profile_locked" } });
    const view = await t.services.participants.forPhone(workshop.joinCode, { [workshop.id]: joined.token });
    expect(view.ok && view.data.me).toMatchObject({ helix: "academia", locked: true });
    // The display cannot change anyone's profile.
    expect(
      await t.services.participants.updateProfile(
        { kind: "display", workshopId: workshop.id },
        { helix: "community", role: "observer" },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });
});

describe("a participant's helix after voting", () => {
  it("is fixed from the first vote (their points carry it); someone who has not voted can still change", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor);
    const challenge = await t.services.contributions.submit(actor, workshop.id, {
      kind: "challenge",
      clientId: "host-challenge-1",
      title: "Fragmentation",
    });
    if (!challenge.ok) throw new Error(challenge.error.message);
    const voter = await joinWorkshop(t.services, workshop.joinCode, { helix: "business" });
    const other = await joinWorkshop(t.services, workshop.joinCode, { helix: "business" });
    const asParticipant = (id: string) => ({ kind: "participant" as const, participantId: id, workshopId: workshop.id });
    const step = (await t.services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === "vote_challenges");
    if (!step) throw new Error("no vote step");
    await t.services.agenda.goToStep(actor, workshop.id, { stepId: step.id });
    const vote = await t.services.voting.vote(asParticipant(voter.participant.id), workshop.id, {
      clientId: "vote-0001",
      contributionId: challenge.data.id,
      points: 2,
    });
    expect(vote.ok).toBe(true);

    expect(
      await t.services.participants.updateProfile(asParticipant(voter.participant.id), {
        helix: "academia",
        role: "local_stakeholder",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "profile_locked" },
    });
    expect((await t.services.voting.tallies(workshop.id, step.id))?.items[challenge.data.id]).toMatchObject({
      business: 2,
      academia: 0,
    });
    expect(
      await t.services.participants.updateProfile(asParticipant(other.participant.id), {
        helix: "academia",
        role: "local_stakeholder",
      }),
    ).toMatchObject({
      ok: true,
      data: { helix: "academia" },
    });
  });
});

describe("the event log", () => {
  it("numbers each workshop's events 1, 2, 3… without gaps, separately per workshop", async () => {
    const { actor } = await createFacilitator(t.services);
    const a = await createWorkshop(t.services, actor, { title: "A" });
    const b = await createWorkshop(t.services, actor, { title: "B" });
    await joinWorkshop(t.services, a.joinCode);
    await joinWorkshop(t.services, b.joinCode);
    await joinWorkshop(t.services, a.joinCode, { helix: "community" });
    await t.services.workshops.setStatus(actor, a.id, { status: "live" });
    const { events } = tables();
    // In the order they were written (the log's own id), not sorted by seq: numbered in that order, without gaps.
    const seqs = async (id: string) =>
      (await t.database.db.select().from(events).where(eq(events.workshopId, id)).orderBy(asc(events.id))).map((e) => e.seq);
    expect(await seqs(a.id)).toEqual([1, 2, 3]);
    expect(await seqs(b.id)).toEqual([1]);
  });

  it("lets a client catch up from its last seq, or sends a snapshot when it is too far off", async () => {
    const { actor } = await createFacilitator(t.services);
    const workshop = await createWorkshop(t.services, actor, { anonymity: "anonymous" });
    const before = await t.services.room.snapshot(workshop.id, "room");
    if (!before) throw new Error("no snapshot");
    await joinWorkshop(t.services, workshop.joinCode, { displayName: "Anna", helix: "business" });
    await joinWorkshop(t.services, workshop.joinCode, { displayName: "Bence", helix: "community" });

    const missed = await t.services.room.sync(workshop.id, "room", { lastSeq: before.seq });
    if (!missed.ok || missed.data.mode !== "events") throw new Error("expected events");
    expect(missed.data.events.map((e) => e.seq)).toEqual([1, 2]);
    // Names stay hidden from the room in an anonymous workshop, in catch-up as live.
    expect(missed.data.events.map((e) => (e.type === "participant.joined" ? e.payload.participant.displayName : "?"))).toEqual([
      null,
      null,
    ]);
    const caughtUp = applyEvents(before, missed.data.events);
    expect(caughtUp.gap).toBe(false);
    expect(lobbySummary(caughtUp.state)).toEqual(lobbySummary((await t.services.room.snapshot(workshop.id, "room")) ?? before));

    // Many phones at the same seq (a hall reconnecting) share one answer; the facilitators see
    // the same range their way, and a newer event makes a new answer.
    const again = await t.services.room.sync(workshop.id, "room", { lastSeq: before.seq });
    expect(again.ok && again.data.mode === "events" && again.data.events).toBe(missed.data.events);
    const laptop = await t.services.room.sync(workshop.id, "facilitator", { lastSeq: before.seq });
    expect(
      laptop.ok &&
        laptop.data.mode === "events" &&
        laptop.data.events.map((e) => e.type === "participant.joined" && e.payload.participant.displayName),
    ).toEqual(["Anna", "Bence"]);
    await joinWorkshop(t.services, workshop.joinCode, { displayName: "Csilla", helix: "academia" });
    const later = await t.services.room.sync(workshop.id, "room", { lastSeq: before.seq });
    expect(later.ok && later.data.mode === "events" && later.data.events.map((e) => e.seq)).toEqual([1, 2, 3]);

    const ahead = await t.services.room.sync(workshop.id, "room", { lastSeq: 99 });
    expect(ahead.ok && ahead.data.mode === "snapshot" && ahead.data.snapshot.participants.length).toBe(3);
    expect(await t.services.room.sync(workshop.id, "room", { lastSeq: -1 })).toMatchObject({
      ok: false,
      error: { code: "validation" },
    });
  });
});
