import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, Tx } from "../../app/db/client.server";
import { openPostgres, type PgHandle } from "../../app/db/postgres.server";
import { isUniqueViolation, transaction } from "../../app/db/transaction.server";
import { fail, ok } from "../../app/domain/result";
import { createCommandRunner } from "../../app/services/command.server";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { migratedDatabases, type PrivatePostgres, startPostgres } from "../support/postgres";
import { budapestDay, type Member, newClientId, unwrap } from "./helpers";

/**
 * The transaction helper on PostgreSQL (ADR 0014 §2): all or nothing, a refusal rolls back, the
 * caller's queries through `db` go to its transaction — its database's only — and a transaction
 * PostgreSQL aborts for a deadlock, or for a unique key a concurrent one took first, runs again;
 * and a merge or a profile change waits for a vote batch holding its rows.
 */
let postgres: PrivatePostgres;
const handles: PgHandle[] = [];
const urls: string[] = [];
let one: Db;
let other: Db;

beforeAll(async () => {
  postgres = await startPostgres();
  const databases = await migratedDatabases(postgres);
  for (let i = 0; i < 2; i++) {
    urls.push(await databases.fresh());
    handles.push(await openPostgres(urls[i]));
  }
  await databases.close();
  [one, other] = handles.map((h) => h.services);
}, 120_000);

afterAll(async () => {
  for (const handle of handles) await handle.close();
  await postgres?.stop();
});

const addFacilitator = (tx: Tx | Db, id: string) =>
  tx.insert(tx.tables.facilitators).values({ id, email: `${id}@example.org`, name: id, passwordHash: "x", createdAt: 1 });
const names = async (db: Db) =>
  (await db.select({ id: db.tables.facilitators.id }).from(db.tables.facilitators)).map((r) => r.id).sort();

describe("transaction(db, async (tx) => …) on PostgreSQL", () => {
  it("a read through db inside the transaction sees its writes; a refusal rolls everything back and is returned", async () => {
    const seen = await transaction(one, async (tx) => {
      await addFacilitator(tx, "ana");
      return names(one);
    });
    expect(seen).toEqual(["ana"]);
    const refused = await transaction(one, async (tx) => {
      await addFacilitator(tx, "bela");
      expect(await names(one)).toEqual(["ana", "bela"]);
      return fail("conflict", "No.");
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await names(one)).toEqual(["ana"]);
  });

  it("another database's handle inside it is neither routed into it nor refused as nested", async () => {
    await transaction(one, async (tx) => {
      await addFacilitator(tx, "cili");
      // The other database (another node's pool in the tests) sees nothing of this transaction.
      expect(await names(other)).toEqual([]);
      await transaction(other, async (otherTx) => addFacilitator(otherTx, "dora"));
    });
    expect(await names(one)).toContain("cili");
    expect(await names(other)).toEqual(["dora"]);
    await expect(transaction(one, async () => transaction(one, async () => null))).rejects.toThrow(/inside a transaction/);
  });

  it("two transactions that deadlock: PostgreSQL aborts one, which runs again, and both commit", async () => {
    await addFacilitator(one, "row-a");
    await addFacilitator(one, "row-b");
    const { facilitators } = one.tables;
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOneRow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const crossed = (first: string, second: string) =>
      transaction(one, async (tx) => {
        attempts++;
        await tx
          .update(facilitators)
          .set({ name: `${first} by ${first}` })
          .where(eq(facilitators.id, first));
        if (++arrived === 2) release();
        await bothHoldOneRow;
        await tx
          .update(facilitators)
          .set({ name: `${second} by ${first}` })
          .where(eq(facilitators.id, second));
        return first;
      });
    expect(await Promise.all([crossed("row-a", "row-b"), crossed("row-b", "row-a")])).toEqual(["row-a", "row-b"]);
    // Three runs in all: the victim of the deadlock ran again once the other had committed.
    expect(attempts).toBe(3);
  }, 30_000);
  it("two transactions look up one key, find nothing and insert it: the second runs again and answers with the first's row", async () => {
    const { facilitators } = one.tables;
    let attempts = 0;
    let looked = 0;
    let release: () => void = () => {};
    const bothLooked = new Promise<void>((resolve) => {
      release = resolve;
    });
    // What an idempotent command does: return the row stored under the key, or store it.
    const submitOnce = (who: string) =>
      transaction(one, async (tx) => {
        attempts++;
        const [stored] = await tx.select().from(facilitators).where(eq(facilitators.email, "same-key@example.org"));
        if (++looked === 2) release();
        await bothLooked;
        if (stored) return { id: stored.id, by: who, inserted: false };
        await tx
          .insert(facilitators)
          .values({ id: who, email: "same-key@example.org", name: who, passwordHash: "x", createdAt: 1 });
        return { id: who, by: who, inserted: true };
      });
    const answers = await Promise.all([submitOnce("tab-a"), submitOnce("tab-b")]);
    // One insert won; the other found its row on its second run. One row, both told its id.
    expect(answers.filter((a) => a.inserted)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(attempts).toBe(3);
    const rows = await one.select().from(facilitators).where(eq(facilitators.email, "same-key@example.org"));
    expect(rows.map((r) => r.id)).toEqual([answers[0].id]);
  }, 30_000);

  it("a key taken for good is still an error after the last run, and says so", async () => {
    await addFacilitator(one, "taken");
    let attempts = 0;
    const error = await transaction(one, async (tx) => {
      attempts++;
      await addFacilitator(tx, "taken");
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(attempts).toBe(3);
    expect(await names(one)).toContain("taken");
  });
});

/** A vote batch's transaction held open by hand, after its first step (cast.pg.server.ts): its voter locked FOR UPDATE. */
async function batchHolding(participantId: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urls[1] });
  await client.connect();
  await client.query("BEGIN");
  await client.query("SELECT id FROM participants WHERE id = $1 FOR UPDATE", [participantId]);
  return client;
}

/** The held batch writes one vote, with the voter's helix, as the batch's insert does. */
const insertVote = (
  batch: pg.Client,
  vote: { workshopId: string; stepId: string; voter: Member; contributionId: string; points: number },
) =>
  batch.query(
    "INSERT INTO votes (workshop_id, step_id, participant_id, contribution_id, points, helix, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1)",
    [vote.workshopId, vote.stepId, vote.voter.participant.id, vote.contributionId, vote.points, vote.voter.participant.helix],
  );

/**
 * Until some other session of this database waits for a lock (the command under test, stopped by
 * the held batch). Fails if the command ends first: it did not wait for the batch.
 */
async function untilWaitingOnALock(client: pg.Client, command: Promise<unknown>) {
  let ended = false;
  command.then(
    () => (ended = true),
    () => (ended = true),
  );
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    expect(ended, "the command waits for the batch").toBe(false);
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the command never waited for a lock");
}

describe("a command while a vote batch is in flight on PostgreSQL", () => {
  it("a merge waits for a batch holding its voter, never deadlocks with it, and moves the points the batch left: the voter stays within the budget", async () => {
    const services = createServices({ db: other, publish: silentPublish });
    const day = await budapestDay(services);
    const [dup, kept, elsewhere] = await Promise.all(["Duplicate", "Kept", "Elsewhere"].map((title) => day.hostChallenge(title)));
    await day.moveRoomTo("vote_challenges");
    const voter = await day.join("Vera", "academia");
    const vote = async (contributionId: string, points: number) =>
      unwrap(await services.voting.vote(voter.actor, day.workshop.id, { clientId: newClientId(), contributionId, points }));
    await vote(dup.id, 2);
    await vote(kept.id, 3);
    const stepId = await day.step("vote_challenges");

    // What a vote batch does (cast.pg.server.ts), one step at a time: it locks its voter FOR UPDATE;
    // the merge starts and must wait for that voter; the batch goes on, takes its items FOR SHARE
    // (the merge holds neither yet: locked the other way round, the two would deadlock here), takes
    // the voter's 3 points off the survivor, puts them on another item, and commits.
    const batch = await batchHolding(voter.participant.id);
    try {
      const merging = services.moderation.merge(day.actor, day.workshop.id, { sourceId: dup.id, targetId: kept.id });
      // The merge is stopped on a lock the batch holds, not just slow.
      await untilWaitingOnALock(batch, merging);
      // Nor does the batch wait for the merge: were it to, this fails at once (before PostgreSQL,
      // a second later, found the deadlock and ran the merge again as if nothing had happened).
      await batch.query("SET LOCAL lock_timeout = '300ms'");
      await batch.query("SELECT id FROM contributions WHERE id = ANY($1) ORDER BY id FOR SHARE", [[kept.id, elsewhere.id]]);
      await batch.query("DELETE FROM votes WHERE step_id = $1 AND participant_id = $2 AND contribution_id = $3", [
        stepId,
        voter.participant.id,
        kept.id,
      ]);
      await insertVote(batch, { workshopId: day.workshop.id, stepId, voter, contributionId: elsewhere.id, points: 3 });
      await batch.query("COMMIT");
      unwrap(await merging);
    } finally {
      await batch.end();
    }

    const rows = await other.select().from(other.tables.votes).where(eq(other.tables.votes.participantId, voter.participant.id));
    const on = (id: string) => rows.find((r) => r.contributionId === id)?.points ?? 0;
    // The duplicate's 2 moved to the survivor the batch had emptied; 3 elsewhere: 5 of 5, never 6.
    expect({ dup: on(dup.id), kept: on(kept.id), elsewhere: on(elsewhere.id) }).toEqual({ dup: 0, kept: 2, elsewhere: 3 });
  }, 30_000);
  it("a profile change waits for its participant's batch: a first vote counted there locks the helix", async () => {
    const services = createServices({ db: other, publish: silentPublish });
    const day = await budapestDay(services);
    const item = await day.hostChallenge("Shared data space");
    await day.moveRoomTo("vote_challenges");
    const voter = await day.join("Vilma", "business");
    const stepId = await day.step("vote_challenges");

    // A batch with the voter's first vote, held open: their row locked FOR UPDATE, the vote written.
    const batch = await batchHolding(voter.participant.id);
    try {
      await insertVote(batch, { workshopId: day.workshop.id, stepId, voter, contributionId: item.id, points: 2 });
      const changing = services.participants.updateProfile(voter.actor, { helix: "community", role: "local_stakeholder" });
      await untilWaitingOnALock(batch, changing);
      await batch.query("COMMIT");
      // Their vote counts as business: they can no longer say they speak for another helix.
      expect(await changing).toMatchObject({ ok: false, error: { code: "profile_locked" } });
    } finally {
      await batch.end();
    }
    const [row] = await other
      .select()
      .from(other.tables.participants)
      .where(eq(other.tables.participants.id, voter.participant.id));
    expect(row.helix).toBe("business");
  }, 30_000);
});

describe("one workshop's commands on PostgreSQL", () => {
  it("a hall's burst on one workshop queues on the node, not on its pooled connections: another workshop's command goes ahead of it", async () => {
    const services = createServices({ db: other, publish: silentPublish });
    const busy = await budapestDay(services);
    const nextDoor = await budapestDay(services, { title: "The room next door" });
    const stepId = await nextDoor.step("collect_challenges");
    const finished: string[] = [];
    const burst = Array.from({ length: 40 }, (_, i) =>
      busy.hostChallenge(`Challenge ${i}`).then(() => finished.push(`busy ${i}`)),
    );
    const timer = services.agenda
      .timer(nextDoor.actor, nextDoor.workshop.id, { stepId, command: { action: "set", seconds: 600 } })
      .then((result) => {
        unwrap(result);
        finished.push("next door");
      });
    await Promise.all([...burst, timer]);
    // Waiting for the busy workshop's lock on pooled connections, the burst would take all ten
    // and the timer would wait for one, finishing among the last.
    expect(finished.indexOf("next door"), finished.join(", ")).toBeLessThan(10);
  }, 30_000);
  it("a command run from inside another's transaction is refused as nested, not left waiting behind it", async () => {
    const day = await budapestDay(createServices({ db: other, publish: silentPublish }));
    const run = createCommandRunner({ db: other, publish: silentPublish, clock: () => 1_000 });
    const command = (inner?: () => Promise<unknown>) =>
      run(
        day.actor,
        day.workshop.id,
        {},
        {
          authorize: () => ok(null),
          schema: z.object({}),
          resolve: async () => {
            await inner?.();
            return ok({ data: null, events: [] });
          },
        },
      );
    await expect(command(() => command())).rejects.toThrow(/inside a transaction/);
    // The workshop's queue goes on.
    expect(await command()).toEqual({ ok: true, data: null });
  });
});
