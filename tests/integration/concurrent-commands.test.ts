import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Helix } from "../../app/domain/helix";
import { MORNING } from "../fixtures/budapest";
import { budapestDay, createTestServices, type Member, newClientId, TEST_ENGINE, unwrap } from "./helpers";

/**
 * Two people doing things to one workshop at the same moment. On SQLite every transaction runs
 * alone, so these hold by construction; on PostgreSQL (the "postgres" project) transactions run
 * side by side under READ COMMITTED, and these are what the command runner's per-workshop lock
 * (serialiseWorkshopCommands) keeps true. Each race runs several times at once: one pair may
 * happen not to interleave, six rarely all miss.
 */

let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  let now = MORNING;
  t = createTestServices({ clock: () => (now += 1_000) });
});
afterEach(async () => await t.cleanup());

const RACES = 6;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function day() {
  const d = await budapestDay(t.services);
  const challenge = async (title: string) => d.hostChallenge(title);
  return { ...d, challenge };
}

describe(`commands on one workshop at the same moment (${TEST_ENGINE})`, () => {
  it("two facilitators merge X into Y and Y into X at once: one merge, one refusal, one of them stays on the wall", async () => {
    const d = await day();
    const pairs = await Promise.all(
      range(RACES).map(async (i) => [await d.challenge(`Twin ${i} A`), await d.challenge(`Twin ${i} B`)] as const),
    );

    const answers = await Promise.all(
      pairs.map(([x, y]) =>
        Promise.all([
          t.services.moderation.merge(d.actor, d.workshop.id, { sourceId: x.id, targetId: y.id }),
          t.services.moderation.merge(d.actor, d.workshop.id, { sourceId: y.id, targetId: x.id }),
        ]),
      ),
    );

    const wall = (await d.view()).contributions;
    for (const [i, [x, y]] of pairs.entries()) {
      const [first, second] = answers[i];
      expect([first.ok, second.ok].filter(Boolean), `pair ${i}: exactly one merge`).toHaveLength(1);
      const refused = first.ok ? second : first;
      expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
      const statuses = [x.id, y.id].map((id) => wall.find((c) => c.id === id)?.status);
      expect(statuses.sort(), `pair ${i}: one visible, one merged into it`).toEqual(["merged", "visible"]);
    }
  });

  it("two rapporteurs save version 1 of one note at once: one is saved, the other is told of the conflict and shown it", async () => {
    const d = await day();
    const subjects = await Promise.all(range(RACES).map(async (i) => `challenge:${(await d.challenge(`Noted ${i}`)).id}`));
    for (const subject of subjects)
      unwrap(await t.services.notes.save(d.actor, d.workshop.id, { subject, body: "First draft", baseVersion: 0 }));

    const answers = await Promise.all(
      subjects.map((subject) =>
        Promise.all(
          ["Ana's wording", "Béla's wording"].map(async (body) =>
            unwrap(await t.services.notes.save(d.actor, d.workshop.id, { subject, body, baseVersion: 1 })),
          ),
        ),
      ),
    );

    const stored = unwrap(await t.services.notes.list(d.actor, d.workshop.id));
    for (const [i, subject] of subjects.entries()) {
      const saved = answers[i].filter((a) => a.saved);
      const told = answers[i].filter((a) => !a.saved);
      expect(saved, `note ${i}: one save`).toHaveLength(1);
      expect(told, `note ${i}: one conflict`).toHaveLength(1);
      const winner = saved[0] as Extract<(typeof saved)[number], { saved: true }>;
      const loser = told[0] as Extract<(typeof told)[number], { saved: false }>;
      expect(winner.note.version).toBe(2);
      // The one told of the conflict sees the text that was saved, never its own as if it had been.
      expect(loser.current).toMatchObject({ body: winner.note.body, version: 2 });
      expect(stored.find((n) => n.subject === subject)).toMatchObject({ body: winner.note.body, version: 2 });
    }
  });

  it("steps added at once are all in the agenda, each in a place of its own, and the last agenda every screen got has them all", async () => {
    const d = await day();
    const before = (await d.view()).steps.length;
    t.published.length = 0;

    const added = await Promise.all(
      range(RACES).map((i) =>
        t.services.agenda.addStep(d.actor, d.workshop.id, { kind: "discussion", title: `Break-out ${i}`, day: 1 }),
      ),
    );

    expect(added.every((a) => a.ok)).toBe(true);
    const steps = (await d.view()).steps;
    expect(steps).toHaveLength(before + RACES);
    const positions = await t.database.rows<{ position: number }>(
      "select position from agenda_steps where workshop_id = ?",
      d.workshop.id,
    );
    expect(new Set(positions.map((p) => Number(p.position))).size, "no two steps share a position").toBe(steps.length);
    const agendas = t.published
      .flatMap((p) => p.events)
      .filter((e) => e.type === "agenda.changed")
      .sort((a, b) => a.seq - b.seq);
    const last = agendas.at(-1);
    expect(last?.type === "agenda.changed" && last.payload.steps.map((s) => s.id).sort()).toEqual(steps.map((s) => s.id).sort());
  });

  it("a minute added to a paused timer by two facilitators at once: two minutes more", async () => {
    const d = await day();
    const stepId = await d.step("collect_challenges");
    unwrap(await t.services.agenda.timer(d.actor, d.workshop.id, { stepId, command: { action: "set", seconds: 600 } }));

    await Promise.all(
      range(RACES).map(async () =>
        unwrap(await t.services.agenda.timer(d.actor, d.workshop.id, { stepId, command: { action: "add", seconds: 60 } })),
      ),
    );

    const step = (await d.view()).steps.find((s) => s.id === stepId);
    expect(step?.timer?.remainingMs).toBe((600 + 60 * RACES) * 1000);
  });

  it("a participant erased while their phone submits: neither their name nor their authorship survives the erasure", async () => {
    const d = await day();
    await d.moveRoomTo("collect_challenges");
    const people = await Promise.all(range(RACES).map((i) => d.join(`Erased Person ${i}`, "community")));

    await Promise.all(
      people.map((p, i) =>
        Promise.all([
          t.services.contributions.submit(p.actor, d.workshop.id, {
            kind: "challenge",
            clientId: newClientId(`erased-${i}`),
            title: `Challenge from person ${i}`,
          }),
          t.services.privacy.eraseParticipant(d.actor, d.workshop.id, { participantId: p.participant.id }),
        ]),
      ),
    );

    // What the log and the stored rows say of them: a submission either came first and was erased
    // with them, or came second and was refused.
    const log = JSON.stringify(await t.database.rows("select payload from events"));
    const rows = await t.database.rows<{ n: number }>(
      `select count(*) as n from contributions where author_id in (${people.map(() => "?").join(", ")})`,
      ...people.map((p) => p.participant.id),
    );
    for (const [i] of people.entries()) expect(log, `person ${i}'s name in the log`).not.toContain(`Erased Person ${i}`);
    expect(Number(rows[0].n)).toBe(0);
  });
});

/**
 * The real vote path against a merge: whether a batch is in flight at the merge's moment depends on
 * timing, so this checks what must hold whatever happened; transaction-postgres.test.ts holds a
 * batch open to hit that moment every time.
 */
describe(`a vote in flight while a facilitator acts (${TEST_ENGINE})`, () => {
  it("a duplicate merged while its voters move their points: no voter over the budget, no point counted twice", async () => {
    const d = await day();
    const [dup, kept, other] = [await d.challenge("Duplicate"), await d.challenge("Kept"), await d.challenge("Other")];
    await d.moveRoomTo("vote_challenges");
    const helices: Helix[] = ["government", "academia", "business", "community"];
    const voters: Member[] = await Promise.all(range(12).map((i) => d.join(`Voter ${i}`, helices[i % 4])));
    const vote = async (v: Member, contributionId: string, points: number) =>
      await t.services.voting.vote(v.actor, d.workshop.id, { clientId: newClientId(), contributionId, points });
    for (const v of voters) {
      unwrap(await vote(v, dup.id, 2));
      unwrap(await vote(v, kept.id, 3));
    }

    // Each voter takes their points off the survivor and puts them on another item, while the
    // facilitator merges the duplicate into the survivor.
    await Promise.all([
      t.services.moderation.merge(d.actor, d.workshop.id, { sourceId: dup.id, targetId: kept.id }).then(unwrap),
      ...voters.map(async (v) => {
        await vote(v, kept.id, 0);
        await vote(v, other.id, 3);
      }),
    ]);

    const stepId = await d.step("vote_challenges");
    const rows = await t.database.rows<{ participantId: string; contributionId: string; points: number }>(
      'select participant_id as "participantId", contribution_id as "contributionId", points from votes where step_id = ?',
      stepId,
    );
    for (const v of voters) {
      const mine = rows.filter((r) => r.participantId === v.participant.id);
      const spent = mine.reduce((sum, r) => sum + Number(r.points), 0);
      expect(spent, `${v.participant.displayName}'s points`).toBeLessThanOrEqual(5);
      expect(mine.every((r) => Number(r.points) <= 3)).toBe(true);
      expect(mine.some((r) => r.contributionId === dup.id)).toBe(false);
    }
    // The kept totals (ADR 0015) agree with the votes stored.
    const tallies = await t.services.voting.tallies(d.workshop.id, stepId);
    for (const item of [kept, other]) {
      const stored = rows.filter((r) => r.contributionId === item.id).reduce((sum, r) => sum + Number(r.points), 0);
      const counted = Object.values(tallies?.items[item.id] ?? {}).reduce((sum, n) => sum + n, 0);
      expect(counted, `${item.title}'s total`).toBe(stored);
    }
  });
});
