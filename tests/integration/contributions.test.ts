import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ContributionView } from "../../app/domain/contributions";
import type { Result } from "../../app/domain/result";
import type { StepKind } from "../../app/domain/step-kinds";
import { applyEvents, type WorkshopState } from "../../app/domain/workshop-state";
import type { Actor } from "../../app/services/actor";
import type { Services } from "../../app/services/index.server";
import { mapInOrder } from "../../app/utils/in-order";
import { HOST_CHALLENGES, MORNING } from "../fixtures/budapest";
import {
  createFacilitator,
  createTestServices,
  createWorkshop,
  joinWorkshop,
  newClientId,
  nextEvent,
  startRealtimeServer,
  unwrap,
} from "./helpers";
import {
  ACK_MS,
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
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
 * The Budapest peer-review day, from the first challenge typed on a phone to the wall the
 * facilitators moderate and the agenda they run: services on a real database (SQLite or PostgreSQL), and the real
 * Socket.IO server where what phones, laptop and projector receive matters.
 */

// ── Shared fixtures ──────────────────────────────────────────────────────────────────────────────

type TestServices = ReturnType<typeof createTestServices>;
type Workshop = { id: string; joinCode: string; displayToken: string };

async function snapshotOf(services: Services, workshopId: string, audience: "facilitator" | "room"): Promise<WorkshopState> {
  const state = await services.room.snapshot(workshopId, audience);
  if (!state) throw new Error(`no snapshot of ${workshopId}`);
  return state;
}

async function stepId(services: Services, workshopId: string, kind: StepKind): Promise<string> {
  const step = (await snapshotOf(services, workshopId, "facilitator")).steps.find((s) => s.kind === kind);
  if (!step) throw new Error(`no ${kind} step`);
  return step.id;
}

/** The facilitator moves the room to the first step of this kind. */
async function moveRoomTo(services: Services, actor: Actor, workshopId: string, kind: StepKind) {
  unwrap(await services.agenda.goToStep(actor, workshopId, { stepId: await stepId(services, workshopId, kind) }));
}

async function joinAs(services: Services, workshop: Workshop, profile: Record<string, unknown>) {
  const joined = await joinWorkshop(services, workshop.joinCode, profile);
  const actor: Actor = { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id };
  return { ...joined, actor };
}

const challengeInput = (title: string, body?: string) => ({ kind: "challenge", clientId: newClientId(), title, body });
const solutionInput = (challengeId: string, title: string, body?: string) => ({
  kind: "solution",
  clientId: newClientId(),
  challengeId,
  title,
  body,
});

/** What must not move when a command is refused. */
function essentials(state: WorkshopState) {
  return {
    seq: state.seq,
    status: state.workshop.status,
    steps: state.steps,
    currentStepId: state.currentStepId,
    contributions: state.contributions,
    pinnedId: state.pinnedId,
    shownResultsStepId: state.shownResultsStepId,
  };
}

const byId = (list: readonly ContributionView[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

// ── Services on a real database, with a clock we control ────────────────────────────────────────

let now = MORNING;
let t: TestServices;

/** Service-level tests: a fresh database per test, the clock at 09:00 on the morning. */
function onAFreshDatabase() {
  beforeEach(() => {
    now = MORNING;
    t = createTestServices({ clock: () => now });
  });
  afterEach(() => t.cleanup());
}

/** A minute later: contributions get distinct times, as they would in the room. */
function aMinuteLater() {
  now += 60_000;
}

function submit(actor: Actor, workshopId: string, input: unknown) {
  aMinuteLater();
  return t.services.contributions.submit(actor, workshopId, input);
}

async function budapestMorning(input: Record<string, unknown> = {}) {
  const { facilitator, actor } = await createFacilitator(t.services, "Eszter");
  const workshop = await createWorkshop(t.services, actor, { title: "Budapest peer review", venue: "Budapest", ...input });
  return {
    facilitator,
    actor,
    workshop,
    step: (kind: StepKind) => stepId(t.services, workshop.id, kind),
    moveRoomTo: (kind: StepKind) => moveRoomTo(t.services, actor, workshop.id, kind),
    facilitatorView: () => snapshotOf(t.services, workshop.id, "facilitator"),
    roomView: () => snapshotOf(t.services, workshop.id, "room"),
  };
}

const publishedTypes = () => t.published.flatMap((p) => p.events.map((e) => e.type));
const publishedEvents = () => t.published.flatMap((p) => p.events);
const contributionRows = async () => (await t.database.rows<{ n: number }>("select count(*) as n from contributions"))[0].n;
const revisionsOf = (contributionId: string) => {
  const { contributionRevisions } = t.database.db.tables;
  return t.database.db
    .select()
    .from(contributionRevisions)
    .where(eq(contributionRevisions.contributionId, contributionId))
    .orderBy(asc(contributionRevisions.id));
};

// ── The real Socket.IO server ───────────────────────────────────────────────────────────────────

afterEach(closeServers);

function disconnected(socket: WorkshopSocket, ms = ACK_MS) {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no disconnect within ${ms} ms`)), ms);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A facilitator with the Budapest workshop on the real server, and helpers to run it. */
async function budapestOnTheServer(server: RealtimeServer, input: Record<string, unknown> = {}) {
  const { facilitator, actor } = await createFacilitator(server.services, "Eszter");
  const workshop = await createWorkshop(server.services, actor, { title: "Budapest peer review", venue: "Budapest", ...input });
  return {
    facilitator,
    actor,
    workshop,
    step: (kind: StepKind) => stepId(server.services, workshop.id, kind),
    moveRoomTo: (kind: StepKind) => moveRoomTo(server.services, actor, workshop.id, kind),
    facilitatorView: () => snapshotOf(server.services, workshop.id, "facilitator"),
    roomView: () => snapshotOf(server.services, workshop.id, "room"),
  };
}

// ── 1. Submitting ────────────────────────────────────────────────────────────────────────────────

describe("participants submit challenges and solutions from their phones", () => {
  onAFreshDatabase();

  it("Ágnes from a community NGO submits a challenge while the room collects challenges: stored with her helix and role, named for the facilitators, published once", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community", role: "local_stakeholder" });
    await day.moveRoomTo("collect_challenges");
    t.published.length = 0;

    const stored = unwrap(
      await submit(
        agnes.actor,
        day.workshop.id,
        challengeInput(
          "Patients' organisations are invited last",
          "Civil society hears about calls after the consortia are formed.",
        ),
      ),
    );

    expect(stored).toMatchObject({
      kind: "challenge",
      parentId: null,
      title: "Patients' organisations are invited last",
      body: "Civil society hears about calls after the consortia are formed.",
      status: "visible",
      origin: "participant",
      helix: "community",
      role: "local_stakeholder",
      authorId: agnes.participant.id,
      authorName: "Ágnes",
      createdAt: now,
      editedAt: null,
    });
    expect(await contributionRows()).toBe(1);
    expect((await day.facilitatorView()).contributions).toEqual([stored]);
    const events = publishedEvents();
    expect(events.map((e) => e.type)).toEqual(["contribution.created"]);
    expect(events[0].type === "contribution.created" && events[0].payload.contribution).toEqual(stored);

    // The projector and the phones of an anonymous workshop (the default) never learn who wrote it.
    const [onTheWall] = (await day.roomView()).contributions;
    expect(onTheWall).toMatchObject({ id: stored.id, title: stored.title, helix: "community", authorId: null, authorName: null });
  });

  it("in a named workshop the room sees the author's name, still without their id", async () => {
    const day = await budapestMorning({ anonymity: "named" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");

    const stored = unwrap(await submit(bence.actor, day.workshop.id, challengeInput("Researchers lack time for cluster work")));

    expect((await day.roomView()).contributions).toEqual([{ ...stored, authorId: null, authorName: "Bence" }]);
    expect((await day.facilitatorView()).contributions[0]).toMatchObject({ authorId: bence.participant.id, authorName: "Bence" });
  });

  it("a challenge sent in the lobby, or a solution sent while collecting challenges, is refused as conflict and nothing is stored", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const lobby = essentials(await day.facilitatorView());
    t.published.length = 0;

    expectError(await submit(agnes.actor, day.workshop.id, challengeInput("Too early: the lobby is still open")), "conflict");
    expect(essentials(await day.facilitatorView())).toEqual(lobby);

    await day.moveRoomTo("collect_challenges");
    const challenge = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    const before = essentials(await day.facilitatorView());
    t.published.length = 0;

    expectError(await submit(agnes.actor, day.workshop.id, solutionInput(challenge.id, "A regional data trust")), "conflict");

    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect(await contributionRows()).toBe(1);
    expect(t.published).toEqual([]);
  });

  it("while the room collects solutions, Bence's solution is stored under the open challenge it answers", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia", role: "international_peer" });
    await day.moveRoomTo("collect_challenges");
    const challenge = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    await day.moveRoomTo("collect_solutions");
    t.published.length = 0;

    const solution = unwrap(
      await submit(
        bence.actor,
        day.workshop.id,
        solutionInput(challenge.id, "A regional data trust", "Run by the cluster, audited yearly."),
      ),
    );

    expect(solution).toMatchObject({
      kind: "solution",
      parentId: challenge.id,
      helix: "academia",
      role: "international_peer",
      authorId: bence.participant.id,
      status: "visible",
    });
    expect(publishedTypes()).toEqual(["contribution.created"]);
    expect((await day.roomView()).contributions.map((c) => [c.kind, c.parentId])).toEqual([
      ["challenge", null],
      ["solution", challenge.id],
    ]);
  });

  it("a solution for another workshop's challenge, a hidden challenge, a challenge not opened in this step or an unknown id is refused as validation and nothing changes", async () => {
    const day = await budapestMorning();
    const elsewhere = await createWorkshop(t.services, day.actor, { title: "Vienna peer review" });
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    const viennese = await joinAs(t.services, elsewhere, { displayName: "Lukas", helix: "government" });

    await day.moveRoomTo("collect_challenges");
    const open = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    const notChosen = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("Too many overlapping networks")));
    const hidden = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("An off-topic complaint")));
    await moveRoomTo(t.services, day.actor, elsewhere.id, "collect_challenges");
    const otherWorkshops = unwrap(await submit(viennese.actor, elsewhere.id, challengeInput("Vienna's own challenge")));

    await day.moveRoomTo("collect_solutions");
    // The facilitator opens only two challenges for solutions, and hides one of them.
    unwrap(
      await t.services.agenda.setOpenChallenges(day.actor, day.workshop.id, {
        stepId: await day.step("collect_solutions"),
        open: { mode: "selected", ids: [open.id, hidden.id] },
      }),
    );
    unwrap(await t.services.moderation.hide(day.actor, day.workshop.id, { contributionId: hidden.id }));
    const before = essentials(await day.facilitatorView());
    const rows = await contributionRows();
    t.published.length = 0;

    const refusals = [
      ["another workshop's challenge", otherWorkshops.id],
      ["a hidden challenge", hidden.id],
      ["a challenge not opened in this step", notChosen.id],
      ["an unknown id", "00000000-0000-0000-0000-000000000000"],
    ] as const;
    for (const [what, challengeId] of refusals) {
      const error = expectError(
        await submit(bence.actor, day.workshop.id, solutionInput(challengeId, `An answer to ${what}`)),
        "validation",
      );
      expect(error.fields, what).toEqual({ challengeId: { key: "challengeNotOpen" } });
    }

    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect(await contributionRows()).toBe(rows);
    expect(t.published).toEqual([]);
    // The open one still takes solutions.
    expect(unwrap(await submit(bence.actor, day.workshop.id, solutionInput(open.id, "A regional data trust"))).parentId).toBe(
      open.id,
    );
  });

  it("a solution sent for a challenge that was merged into a duplicate lands under the one that stayed", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");
    const duplicate = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("Ministries do not talk to each other")));
    const survivor = unwrap(await submit(bence.actor, day.workshop.id, challengeInput("Poor coordination between ministries")));
    await day.moveRoomTo("collect_solutions");
    unwrap(await t.services.moderation.merge(day.actor, day.workshop.id, { sourceId: duplicate.id, targetId: survivor.id }));

    // Bence's phone still showed the duplicate when he wrote his answer.
    const solution = unwrap(
      await submit(bence.actor, day.workshop.id, solutionInput(duplicate.id, "An inter-ministerial cluster desk")),
    );

    expect(solution.parentId).toBe(survivor.id);
    expect((await day.facilitatorView()).contributions.find((c) => c.id === solution.id)?.parentId).toBe(survivor.id);
  });
});

// ── 2. Idempotency ───────────────────────────────────────────────────────────────────────────────

describe("a phone on venue Wi-Fi retries: one contribution, whatever the retries", () => {
  describe("on the service path", () => {
    onAFreshDatabase();

    it("the same client id twice gives the same contribution, one row and one event; another participant reusing it is refused as conflict", async () => {
      const day = await budapestMorning();
      const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
      await day.moveRoomTo("collect_challenges");
      t.published.length = 0;
      const input = { kind: "challenge", clientId: "agnes-phone-outbox-0001", title: "No shared data space" };

      const first = unwrap(await submit(agnes.actor, day.workshop.id, input));
      const retry = unwrap(await submit(agnes.actor, day.workshop.id, input));
      // Even a retry whose wording was changed in the outbox returns what was stored.
      const reworded = unwrap(await submit(agnes.actor, day.workshop.id, { ...input, title: "No shared data space at all" }));

      expect(retry).toEqual(first);
      expect(reworded).toEqual(first);
      expect(await contributionRows()).toBe(1);
      expect(publishedTypes()).toEqual(["contribution.created"]);

      const before = essentials(await day.facilitatorView());
      expectError(await submit(bence.actor, day.workshop.id, { ...input, title: "Bence's own challenge" }), "conflict");
      expect(essentials(await day.facilitatorView())).toEqual(before);
      expect(publishedTypes()).toEqual(["contribution.created"]);
    });
  });

  describe("over the socket", () => {
    it("Ágnes's phone sends the same challenge twice: the same id comes back, the laptop hears of it once", async () => {
      const server = await startServer();
      const day = await budapestOnTheServer(server);
      const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      const bence = await joinAs(server.services, day.workshop, { displayName: "Bence", helix: "academia" });
      await day.moveRoomTo("collect_challenges");
      const phone = await connectParticipant(server, day.workshop.id, agnes.token);
      const bencePhone = await connectParticipant(server, day.workshop.id, bence.token);
      const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
      const heard = record(laptop);
      const input = { kind: "challenge", clientId: "agnes-phone-outbox-0002", title: "No shared data space" };

      const first = await send(phone, "contribution:submit", input);
      const retry = await send(phone, "contribution:submit", input);

      expect(first.ok).toBe(true);
      expect(retry).toEqual(first);
      expectError(await send(bencePhone, "contribution:submit", input), "conflict");
      await quietPeriod();
      expect(heard.map((e) => e.type)).toEqual(["contribution.created"]);
      expect((await day.facilitatorView()).contributions.map((c) => c.id)).toEqual([
        unwrap(first as Result<ContributionView>).id,
      ]);
    });

    it("the same participant on two tabs submits the same challenge at the same moment: one contribution, one event", async () => {
      const server = await startServer();
      const day = await budapestOnTheServer(server);
      const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      await day.moveRoomTo("collect_challenges");
      const tabA = await connectParticipant(server, day.workshop.id, agnes.token);
      const tabB = await connectParticipant(server, day.workshop.id, agnes.token);
      const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
      const heard = record(laptop);
      const input = { kind: "challenge", clientId: "agnes-two-tabs-0003", title: "No shared data space" };

      const [a, b] = await Promise.all([send(tabA, "contribution:submit", input), send(tabB, "contribution:submit", input)]);

      const fromA = unwrap(a as Result<ContributionView>);
      const fromB = unwrap(b as Result<ContributionView>);
      expect(fromB.id).toBe(fromA.id);
      await quietPeriod();
      expect(heard.map((e) => e.type)).toEqual(["contribution.created"]);
      expect((await day.facilitatorView()).contributions).toHaveLength(1);
      const log = syncedEvents(await sync(laptop, { lastSeq: 0 }));
      expect(log.filter((e) => e.type === "contribution.created")).toHaveLength(1);
    });
  });
});

// ── 3. Host challenges ───────────────────────────────────────────────────────────────────────────

describe("the host's own challenges", () => {
  onAFreshDatabase();

  it("Eszter pre-loads the three Budapest scenario challenges in the lobby: host origin, no helix, in order on the wall", async () => {
    const day = await budapestMorning();
    t.published.length = 0;

    const loaded = await mapInOrder(HOST_CHALLENGES, async (title, i) =>
      unwrap(await submit(day.actor, day.workshop.id, { kind: "challenge", clientId: `host-scenario-${i + 1}`, title })),
    );

    for (const challenge of loaded) {
      expect(challenge).toMatchObject({
        kind: "challenge",
        origin: "host",
        helix: null,
        role: null,
        authorId: null,
        authorName: null,
        status: "visible",
      });
    }
    expect((await day.facilitatorView()).currentStepId).toBe(await day.step("lobby"));
    expect((await day.facilitatorView()).contributions.map((c) => c.title)).toEqual([...HOST_CHALLENGES]);
    expect((await day.roomView()).contributions.map((c) => [c.title, c.origin])).toEqual(
      HOST_CHALLENGES.map((title) => [title, "host"]),
    );
    expect(publishedTypes()).toEqual(["contribution.created", "contribution.created", "contribution.created"]);
  });

  it("a facilitator cannot submit a solution, even while the room collects solutions; participants can answer host challenges", async () => {
    const day = await budapestMorning();
    const [platform] = await mapInOrder(HOST_CHALLENGES, async (title, i) =>
      unwrap(await submit(day.actor, day.workshop.id, { kind: "challenge", clientId: `host-scenario-${i + 1}`, title })),
    );
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_solutions");
    const before = essentials(await day.facilitatorView());

    expectError(
      await submit(day.actor, day.workshop.id, solutionInput(platform.id, "The facilitator's favourite answer")),
      "validation",
    );
    expect(essentials(await day.facilitatorView())).toEqual(before);

    const answer = unwrap(
      await submit(bence.actor, day.workshop.id, solutionInput(platform.id, "A living lab run by the cluster")),
    );
    expect(answer).toMatchObject({ parentId: platform.id, origin: "participant", helix: "academia" });
  });

  it("a facilitator of another workshop cannot pre-load challenges into this one (not_found, nothing stored)", async () => {
    const day = await budapestMorning();
    const { actor: stranger } = await createFacilitator(t.services, "Someone from Vienna");
    await createWorkshop(t.services, stranger, { title: "Vienna peer review" });
    const before = essentials(await day.facilitatorView());

    const result = await submit(stranger, day.workshop.id, {
      kind: "challenge",
      clientId: "stranger-0001",
      title: "Planted by a stranger",
    });

    expectError(result, "not_found");
    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect(await contributionRows()).toBe(0);
  });
});

// ── 4. The author edits and withdraws ────────────────────────────────────────────────────────────

describe("the author edits and withdraws while the step is open", () => {
  onAFreshDatabase();

  it("Ágnes rewords her challenge while challenges are collected (the old wording is kept), but not once the room moved on", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    await day.moveRoomTo("collect_challenges");
    const original = unwrap(
      await submit(agnes.actor, day.workshop.id, challengeInput("No data space", "Hospitals keep data apart.")),
    );
    t.published.length = 0;
    aMinuteLater();

    const edited = unwrap(
      await t.services.contributions.edit(agnes.actor, day.workshop.id, {
        contributionId: original.id,
        title: "No shared health data space",
        body: "Hospitals, universities and SMEs keep their data apart.",
      }),
    );

    expect(edited).toMatchObject({
      id: original.id,
      title: "No shared health data space",
      body: "Hospitals, universities and SMEs keep their data apart.",
      editedAt: now,
      createdAt: original.createdAt,
    });
    expect(await revisionsOf(original.id)).toEqual([
      {
        id: expect.any(Number),
        contributionId: original.id,
        title: "No data space",
        body: "Hospitals keep data apart.",
        replacedBy: `participant:${agnes.participant.id}`,
        replacedAt: now,
      },
    ]);
    expect(publishedTypes()).toEqual(["contribution.updated"]);
    expect((await day.roomView()).contributions[0].title).toBe("No shared health data space");

    // The room moves on to voting: the wording is final.
    await day.moveRoomTo("vote_challenges");
    const before = essentials(await day.facilitatorView());
    expectError(
      await t.services.contributions.edit(agnes.actor, day.workshop.id, {
        contributionId: original.id,
        title: "A late rewording",
      }),
      "conflict",
    );
    expectError(
      await t.services.contributions.withdraw(agnes.actor, day.workshop.id, { contributionId: original.id }),
      "conflict",
    );
    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect(await revisionsOf(original.id)).toHaveLength(1);
  });

  it("Bence cannot edit or withdraw Ágnes's challenge (forbidden), and it stays as she wrote it", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");
    const hers = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    const before = essentials(await day.facilitatorView());
    t.published.length = 0;

    expectError(
      await t.services.contributions.edit(bence.actor, day.workshop.id, { contributionId: hers.id, title: "Bence's wording" }),
      "forbidden",
    );
    expectError(await t.services.contributions.withdraw(bence.actor, day.workshop.id, { contributionId: hers.id }), "forbidden");

    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect(await revisionsOf(hers.id)).toEqual([]);
    expect(t.published).toEqual([]);
  });

  it("Ágnes withdraws her challenge: it leaves the wall and the room hears it removed", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    await day.moveRoomTo("collect_challenges");
    const kept = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    const regretted = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("A typo-ridden duplicate")));
    t.published.length = 0;

    expect(await t.services.contributions.withdraw(agnes.actor, day.workshop.id, { contributionId: regretted.id })).toEqual({
      ok: true,
      data: { id: regretted.id },
    });

    expect((await day.roomView()).contributions.map((c) => c.id)).toEqual([kept.id]);
    expect((await day.facilitatorView()).contributions.map((c) => c.id)).toEqual([kept.id]);
    const [event] = publishedEvents();
    expect(event).toMatchObject({
      type: "contribution.updated",
      payload: { contribution: { id: regretted.id, status: "withdrawn" } },
    });
  });

  it("a challenge that others have already answered cannot be withdrawn by its author (conflict)", async () => {
    const day = await budapestMorning();
    const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");
    const challenge = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")));
    await day.moveRoomTo("collect_solutions");
    unwrap(await submit(bence.actor, day.workshop.id, solutionInput(challenge.id, "A regional data trust")));
    // The facilitator reopens challenge collection after the coffee break.
    await day.moveRoomTo("collect_challenges");
    const before = essentials(await day.facilitatorView());

    expectError(
      await t.services.contributions.withdraw(agnes.actor, day.workshop.id, { contributionId: challenge.id }),
      "conflict",
    );

    expect(essentials(await day.facilitatorView())).toEqual(before);
    expect((await day.roomView()).contributions.map((c) => c.id)).toContain(challenge.id);
  });
});

// ── 5. Moderation ────────────────────────────────────────────────────────────────────────────────

describe("the facilitators keep the wall readable", () => {
  describe("hide, unhide and pin, as the projector sees them", () => {
    it("a hidden challenge leaves the projector at once; unhidden, it comes back", async () => {
      const server = await startServer();
      const day = await budapestOnTheServer(server);
      const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      await day.moveRoomTo("collect_challenges");
      const offTopic = unwrap(
        await server.services.contributions.submit(agnes.actor, day.workshop.id, challengeInput("Parking is too expensive")),
      );
      const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
      const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);

      const removed = nextEvent(projector);
      const hidden = await send(laptop, "moderation:hide", { contributionId: offTopic.id });

      expect(hidden).toMatchObject({ ok: true, data: { id: offTopic.id, status: "hidden" } });
      expect(await removed).toMatchObject({ type: "contribution.removed", payload: { id: offTopic.id } });
      expect((await day.roomView()).contributions).toEqual([]);
      expect((await day.facilitatorView()).contributions).toMatchObject([{ id: offTopic.id, status: "hidden" }]);

      const back = nextEvent(projector);
      expect(await send(laptop, "moderation:unhide", { contributionId: offTopic.id })).toMatchObject({
        ok: true,
        data: { status: "visible" },
      });
      const restored = await back;
      expect(restored).toMatchObject({
        type: "contribution.updated",
        payload: { contribution: { id: offTopic.id, status: "visible", authorId: null, authorName: null } },
      });
      expect((await day.roomView()).contributions.map((c) => c.id)).toEqual([offTopic.id]);
    });

    it("the facilitator pins a challenge on the projector; a hidden one cannot be pinned; hiding the pinned one takes it down", async () => {
      const server = await startServer();
      const day = await budapestOnTheServer(server);
      const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      await day.moveRoomTo("collect_challenges");
      const highlight = unwrap(
        await server.services.contributions.submit(agnes.actor, day.workshop.id, challengeInput("No shared data space")),
      );
      const offTopic = unwrap(
        await server.services.contributions.submit(agnes.actor, day.workshop.id, challengeInput("Parking is too expensive")),
      );
      unwrap(await server.services.moderation.hide(day.actor, day.workshop.id, { contributionId: offTopic.id }));
      const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
      const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);

      const pinnedOnProjector = nextEventOfType(projector, "display.pinned");
      expect(await send(laptop, "moderation:pin", { contributionId: highlight.id })).toEqual({
        ok: true,
        data: { contributionId: highlight.id },
      });
      expect((await pinnedOnProjector).payload).toEqual({ contributionId: highlight.id });
      expect((await day.roomView()).pinnedId).toBe(highlight.id);

      const seen = record(projector);
      expectError(await send(laptop, "moderation:pin", { contributionId: offTopic.id }), "conflict");
      await quietPeriod();
      expect(seen).toEqual([]);
      expect((await day.facilitatorView()).pinnedId).toBe(highlight.id);

      const takenDown = nextEventOfType(projector, "display.pinned");
      unwrap(await send(laptop, "moderation:hide", { contributionId: highlight.id }));
      expect((await takenDown).payload).toEqual({ contributionId: null });
      expect(seen.map((e) => e.type)).toEqual(["contribution.removed", "display.pinned"]);
      expect((await day.facilitatorView()).pinnedId).toBeNull();
      expect((await day.roomView()).pinnedId).toBeNull();
    });
  });

  describe("edit, merge and move, on the service path", () => {
    onAFreshDatabase();

    async function wallWithDuplicates() {
      const day = await budapestMorning();
      const agnes = await joinAs(t.services, day.workshop, { displayName: "Ágnes", helix: "community" });
      const bence = await joinAs(t.services, day.workshop, { displayName: "Bence", helix: "academia" });
      const csilla = await joinAs(t.services, day.workshop, { displayName: "Csilla", helix: "government" });
      await day.moveRoomTo("collect_challenges");
      const a = unwrap(await submit(agnes.actor, day.workshop.id, challengeInput("Ministries do not talk to each other")));
      const b = unwrap(await submit(csilla.actor, day.workshop.id, challengeInput("Poor coordination between ministries")));
      const c = unwrap(await submit(bence.actor, day.workshop.id, challengeInput("SMEs cannot find academic partners")));
      await day.moveRoomTo("collect_solutions");
      const solution = unwrap(
        await submit(bence.actor, day.workshop.id, solutionInput(a.id, "An inter-ministerial cluster desk")),
      );
      t.published.length = 0;
      return { day, agnes, bence, csilla, a, b, c, solution };
    }

    it("a moderator rewords a challenge: the new wording is on the wall, the participant's original is kept", async () => {
      const { day, agnes, a } = await wallWithDuplicates();
      aMinuteLater();

      const edited = unwrap(
        await t.services.moderation.edit(day.actor, day.workshop.id, {
          contributionId: a.id,
          title: "Ministries and agencies do not coordinate",
          body: "Reworded by the facilitators.",
        }),
      );

      expect(edited).toMatchObject({
        id: a.id,
        title: "Ministries and agencies do not coordinate",
        editedAt: now,
        authorId: agnes.participant.id,
      });
      expect(await revisionsOf(a.id)).toMatchObject([
        {
          title: "Ministries do not talk to each other",
          body: null,
          replacedBy: `facilitator:${day.facilitator.id}`,
          replacedAt: now,
        },
      ]);
      expect(publishedTypes()).toEqual(["contribution.updated"]);
      expect((await day.roomView()).contributions.find((c) => c.id === a.id)?.title).toBe(
        "Ministries and agencies do not coordinate",
      );
    });

    it("merging duplicate A into B moves A's solution under B; A stays listed for the facilitators as merged into B", async () => {
      const { day, a, b, solution } = await wallWithDuplicates();

      const result = await t.services.moderation.merge(day.actor, day.workshop.id, { sourceId: a.id, targetId: b.id });

      expect(result).toMatchObject({ ok: true, data: { id: b.id } });
      const wall = (await day.facilitatorView()).contributions;
      expect(wall.find((c) => c.id === a.id)).toMatchObject({ status: "merged", mergedInto: b.id });
      expect(wall.find((c) => c.id === b.id)).toMatchObject({ status: "visible", mergedInto: null });
      expect(wall.find((c) => c.id === solution.id)?.parentId).toBe(b.id);
      expect(publishedEvents()).toMatchObject([
        {
          type: "contribution.merged",
          payload: { sourceId: a.id, targetId: b.id, reparentedSolutionIds: [solution.id], repointedMergedIds: [] },
        },
      ]);
    });

    it("merging into itself, a challenge with a solution, or an already-merged challenge is refused and nothing changes", async () => {
      const { day, a, b, c, solution } = await wallWithDuplicates();
      unwrap(await t.services.moderation.merge(day.actor, day.workshop.id, { sourceId: a.id, targetId: b.id }));
      const before = essentials(await day.facilitatorView());
      t.published.length = 0;

      const merge = (sourceId: string, targetId: string) =>
        t.services.moderation.merge(day.actor, day.workshop.id, { sourceId, targetId });
      expectError(await merge(c.id, c.id), "validation");
      expectError(await merge(c.id, solution.id), "conflict");
      expectError(await merge(solution.id, c.id), "conflict");
      expectError(await merge(a.id, c.id), "conflict");
      expectError(await merge(c.id, a.id), "conflict");
      expectError(await merge("00000000-0000-0000-0000-000000000000", c.id), "not_found");

      expect(essentials(await day.facilitatorView())).toEqual(before);
      expect(t.published).toEqual([]);
    });

    it("a solution filed under the wrong challenge is moved to another visible one; not to a hidden one", async () => {
      const { day, c, b, solution } = await wallWithDuplicates();

      const moved = await t.services.moderation.moveSolution(day.actor, day.workshop.id, {
        solutionId: solution.id,
        challengeId: c.id,
      });

      expect(moved).toMatchObject({ ok: true, data: { id: solution.id, parentId: c.id } });
      expect((await day.roomView()).contributions.find((x) => x.id === solution.id)?.parentId).toBe(c.id);
      expect(publishedEvents()).toMatchObject([
        { type: "contribution.updated", payload: { contribution: { id: solution.id, parentId: c.id } } },
      ]);

      unwrap(await t.services.moderation.hide(day.actor, day.workshop.id, { contributionId: b.id }));
      const before = essentials(await day.facilitatorView());
      expectError(
        await t.services.moderation.moveSolution(day.actor, day.workshop.id, { solutionId: solution.id, challengeId: b.id }),
        "conflict",
      );
      expectError(
        await t.services.moderation.moveSolution(day.actor, day.workshop.id, { solutionId: c.id, challengeId: b.id }),
        "validation",
      );
      expect(essentials(await day.facilitatorView())).toEqual(before);
    });
  });
});

// ── 6. Who may do what ───────────────────────────────────────────────────────────────────────────

type Fixture = {
  workshopId: string;
  /** Challenges: A has solution S; B is a merge/move target; C is hidden; D and E are plain. */
  a: string;
  b: string;
  c: string;
  d: string;
  e: string;
  s: string;
  step: (kind: StepKind) => string;
};

type Command = {
  event: string;
  payload: (f: Fixture) => unknown;
  service: (services: Services, actor: Actor, workshopId: string, payload: unknown) => Promise<Result<unknown>>;
};

/**
 * Every facilitator-only message, each with a payload the workshop's own facilitator would get
 * accepted (the last test of the table checks that), so a refusal is about who sends it.
 */
const FACILITATOR_COMMANDS: Command[] = [
  { event: "moderation:hide", payload: (f) => ({ contributionId: f.d }), service: (s, a, w, p) => s.moderation.hide(a, w, p) },
  {
    event: "moderation:unhide",
    payload: (f) => ({ contributionId: f.c }),
    service: (s, a, w, p) => s.moderation.unhide(a, w, p),
  },
  {
    event: "moderation:edit",
    payload: (f) => ({ contributionId: f.a, title: "Reworded by someone", body: null }),
    service: (s, a, w, p) => s.moderation.edit(a, w, p),
  },
  {
    event: "moderation:moveSolution",
    payload: (f) => ({ solutionId: f.s, challengeId: f.b }),
    service: (s, a, w, p) => s.moderation.moveSolution(a, w, p),
  },
  {
    event: "moderation:merge",
    payload: (f) => ({ sourceId: f.e, targetId: f.b }),
    service: (s, a, w, p) => s.moderation.merge(a, w, p),
  },
  { event: "moderation:pin", payload: (f) => ({ contributionId: f.a }), service: (s, a, w, p) => s.moderation.pin(a, w, p) },
  {
    event: "agenda:goToStep",
    payload: (f) => ({ stepId: f.step("closed") }),
    service: (s, a, w, p) => s.agenda.goToStep(a, w, p),
  },
  {
    event: "agenda:addStep",
    payload: (f) => ({ kind: "discussion", title: "Coffee and corridor talk", afterStepId: f.step("lobby") }),
    service: (s, a, w, p) => s.agenda.addStep(a, w, p),
  },
  {
    event: "agenda:renameStep",
    payload: (f) => ({ stepId: f.step("lobby"), title: "Welcome to Budapest" }),
    service: (s, a, w, p) => s.agenda.renameStep(a, w, p),
  },
  {
    event: "agenda:moveStep",
    payload: (f) => ({ stepId: f.step("recommendations"), toIndex: 1 }),
    service: (s, a, w, p) => s.agenda.moveStep(a, w, p),
  },
  {
    event: "agenda:removeStep",
    payload: (f) => ({ stepId: f.step("vote_solutions") }),
    service: (s, a, w, p) => s.agenda.removeStep(a, w, p),
  },
  {
    event: "agenda:timer",
    payload: (f) => ({ stepId: f.step("collect_solutions"), command: { action: "set", seconds: 600 } }),
    service: (s, a, w, p) => s.agenda.timer(a, w, p),
  },
  {
    event: "agenda:setOpenChallenges",
    payload: (f) => ({ stepId: f.step("collect_solutions"), open: { mode: "selected", ids: [f.b] } }),
    service: (s, a, w, p) => s.agenda.setOpenChallenges(a, w, p),
  },
  {
    event: "moderation:history",
    payload: (f) => ({ contributionId: f.a }),
    service: (s, a, w, p) => s.moderation.history(a, w, p),
  },
  {
    event: "note:save",
    payload: (f) => ({ subject: `challenge:${f.a}`, body: "Rapporteur: ministries agree to meet monthly", baseVersion: 0 }),
    service: (s, a, w, p) => s.notes.save(a, w, p),
  },
  {
    event: "agenda:setStepDay",
    payload: (f) => ({ stepId: f.step("recommendations"), day: 2 }),
    service: (s, a, w, p) => s.agenda.setStepDay(a, w, p),
  },
  {
    event: "vote:showResults",
    // No vote is held in this fixture: "back to the current step" is what the laptop may always send.
    payload: () => ({ stepId: null }),
    service: (s, a, w, p) => s.voting.showResults(a, w, p),
  },
  {
    event: "workshop:setStatus",
    payload: () => ({ status: "closed" }),
    service: (s, a, w, p) => s.workshops.setStatus(a, w, p),
  },
];

describe("only the workshop's facilitators moderate and run the agenda", () => {
  let server: RealtimeServer;
  let fixture: Fixture;
  let facilitatorId: string;
  let stranger: Actor;
  const senders: Partial<Record<"participant" | "display", WorkshopSocket>> = {};

  beforeAll(async () => {
    server = await startRealtimeServer();
    const day = await budapestOnTheServer(server);
    facilitatorId = day.facilitator.id;
    stranger = (await createFacilitator(server.services, "Someone from Vienna")).actor;
    await createWorkshop(server.services, stranger, { title: "Vienna peer review" });
    const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(server.services, day.workshop, { displayName: "Bence", helix: "academia" });
    const challenge = async (title: string) =>
      unwrap(await server.services.contributions.submit(agnes.actor, day.workshop.id, challengeInput(title))).id;
    await day.moveRoomTo("collect_challenges");
    const [a, b, c, d, e] = await mapInOrder(
      [
        "Ministries do not talk to each other",
        "Poor coordination between ministries",
        "Parking is too expensive",
        "SMEs cannot find academic partners",
        "Ministries never coordinate",
      ],
      challenge,
    );
    const steps = new Map((await snapshotOf(server.services, day.workshop.id, "facilitator")).steps.map((s) => [s.kind, s.id]));
    await day.moveRoomTo("collect_solutions");
    const s = unwrap(
      await server.services.contributions.submit(bence.actor, day.workshop.id, solutionInput(a, "A cluster desk")),
    ).id;
    unwrap(await server.services.moderation.hide(day.actor, day.workshop.id, { contributionId: c }));
    const step = (kind: StepKind) => {
      const id = steps.get(kind);
      if (!id) throw new Error(`no ${kind} step`);
      return id;
    };
    fixture = { workshopId: day.workshop.id, a, b, c, d, e, s, step };
    senders.participant = await connectParticipant(server, day.workshop.id, agnes.token);
    senders.display = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
  });

  afterAll(async () => {
    await server?.close();
  });

  const pairs = FACILITATOR_COMMANDS.flatMap((command) =>
    (["participant", "display"] as const).map((sender) => ({ sender, event: command.event, command })),
  );

  it.each(pairs)(
    "the $sender sends $event: forbidden, and the workshop is exactly as before",
    async ({ sender, event, command }) => {
      const socket = senders[sender];
      if (!socket) throw new Error(`no ${sender} socket`);
      const before = essentials(await snapshotOf(server.services, fixture.workshopId, "facilitator"));

      const result = await send(socket, event, command.payload(fixture));

      expect(result.ok ? "accepted" : result.error.code, `${sender} × ${event}`).toBe("forbidden");
      expect(essentials(await snapshotOf(server.services, fixture.workshopId, "facilitator")), `${sender} × ${event}`).toEqual(
        before,
      );
    },
  );

  it.each(FACILITATOR_COMMANDS)(
    "a facilitator of another workshop calls $event on the service path: not_found, nothing changes",
    async (command) => {
      const before = essentials(await snapshotOf(server.services, fixture.workshopId, "facilitator"));

      const result = await command.service(server.services, stranger, fixture.workshopId, command.payload(fixture));

      expect(result.ok ? "accepted" : result.error.code, `stranger × ${command.event}`).toBe("not_found");
      expect(essentials(await snapshotOf(server.services, fixture.workshopId, "facilitator"))).toEqual(before);
    },
  );

  // Runs last: it changes the shared workshop.
  it("the workshop's own facilitator sends the same messages from the laptop and each is accepted", async () => {
    const laptop = await connectFacilitator(server, facilitatorId, fixture.workshopId);
    for (const command of FACILITATOR_COMMANDS) {
      const result = await send(laptop, command.event, command.payload(fixture));
      expect(result.ok ? "accepted" : result.error.code, command.event).toBe("accepted");
    }
    laptop.disconnect();
  });
});

// ── 7. The agenda ────────────────────────────────────────────────────────────────────────────────

describe("running the agenda", () => {
  it("moving the room from the lobby opens the workshop: phones hear the step change and the workshop go live; the closed step closes it", async () => {
    const server = await startServer();
    const day = await budapestOnTheServer(server);
    const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const phone = await connectParticipant(server, day.workshop.id, agnes.token);
    const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    expect(await day.roomView()).toMatchObject({ currentStepId: await day.step("lobby"), workshop: { status: "draft" } });

    const onPhone = record(phone);
    const stepOnPhone = nextEventOfType(phone, "step.changed");
    const liveOnProjector = nextEventOfType(projector, "workshop.statusChanged");
    const moved = await send(laptop, "agenda:goToStep", { stepId: await day.step("collect_challenges") });

    expect(moved).toEqual({ ok: true, data: { steps: (await day.facilitatorView()).steps } });
    expect((await stepOnPhone).payload).toEqual({ currentStepId: await day.step("collect_challenges") });
    expect((await liveOnProjector).payload).toEqual({ status: "live" });
    expect(onPhone.map((e) => [e.seq, e.type])).toEqual([
      [2, "step.changed"],
      [3, "workshop.statusChanged"],
    ]);
    expect(await day.roomView()).toMatchObject({
      currentStepId: await day.step("collect_challenges"),
      workshop: { status: "live" },
    });

    const closedOnPhone = nextEventOfType(phone, "workshop.statusChanged");
    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("closed") }));
    expect((await closedOnPhone).payload).toEqual({ status: "closed" });
    expect(await day.roomView()).toMatchObject({ currentStepId: await day.step("closed"), workshop: { status: "closed" } });
    // A closed workshop takes no more contributions.
    expectError(await send(phone, "contribution:submit", challengeInput("Too late")), "workshop_closed");
  });

  describe("on the service path", () => {
    onAFreshDatabase();

    const positions = async (workshopId: string) => {
      const { agendaSteps } = t.database.db.tables;
      return (
        await t.database.db
          .select({ kind: agendaSteps.kind, position: agendaSteps.position })
          .from(agendaSteps)
          .where(eq(agendaSteps.workshopId, workshopId))
      ).sort((x, y) => x.position - y.position);
    };

    it("Eszter adds a site visit, renames it, moves the recommendations up and drops the second vote: the order is 0..n-1 everywhere", async () => {
      const day = await budapestMorning();
      const kinds = async () => (await day.roomView()).steps.map((s) => s.kind);
      expect(await kinds()).toEqual([
        "lobby",
        "collect_challenges",
        "vote_challenges",
        "collect_solutions",
        "vote_solutions",
        "recommendations",
        "closed",
      ]);
      t.published.length = 0;

      const added = unwrap(
        await t.services.agenda.addStep(day.actor, day.workshop.id, {
          kind: "discussion",
          title: "Site visit",
          afterStepId: await day.step("vote_solutions"),
        }),
      );
      const visit = added.steps[5];
      expect(visit).toMatchObject({ kind: "discussion", title: "Site visit", timer: null });

      unwrap(
        await t.services.agenda.renameStep(day.actor, day.workshop.id, {
          stepId: visit.id,
          title: "Visit to the Semmelweis cluster",
        }),
      );
      unwrap(
        await t.services.agenda.moveStep(day.actor, day.workshop.id, { stepId: await day.step("recommendations"), toIndex: 5 }),
      );
      const final = unwrap(
        await t.services.agenda.removeStep(day.actor, day.workshop.id, { stepId: await day.step("vote_solutions") }),
      );

      const expected = [
        "lobby",
        "collect_challenges",
        "vote_challenges",
        "collect_solutions",
        "recommendations",
        "discussion",
        "closed",
      ];
      expect(await kinds()).toEqual(expected);
      expect(final.steps).toEqual((await day.facilitatorView()).steps);
      expect((await day.facilitatorView()).steps.find((s) => s.id === visit.id)?.title).toBe("Visit to the Semmelweis cluster");
      expect(await positions(day.workshop.id)).toEqual(expected.map((kind, position) => ({ kind, position })));

      // Each change was published with the whole agenda, the last one as the room now sees it.
      const events = publishedEvents();
      expect(events.map((e) => e.type)).toEqual(["agenda.changed", "agenda.changed", "agenda.changed", "agenda.changed"]);
      const last = events.at(-1);
      expect(last?.type === "agenda.changed" && last.payload.steps).toEqual((await day.roomView()).steps);
    });

    it("the step the room is in cannot be removed (conflict), nor a step that is not in the agenda (not_found)", async () => {
      const day = await budapestMorning();
      await day.moveRoomTo("collect_challenges");
      const before = essentials(await day.facilitatorView());
      t.published.length = 0;

      expectError(
        await t.services.agenda.removeStep(day.actor, day.workshop.id, { stepId: await day.step("collect_challenges") }),
        "conflict",
      );
      expectError(await t.services.agenda.removeStep(day.actor, day.workshop.id, { stepId: "no-such-step" }), "not_found");

      expect(essentials(await day.facilitatorView())).toEqual(before);
      expect((await positions(day.workshop.id)).map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(t.published).toEqual([]);
    });

    it("the challenge-collection timer: set to 5 minutes, started, paused, extended, restarted and reset, exactly on the server's clock", async () => {
      const day = await budapestMorning();
      await day.moveRoomTo("collect_challenges");
      const stepIdOfTimer = await day.step("collect_challenges");
      t.published.length = 0;

      const timerCommand = async (command: Record<string, unknown>) => {
        unwrap(await t.services.agenda.timer(day.actor, day.workshop.id, { stepId: stepIdOfTimer, command }));
        const event = publishedEvents().at(-1);
        if (event?.type !== "timer.changed") throw new Error(`expected timer.changed, got ${event?.type}`);
        expect(event.payload.stepId).toBe(stepIdOfTimer);
        const inSnapshot = (await day.roomView()).steps.find((s) => s.id === stepIdOfTimer)?.timer;
        expect(event.payload.timer).toEqual(inSnapshot);
        return inSnapshot;
      };

      expect(await timerCommand({ action: "set", seconds: 300 })).toEqual({
        durationMs: 300_000,
        remainingMs: 300_000,
        endsAt: null,
      });

      now += 5_000;
      const startedAt = now;
      expect(await timerCommand({ action: "start" })).toEqual({
        durationMs: 300_000,
        remainingMs: 300_000,
        endsAt: startedAt + 300_000,
      });

      now += 90_000;
      expect(await timerCommand({ action: "pause" })).toEqual({ durationMs: 300_000, remainingMs: 210_000, endsAt: null });

      now += 600_000; // A long discussion while paused: nothing runs down.
      expect(await timerCommand({ action: "add", seconds: 60 })).toEqual({
        durationMs: 300_000,
        remainingMs: 270_000,
        endsAt: null,
      });

      const restartedAt = now;
      expect(await timerCommand({ action: "start" })).toEqual({
        durationMs: 300_000,
        remainingMs: 270_000,
        endsAt: restartedAt + 270_000,
      });

      now += 30_000;
      expect(await timerCommand({ action: "add", seconds: 30 })).toEqual({
        durationMs: 300_000,
        remainingMs: 270_000,
        endsAt: restartedAt + 300_000,
      });

      expect(await timerCommand({ action: "reset" })).toEqual({ durationMs: 300_000, remainingMs: 300_000, endsAt: null });
      expect(publishedTypes()).toEqual(Array(7).fill("timer.changed"));
    });
  });
});

// ── 8. Catch-up ──────────────────────────────────────────────────────────────────────────────────

describe("a phone that lost the venue Wi-Fi catches up", () => {
  it("away while a challenge came in, one was hidden, two were merged and the room moved on: it ends with the same wall as a fresh snapshot", async () => {
    const server = await startServer();
    const day = await budapestOnTheServer(server);
    const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(server.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");
    const write = async (title: string) =>
      unwrap(await server.services.contributions.submit(bence.actor, day.workshop.id, challengeInput(title)));
    const offTopic = await write("Parking is too expensive");
    const duplicate = await write("Ministries do not talk to each other");
    const survivor = await write("Poor coordination between ministries");
    unwrap(await server.services.moderation.pin(day.actor, day.workshop.id, { contributionId: duplicate.id }));

    // Ágnes's phone loaded the page (its snapshot), connected, then the Wi-Fi dropped.
    const before = await day.roomView();
    expect(before.contributions).toHaveLength(3);
    const phone = await connectParticipant(server, day.workshop.id, agnes.token);
    const dropped = disconnected(phone);
    phone.disconnect();
    await dropped;

    const late = await write("SMEs cannot find academic partners");
    unwrap(await server.services.moderation.hide(day.actor, day.workshop.id, { contributionId: offTopic.id }));
    unwrap(await server.services.moderation.merge(day.actor, day.workshop.id, { sourceId: duplicate.id, targetId: survivor.id }));
    await day.moveRoomTo("vote_challenges");

    const back = await connectParticipant(server, day.workshop.id, agnes.token);
    const missed = syncedEvents(await sync(back, { lastSeq: before.seq }));
    expect(missed.map((e) => e.type)).toEqual([
      "contribution.created",
      "contribution.removed",
      "contribution.merged",
      "display.pinned",
      "step.changed",
      // The merge moved the pin to the survivor; moving on takes it down.
      "display.pinned",
    ]);

    const caughtUp = applyEvents(before, missed);
    const fresh = await day.roomView();
    expect(caughtUp.gap).toBe(false);
    expect(caughtUp.state.seq).toBe(fresh.seq);
    expect(byId(caughtUp.state.contributions)).toEqual(byId(fresh.contributions));
    expect(caughtUp.state.currentStepId).toBe(fresh.currentStepId);
    expect(caughtUp.state.currentStepId).toBe(await day.step("vote_challenges"));
    expect(caughtUp.state.pinnedId).toBe(fresh.pinnedId);
    // The pin followed the merge to the survivor, then came down when the room moved on.
    expect(fresh.pinnedId).toBeNull();
    expect(fresh.contributions.map((c) => c.id)).toContain(late.id);
    expect(fresh.contributions.map((c) => c.id)).not.toContain(offTopic.id);
  });

  it("away while a hidden duplicate was merged into the challenge that stayed: it still ends with the same wall as a fresh snapshot", async () => {
    const server = await startServer();
    const day = await budapestOnTheServer(server);
    const agnes = await joinAs(server.services, day.workshop, { displayName: "Ágnes", helix: "community" });
    const bence = await joinAs(server.services, day.workshop, { displayName: "Bence", helix: "academia" });
    await day.moveRoomTo("collect_challenges");
    const write = async (title: string) =>
      unwrap(await server.services.contributions.submit(bence.actor, day.workshop.id, challengeInput(title)));
    const duplicate = await write("Ministries do not talk to each other");
    const survivor = await write("Poor coordination between ministries");

    const before = await day.roomView();
    const phone = await connectParticipant(server, day.workshop.id, agnes.token);
    const dropped = disconnected(phone);
    phone.disconnect();
    await dropped;

    // The facilitator first hides the duplicate, then tries to tidy up by merging it. Whether the
    // merge is accepted or refused, the room must end the same live and after a reload.
    unwrap(await server.services.moderation.hide(day.actor, day.workshop.id, { contributionId: duplicate.id }));
    const merge = await server.services.moderation.merge(day.actor, day.workshop.id, {
      sourceId: duplicate.id,
      targetId: survivor.id,
    });

    const back = await connectParticipant(server, day.workshop.id, agnes.token);
    const caughtUp = applyEvents(before, syncedEvents(await sync(back, { lastSeq: before.seq })));
    const fresh = await day.roomView();

    expect(caughtUp.gap).toBe(false);
    expect(byId(caughtUp.state.contributions), `merge answered ${JSON.stringify(merge)}`).toEqual(byId(fresh.contributions));
    // What the facilitator hid never reaches the room again, live or in a snapshot.
    expect(fresh.contributions.map((c) => c.title)).not.toContain(duplicate.title);
    expect(fresh.contributions.map((c) => c.id)).toEqual([survivor.id]);
  });
});
