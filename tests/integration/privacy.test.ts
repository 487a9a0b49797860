import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReportModel } from "../../app/domain/report";
import { startRetention } from "../../app/services/retention.server";
import { budapestDay, createTestServices, type Member, newClientId, TEST_ENGINE, unwrap } from "./helpers";
import {
  closeServers,
  connectFacilitator,
  connectParticipant,
  expectError,
  nextEventOfType,
  once,
  refusal,
  startServer,
} from "./socket-helpers";

/**
 * Participants and privacy (docs/privacy.md): a facilitator removes a participant, erases one
 * participant's personal data or a closed workshop's, and the retention setting erases on its own.
 */
let t: ReturnType<typeof createTestServices>;
let now = Date.UTC(2024, 10, 14, 9);
const DAY = 24 * 60 * 60 * 1000;
beforeEach(() => {
  now = Date.UTC(2024, 10, 14, 9);
  t = createTestServices({ clock: () => (now += 1_000) });
});
afterEach(async () => {
  await t.cleanup();
  await closeServers();
});

/** Budapest in the challenges step: Zsófia (whom the tests remove or erase) and Gábor each wrote a challenge. */
async function aRoomWithZsofia() {
  const day = await budapestDay(t.services, { anonymity: "named" });
  const zsofia = await t.services.participants.join(day.workshop.joinCode, {
    displayName: "Zsófia Erdővári",
    helix: "academia",
    role: "local_stakeholder",
    organisation: "Pannon Kutatóintézet",
    country: "Hungary",
  });
  const zs = unwrap(zsofia);
  const member: Member = { ...zs, actor: { kind: "participant", participantId: zs.participant.id, workshopId: day.workshop.id } };
  const gabor = await day.join("Gábor", "government");
  await day.moveRoomTo("collect_challenges");
  const submit = async (by: Member, title: string) =>
    unwrap(
      await t.services.contributions.submit(by.actor, day.workshop.id, { kind: "challenge", clientId: newClientId(), title }),
    );
  const hers = await submit(member, "Researchers cannot reach SMEs");
  const his = await submit(gabor, "Permits take a year");
  const secret = unwrap(
    await t.services.contributions.submit(member.actor, day.workshop.id, {
      kind: "challenge",
      clientId: newClientId(),
      title: "A second thought",
    }),
  );
  return { day, zsofia: member, gabor, hers, his, secret, submit };
}

/** The one row of a read that must find one (a missing row fails the test here, not as `undefined` later). */
const theRow = async <Row>(rows: Promise<Row[]>) => {
  const [row, ...more] = await rows;
  if (!row || more.length > 0) throw new Error(`expected one row, found ${more.length + (row ? 1 : 0)}`);
  return row;
};
const contributionRow = (id: string) =>
  theRow(
    t.database.rows<{ author_id: string | null; status: string; helix: string; role: string }>(
      "select author_id, status, helix, role from contributions where id = ?",
      id,
    ),
  );
const participantRow = (id: string) => theRow(t.database.rows("select * from participants where id = ?", id));
/** The workshop's log, each payload as JSON text (PostgreSQL's jsonb comes back parsed: written out again). */
const logged = async (workshopId: string) =>
  (
    await t.database.rows<{ type: string; payload: unknown }>(
      "select type, payload from events where workshop_id = ? order by seq",
      workshopId,
    )
  ).map(({ type, payload }) => ({ type, payload: typeof payload === "string" ? payload : JSON.stringify(payload) }));

/**
 * Where erased data must not be found. On SQLite: the database's files as bytes, write-ahead log
 * included. On PostgreSQL (whose files are the server's, not the test's): every row of every table.
 */
async function storedText(): Promise<string> {
  if (TEST_ENGINE === "sqlite")
    return ["test.sqlite", "test.sqlite-wal", "test.sqlite-journal"]
      .map((name) => join(t.database.dir, name))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString("latin1"))
      .join("\n");
  const tables = await t.database.rows<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
  );
  expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(["participants", "contributions", "events"]));
  const dumps = await Promise.all(
    tables.map(async ({ name }) => JSON.stringify(await t.database.rows(`select * from "${name}"`))),
  );
  return dumps.join("\n");
}
/** How a UTF-8 string reads in `storedText()`: as bytes read one to a character on SQLite, as itself on PostgreSQL. */
const asStored = (text: string) => (TEST_ENGINE === "sqlite" ? Buffer.from(text, "utf8").toString("latin1") : text);
/** A running SQLite server checkpoints now and then: the data moves from the write-ahead log into the file itself. */
const checkpoint = () => {
  // SQLite only: PostgreSQL has no write-ahead log the test can move into the file.
  if (TEST_ENGINE === "sqlite") t.database.sqlite.pragma("wal_checkpoint(TRUNCATE)");
};

describe("a facilitator removes a participant", () => {
  it("their token is refused on every HTTP path: the phone page says they were removed, joining again makes someone new", async () => {
    const { day, zsofia } = await aRoomWithZsofia();
    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "keep",
      }),
    );
    const tokens = { [day.workshop.id]: zsofia.token };

    const phone = unwrap(await t.services.participants.forPhone(day.workshop.joinCode, tokens));
    expect(phone).toMatchObject({ me: null, state: null, removed: true });

    // A join with the old token creates a new participant: nothing of the old identity comes back.
    const again = unwrap(
      await t.services.participants.join(day.workshop.joinCode, { helix: "community", role: "observer" }, { tokens }),
    );
    expect(again.created).toBe(true);
    expect(again.participant.id).not.toBe(zsofia.participant.id);
    expect(again.token).not.toBe(zsofia.token);
    expect(await participantRow(zsofia.participant.id)).toMatchObject({ helix: "academia", role: "local_stakeholder" });

    // Her old token does nothing as her: no profile change, no language, no submission.
    await t.services.participants.rememberLanguage(day.workshop.id, zsofia.token, "sl");
    expect((await participantRow(zsofia.participant.id)).language).not.toBe("sl");
    const late = await t.services.contributions.submit(zsofia.actor, day.workshop.id, {
      kind: "challenge",
      clientId: newClientId(),
      title: "Sent after removal",
    });
    expectError(late, "forbidden");
  });

  it("a join form she sent before, resubmitted, does not bring her back", async () => {
    const day = await budapestDay(t.services);
    const joinKey = "join-key-of-zsofias-form";
    const first = unwrap(
      await t.services.participants.join(day.workshop.joinCode, { helix: "academia", role: "local_stakeholder" }, { joinKey }),
    );
    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, { participantId: first.participant.id, contributions: "keep" }),
    );
    const resubmitted = await t.services.participants.join(
      day.workshop.joinCode,
      { helix: "academia", role: "local_stakeholder" },
      { joinKey },
    );
    expect(expectError(resubmitted, "forbidden").reason?.key).toBe("participantRemoved");
  });

  it("keep: her contributions stay as they were, with her name for the facilitators", async () => {
    const { day, zsofia, hers } = await aRoomWithZsofia();
    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "keep",
      }),
    );
    expect(await contributionRow(hers.id)).toMatchObject({ author_id: zsofia.participant.id, status: "visible" });
    const seen = (await day.view()).contributions.find((c) => c.id === hers.id);
    expect(seen).toMatchObject({ status: "visible", authorName: "Zsófia Erdővári" });
    // She has left the room: the lobby lists Gábor only.
    expect((await day.view()).participants.map((p) => p.displayName)).toEqual(["Gábor"]);
    expect((await day.view("room")).participants.map((p) => p.displayName)).toEqual(["Gábor"]);
  });

  it("anonymise: the author link is cut, helix and role stay, and the screens are told", async () => {
    const { day, zsofia, hers, his } = await aRoomWithZsofia();
    t.published.length = 0;
    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "anonymise",
      }),
    );
    expect(await contributionRow(hers.id)).toEqual({
      author_id: null,
      status: "visible",
      helix: "academia",
      role: "local_stakeholder",
    });
    expect((await contributionRow(his.id)).author_id).not.toBeNull();
    expect((await day.view()).contributions.find((c) => c.id === hers.id)).toMatchObject({ authorId: null, authorName: null });
    const types = t.published.flatMap((p) => p.events.map((e) => e.type));
    expect(types).toEqual(["participant.removed", "contribution.updated", "contribution.updated"]);
  });

  it("hide: her items are hidden as moderation hides them — the points on them go back to their voters", async () => {
    const { day, zsofia, gabor, hers, his, secret } = await aRoomWithZsofia();
    await day.moveRoomTo("vote_challenges");
    const vote = async (by: Member, contributionId: string, points: number) =>
      unwrap(await t.services.voting.vote(by.actor, day.workshop.id, { clientId: newClientId(), contributionId, points }));
    await vote(gabor, hers.id, 3);
    await vote(gabor, his.id, 1);
    await vote(zsofia, his.id, 2);
    t.published.length = 0;

    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "hide",
      }),
    );

    expect((await contributionRow(hers.id)).status).toBe("hidden");
    expect((await contributionRow(secret.id)).status).toBe("hidden");
    expect((await contributionRow(his.id)).status).toBe("visible");
    const events = t.published.flatMap((p) => p.events);
    expect(events.find((e) => e.type === "votes.returned")?.payload).toEqual({ contributionId: hers.id, points: 3, voters: 1 });
    // Her own vote stays (docs/privacy.md): the results remain what the room gave.
    const tallies = await t.services.voting.currentTallies(day.workshop.id, "facilitator");
    expect(tallies?.items[his.id]).toMatchObject({ government: 1, academia: 2 });
    expect(tallies?.items[hers.id]).toBeUndefined();
    expect(t.votesChanged).toContain(day.workshop.id);
    // The room no longer sees them, and a vote of hers still on its way is not counted.
    expect((await day.view("room")).contributions.map((c) => c.id)).toEqual([his.id]);
    const late = await t.services.voting.vote(zsofia.actor, day.workshop.id, {
      clientId: newClientId(),
      contributionId: his.id,
      points: 1,
    });
    expectError(late, "forbidden");
    expect((await t.services.voting.currentTallies(day.workshop.id, "facilitator"))?.items[his.id]).toMatchObject({
      academia: 2,
    });
  });

  it("the facilitators keep a list of removed participants whose data they may still erase", async () => {
    const { day, zsofia, gabor } = await aRoomWithZsofia();
    unwrap(
      await t.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "keep",
      }),
    );
    expect(unwrap(await t.services.privacy.removedParticipants(day.actor, day.workshop.id)).map((p) => p.displayName)).toEqual([
      "Zsófia Erdővári",
    ]);
    expectError(await t.services.privacy.removedParticipants(gabor.actor, day.workshop.id), "forbidden");
    unwrap(await t.services.privacy.eraseParticipant(day.actor, day.workshop.id, { participantId: zsofia.participant.id }));
    expect(unwrap(await t.services.privacy.removedParticipants(day.actor, day.workshop.id))).toEqual([]);
  });

  it("is logged once: removing again changes nothing", async () => {
    const { day, zsofia } = await aRoomWithZsofia();
    const ref = { participantId: zsofia.participant.id, contributions: "keep" };
    unwrap(await t.services.privacy.remove(day.actor, day.workshop.id, ref));
    unwrap(await t.services.privacy.remove(day.actor, day.workshop.id, ref));
    expect((await logged(day.workshop.id)).filter((e) => e.type === "participant.removed")).toHaveLength(1);
    expect(t.removed).toEqual([
      { workshopId: day.workshop.id, participantId: zsofia.participant.id },
      { workshopId: day.workshop.id, participantId: zsofia.participant.id },
    ]);
  });

  it("only the workshop's facilitators may remove or erase: a participant is forbidden, another facilitator finds nothing", async () => {
    const { day, zsofia, gabor } = await aRoomWithZsofia();
    const other = await budapestDay(t.services);
    const ref = { participantId: zsofia.participant.id, contributions: "hide" };
    const before = await participantRow(zsofia.participant.id);
    expectError(await t.services.privacy.remove(gabor.actor, day.workshop.id, ref), "forbidden");
    expectError(await t.services.privacy.remove(other.actor, day.workshop.id, ref), "not_found");
    expectError(await t.services.privacy.eraseParticipant(gabor.actor, day.workshop.id, ref), "forbidden");
    expectError(await t.services.privacy.eraseParticipant(other.actor, day.workshop.id, ref), "not_found");
    unwrap(await t.services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" }));
    expectError(await t.services.privacy.eraseWorkshop(gabor.actor, day.workshop.id), "forbidden");
    expectError(await t.services.privacy.eraseWorkshop(other.actor, day.workshop.id), "not_found");
    // A participant of another workshop is not found through this one.
    expectError(
      await t.services.privacy.remove(other.actor, other.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "keep",
      }),
      "not_found",
    );
    expect(await participantRow(zsofia.participant.id)).toEqual(before);
  });
});

describe("removal on the live sockets", () => {
  it("her phone is told and dropped at once, cannot reconnect, and the room sees her leave", async () => {
    const server = await startServer();
    const day = await budapestDay(server.services);
    const zsofia = unwrap(
      await server.services.participants.join(day.workshop.joinCode, {
        displayName: "Zsófia",
        helix: "academia",
        role: "local_stakeholder",
      }),
    );
    const gabor = unwrap(
      await server.services.participants.join(day.workshop.joinCode, {
        displayName: "Gábor",
        helix: "government",
        role: "local_stakeholder",
      }),
    );
    const herPhone = await connectParticipant(server, day.workshop.id, zsofia.token);
    const herTablet = await connectParticipant(server, day.workshop.id, zsofia.token);
    const hisPhone = await connectParticipant(server, day.workshop.id, gabor.token);
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const told = once<{ code: string; reason?: { key: string } }>(herPhone, "session:revoked");
    const dropped = once(herPhone, "disconnect");
    const tabletDropped = once(herTablet, "disconnect");
    const roomSees = nextEventOfType(hisPhone, "participant.removed");
    const facilitatorSees = nextEventOfType(laptop, "participant.removed");

    unwrap(
      await server.services.privacy.remove(day.actor, day.workshop.id, {
        participantId: zsofia.participant.id,
        contributions: "keep",
      }),
    );

    expect(await told).toMatchObject({ code: "unauthenticated", reason: { key: "participantRemoved" } });
    await dropped;
    await tabletDropped;
    expect((await roomSees).payload).toEqual({ participantId: zsofia.participant.id });
    expect((await facilitatorSees).payload).toEqual({ participantId: zsofia.participant.id });
    expect(hisPhone.connected).toBe(true);

    const again = await refusal(connectParticipant(server, day.workshop.id, zsofia.token));
    expect(again.data).toEqual({ code: "unauthenticated", reason: { key: "participantRemoved" } });
  });
});

describe("erasing one participant's personal data", () => {
  it("empties the row, rewrites the log, keeps helix, role, contributions and votes, and nothing of her is left in the file", async () => {
    const { day, zsofia, gabor, hers, his } = await aRoomWithZsofia();
    unwrap(
      await t.services.participants.updateProfile(gabor.actor, {
        helix: "government",
        role: "local_stakeholder",
        language: "hu",
      }),
    );
    await day.moveRoomTo("vote_challenges");
    unwrap(
      await t.services.voting.vote(zsofia.actor, day.workshop.id, { clientId: newClientId(), contributionId: his.id, points: 2 }),
    );
    // Her name is stored (on SQLite in the database file itself, not only in its log).
    checkpoint();
    expect(await storedText()).toContain(asStored("Zsófia Erdővári"));
    t.published.length = 0;

    unwrap(await t.services.privacy.eraseParticipant(day.actor, day.workshop.id, { participantId: zsofia.participant.id }));

    const row = await participantRow(zsofia.participant.id);
    expect(row).toMatchObject({
      display_name: null,
      organisation: null,
      country: null,
      helix: "academia",
      role: "local_stakeholder",
    });
    expect(row.erased_at).not.toBeNull();
    expect(row.removed_at).not.toBeNull();
    expect(row.token_hash).not.toBe((await participantRow(gabor.participant.id)).token_hash);
    // Her token works nowhere any more.
    const tokens = { [day.workshop.id]: zsofia.token };
    expect(unwrap(await t.services.participants.forPhone(day.workshop.joinCode, tokens))).toMatchObject({
      me: null,
      removed: false,
    });
    expect(await t.services.participants.connect(day.workshop.id, zsofia.token)).toBeNull();
    // What she gave stays, no longer linked to her.
    expect(await contributionRow(hers.id)).toEqual({
      author_id: null,
      status: "visible",
      helix: "academia",
      role: "local_stakeholder",
    });
    expect((await t.services.voting.currentTallies(day.workshop.id, "facilitator"))?.items[his.id]).toMatchObject({
      academia: 2,
    });
    // The log: no payload names her; the erasure is logged and published.
    const log = await logged(day.workshop.id);
    for (const entry of log) {
      expect(entry.payload).not.toContain("Zsófia");
      expect(entry.payload).not.toContain("Pannon");
      expect(entry.payload).not.toContain(`"authorId":"${zsofia.participant.id}"`);
    }
    expect(log.some((e) => e.payload.includes("Gábor"))).toBe(true);
    const events = t.published.flatMap((p) => p.events);
    expect(events.map((e) => e.type)).toEqual(["participant.removed", "participant.erased"]);
    expect(events[1].payload).toMatchObject({ everyone: false, participantIds: [zsofia.participant.id] });
    // The screens and the report: nothing of her.
    const screens = JSON.stringify([await day.view(), await day.view("room")]);
    expect(screens).not.toContain("Zsófia");
    expect(screens).not.toContain("Pannon");
    const report = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect(JSON.stringify(report)).not.toContain("Zsófia");
    // The whole database file, write-ahead log included (on PostgreSQL: every row of every table).
    const stored = await storedText();
    for (const personal of ["Zsófia Erdővári", "Pannon Kutatóintézet"]) expect(stored).not.toContain(asStored(personal));
    expect(t.removed).toContainEqual({ workshopId: day.workshop.id, participantId: zsofia.participant.id });
  });

  it("a sync after the erasure replays the log without her name (no replay from before it is served)", async () => {
    const { day, zsofia } = await aRoomWithZsofia();
    const before = unwrap(await t.services.room.sync(day.workshop.id, "facilitator", { lastSeq: 0 }));
    expect(JSON.stringify(before)).toContain("Zsófia");
    unwrap(await t.services.privacy.eraseParticipant(day.actor, day.workshop.id, { participantId: zsofia.participant.id }));
    const after = unwrap(await t.services.room.sync(day.workshop.id, "facilitator", { lastSeq: 0 }));
    expect(JSON.stringify(after)).not.toContain("Zsófia");
    expect(after.mode === "events" && after.events.at(-1)?.type).toBe("participant.erased");
  });
});

describe("erasing a workshop's personal data", () => {
  it("is refused while the workshop runs, with the reason", async () => {
    const { day } = await aRoomWithZsofia();
    const refused = expectError(await t.services.privacy.eraseWorkshop(day.actor, day.workshop.id), "conflict");
    expect(refused.reason?.key).toBe("eraseNotClosed");
    expect((await participantRow((await day.view()).participants[0].id)).display_name).not.toBeNull();
  });

  it("once closed: every name goes from rows, log, screens, report and file; results stay", async () => {
    const { day, zsofia, gabor, hers } = await aRoomWithZsofia();
    unwrap(await t.services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" }));
    checkpoint();
    const stored = await storedText();
    for (const personal of ["Zsófia Erdővári", "Pannon Kutatóintézet"]) expect(stored).toContain(asStored(personal));
    const reportBefore = unwrap(await t.services.reports.model(day.actor, day.workshop.id));

    unwrap(await t.services.privacy.eraseWorkshop(day.actor, day.workshop.id));

    for (const who of [zsofia, gabor]) {
      expect(await participantRow(who.participant.id)).toMatchObject({ display_name: null, organisation: null, country: null });
      expect(await t.services.participants.connect(day.workshop.id, who.token)).toBeNull();
    }
    expect(await contributionRow(hers.id)).toMatchObject({ author_id: null, helix: "academia" });
    const workshop = await theRow(
      t.database.rows<{ at: number | null }>("select personal_data_erased_at as at from workshops where id = ?", day.workshop.id),
    );
    expect(workshop.at).not.toBeNull();
    const screens = JSON.stringify([await day.view(), await day.view("room"), await logged(day.workshop.id)]);
    for (const personal of ["Zsófia", "Gábor", "Pannon"]) expect(screens).not.toContain(personal);
    const report: ReportModel = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect(JSON.stringify(report)).not.toContain("Zsófia");
    // The report's content is the same but for its time of generation.
    expect({ ...report, generatedAt: 0 }).toEqual({ ...reportBefore, generatedAt: 0 });
    const after = await storedText();
    for (const personal of ["Zsófia Erdővári", "Pannon Kutatóintézet"]) expect(after).not.toContain(asStored(personal));
    expect(t.removed).toContainEqual({ workshopId: day.workshop.id, participantId: "everyone" });
    expect((await logged(day.workshop.id)).at(-1)?.type).toBe("participant.erased");
  });
});

describe("the retention setting", () => {
  const setRetention = async (workshopId: string, days: number | null) => {
    const { workshops } = t.database.db.tables;
    await t.database.db.update(workshops).set({ retentionDays: days }).where(eq(workshops.id, workshopId));
  };

  it("erases only the workshops closed more than their N days ago, once", async () => {
    const due = await aRoomWithZsofia();
    const recent = await budapestDay(t.services);
    const kept = await budapestDay(t.services);
    const running = await budapestDay(t.services);
    await recent.join("Réka", "business");
    await kept.join("Károly", "community");
    await running.join("Rita", "government");
    await setRetention(due.day.workshop.id, 30);
    await setRetention(recent.workshop.id, 30);
    await setRetention(running.workshop.id, 1);
    unwrap(await t.services.workshops.setStatus(due.day.actor, due.day.workshop.id, { status: "closed" }));
    now += 10 * DAY;
    unwrap(await t.services.workshops.setStatus(recent.actor, recent.workshop.id, { status: "closed" }));
    unwrap(await t.services.workshops.setStatus(kept.actor, kept.workshop.id, { status: "closed" }));
    const at = now + 25 * DAY; // 35 days after the first closing, 25 after the others

    expect(await t.services.privacy.applyRetention(at)).toEqual([due.day.workshop.id]);
    expect((await participantRow(due.zsofia.participant.id)).display_name).toBeNull();
    const named = async (workshopId: string) =>
      (
        await t.database.rows(
          "select display_name from participants where workshop_id = ? and display_name is not null",
          workshopId,
        )
      ).length;
    expect(await named(recent.workshop.id)).toBe(1);
    expect(await named(kept.workshop.id)).toBe(1);
    expect(await named(running.workshop.id)).toBe(1);

    // Idempotent: a second run (the next hour) erases nothing and logs nothing.
    const seq = (await logged(due.day.workshop.id)).length;
    expect(await t.services.privacy.applyRetention(at + 60 * 60 * 1000)).toEqual([]);
    expect(await logged(due.day.workshop.id)).toHaveLength(seq);
    // Twenty days on, the second workshop's time has come.
    expect(await t.services.privacy.applyRetention(at + 20 * DAY)).toEqual([recent.workshop.id]);
  });

  it("an archived workshop is still erased when due, and by hand; removing someone from it is refused", async () => {
    const archived = await aRoomWithZsofia();
    const { actor, workshop } = archived.day;
    await setRetention(workshop.id, 30);
    unwrap(await t.services.workshops.setStatus(actor, workshop.id, { status: "closed" }));
    unwrap(await t.services.workshops.setArchived(actor, workshop.id, true));
    // Removing (which may hide contributions and move points) would change an archived result.
    expect(
      await t.services.privacy.remove(actor, workshop.id, {
        participantId: archived.gabor.participant.id,
        contributions: "keep",
      }),
    ).toMatchObject({ ok: false, error: { reason: { key: "workshopArchived" } } });
    // Erasing one person is owed to them, archived or not.
    unwrap(await t.services.privacy.eraseParticipant(actor, workshop.id, { participantId: archived.gabor.participant.id }));
    expect((await participantRow(archived.gabor.participant.id)).display_name).toBeNull();
    // And the retention setting still applies.
    expect(await t.services.privacy.applyRetention(now + 31 * DAY)).toEqual([workshop.id]);
    expect((await participantRow(archived.zsofia.participant.id)).display_name).toBeNull();
  });

  it("the timer runs at once, then on schedule; a failure is logged, not thrown", async () => {
    const runs: number[] = [];
    const logs: string[] = [];
    let fail = true;
    const stop = startRetention(
      (when) => {
        runs.push(when);
        if (fail) throw new Error("database is locked");
        return [];
      },
      { everyMs: 20, clock: () => 42, log: (message) => logs.push(message) },
    );
    expect(runs).toEqual([42]);
    expect(logs).toEqual(["retention: applying the retention setting failed"]);
    fail = false;
    await new Promise((resolve) => setTimeout(resolve, 70));
    stop();
    const count = runs.length;
    expect(count).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(count);
  });
});
