import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { PgDb } from "../../db/postgres.server";
import { agendaSteps, contributions, participants, voteRequests, votes, workshops } from "../../db/schema.pg";
import type { AgendaStep } from "../../domain/agenda";
import { setVoteSchema } from "../../domain/voting";
import {
  appliedPerWorkshop,
  type Ballot,
  type BallotBox,
  type BallotItem,
  ballotItemColumns,
  type Cast,
  type ChangeRecord,
  castOne,
  freshReads,
  numberVotes,
  type PointsChange,
  type Room,
  type SeenChange,
  type SettingsOf,
  type Voter,
} from "./ballot-box";

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];
/** A map key of two ids (ids never hold a NUL). */
const pair = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * A batch of votes cast on PostgreSQL in one transaction (ADR 0014 §3–4), answering what SQLite's
 * prepared statements answer:
 * 1. the voters' rows are locked first, in id order (`FOR UPDATE`): two nodes casting for one
 *    participant queue there, and the second reads what the first committed;
 * 2. everything the batch's checks will ask is read in six set-based queries (rooms, items, earlier
 *    changes by client id, the steps those were in, the voters' points in those steps);
 * 3. the checks run on that snapshot exactly as on SQLite (`castOne`), each vote seeing the batch's
 *    earlier ones;
 * 4. the batch's writes go in multi-row statements, and its vote numbers are taken from each
 *    workshop's counter (the workshop row is locked last).
 * Round trips per batch, not per vote. Throws (the transaction rolled back) if the database fails.
 */
export async function castBatchOnPostgres(
  db: PgDb,
  batch: readonly Ballot[],
  { clock, settingsOf }: { clock: () => number; settingsOf: SettingsOf },
): Promise<{ outcome: Cast; seq: number }[]> {
  // node-postgres answers asynchronously: the batch is one drizzle transaction on one pooled
  // connection, awaited; the queue (createVoteQueue) keeps one batch in flight per node.
  return db.transaction(async (tx) => {
    const participantIds = unique(batch.flatMap((b) => (b.actor.kind === "participant" ? [b.actor.participantId] : []))).sort();
    const workshopIds = unique(batch.map((b) => b.workshopId));
    const inputs = batch.map((b) => setVoteSchema.safeParse(b.input));
    const contributionIds = unique(inputs.flatMap((p) => (p.success ? [p.data.contributionId] : [])));
    const clientIds = unique(inputs.flatMap((p) => (p.success ? [p.data.clientId] : [])));

    const voters = new Map<string, Voter>();
    if (participantIds.length) {
      const rows = await tx
        .select({
          id: participants.id,
          workshopId: participants.workshopId,
          role: participants.role,
          helix: participants.helix,
          removedAt: participants.removedAt,
        })
        .from(participants)
        .where(inArray(participants.id, participantIds))
        .orderBy(participants.id)
        .for("update");
      for (const { id, ...voter } of rows) voters.set(id, voter);
    }

    const rooms = new Map<string, Room>();
    for (const { id, ...room } of await tx
      .select({
        id: workshops.id,
        status: workshops.status,
        stepId: agendaSteps.id,
        kind: agendaSteps.kind,
        // As SQLite stores it: the settings' text is also the key of the parsed-settings cache.
        settings: sql<string | null>`${agendaSteps.settings}::text`,
        archivedAt: workshops.archivedAt,
      })
      .from(workshops)
      .leftJoin(agendaSteps, eq(agendaSteps.id, workshops.currentStepId))
      .where(inArray(workshops.id, workshopIds)))
      rooms.set(id, room);

    const items = new Map<string, BallotItem>();
    if (contributionIds.length) {
      for (const item of await tx
        .select(ballotItemColumns(contributions))
        .from(contributions)
        .where(inArray(contributions.id, contributionIds))
        // Shared locks: a hide, merge or withdrawal of these items waits for this batch to commit and
        // then takes its votes away too, or goes first and the batch sees the item gone. Never a
        // vote left on an item no longer visible, which the kept totals would count (ADR 0015).
        .orderBy(contributions.id)
        .for("share"))
        items.set(item.id, item);
    }

    const seen = new Map<string, SeenChange>();
    if (participantIds.length && clientIds.length) {
      for (const row of await tx
        .select({
          participantId: voteRequests.participantId,
          clientId: voteRequests.clientId,
          contributionId: voteRequests.contributionId,
          stepId: voteRequests.stepId,
        })
        .from(voteRequests)
        .where(and(inArray(voteRequests.participantId, participantIds), inArray(voteRequests.clientId, clientIds))))
        seen.set(pair(row.participantId, row.clientId), { contributionId: row.contributionId, stepId: row.stepId });
    }

    // The steps a vote may be checked or answered in: each room's current one, and those of earlier changes.
    const stepIds = unique([
      ...[...rooms.values()].flatMap((r) => (r.stepId ? [r.stepId] : [])),
      ...[...seen.values()].flatMap((s) => (s.stepId ? [s.stepId] : [])),
    ]);
    const stepSettings = new Map<string, AgendaStep["settings"]>();
    /** Each voter's points per visible item in each of those steps, as the batch changes them. */
    const allocations = new Map<string, Map<string, number>>();
    const pointsOf = (stepId: string, participantId: string) => {
      const key = pair(stepId, participantId);
      let points = allocations.get(key);
      if (!points) {
        points = new Map();
        allocations.set(key, points);
      }
      return points;
    };
    if (stepIds.length) {
      for (const row of await tx
        .select({ id: agendaSteps.id, settings: agendaSteps.settings })
        .from(agendaSteps)
        .where(inArray(agendaSteps.id, stepIds)))
        stepSettings.set(row.id, row.settings);
      if (participantIds.length) {
        for (const row of await tx
          .select({
            stepId: votes.stepId,
            participantId: votes.participantId,
            contributionId: votes.contributionId,
            points: votes.points,
          })
          .from(votes)
          // Votes are only ever on visible items (hiding, merging, withdrawing take them away; ADR 0015).
          .where(and(inArray(votes.stepId, stepIds), inArray(votes.participantId, participantIds)))) {
          pointsOf(row.stepId, row.participantId).set(row.contributionId, row.points);
        }
      }
    }

    const changes = new Map<string, PointsChange>();
    const records: ChangeRecord[] = [];
    const box: BallotBox = {
      voter: (id) => voters.get(id),
      room: (workshopId) => rooms.get(workshopId),
      seen: (participantId, clientId) => seen.get(pair(participantId, clientId)),
      stepSettings: (stepId) => stepSettings.get(stepId),
      item: (id) => items.get(id),
      allocations: (stepId, participantId) => new Map(allocations.get(pair(stepId, participantId))),
      setPoints(change) {
        changes.set(`${pair(change.stepId, change.participantId)}\u0000${change.contributionId}`, change);
        const points = pointsOf(change.stepId, change.participantId);
        if (change.points === 0) points.delete(change.contributionId);
        else points.set(change.contributionId, change.points);
      },
      record(change) {
        records.push(change);
        seen.set(pair(change.participantId, change.clientId), { contributionId: change.contributionId, stepId: change.stepId });
      },
    };

    const reads = freshReads();
    const outcomes = batch.map((ballot) => castOne(box, settingsOf, ballot, clock(), reads));

    const kept = [...changes.values()].filter((c) => c.points > 0);
    const taken = [...changes.values()].filter((c) => c.points === 0);
    if (kept.length) {
      await tx
        .insert(votes)
        .values(
          kept.map((c) => ({
            workshopId: c.workshopId,
            stepId: c.stepId,
            participantId: c.participantId,
            contributionId: c.contributionId,
            points: c.points,
            helix: c.helix,
            updatedAt: c.now,
          })),
        )
        .onConflictDoUpdate({
          target: [votes.stepId, votes.participantId, votes.contributionId],
          set: { points: sql`excluded.points`, updatedAt: sql`excluded.updated_at` },
        });
    }
    if (taken.length) {
      await tx
        .delete(votes)
        .where(
          or(
            ...taken.map((c) =>
              and(
                eq(votes.stepId, c.stepId),
                eq(votes.participantId, c.participantId),
                eq(votes.contributionId, c.contributionId),
              ),
            ),
          ),
        );
    }
    if (records.length) {
      await tx.insert(voteRequests).values(
        records.map((r) => ({
          participantId: r.participantId,
          clientId: r.clientId,
          contributionId: r.contributionId,
          stepId: r.stepId,
          createdAt: r.now,
        })),
      );
    }

    const before = new Map<string, number>();
    // Workshop rows in id order: two batches on two nodes then never wait on each other in a cycle.
    const applied = [...appliedPerWorkshop(batch, outcomes)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [workshopId, n] of applied) {
      const [row] = await tx
        .update(workshops)
        .set({ voteSeq: sql`${workshops.voteSeq} + ${n}` })
        .where(eq(workshops.id, workshopId))
        .returning({ voteSeq: workshops.voteSeq });
      before.set(workshopId, (row?.voteSeq ?? n) - n);
    }
    for (const [index, outcome] of outcomes.entries()) {
      const { workshopId } = batch[index];
      if (outcome.ok && !before.has(workshopId)) {
        const [row] = await tx.select({ voteSeq: workshops.voteSeq }).from(workshops).where(eq(workshops.id, workshopId));
        before.set(workshopId, row?.voteSeq ?? 0);
      }
    }
    const seqs = numberVotes(batch, outcomes, (workshopId) => before.get(workshopId) ?? 0);
    return outcomes.map((outcome, index) => ({ outcome, seq: seqs[index] }));
  });
}
