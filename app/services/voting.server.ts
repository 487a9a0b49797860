import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { hotStatement, hotTransaction } from "../db/hot-statement.server";
import { agendaSteps, contributions, participants, voteRequests, votes, workshops } from "../db/schema";
import type { AgendaStep, StepKind } from "../domain/agenda";
import { emptyHelixCounts, type Helix, type HelixCounts } from "../domain/helix";
import { type HelixPoints, rankItems, zeroPoints } from "../domain/helix-metrics";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import {
  ballotKind,
  mergedPoints,
  remainingPoints,
  setVoteSchema,
  type VoteSettings,
  voteRefusal,
  voteSettingsInputSchema,
  voteSettingsOf,
  voteSettingsSchema,
} from "../domain/voting";
import type { WorkshopEvent } from "../domain/workshop-state";
import type { Actor } from "./actor";
import { loadAgenda } from "./agenda.server";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";
import type { createWorkshopService } from "./workshops.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Reader = Pick<Db, "select">;

/** Totals of one vote step, by item and helix, with how many could vote per helix. */
export type Tallies = {
  stepId: string;
  items: Record<string, HelixPoints>;
  voters: HelixCounts;
  /** The workshop's vote counter when these totals were read: every vote acknowledged up to it is in. */
  upTo: number;
};

export type VoteAck = { contributionId: string; points: number; remaining: number; voteSeq: number };

/** Participants who can vote (observers follow without voting), per helix. */
export function votersByHelix(tx: Reader, workshopId: string): HelixCounts {
  const counts = emptyHelixCounts();
  const rows = tx
    .select({ helix: participants.helix, n: sql<number>`count(*)` })
    .from(participants)
    .where(and(eq(participants.workshopId, workshopId), ne(participants.role, "observer")))
    .groupBy(participants.helix)
    .all();
  for (const row of rows) counts[row.helix] = row.n;
  return counts;
}

/** Points per visible item and helix in one vote step. Never who gave them. */
export function talliesOf(tx: Reader, workshopId: string, stepId: string, upTo: number): Tallies {
  const visible = new Set(
    tx
      .select({ id: contributions.id })
      .from(contributions)
      .where(and(eq(contributions.workshopId, workshopId), eq(contributions.status, "visible")))
      .all()
      .map((c) => c.id),
  );
  const rows = tx
    .select({ id: votes.contributionId, helix: votes.helix, points: sql<number>`sum(${votes.points})` })
    .from(votes)
    .where(eq(votes.stepId, stepId))
    .groupBy(votes.contributionId, votes.helix)
    .all()
    .filter((row) => visible.has(row.id));
  return tallyRows(rows, stepId, votersByHelix(tx, workshopId), upTo);
}

function tallyRows(
  rows: { id: string; helix: string; points: number }[],
  stepId: string,
  voters: HelixCounts,
  upTo: number,
): Tallies {
  const items: Record<string, HelixPoints> = {};
  for (const row of rows) {
    items[row.id] ??= zeroPoints();
    items[row.id][row.helix as Helix] = row.points;
  }
  return { stepId, items, voters, upTo };
}

/**
 * Moves votes from a merged item to its survivor, in every step: each voter keeps their points on
 * the survivor up to that step's cap; the rest is returned to them. Runs inside the merge.
 */
export function moveVotesOnMerge(tx: Tx, sourceId: string, targetId: string, now: number) {
  const moved = tx.select().from(votes).where(eq(votes.contributionId, sourceId)).all();
  for (const vote of moved) {
    const step = tx.select().from(agendaSteps).where(eq(agendaSteps.id, vote.stepId)).get();
    const cap = voteSettingsOf(step ?? { settings: {} }).cap;
    const onTarget = tx
      .select({ points: votes.points })
      .from(votes)
      .where(and(eq(votes.stepId, vote.stepId), eq(votes.participantId, vote.participantId), eq(votes.contributionId, targetId)))
      .get();
    const { points } = mergedPoints(vote.points, onTarget?.points ?? 0, cap);
    tx.delete(votes)
      .where(and(eq(votes.stepId, vote.stepId), eq(votes.participantId, vote.participantId), eq(votes.contributionId, sourceId)))
      .run();
    tx.insert(votes)
      .values({ ...vote, contributionId: targetId, points, updatedAt: now })
      .onConflictDoUpdate({ target: [votes.stepId, votes.participantId, votes.contributionId], set: { points, updatedAt: now } })
      .run();
  }
  return [...new Set(moved.map((v) => v.stepId))];
}

const revealSchema = z.object({ stepId: z.string().min(1).max(64), revealed: z.boolean() });

/**
 * Dot voting and its results. The budget and the cap are checked inside the same synchronous
 * transaction as the write, so no race, second socket or replay can take anyone over them.
 */
export function createVotingService(
  { db, publish, clock }: ServiceDeps,
  workshopService: ReturnType<typeof createWorkshopService>,
) {
  /**
   * The vote path runs for every tap on every phone: its statements are prepared once (building
   * and preparing SQL on each call cost more than running it).
   */
  const p = sql.placeholder;
  const hot = {
    participant: hotStatement<{ workshopId: string; role: string; helix: Helix }>(
      db,
      db
        .select({ workshopId: participants.workshopId, role: participants.role, helix: participants.helix })
        .from(participants)
        .where(eq(participants.id, p("id"))),
      ["workshopId", "role", "helix"],
    ),
    room: hotStatement<{ status: string; stepId: string | null; kind: StepKind | null; settings: string | null }>(
      db,
      db
        .select({ status: workshops.status, stepId: agendaSteps.id, kind: agendaSteps.kind, settings: agendaSteps.settings })
        .from(workshops)
        .leftJoin(agendaSteps, eq(agendaSteps.id, workshops.currentStepId))
        .where(eq(workshops.id, p("workshopId"))),
      ["status", "stepId", "kind", "settings"],
    ),
    seen: hotStatement<{ contributionId: string }>(
      db,
      db
        .select({ contributionId: voteRequests.contributionId })
        .from(voteRequests)
        .where(and(eq(voteRequests.participantId, p("participantId")), eq(voteRequests.clientId, p("clientId")))),
      ["contributionId"],
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
    request: hotStatement(
      db,
      db.insert(voteRequests).values({
        participantId: p("participantId"),
        clientId: p("clientId"),
        contributionId: p("contributionId"),
        createdAt: p("now"),
      }),
    ),
  };
  /** The vote's read-check-write runs as one native transaction: no await, no interleaving. */
  const castVote = hotTransaction(db, <T>(run: () => T) => run());
  const allocationsOf = (stepId: string, participantId: string) =>
    new Map(hot.allocations.all({ stepId, participantId }).map((r) => [r.id, r.points]));
  /** Parsed vote settings, cached by their stored text (they change a few times a day). */
  const settingsCache = new Map<string, VoteSettings>();
  const settingsOf = (stepSettings: AgendaStep["settings"] | string | null) => {
    const raw = typeof stepSettings === "string" ? stepSettings : JSON.stringify(stepSettings ?? {});
    let parsed = settingsCache.get(raw);
    if (!parsed) {
      const settings = (typeof stepSettings === "string" ? JSON.parse(stepSettings) : stepSettings) as
        | AgendaStep["settings"]
        | null;
      parsed = voteSettingsSchema.parse(settings?.vote ?? {});
      if (settingsCache.size > 200) settingsCache.clear();
      settingsCache.set(raw, parsed);
    }
    return parsed;
  };

  /** Votes acknowledged per workshop since the server started: the tally stream says how far it is. */
  const voteSeq = new Map<string, number>();
  const currentSeq = (workshopId: string) => voteSeq.get(workshopId) ?? 0;

  type Cast = Result<{ ack: Omit<VoteAck, "voteSeq">; stepId: string; applied: boolean }>;

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

  /** AUTH → VALIDATION → RESOLUTION of one vote, inside the caller's transaction. */
  function castOne(actor: Actor, workshopId: string, input: unknown, reads: BatchReads = freshReads()): Cast {
    if (actor.kind !== "participant" || actor.workshopId !== workshopId)
      return fail("forbidden", "Only the workshop's participants vote.");
    const parsed = setVoteSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const { clientId, contributionId, points } = parsed.data;
    const now = clock();
    const participantId = actor.participantId;
    const me = hot.participant.get({ id: participantId });
    if (!me || me.workshopId !== workshopId) return fail("forbidden", "Only the workshop's participants vote.");
    if (me.role === "observer") return fail("forbidden", "Observers follow the work without voting.");
    const room = once(reads.room, workshopId, () => hot.room.get({ workshopId }));
    if (!room || room.status === "closed") return fail("workshop_closed", "This workshop has ended.");
    const kind = ballotKind(room.kind);
    if (!room.stepId || !kind) return fail("conflict", "Voting is not open: the room is not in a vote step.");
    const stepId = room.stepId;
    const settings = settingsOf(room.settings);

    // A retried change is answered with where things stand, never applied again.
    const seen = hot.seen.get({ participantId, clientId });
    if (seen) {
      const current = allocationsOf(stepId, participantId);
      return ok({
        ack: {
          contributionId: seen.contributionId,
          points: current.get(seen.contributionId) ?? 0,
          remaining: remainingPoints(current.values(), settings.budget),
        },
        stepId,
        applied: false,
      });
    }

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
        points: { key: refusal.key, values: { budget: settings.budget, cap: settings.cap } },
      });
    }
    if (points === 0) hot.removeVote.run({ stepId, participantId, contributionId: item.id });
    else hot.upsertVote.run({ workshopId, stepId, participantId, contributionId: item.id, points, helix: me.helix, now });
    hot.request.run({ participantId, clientId, contributionId: item.id, now });
    current.set(item.id, points);
    return ok({
      ack: { contributionId: item.id, points, remaining: remainingPoints(current.values(), settings.budget) },
      stepId,
      applied: true,
    });
  }

  /** After commit: number the applied vote and tell the screens its totals changed. */
  function finish(workshopId: string, outcome: Cast): Result<VoteAck> {
    if (!outcome.ok) return outcome;
    let seq = currentSeq(workshopId);
    if (outcome.data.applied) {
      seq += 1;
      voteSeq.set(workshopId, seq);
      publish.votesChanged(workshopId);
    }
    return ok({ ...outcome.data.ack, voteSeq: seq });
  }

  const queue: { actor: Actor; workshopId: string; input: unknown; resolve: (result: Result<VoteAck>) => void }[] = [];
  let flushScheduled = false;
  const castBatch = hotTransaction(db, (batch: typeof queue) => {
    const reads = freshReads();
    return batch.map((v) => castOne(v.actor, v.workshopId, v.input, reads));
  });

  function flushQueue() {
    flushScheduled = false;
    if (queue.length === 0) return;
    const batch = queue.splice(0);
    let outcomes: Cast[];
    try {
      outcomes = castBatch(batch);
    } catch (error) {
      // The whole batch rolled back: nothing was written, every sender is told so and may retry.
      console.error("vote batch failed", error);
      outcomes = batch.map(() => fail("internal", "Something went wrong; your vote was not counted. Try again."));
    }
    for (const [index, vote] of batch.entries()) vote.resolve(finish(vote.workshopId, outcomes[index]));
  }

  function currentStepOf(tx: Reader, workshopId: string) {
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    const step = workshop?.currentStepId
      ? tx.select().from(agendaSteps).where(eq(agendaSteps.id, workshop.currentStepId)).get()
      : undefined;
    return { workshop, step };
  }

  function changeSettings(
    actor: Actor,
    workshopId: string,
    stepId: string,
    update: (current: VoteSettings) => VoteSettings,
  ): Result<VoteSettings> {
    const now = clock();
    const outcome = db.transaction((tx): Result<{ settings: VoteSettings; event: WorkshopEvent }> => {
      const step = tx.select().from(agendaSteps).where(eq(agendaSteps.id, stepId)).get();
      if (!step || step.workshopId !== workshopId || !ballotKind(step.kind))
        return fail("not_found", "This is not a vote step of the workshop.");
      const settings = update(voteSettingsOf(step));
      tx.update(agendaSteps)
        .set({ settings: { ...step.settings, vote: settings } })
        .where(eq(agendaSteps.id, stepId))
        .run();
      const event = appendEvent(
        tx,
        workshopId,
        actor,
        { type: "agenda.changed", payload: { steps: loadAgenda(tx, workshopId) } },
        now,
      );
      return ok({ settings, event });
    });
    if (!outcome.ok) return outcome;
    publish.events(workshopId, [outcome.data.event]);
    // Totals may now be visible to the room (reveal) or ranked differently: push them.
    publish.votesChanged(workshopId);
    return ok(outcome.data.settings);
  }

  return {
    /** One vote, applied in its own transaction. */
    vote(actor: Actor, workshopId: string, input: unknown): Result<VoteAck> {
      return finish(
        workshopId,
        castVote(() => castOne(actor, workshopId, input)),
      );
    },

    /**
     * The same vote, group-committed: votes arriving in one turn of the event loop are applied in
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

    /** A participant's own points in the current vote step, and what is left of the budget. */
    myBallot(actor: Actor, workshopId: string): { stepId: string; points: Record<string, number>; remaining: number } | null {
      if (actor.kind !== "participant") return null;
      const { step } = currentStepOf(db, workshopId);
      if (!step || !ballotKind(step.kind)) return null;
      const current = allocationsOf(step.id, actor.participantId);
      return {
        stepId: step.id,
        points: Object.fromEntries(current),
        remaining: remainingPoints(current.values(), voteSettingsOf(step).budget),
      };
    },

    tallies(workshopId: string, stepId: string): Tallies {
      return talliesOf(db, workshopId, stepId, currentSeq(workshopId));
    },

    /** The current vote step's totals and whether the room may see them (null outside vote steps). */
    currentTalliesForScreens(workshopId: string): { totals: Tallies; visibleToRoom: boolean } | null {
      const { step } = currentStepOf(db, workshopId);
      if (!step || !ballotKind(step.kind)) return null;
      const settings = settingsOf(step.settings);
      return {
        totals: talliesOf(db, workshopId, step.id, currentSeq(workshopId)),
        visibleToRoom: settings.results === "live" || settings.revealed,
      };
    },

    /** The current vote step's totals, if `audience` may see them now. */
    currentTallies(workshopId: string, audience: "facilitator" | "room"): Tallies | null {
      const { step } = currentStepOf(db, workshopId);
      if (!step || !ballotKind(step.kind)) return null;
      const settings = voteSettingsOf(step);
      if (audience === "room" && !(settings.results === "live" || settings.revealed)) return null;
      return talliesOf(db, workshopId, step.id, currentSeq(workshopId));
    },

    setSettings(actor: Actor, workshopId: string, input: unknown): Result<VoteSettings> {
      const found = workshopService.managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      const parsed = voteSettingsInputSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      return changeSettings(actor, workshopId, parsed.data.stepId, (current) =>
        voteSettingsSchema.parse({ ...current, ...parsed.data.settings }),
      );
    },

    /** Shows (or hides again) the results of a vote whose results are hidden until revealed. */
    reveal(actor: Actor, workshopId: string, input: unknown): Result<VoteSettings> {
      const found = workshopService.managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      const parsed = revealSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      return changeSettings(actor, workshopId, parsed.data.stepId, (current) => ({ ...current, revealed: parsed.data.revealed }));
    },

    /**
     * Balanced scores of the challenges in the most recent challenge vote: what "top N of the last
     * vote" ranks by when the room collects solutions.
     */
    challengeScores: (workshopId: string) => lastVoteScores(workshopId, "vote_challenges"),
    lastVoteScores,
  };

  /** Balanced scores of the last vote step of a kind that received votes (empty before any vote). */
  function lastVoteScores(workshopId: string, kind: "vote_challenges" | "vote_solutions"): Map<string, number> {
    const steps = loadAgenda(db, workshopId);
    const voteSteps = steps.filter((s) => s.kind === kind);
    for (const step of voteSteps.reverse()) {
      const tallies = talliesOf(db, workshopId, step.id, 0);
      if (Object.keys(tallies.items).length === 0) continue;
      const items = Object.keys(tallies.items).map((id) => ({ id, createdAt: 0 }));
      const ranked = rankItems(items, (i) => tallies.items[i.id], tallies.voters, {
        threshold: voteSettingsOf(step).supportThreshold,
      });
      return new Map(ranked.map((i) => [i.id, i.metrics.balanced]));
    }
    return new Map();
  }
}
