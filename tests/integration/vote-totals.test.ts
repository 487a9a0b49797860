import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HELICES, type Helix } from "../../app/domain/helix";
import type { HelixPoints } from "../../app/domain/helix-metrics";
import type { TallyState } from "../../app/domain/workshop-state";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { MORNING } from "../fixtures/budapest";
import { budapestDay, createTestServices, helixCounts, type Member, newClientId, unwrap } from "./helpers";

/**
 * The live totals come from tables the database keeps as votes change (`vote_totals`,
 * `vote_ballots`, `vote_turnout`; triggers, migration 0010, ADR 0015), not from counting every vote
 * each time. What users rely on: the totals and the turnout on the screens are exactly what the
 * votes add up to, whatever changed them — a phone, a hide, a merge, a withdrawal, a removal.
 * Services on a real database (SQLite or PostgreSQL).
 */

let now = MORNING;
let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  now = MORNING;
  t = createTestServices({ clock: () => (now += 1_000) });
});
afterEach(async () => await t.cleanup());

/** The step's totals counted from its votes, as the live totals read them before migration 0010. */
async function countedFromVotes(stepId: string): Promise<Pick<TallyState, "items" | "turnout">> {
  const points = await t.database.rows<{ id: string; helix: Helix; points: number }>(
    `select v.contribution_id as id, v.helix, sum(v.points) as points from votes v
       join contributions c on c.id = v.contribution_id
      where v.step_id = ? and c.status = 'visible' group by v.contribution_id, v.helix`,
    stepId,
  );
  const voters = await t.database.rows<{ helix: Helix; n: number }>(
    `select v.helix, count(distinct v.participant_id) as n from votes v
       join contributions c on c.id = v.contribution_id
      where v.step_id = ? and c.status = 'visible' group by v.helix`,
    stepId,
  );
  const items: Record<string, HelixPoints> = {};
  for (const row of points) {
    items[row.id] ??= helixCounts();
    items[row.id][row.helix] = Number(row.points);
  }
  return { items, turnout: helixCounts(Object.fromEntries(voters.map((v) => [v.helix, Number(v.n)]))) };
}

/** A small deterministic random source, so a failing sequence can be replayed. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

describe("the totals the database keeps from the votes", () => {
  it("equal what the votes add up to after every change — votes, hides, unhides, merges, withdrawals, removals", async () => {
    const day = await budapestDay(t.services);
    const { services } = t;
    const people: Member[] = [];
    for (const [i, helix] of [...HELICES, ...HELICES, "academia", "community"].entries())
      people.push(await day.join(`Voter ${i + 1}`, helix as Helix));
    await day.moveRoomTo("collect_challenges");
    const authored = new Map<string, Member>();
    for (const [i, by] of people.slice(0, 6).entries()) {
      const item = unwrap(
        await services.contributions.submit(by.actor, day.workshop.id, {
          kind: "challenge",
          clientId: newClientId(),
          title: `C${i}`,
        }),
      );
      authored.set(item.id, by);
    }
    const stepId = await day.step("vote_challenges");
    await day.moveRoomTo("vote_challenges");

    const random = randomSource(20261129);
    const visible = async () =>
      (await day.view()).contributions.filter((c) => c.kind === "challenge" && c.status === "visible").map((c) => c.id);
    const hidden = async () =>
      (await day.view()).contributions.filter((c) => c.kind === "challenge" && c.status === "hidden").map((c) => c.id);
    const done: Record<string, number> = {};
    let applied = 0;

    for (let move = 0; move < 160; move++) {
      const roll = random.next();
      const open = await visible();
      let kind: string;
      if (roll < 0.62 && open.length > 0) {
        kind = "vote";
        const result = await services.voting.vote(random.pick(people).actor, day.workshop.id, {
          clientId: newClientId(),
          contributionId: random.pick(open),
          points: Math.floor(random.next() * 4),
        });
        if (result.ok) applied++;
      } else if (roll < 0.7 && open.length > 1) {
        kind = "hide";
        unwrap(await services.moderation.hide(day.actor, day.workshop.id, { contributionId: random.pick(open) }));
      } else if (roll < 0.78) {
        const gone = await hidden();
        if (gone.length === 0) continue;
        kind = "unhide";
        unwrap(await services.moderation.unhide(day.actor, day.workshop.id, { contributionId: random.pick(gone) }));
      } else if (roll < 0.86 && open.length > 2) {
        kind = "merge";
        const sourceId = random.pick(open);
        const targetId = random.pick(open.filter((id) => id !== sourceId));
        unwrap(await services.moderation.merge(day.actor, day.workshop.id, { sourceId, targetId }));
      } else if (roll < 0.93) {
        // Their own items, by authors still in the room.
        const own = open.filter((id) => people.some((p) => p === authored.get(id)));
        if (own.length === 0) continue;
        kind = "withdraw";
        const id = random.pick(own);
        // Authors change their own items while challenges are collected: the room goes back a step.
        await day.moveRoomTo("collect_challenges");
        unwrap(
          await services.contributions.withdraw(authored.get(id)?.actor ?? people[0].actor, day.workshop.id, {
            contributionId: id,
          }),
        );
        await day.moveRoomTo("vote_challenges");
      } else {
        if (people.length <= 4) continue;
        kind = "remove";
        const leaving = people.splice(Math.floor(random.next() * people.length), 1)[0];
        unwrap(
          await services.privacy.remove(day.actor, day.workshop.id, {
            participantId: leaving.participant.id,
            contributions: "hide",
          }),
        );
      }
      done[kind] = (done[kind] ?? 0) + 1;
      const kept = await services.voting.tallies(day.workshop.id, stepId);
      const counted = await countedFromVotes(stepId);
      expect({ after: `${move}: ${kind}`, items: kept?.items, turnout: kept?.turnout }).toEqual({
        after: `${move}: ${kind}`,
        ...counted,
      });
    }
    // The sequence did what it is for: every kind of change, and votes that counted.
    expect(Object.keys(done).sort()).toEqual(["hide", "merge", "remove", "unhide", "vote", "withdraw"]);
    expect(applied).toBeGreaterThan(40);
    expect(Object.keys((await countedFromVotes(stepId)).items).length).toBeGreaterThan(0);

    // Each participant's row says how many items they have points on.
    const ballots = await t.database.rows<{ participantId: string; items: number; counted: number }>(
      `select b.participant_id as "participantId", b.items,
              (select count(*) from votes v where v.step_id = b.step_id and v.participant_id = b.participant_id) as counted
         from vote_ballots b where b.step_id = ?`,
      stepId,
    );
    expect(ballots.length).toBeGreaterThan(0);
    for (const row of ballots) expect(Number(row.items)).toBe(Number(row.counted));
  });

  it("withdrawing an item gives its points back to its voters, and the totals and turnout drop with them", async () => {
    const day = await budapestDay(t.services);
    const { services } = t;
    const [anna, bela] = [await day.join("Anna", "academia"), await day.join("Béla", "business")];
    await day.moveRoomTo("collect_challenges");
    const hers = unwrap(
      await services.contributions.submit(anna.actor, day.workshop.id, {
        kind: "challenge",
        clientId: newClientId(),
        title: "Hers",
      }),
    );
    const stepId = await day.step("vote_challenges");
    await day.moveRoomTo("vote_challenges");
    unwrap(
      await services.voting.vote(bela.actor, day.workshop.id, { clientId: newClientId(), contributionId: hers.id, points: 3 }),
    );
    expect((await services.voting.myBallot(bela.actor, day.workshop.id))?.remaining).toBe(2);
    expect((await services.voting.tallies(day.workshop.id, stepId))?.turnout.business).toBe(1);

    await day.moveRoomTo("collect_challenges");
    t.votesChanged.length = 0;
    t.published.length = 0;
    unwrap(await services.contributions.withdraw(anna.actor, day.workshop.id, { contributionId: hers.id }));
    expect(t.published.flatMap((p) => p.events).map((e) => e.type)).toEqual(["contribution.updated", "votes.returned"]);
    expect(t.votesChanged).toEqual([day.workshop.id]);
    expect(await t.database.rows("select * from votes where contribution_id = ?", hers.id)).toEqual([]);

    await day.moveRoomTo("vote_challenges");
    expect((await services.voting.myBallot(bela.actor, day.workshop.id))?.remaining).toBe(5);
    const totals = await services.voting.tallies(day.workshop.id, stepId);
    expect(totals?.items).toEqual({});
    expect(totals?.turnout).toEqual(helixCounts());
  });

  it("a vote and a hide of the same item at the same instant, on two nodes, never leave a vote on the hidden item", async () => {
    const day = await budapestDay(t.services);
    const voters: Member[] = [];
    for (const [i, helix] of HELICES.entries()) voters.push(await day.join(`Voter ${i + 1}`, helix));
    const items = [];
    for (let i = 0; i < 12; i++) items.push(await day.hostChallenge(`Item ${i + 1}`));
    const stepId = await day.step("vote_challenges");
    await day.moveRoomTo("vote_challenges");
    const other = t.database.reopen(); // a second node on the same database
    try {
      const nodeB = createServices({ db: other.db, publish: silentPublish });
      const outcomes = { counted: 0, refused: 0 };
      for (const item of items.slice(0, 10)) {
        const [votes] = await Promise.all([
          Promise.all(
            voters.map((v) =>
              t.services.voting.queueVote(v.actor, day.workshop.id, {
                clientId: newClientId(),
                contributionId: item.id,
                points: 1,
              }),
            ),
          ),
          nodeB.moderation.hide(day.actor, day.workshop.id, { contributionId: item.id }).then(unwrap),
        ]);
        for (const vote of votes) outcomes[vote.ok ? "counted" : "refused"]++;
      }
      // Whichever went first, no vote is left on a hidden item, and the totals are the votes'.
      expect(
        await t.database.rows(
          "select v.contribution_id from votes v join contributions c on c.id = v.contribution_id where c.status <> 'visible'",
        ),
      ).toEqual([]);
      const kept = await t.services.voting.tallies(day.workshop.id, stepId);
      expect({ items: kept?.items, turnout: kept?.turnout }).toEqual(await countedFromVotes(stepId));
      expect(outcomes.counted + outcomes.refused).toBe(40);
    } finally {
      await other.cleanup();
    }
  });

  it("refuses to change a vote's step, voter, item or helix in place: the totals could not follow", async () => {
    const day = await budapestDay(t.services);
    const anna = await day.join("Anna", "academia");
    const item = await day.hostChallenge("Host's");
    await day.moveRoomTo("vote_challenges");
    unwrap(
      await t.services.voting.vote(anna.actor, day.workshop.id, { clientId: newClientId(), contributionId: item.id, points: 2 }),
    );
    await expect(t.database.rows("update votes set helix = 'business' returning points")).rejects.toThrow(
      /step, voter, item and helix are fixed/,
    );
    expect(await t.database.rows<{ helix: string }>("select helix from votes")).toEqual([{ helix: "academia" }]);
  });
});
