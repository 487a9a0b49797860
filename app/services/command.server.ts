import type { z } from "zod";
import type { Reader, Tx } from "../db/client.server";
import { postgresOf, postgresTransactionScope, serialiseWorkshopCommands } from "../db/engine.server";
import { transaction } from "../db/transaction.server";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import { archivedRefusal } from "../domain/workshop-life";
import type { NewWorkshopEvent, WorkshopEvent } from "../domain/workshop-state";
import { createKeyedQueue } from "../utils/keyed-queue";
import { isArchived } from "./access.server";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";

/** What a command's resolution returns: its answer, the events to log, and which live totals it changed. */
export type Resolution<T> = {
  data: T;
  events: NewWorkshopEvent[];
  /** Vote totals or endorsement counts changed: the realtime layer sends them coalesced. */
  changed?: { votes?: boolean; endorsements?: boolean };
  /** Whom the events are logged as, when the command creates its actor (a participant joining). */
  loggedAs?: Actor;
};

export type CommandSpec<S extends z.ZodTypeAny, A, T> = {
  /** AUTH: who may do this. Returns what the resolution needs to know of the actor (a row), or a refusal. */
  authorize: (db: Reader, actor: Actor, workshopId: string) => Result<A> | Promise<Result<A>>;
  /** VALIDATION: the input's schema (the domain's). */
  schema: S;
  /** RESOLUTION: the change, inside one transaction; a refusal rolls everything back. */
  resolve: (
    tx: Tx,
    input: z.infer<S>,
    context: { actor: A; now: number },
  ) => Result<Resolution<T>> | Promise<Result<Resolution<T>>>;
  /** An archived workshop is read-only: every command is refused, but the one that un-archives it. */
  whenArchived?: "refuse" | "allow";
};

/**
 * The one pipeline every write goes through: AUTH → VALIDATION → RESOLUTION, all in one
 * transaction with the events appended in it, then publish after commit. One workshop's commands
 * (those through this runner: every change of its state) run one at a time on either database
 * (serialiseWorkshopCommands). A refusal at any stage changes
 * nothing; an archived workshop takes none. (Votes take the same steps, group-committed:
 * services/voting/cast.server.ts.)
 */
export function createCommandRunner({ db, publish, clock }: Pick<ServiceDeps, "db" | "publish" | "clock">) {
  // PostgreSQL: this node's commands on one workshop queue here, in memory, before they take a
  // pooled connection, rather than each holding one while it waits for the workshop's lock: a hall
  // joining at once would otherwise fill the pool, and vote batches, pages and other workshops
  // would wait behind it. (The lock still orders them against other nodes'.) SQLite's transactions
  // are queued already.
  // Called from inside a transaction (a programming error), a command goes straight to
  // transaction(), which refuses it, rather than waiting in this queue behind itself for ever.
  const enqueue = createKeyedQueue();
  const pg = postgresOf(db);
  const oneAtATime = <T>(workshopId: string, work: () => Promise<T>): Promise<T> =>
    pg && postgresTransactionScope.getStore()?.pg !== pg ? enqueue(workshopId, work) : work();

  return async function run<S extends z.ZodTypeAny, A, T>(
    actor: Actor,
    workshopId: string,
    input: unknown,
    spec: CommandSpec<S, A, T>,
  ): Promise<Result<T>> {
    const parsed = spec.schema.safeParse(input);
    const outcome = await oneAtATime(workshopId, () =>
      transaction(db, async (tx) => {
        // Who may act, and on what, is read inside the transaction, once this workshop's earlier
        // commands have committed: a participant erased or a setting changed a moment ago counts.
        await serialiseWorkshopCommands(tx, workshopId);
        // The time once it is this command's turn: events' times follow their order in the log.
        const now = clock();
        const allowed = await spec.authorize(tx, actor, workshopId);
        if (!allowed.ok) return allowed;
        if (spec.whenArchived !== "allow" && (await isArchived(tx, workshopId))) return archivedRefusal();
        if (!parsed.success) return validationFailure(parsed.error);
        const result = await spec.resolve(tx, parsed.data, { actor: allowed.data, now });
        if (!result.ok) return result;
        const author = result.data.loggedAs ?? actor;
        const events: WorkshopEvent[] = [];
        for (const event of result.data.events) events.push(await appendEvent(tx, workshopId, author, event, now));
        return ok({ ...result.data, events });
      }),
    );
    if (!outcome.ok) return outcome;
    const { data, events, changed } = outcome.data;
    if (events.length) await publish.events(workshopId, events);
    if (changed?.votes) publish.votesChanged(workshopId);
    if (changed?.endorsements) publish.endorsementsChanged(workshopId);
    return ok(data);
  };
}

export type RunCommand = ReturnType<typeof createCommandRunner>;

/** A closed workshop takes no more of this command. */
export const openWorkshop = <W extends { status: string }>(workshop: W, message = "This workshop has ended."): Result<W> =>
  workshop.status === "closed" ? fail("workshop_closed", message) : ok(workshop);
