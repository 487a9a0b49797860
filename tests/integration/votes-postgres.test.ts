import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db/client.server";
import { MIGRATION_LOCK_KEY, openPostgres, type PgHandle } from "../../app/db/postgres.server";
import type { Result } from "../../app/domain/result";
import type { VoteAck } from "../../app/domain/voting";
import type { Actor } from "../../app/services/actor";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { type Ballot, createSettingsCache, voteAnswer } from "../../app/services/voting/ballot-box";
import { castBatchOnPostgres } from "../../app/services/voting/cast.pg.server";
import { copyDatabase } from "../../scripts/lib/db-copy";
import { expectConsoleError } from "../setup/fail-on-console-error";
import { type PrivatePostgres, startPostgres } from "../support/postgres";
import { seedVoteWorkshop, type VoteWorkshop } from "../support/vote-workshop";

/**
 * Issue 15, ADR 0014 §3–4: a vote cast on PostgreSQL runs the same checks as on SQLite, on the
 * batch's snapshot with the voters' rows locked. Proven two ways on a private PostgreSQL: the same
 * batches cast on both databases get the same answers and leave the same votes; and two nodes
 * (two pools) hammering one participant's budget at once never take them over it, and what they
 * acknowledged is exactly what is stored.
 */

const BUDGET = 5;
const CAP = 3;
const SECRET = "votes-on-postgres-test-secret-0123456789";

let postgres: PrivatePostgres;
let dir: string;
let sqlitePath: string;
let seeded: VoteWorkshop;

beforeAll(async () => {
  postgres = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "helix-votes-pg-"));
  sqlitePath = join(dir, "workshop.sqlite");
  seeded = await seedVoteWorkshop(sqlitePath, { participants: 6, items: 5, budget: BUDGET, cap: CAP, secret: SECRET });
  await copyDatabase({ from: sqlitePath, to: postgres.url, force: false, log: () => {} });
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const voter = (index: number): Actor => ({
  kind: "participant",
  participantId: seeded.participants[index].id,
  workshopId: seeded.workshopId,
});
let clientCounter = 0;
const ballot = (who: number, item: number, points: unknown, clientId = `change-${++clientCounter}`): Ballot => ({
  actor: voter(who),
  workshopId: seeded.workshopId,
  input: { clientId, contributionId: seeded.items[item], points },
});

type StoredVote = { participantId: string; contributionId: string; points: number; helix: string };
const byKey = (a: StoredVote, b: StoredVote) =>
  `${a.participantId}/${a.contributionId}`.localeCompare(`${b.participantId}/${b.contributionId}`);

describe("a vote on PostgreSQL", () => {
  it("gets the answer it gets on SQLite, batch by batch — refusals, retries, take-backs and numbers included — and leaves the same votes", async () => {
    const stranger: Actor = { kind: "participant", participantId: "nobody", workshopId: seeded.workshopId };
    const repeated = "change-sent-twice";
    const batches: Ballot[][] = [
      [ballot(0, 0, 3), ballot(0, 1, 2), ballot(1, 0, 1), ballot(2, 2, 3)],
      // Over the budget (3 + 2 + 1 > 5), over the cap, not an integer, an unknown item, not a voter.
      [
        ballot(0, 2, 1),
        ballot(1, 1, 4),
        ballot(1, 1, 1.5),
        { ...ballot(1, 0, 1), input: { clientId: "x", contributionId: "nope", points: 1 } },
      ],
      [{ ...ballot(3, 3, 2), actor: stranger }, ballot(3, 3, 2, repeated), ballot(3, 3, 3, repeated), ballot(0, 0, 0)],
      // The earlier change again (a phone's outbox resending), and points moved in one batch.
      [ballot(3, 3, 1, repeated), ballot(0, 2, 3), ballot(0, 1, 0), ballot(0, 3, 2), ballot(4, 4, 3), ballot(5, 4, 3)],
    ];

    const sqlite = openDatabase(sqlitePath);
    const pgNode = await openPostgres(postgres.url);
    try {
      const services = createServices({ db: sqlite.db, publish: silentPublish, clock: () => 1_000 });
      const settingsOf = createSettingsCache();
      for (const batch of batches) {
        // Queued in one turn of the event loop: SQLite casts them as one batch, in this order.
        const onSqlite = await Promise.all(batch.map((b) => services.voting.queueVote(b.actor, b.workshopId, b.input)));
        const onPostgres = (await castBatchOnPostgres(pgNode.db, batch, { clock: () => 1_000, settingsOf })).map(
          ({ outcome, seq }) => voteAnswer(outcome, seq),
        );
        expect(onPostgres).toEqual(onSqlite);
      }

      const sqliteVotes = sqlite.sqlite
        .prepare(
          "select participant_id as participantId, contribution_id as contributionId, points, helix from votes where workshop_id = ?",
        )
        .all(seeded.workshopId) as StoredVote[];
      const { rows: pgVotes } = await pgNode.pool.query<StoredVote>(
        `select participant_id as "participantId", contribution_id as "contributionId", points, helix from votes where workshop_id = $1`,
        [seeded.workshopId],
      );
      expect(pgVotes.sort(byKey)).toEqual(sqliteVotes.sort(byKey));
      expect(pgVotes.length).toBeGreaterThan(5);
      const counter = async () =>
        (await pgNode.pool.query("select vote_seq from workshops where id = $1", [seeded.workshopId])).rows[0].vote_seq;
      expect(await counter()).toBe(
        sqlite.sqlite.prepare("select vote_seq from workshops where id = ?").pluck().get(seeded.workshopId),
      );
    } finally {
      sqlite.close();
      await pgNode.close();
    }
  });

  it("two nodes casting for one participant at once never take them over the budget or the cap, every acknowledged vote is what is stored, and the live totals add up to it", async () => {
    const nodes: PgHandle[] = [await openPostgres(postgres.url), await openPostgres(postgres.url)];
    try {
      const who = 5; // voted 3 on item 4 in the test above: 2 points left
      const start = await nodes[0].pool.query("select vote_seq from workshops where id = $1", [seeded.workshopId]);
      const startSeq: number = start.rows[0].vote_seq;
      // 2 nodes × 12 batches at once, each batch three of the same person's changes (points 0–3 on
      // any item, mostly more than they have left) beside another participant's, as phones resend and tap on both nodes.
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor(seed / 2 ** 16) % n;
      };
      const sent: { ballot: Ballot; answer: Result<VoteAck> }[] = [];
      await Promise.all(
        nodes.flatMap((node) =>
          Array.from({ length: 12 }, async () => {
            const batch = [
              ...Array.from({ length: 2 }, () => ballot(who, random(5), 1 + random(3))),
              ballot(who, random(5), random(4)),
              ballot(random(5), random(5), random(2)),
            ];
            const outcomes = await castBatchOnPostgres(node.db, batch, { clock: Date.now, settingsOf: createSettingsCache() });
            outcomes.forEach(({ outcome, seq }, i) => {
              sent.push({ ballot: batch[i], answer: voteAnswer(outcome, seq) });
            });
          }),
        ),
      );

      const { rows } = await nodes[1].pool.query<{ contributionId: string; points: number }>(
        `select contribution_id as "contributionId", points from votes where participant_id = $1 and step_id = $2`,
        [seeded.participants[who].id, seeded.voteStepId],
      );
      const stored = new Map(rows.map((r) => [r.contributionId, r.points]));
      const spent = [...stored.values()].reduce((a, b) => a + b, 0);
      expect(spent).toBeLessThanOrEqual(BUDGET);
      for (const points of stored.values()) expect(points).toBeLessThanOrEqual(CAP);

      // The acknowledged changes, replayed in the order of their numbers, give exactly what is stored.
      const acked = sent
        .filter((s) => s.ballot.actor.kind === "participant" && s.ballot.actor.participantId === seeded.participants[who].id)
        .flatMap((s) => (s.answer.ok ? [s.answer.data] : []));
      const numbers = sent.flatMap((s) => (s.answer.ok && s.answer.data.voteSeq !== undefined ? [s.answer.data.voteSeq] : []));
      const replayed = new Map<string, number>([[seeded.items[4], 3]]);
      for (const ack of [...acked].sort((a, b) => (a.voteSeq ?? 0) - (b.voteSeq ?? 0))) {
        if (ack.points === 0) replayed.delete(ack.contributionId);
        else replayed.set(ack.contributionId, ack.points);
      }
      expect(stored).toEqual(replayed);
      const last = acked.reduce((a, b) => ((b.voteSeq ?? 0) > (a.voteSeq ?? 0) ? b : a));
      expect(last.remaining).toBe(BUDGET - spent);
      // Some changes were refused (over budget or cap), some applied, on both nodes.
      expect(sent.some((s) => !s.answer.ok && s.answer.error.code === "validation")).toBe(true);
      expect(acked.length).toBeGreaterThan(3);

      // Vote numbers: every applied change one number, none twice, none skipped.
      const end = await nodes[0].pool.query("select vote_seq from workshops where id = $1", [seeded.workshopId]);
      // (No change in this test is a retry, so every accepted one was applied and numbered.)
      expect(new Set(numbers).size).toBe(numbers.length);
      expect([...numbers].sort((a, b) => a - b)).toEqual(
        Array.from({ length: end.rows[0].vote_seq - startSeq }, (_, i) => startSeq + i + 1),
      );

      // The totals the triggers kept while both nodes added and took back votes at once (migration
      // pg/0001) are what the stored votes add up to: points per item and helix, items per ballot,
      // voters per helix.
      const kept = async (sql: string) =>
        (await nodes[0].pool.query(sql, [seeded.voteStepId])).rows.map((row) => JSON.stringify(row)).sort();
      expect(await kept("select 1 from votes where step_id = $1"), "votes to add up").not.toHaveLength(0);
      expect(await kept(`select contribution_id, helix, points from vote_totals where step_id = $1 and points <> 0`)).toEqual(
        await kept(`select contribution_id, helix, sum(points)::int as points from votes where step_id = $1
                     group by contribution_id, helix`),
      );
      expect(await kept(`select participant_id, helix, items from vote_ballots where step_id = $1 and items > 0`)).toEqual(
        await kept(`select participant_id, min(helix) as helix, count(*)::int as items from votes where step_id = $1
                     group by participant_id`),
      );
      expect(await kept(`select helix, voters from vote_turnout where step_id = $1 and voters > 0`)).toEqual(
        await kept(`select helix, count(distinct participant_id)::int as voters from votes where step_id = $1 group by helix`),
      );
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });
});

describe("time limits on PostgreSQL", () => {
  /** Another connection, as an operator's open transaction or a stuck node would hold locks. */
  async function elsewhere<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it("a vote held up by a lock taken elsewhere is refused once the lock wait is over — not held for ever — and counted once when the phone sends it again", async () => {
    const limits = { statementMs: 10_000, lockMs: 300, idleInTransactionMs: 60_000 };
    const node = await openPostgres(postgres.url, { timeLimits: limits });
    try {
      const services = createServices({ db: node.services, publish: silentPublish });
      const who = voter(2);
      const participantId = seeded.participants[2].id;
      const input = { clientId: "held-up-by-a-lock", contributionId: seeded.items[1], points: 1 };
      const stored = async () =>
        (
          await node.pool.query<{ points: number }>(
            "select points from votes where participant_id = $1 and contribution_id = $2",
            [participantId, seeded.items[1]],
          )
        ).rows;
      const requests = async () =>
        (
          await node.pool.query("select 1 from vote_requests where participant_id = $1 and client_id = $2", [
            participantId,
            input.clientId,
          ])
        ).rowCount;
      expect(await stored()).toEqual([]);

      await elsewhere(async (holder) => {
        await holder.query("BEGIN");
        await holder.query("SELECT id FROM participants WHERE id = $1 FOR UPDATE", [participantId]);
        // Answered while the lock is still held: without a lock timeout this would wait for ever.
        expectConsoleError(); // the failed batch is logged for the operator
        const refused = await services.voting.queueVote(who, seeded.workshopId, input);
        expect(refused).toMatchObject({ ok: false, error: { code: "internal", reason: { key: "voteNotCounted" } } });
        expect(await stored()).toEqual([]);
        expect(await requests()).toBe(0);
        await holder.query("ROLLBACK");
      });

      // The phone's outbox sends the same change again: counted, once.
      const counted = await services.voting.queueVote(who, seeded.workshopId, input);
      expect(counted).toMatchObject({ ok: true, data: { contributionId: seeded.items[1], points: 1 } });
      const again = await services.voting.queueVote(who, seeded.workshopId, input);
      expect(again).toMatchObject({ ok: true, data: { contributionId: seeded.items[1], points: 1 } });
      expect(await stored()).toEqual([{ points: 1 }]);
      expect(await requests()).toBe(1);
    } finally {
      await node.close();
    }
  });

  it("the limits do not apply to migrating: a node waits for another's migration however long it takes", async () => {
    await elsewhere(async (migrating) => {
      await migrating.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
      let opened = false;
      const opening = openPostgres(postgres.url, {
        timeLimits: { statementMs: 200, lockMs: 200, idleInTransactionMs: 200 },
      }).then((node) => {
        opened = true;
        return node;
      });
      // Well past every limit of the new node's connections, it is still waiting for the lock.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(opened).toBe(false);
      await migrating.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
      const node = await opening;
      try {
        // Its pooled connections have the limits (the migrating one was closed, not pooled).
        const { rows } = await node.pool.query(
          "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
        );
        expect(rows[0]).toEqual({ lock: "200ms", statement: "200ms" });
      } finally {
        await node.close();
      }
    });
  });
});
