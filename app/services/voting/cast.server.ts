import { and, eq, sql } from "drizzle-orm";
import { postgresOf } from "../../db/engine.server";
import { hotStatement, hotTransaction } from "../../db/hot-statement.server";
import { retryingLostRaces } from "../../db/transaction.server";
import type { Result } from "../../domain/result";
import type { VoteAck } from "../../domain/voting";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps.server";
import {
  appliedPerWorkshop,
  BALLOT_ITEM_FIELDS,
  type Ballot,
  type BallotBox,
  type BallotItem,
  ballotItemColumns,
  type Cast,
  type CastBatch,
  castOne,
  createSettingsCache,
  createVoteQueue,
  freshReads,
  numberVotes,
  type Room,
  type SeenChange,
  type Voter,
  voteAnswer,
} from "./ballot-box";
import { castBatchOnPostgres } from "./cast.pg.server";

/**
 * Casting votes: dot voting in the current vote step. AUTH → VALIDATION → RESOLUTION like every
 * command, with the budget and the cap checked inside the same synchronous transaction as the
 * write, so no race, second socket or replay takes anyone over them. `queueVote` group-commits:
 * votes arriving in one turn of the event loop share one transaction, each answered after it
 * commits (ADR 0006). Applied votes are numbered from the workshop's stored counter in the same
 * transaction (`workshops.vote_seq`), so totals' `upTo` means the same on every node and after a
 * restart.
 */
export function createVoteCasting(deps: ServiceDeps) {
  const { db, publish } = deps;
  const cast = postgresOf(db) ? onPostgres(deps) : onSqlite(deps);

  /** After commit: tell the screens the totals changed, and answer with the vote's number. */
  function finish(workshopId: string, outcome: Cast, seq: number): Result<VoteAck> {
    if (outcome.ok && outcome.data.applied) publish.votesChanged(workshopId);
    return voteAnswer(outcome, seq);
  }
  const queued = createVoteQueue(cast.batch, (ballot, outcome, seq) => finish(ballot.workshopId, outcome, seq));

  return {
    /** One vote, cast in its own transaction. */
    async vote(actor: Actor, workshopId: string, input: unknown): Promise<Result<VoteAck>> {
      const [{ outcome, seq }] = await cast.batch([{ actor, workshopId, input }]);
      return finish(workshopId, outcome, seq);
    },

    /**
     * The same vote, group-committed: votes arriving in one turn of the event loop are cast in
     * order in a single transaction, and each is answered once that transaction has committed.
     * One commit per burst instead of one per vote is what lets a hall of phones vote at once.
     */
    queueVote(actor: Actor, workshopId: string, input: unknown): Promise<Result<VoteAck>> {
      return queued({ actor, workshopId, input });
    },

    /** A participant's own points in a step (for their ballot). */
    allocationsOf: cast.allocationsOf,
  };
}

/** How a database casts a batch and reads a participant's points in a step. */
type Caster = { batch: CastBatch; allocationsOf: (stepId: string, participantId: string) => Promise<Map<string, number>> };

/**
 * PostgreSQL: each batch in its own transaction, its voters' rows locked first (ADR 0014 §3–4,
 * cast.pg.server.ts); the queue keeps one batch in flight.
 */
function onPostgres({ db, clock }: ServiceDeps): Caster {
  const pg = postgresOf(db);
  if (!pg) throw new Error("onPostgres needs a PostgreSQL handle");
  const { votes } = db.tables;
  const settingsOf = createSettingsCache();
  return {
    // A batch that lost a race (a deadlock with a command) is cast again, whole: nothing of it was written.
    batch: (batch) => retryingLostRaces(() => castBatchOnPostgres(pg, batch, { clock, settingsOf })),
    async allocationsOf(stepId, participantId) {
      // Votes are only ever on visible items (hiding, merging, withdrawing take them away; ADR 0015).
      const rows = await db
        .select({ id: votes.contributionId, points: votes.points })
        .from(votes)
        .where(and(eq(votes.stepId, stepId), eq(votes.participantId, participantId)));
      return new Map(rows.map((r) => [r.id, r.points]));
    },
  };
}

/** SQLite: the batch as one native transaction over statements prepared once (ADR 0006). */
function onSqlite({ db, clock }: ServiceDeps): Caster {
  const { agendaSteps, contributions, participants, voteRequests, votes, workshops } = db.tables;
  /**
   * The vote path runs for every tap on every phone: its statements are prepared once (building
   * and preparing SQL on each call cost more than running it).
   */
  const p = sql.placeholder;
  const hot = {
    participant: hotStatement<Voter>(
      db,
      db
        .select({
          workshopId: participants.workshopId,
          role: participants.role,
          helix: participants.helix,
          removedAt: participants.removedAt,
        })
        .from(participants)
        .where(eq(participants.id, p("id"))),
      ["workshopId", "role", "helix", "removedAt"],
    ),
    room: hotStatement<Room>(
      db,
      db
        .select({
          status: workshops.status,
          stepId: agendaSteps.id,
          kind: agendaSteps.kind,
          settings: agendaSteps.settings,
          archivedAt: workshops.archivedAt,
        })
        .from(workshops)
        .leftJoin(agendaSteps, eq(agendaSteps.id, workshops.currentStepId))
        .where(eq(workshops.id, p("workshopId"))),
      ["status", "stepId", "kind", "settings", "archivedAt"],
    ),
    seen: hotStatement<SeenChange>(
      db,
      db
        .select({ contributionId: voteRequests.contributionId, stepId: voteRequests.stepId })
        .from(voteRequests)
        .where(and(eq(voteRequests.participantId, p("participantId")), eq(voteRequests.clientId, p("clientId")))),
      ["contributionId", "stepId"],
    ),
    item: hotStatement<BallotItem>(
      db,
      db
        .select(ballotItemColumns(contributions))
        .from(contributions)
        .where(eq(contributions.id, p("id"))),
      [...BALLOT_ITEM_FIELDS],
    ),
    allocations: hotStatement<{ id: string; points: number }>(
      db,
      db
        .select({ id: votes.contributionId, points: votes.points })
        .from(votes)
        // Only ever on visible items (ADR 0015): no join to the items.
        .where(and(eq(votes.stepId, p("stepId")), eq(votes.participantId, p("participantId")))),
      ["id", "points"],
    ),
    upsertVote: hotStatement(
      db,
      db
        .insert(votes)
        .values({
          workshopId: p("workshopId"),
          stepId: p("stepId"),
          participantId: p("participantId"),
          contributionId: p("contributionId"),
          points: p("points"),
          helix: p("helix"),
          updatedAt: p("now"),
        })
        .onConflictDoUpdate({
          target: [votes.stepId, votes.participantId, votes.contributionId],
          set: { points: sql`excluded.points`, updatedAt: sql`excluded.updated_at` },
        }),
    ),
    removeVote: hotStatement(
      db,
      db
        .delete(votes)
        .where(
          and(
            eq(votes.stepId, p("stepId")),
            eq(votes.participantId, p("participantId")),
            eq(votes.contributionId, p("contributionId")),
          ),
        ),
    ),
    /** Takes `n` vote numbers in a workshop; answers the last. */
    takeVoteSeqs: hotStatement<{ voteSeq: number }>(
      db,
      db
        .update(workshops)
        .set({ voteSeq: sql`${workshops.voteSeq} + ${p("n")}` })
        .where(eq(workshops.id, p("workshopId")))
        .returning({ voteSeq: workshops.voteSeq }),
      ["voteSeq"],
    ),
    voteSeq: hotStatement<{ voteSeq: number }>(
      db,
      db
        .select({ voteSeq: workshops.voteSeq })
        .from(workshops)
        .where(eq(workshops.id, p("workshopId"))),
      ["voteSeq"],
    ),
    request: hotStatement(
      db,
      db.insert(voteRequests).values({
        participantId: p("participantId"),
        clientId: p("clientId"),
        contributionId: p("contributionId"),
        stepId: p("stepId"),
        createdAt: p("now"),
      }),
    ),
  };
  const allocationsOf = (stepId: string, participantId: string) =>
    new Map(hot.allocations.all({ stepId, participantId }).map((r) => [r.id, r.points]));
  /** SQLite's ballot box: each question one prepared statement, inside the batch's native transaction. */
  const box: BallotBox = {
    voter: (id) => hot.participant.get({ id }),
    room: (workshopId) => hot.room.get({ workshopId }),
    seen: (participantId, clientId) => hot.seen.get({ participantId, clientId }),
    stepSettings: (stepId) =>
      db.select({ settings: agendaSteps.settings }).from(agendaSteps).where(eq(agendaSteps.id, stepId)).get()?.settings,
    item: (id) => hot.item.get({ id }),
    allocations: allocationsOf,
    setPoints: (change) => {
      if (change.points === 0) hot.removeVote.run(change);
      else hot.upsertVote.run(change);
    },
    record: (change) => hot.request.run(change),
  };
  const settingsOf = createSettingsCache();

  /**
   * Takes the batch's vote numbers from each workshop's stored counter (one statement per
   * workshop per batch, in the batch's transaction) and numbers its votes in order.
   */
  function numbered(batch: Ballot[], outcomes: Cast[]): number[] {
    const before = new Map<string, number>();
    for (const [workshopId, n] of appliedPerWorkshop(batch, outcomes)) {
      before.set(workshopId, (hot.takeVoteSeqs.get({ workshopId, n })?.voteSeq ?? n) - n);
    }
    return numberVotes(batch, outcomes, (workshopId) => {
      let seq = before.get(workshopId);
      if (seq === undefined) {
        seq = hot.voteSeq.get({ workshopId })?.voteSeq ?? 0;
        before.set(workshopId, seq);
      }
      return seq;
    });
  }

  /** The batch's read-check-writes run as one native transaction: no await, no interleaving. */
  const castBatch = hotTransaction(db, (batch: Ballot[]) => {
    const reads = freshReads();
    const outcomes = batch.map((ballot) => castOne(box, settingsOf, ballot, clock(), reads));
    const seqs = numbered(batch, outcomes);
    return outcomes.map((outcome, index) => ({ outcome, seq: seqs[index] }));
  });
  return { batch: castBatch, allocationsOf: async (stepId, participantId) => allocationsOf(stepId, participantId) };
}
