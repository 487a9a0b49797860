import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  budapestDay,
  createFacilitator,
  createTestServices,
  createWorkshop,
  newClientId,
  type TestDatabase,
  unwrap,
} from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  nextEventOfType,
  once,
  send,
  startServer,
} from "./socket-helpers";

/**
 * A workshop's life after it was created: its settings changed any time (within the rules),
 * duplicated as next year's, its agenda kept as a template, spread over days, archived and deleted.
 */

let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  t = createTestServices();
});
afterEach(async () => {
  await t.cleanup();
  await closeServers();
});

const settingsOf = async (day: Awaited<ReturnType<typeof budapestDay>>, changes: Record<string, unknown> = {}) => {
  const w = (await day.view()).workshop;
  return {
    title: w.title,
    hostOrganisation: w.hostOrganisation,
    theme: w.theme ?? "",
    venue: w.venue ?? "",
    startsOn: w.startsOn ?? "",
    endsOn: w.endsOn ?? "",
    anonymity: w.settings.anonymity,
    helices: w.settings.helices,
    roles: w.settings.roles,
    languages: w.settings.languages,
    defaultLanguage: w.settings.defaultLanguage,
    retentionDays: "keep",
    ...changes,
  };
};

const lastEvents = () => t.published.at(-1)?.events ?? [];
const codeOf = (result: { ok: boolean; error?: { code: string; reason?: { key: string } } }) =>
  result.ok ? "accepted" : `${result.error?.code}${result.error?.reason ? `:${result.error.reason.key}` : ""}`;

describe("the facilitator edits every setting after creation", () => {
  it("title, host, theme, venue, dates, languages and retention change, and every screen is told", async () => {
    const day = await budapestDay(t.services);
    const changes = {
      title: "Budapest peer review 2027",
      hostOrganisation: "Budapest Region",
      theme: "How do **clusters** reach SMEs?",
      venue: "Millenáris, Budapest",
      startsOn: "2027-11-14",
      endsOn: "2027-11-15",
      languages: ["hu", "en"],
      defaultLanguage: "hu",
      retentionDays: "365",
    };
    const saved = unwrap(await t.services.workshops.updateSettings(day.actor, day.workshop.id, await settingsOf(day, changes)));

    expect(saved.retentionDays).toBe(365);
    const w = (await day.view()).workshop;
    expect([w.title, w.hostOrganisation, w.theme, w.venue, w.startsOn, w.endsOn]).toEqual([
      "Budapest peer review 2027",
      "Budapest Region",
      "How do **clusters** reach SMEs?",
      "Millenáris, Budapest",
      "2027-11-14",
      "2027-11-15",
    ]);
    expect([w.settings.languages, w.settings.defaultLanguage]).toEqual([["en", "hu"], "hu"]);
    expect(unwrap(await t.services.workshops.lifeOf(day.actor, day.workshop.id)).retentionDays).toBe(365);
    const [event] = lastEvents();
    expect(event.type).toBe("workshop.updated");
    // The projector's and phones' copy gets the same title from the log.
    expect((await day.view("room")).workshop.title).toBe("Budapest peer review 2027");

    unwrap(
      await t.services.workshops.updateSettings(
        day.actor,
        day.workshop.id,
        await settingsOf(day, { retentionDays: "keep", theme: "" }),
      ),
    );
    expect(unwrap(await t.services.workshops.lifeOf(day.actor, day.workshop.id)).retentionDays).toBeNull();
    expect((await day.view()).workshop.theme).toBeNull();
  });

  it("retention outside 0–3650 days, an empty title and dates out of order are refused as validation", async () => {
    const day = await budapestDay(t.services);
    for (const changes of [
      { retentionDays: "3651" },
      { retentionDays: "-1" },
      { title: "  " },
      { startsOn: "2027-11-15", endsOn: "2027-11-14" },
    ]) {
      const result = await t.services.workshops.updateSettings(day.actor, day.workshop.id, await settingsOf(day, changes));
      expect(codeOf(result), JSON.stringify(changes)).toBe("validation");
    }
    expect((await day.view()).workshop.title).toBe("Budapest peer review");
  });

  it("before anyone joined the anonymity goes either way; afterwards only towards more anonymous", async () => {
    const day = await budapestDay(t.services, { anonymity: "anonymous" });
    unwrap(await t.services.workshops.updateSettings(day.actor, day.workshop.id, await settingsOf(day, { anonymity: "named" })));
    expect((await day.view()).workshop.settings.anonymity).toBe("named");
    await day.join("Ágnes", "community");

    unwrap(
      await t.services.workshops.updateSettings(day.actor, day.workshop.id, await settingsOf(day, { anonymity: "anonymous" })),
    );
    const back = await t.services.workshops.updateSettings(
      day.actor,
      day.workshop.id,
      await settingsOf(day, { anonymity: "named" }),
    );

    expect(codeOf(back)).toBe("conflict:lifeAnonymityOnlyMore");
    expect((await day.view()).workshop.settings.anonymity).toBe("anonymous");
    // The room's stream of the change tells the screens to forget the names they hold.
    const roomEvent = await day.view("room");
    expect(roomEvent.participants.every((p) => p.displayName === null)).toBe(true);
  });

  it("a helix or role someone joined with cannot be removed; the others can", async () => {
    const day = await budapestDay(t.services);
    await day.join("Ágnes", "community", "international_peer");

    const helix = await t.services.workshops.updateSettings(
      day.actor,
      day.workshop.id,
      await settingsOf(day, { helices: ["government", "academia", "business"] }),
    );
    const role = await t.services.workshops.updateSettings(
      day.actor,
      day.workshop.id,
      await settingsOf(day, { roles: ["local_stakeholder", "observer"] }),
    );
    const fine = await t.services.workshops.updateSettings(
      day.actor,
      day.workshop.id,
      await settingsOf(day, { helices: ["academia", "community"], roles: ["international_peer"] }),
    );

    expect([codeOf(helix), codeOf(role), codeOf(fine)]).toEqual([
      "conflict:lifeHelixInUse",
      "conflict:lifeRoleInUse",
      "accepted",
    ]);
    if (!helix.ok) expect(helix.error.reason?.values).toEqual({ helix: "community" });
    expect((await day.view()).workshop.settings.helices).toEqual(["academia", "community"]);
  });

  it("another facilitator's change is refused as not found, a participant's as forbidden", async () => {
    const day = await budapestDay(t.services);
    const { actor: stranger } = await createFacilitator(t.services, "Someone from Vienna");
    const phone = await day.join("Ágnes", "community");
    const input = await settingsOf(day, { title: "Hijacked" });
    expect(codeOf(await t.services.workshops.updateSettings(stranger, day.workshop.id, input))).toBe("not_found");
    expect(codeOf(await t.services.workshops.updateSettings(phone.actor, day.workshop.id, input))).toBe("forbidden");
    expect((await day.view()).workshop.title).toBe("Budapest peer review");
  });
});

describe("the room follows a settings change live", () => {
  it("the projector and the phones get the new title; an anonymous room's phones forget the names they held", async () => {
    const server = await startServer();
    const { services } = server;
    const day = await budapestDay(services, { anonymity: "named" });
    const ana = await day.join("Ana", "academia");
    const phone = await connectParticipant(server, day.workshop.id, ana.token);
    const token = unwrap(await services.workshops.getForFacilitator(day.actor, day.workshop.id)).displayToken;
    const projector = await connectDisplay(server, day.workshop.id, token);
    const onPhone = nextEventOfType(phone, "workshop.updated");
    const onProjector = nextEventOfType(projector, "workshop.updated");

    const w = (await day.view()).workshop;
    unwrap(
      await services.workshops.updateSettings(day.actor, day.workshop.id, {
        title: "Budapest peer review 2027",
        hostOrganisation: w.hostOrganisation,
        anonymity: "anonymous",
        helices: w.settings.helices,
        roles: w.settings.roles,
        languages: w.settings.languages,
        defaultLanguage: w.settings.defaultLanguage,
        retentionDays: "keep",
      }),
    );

    const [phoneEvent, projectorEvent] = await Promise.all([onPhone, onProjector]);
    for (const event of [phoneEvent, projectorEvent]) {
      expect(event.payload.details.title).toBe("Budapest peer review 2027");
      expect(event.payload.forgetNames).toBe(true);
    }
  });
});

describe("languages changed from the facilitator page", () => {
  it("are logged and sent to open phones and projectors at once (their state holds the new list)", async () => {
    const server = await startServer();
    const { services } = server;
    const day = await budapestDay(services);
    const ana = await day.join("Ana", "academia");
    const phone = await connectParticipant(server, day.workshop.id, ana.token);
    const onPhone = nextEventOfType(phone, "workshop.updated");

    unwrap(await services.workshops.setLanguages(day.actor, day.workshop.id, { languages: ["hu", "en"], defaultLanguage: "hu" }));

    const event = await onPhone;
    expect(event.payload.details.settings).toMatchObject({ languages: ["en", "hu"], defaultLanguage: "hu" });
    expect(event.payload.details.title).toBe(day.workshop.title);
  });
});

describe("duplicating last year's workshop and agenda templates", () => {
  it("the copy has the settings, agenda and host challenges, and nothing of the day itself", async () => {
    const day = await budapestDay(t.services, {
      venue: "Budapest",
      startsOn: "2026-11-14",
      endsOn: "2026-11-15",
      anonymity: "named",
    });
    const hostA = await day.hostChallenge("Researchers lack time for cluster work");
    await day.hostChallenge("SMEs do not know the universities");
    unwrap(await t.services.agenda.setStepDay(day.actor, day.workshop.id, { stepId: await day.step("recommendations"), day: 2 }));
    unwrap(
      await t.services.agenda.setOpenChallenges(day.actor, day.workshop.id, {
        stepId: await day.step("collect_solutions"),
        open: { mode: "selected", ids: [hostA.id] },
      }),
    );
    const ana = await day.join("Ana", "academia");
    await day.moveRoomTo("collect_challenges");
    unwrap(
      await t.services.contributions.submit(ana.actor, day.workshop.id, {
        kind: "challenge",
        clientId: newClientId(),
        title: "Ana's own",
      }),
    );

    const { id } = unwrap(
      await t.services.workshops.duplicate(day.actor, day.workshop.id, { title: "Budapest peer review (copy)" }),
    );

    const source = await day.view();
    const copy = await t.services.room.snapshot(id, "facilitator");
    if (!copy) throw new Error("no copy");
    const listed = unwrap(await t.services.workshops.listForFacilitator(day.actor)).find((w) => w.id === id);
    expect(listed?.status).toBe("draft");
    expect(copy.workshop.title).toBe("Budapest peer review (copy)");
    const { id: _a, joinCode: codeA, title: _ta, status: _sa, ...settingsA } = source.workshop;
    const { id: _b, joinCode: codeB, title: _tb, status: _sb, ...settingsB } = copy.workshop;
    expect(settingsB).toEqual(settingsA);
    expect(codeB).not.toBe(codeA);
    const facilitatorView = unwrap(await t.services.workshops.getForFacilitator(day.actor, id));
    expect(facilitatorView.displayToken).not.toBe(
      unwrap(await t.services.workshops.getForFacilitator(day.actor, day.workshop.id)).displayToken,
    );
    const shape = (s: typeof copy.steps) => s.map(({ kind, title, day: d }) => ({ kind, title, day: d }));
    expect(shape(copy.steps)).toEqual(shape(source.steps));
    expect(copy.currentStepId).toBe(copy.steps[0].id);
    expect(copy.steps.every((s) => s.timer === null && s.electorate === null)).toBe(true);
    expect(copy.contributions.map((c) => [c.title, c.origin])).toEqual([
      ["Researchers lack time for cluster work", "host"],
      ["SMEs do not know the universities", "host"],
    ]);
    // The open challenge chosen last year is its copy's in the new one.
    const open = copy.steps.find((s) => s.kind === "collect_solutions")?.settings.openChallenges;
    expect(open).toEqual({ mode: "selected", ids: [copy.contributions[0].id] });
    expect([copy.participants, copy.recommendations, copy.seq]).toEqual([[], [], 0]);
  });

  it("an agenda saved as a template starts a new workshop; another facilitator cannot use or delete it", async () => {
    const day = await budapestDay(t.services);
    unwrap(
      await t.services.agenda.renameStep(day.actor, day.workshop.id, {
        stepId: await day.step("lobby"),
        title: "Welcome coffee",
      }),
    );
    unwrap(await t.services.agenda.setStepDay(day.actor, day.workshop.id, { stepId: await day.step("closed"), day: 2 }));
    const template = unwrap(await t.services.workshops.saveTemplate(day.actor, day.workshop.id, { name: "Two-day review" }));

    expect(unwrap(await t.services.workshops.listTemplates(day.actor)).map((x) => x.name)).toEqual(["Two-day review"]);
    const next = await createWorkshop(t.services, day.actor, { title: "Pécs 2027", template: template.id });
    const steps = (await t.services.room.snapshot(next.id, "facilitator"))?.steps ?? [];
    expect(steps.map((s) => [s.kind, s.title, s.day])).toEqual((await day.view()).steps.map((s) => [s.kind, s.title, s.day]));

    const { actor: stranger } = await createFacilitator(t.services, "Someone from Vienna");
    const theirs = await t.services.workshops.create(stranger, { title: "Vienna", hostOrganisation: "X", template: template.id });
    expect(codeOf(theirs)).toBe("validation");
    expect(codeOf(await t.services.workshops.deleteTemplate(stranger, { templateId: template.id }))).toBe(
      "not_found:lifeTemplateGone",
    );
    expect(unwrap(await t.services.workshops.listTemplates(stranger))).toEqual([]);

    unwrap(await t.services.workshops.deleteTemplate(day.actor, { templateId: template.id }));
    expect(unwrap(await t.services.workshops.listTemplates(day.actor))).toEqual([]);
    // The peer-review day stays the default.
    const plain = await createWorkshop(t.services, day.actor, { title: "Plain" });
    expect((await t.services.room.snapshot(plain.id, "facilitator"))?.steps.map((s) => s.kind)).toEqual([
      "lobby",
      "collect_challenges",
      "vote_challenges",
      "collect_solutions",
      "vote_solutions",
      "recommendations",
      "closed",
    ]);
  });
});

describe("a workshop over several days", () => {
  it("steps move to another day and the agenda runs day by day", async () => {
    const day = await budapestDay(t.services);
    const ids = async () => (await day.view()).steps.map((s) => `${s.day}:${s.kind}`);
    // Day two: solutions, their vote, recommendations and the close.
    for (const kind of ["collect_solutions", "vote_solutions", "recommendations", "closed"] as const)
      unwrap(await t.services.agenda.setStepDay(day.actor, day.workshop.id, { stepId: await day.step(kind), day: 2 }));
    expect(await ids()).toEqual([
      "1:lobby",
      "1:collect_challenges",
      "1:vote_challenges",
      "2:collect_solutions",
      "2:vote_solutions",
      "2:recommendations",
      "2:closed",
    ]);
    // A lobby of day two, added as a new day's step, goes to the end of that day…
    unwrap(await t.services.agenda.addStep(day.actor, day.workshop.id, { kind: "discussion", title: "Field visit", day: 3 }));
    expect((await ids()).at(-1)).toBe("3:discussion");
    // …and moving the vote of challenges down past the boundary makes it day two's.
    unwrap(
      await t.services.agenda.moveStep(day.actor, day.workshop.id, { stepId: await day.step("vote_challenges"), toIndex: 3 }),
    );
    expect((await ids()).slice(0, 5)).toEqual([
      "1:lobby",
      "1:collect_challenges",
      "2:collect_solutions",
      "2:vote_challenges",
      "2:vote_solutions",
    ]);
    // An added step joins the day of the step it follows.
    unwrap(
      await t.services.agenda.addStep(day.actor, day.workshop.id, {
        kind: "discussion",
        title: "Lunch",
        afterStepId: await day.step("lobby"),
      }),
    );
    expect((await ids())[1]).toBe("1:discussion");
    expect(
      codeOf(await t.services.agenda.setStepDay(day.actor, day.workshop.id, { stepId: await day.step("lobby"), day: 8 })),
    ).toBe("validation");
  });
});

describe("an archived workshop is read-only", () => {
  it("every write is refused, on the service path and on the socket, until it is un-archived; reading and exporting still work", async () => {
    const server = await startServer();
    const { services } = server;
    const day = await budapestDay(services);
    const ana = await day.join("Ana", "academia");
    await day.moveRoomTo("collect_challenges");
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const phone = await connectParticipant(server, day.workshop.id, ana.token);

    unwrap(await services.workshops.setArchived(day.actor, day.workshop.id, true));

    const refusals = {
      settings: codeOf(
        await services.workshops.updateSettings(day.actor, day.workshop.id, await settingsOf(day, { title: "No" })),
      ),
      status: codeOf(await services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" })),
      languages: codeOf(
        await services.workshops.setLanguages(day.actor, day.workshop.id, { languages: ["en"], defaultLanguage: "en" }),
      ),
      rotate: codeOf(await services.workshops.rotateDisplayToken(day.actor, day.workshop.id)),
      join: codeOf(await services.participants.join(day.workshop.joinCode, { helix: "business", role: "observer" })),
      socketAgenda: codeOf(await send(laptop, "agenda:addStep", { kind: "discussion", afterStepId: null })),
      socketDay: codeOf(await send(laptop, "agenda:setStepDay", { stepId: await day.step("closed"), day: 2 })),
      socketSubmit: codeOf(
        await send(phone, "contribution:submit", { kind: "challenge", clientId: newClientId(), title: "Late" }),
      ),
    };
    expect(refusals).toEqual({
      settings: "conflict:workshopArchived",
      status: "conflict:workshopArchived",
      languages: "conflict:workshopArchived",
      rotate: "conflict:workshopArchived",
      join: "conflict:workshopArchived",
      socketAgenda: "conflict:workshopArchived",
      socketDay: "conflict:workshopArchived",
      socketSubmit: "conflict:workshopArchived",
    });
    expect((await day.view()).contributions).toEqual([]);
    expect(unwrap(await services.workshops.listForFacilitator(day.actor))[0].archived).toBe(true);
    expect((await services.reports.model(day.actor, day.workshop.id)).ok).toBe(true);

    unwrap(await services.workshops.setArchived(day.actor, day.workshop.id, false));
    expect(codeOf(await send(phone, "contribution:submit", { kind: "challenge", clientId: newClientId(), title: "Back" }))).toBe(
      "accepted",
    );
  });

  it("a vote in an archived workshop is refused", async () => {
    const day = await budapestDay(t.services);
    const ana = await day.join("Ana", "academia");
    const challenge = await day.hostChallenge("Researchers lack time for cluster work");
    await day.moveRoomTo("vote_challenges");
    unwrap(await t.services.workshops.setArchived(day.actor, day.workshop.id, true));
    const vote = await t.services.voting.queueVote(ana.actor, day.workshop.id, {
      clientId: newClientId("vote"),
      contributionId: challenge.id,
      points: 1,
    });
    expect(codeOf(vote)).toBe("conflict:workshopArchived");
  });
});

describe("deleting a workshop", () => {
  const count = async (database: TestDatabase, sql: string, workshopId: string) =>
    (await database.rows<{ n: number }>(sql, workshopId))[0].n;
  const rowsOf = async (database: TestDatabase, workshopId: string) => {
    {
      const tables = [
        "participants",
        "agenda_steps",
        "contributions",
        "votes",
        "recommendations",
        "endorsements",
        "notes",
        "events",
        "workshop_facilitators",
        "workshop_invitations",
      ];
      const counts: Record<string, number> = {};
      for (const table of tables)
        counts[table] = await count(database, `select count(*) as n from ${table} where workshop_id = ?`, workshopId);
      counts.workshops = await count(database, "select count(*) as n from workshops where id = ?", workshopId);
      counts.revisions = await count(
        database,
        "select count(*) as n from contribution_revisions r join contributions c on c.id = r.contribution_id where c.workshop_id = ?",
        workshopId,
      );
      counts.voteRequests = await count(
        database,
        "select count(*) as n from vote_requests r join participants p on p.id = r.participant_id where p.workshop_id = ?",
        workshopId,
      );
      return counts;
    }
  };

  it("only the owner deletes, with the title typed; every row of the workshop goes, nothing of another; open screens are dropped", async () => {
    const server = await startServer();
    const { services } = server;
    const day = await budapestDay(services);
    const other = await createWorkshop(services, day.actor, { title: "Pécs" });
    const ana = await day.join("Ana", "academia");
    const challenge = await day.hostChallenge("Researchers lack time for cluster work");
    await day.moveRoomTo("vote_challenges");
    unwrap(
      await services.voting.queueVote(ana.actor, day.workshop.id, {
        clientId: newClientId("v"),
        contributionId: challenge.id,
        points: 2,
      }),
    );
    unwrap(
      await services.moderation.edit(day.actor, day.workshop.id, { contributionId: challenge.id, title: "Reworded", body: null }),
    );
    unwrap(await services.participants.join(other.joinCode, { helix: "business", role: "observer", displayName: "Bob" }));
    const { actor: coActor, facilitator: co } = await createFacilitator(services, "Co");
    await server.database.db
      .insert(server.database.db.tables.workshopFacilitators)
      .values({ workshopId: day.workshop.id, facilitatorId: co.id, role: "co_facilitator", addedAt: 1 });
    const before = await rowsOf(server.database, day.workshop.id);
    const otherBefore = await rowsOf(server.database, other.id);
    expect(before.votes + before.events + before.participants + before.revisions).toBeGreaterThan(3);

    const phone = await connectParticipant(server, day.workshop.id, ana.token);
    const projector = await connectDisplay(
      server,
      day.workshop.id,
      unwrap(await services.workshops.getForFacilitator(day.actor, day.workshop.id)).displayToken,
    );
    const { actor: stranger } = await createFacilitator(services, "Someone from Vienna");
    expect(codeOf(await services.workshops.remove(stranger, day.workshop.id, { confirmTitle: "Budapest peer review" }))).toBe(
      "not_found",
    );
    // A co-facilitator is told why (only the owner), not "not found".
    expect(codeOf(await services.workshops.remove(coActor, day.workshop.id, { confirmTitle: "Budapest peer review" }))).toBe(
      "forbidden:ownerOnly",
    );
    expect(codeOf(await services.workshops.remove(day.actor, day.workshop.id, { confirmTitle: "Budapest" }))).toBe("validation");
    expect(await rowsOf(server.database, day.workshop.id)).toEqual(before);

    const told = once(phone, "session:revoked");
    const dropped = once(projector, "disconnect");
    unwrap(await services.workshops.remove(day.actor, day.workshop.id, { confirmTitle: " Budapest peer review " }));

    expect(await told).toMatchObject({ code: "not_found" });
    await dropped;
    expect(Object.values(await rowsOf(server.database, day.workshop.id)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(server.database, other.id)).toEqual(otherBefore);
    expect(unwrap(await services.workshops.listForFacilitator(day.actor)).map((w) => w.title)).toEqual(["Pécs"]);
  });
});
