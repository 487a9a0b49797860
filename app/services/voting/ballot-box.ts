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

/** The voter as a vote's checks need them. */
export type Voter = { workshopId: string; role: Role; helix: Helix; removedAt: number | null };
/** The workshop and the step it is in (its settings as stored: JSON text). */
export type Room = {
  status: WorkshopStatus;
  stepId: string | null;
  kind: StepKind | null;
  settings: string | null;
  archivedAt: number | null;
};
/** An item voted on. */
export type BallotItem = {
  workshopId: string;
  id: string;
  kind: string;
  status: string;
  parentId: string | null;
  authorId: string | null;
};
/** A ballot item's fields, in the order SQLite's prepared statement answers them. */
export const BALLOT_ITEM_FIELDS = ["workshopId", "id", "kind", "status", "parentId", "authorId"] as const;
/** The selection of a ballot item from either engine's contributions table. */
export const ballotItemColumns = <Table extends Record<(typeof BALLOT_ITEM_FIELDS)[number], unknown>>(contributions: Table) =>
  Object.fromEntries(BALLOT_ITEM_FIELDS.map((field) => [field, contributions[field]])) as Pick<
    Table,
    (typeof BALLOT_ITEM_FIELDS)[number]
  >;
/** A change already received under this client id (a retry is answered, never applied again). */
export type SeenChange = { contributionId: string; stepId: string | null };
export type PointsChange = {
  workshopId: string;
  stepId: string;
  participantId: string;
  contributionId: string;
  points: number;
  helix: Helix;
  now: number;
};
export type ChangeRecord = { participantId: string; clientId: string; contributionId: string; stepId: string; now: number };

/**
 * What a vote's checks read and write, answered synchronously inside the batch's transaction
 * (ADR 0014 §4): on SQLite, prepared statements (`cast.server.ts`); on PostgreSQL, the batch's
 * snapshot, read up front with the voters' rows locked. Reads see the batch's earlier writes.
 */
export type BallotBox = {
  voter(participantId: string): Voter | undefined;
  room(workshopId: string): Room | undefined;
  seen(participantId: string, clientId: string): SeenChange | undefined;
  /** A step's stored settings (a retry answered in a step the room has left). */
  stepSettings(stepId: string): AgendaStep["settings"] | undefined;
  item(contributionId: string): BallotItem | undefined;
  /** A participant's points per visible item in a step. */
  allocations(stepId: string, participantId: string): Map<string, number>;
  /** Sets a participant's points on an item; 0 takes them back. */
  setPoints(change: PointsChange): void;
  /** Records the change's client id. */
  record(change: ChangeRecord): void;
};

export type Ballot = { actor: Actor; workshopId: string; input: unknown };
export type Cast = Result<{ ack: Omit<VoteAck, "voteSeq">; stepId: string; applied: boolean; roomSeesTotals: boolean }>;

/** Parsed vote settings, cached by their stored text (they change a few times a day). */
export function createSettingsCache() {
  const cache = new Map<string, VoteSettings>();
  return (stored: string | null): VoteSettings => {
    const raw = stored ?? "{}";
    let parsed = cache.get(raw);
    if (!parsed) {
      const settings = JSON.parse(raw) as AgendaStep["settings"] | null;
      parsed = voteSettingsSchema.parse(settings?.vote ?? {});
      if (cache.size > 200) cache.clear();
      cache.set(raw, parsed);
    }
    return parsed;
  };
}
export type SettingsOf = ReturnType<typeof createSettingsCache>;

/**
 * What one transaction reads once however many votes it applies: the room (status, current step,
 * its settings) and the items voted on do not change while it runs.
 */
export type BatchReads = { room: Map<string, Room | undefined>; item: Map<string, BallotItem | undefined> };
export const freshReads = (): BatchReads => ({ room: new Map(), item: new Map() });
const once = <K, V>(cache: Map<K, V>, key: K, read: () => V): V => {
  if (!cache.has(key)) cache.set(key, read());
  return cache.get(key) as V;
};
const notAParticipant = () => fail("forbidden", "Only the workshop's participants vote.");

/**
 * AUTH → VALIDATION → RESOLUTION of one vote, inside the caller's transaction: the budget and the
 * cap are checked against what the box holds, earlier votes of the batch included.
 */
export function castOne(
  box: BallotBox,
  settingsOf: SettingsOf,
  { actor, workshopId, input }: Ballot,
  now: number,
  reads: BatchReads = freshReads(),
): Cast {
  if (actor.kind !== "participant" || actor.workshopId !== workshopId) return notAParticipant();
  const parsed = setVoteSchema.safeParse(input);
  if (!parsed.success) return validationFailure(parsed.error);
  const { clientId, contributionId, points } = parsed.data;
  const participantId = actor.participantId;
  const me = box.voter(participantId);
  // A removed participant's votes still queued when their socket was dropped are not counted.
  if (!me || me.workshopId !== workshopId || me.removedAt !== null) return notAParticipant();
  const room = once(reads.room, workshopId, () => box.room(workshopId));
  if (!room) return notAParticipant();

  // A retried change is answered with where things stand in its step, never applied again, even
  // once the room has moved on (a phone's outbox resends what it never heard an answer to).
  const seen = box.seen(participantId, clientId);
  const seenStepId = seen && (seen.stepId ?? room.stepId);
  if (seen && seenStepId) {
    const stepSettings =
      seenStepId === room.stepId ? settingsOf(room.settings) : voteSettingsOf({ settings: box.stepSettings(seenStepId) ?? {} });
    const current = box.allocations(seenStepId, participantId);
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

  const item = once(reads.item, contributionId, () => box.item(contributionId));
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

  const current = box.allocations(stepId, participantId);
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
  box.setPoints({ workshopId, stepId, participantId, contributionId: item.id, points, helix: me.helix, now });
  box.record({ participantId, clientId, contributionId: item.id, stepId, now });
  current.set(item.id, points);
  return ok({
    ack: { contributionId: item.id, points, remaining: remainingPoints(current.values(), settings.budget) },
    stepId,
    applied: true,
    roomSeesTotals: roomSeesResults(settings),
  });
}

/** How many votes of a batch changed something, per workshop: the vote numbers to take. */
export function appliedPerWorkshop(batch: readonly Ballot[], outcomes: readonly Cast[]): Map<string, number> {
  const applied = new Map<string, number>();
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.ok && outcome.data.applied) {
      const { workshopId } = batch[index];
      applied.set(workshopId, (applied.get(workshopId) ?? 0) + 1);
    }
  }
  return applied;
}

/**
 * Numbers the applied votes of a batch, in order, from each workshop's counter as it stood before
 * the batch (`before`): the store took the batch's numbers in its transaction. A vote that
 * changed nothing (a retry) is answered with the number reached so far.
 */
export function numberVotes(batch: readonly Ballot[], outcomes: readonly Cast[], before: (workshopId: string) => number) {
  const reached = new Map<string, number>();
  return outcomes.map((outcome, index) => {
    if (!outcome.ok) return 0;
    const { workshopId } = batch[index];
    let seq = reached.get(workshopId) ?? before(workshopId);
    if (outcome.data.applied) seq += 1;
    reached.set(workshopId, seq);
    return seq;
  });
}

/** A vote's answer to its sender: its outcome, with its number while the room sees the totals. */
export function voteAnswer(outcome: Cast, seq: number): Result<VoteAck> {
  if (!outcome.ok) return outcome;
  const { ack, roomSeesTotals } = outcome.data;
  return ok(roomSeesTotals ? { ...ack, voteSeq: seq } : ack);
}

export type Numbered = { outcome: Cast; seq: number };
/** Casts a batch in one transaction: synchronously on SQLite, asynchronously on PostgreSQL. */
export type CastBatch = (batch: Ballot[]) => Numbered[] | Promise<Numbered[]>;

/**
 * The group commit (ADR 0006) for either database: votes queued in one turn of the event loop are
 * cast as one batch, in order, and each is answered once that batch has committed. While a batch
 * is in flight (PostgreSQL), the votes arriving meanwhile gather into the next one; one batch at a
 * time, so a phone's votes are applied in the order it sent them. A batch that fails rolled back
 * whole: each sender is told their vote was not counted, and may retry (their client id makes the
 * retry safe).
 */
export function createVoteQueue(castBatch: CastBatch, answer: (ballot: Ballot, outcome: Cast, seq: number) => Result<VoteAck>) {
  const queue: (Ballot & { resolve: (result: Result<VoteAck>) => void })[] = [];
  let scheduled = false;
  let inFlight = false;

  const settle = (batch: typeof queue, outcomes: Numbered[]) => {
    for (const [index, vote] of batch.entries()) {
      const { outcome, seq } = outcomes[index];
      vote.resolve(answer(vote, outcome, seq));
    }
  };
  const failed = (batch: typeof queue, error: unknown) => {
    console.error("vote batch failed", error);
    const outcome = refuse("internal", "voteNotCounted", "Something went wrong; your vote was not counted. Try again.");
    settle(
      batch,
      batch.map(() => ({ outcome, seq: 0 })),
    );
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  function flush() {
    scheduled = false;
    if (inFlight || queue.length === 0) return;
    const batch = queue.splice(0);
    let cast: Numbered[] | Promise<Numbered[]>;
    try {
      cast = castBatch(batch);
    } catch (error) {
      failed(batch, error);
      return;
    }
    if (!(cast instanceof Promise)) {
      settle(batch, cast);
      return;
    }
    inFlight = true;
    cast
      .then(
        (outcomes) => settle(batch, outcomes),
        (error) => failed(batch, error),
      )
      .finally(() => {
        inFlight = false;
        if (queue.length) schedule();
      });
  }

  return (ballot: Ballot): Promise<Result<VoteAck>> =>
    new Promise((resolve) => {
      queue.push({ ...ballot, resolve });
      schedule();
    });
}
