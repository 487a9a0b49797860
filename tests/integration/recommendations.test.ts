import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HELICES } from "../../app/domain/helix";
import type { SaveRecommendationInput } from "../../app/domain/recommendations";
import type { FieldError } from "../../app/domain/result";
import { applyEndorsements, applyEvents } from "../../app/domain/workshop-state";
import type { Actor } from "../../app/services/actor";
import type { Services } from "../../app/services/index.server";
import { mapInOrder } from "../../app/utils/in-order";
import { HOST_CHALLENGES, MORNING } from "../fixtures/budapest";
import {
  budapestDay,
  createFacilitator,
  createTestServices,
  createWorkshop,
  helixCounts,
  joinWorkshop,
  type Member,
  newClientId,
  unwrap,
} from "./helpers";
import { expectError } from "./socket-helpers";

/**
 * The action plan of the Budapest peer-review day: the facilitators draft recommendations from the
 * top solutions (owner, deadline, priority, linked items), order them, and the room endorses them
 * from their phones during the recommendations step. Services on a real database (SQLite or PostgreSQL); who endorsed
 * what never leaves the server, only counts by helix.
 */

// ── Shared fixtures ──────────────────────────────────────────────────────────────────────────────

type TestServices = ReturnType<typeof createTestServices>;

/** A recommendation as the facilitator's form sends it, with the fields each test cares about. */
const draft = (input: Partial<SaveRecommendationInput> & Record<string, unknown> = {}) =>
  ({
    clientId: newClientId(),
    title: "Set up a regional data trust for the health cluster",
    owner: { kind: "helix", helix: "government" },
    priority: "medium",
    ...input,
  }) as SaveRecommendationInput;

/** A facilitator with the Budapest workshop on these services, and the moves of an action-plan hour. */
async function actionPlan(services: Services, input: Record<string, unknown> = {}) {
  const day = await budapestDay(services, input);
  const { actor, workshop, view, step } = day;
  return {
    ...day,
    /** A participant's solution (solutions come from the room): the room is taken to the solution step if needed. */
    async solution(by: Member, challengeId: string, title: string) {
      const collecting = await step("collect_solutions");
      if ((await view()).currentStepId !== collecting)
        unwrap(await services.agenda.goToStep(actor, workshop.id, { stepId: collecting }));
      return unwrap(
        await services.contributions.submit(by.actor, workshop.id, {
          kind: "solution",
          clientId: newClientId("phone"),
          challengeId,
          title,
        }),
      );
    },
    save: (input: unknown, by: Actor = actor) => services.recommendations.save(by, workshop.id, input),
    move: (recommendationId: string, toIndex: number, by: Actor = actor) =>
      services.recommendations.move(by, workshop.id, { recommendationId, toIndex }),
    remove: (recommendationId: string, by: Actor = actor) =>
      services.recommendations.remove(by, workshop.id, { recommendationId }),
    endorse: (by: Actor, recommendationId: string, endorsed = true) =>
      services.recommendations.endorse(by, workshop.id, { recommendationId, endorsed }),
    list: () => services.recommendations.list(workshop.id),
    counts: () => services.recommendations.counts(workshop.id),
    hide: async (contributionId: string) => unwrap(await services.moderation.hide(actor, workshop.id, { contributionId })),
    close: async () => unwrap(await services.workshops.setStatus(actor, workshop.id, { status: "closed" })),
  };
}

// ── A real database, with a clock we control ────────────────────────────────────────────────────

let now = MORNING;
let t: TestServices;

beforeEach(() => {
  now = MORNING;
  t = createTestServices({ clock: () => (now += 1_000) });
});
afterEach(() => t.cleanup());

const count = async (table: "recommendations" | "endorsements") =>
  (await t.database.rows<{ n: number }>(`select count(*) as n from ${table}`))[0].n;
/** What the database holds of the action plan: every row of its three tables. */
const stored = async () => ({
  recommendations: await t.database.rows(
    "select id, position, title, body, owner_kind, owner, deadline, priority from recommendations order by position",
  ),
  links: await t.database.rows(
    "select recommendation_id, contribution_id, position from recommendation_links order by recommendation_id, position",
  ),
  endorsements: await t.database.rows(
    "select recommendation_id, participant_id, helix from endorsements order by recommendation_id, participant_id",
  ),
});
/** Every event published since the last `published.length = 0`, flattened. */
const publishedEvents = () => t.published.flatMap((p) => p.events);
const eventTypes = () => publishedEvents().map((e) => e.type);

// ── 1. Drafting the action plan ──────────────────────────────────────────────────────────────────

describe("Eszter drafts the action plan from the top solutions", () => {
  it("she adds a recommendation owned by a helix, with a deadline, a priority and two linked solutions; it is stored in that order and the screens are told (recommendation.saved)", async () => {
    const day = await actionPlan(t.services);
    const bence = await day.join("Bence", "academia");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const livingLab = await day.solution(bence, platform.id, "A living lab run by the cluster");
    const dataTrust = await day.solution(bence, platform.id, "A regional data trust");
    t.published.length = 0;

    const saved = unwrap(
      await day.save(
        draft({
          title: "  Fund a living lab with the ministry  ",
          body: "Two years, co-funded by the cluster members.",
          owner: { kind: "helix", helix: "government" },
          deadline: "2025-06-30",
          priority: "high",
          linkedIds: [dataTrust.id, livingLab.id],
        }),
      ),
    );

    expect(saved).toEqual({
      id: expect.any(String),
      position: 0,
      title: "Fund a living lab with the ministry",
      body: "Two years, co-funded by the cluster members.",
      owner: { kind: "helix", helix: "government" },
      deadline: "2025-06-30",
      priority: "high",
      linkedIds: [dataTrust.id, livingLab.id],
      endorsements: helixCounts(),
      updatedAt: expect.any(Number),
    });
    expect(await day.list()).toEqual([saved]);
    expect((await day.view()).recommendations).toEqual([saved]);
    expect((await day.view("room")).recommendations).toEqual([saved]);
    expect(t.published).toEqual([
      {
        workshopId: day.workshop.id,
        events: [expect.objectContaining({ type: "recommendation.saved", payload: { recommendation: saved } })],
      },
    ]);

    // A second one, owned by an organisation, without a deadline: it comes after the first.
    const second = unwrap(
      await day.save(
        draft({
          title: "Publish the cluster's open-data charter",
          owner: { kind: "organisation", name: " MediKlaszter " },
          deadline: "",
          priority: "low",
        }),
      ),
    );
    expect(second).toMatchObject({
      position: 1,
      owner: { kind: "organisation", name: "MediKlaszter" },
      deadline: null,
      body: null,
      priority: "low",
      linkedIds: [],
    });
    expect((await day.list()).map((r) => r.id)).toEqual([saved.id, second.id]);
  });

  it("a retried add with the same clientId returns the first recommendation: one row, one event", async () => {
    const day = await actionPlan(t.services);
    t.published.length = 0;
    const input = draft({ title: "Open a one-stop cluster desk", priority: "high" });

    const first = unwrap(await day.save(input));
    const retry = unwrap(await day.save(input));
    // Even a retry that says something else (the laptop re-sent an older draft) does not add a row.
    const changedRetry = unwrap(await day.save({ ...input, title: "Something else" }));

    expect(retry).toEqual(first);
    expect(changedRetry).toEqual(first);
    expect(await count("recommendations")).toBe(1);
    expect(eventTypes()).toEqual(["recommendation.saved"]);
  });

  it("an edit changes the fields and the links, keeps its place and its endorsements; the edit is published", async () => {
    const day = await actionPlan(t.services);
    const gabor = await day.join("Gábor", "government");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const livingLab = await day.solution(gabor, platform.id, "A living lab run by the cluster");
    const desk = await day.solution(gabor, coherence.id, "An inter-ministerial cluster desk");
    const first = unwrap(await day.save(draft({ title: "First", linkedIds: [livingLab.id] })));
    const second = unwrap(await day.save(draft({ title: "Second", linkedIds: [livingLab.id, platform.id] })));
    await day.moveRoomTo("recommendations");
    unwrap(await day.endorse(gabor.actor, second.id));
    t.published.length = 0;

    const edited = unwrap(
      await day.save({
        recommendationId: second.id,
        title: "An inter-ministerial desk for the cluster",
        body: "Hosted by the ministry of innovation.",
        owner: { kind: "organisation", name: "Ministry of Innovation" },
        deadline: "2025-12-31",
        priority: "high",
        linkedIds: [desk.id, coherence.id],
      }),
    );

    expect(edited).toEqual({
      id: second.id,
      position: 1,
      title: "An inter-ministerial desk for the cluster",
      body: "Hosted by the ministry of innovation.",
      owner: { kind: "organisation", name: "Ministry of Innovation" },
      deadline: "2025-12-31",
      priority: "high",
      linkedIds: [desk.id, coherence.id],
      endorsements: helixCounts({ government: 1 }),
      updatedAt: expect.any(Number),
    });
    expect(edited.updatedAt).toBeGreaterThan(second.updatedAt);
    expect(await day.list()).toEqual([first, edited]);
    expect(eventTypes()).toEqual(["recommendation.saved"]);
    expect(publishedEvents()[0].payload).toEqual({ recommendation: edited });

    // Editing the links away, and the body and deadline out.
    const bare = unwrap(
      await day.save({
        recommendationId: second.id,
        title: "An inter-ministerial desk for the cluster",
        owner: { kind: "helix", helix: "academia" },
        body: "",
        deadline: null,
        priority: "low",
        linkedIds: [],
      }),
    );
    expect(bare).toMatchObject({ body: null, deadline: null, owner: { kind: "helix", helix: "academia" }, linkedIds: [] });
    expect((await stored()).links).toEqual([{ recommendation_id: first.id, contribution_id: livingLab.id, position: 0 }]);
  });

  it("a recommendation whose linked solution was hidden since can still be edited; a newly added hidden link is refused", async () => {
    const day = await actionPlan(t.services);
    const gabor = await day.join("Gábor", "government");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const livingLab = await day.solution(gabor, platform.id, "A living lab run by the cluster");
    const hub = await day.solution(gabor, platform.id, "An innovation hub in Kőbánya");
    const rec = unwrap(await day.save(draft({ title: "Tpyo", linkedIds: [livingLab.id] })));
    await day.hide(livingLab.id);
    await day.hide(hub.id);

    const { clientId: _, ...fields } = draft({ title: "Typo fixed", linkedIds: [livingLab.id] });
    const fixed = unwrap(await day.save({ ...fields, recommendationId: rec.id }));
    expect(fixed).toMatchObject({ title: "Typo fixed", linkedIds: [livingLab.id] });
    const refused = await day.save({ ...fields, recommendationId: rec.id, linkedIds: [livingLab.id, hub.id] });
    expect(refused.ok ? null : refused.error.fields?.linkedIds?.key).toBe("linkNotFound");
    expect((await day.list())[0].linkedIds).toEqual([livingLab.id]);
  });

  it("two facilitators edit the same recommendation: the second edit, made from the older copy, is refused (conflict) and changes nothing", async () => {
    const day = await actionPlan(t.services);
    const copy = unwrap(await day.save(draft({ title: "Working group" })));
    const { clientId: _, ...fields } = draft({ title: "Working group" });
    const first = unwrap(
      await day.save({ ...fields, recommendationId: copy.id, baseUpdatedAt: copy.updatedAt, title: "Working group, quarterly" }),
    );
    const second = await day.save({
      ...fields,
      recommendationId: copy.id,
      baseUpdatedAt: copy.updatedAt,
      title: "Working group, monthly",
    });
    expect(second.ok ? null : second.error.code).toBe("conflict");
    expect((await day.list())[0]).toEqual(first);
    // Editing from the fresh copy works.
    expect(
      unwrap(await day.save({ ...fields, recommendationId: copy.id, baseUpdatedAt: first.updatedAt, title: "Monthly" })).title,
    ).toBe("Monthly");
  });

  it("moving a recommendation reorders the plan and publishes recommendations.reordered; moving it to where it is changes nothing", async () => {
    const day = await actionPlan(t.services);
    const [a, b, c] = await mapInOrder(["Desk", "Data trust", "Charter"], async (title) =>
      unwrap(await day.save(draft({ title }))),
    );
    t.published.length = 0;

    expect(unwrap(await day.move(c.id, 0))).toEqual({ order: [c.id, a.id, b.id] });
    expect((await day.list()).map((r) => [r.title, r.position])).toEqual([
      ["Charter", 0],
      ["Desk", 1],
      ["Data trust", 2],
    ]);
    expect(publishedEvents()).toEqual([
      expect.objectContaining({ type: "recommendations.reordered", payload: { order: [c.id, a.id, b.id] } }),
    ]);

    // Past the end means last.
    expect(unwrap(await day.move(c.id, 99))).toEqual({ order: [a.id, b.id, c.id] });
    t.published.length = 0;
    expect(unwrap(await day.move(b.id, 1))).toEqual({ order: [a.id, b.id, c.id] });
    expect(t.published).toEqual([]);

    expectError(await day.move("no-such-recommendation", 0), "not_found");
    expect((await day.list()).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
  });

  it("removing a recommendation deletes it with its links and endorsements and publishes recommendation.removed; the others keep theirs", async () => {
    const day = await actionPlan(t.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const livingLab = await day.solution(bence, platform.id, "A living lab run by the cluster");
    const doomed = unwrap(await day.save(draft({ title: "Doomed", linkedIds: [livingLab.id, platform.id] })));
    const kept = unwrap(await day.save(draft({ title: "Kept", linkedIds: [livingLab.id] })));
    await day.moveRoomTo("recommendations");
    for (const who of [agnes, bence]) unwrap(await day.endorse(who.actor, doomed.id));
    unwrap(await day.endorse(agnes.actor, kept.id));
    t.published.length = 0;

    expect(unwrap(await day.remove(doomed.id))).toEqual({ id: doomed.id });

    expect(await day.list()).toEqual([{ ...kept, endorsements: helixCounts({ community: 1 }) }]);
    expect((await stored()).links).toEqual([{ recommendation_id: kept.id, contribution_id: livingLab.id, position: 0 }]);
    expect((await stored()).endorsements).toEqual([
      { recommendation_id: kept.id, participant_id: agnes.participant.id, helix: "community" },
    ]);
    expect(await day.counts()).toEqual({ [kept.id]: helixCounts({ community: 1 }) });
    expect(publishedEvents()).toEqual([expect.objectContaining({ type: "recommendation.removed", payload: { id: doomed.id } })]);
    // The contributions it linked stay.
    expect((await day.view()).contributions.map((c) => c.id)).toEqual(expect.arrayContaining([platform.id, livingLab.id]));

    t.published.length = 0;
    expectError(await day.remove(doomed.id), "not_found");
    expect(t.published).toEqual([]);
  });

  it("the laptop's state, following the published events from a snapshot, ends where a fresh snapshot is", async () => {
    const day = await actionPlan(t.services);
    const gabor = await day.join("Gábor", "government");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const early = unwrap(await day.save(draft({ title: "Early", linkedIds: [platform.id] })));
    await day.moveRoomTo("recommendations");
    unwrap(await day.endorse(gabor.actor, early.id));
    const before = await day.view();
    t.published.length = 0;

    const [a, b] = await mapInOrder(["Desk", "Data trust"], async (title) =>
      unwrap(await day.save(draft({ title, priority: "high" }))),
    );
    unwrap(
      await day.save({ ...draft({ title: "Early, edited", priority: "low" }), clientId: undefined, recommendationId: early.id }),
    );
    unwrap(await day.move(b.id, 0));
    unwrap(await day.remove(a.id));

    const followed = applyEvents(before, publishedEvents()).state;
    const fresh = await day.view();
    expect(followed.recommendations).toEqual(fresh.recommendations);
    expect(fresh.recommendations.map((r) => [r.title, r.endorsements])).toEqual([
      ["Data trust", helixCounts()],
      ["Early, edited", helixCounts({ government: 1 })],
    ]);
    // Counts arrive coalesced, not as events, and hold the whole workshop: applying them changes only
    // the counts, and a recommendation a message leaves out has none left.
    const counted = applyEndorsements(followed, { [b.id]: helixCounts({ business: 2 }) });
    expect(counted.recommendations.find((r) => r.id === b.id)?.endorsements).toEqual(helixCounts({ business: 2 }));
    expect(counted.recommendations.find((r) => r.id === early.id)?.endorsements).toEqual(helixCounts());
    expect(counted.recommendations.map((r) => r.title)).toEqual(followed.recommendations.map((r) => r.title));
    expect(applyEndorsements(followed, await day.counts())).toBe(followed);
  });

  it("once the workshop is closed the action plan is final: adding, editing, moving and removing are refused (workshop_closed)", async () => {
    const day = await actionPlan(t.services);
    const [a, b] = await mapInOrder(["Desk", "Data trust"], async (title) => unwrap(await day.save(draft({ title }))));
    await day.close();
    const before = await stored();
    t.published.length = 0;

    expectError(await day.save(draft({ title: "Too late" })), "workshop_closed");
    expectError(
      await day.save({ ...draft({ title: "Too late" }), clientId: undefined, recommendationId: a.id }),
      "workshop_closed",
    );
    expectError(await day.move(b.id, 0), "workshop_closed");
    expectError(await day.remove(a.id), "workshop_closed");

    expect(await stored()).toEqual(before);
    expect(t.published).toEqual([]);
  });
});

// ── 2. Refusals ──────────────────────────────────────────────────────────────────────────────────

describe("a recommendation the form should not have sent is refused and nothing changes", () => {
  it("an empty or too long title, a deadline that is not a calendar day, an unknown priority or owner, more than 10 links: each refused (validation)", async () => {
    const day = await actionPlan(t.services);
    const existing = unwrap(await day.save(draft({ title: "Desk", deadline: "2025-03-31" })));
    const before = await stored();
    t.published.length = 0;
    const edit = (fields: Record<string, unknown>) => ({ ...draft(fields), clientId: undefined, recommendationId: existing.id });

    const required = { key: "required" };
    const date = { deadline: { key: "date" } };
    const refusals: [what: string, input: unknown, fields: Record<string, FieldError>][] = [
      ["an empty title", draft({ title: "" }), { title: required }],
      ["a title of spaces", draft({ title: "    " }), { title: required }],
      ["a title of 161 characters", draft({ title: "x".repeat(161) }), { title: { key: "tooLong", values: { max: 160 } } }],
      ["an edit to an empty title", edit({ title: "" }), { title: required }],
      ["30 February", draft({ deadline: "2025-02-30" }), date],
      ["'tomorrow'", draft({ deadline: "tomorrow" }), date],
      ["a date the other way round", draft({ deadline: "31/03/2025" }), date],
      ["an edit to 30 February", edit({ deadline: "2025-02-30" }), date],
      ["priority 'urgent'", draft({ priority: "urgent" as never }), { priority: { key: "invalidChoice" } }],
      ["no priority", draft({ priority: undefined }), { priority: required }],
      [
        "an unknown helix as owner",
        draft({ owner: { kind: "helix", helix: "media" } as never }),
        { "owner.helix": { key: "invalidChoice" } },
      ],
      ["an organisation with no name", draft({ owner: { kind: "organisation", name: "  " } }), { "owner.name": required }],
      [
        "11 links",
        draft({ linkedIds: Array.from({ length: 11 }, (_, i) => `contribution-${i}`) }),
        { linkedIds: { key: "tooLong", values: { max: 10 } } },
      ],
      ["a clientId too short for a key", draft({ clientId: "short" }), { clientId: { key: "tooShort", values: { min: 8 } } }],
      ["neither a clientId nor a recommendationId", { ...draft(), clientId: undefined }, { clientId: { key: "invalid" } }],
      ["both a clientId and a recommendationId", { ...draft(), recommendationId: existing.id }, { clientId: { key: "invalid" } }],
      ["a field the form does not have", draft({ endorsements: { government: 99 } }), { _form: { key: "invalid" } }],
    ];
    for (const [what, input, fields] of refusals) {
      expect(expectError(await day.save(input), "validation").fields, what).toEqual(fields);
    }

    expect(await stored()).toEqual(before);
    expect(t.published).toEqual([]);
  });

  it("a linked item that is hidden, of another workshop, or unknown is refused on the linkedIds field; the valid links around it are not saved either", async () => {
    const day = await actionPlan(t.services);
    const bence = await day.join("Bence", "academia");
    const [platform, coherence, recognition] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const offTopic = await day.solution(bence, platform.id, "Free parking for cluster members");
    const livingLab = await day.solution(bence, platform.id, "A living lab run by the cluster");
    await day.hide(offTopic.id);
    const vienna = await createWorkshop(t.services, day.actor, { title: "Vienna peer review" });
    const viennas = unwrap(
      await t.services.contributions.submit(day.actor, vienna.id, {
        kind: "challenge",
        clientId: newClientId("vienna"),
        title: "Vienna's own",
      }),
    );
    const existing = unwrap(await day.save(draft({ title: "Desk", linkedIds: [coherence.id] })));
    const before = await stored();
    t.published.length = 0;

    for (const [what, linked] of [
      ["a hidden solution", offTopic.id],
      ["a challenge of another workshop", viennas.id],
      ["an id that does not exist", "00000000-0000-0000-0000-000000000000"],
    ] as const) {
      const linkedIds = [livingLab.id, linked, recognition.id];
      expect(expectError(await day.save(draft({ linkedIds })), "validation").fields, what).toEqual({
        linkedIds: { key: "linkNotFound" },
      });
      const edit = { ...draft({ linkedIds }), clientId: undefined, recommendationId: existing.id };
      expect(expectError(await day.save(edit), "validation").fields, `an edit with ${what}`).toEqual({
        linkedIds: { key: "linkNotFound" },
      });
    }

    expect(await stored()).toEqual(before);
    expect(t.published).toEqual([]);
    // The same link twice is one link.
    expect(unwrap(await day.save(draft({ linkedIds: [livingLab.id, livingLab.id, platform.id] }))).linkedIds).toEqual([
      livingLab.id,
      platform.id,
    ]);
  });

  it("a participant, the projector and another workshop's facilitator cannot add, edit, move or remove (forbidden / not_found)", async () => {
    const day = await actionPlan(t.services);
    const agnes = await day.join("Ágnes", "community");
    const existing = unwrap(await day.save(draft({ title: "Desk" })));
    const { actor: stranger } = await createFacilitator(t.services, "Someone else");
    await createWorkshop(t.services, stranger, { title: "Their own workshop" });
    const display: Actor = { kind: "display", workshopId: day.workshop.id };
    await day.moveRoomTo("recommendations");
    const before = await stored();
    t.published.length = 0;

    for (const [who, actor, code] of [
      ["Ágnes, a participant", agnes.actor, "forbidden"],
      ["the projector", display, "forbidden"],
      ["another workshop's facilitator", stranger, "not_found"],
    ] as const) {
      expectError(await day.save(draft({ title: "Mine now" }), actor), code);
      expectError(await day.save({ ...draft(), clientId: undefined, recommendationId: existing.id }, actor), code);
      expectError(await day.move(existing.id, 0, actor), code);
      expectError(await day.remove(existing.id, actor), code);
      expect(await stored(), who).toEqual(before);
    }
    // A recommendation of this workshop cannot be edited through another workshop the facilitator runs.
    const mine = await createWorkshop(t.services, day.actor, { title: "Vienna peer review" });
    expectError(
      await t.services.recommendations.save(day.actor, mine.id, {
        ...draft(),
        clientId: undefined,
        recommendationId: existing.id,
      }),
      "not_found",
    );
    expectError(await t.services.recommendations.remove(day.actor, mine.id, { recommendationId: existing.id }), "not_found");
    expectError(
      await t.services.recommendations.move(day.actor, mine.id, { recommendationId: existing.id, toIndex: 0 }),
      "not_found",
    );

    expect(await stored()).toEqual(before);
    expect(t.published).toEqual([]);
  });
});

// ── 3. Endorsements ──────────────────────────────────────────────────────────────────────────────

describe("the room endorses the recommendations from their phones", () => {
  /** Three recommendations and a mixed room, the room not yet in the recommendations step. */
  async function aDraftedPlan() {
    const day = await actionPlan(t.services, { anonymity: "named" });
    const gabor = await day.join("Gábor", "government");
    const gizella = await day.join("Gizella", "government");
    const dora = await day.join("Dóra", "business");
    const bence = await day.join("Bence", "academia");
    const olga = await day.join("Olga", "community", "observer");
    const [desk, trust, charter] = await mapInOrder(["Desk", "Data trust", "Charter"], async (title) =>
      unwrap(await day.save(draft({ title }))),
    );
    return { day, gabor, gizella, dora, bence, olga, desk, trust, charter };
  }

  it("only during the recommendations step (conflict before and after it); endorsing twice is one endorsement, taking it back works, and the screens are told only when something changed", async () => {
    const { day, gabor, desk } = await aDraftedPlan();
    t.endorsementsChanged.length = 0;

    for (const kind of [null, "collect_challenges", "vote_solutions"] as const) {
      if (kind) await day.moveRoomTo(kind);
      expectError(await day.endorse(gabor.actor, desk.id), "conflict");
    }
    expect((await stored()).endorsements).toEqual([]);
    expect(t.endorsementsChanged).toEqual([]);

    await day.moveRoomTo("recommendations");
    expect(unwrap(await day.endorse(gabor.actor, desk.id))).toEqual({ recommendationId: desk.id, endorsed: true });
    expect(unwrap(await day.endorse(gabor.actor, desk.id))).toEqual({ recommendationId: desk.id, endorsed: true });
    expect(await count("endorsements")).toBe(1);
    expect(await day.counts()).toEqual({ [desk.id]: helixCounts({ government: 1 }) });
    expect(t.endorsementsChanged).toEqual([day.workshop.id]);

    expect(unwrap(await day.endorse(gabor.actor, desk.id, false))).toEqual({ recommendationId: desk.id, endorsed: false });
    expect(unwrap(await day.endorse(gabor.actor, desk.id, false))).toEqual({ recommendationId: desk.id, endorsed: false });
    expect(await count("endorsements")).toBe(0);
    expect(await day.counts()).toEqual({});
    expect((await day.list())[0].endorsements).toEqual(helixCounts());
    expect(t.endorsementsChanged).toEqual([day.workshop.id, day.workshop.id]);

    // Eszter takes the room back to the solution vote: endorsing is closed again, what was given stays.
    unwrap(await day.endorse(gabor.actor, desk.id));
    await day.moveRoomTo("vote_solutions");
    t.endorsementsChanged.length = 0;
    expectError(await day.endorse(gabor.actor, desk.id, false), "conflict");
    expect(await day.counts()).toEqual({ [desk.id]: helixCounts({ government: 1 }) });
    expect(t.endorsementsChanged).toEqual([]);
  });

  it("an observer, another workshop's participant, the projector and a facilitator cannot endorse (forbidden); a recommendation of another workshop or none is not_found; a malformed message is validation", async () => {
    const { day, olga, gabor, desk } = await aDraftedPlan();
    const vienna = await createWorkshop(t.services, day.actor, { title: "Vienna peer review" });
    const viennese = await joinWorkshop(t.services, vienna.joinCode, { displayName: "Valentin", helix: "business" });
    const viennaActor: Actor = { kind: "participant", participantId: viennese.participant.id, workshopId: vienna.id };
    const viennaRec = unwrap(await t.services.recommendations.save(day.actor, vienna.id, draft({ title: "Vienna's" })));
    await day.moveRoomTo("recommendations");
    t.endorsementsChanged.length = 0;

    for (const [who, actor] of [
      ["Olga, an observer", olga.actor],
      ["Valentin, of another workshop", viennaActor],
      ["Valentin claiming to be of this workshop", { ...viennaActor, workshopId: day.workshop.id }],
      ["the projector", { kind: "display", workshopId: day.workshop.id }],
      ["Eszter, the facilitator", day.actor],
    ] as [string, Actor][]) {
      expect(expectError(await day.endorse(actor, desk.id), "forbidden").code, who).toBe("forbidden");
    }
    expectError(await day.endorse(gabor.actor, viennaRec.id), "not_found");
    expectError(await day.endorse(gabor.actor, "00000000-0000-0000-0000-000000000000"), "not_found");
    for (const input of [
      { recommendationId: desk.id },
      { recommendationId: desk.id, endorsed: "yes" },
      { endorsed: true },
      null,
    ]) {
      expectError(await t.services.recommendations.endorse(gabor.actor, day.workshop.id, input), "validation");
    }

    expect((await stored()).endorsements).toEqual([]);
    expect(t.endorsementsChanged).toEqual([]);
    // Olga's helix is not locked by her refused attempt.
    expect(unwrap(await t.services.participants.updateProfile(olga.actor, { helix: "academia", role: "observer" })).helix).toBe(
      "academia",
    );
  });

  it("counts are by helix (2 government, 1 business on the desk); no one's identity leaves the server: screens get counts only, a phone learns only its own endorsements", async () => {
    const { day, gabor, gizella, dora, bence, desk, trust } = await aDraftedPlan();
    await day.moveRoomTo("recommendations");
    t.published.length = 0;
    for (const who of [gabor, gizella, dora]) unwrap(await day.endorse(who.actor, desk.id));
    unwrap(await day.endorse(bence.actor, trust.id));
    unwrap(await day.endorse(dora.actor, trust.id));

    expect(await day.counts()).toEqual({
      [desk.id]: helixCounts({ government: 2, business: 1 }),
      [trust.id]: helixCounts({ academia: 1, business: 1 }),
    });
    expect((await day.list()).map((r) => [r.title, r.endorsements])).toEqual([
      ["Desk", helixCounts({ government: 2, business: 1 })],
      ["Data trust", helixCounts({ academia: 1, business: 1 })],
      ["Charter", helixCounts()],
    ]);
    // Endorsements are not events: the event log, and so every screen's replay, knows nothing of them.
    expect(t.published).toEqual([]);

    const endorserIds = [gabor, gizella, dora, bence].map((p) => p.participant.id);
    const leaks = (what: string, payload: unknown) => {
      const text = JSON.stringify(payload);
      expect(
        endorserIds.filter((id) => text.includes(id)),
        `${what} names an endorser`,
      ).toEqual([]);
    };
    for (const audience of ["facilitator", "room"] as const) {
      const recommendations = (await day.view(audience)).recommendations;
      leaks(`the ${audience} snapshot's recommendations`, recommendations);
      for (const r of recommendations) {
        expect(Object.keys(r).sort(), audience).toEqual(
          ["body", "deadline", "endorsements", "id", "linkedIds", "owner", "position", "priority", "title", "updatedAt"].sort(),
        );
        expect(Object.keys(r.endorsements).sort(), audience).toEqual([...HELICES].sort());
      }
    }
    leaks("the counts", await day.counts());

    // Each phone, and each reconnecting socket, learns what it endorsed itself, and nothing of the others.
    const phoneOf = async (who: Member) =>
      unwrap(await t.services.participants.forPhone(day.workshop.joinCode, { [day.workshop.id]: who.token }));
    expect((await phoneOf(dora)).endorsed.sort()).toEqual([desk.id, trust.id].sort());
    expect((await phoneOf(gabor)).endorsed).toEqual([desk.id]);
    expect((await phoneOf(bence)).endorsed).toEqual([trust.id]);
    expect(unwrap(await t.services.participants.forPhone(day.workshop.joinCode, {})).endorsed).toEqual([]);
    expect(await t.services.recommendations.mine(day.actor, day.workshop.id)).toEqual([]);
    expect(await t.services.recommendations.mine({ kind: "display", workshopId: day.workshop.id }, day.workshop.id)).toEqual([]);

    const counts = await day.counts();
    const syncOf = async (audience: "facilitator" | "room", actor: Actor) =>
      unwrap(await t.services.room.sync(day.workshop.id, audience, { lastSeq: 0 }, actor));
    const doraSync = await syncOf("room", dora.actor);
    expect(doraSync.endorsements).toEqual(counts);
    expect(doraSync.myEndorsements.sort()).toEqual([desk.id, trust.id].sort());
    const laptopSync = await syncOf("facilitator", day.actor);
    expect(laptopSync.endorsements).toEqual(counts);
    expect(laptopSync.myEndorsements).toEqual([]);
    const projectorSync = await syncOf("room", { kind: "display", workshopId: day.workshop.id });
    expect(projectorSync.endorsements).toEqual(counts);
    expect(projectorSync.myEndorsements).toEqual([]);
    leaks("the laptop's sync counts", laptopSync.endorsements);
  });

  it("an endorsement locks Gábor's helix: changing it afterwards is refused (profile_locked), his endorsement stays counted as government", async () => {
    const { day, gabor, dora, desk } = await aDraftedPlan();
    await day.moveRoomTo("recommendations");

    // Before endorsing, Dóra may still correct her helix.
    expect(
      unwrap(await t.services.participants.updateProfile(dora.actor, { helix: "community", role: "local_stakeholder" })).helix,
    ).toBe("community");

    unwrap(await day.endorse(gabor.actor, desk.id));
    expect(
      unwrap(await t.services.participants.forPhone(day.workshop.joinCode, { [day.workshop.id]: gabor.token })).me?.locked,
    ).toBe(true);
    expectError(
      await t.services.participants.updateProfile(gabor.actor, {
        displayName: "Gábor",
        helix: "business",
        role: "local_stakeholder",
      }),
      "profile_locked",
    );
    expect(await day.counts()).toEqual({ [desk.id]: helixCounts({ government: 1 }) });
    expect((await day.view()).participants.find((p) => p.id === gabor.participant.id)?.helix).toBe("government");
  });

  it("once the workshop is closed, endorsing and taking back are refused (workshop_closed) and the counts stay", async () => {
    const { day, gabor, desk } = await aDraftedPlan();
    await day.moveRoomTo("recommendations");
    unwrap(await day.endorse(gabor.actor, desk.id));
    await day.close();
    t.endorsementsChanged.length = 0;

    expectError(await day.endorse(gabor.actor, desk.id, false), "workshop_closed");
    expectError(await day.endorse(gabor.actor, desk.id, true), "workshop_closed");
    expect(await day.counts()).toEqual({ [desk.id]: helixCounts({ government: 1 }) });
    expect(t.endorsementsChanged).toEqual([]);
  });
});

// ── 4. The report ────────────────────────────────────────────────────────────────────────────────

describe("the report's action plan", () => {
  it("lists high priority first, then the facilitators' order; links resolved to titles (a link to an item hidden since is left out); endorsements by helix with their total", async () => {
    const day = await actionPlan(t.services);
    const gabor = await day.join("Gábor", "government");
    const gizella = await day.join("Gizella", "government");
    const dora = await day.join("Dóra", "business");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const livingLab = await day.solution(dora, platform.id, "A living lab run by the cluster");
    const parking = await day.solution(dora, platform.id, "Free parking for cluster members");
    const desk = await day.solution(gabor, coherence.id, "An inter-ministerial cluster desk");

    const charter = unwrap(await day.save(draft({ title: "Charter", priority: "medium", linkedIds: [platform.id] })));
    const lab = unwrap(
      await day.save(
        draft({
          title: "Fund the living lab",
          body: "Co-funded by the members.",
          priority: "high",
          owner: { kind: "organisation", name: "MediKlaszter" },
          deadline: "2025-06-30",
          linkedIds: [livingLab.id, parking.id],
        }),
      ),
    );
    const fair = unwrap(await day.save(draft({ title: "A yearly cluster fair", priority: "low" })));
    const deskRec = unwrap(
      await day.save(draft({ title: "Open the desk", priority: "high", linkedIds: [desk.id, coherence.id] })),
    );
    const survey = unwrap(await day.save(draft({ title: "Survey the members", priority: "medium" })));
    // Eszter puts the desk before the living lab, and the survey before the charter.
    unwrap(await day.move(deskRec.id, 0));
    unwrap(await day.move(survey.id, 1));
    await day.hide(parking.id);
    await day.moveRoomTo("recommendations");
    for (const who of [gabor, gizella, dora]) unwrap(await day.endorse(who.actor, lab.id));
    unwrap(await day.endorse(gizella.actor, deskRec.id));

    const report = unwrap(await t.services.reports.model(day.actor, day.workshop.id));

    expect(report.recommendations.map((r) => [r.title, r.priority])).toEqual([
      ["Open the desk", "high"],
      ["Fund the living lab", "high"],
      ["Survey the members", "medium"],
      ["Charter", "medium"],
      ["A yearly cluster fair", "low"],
    ]);
    const [first, second] = report.recommendations;
    expect(second).toEqual({
      id: lab.id,
      title: "Fund the living lab",
      body: "Co-funded by the members.",
      owner: { kind: "organisation", name: "MediKlaszter" },
      deadline: "2025-06-30",
      priority: "high",
      linked: [{ id: livingLab.id, kind: "solution", title: "A living lab run by the cluster" }],
      endorsements: { byHelix: helixCounts({ government: 2, business: 1 }), total: 3 },
    });
    expect(first.linked).toEqual([
      { id: desk.id, kind: "solution", title: "An inter-ministerial cluster desk" },
      { id: coherence.id, kind: "challenge", title: HOST_CHALLENGES[1] },
    ]);
    expect(first.endorsements).toEqual({ byHelix: helixCounts({ government: 1 }), total: 1 });
    expect(report.recommendations.find((r) => r.id === fair.id)).toMatchObject({
      deadline: null,
      body: null,
      linked: [],
      endorsements: { byHelix: helixCounts(), total: 0 },
    });
    expect(report.recommendations.find((r) => r.id === charter.id)?.linked).toEqual([
      { id: platform.id, kind: "challenge", title: HOST_CHALLENGES[0] },
    ]);
    // No endorser is named anywhere in the report.
    const text = JSON.stringify(report);
    for (const who of [gabor, gizella, dora]) expect(text).not.toContain(who.participant.id);
  });

  it("a workshop with no recommendations has an empty action plan", async () => {
    const day = await actionPlan(t.services);
    expect(unwrap(await t.services.reports.model(day.actor, day.workshop.id)).recommendations).toEqual([]);
  });
});
