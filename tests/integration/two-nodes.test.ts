import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimits, RATE_LIMITS } from "../../app/config/rate-limits.server";
import { ADAPTER_COMMAND_MS, connectRedis, type RedisConnections } from "../../app/config/redis.server";
import { HELICES } from "../../app/domain/helix";
import type { Result } from "../../app/domain/result";
import type { VoteAck } from "../../app/domain/voting";
import { applyTallies, type EndorsementCounts, type TallyUpdate, type WorkshopEvent } from "../../app/domain/workshop-state";
import { TALLY_INTERVAL_MS } from "../../app/realtime/server.server";
import { mapInOrder } from "../../app/utils/in-order";
import { HOST_CHALLENGES } from "../fixtures/budapest";
import { emptyState } from "../fixtures/workshop-state";
import { type PrivateRedis, startRedis } from "../support/redis";
import { budapestDay, createFacilitator, createWorkshop, helixCounts, newClientId, startRealtimeServer, unwrap } from "./helpers";
import {
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  nextEventOfType,
  quietPeriod,
  record,
  send,
  sync,
  syncedEvents,
  type WorkshopSocket,
} from "./socket-helpers";

/**
 * Two nodes in one process, as issue 15 runs a workshop past one machine: two Socket.IO servers on
 * loopback, each with its own services on its own handle of ONE database (a SQLite file, or
 * PostgreSQL), both with Socket.IO's
 * Redis Streams adapter on one private Redis (REDIS_URL). A phone, a laptop and a projector may be
 * on either node; the room is one.
 */

type Node = Awaited<ReturnType<typeof startRealtimeServer>>;

/** Two nodes on one database and one Redis; resolves once both adapters read the stream. */
async function startTwoNodes(redis: PrivateRedis, { quiet = false } = {}) {
  // Nothing is logged unless Redis goes away (`quiet`: the test stops it).
  const log = (message: string, error?: unknown) => {
    if (!quiet) throw new Error(`unexpected log: ${message} ${String(error)}`);
  };
  const connections: RedisConnections[] = [await connectRedis(redis.url, log), await connectRedis(redis.url, log)];
  const nodeOn = (redisOfNode: RedisConnections, sameDatabaseAs?: Node["database"]) =>
    startRealtimeServer({
      adapter: redisOfNode.adapter,
      limits: createRateLimits(RATE_LIMITS, { redis: redisOfNode.rateLimits }),
      sameDatabaseAs,
    });
  const a = await nodeOn(connections[0]);
  const b = await nodeOn(connections[1], a.database);
  // Each adapter opens a stream reader (blocked in XREAD from "$": what is added before it reads is
  // not its to see) and a subscriber: wait for both nodes' before the first message.
  const count = (list: string, command: string) => list.split("\n").filter((line) => line.includes(` cmd=${command} `)).length;
  for (const deadline = Date.now() + 5_000; ; ) {
    const list = String(await connections[0].rateLimits.call("CLIENT", "LIST"));
    if (count(list, "xread") === 2 && count(list, "subscribe") === 2) break;
    if (Date.now() > deadline) throw new Error(`the adapters are not reading the stream:\n${list}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    a,
    b,
    /** Calls Redis has answered so far of a command (`INFO commandstats`), from every client. */
    async redisCalls(command: string) {
      const stats = String(await connections[0].rateLimits.call("INFO", "commandstats"));
      return Number(stats.match(new RegExp(`cmdstat_${command}:calls=(\\d+)`))?.[1] ?? 0);
    },
    async close() {
      // The second node first: the first deletes the database.
      await b.close();
      await a.close();
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}

type TallyTotals = Exclude<TallyUpdate, { cleared: true }>;
const isTotals = (update: TallyUpdate | undefined): update is TallyTotals => !!update && !("cleared" in update);

function recordTallies(socket: WorkshopSocket) {
  const received: { at: number; update: TallyUpdate }[] = [];
  socket.on("workshop:tallies", (update) => received.push({ at: performance.now(), update }));
  return received;
}
const shown = (received: readonly { update: TallyUpdate }[]) =>
  received.reduce((state, { update }) => applyTallies(state, update), emptyState).tallies;

/**
 * The Redis messages (XADD, PUBLISH) two nodes may send while a burst of changes is taken and
 * shown: two notices per tally interval the burst spanned, one more after it, and the adapters'
 * heartbeats (each node one per 5 s). Timed, not fixed: a loaded machine stretches the burst.
 */
const noticesAllowed = (burstMs: number, totalMs: number) =>
  2 * (Math.ceil(burstMs / TALLY_INTERVAL_MS) + 1) + 2 * Math.ceil(totalMs / 5_000) + 1;

const castVote = (socket: WorkshopSocket, contributionId: string, points: number) =>
  send(socket, "vote:set", { clientId: newClientId("vote"), contributionId, points }) as Promise<Result<VoteAck>>;

let redis: PrivateRedis;
let nodes: Awaited<ReturnType<typeof startTwoNodes>>;

beforeAll(async () => {
  redis = await startRedis();
  nodes = await startTwoNodes(redis);
}, 30_000);
afterAll(async () => {
  await nodes?.close();
  await redis?.stop();
});

/** The Budapest day on node A's services (the database is one: node B sees it all). */
async function dayOnTwoNodes(a: Node) {
  const day = await budapestDay(a.services);
  const challenges = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
  return { ...day, challenges };
}

/** A recommendation the facilitator writes on node A, for the room to endorse. */
async function recommend(a: Node, day: Awaited<ReturnType<typeof dayOnTwoNodes>>, title: string) {
  return unwrap(
    await a.services.recommendations.save(day.actor, day.workshop.id, {
      clientId: newClientId(),
      title,
      owner: { kind: "helix", helix: "government" },
      priority: "high",
    }),
  );
}

describe("two nodes on one database and one Redis run a workshop as one room", () => {
  it("Eszter's laptop on node A moves the room to the vote: phones on node B see the step change, in the order of the log", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const agnes = await day.join("Ágnes", "academia");
    const laptop = await connectFacilitator(a, day.facilitator.id, day.workshop.id);
    const phoneOnB = await connectParticipant(b, day.workshop.id, agnes.token);
    const onPhone = record(phoneOnB);

    const stepId = await day.step("vote_challenges");
    const changed = nextEventOfType(phoneOnB, "step.changed");
    unwrap(await send(laptop, "agenda:goToStep", { stepId }));
    expect((await changed).payload).toEqual({ currentStepId: stepId });
    // What the phone received is what the log holds for the room, and nothing twice.
    const logged = syncedEvents(await sync(phoneOnB, { lastSeq: 0 }));
    await quietPeriod();
    expect(onPhone.length).toBeGreaterThan(0);
    expect(onPhone).toEqual(logged.slice(-onPhone.length));
  });

  it("a vote from a phone on node B reaches the projector on node A within the coalescing interval, and the totals it shows are the stored ones", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const room = await mapInOrder(HELICES, (helix, i) => day.join(`Participant ${i + 1}`, helix));
    const projector = await connectDisplay(a, day.workshop.id, day.workshop.displayToken);
    const laptop = await connectFacilitator(a, day.facilitator.id, day.workshop.id);
    const phonesOnB = await Promise.all(room.map((p) => connectParticipant(b, day.workshop.id, p.token)));
    const [onProjector, onLaptop] = [projector, laptop].map(recordTallies);
    await day.moveRoomTo("vote_challenges");
    await eventually(() => onProjector.some(({ update }) => isTotals(update) && update.full), "the vote's totals");

    // One vote: on the projector within the interval after its ack (and a little for the machine).
    const [first] = day.challenges;
    const before = onProjector.length;
    unwrap(await castVote(phonesOnB[0], first.id, 2));
    const acked = performance.now();
    const arrived = await eventually(
      () =>
        onProjector
          .slice(before)
          .find(({ update }) => isTotals(update) && update.items[first.id]?.[room[0].participant.helix] === 2),
      "the vote on the projector",
    );
    expect(arrived.at - acked).toBeLessThan(TALLY_INTERVAL_MS + 250);

    // A burst from every phone on B: what the projector and the laptop show adds up to what is stored.
    const acks = await Promise.all(
      phonesOnB.flatMap((phone, i) => [
        castVote(phone, day.challenges[i % 3].id, 1),
        castVote(phone, day.challenges[(i + 1) % 3].id, 2),
      ]),
    );
    for (const ack of acks) unwrap(ack);
    const stored = async () => {
      const totals = await a.services.voting.tallies(day.workshop.id, await day.step("vote_challenges"));
      if (!totals) throw new Error("no totals");
      return totals;
    };
    const same = async (received: typeof onProjector) => isDeepStrictEqual(shown(received)?.items, (await stored()).items);
    await eventually(
      async () => (await same(onProjector)) && (await same(onLaptop)),
      "the burst's totals on node A's screens",
      2_000,
    );
    expect(shown(onProjector)?.items).toEqual((await stored()).items);
    expect(shown(onProjector)?.turnout).toEqual((await stored()).turnout);
    expect(shown(onLaptop)?.items).toEqual((await stored()).items);
    // Node B read them from the same database.
    expect((await b.services.voting.tallies(day.workshop.id, await day.step("vote_challenges")))?.items).toEqual(
      (await stored()).items,
    );
  });

  it("a burst of votes on node B tells node A a few times, not once per vote, and node A's screens still end on the stored totals", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const room = await mapInOrder(HELICES, (helix, i) => day.join(`Participant ${i + 1}`, helix));
    const projector = await connectDisplay(a, day.workshop.id, day.workshop.displayToken);
    const phonesOnB = await Promise.all(room.map((p) => connectParticipant(b, day.workshop.id, p.token)));
    const onProjector = recordTallies(projector);
    await day.moveRoomTo("vote_challenges");
    await eventually(() => onProjector.some(({ update }) => isTotals(update) && update.full), "the vote's totals");

    // 4 phones × 6 changes at once (1, 2, 1, 2, 1, 2 points on the first challenge): 24 votes counted.
    const notices = async () => (await nodes.redisCalls("xadd")) + (await nodes.redisCalls("publish"));
    const before = await notices();
    const started = performance.now();
    const acks = await Promise.all(
      phonesOnB.flatMap((phone) => [1, 2, 1, 2, 1, 2].map((points) => castVote(phone, day.challenges[0].id, points))),
    );
    const burstMs = performance.now() - started;
    for (const ack of acks) unwrap(ack);
    const stored = async () => (await a.services.voting.tallies(day.workshop.id, await day.step("vote_challenges")))?.items;
    await eventually(
      async () => isDeepStrictEqual(shown(onProjector)?.items, await stored()),
      "the burst on node A's projector",
      2_000,
    );
    expect(shown(onProjector)?.items[day.challenges[0].id]).toEqual(
      helixCounts({ government: 2, academia: 2, business: 2, community: 2 }),
    );
    // At most two notices per interval (the burst's first vote, then what came after it), and the
    // adapters' own heartbeats: fewer than one message per vote.
    const sent = (await notices()) - before;
    expect(sent).toBeLessThanOrEqual(noticesAllowed(burstMs, performance.now() - started));
    expect(sent).toBeLessThan(acks.length);
  });

  it("votes on both nodes in turn, a point taken back included: every screen, on either node, ends on the stored totals", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const [ana, bela] = [await day.join("Ana", "academia"), await day.join("Béla", "business")];
    const screens = {
      projectorOnA: await connectDisplay(a, day.workshop.id, day.workshop.displayToken),
      laptopOnB: await connectFacilitator(b, day.facilitator.id, day.workshop.id),
    };
    const phoneOnA = await connectParticipant(a, day.workshop.id, ana.token);
    const phoneOnB = await connectParticipant(b, day.workshop.id, bela.token);
    const received = {
      projectorOnA: recordTallies(screens.projectorOnA),
      laptopOnB: recordTallies(screens.laptopOnB),
      phoneOnA: recordTallies(phoneOnA),
      phoneOnB: recordTallies(phoneOnB),
    };
    await day.moveRoomTo("vote_challenges");
    const [x, y] = day.challenges;
    const stored = async () => (await a.services.voting.tallies(day.workshop.id, await day.step("vote_challenges")))?.items;
    // An item whose points were all taken back is shown as zeros; the database has no row for it.
    const onScreen = (r: typeof received.phoneOnA) =>
      Object.fromEntries(Object.entries(shown(r)?.items ?? {}).filter(([, p]) => HELICES.some((h) => p[h] > 0)));
    const allShowStored = async () => {
      const items = await stored();
      return Object.values(received).every((r) => isDeepStrictEqual(onScreen(r), items));
    };

    // Ana, on node A, changes her mind three times; a moment later Béla, on node B, votes once.
    for (const points of [1, 2, 3]) unwrap(await castVote(phoneOnA, x.id, points));
    await eventually(allShowStored, "Ana's votes on every screen");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    unwrap(await castVote(phoneOnB, y.id, 2));
    await eventually(allShowStored, "Béla's vote on every screen, node A's included", 3_000);
    // Ana, with the page open on node B too, changes her points there, then back on node A to what
    // node A last sent for that item: every screen follows both.
    const anaOnB = await connectParticipant(b, day.workshop.id, ana.token);
    unwrap(await castVote(anaOnB, x.id, 1));
    await eventually(allShowStored, "Ana's change on node B on every screen", 3_000);
    unwrap(await castVote(phoneOnA, x.id, 3));
    await eventually(allShowStored, "Ana's change back on node A on every screen", 3_000);
    // She takes her points back on node B.
    unwrap(await castVote(anaOnB, x.id, 0));
    await eventually(allShowStored, "the points taken back on every screen", 3_000);
    const final = await stored();
    for (const r of Object.values(received)) expect(onScreen(r)).toEqual(final);
    expect(final).toMatchObject({ [y.id]: { business: 2 } });
  });

  it("one participant's phones on both nodes hammer her budget at once: never over the budget or the cap, and what was acknowledged, in vote order, is what is stored", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const ana = await day.join("Ana", "academia");
    const [budget, cap] = [5, 3];
    const stepId = await day.step("vote_challenges");
    unwrap(await a.services.voting.setSettings(day.actor, day.workshop.id, { stepId, settings: { budget, cap } }));
    await day.moveRoomTo("vote_challenges");
    const onA = await connectParticipant(a, day.workshop.id, ana.token);
    const onB = await connectParticipant(b, day.workshop.id, ana.token);
    const items = day.challenges.map((c) => c.id);

    // Eight rounds: each phone sets points on several items at once, more than the budget together.
    const answers: Result<VoteAck>[] = [];
    for (let round = 0; round < 8; round++) {
      const sent = items.flatMap((id, i) => [
        castVote(onA, id, (round + i) % (cap + 1)),
        castVote(onB, id, (round + 2 * i + 1) % (cap + 1)),
      ]);
      answers.push(...(await Promise.all(sent)));
    }
    const accepted = answers.flatMap((answer) => (answer.ok ? [answer.data] : []));
    const refused = answers.flatMap((answer) => (answer.ok ? [] : [`${answer.error.code}:${answer.error.fields?.points?.key}`]));
    expect(accepted.length).toBeGreaterThan(0);
    // The ones refused were refused for the budget, with its reason — never an error.
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(["validation:overBudget"]));
    const numbers = accepted.map((ack) => ack.voteSeq ?? Number.NaN);
    expect(numbers.every(Number.isInteger)).toBe(true);

    const stored = new Map(
      (
        await a.database.rows<{ id: string; points: number }>(
          "select contribution_id as id, points from votes where participant_id = ?",
          ana.participant.id,
        )
      ).map((row) => [row.id, Number(row.points)]),
    );
    const spent = [...stored.values()].reduce((sum, points) => sum + points, 0);
    expect(spent).toBeLessThanOrEqual(budget);
    for (const points of stored.values()) expect(points).toBeLessThanOrEqual(cap);
    // Replayed in the order of their numbers, the acknowledged changes are exactly what is stored.
    const replayed = new Map<string, number>();
    for (const ack of [...accepted].sort((x, y) => (x.voteSeq ?? 0) - (y.voteSeq ?? 0)))
      replayed.set(ack.contributionId, ack.points);
    for (const [id, points] of replayed) if (points === 0) replayed.delete(id);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(replayed));
    // Every acknowledgment has its own number.
    expect(new Set(numbers).size).toBe(accepted.length);
  });

  it("endorsements on both nodes, one taken back on the other: every screen, on either node, ends on the stored counts", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const people = await mapInOrder(
      [
        ["Ana", "academia"],
        ["Béla", "business"],
        ["Gábor", "government"],
        ["Cili", "community"],
      ] as const,
      ([name, helix]) => day.join(name, helix),
    );
    await day.moveRoomTo("recommendations");
    const [desk, trust] = await mapInOrder(["One-stop desk for permits", "A regional data trust"], (title) =>
      recommend(a, day, title),
    );
    const screens = {
      projectorOnA: await connectDisplay(a, day.workshop.id, day.workshop.displayToken),
      laptopOnB: await connectFacilitator(b, day.facilitator.id, day.workshop.id),
      phoneOnA: await connectParticipant(a, day.workshop.id, people[0].token),
      phoneOnB: await connectParticipant(b, day.workshop.id, people[1].token),
    };
    const latest: Record<string, EndorsementCounts | undefined> = {};
    for (const [where, socket] of Object.entries(screens))
      socket.on("workshop:endorsements", (update) => {
        latest[where] = update.counts;
      });
    const endorse = (socket: WorkshopSocket, recommendationId: string, endorsed = true) =>
      send(socket, "recommendation:endorse", { recommendationId, endorsed });
    const allShowStored = async () => {
      const stored = await b.services.recommendations.counts(day.workshop.id);
      return Object.keys(screens).every((where) => isDeepStrictEqual(latest[where], stored));
    };

    // Phones on both nodes endorse at once: Ana and Gábor on A, Béla and Cili on B.
    const [gaborOnA, ciliOnB] = [
      await connectParticipant(a, day.workshop.id, people[2].token),
      await connectParticipant(b, day.workshop.id, people[3].token),
    ];
    await Promise.all([
      endorse(screens.phoneOnA, desk.id),
      endorse(gaborOnA, desk.id),
      endorse(gaborOnA, trust.id),
      endorse(screens.phoneOnB, desk.id),
      endorse(ciliOnB, trust.id),
    ]).then((answers) => answers.map(unwrap));
    await eventually(allShowStored, "the counts of endorsements on both nodes on every screen", 3_000);
    expect(latest.projectorOnA).toEqual({
      [desk.id]: { government: 1, academia: 1, business: 1, community: 0 },
      [trust.id]: { government: 1, academia: 0, business: 0, community: 1 },
    });

    // Gábor, with the page open on node B too, takes back there what he endorsed on node A.
    const gaborOnB = await connectParticipant(b, day.workshop.id, people[2].token);
    unwrap(await endorse(gaborOnB, desk.id, false));
    await eventually(allShowStored, "the endorsement taken back on node B on every screen", 3_000);
    expect(latest.projectorOnA?.[desk.id]).toEqual({ government: 0, academia: 1, business: 1, community: 0 });
  });

  it("a burst of endorsements on node B tells node A a few times, not once per endorsement, and node A's projector still ends on the stored counts", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const room = await mapInOrder(HELICES, (helix, i) => day.join(`Participant ${i + 1}`, helix));
    await day.moveRoomTo("recommendations");
    const recommendations = await mapInOrder(["One-stop desk for permits", "A regional data trust", "Open labs"], (title) =>
      recommend(a, day, title),
    );
    const projector = await connectDisplay(a, day.workshop.id, day.workshop.displayToken);
    let shownCounts: EndorsementCounts | undefined;
    projector.on("workshop:endorsements", (update) => {
      shownCounts = update.counts;
    });
    const phonesOnB = await Promise.all(room.map((p) => connectParticipant(b, day.workshop.id, p.token)));

    // 4 phones × 3 recommendations × endorsed, taken back, endorsed again: 36 changes at once.
    const notices = async () => (await nodes.redisCalls("xadd")) + (await nodes.redisCalls("publish"));
    const before = await notices();
    const started = performance.now();
    const changes = phonesOnB.flatMap((phone) =>
      recommendations.map(async ({ id }) => {
        for (const endorsed of [true, false, true])
          unwrap(await send(phone, "recommendation:endorse", { recommendationId: id, endorsed }));
      }),
    );
    await Promise.all(changes);
    const burstMs = performance.now() - started;
    const stored = await b.services.recommendations.counts(day.workshop.id);
    for (const { id } of recommendations)
      expect(stored[id]).toEqual(helixCounts({ government: 1, academia: 1, business: 1, community: 1 }));
    await eventually(() => isDeepStrictEqual(shownCounts, stored), "the burst's counts on node A's projector", 2_000);
    // At most two notices per interval (the burst's first change, then what came after it), and the
    // adapters' own heartbeats: fewer than one message per endorsement (36).
    const sent = (await notices()) - before;
    expect(sent).toBeLessThanOrEqual(noticesAllowed(burstMs, performance.now() - started));
    expect(sent).toBeLessThan(changes.length * 3);
  });

  it("a phone that leaves node B and comes back on node A catches up by seq: the events it missed, none twice", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const [agnes, bence] = [await day.join("Ágnes", "academia"), await day.join("Bence", "business")];
    const laptop = await connectFacilitator(a, day.facilitator.id, day.workshop.id);
    const phone = await connectParticipant(b, day.workshop.id, agnes.token);
    // Bence's phone stays on node B the whole time: what the room saw.
    const stays = await connectParticipant(b, day.workshop.id, bence.token);
    const sawByStaying = record(stays);
    const onPhone = record(phone);
    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("collect_challenges") }));
    await eventually(() => onPhone.find((e) => e.type === "step.changed"), "the step on the phone");
    const lastSeq = Math.max(...onPhone.map((e) => e.seq));

    // Her phone drops (the node went away, or the Wi-Fi): meanwhile the room goes on, on both nodes.
    phone.disconnect();
    unwrap(await send(stays, "contribution:submit", { kind: "challenge", clientId: newClientId(), title: "Slow permits" }));
    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("vote_challenges") }));
    await eventually(() => sawByStaying.filter((e) => e.seq > lastSeq).length >= 2, "the room's events on node B");
    await quietPeriod();

    // Back on node A: the events after her last seq, exactly those the room saw meanwhile.
    const again = await connectParticipant(a, day.workshop.id, agnes.token);
    const missed = syncedEvents(await sync(again, { lastSeq }));
    const roomSaw = sawByStaying.filter((e) => e.seq > lastSeq);
    expect(missed.map((e) => e.seq)).toEqual(roomSaw.map((e) => e.seq));
    expect(missed).toEqual(roomSaw);
    expect(missed.map((e: WorkshopEvent) => e.type)).toEqual(expect.arrayContaining(["contribution.created", "step.changed"]));
    // And from now on she gets the room's events on node A, from either node.
    const next = nextEventOfType(again, "step.changed");
    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("collect_challenges") }));
    expect((await next).seq).toBeGreaterThan(Math.max(...missed.map((e) => e.seq)));
  });
});

describe("a facilitator's sessions and team on two nodes", () => {
  const withCookie = (cookie: string) => new Request("http://127.0.0.1/", { headers: { Cookie: cookie } });

  it("a logout, a new password and a removal from the team, each on node A, close on node B the pages they end, and only those", async () => {
    const { a, b } = nodes;
    const eszter = await createFacilitator(a.services, "Eszter");
    const tamas = await createFacilitator(a.services, "Tamás");
    const workshop = await createWorkshop(a.services, eszter.actor);
    const tamasOwn = await createWorkshop(a.services, tamas.actor, { title: "Tamás's own" });
    unwrap(await a.services.team.accept(tamas.actor, unwrap(await a.services.team.invite(eszter.actor, workshop.id)).token));
    // Eszter's sessions: her laptop's (it changes the password), her phone's (it logs out), her tablet's.
    const [laptop, phone] = [
      await a.cookies.facilitator(eszter.facilitator.id),
      await a.cookies.facilitator(eszter.facilitator.id),
    ];
    const on = (workshopId: string, cookie: string) => b.client({ as: "facilitator", workshopId }, { cookie });
    const pages: Record<string, WorkshopSocket> = {
      "Eszter's laptop": await on(workshop.id, laptop),
      "Eszter's phone": await on(workshop.id, phone),
      "Eszter's tablet": await connectFacilitator(b, eszter.facilitator.id, workshop.id),
      "Tamás on the workshop": await connectFacilitator(b, tamas.facilitator.id, workshop.id),
      "Tamás on his own": await connectFacilitator(b, tamas.facilitator.id, tamasOwn.id),
    };
    const told: Record<string, string> = {};
    for (const [name, socket] of Object.entries(pages)) socket.on("session:revoked", ({ code }) => (told[name] = code));
    const open = () => Object.keys(pages).filter((name) => pages[name].connected);
    const closes = async (names: string[], change: () => Promise<unknown>) => {
      const before = open();
      await change();
      await eventually(() => names.every((name) => !pages[name].connected), `${names.join(", ")} closed`);
      await quietPeriod();
      expect(open()).toEqual(before.filter((name) => !names.includes(name)));
    };

    await closes(["Eszter's phone"], () => a.sessions.logOut(withCookie(phone)));
    await closes(["Eszter's tablet"], async () =>
      unwrap(
        await a.sessions.changePassword(withCookie(laptop), eszter.facilitator.id, {
          currentPassword: "a long password",
          newPassword: "an even longer password",
        }),
      ),
    );
    await closes(["Tamás on the workshop"], async () =>
      unwrap(await a.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: tamas.facilitator.id })),
    );
    expect(told).toEqual({
      "Eszter's phone": "unauthenticated",
      "Eszter's tablet": "unauthenticated",
      "Tamás on the workshop": "forbidden",
    });
    expect(open()).toEqual(["Eszter's laptop", "Tamás on his own"]);
  });
});

describe("while Redis is away or stalled", () => {
  it("Redis stopped: each node's own screens still get its events at once", async () => {
    const ownRedis = await startRedis();
    const pair = await startTwoNodes(ownRedis, { quiet: true });
    try {
      const { a } = pair;
      const day = await dayOnTwoNodes(a);
      const agnes = await day.join("Ágnes", "academia");
      const laptop = await connectFacilitator(a, day.facilitator.id, day.workshop.id);
      const phone = await connectParticipant(a, day.workshop.id, agnes.token);
      await ownRedis.stop();
      const changed = nextEventOfType(phone, "step.changed", 1_000);
      const started = performance.now();
      unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("collect_challenges") }));
      await changed;
      expect(performance.now() - started).toBeLessThan(300);
    } finally {
      await pair.close();
    }
  });

  it("Redis stalled (CLIENT PAUSE): a node's own screens get its events within ADAPTER_COMMAND_MS, the other node's once Redis answers again", async () => {
    const { a, b } = nodes;
    const day = await dayOnTwoNodes(a);
    const [agnes, bence] = [await day.join("Ágnes", "academia"), await day.join("Bence", "business")];
    const laptop = await connectFacilitator(a, day.facilitator.id, day.workshop.id);
    const [phoneOnA, phoneOnB] = [
      await connectParticipant(a, day.workshop.id, agnes.token),
      await connectParticipant(b, day.workshop.id, bence.token),
    ];
    const onA = nextEventOfType(phoneOnA, "step.changed", 2_000);
    const onB = nextEventOfType(phoneOnB, "step.changed", 4_000);
    const pausedFor = 1_500;
    const pauser = await connectRedis(redis.url, () => {});
    try {
      await pauser.rateLimits.call("CLIENT", "PAUSE", String(pausedFor), "ALL");
      const started = performance.now();
      unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("collect_challenges") }));
      await onA;
      expect(performance.now() - started).toBeLessThan(ADAPTER_COMMAND_MS + 300);
      expect((await onB).payload).toEqual({ currentStepId: await day.step("collect_challenges") });
      expect(performance.now() - started).toBeGreaterThan(pausedFor - 200);
    } finally {
      await pauser.close();
    }
  });
});
