import { createServer } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HELICES } from "../../app/domain/helix";
import { type HelixPoints, rankItems } from "../../app/domain/helix-metrics";
import type { Result } from "../../app/domain/result";
import type { StepKind } from "../../app/domain/step-kinds";
import type { SyncResult } from "../../app/domain/sync";
import type { VoteAck, VoteSettings } from "../../app/domain/voting";
import { voteSettingsOf } from "../../app/domain/voting";
import { applyTallies, type TallyUpdate } from "../../app/domain/workshop-state";
import { attachRealtime } from "../../app/realtime/server.server";
import { silentPublish } from "../../app/services/deps.server";
import { createServices, type Services } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { mapInOrder } from "../../app/utils/in-order";
import { HOST_CHALLENGES, MORNING } from "../fixtures/budapest";
import { emptyState } from "../fixtures/workshop-state";
import {
  budapestDay,
  createTestServices,
  createWorkshop,
  helixCounts,
  type Member,
  newClientId,
  SESSION_SECRET,
  unwrap,
} from "./helpers";
import {
  closeServers,
  connectDisplay,
  connectFacilitator,
  connectParticipant,
  eventually,
  expectError,
  quietPeriod,
  send,
  startServer,
  sync,
  type WorkshopSocket,
} from "./socket-helpers";

/**
 * Dot voting on the Budapest peer-review day: every participant spends 5 points, at most 3 on one
 * challenge, from their phone; the laptop follows the totals live, the projector when the room may
 * see them. Services on a real database (SQLite or PostgreSQL), and the real Socket.IO server where what phones, laptop
 * and projector receive matters.
 */

// ── Shared fixtures ──────────────────────────────────────────────────────────────────────────────

type TestServices = ReturnType<typeof createTestServices>;
type TallyTotals = Exclude<TallyUpdate, { cleared: true }>;

/** The default ballot: 5 points, at most 3 on one item. */
const BUDGET = 5;

/** Points by helix, zeros filled in: how the server reports one item's totals. */
const points = (given: Partial<HelixPoints>): HelixPoints => helixCounts(given);
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** A facilitator with the Budapest workshop on these services, and the moves of a voting day. */
async function votingDay(services: Services, input: Record<string, unknown> = {}) {
  const day = await budapestDay(services, input);
  const { actor, workshop, view, step } = day;
  return {
    ...day,
    challenge: async (by: Member, title: string) =>
      unwrap(await services.contributions.submit(by.actor, workshop.id, { kind: "challenge", clientId: newClientId(), title })),
    solution: async (by: Member, challengeId: string, title: string) =>
      unwrap(
        await services.contributions.submit(by.actor, workshop.id, {
          kind: "solution",
          clientId: newClientId(),
          challengeId,
          title,
        }),
      ),
    vote: async (by: Member, contributionId: string, points: unknown, clientId = newClientId()) =>
      await services.voting.vote(by.actor, workshop.id, { clientId, contributionId, points }),
    ballot: (by: Member) => services.voting.myBallot(by.actor, workshop.id),
    tallies: async (kind: StepKind = "vote_challenges") => {
      const totals = await services.voting.tallies(workshop.id, await step(kind));
      if (!totals) throw new Error(`no ${kind} step`);
      return totals;
    },
    voteSettings: async (kind: StepKind) =>
      voteSettingsOf((await view("facilitator")).steps.find((s) => s.kind === kind) ?? { settings: {} }),
    setVoteSettings: async (kind: StepKind, settings: Partial<VoteSettings>) =>
      unwrap(await services.voting.setSettings(actor, workshop.id, { stepId: await step(kind), settings })),
    hide: async (contributionId: string) => unwrap(await services.moderation.hide(actor, workshop.id, { contributionId })),
    unhide: async (contributionId: string) => unwrap(await services.moderation.unhide(actor, workshop.id, { contributionId })),
    merge: async (sourceId: string, targetId: string) =>
      unwrap(await services.moderation.merge(actor, workshop.id, { sourceId, targetId })),
  };
}

// ── Services on a real database, with a clock we control ────────────────────────────────────────

let now = MORNING;
let t: TestServices;

/** Service-level tests: a fresh database per test; the clock moves a second per reading. */
function onAFreshDatabase() {
  beforeEach(() => {
    now = MORNING;
    t = createTestServices({ clock: () => (now += 1_000) });
  });
  afterEach(async () => await t.cleanup());
}

type VoteRow = { stepId: string; participantId: string; contributionId: string; points: number };
/** Rows by participant, then item, in binary order (the same on both engines, whatever PostgreSQL's collation). */
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byItem = (rows: VoteRow[]) =>
  [...rows].sort((a, b) => binary(a.participantId, b.participantId) || binary(a.contributionId, b.contributionId));
/** Every vote row the database holds, in the order of `byItem`. */
const voteRows = async () =>
  byItem(
    await t.database.rows<VoteRow>(
      'select step_id as "stepId", participant_id as "participantId", contribution_id as "contributionId", points from votes',
    ),
  );
const voteRequestRows = async () => (await t.database.rows<{ n: number }>("select count(*) as n from vote_requests"))[0].n;
/** What the database holds of one participant's points in one step, hidden items included. */
const spentInDb = async (voter: Member, stepId: string) =>
  (
    await t.database.rows<{ n: number }>(
      "select coalesce(sum(points), 0) as n from votes where participant_id = ? and step_id = ?",
      voter.participant.id,
      stepId,
    )
  )[0].n;

// ── The real Socket.IO server ───────────────────────────────────────────────────────────────────

afterEach(closeServers);

/** Records every tally message a socket receives from now on. */
function recordTallies(socket: WorkshopSocket) {
  const received: TallyUpdate[] = [];
  socket.on("workshop:tallies", (update) => received.push(update));
  return received;
}

const isTotals = (update: TallyUpdate | undefined): update is TallyTotals => !!update && !("cleared" in update);

/** The first totals message counting every vote acknowledged up to `voteSeq`. */
const totalsUpTo = (received: TallyUpdate[], voteSeq: number) => () =>
  received.find((u): u is TallyTotals => isTotals(u) && u.upTo >= voteSeq);

/** The vote counter an ack carries while the room sees the totals. */
const seqOf = (ack: VoteAck): number => {
  if (ack.voteSeq === undefined) throw new Error("this ack carries no vote counter");
  return ack.voteSeq;
};

const castVote = (socket: WorkshopSocket, contributionId: string, points: unknown, clientId = newClientId()) =>
  send(socket, "vote:set", { clientId, contributionId, points }) as Promise<Result<VoteAck>>;

/** What a screen shows after applying, in order, every tally message it received. */
const appliedTallies = (received: readonly TallyUpdate[]) => received.reduce(applyTallies, emptyState).tallies;

// ── 1. Spending the points ───────────────────────────────────────────────────────────────────────

describe("Ágnes spends her dots on the host's challenges", () => {
  onAFreshDatabase();

  it("with 5 points and at most 3 on one challenge she spreads them; her ballot shows what is left; a challenge set again gets the new points, not more; 0 takes them back", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const [platform, coherence, recognition] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    const voteStep = await day.step("vote_challenges");
    t.votesChanged.length = 0;

    expect(await day.voteSettings("vote_challenges")).toMatchObject({ budget: 5, cap: 3, results: "live", allowSelfVote: true });
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: {}, remaining: 5 });

    expect(unwrap(await day.vote(agnes, platform.id, 3))).toEqual({
      contributionId: platform.id,
      points: 3,
      remaining: 2,
      voteSeq: 1,
    });
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [platform.id]: 3 }, remaining: 2 });

    expect(unwrap(await day.vote(agnes, coherence.id, 2))).toEqual({
      contributionId: coherence.id,
      points: 2,
      remaining: 0,
      voteSeq: 2,
    });
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [platform.id]: 3, [coherence.id]: 2 }, remaining: 0 });

    // She changes her mind: the platform now gets 1 point, not 3 + 1.
    expect(unwrap(await day.vote(agnes, platform.id, 1))).toEqual({
      contributionId: platform.id,
      points: 1,
      remaining: 2,
      voteSeq: 3,
    });
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [platform.id]: 1, [coherence.id]: 2 }, remaining: 2 });

    // 0 takes the points on coherence back.
    expect(unwrap(await day.vote(agnes, coherence.id, 0))).toEqual({
      contributionId: coherence.id,
      points: 0,
      remaining: 4,
      voteSeq: 4,
    });
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [platform.id]: 1 }, remaining: 4 });

    expect(unwrap(await day.vote(agnes, recognition.id, 3))).toMatchObject({ points: 3, remaining: 1 });
    expect(await day.ballot(agnes)).toEqual({
      stepId: voteStep,
      points: { [platform.id]: 1, [recognition.id]: 3 },
      remaining: 1,
    });

    expect(await voteRows()).toEqual(
      byItem([
        { stepId: voteStep, participantId: agnes.participant.id, contributionId: platform.id, points: 1 },
        { stepId: voteStep, participantId: agnes.participant.id, contributionId: recognition.id, points: 3 },
      ]),
    );
    const totals = await day.tallies();
    expect(totals).toEqual({
      stepId: voteStep,
      items: { [platform.id]: points({ community: 1 }), [recognition.id]: points({ community: 3 }) },
      electorate: helixCounts({ community: 1 }),
      turnout: helixCounts({ community: 1 }),
      hidden: false,
      upTo: 5,
    });
    // Results are live by default: the projector sees the same totals; only a participant has a ballot.
    expect((await day.view("room")).tallies).toEqual(totals);
    expect((await day.view("facilitator")).tallies).toEqual(totals);
    expect(await t.services.voting.myBallot(day.actor, day.workshop.id)).toBeNull();
    expect(t.votesChanged).toEqual(Array.from({ length: 5 }, () => day.workshop.id));
  });
});

describe("the vote numbers are the workshop's, kept with its votes", () => {
  onAFreshDatabase();

  it("a server started again on the same database (or a second one beside it) goes on numbering from the stored counter, and its totals say so", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "business");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    expect(unwrap(await day.vote(agnes, platform.id, 2))).toMatchObject({ voteSeq: 1 });
    expect(unwrap(await day.vote(agnes, coherence.id, 1))).toMatchObject({ voteSeq: 2 });

    // Another process on the same database: a restart, or a second node.
    const other = t.database.reopen();
    try {
      const again = createServices({ db: other.db, publish: silentPublish });
      const ack = unwrap(
        await again.voting.queueVote(bence.actor, day.workshop.id, {
          clientId: newClientId(),
          contributionId: platform.id,
          points: 3,
        }),
      );
      expect(ack).toMatchObject({ points: 3, voteSeq: 3 });
      // A retry of an applied vote is answered with the number reached, not a new one.
      const retry = newClientId();
      expect(unwrap(await day.vote(bence, coherence.id, 1, retry))).toMatchObject({ voteSeq: 4 });
      expect(
        unwrap(
          await again.voting.vote(bence.actor, day.workshop.id, { clientId: retry, contributionId: coherence.id, points: 1 }),
        ),
      ).toMatchObject({ voteSeq: 4 });
      for (const services of [t.services, again]) {
        expect(await services.voting.currentTallies(day.workshop.id, "room")).toMatchObject({
          upTo: 4,
          items: { [platform.id]: points({ community: 2, business: 3 }), [coherence.id]: points({ community: 1, business: 1 }) },
        });
      }
    } finally {
      await other.cleanup();
    }
  });

  it("votes group-committed together get consecutive numbers in the order they arrived", async () => {
    const day = await votingDay(t.services);
    const voters = await mapInOrder(["Ágnes", "Bence", "Csilla", "Dóra"], (name, i) => day.join(name, HELICES[i]));
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    expect(unwrap(await day.vote(voters[0], platform.id, 1))).toMatchObject({ voteSeq: 1 });
    const acks = await Promise.all(
      voters.map((v) =>
        t.services.voting.queueVote(v.actor, day.workshop.id, {
          clientId: newClientId(),
          contributionId: platform.id,
          points: 2,
        }),
      ),
    );
    expect(acks.map((a) => unwrap(a).voteSeq)).toEqual([2, 3, 4, 5]);
    expect(await t.database.rows("select vote_seq from workshops where id = ?", day.workshop.id)).toEqual([{ vote_seq: 5 }]);
  });
});

// ── 2. Refusals ──────────────────────────────────────────────────────────────────────────────────

describe("votes the ballot does not allow are refused and change nothing", () => {
  onAFreshDatabase();

  /** The challenge vote underway: Ágnes has 3 on the data space and 1 on the ministries (1 point left). */
  async function aChallengeVoteUnderway() {
    const day = await votingDay(t.services);
    const elsewhere = await createWorkshop(t.services, day.actor, { title: "Vienna peer review" });
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    await day.moveRoomTo("collect_challenges");
    const dataSpace = await day.challenge(bence, "No shared data space");
    const ministries = await day.challenge(bence, "Ministries do not talk to each other");
    const offTopic = await day.challenge(bence, "Parking is too expensive");
    const duplicate = await day.challenge(bence, "Poor coordination between ministries");
    const smes = await day.challenge(bence, "SMEs cannot find academic partners");
    await day.moveRoomTo("collect_solutions");
    const trust = await day.solution(agnes, dataSpace.id, "A regional data trust");
    const vienna = unwrap(
      await t.services.contributions.submit(day.actor, elsewhere.id, {
        kind: "challenge",
        clientId: newClientId("vienna"),
        title: "Vienna's own challenge",
      }),
    );
    await day.moveRoomTo("vote_challenges");
    await day.hide(offTopic.id);
    await day.merge(duplicate.id, ministries.id);
    unwrap(await day.vote(agnes, dataSpace.id, 3));
    unwrap(await day.vote(agnes, ministries.id, 1));
    unwrap(await day.vote(bence, smes.id, 2));
    return { day, agnes, bence, dataSpace, ministries, offTopic, duplicate, smes, trust, vienna };
  }

  it("over the cap, over the budget, points that are not a whole number ≥ 0, and items that are not on this ballot: each refused with its reason", async () => {
    const { day, agnes, bence, ministries, offTopic, duplicate, smes, trust, vienna } = await aChallengeVoteUnderway();
    const standing = async () => ({
      tallies: await day.tallies(),
      agnes: await day.ballot(agnes),
      bence: await day.ballot(bence),
      rows: await voteRows(),
    });
    const before = await standing();
    const requests = await voteRequestRows();
    t.votesChanged.length = 0;
    const limits = { budget: 5, cap: 3 };
    const notOnBallot = { contributionId: { key: "notOnBallot" } };

    const refusals: [what: string, contributionId: string, points: unknown, code: string, fields?: object][] = [
      [
        "4 points on one challenge (the cap is 3)",
        smes.id,
        4,
        "validation",
        { points: { key: "overCap", values: { ...limits, count: 3 } } },
      ],
      ["2 more points with 1 left", smes.id, 2, "validation", { points: { key: "overBudget", values: { ...limits, count: 5 } } }],
      [
        "raising the ministries to 3 with 3 on the data space",
        ministries.id,
        3,
        "validation",
        { points: { key: "overBudget", values: { ...limits, count: 5 } } },
      ],
      ["-1 points", smes.id, -1, "validation"],
      ["1.5 points", smes.id, 1.5, "validation"],
      ["'1' as a string", smes.id, "1", "validation"],
      ["no points at all", smes.id, undefined, "validation"],
      ["a solution in a challenge vote", trust.id, 1, "validation", notOnBallot],
      ["a challenge of another workshop", vienna.id, 1, "not_found"],
      ["an id that does not exist", "00000000-0000-0000-0000-000000000000", 1, "not_found"],
      ["a hidden challenge", offTopic.id, 1, "validation", notOnBallot],
      ["a challenge merged into another", duplicate.id, 1, "validation", notOnBallot],
    ];
    for (const [what, contributionId, given, code, fields] of refusals) {
      const error = expectError(await day.vote(agnes, contributionId, given), code);
      if (fields) expect(error.fields, what).toEqual(fields);
      else if (code === "validation") expect(Object.keys(error.fields ?? {}), what).toEqual(["points"]);
      expect(await standing(), what).toEqual(before);
    }

    expect(await voteRequestRows()).toBe(requests);
    expect(t.votesChanged).toEqual([]);
    // Nothing was spent by the refusals: her last point still goes where she wants.
    expect(unwrap(await day.vote(agnes, smes.id, 1))).toMatchObject({ points: 1, remaining: 0 });
  });

  it("in the lobby, while the room collects challenges or solutions, the vote is not open (conflict); once the workshop is closed it has ended (workshop_closed)", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const standing = async () => ({ tallies: await day.tallies(), rows: await voteRows(), requests: await voteRequestRows() });
    const before = await standing();

    expectError(await day.vote(agnes, platform.id, 2), "conflict");
    for (const kind of ["collect_challenges", "collect_solutions"] as const) {
      await day.moveRoomTo(kind);
      expectError(await day.vote(agnes, platform.id, 2), "conflict");
      expect(await day.ballot(agnes), kind).toBeNull();
    }
    expect(await standing()).toEqual(before);

    await day.moveRoomTo("vote_challenges");
    unwrap(await day.vote(agnes, platform.id, 2));
    unwrap(await t.services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" }));
    const closed = await standing();
    t.votesChanged.length = 0;

    expectError(await day.vote(agnes, platform.id, 3), "workshop_closed");
    expectError(await day.vote(agnes, platform.id, 0), "workshop_closed");

    expect(await standing()).toEqual(closed);
    expect((await day.tallies()).items).toEqual({ [platform.id]: points({ community: 2 }) });
    expect(t.votesChanged).toEqual([]);
  });

  it("Ágnes may give points to her own challenge by default; with self-votes off she is refused (ownContribution) and nothing changes, while Bence still can", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    await day.moveRoomTo("collect_challenges");
    const hers = await day.challenge(agnes, "Patients' organisations are invited last");
    const his = await day.challenge(bence, "Researchers lack time for cluster work");
    await day.moveRoomTo("vote_challenges");

    expect(unwrap(await day.vote(agnes, hers.id, 2))).toMatchObject({ contributionId: hers.id, points: 2, remaining: 3 });

    expect(await day.setVoteSettings("vote_challenges", { allowSelfVote: false })).toMatchObject({
      allowSelfVote: false,
      budget: 5,
    });
    const before = { tallies: await day.tallies(), ballot: await day.ballot(agnes), rows: await voteRows() };
    t.votesChanged.length = 0;

    const error = expectError(await day.vote(agnes, hers.id, 3), "validation");
    expect(error.fields).toEqual({ contributionId: { key: "ownContribution" } });
    expect({ tallies: await day.tallies(), ballot: await day.ballot(agnes), rows: await voteRows() }).toEqual(before);
    expect(t.votesChanged).toEqual([]);

    expect(unwrap(await day.vote(bence, hers.id, 3))).toMatchObject({ points: 3, remaining: 2 });
    expect(unwrap(await day.vote(agnes, his.id, 3))).toMatchObject({ points: 3 });
    expect((await day.tallies()).items).toEqual({
      [hers.id]: points({ community: 2, academia: 3 }),
      [his.id]: points({ community: 3 }),
    });
  });

  it("a solution vote limited to the data-space challenge refuses solutions of other challenges, and challenges, as not on the ballot", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("collect_solutions");
    const livingLab = await day.solution(bence, platform.id, "A living lab run by the cluster");
    const desk = await day.solution(bence, coherence.id, "An inter-ministerial cluster desk");
    await day.setVoteSettings("vote_solutions", { challengeIds: [platform.id] });
    await day.moveRoomTo("vote_solutions");
    const voteStep = await day.step("vote_solutions");

    expect(unwrap(await day.vote(agnes, livingLab.id, 2))).toMatchObject({ points: 2, remaining: 3 });
    const before = { tallies: await day.tallies("vote_solutions"), ballot: await day.ballot(agnes), rows: await voteRows() };
    t.votesChanged.length = 0;

    for (const [what, id] of [
      ["a solution of another challenge", desk.id],
      ["a challenge", platform.id],
    ] as const) {
      expect(expectError(await day.vote(agnes, id, 1), "validation").fields, what).toEqual({
        contributionId: { key: "notOnBallot" },
      });
    }

    expect({ tallies: await day.tallies("vote_solutions"), ballot: await day.ballot(agnes), rows: await voteRows() }).toEqual(
      before,
    );
    expect(t.votesChanged).toEqual([]);
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [livingLab.id]: 2 }, remaining: 3 });
  });

  describe("over the socket", () => {
    it("an observer's phone and the projector cannot vote, and a participant cannot change the ballot or reveal results (forbidden); nothing moves", async () => {
      const server = await startServer();
      const day = await votingDay(server.services);
      const agnes = await day.join("Ágnes", "community");
      const olga = await day.join("Olga", "government", "observer");
      const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
      await day.setVoteSettings("vote_challenges", { results: "hidden" });
      await day.moveRoomTo("vote_challenges");
      const voteStep = await day.step("vote_challenges");
      unwrap(await day.vote(agnes, platform.id, 2));
      const phone = await connectParticipant(server, day.workshop.id, agnes.token);
      const observerPhone = await connectParticipant(server, day.workshop.id, olga.token);
      const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
      const standing = async () => ({
        tallies: await day.tallies(),
        ballot: await day.ballot(agnes),
        observer: (await day.ballot(olga))?.points ?? {},
        steps: (await day.view("facilitator")).steps,
        seq: (await day.view("facilitator")).seq,
      });
      const before = await standing();

      expectError(await castVote(observerPhone, platform.id, 1), "forbidden");
      expectError(await castVote(projector, platform.id, 1), "forbidden");
      expectError(await send(phone, "vote:settings", { stepId: voteStep, settings: { budget: 50, cap: 50 } }), "forbidden");
      expectError(await send(phone, "vote:reveal", { stepId: voteStep, revealed: true }), "forbidden");
      expectError(await send(projector, "vote:reveal", { stepId: voteStep, revealed: true }), "forbidden");

      expect(await standing()).toEqual(before);
      expect(await day.voteSettings("vote_challenges")).toMatchObject({ budget: 5, cap: 3, results: "hidden", revealed: false });
      // Observers follow the vote without being counted among those who could vote.
      expect((await day.tallies()).electorate).toEqual(helixCounts({ community: 1 }));
    });
  });
});

// ── 3. Two tabs at once ──────────────────────────────────────────────────────────────────────────

describe("one participant on two devices", () => {
  it("Ágnes's phone and laptop fire 20 votes at once on 4 challenges: she is never over her 5 points, and her ballot is what the last accepted votes say", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const agnes = await day.join("Ágnes", "community");
    const challenges = await mapInOrder([...HOST_CHALLENGES, "No shared data space"], (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    const voteStep = await day.step("vote_challenges");
    const phone = await connectParticipant(server, day.workshop.id, agnes.token);
    const laptop = await connectParticipant(server, day.workshop.id, agnes.token);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        castVote(i % 2 ? laptop : phone, challenges[i % 4].id, 1 + (i % 3), newClientId(i % 2 ? "agnes-laptop" : "agnes-phone")),
      ),
    );

    for (const answer of answers) {
      if (answer.ok) continue;
      expect(expectError(answer, "validation").fields).toEqual({
        points: { key: "overBudget", values: { budget: 5, cap: 3, count: 5 } },
      });
    }
    const accepted = answers.flatMap((a) => (a.ok ? [a.data] : [])).sort((a, b) => seqOf(a) - seqOf(b));
    expect(accepted.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((a) => a.voteSeq)).size).toBe(accepted.length);

    // Replaying the accepted votes in the order the server applied them: never over budget.
    const replay = new Map<string, number>();
    for (const ack of accepted) {
      replay.set(ack.contributionId, ack.points);
      const spent = sum(replay.values());
      expect(spent).toBeLessThanOrEqual(BUDGET);
      expect(ack.remaining).toBe(BUDGET - spent);
    }

    const spent = sum(replay.values());
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: Object.fromEntries(replay), remaining: BUDGET - spent });
    // What is stored says the same: she is the only voter, so the totals are her points.
    const totals = await day.tallies();
    expect(Object.fromEntries(Object.entries(totals.items).map(([id, p]) => [id, p.community]))).toEqual(
      Object.fromEntries(replay),
    );
    expect(sum(Object.values(totals.items).map((p) => sum(Object.values(p))))).toBe(spent);
    expect(totals.upTo).toBe(accepted.at(-1)?.voteSeq);
  });
});

// ── 4. Retries ───────────────────────────────────────────────────────────────────────────────────

describe("a phone on venue Wi-Fi retries a vote: it counts once", () => {
  describe("on the service path", () => {
    onAFreshDatabase();

    it("Bence's phone sends the same vote twice: his points change once, the retry is answered with where things stand, and an old retry never undoes a newer change", async () => {
      const day = await votingDay(t.services);
      const bence = await day.join("Bence", "academia");
      const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
      await day.moveRoomTo("vote_challenges");
      const voteStep = await day.step("vote_challenges");
      t.votesChanged.length = 0;
      const input = { clientId: "bence-outbox-vote-0001", contributionId: platform.id, points: 2 };

      const first = unwrap(await t.services.voting.vote(bence.actor, day.workshop.id, input));
      const retry = unwrap(await t.services.voting.vote(bence.actor, day.workshop.id, input));
      // Even a retry whose points were changed in the outbox is the same request: answered, not applied.
      const altered = unwrap(await t.services.voting.vote(bence.actor, day.workshop.id, { ...input, points: 3 }));

      expect(first).toEqual({ contributionId: platform.id, points: 2, remaining: 3, voteSeq: 1 });
      expect(retry).toEqual(first);
      expect(altered).toEqual(first);
      expect(await day.ballot(bence)).toEqual({ stepId: voteStep, points: { [platform.id]: 2 }, remaining: 3 });
      expect(await voteRequestRows()).toBe(1);
      expect(t.votesChanged).toHaveLength(1);

      // He lowers it to 1; then the outbox flushes the old request once more.
      const newer = unwrap(
        await t.services.voting.vote(bence.actor, day.workshop.id, {
          clientId: "bence-outbox-vote-0002",
          contributionId: platform.id,
          points: 1,
        }),
      );
      expect(newer).toEqual({ contributionId: platform.id, points: 1, remaining: 4, voteSeq: 2 });
      const late = unwrap(await t.services.voting.vote(bence.actor, day.workshop.id, input));

      expect(late).toEqual({ contributionId: platform.id, points: 1, remaining: 4, voteSeq: 2 });
      expect(await day.ballot(bence)).toEqual({ stepId: voteStep, points: { [platform.id]: 1 }, remaining: 4 });
      expect((await day.tallies()).items).toEqual({ [platform.id]: points({ academia: 1 }) });
      expect(await voteRows()).toEqual([
        { stepId: voteStep, participantId: bence.participant.id, contributionId: platform.id, points: 1 },
      ]);
      expect(t.votesChanged).toHaveLength(2);
    });
  });

  describe("over the socket", () => {
    it("Bence's phone and laptop send the same vote at the same moment, then the phone retries it after a newer change: one change each time, the newer one stays", async () => {
      const server = await startServer();
      const day = await votingDay(server.services);
      const bence = await day.join("Bence", "academia");
      const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
      await day.moveRoomTo("vote_challenges");
      const voteStep = await day.step("vote_challenges");
      const phone = await connectParticipant(server, day.workshop.id, bence.token);
      const laptop = await connectParticipant(server, day.workshop.id, bence.token);
      const upTo = (await day.tallies()).upTo;
      const clientId = "bence-two-tabs-vote-0001";

      const [a, b] = await Promise.all([castVote(phone, platform.id, 2, clientId), castVote(laptop, platform.id, 2, clientId)]);

      expect(unwrap(a)).toEqual({ contributionId: platform.id, points: 2, remaining: 3, voteSeq: upTo + 1 });
      expect(unwrap(b)).toEqual(unwrap(a));
      expect(unwrap(await castVote(phone, platform.id, 2, clientId))).toEqual(unwrap(a));
      expect(await day.tallies()).toMatchObject({ items: { [platform.id]: points({ academia: 2 }) }, upTo: upTo + 1 });

      expect(unwrap(await castVote(laptop, platform.id, 3, "bence-two-tabs-vote-0002"))).toEqual({
        contributionId: platform.id,
        points: 3,
        remaining: 2,
        voteSeq: upTo + 2,
      });
      const late = unwrap(await castVote(phone, platform.id, 2, clientId));

      expect(late).toEqual({ contributionId: platform.id, points: 3, remaining: 2, voteSeq: upTo + 2 });
      expect(await day.ballot(bence)).toEqual({ stepId: voteStep, points: { [platform.id]: 3 }, remaining: 2 });
      expect(await day.tallies()).toMatchObject({ items: { [platform.id]: points({ academia: 3 }) }, upTo: upTo + 2 });
    });
  });
});

// ── 5. Merging duplicates during the vote ────────────────────────────────────────────────────────

describe("Eszter merges a duplicate during the vote", () => {
  onAFreshDatabase();

  it("the voters' points follow to the challenge that stays, up to the cap of 3; what would go over is given back; the budget holds", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const csilla = await day.join("Csilla", "government");
    const ministries = await day.hostChallenge("Poor coordination between ministries");
    const duplicate = await day.hostChallenge("Ministries do not talk to each other");
    const smes = await day.hostChallenge("SMEs cannot find academic partners");
    await day.moveRoomTo("vote_challenges");
    const voteStep = await day.step("vote_challenges");
    unwrap(await day.vote(agnes, duplicate.id, 2));
    unwrap(await day.vote(agnes, ministries.id, 2));
    unwrap(await day.vote(bence, duplicate.id, 2));
    unwrap(await day.vote(csilla, ministries.id, 3));
    expect((await day.ballot(agnes))?.remaining).toBe(1);
    expect((await day.tallies()).items).toEqual({
      [duplicate.id]: points({ community: 2, academia: 2 }),
      [ministries.id]: points({ community: 2, government: 3 }),
    });
    t.votesChanged.length = 0;

    await day.merge(duplicate.id, ministries.id);

    // Ágnes: 2 + 2 would be 4, over the cap: 3 stay, 1 comes back to her.
    expect(await day.ballot(agnes)).toEqual({ stepId: voteStep, points: { [ministries.id]: 3 }, remaining: 2 });
    // Bence had the duplicate only: his 2 move as they are.
    expect(await day.ballot(bence)).toEqual({ stepId: voteStep, points: { [ministries.id]: 2 }, remaining: 3 });
    expect(await day.ballot(csilla)).toEqual({ stepId: voteStep, points: { [ministries.id]: 3 }, remaining: 2 });
    expect((await day.tallies()).items).toEqual({ [ministries.id]: points({ community: 3, academia: 2, government: 3 }) });
    expect((await voteRows()).filter((row) => row.contributionId === duplicate.id)).toEqual([]);
    for (const voter of [agnes, bence, csilla]) expect(await spentInDb(voter, voteStep)).toBeLessThanOrEqual(BUDGET);
    expect(t.votesChanged).toEqual([day.workshop.id]);

    // The point given back is hers to spend again, and not one more.
    expect(unwrap(await day.vote(agnes, smes.id, 2))).toMatchObject({ points: 2, remaining: 0 });
    expect(expectError(await day.vote(agnes, smes.id, 3), "validation").fields).toMatchObject({ points: { key: "overBudget" } });
    expect(await spentInDb(agnes, voteStep)).toBe(BUDGET);
  });
});

// ── 5b. Hiding and showing again during the vote ─────────────────────────────────────────────────

describe("Eszter hides a challenge during the vote and shows it again", () => {
  onAFreshDatabase();

  it("Ágnes never ends up with more than her 5 points counted, whatever she spent while it was hidden", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const [platform, coherence, recognition] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    const voteStep = await day.step("vote_challenges");
    unwrap(await day.vote(agnes, platform.id, 3));

    await day.hide(platform.id);
    // While it is hidden she spends on the others, as far as the server lets her.
    const meanwhile = [await day.vote(agnes, coherence.id, 3), await day.vote(agnes, recognition.id, 2)];
    for (const answer of meanwhile) {
      if (!answer.ok) expect(expectError(answer, "validation").fields).toMatchObject({ points: { key: "overBudget" } });
    }
    await day.unhide(platform.id);

    const ballot = await day.ballot(agnes);
    const counted = sum(Object.values(ballot?.points ?? {}));
    expect(counted).toBeLessThanOrEqual(BUDGET);
    expect(ballot?.remaining).toBe(BUDGET - counted);
    expect(sum(Object.values((await day.tallies()).items).map((p) => p.community))).toBeLessThanOrEqual(BUDGET);
    expect((await day.ballot(agnes))?.stepId).toBe(voteStep);
  });
});

// ── 6. Results hidden until revealed ─────────────────────────────────────────────────────────────

describe("results hidden until Eszter reveals them", () => {
  it("the projector and phones see who has voted but no points while the room votes, the laptop sees the totals; revealed, the room gets the full totals; hidden again, only the turnout", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const voteStep = await day.step("vote_challenges");
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
    const agnesPhone = await connectParticipant(server, day.workshop.id, agnes.token);
    const bencePhone = await connectParticipant(server, day.workshop.id, bence.token);
    const onLaptop = recordTallies(laptop);
    const onProjector = recordTallies(projector);
    const onPhone = recordTallies(agnesPhone);

    const settings = unwrap(
      (await send(laptop, "vote:settings", { stepId: voteStep, settings: { results: "hidden" } })) as Result<VoteSettings>,
    );
    expect(settings).toMatchObject({ results: "hidden", revealed: false, budget: 5, cap: 3 });
    unwrap(await send(laptop, "agenda:goToStep", { stepId: voteStep }));

    const acks = [
      unwrap(await castVote(agnesPhone, platform.id, 3)),
      unwrap(await castVote(bencePhone, platform.id, 2)),
      unwrap(await castVote(bencePhone, coherence.id, 2)),
    ];
    // While results are hidden an ack says nothing of how many votes the others cast.
    for (const ack of acks) expect(ack).not.toHaveProperty("voteSeq");
    const highest = 3;
    const expected = { [platform.id]: points({ community: 3, academia: 2 }), [coherence.id]: points({ academia: 2 }) };
    // Who could vote, and who did (both voted).
    const voters = {
      electorate: helixCounts({ community: 1, academia: 1 }),
      turnout: helixCounts({ community: 1, academia: 1 }),
    };
    const totals = { stepId: voteStep, items: expected, ...voters, hidden: false, upTo: highest };
    const turnoutOnly = { stepId: voteStep, items: {}, ...voters, hidden: true, upTo: highest };

    await eventually(totalsUpTo(onLaptop, highest), "the laptop's totals");
    expect(appliedTallies(onLaptop)).toEqual(totals);
    // The room watches the turnout grow, never a point.
    await eventually(totalsUpTo(onProjector, highest), "the projector's turnout");
    await eventually(totalsUpTo(onPhone, highest), "the phone's turnout");
    expect(appliedTallies(onProjector)).toEqual(turnoutOnly);
    expect(appliedTallies(onPhone)).toEqual(turnoutOnly);
    for (const message of [...onProjector, ...onPhone]) expect(message).toMatchObject({ items: {}, hidden: true });

    // A reconnecting projector or phone is given the turnout only; Ágnes still sees her own ballot.
    expect(unwrap(await sync(projector, { lastSeq: 0 })).tallies).toEqual(turnoutOnly);
    expect(unwrap(await server.services.room.forDisplay(day.workshop.displayToken)).state.tallies).toEqual(turnoutOnly);
    const phoneSync = unwrap(await sync(agnesPhone, { lastSeq: 0 }));
    expect(phoneSync.tallies).toEqual(turnoutOnly);
    expect(phoneSync.ballot).toEqual({ stepId: voteStep, points: { [platform.id]: 3 }, remaining: 2 });
    expect(unwrap(await sync(laptop, { lastSeq: 0 })).tallies).toEqual(totals);

    const revealed = unwrap((await send(laptop, "vote:reveal", { stepId: voteStep, revealed: true })) as Result<VoteSettings>);
    expect(revealed).toMatchObject({ results: "hidden", revealed: true });

    await eventually(() => appliedTallies(onProjector)?.hidden === false, "the totals on the projector");
    await eventually(() => appliedTallies(onPhone)?.hidden === false, "the totals on Ágnes's phone");
    expect(onProjector.at(-1)).toEqual({ ...totals, full: true });
    expect(appliedTallies(onProjector)).toEqual(totals);
    expect(appliedTallies(onPhone)).toEqual(totals);
    expect(unwrap(await sync(projector, { lastSeq: 0 })).tallies).toEqual(totals);

    unwrap(await send(laptop, "vote:reveal", { stepId: voteStep, revealed: false }));

    await eventually(() => appliedTallies(onProjector)?.hidden === true, "the projector back to the turnout");
    await eventually(() => appliedTallies(onPhone)?.hidden === true, "the phone back to the turnout");
    expect(onProjector.at(-1)).toEqual({ ...turnoutOnly, full: true });
    expect(appliedTallies(onProjector)).toEqual(turnoutOnly);
    expect(unwrap(await sync(projector, { lastSeq: 0 })).tallies).toEqual(turnoutOnly);
    expect((await day.view("room")).tallies).toEqual(turnoutOnly);
  });
});

// ── 7. Coalesced totals ──────────────────────────────────────────────────────────────────────────

describe("the laptop's live totals while the whole room votes", () => {
  it("ten phones cast 30 votes in a burst: a handful of coalesced messages add up to the stored totals; one vote afterwards brings exactly that one challenge", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const room = await mapInOrder(
      Array.from({ length: 10 }, (_, i) => i),
      (i) => day.join(`Participant ${i + 1}`, HELICES[i % 4]),
    );
    const challenges = await mapInOrder([...HOST_CHALLENGES, "No shared data space"], (title) => day.hostChallenge(title));
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const phones = await Promise.all(room.map((p) => connectParticipant(server, day.workshop.id, p.token)));
    const onLaptop = recordTallies(laptop);
    await day.moveRoomTo("vote_challenges");
    const voteStep = await day.step("vote_challenges");
    const electorate = helixCounts({ government: 3, academia: 3, business: 2, community: 2 });

    // Entering the vote step, the laptop gets the (empty) totals in full: nobody has voted yet.
    expect(await eventually(() => onLaptop[0], "the totals on entering the vote")).toEqual({
      stepId: voteStep,
      items: {},
      electorate,
      turnout: helixCounts({}),
      hidden: false,
      upTo: 0,
      full: true,
    });

    const burst = (
      await mapInOrder(
        phones,
        async (phone, i) =>
          await mapInOrder([2, 2, 1], (given, k) => castVote(phone, challenges[(i + k) % challenges.length].id, given)),
      )
    ).flat();
    const acks = (await Promise.all(burst)).map(unwrap);
    const highest = Math.max(...acks.map(seqOf));
    expect(highest).toBe(30);

    await eventually(totalsUpTo(onLaptop, highest), "the totals of the burst");
    await quietPeriod();
    const burstMessages = onLaptop.slice(1);
    expect(burstMessages.length).toBeGreaterThanOrEqual(1);
    expect(burstMessages.length).toBeLessThanOrEqual(5);
    for (const message of burstMessages) expect(message).toMatchObject({ stepId: voteStep, full: false });
    const last = onLaptop.at(-1);
    if (!isTotals(last)) throw new Error("the last message should carry totals");
    expect(last.upTo).toBeGreaterThanOrEqual(highest);

    const stored = await day.tallies();
    const onScreen = appliedTallies(onLaptop);
    expect(onScreen?.items).toEqual(stored.items);
    expect(onScreen).toEqual({
      stepId: voteStep,
      items: stored.items,
      electorate,
      turnout: stored.turnout,
      hidden: false,
      upTo: stored.upTo,
    });
    // Every phone voted.
    expect(stored.turnout).toEqual(electorate);

    // Participant 1 takes one point back from the first challenge: only that challenge is sent.
    const seen = onLaptop.length;
    const ack = unwrap(await castVote(phones[0], challenges[0].id, 1));
    const next = await eventually(() => onLaptop[seen], "the update after one vote");
    if (!isTotals(next)) throw new Error("expected totals");
    expect(Object.keys(next.items)).toEqual([challenges[0].id]);
    expect(next).toMatchObject({ stepId: voteStep, full: false, upTo: ack.voteSeq });
    expect(appliedTallies(onLaptop)?.items).toEqual((await day.tallies()).items);
    await quietPeriod();
    expect(onLaptop).toHaveLength(seen + 1);
  });
});

describe("the phones' live totals while the whole room votes", () => {
  it("the laptop and the projector get each coalesced update; the phones — hundreds on the venue's Wi-Fi — at most one a second, and still end on the stored totals", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const room = await mapInOrder(
      Array.from({ length: 8 }, (_, i) => i),
      (i) => day.join(`Participant ${i + 1}`, HELICES[i % 4]),
    );
    const challenges = await mapInOrder([...HOST_CHALLENGES, "No shared data space"], (title) => day.hostChallenge(title));
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
    const phones = await Promise.all(room.map((p) => connectParticipant(server, day.workshop.id, p.token)));
    const arrivals = (socket: WorkshopSocket) => {
      const at: number[] = [];
      socket.on("workshop:tallies", () => at.push(performance.now()));
      return at;
    };
    const [laptopAt, projectorAt, phoneAt] = [laptop, projector, phones[0]].map(arrivals);
    const onPhones = phones.map(recordTallies);
    const onPhone = onPhones[0];
    await day.moveRoomTo("vote_challenges");
    // Entering the vote step reaches every screen at once, phones included.
    await eventually(() => onPhone[0], "the phone's totals on entering the vote");

    // Three waves of votes, 300 ms apart: three updates on the laptop and the projector.
    let highest = 0;
    for (const wave of [0, 1, 2]) {
      const acks = await Promise.all(phones.map((phone, i) => castVote(phone, challenges[(i + wave) % challenges.length].id, 1)));
      highest = Math.max(highest, ...acks.map((a) => seqOf(unwrap(a))));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await eventually(totalsUpTo(onPhone, highest), "the phone's totals of the last wave", 5_000);

    expect(laptopAt.length).toBeGreaterThanOrEqual(4);
    expect(projectorAt.length).toBeGreaterThanOrEqual(4);
    // The phone: the step's totals, then at most one message per second of voting.
    expect(phoneAt.length).toBeLessThan(laptopAt.length);
    for (let i = 1; i < phoneAt.length; i++) expect(phoneAt[i] - phoneAt[i - 1]).toBeGreaterThanOrEqual(950);
    // What every phone shows adds up to what is stored, as on the projector: the phones are written
    // a slice at a time, each message to each phone once, in order.
    const stored = await day.tallies();
    await eventually(() => onPhones.every((received) => totalsUpTo(received, highest)()), "every phone's totals", 5_000);
    for (const received of onPhones) {
      expect(received).toEqual(onPhone);
      expect(appliedTallies(received)?.items).toEqual(stored.items);
      expect(appliedTallies(received)?.turnout).toEqual(stored.turnout);
    }
  });
});

describe("a node shutting down while it reads the live totals", () => {
  onAFreshDatabase();

  it("closes once that read has answered, so the database is closed after it and not under it", async () => {
    const day = await votingDay(t.services);
    const agnes = await day.join("Ágnes", "community");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("vote_challenges");
    unwrap(await day.vote(agnes, platform.id, 2));
    // The totals read of the coalesced update is held until the test lets it answer.
    const reads: string[] = [];
    let readStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      readStarted = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const services: Services = {
      ...t.services,
      voting: {
        ...t.services.voting,
        currentTalliesForScreens: async (workshopId) => {
          reads.push("started");
          readStarted();
          await released;
          const totals = await t.services.voting.currentTalliesForScreens(workshopId);
          reads.push("answered");
          return totals;
        },
      },
    };
    const httpServer = createServer();
    const realtime = attachRealtime(httpServer, {
      services,
      sessions: createSessions({ secret: SESSION_SECRET, store: services.facilitators }),
      tallyIntervalMs: 10,
    });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    realtime.publisher.votesChanged(day.workshop.id);
    await started;

    let closed = false;
    const closing = realtime.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(reads).toEqual(["started", "answered"]);
    // Stopped: a change after the close reads nothing.
    realtime.publisher.votesChanged(day.workshop.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual(["started", "answered"]);
  });
});

// ── 8. Secret ballot ─────────────────────────────────────────────────────────────────────────────

/** Fails if any object in `payload` is keyed by a participant id, or holds points and a participant id. */
function expectNoVoterNextToPoints(payload: unknown, participantIds: readonly string[], where: string) {
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${path}[${i}]`);
      return;
    }
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const keyedByVoter = Object.keys(record).filter((key) => participantIds.includes(key));
    expect(keyedByVoter, `${where}${path} is keyed by participants`).toEqual([]);
    if ("points" in record || "items" in record) {
      const text = JSON.stringify(record);
      const named = participantIds.filter((id) => text.includes(id));
      expect(named, `${where}${path} names participants next to points`).toEqual([]);
    }
    for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
  };
  visit(payload, "");
}

/** Totals are per helix: every item's points and the voter counts have exactly the four helices. */
function expectPerHelixOnly(totals: { items: Record<string, unknown>; electorate: unknown; turnout: unknown }, where: string) {
  const helices = [...HELICES].sort();
  expect(Object.keys(totals.electorate as object).sort(), `${where}: electorate`).toEqual(helices);
  expect(Object.keys(totals.turnout as object).sort(), `${where}: turnout`).toEqual(helices);
  for (const [id, given] of Object.entries(totals.items))
    expect(Object.keys(given as object).sort(), `${where}: ${id}`).toEqual(helices);
}

describe("the ballot is secret", () => {
  it("nothing the projector, the phones or the laptop receive — totals, events, catch-up — puts a participant next to points; totals are per helix only", async () => {
    const server = await startServer();
    const day = await votingDay(server.services, { anonymity: "named" });
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const dora = await day.join("Dóra", "business");
    const gabor = await day.join("Gábor", "government");
    const voterIds = [agnes, bence, dora, gabor].map((p) => p.participant.id);
    await day.moveRoomTo("collect_challenges");
    const hers = await day.challenge(agnes, "Patients' organisations are invited last");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));

    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
    const phones = await Promise.all(
      [agnes, bence, dora, gabor].map((p) => connectParticipant(server, day.workshop.id, p.token)),
    );
    const screens: [string, WorkshopSocket][] = [
      ["laptop", laptop],
      ["projector", projector],
      ...phones.map((phone, i): [string, WorkshopSocket] => [`phone ${i + 1}`, phone]),
    ];
    const inbox: { where: string; event: string; payload: unknown }[] = [];
    for (const [where, socket] of screens) {
      socket.onAny((event: string, ...args: unknown[]) => inbox.push({ where, event, payload: args }));
    }
    const onLaptop = recordTallies(laptop);
    const onProjector = recordTallies(projector);

    unwrap(await send(laptop, "agenda:goToStep", { stepId: await day.step("vote_challenges") }));
    const acks: VoteAck[] = [];
    for (const [phone, choices] of [
      [
        phones[0],
        [
          [hers.id, 3],
          [platform.id, 2],
        ],
      ],
      [
        phones[1],
        [
          [hers.id, 1],
          [coherence.id, 3],
        ],
      ],
      [phones[2], [[platform.id, 3]]],
      [
        phones[3],
        [
          [platform.id, 1],
          [coherence.id, 1],
          [hers.id, 0],
        ],
      ],
    ] as const) {
      for (const [id, given] of choices) acks.push(unwrap(await castVote(phone, id, given)));
    }
    const highest = Math.max(...acks.map(seqOf));
    await eventually(totalsUpTo(onLaptop, highest), "the laptop's totals");
    await eventually(totalsUpTo(onProjector, highest), "the projector's totals");

    const caughtUp: { where: string; payload: SyncResult }[] = [];
    for (const [where, socket] of screens) {
      caughtUp.push({ where: `${where} sync`, payload: unwrap(await sync(socket, { lastSeq: 0 })) });
      caughtUp.push({ where: `${where} snapshot`, payload: unwrap(await sync(socket, { lastSeq: 1_000_000 })) });
    }

    expect(inbox.filter((m) => m.event === "workshop:tallies").map((m) => m.where)).toEqual(
      expect.arrayContaining(["laptop", "projector", "phone 1", "phone 4"]),
    );
    for (const { where, event, payload } of inbox) {
      expectNoVoterNextToPoints(payload, voterIds, `${where} ${event}`);
      if (event !== "workshop:tallies") continue;
      const [update] = payload as [TallyUpdate];
      const text = JSON.stringify(update);
      expect(
        voterIds.filter((id) => text.includes(id)),
        `${where}: a participant in the totals`,
      ).toEqual([]);
      if (isTotals(update)) expectPerHelixOnly(update, where);
    }
    for (const { where, payload } of caughtUp) {
      expectNoVoterNextToPoints(payload, voterIds, where);
      expect(payload.tallies, where).not.toBeNull();
      if (payload.tallies) expectPerHelixOnly(payload.tallies, where);
      if (payload.ballot) expect(Object.keys(payload.ballot).sort(), where).toEqual(["points", "remaining", "stepId"]);
    }
    for (const ack of acks) expect(Object.keys(ack).sort()).toEqual(["contributionId", "points", "remaining", "voteSeq"]);
    // The numbers are still right, per helix.
    expect(appliedTallies(onProjector)?.items).toEqual({
      [hers.id]: points({ community: 3, academia: 1 }),
      [platform.id]: points({ community: 2, business: 3, government: 1 }),
      [coherence.id]: points({ academia: 3, government: 1 }),
    });
  });
});

// ── 9 and 10. The quadruple-helix lens ──────────────────────────────────────────────────────────

describe("reading the vote through the quadruple-helix lens", () => {
  onAFreshDatabase();

  /**
   * Six from business and one from each other helix (and a business observer, who does not vote):
   * business puts all its dots on membership fees; the other three helices on the data space.
   */
  async function aBusinessHeavyRoom() {
    const day = await votingDay(t.services);
    const business = await mapInOrder(
      Array.from({ length: 6 }, (_, i) => i),
      (i) => day.join(`Business ${i + 1}`, "business"),
    );
    const gabor = await day.join("Gábor", "government");
    const bence = await day.join("Bence", "academia");
    const agnes = await day.join("Ágnes", "community");
    await day.join("Olga", "business", "observer");
    const fees = await day.hostChallenge("Cluster membership fees are too high for SMEs");
    const dataSpace = await day.hostChallenge("No shared data space between hospitals and universities");
    const parking = await day.hostChallenge("Parking near the cluster office is too expensive");
    await day.moveRoomTo("vote_challenges");
    for (const voter of business) unwrap(await day.vote(voter, fees.id, 3));
    for (const voter of [gabor, bence, agnes]) unwrap(await day.vote(voter, dataSpace.id, 3));
    return { day, business, gabor, bence, agnes, fees, dataSpace, parking };
  }

  it("the challenge only business backs ranks first by raw points, but below the broadly backed one by balanced score", async () => {
    const { day, fees, dataSpace, parking } = await aBusinessHeavyRoom();

    const totals = await day.tallies();
    expect(totals.electorate).toEqual({ government: 1, academia: 1, business: 6, community: 1 });
    expect(totals.items).toEqual({
      [fees.id]: points({ business: 18 }),
      [dataSpace.id]: points({ government: 3, academia: 3, community: 3 }),
    });

    const challenges = (await day.view("facilitator")).contributions.filter((c) => c.kind === "challenge");
    const threshold = (await day.voteSettings("vote_challenges")).supportThreshold;
    const byRaw = rankItems(challenges, (c) => totals.items[c.id], totals.electorate, { order: "raw", threshold });
    const byBalanced = rankItems(challenges, (c) => totals.items[c.id], totals.electorate, { threshold });

    expect(byRaw.map((c) => [c.id, c.rank, c.metrics.raw])).toEqual([
      [fees.id, 1, 18],
      [dataSpace.id, 2, 9],
      [parking.id, 3, 0],
    ]);
    expect(byBalanced.map((c) => [c.id, c.rank])).toEqual([
      [dataSpace.id, 1],
      [fees.id, 2],
      [parking.id, 3],
    ]);
    expect(byBalanced[0].metrics).toMatchObject({
      balanced: 2.25,
      breadth: 3,
      label: "divergent",
      supportedBy: ["government", "academia", "community"],
      notSupportedBy: ["business"],
    });
    expect(byBalanced[1].metrics).toMatchObject({ balanced: 0.75, breadth: 1, label: "single-helix", supportedBy: ["business"] });
  });

  it("'top 1 of the last vote' opens the challenge with the best balanced score for solutions — not the one with the most raw points", async () => {
    const { day, business, agnes, fees, dataSpace, parking } = await aBusinessHeavyRoom();

    const scores = await t.services.voting.lastVoteScores(day.workshop.id, "challenge");
    expect(scores.get(dataSpace.id)).toBe(2.25);
    expect(scores.get(fees.id)).toBe(0.75);
    expect(scores.get(parking.id)).toBe(0);

    await day.moveRoomTo("collect_solutions");
    unwrap(
      await t.services.agenda.setOpenChallenges(day.actor, day.workshop.id, {
        stepId: await day.step("collect_solutions"),
        open: { mode: "top", n: 1 },
      }),
    );

    expect((await day.solution(agnes, dataSpace.id, "A regional data trust run by the cluster")).parentId).toBe(dataSpace.id);
    for (const [what, challengeId] of [
      ["the raw winner", fees.id],
      ["an unvoted challenge", parking.id],
    ] as const) {
      const refused = await t.services.contributions.submit(business[0].actor, day.workshop.id, {
        kind: "solution",
        clientId: newClientId(),
        challengeId,
        title: `An answer to ${what}`,
      });
      expect(expectError(refused, "validation").fields, what).toEqual({ challengeId: { key: "challengeNotOpen" } });
    }
    expect((await day.view("facilitator")).contributions.filter((c) => c.kind === "solution").map((c) => c.parentId)).toEqual([
      dataSpace.id,
    ]);
  });
});

// ── 11. Live totals when the room moves between votes ───────────────────────────────────────────

describe("the live totals follow the vote the room is in", () => {
  it("going back from the solution vote to the challenge vote, the laptop and the projector show the challenge totals again", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const agnes = await day.join("Ágnes", "community");
    const [platform] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    await day.moveRoomTo("collect_solutions");
    const livingLab = await day.solution(agnes, platform.id, "A living lab run by the cluster");
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const projector = await connectDisplay(server, day.workshop.id, day.workshop.displayToken);
    const onLaptop = recordTallies(laptop);
    const onProjector = recordTallies(projector);
    const challengeVote = await day.step("vote_challenges");
    const solutionVote = await day.step("vote_solutions");
    const entered = (received: TallyUpdate[], stepId: string, from: number) => () =>
      received.slice(from).find((u) => u.stepId === stepId);

    await day.moveRoomTo("vote_challenges");
    await eventually(entered(onProjector, challengeVote, 0), "the challenge vote on the projector");
    const first = unwrap(await day.vote(agnes, platform.id, 3));
    await eventually(totalsUpTo(onProjector, seqOf(first)), "the challenge totals on the projector");
    await day.moveRoomTo("vote_solutions");
    await eventually(entered(onProjector, solutionVote, 0), "the solution vote on the projector");
    const second = unwrap(await day.vote(agnes, livingLab.id, 2));
    await eventually(totalsUpTo(onProjector, seqOf(second)), "the solution totals on the projector");
    await eventually(totalsUpTo(onLaptop, seqOf(second)), "the solution totals on the laptop");
    const [laptopSeen, projectorSeen] = [onLaptop.length, onProjector.length];

    await day.moveRoomTo("vote_challenges");

    await eventually(entered(onLaptop, challengeVote, laptopSeen), "the challenge vote again on the laptop");
    await eventually(entered(onProjector, challengeVote, projectorSeen), "the challenge vote again on the projector");
    const stored = await day.tallies("vote_challenges");
    expect(stored.items).toEqual({ [platform.id]: points({ community: 3 }) });
    expect(appliedTallies(onLaptop)).toEqual(stored);
    expect(appliedTallies(onProjector)).toEqual(stored);
  });

  it("while the room votes on challenges, Eszter prepares the solution vote's ballot: the laptop keeps showing the challenge totals", async () => {
    const server = await startServer();
    const day = await votingDay(server.services);
    const agnes = await day.join("Ágnes", "community");
    const bence = await day.join("Bence", "academia");
    const [platform, coherence] = await mapInOrder(HOST_CHALLENGES, (title) => day.hostChallenge(title));
    const laptop = await connectFacilitator(server, day.facilitator.id, day.workshop.id);
    const onLaptop = recordTallies(laptop);
    await day.moveRoomTo("vote_challenges");
    await eventually(() => onLaptop[0], "the challenge vote on the laptop");
    const first = unwrap(await day.vote(agnes, platform.id, 3));
    await eventually(totalsUpTo(onLaptop, seqOf(first)), "Ágnes's vote on the laptop");

    unwrap(
      await send(laptop, "vote:settings", {
        stepId: await day.step("vote_solutions"),
        settings: { challengeIds: [platform.id] },
      }),
    );
    const second = unwrap(await day.vote(bence, coherence.id, 2));
    await eventually(totalsUpTo(onLaptop, seqOf(second)), "Bence's vote on the laptop");

    const stored = await day.tallies("vote_challenges");
    expect(stored.items).toEqual({ [platform.id]: points({ community: 3 }), [coherence.id]: points({ academia: 2 }) });
    expect(appliedTallies(onLaptop)).toEqual(stored);
  });
});
