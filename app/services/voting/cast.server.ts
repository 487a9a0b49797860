import { and, eq, sql } from "drizzle-orm";
import { hotStatement, hotTransaction } from "../../db/hot-statement.server";
import type { AgendaStep } from "../../domain/agenda";
import type { Helix, Role } from "../../domain/helix";
import { fail, ok, type Result, refuse, validationFailure } from "../../domain/result";
import type { WorkshopStatus } from "../../domain/schemas";
import { canVoteNow, roomSeesResults } from "../../domain/selectors";
import { ballotKind, type StepKind } from "../../domain/step-kinds";
import {
  remainingPoints,
  setVoteSchema,
  type VoteAck,
  type VoteSettings,
  voteRefusal,
  voteSettingsOf,
  voteSettingsSchema,
} from "../../domain/voting";
import { archivedRefusal } from "../../domain/workshop-life";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps.server";

/**
 * Casting votes: dot voting in the current vote step. AUTH → VALIDATION → RESOLUTION like every
 * command, with the budget and the cap checked inside the same synchronous transaction as the
 * write, so no race, second socket or replay takes anyone over them. `queueVote` group-commits:
 * votes arriving in one turn of the event loop share one transaction, each answered after it
 * commits (ADR 0006). Applied votes are numbered from the workshop's stored counter in the same
 * transaction (`workshops.vote_seq`), so totals' `upTo` means the same on every node and after a
 * restart.
 */
export function createVoteCasting({ db, publish, clock }: ServiceDeps) {
  const { agendaSteps, contributions, participants, voteRequests, votes, workshops } = db.tables;
  /**
   * The vote path runs for every tap on every phone: its statements are prepared once (building
   * and preparing SQL on each call cost more than running it).
   */
  const p = sql.placeholder;
  const hot = {
    participant: hotStatement<{ workshopId: string; role: Role; helix: Helix; removedAt: number | null }>(
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
    room: hotStatement<{
      status: WorkshopStatus;
      stepId: string | null;
      kind: StepKind | null;
      settings: string | null;
      archivedAt: number | null;
    }>(
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
    seen: hotStatement<{ contributionId: string; stepId: string | null }>(
      db,
      db
        .select({ contributionId: voteRequests.contributionId, stepId: voteRequests.stepId })
        .from(voteRequests)
        .where(and(eq(voteRequests.participantId, p("participantId")), eq(voteRequests.clientId, p("clientId")))),
      ["contributionId", "stepId"],
    ),
    item: hotStatement<{
      workshopId: string;
      id: string;
      kind: string;
      status: string;
      parentId: string | null;
      authorId: string | null;
    }>(
      db,
      db
        .select({
          workshopId: contributions.workshopId,
          id: contributions.id,
          kind: contributions.kind,
          status: contributions.status,
          parentId: contributions.parentId,
          authorId: contributions.authorId,
        })
        .from(contributions)
        .where(eq(contributions.id, p("id"))),
      ["workshopId", "id", "kind", "status", "parentId", "authorId"],
    ),
    allocations: hotStatement<{ id: string; points: number }>(
      db,
      db
        .select({ id: votes.contributionId, points: votes.points })
        .from(votes)
        .innerJoin(contributions, eq(contributions.id, votes.contributionId))
        .where(
          and(eq(votes.stepId, p("stepId")), eq(votes.participantId, p("participantId")), eq(contributions.status, "visible")),
        ),
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
  /** Parsed vote settings, cached by their stored text (they change a few times a day). */
  const settingsCache = new Map<string, VoteSettings>();
  const settingsOf = (stored: string | null) => {
    const raw = stored ?? "{}";
    let parsed = settingsCache.get(raw);
    if (!parsed) {
      const settings = JSON.parse(raw) as AgendaStep["settings"] | null;
      parsed = voteSettingsSchema.parse(settings?.vote ?? {});
      if (settingsCache.size > 200) settingsCache.clear();
      settingsCache.set(raw, parsed);
    }
    return parsed;
  };

  type Cast = Result<{ ack: Omit<VoteAck, "voteSeq">; stepId: string; applied: boolean; roomSeesTotals: boolean }>;

  /**
   * What one transaction reads once however many votes it applies: the room (status, current step,
   * its settings) and the items voted on do not change while it runs.
   */
  type BatchReads = {
    room: Map<string, ReturnType<typeof hot.room.get>>;
    item: Map<string, ReturnType<typeof hot.item.get>>;
  };
  const freshReads = (): BatchReads => ({ room: new Map(), item: new Map() });
  const once = <K, V>(cache: Map<K, V>, key: K, read: () => V): V => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key) as V;
  };
  const notAParticipant = () => fail("forbidden", "Only the workshop's participants vote.");

  /** AUTH → VALIDATION → RESOLUTION of one vote, inside the caller's transaction. */
  function castOne(actor: Actor, workshopId: string, input: unknown, reads: BatchReads = freshReads()): Cast {
    if (actor.kind !== "participant" || actor.workshopId !== workshopId) return notAParticipant();
    const parsed = setVoteSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const { clientId, contributionId, points } = parsed.data;
    const now = clock();
    const participantId = actor.participantId;
    const me = hot.participant.get({ id: participantId });
    // A removed participant's votes still queued when their socket was dropped are not counted.
    if (!me || me.workshopId !== workshopId || me.removedAt !== null) return notAParticipant();
    const room = once(reads.room, workshopId, () => hot.room.get({ workshopId }));
    if (!room) return notAParticipant();

    // A retried change is answered with where things stand in its step, never applied again, even
    // once the room has moved on (a phone's outbox resends what it never heard an answer to).
    const seen = hot.seen.get({ participantId, clientId });
    const seenStepId = seen && (seen.stepId ?? room.stepId);
    if (seen && seenStepId) {
      const stepSettings =
        seenStepId === room.stepId
          ? settingsOf(room.settings)
          : voteSettingsOf({
              settings:
                db.select({ settings: agendaSteps.settings }).from(agendaSteps).where(eq(agendaSteps.id, seenStepId)).get()
                  ?.settings ?? {},
            });
      const current = allocationsOf(seenStepId, participantId);
      return ok({
        ack: {
          contributionId: seen.contributionId,
          points: current.get(seen.contributionId) ?? 0,
          remaining: remainingPoints(current.values(), stepSettings.budget),
        },
        stepId: seenStepId,
        applied: false,
        roomSeesTotals: roomSeesResults(stepSettings),
      });
    }

    if (room.status === "closed") return fail("workshop_closed", "This workshop has ended.");
    if (room.archivedAt !== null) return archivedRefusal();
    const kind = ballotKind(room.kind);
    // The refusals name a reason the phone says in its language (a queued vote may meet them).
    if (!room.stepId || !room.kind || !kind)
      return refuse("conflict", "voteOver", "Voting is not open: the room is not in a vote step.");
    if (parsed.data.stepId && parsed.data.stepId !== room.stepId)
      return refuse("conflict", "voteOver", "That vote has ended: the room is in another vote now.");
    // The same rule the phone asks before it shows a ballot (the step is known to be a vote here).
    if (!canVoteNow({ status: room.status, step: { kind: room.kind } }, me.role))
      return refuse("forbidden", "observerNoVote", "Observers follow the work without voting.");
    const stepId = room.stepId;
    const settings = settingsOf(room.settings);

    const item = once(reads.item, contributionId, () => hot.item.get({ id: contributionId }));
    if (!item || item.workshopId !== workshopId) return fail("not_found", "This item is not in the workshop.");
    if (item.kind !== kind) return fail("validation", `This vote is on ${kind}s.`, { contributionId: { key: "notOnBallot" } });
    if (item.status !== "visible")
      return fail("validation", "This item is not on the ballot (hidden or merged).", {
        contributionId: { key: "notOnBallot" },
      });
    if (kind === "solution" && settings.challengeIds && !settings.challengeIds.includes(item.parentId ?? "")) {
      return fail("validation", "This solution is not on the ballot.", { contributionId: { key: "notOnBallot" } });
    }
    if (!settings.allowSelfVote && item.authorId === participantId && points > 0) {
      return fail("validation", "In this vote you cannot give points to your own contribution.", {
        contributionId: { key: "ownContribution" },
      });
    }

    const current = allocationsOf(stepId, participantId);
    const refusal = voteRefusal(current, item.id, points, settings);
    if (refusal) {
      return fail("validation", refusal.message, {
        // `count` picks the plural form of the limit the refusal names.
        points: {
          key: refusal.key,
          values: {
            budget: settings.budget,
            cap: settings.cap,
            count: refusal.key === "overCap" ? settings.cap : settings.budget,
          },
        },
      });
    }
    if (points === 0) hot.removeVote.run({ stepId, participantId, contributionId: item.id });
    else hot.upsertVote.run({ workshopId, stepId, participantId, contributionId: item.id, points, helix: me.helix, now });
    hot.request.run({ participantId, clientId, contributionId: item.id, stepId, now });
    current.set(item.id, points);
    return ok({
      ack: { contributionId: item.id, points, remaining: remainingPoints(current.values(), settings.budget) },
      stepId,
      applied: true,
      roomSeesTotals: roomSeesResults(settings),
    });
  }

  type Ballot = { actor: Actor; workshopId: string; input: unknown };

  /**
   * Numbers the applied votes of a batch, in order, from each workshop's stored counter: one
   * statement per workshop per batch, inside the batch's transaction. A vote that changed nothing
   * (a retry) is answered with the number reached so far.
   */
  function numbered(batch: Ballot[], outcomes: Cast[]): number[] {
    const applied = new Map<string, number>();
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.ok && outcome.data.applied) {
        const { workshopId } = batch[index];
        applied.set(workshopId, (applied.get(workshopId) ?? 0) + 1);
      }
    }
    const reached = new Map<string, number>();
    return outcomes.map((outcome, index) => {
      if (!outcome.ok) return 0;
      const { workshopId } = batch[index];
      let seq = reached.get(workshopId);
      if (seq === undefined) {
        const n = applied.get(workshopId) ?? 0;
        seq = n ? (hot.takeVoteSeqs.get({ workshopId, n })?.voteSeq ?? n) - n : (hot.voteSeq.get({ workshopId })?.voteSeq ?? 0);
      }
      if (outcome.data.applied) seq += 1;
      reached.set(workshopId, seq);
      return seq;
    });
  }

  /** After commit: tell the screens the totals changed, and answer with the vote's number. */
  function finish(workshopId: string, outcome: Cast, seq: number): Result<VoteAck> {
    if (!outcome.ok) return outcome;
    if (outcome.data.applied) publish.votesChanged(workshopId);
    const { ack, roomSeesTotals } = outcome.data;
    return ok(roomSeesTotals ? { ...ack, voteSeq: seq } : ack);
  }

  const queue: (Ballot & { resolve: (result: Result<VoteAck>) => void })[] = [];
  let flushScheduled = false;
  /** The batch's read-check-writes run as one native transaction: no await, no interleaving. */
  const castBatch = hotTransaction(db, (batch: Ballot[]) => {
    const reads = freshReads();
    const outcomes = batch.map((v) => castOne(v.actor, v.workshopId, v.input, reads));
    const seqs = numbered(batch, outcomes);
    return outcomes.map((outcome, index) => ({ outcome, seq: seqs[index] }));
  });

  function flushQueue() {
    flushScheduled = false;
    if (queue.length === 0) return;
    const batch = queue.splice(0);
    let outcomes: { outcome: Cast; seq: number }[];
    try {
      outcomes = castBatch(batch);
    } catch (error) {
      // The whole batch rolled back: nothing was written, every sender is told so and may retry.
      console.error("vote batch failed", error);
      const outcome = refuse("internal", "voteNotCounted", "Something went wrong; your vote was not counted. Try again.");
      outcomes = batch.map(() => ({ outcome, seq: 0 }));
    }
    for (const [index, vote] of batch.entries()) {
      const { outcome, seq } = outcomes[index];
      vote.resolve(finish(vote.workshopId, outcome, seq));
    }
  }

  return {
    /** One vote, cast in its own transaction. */
    vote(actor: Actor, workshopId: string, input: unknown): Result<VoteAck> {
      const [{ outcome, seq }] = castBatch([{ actor, workshopId, input }]);
      return finish(workshopId, outcome, seq);
    },

    /**
     * The same vote, group-committed: votes arriving in one turn of the event loop are cast in
     * order in a single transaction, and each is answered once that transaction has committed.
     * One commit per burst instead of one per vote is what lets a hall of phones vote at once.
     */
    queueVote(actor: Actor, workshopId: string, input: unknown): Promise<Result<VoteAck>> {
      return new Promise((resolve) => {
        queue.push({ actor, workshopId, input, resolve });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flushQueue);
        }
      });
    },

    /** A participant's own points in a step (for their ballot). */
    allocationsOf,
  };
}
