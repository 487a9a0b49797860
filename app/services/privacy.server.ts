import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Reader, Tx } from "../db/client.server";
import { jsonText } from "../db/engine.server";
import { first } from "../db/first.server";
import { loadContributions } from "../db/queries/contributions.server";
import { hideContribution } from "../db/queries/moderation.server";
import { lobbyParticipant } from "../db/queries/views.server";
import type { Workshop } from "../db/schema";
import { betweenTransactions } from "../db/transaction.server";
import {
  anonymisedContribution,
  type ErasureScope,
  eraseParticipantSchema,
  erasePayload,
  PERSONAL_EVENT_TYPES,
  removeParticipantSchema,
  retentionDue,
  workshopErasureRefusal,
} from "../domain/privacy";
import { fail, ok, type Result, refuse } from "../domain/result";
import type { LobbyParticipant, NewWorkshopEvent } from "../domain/workshop-state";
import { asFacilitator } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import { hashToken, type ServiceDeps } from "./deps.server";

/**
 * Participants and privacy (docs/privacy.md): a facilitator removes a participant (their token stops
 * working, their sockets are dropped, their contributions kept, anonymised or hidden), erases one
 * participant's personal data, or a closed workshop's; the retention setting erases on its own.
 * Every erasure rewrites the event log's payloads in the same transaction and appends
 * `participant.erased`, so screens drop the names live and no cached replay of the log survives it.
 */
export function createPrivacyService({ db, publish, random }: ServiceDeps, run: RunCommand) {
  const { contributions, events, participants, workshops } = db.tables;
  const facilitator = (database: Reader, actor: Actor, workshopId: string) =>
    asFacilitator(database, actor, workshopId, "Only the workshop's facilitators can remove participants or erase their data.");
  const participantOf = async (tx: Reader, workshopId: string, id: string) =>
    await first(
      tx
        .select()
        .from(participants)
        .where(and(eq(participants.id, id), eq(participants.workshopId, workshopId))),
    );
  const notFound = () => fail("not_found", "Participant not found.");

  /** Takes the personal data out of the log's payloads: the events that may carry it, for the erased people. */
  async function rewriteLog(tx: Tx, workshopId: string, scope: ErasureScope) {
    const mentions = scope.everyone
      ? undefined
      : or(
          inArray(jsonText(tx, events.payload, ["participant", "id"]), [...scope.participantIds]),
          inArray(jsonText(tx, events.payload, ["contribution", "authorId"]), [...scope.participantIds]),
        );
    const rows = await tx
      .select({ id: events.id, type: events.type, payload: events.payload })
      .from(events)
      .where(and(eq(events.workshopId, workshopId), inArray(events.type, [...PERSONAL_EVENT_TYPES]), mentions));
    for (const row of rows) {
      const next = erasePayload(row.type, row.payload, scope);
      if (next !== row.payload) await tx.update(events).set({ payload: next }).where(eq(events.id, row.id));
    }
  }

  /** Empties a participant's personal fields; their token is replaced by one nobody holds. */
  async function eraseRow(tx: Tx, participantId: string, now: number) {
    await tx
      .update(participants)
      .set({
        displayName: null,
        organisation: null,
        country: null,
        tokenHash: hashToken(random.token()),
        joinKey: null,
        erasedAt: now,
      })
      .where(eq(participants.id, participantId));
  }

  /** Erases every participant of a workshop (by hand once closed, or by the retention setting). */
  async function eraseWorkshopData(tx: Tx, workshopId: string, now: number): Promise<NewWorkshopEvent[]> {
    const people = await tx
      .select({ id: participants.id })
      .from(participants)
      .where(and(eq(participants.workshopId, workshopId), isNull(participants.erasedAt)))
      // Participant rows in id order, as a vote batch locks them: no cycle of waits between the two.
      .orderBy(asc(participants.id));
    for (const person of people) await eraseRow(tx, person.id, now);
    await tx
      .update(contributions)
      .set({ authorId: null })
      .where(and(eq(contributions.workshopId, workshopId), isNotNull(contributions.authorId)));
    await rewriteLog(tx, workshopId, { everyone: true });
    await tx.update(workshops).set({ personalDataErasedAt: now }).where(eq(workshops.id, workshopId));
    return [{ type: "participant.erased", payload: { everyone: true, participantIds: [], contributionIds: [] } }];
  }

  /**
   * Overwritten pages must not stay readable in SQLite's write-ahead log either. (PostgreSQL keeps
   * old row versions until VACUUM and its WAL until a checkpoint: docs/postgres.md.)
   */
  const checkpoint = () => betweenTransactions(db, (sqlite) => sqlite.pragma("wal_checkpoint(TRUNCATE)"));

  return {
    /** The participants removed from the workshop whose personal data is not erased yet (for erasing later). */
    async removedParticipants(actor: Actor, workshopId: string): Promise<Result<LobbyParticipant[]>> {
      const allowed = await facilitator(db, actor, workshopId);
      if (!allowed.ok) return allowed;
      const rows = await db
        .select()
        .from(participants)
        .where(and(eq(participants.workshopId, workshopId), isNotNull(participants.removedAt), isNull(participants.erasedAt)));
      return ok(rows.map(lobbyParticipant));
    },

    /**
     * Removes a participant: their token stops working (socket, phone page, join), their open
     * sockets are dropped at once, they leave the room; their contributions are kept, anonymised
     * or hidden (as moderation hides). Their votes and endorsements stay (docs/privacy.md).
     */
    async remove(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ participantId: string }>> {
      const result = await run(actor, workshopId, input, {
        authorize: facilitator,
        schema: removeParticipantSchema,
        resolve: async (tx, data, { now }) => {
          const row = await participantOf(tx, workshopId, data.participantId);
          if (!row) return notFound();
          if (row.removedAt !== null) return ok({ data: { participantId: row.id }, events: [] });
          await tx.update(participants).set({ removedAt: now }).where(eq(participants.id, row.id));
          const theirs = (await loadContributions(tx, workshopId)).filter(
            (c) => c.authorId === row.id && c.status !== "withdrawn",
          );
          const changes: NewWorkshopEvent[] = [];
          if (data.contributions === "anonymise") {
            await tx.update(contributions).set({ authorId: null }).where(eq(contributions.authorId, row.id));
            for (const item of theirs)
              changes.push({ type: "contribution.updated", payload: { contribution: anonymisedContribution(item) } });
          } else if (data.contributions === "hide") {
            for (const item of theirs)
              if (item.status === "visible") changes.push(...(await hideContribution(tx, workshopId, item)));
          }
          return ok({
            data: { participantId: row.id },
            events: [{ type: "participant.removed", payload: { participantId: row.id } }, ...changes],
            changed: { votes: data.contributions === "hide" && changes.length > 0 },
          });
        },
      });
      if (result.ok) publish.participantRemoved(workshopId, result.data.participantId);
      return result;
    },

    /**
     * Erases one participant's personal data (name, organisation, country; the token replaced): their
     * helix, role, contributions (no longer linked to them), votes and endorsements stay. They are
     * removed too, if they were not: their phone can no longer act as them.
     */
    async eraseParticipant(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ participantId: string }>> {
      const result = await run(actor, workshopId, input, {
        authorize: facilitator,
        // Erasure is owed to the person whatever became of the workshop; results do not change.
        whenArchived: "allow",
        schema: eraseParticipantSchema,
        resolve: async (tx, data, { now }) => {
          const row = await participantOf(tx, workshopId, data.participantId);
          if (!row) return notFound();
          if (row.erasedAt !== null) return ok({ data: { participantId: row.id }, events: [] });
          const contributionIds = (
            await tx.select({ id: contributions.id }).from(contributions).where(eq(contributions.authorId, row.id))
          ).map((c) => c.id);
          await eraseRow(tx, row.id, now);
          await tx.update(contributions).set({ authorId: null }).where(eq(contributions.authorId, row.id));
          await rewriteLog(tx, workshopId, { everyone: false, participantIds: [row.id] });
          const removal: NewWorkshopEvent[] = [];
          if (row.removedAt === null) {
            await tx.update(participants).set({ removedAt: now }).where(eq(participants.id, row.id));
            removal.push({ type: "participant.removed", payload: { participantId: row.id } });
          }
          return ok({
            data: { participantId: row.id },
            events: [
              ...removal,
              { type: "participant.erased", payload: { everyone: false, participantIds: [row.id], contributionIds } },
            ],
          });
        },
      });
      if (result.ok) {
        publish.participantRemoved(workshopId, result.data.participantId);
        await checkpoint();
      }
      return result;
    },

    /** Erases the personal data of every participant of a closed workshop (refused while it is not closed). */
    async eraseWorkshop(actor: Actor, workshopId: string): Promise<Result<{ erasedAt: number }>> {
      const result = await run(
        actor,
        workshopId,
        {},
        {
          authorize: facilitator,
          whenArchived: "allow",
          schema: z.object({}),
          resolve: async (tx, _data, { actor: workshop, now }) => {
            const refusal = workshopErasureRefusal(workshop.status);
            if (refusal) return refuse("conflict", refusal.key, refusal.message);
            return ok({ data: { erasedAt: now }, events: await eraseWorkshopData(tx, workshopId, now) });
          },
        },
      );
      if (result.ok) {
        publish.participantRemoved(workshopId, "everyone");
        await checkpoint();
      }
      return result;
    },

    /**
     * The retention setting: erases the personal data of every workshop closed more than its
     * `retention_days` ago and not erased since. Run at start and every hour by server.ts; running it
     * again changes nothing. Returns the ids of the workshops it erased.
     */
    async applyRetention(now: number): Promise<string[]> {
      const candidates = (
        await db
          .select()
          .from(workshops)
          .where(
            and(
              eq(workshops.status, "closed"),
              isNotNull(workshops.closedAt),
              isNotNull(workshops.retentionDays),
              or(isNull(workshops.personalDataErasedAt), sql`${workshops.personalDataErasedAt} < ${workshops.closedAt}`),
            ),
          )
      ).filter((w) => retentionDue(w, now));
      const erased: string[] = [];
      for (const workshop of candidates) {
        const result = await run(
          { kind: "system" },
          workshop.id,
          {},
          {
            authorize: (_db, who) => (who.kind === "system" ? ok(workshop) : fail("forbidden", "Only the retention job.")),
            // An archived workshop is read-only for people, not for its retention setting.
            whenArchived: "allow",
            schema: z.object({}),
            resolve: async (tx, _data, { actor: due }: { actor: Workshop; now: number }) =>
              ok({ data: null, events: await eraseWorkshopData(tx, due.id, now) }),
          },
        );
        if (result.ok) {
          erased.push(workshop.id);
          publish.participantRemoved(workshop.id, "everyone");
        }
      }
      if (erased.length) await checkpoint();
      return erased;
    },
  };
}
