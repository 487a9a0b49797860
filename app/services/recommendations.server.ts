import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Reader, Tx } from "../db/client.server";
import { first } from "../db/first.server";
import { roomNow } from "../db/queries/agenda.server";
import { endorsementCounts, loadRecommendations, myEndorsements } from "../db/queries/recommendations.server";
import { recordRequest, seenRequest } from "../db/queries/requests.server";
import {
  endorseSchema,
  moveRecommendationSchema,
  type RecommendationView,
  recommendationRefSchema,
  saveRecommendationSchema,
} from "../domain/recommendations";
import { fail, ok, type Result, refuse } from "../domain/result";
import { canEndorseNow } from "../domain/selectors";
import { asFacilitator, asParticipant } from "./access.server";
import type { Actor } from "./actor";
import { type CommandSpec, openWorkshop, type RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";

/**
 * The action plan. Facilitators of the workshop draft, edit, order and remove recommendations
 * (until the workshop closes); participants endorse them from their phones during the
 * recommendations step. AUTH → VALIDATION → RESOLUTION, in one transaction → publish.
 */
export function createRecommendationService({ db, random }: Pick<ServiceDeps, "db" | "random">, run: RunCommand) {
  const { contributions, endorsements, recommendationLinks, recommendations } = db.tables;
  /** AUTH: a facilitator of a workshop that has not ended (its action plan is final then). */
  const drafter = async (database: Reader, actor: Actor, workshopId: string) => {
    const found = await asFacilitator(database, actor, workshopId, "Only the workshop's facilitators can write recommendations.");
    return found.ok ? openWorkshop(found.data, "This workshop has ended; its action plan is final.") : found;
  };
  const draft = async <S extends z.ZodTypeAny, T>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    resolve: (tx: Tx, data: z.infer<S>, now: number) => ReturnType<CommandSpec<S, unknown, T>["resolve"]>,
  ): Promise<Result<T>> =>
    await run(actor, workshopId, input, { authorize: drafter, schema, resolve: (tx, data, { now }) => resolve(tx, data, now) });

  const notFound = () => fail("not_found", "Recommendation not found.");
  const loadOne = async (tx: Reader, workshopId: string, id: string) =>
    (await loadRecommendations(tx, workshopId)).find((r) => r.id === id) ?? null;

  /**
   * Newly linked items must be visible contributions of this workshop. Links the recommendation
   * already has stay allowed when their item was hidden or merged since (an edit of the wording must
   * not fail on them; the report leaves such links out).
   */
  async function checkLinks(
    tx: Reader,
    workshopId: string,
    linkedIds: string[],
    recommendationId?: string,
  ): Promise<Result<null>> {
    const kept = new Set(
      recommendationId
        ? (
            await tx
              .select({ id: recommendationLinks.contributionId })
              .from(recommendationLinks)
              .where(eq(recommendationLinks.recommendationId, recommendationId))
          ).map((l) => l.id)
        : [],
    );
    const ids = linkedIds.filter((id) => !kept.has(id));
    if (ids.length === 0) return ok(null);
    const found = await tx
      .select({ id: contributions.id })
      .from(contributions)
      .where(and(eq(contributions.workshopId, workshopId), inArray(contributions.id, ids), eq(contributions.status, "visible")));
    if (found.length !== ids.length)
      return fail("validation", "A linked item is not a visible contribution of this workshop.", {
        linkedIds: { key: "linkNotFound" },
      });
    return ok(null);
  }

  async function writeLinks(tx: Tx, recommendationId: string, ids: string[]) {
    await tx.delete(recommendationLinks).where(eq(recommendationLinks.recommendationId, recommendationId));
    if (ids.length)
      await tx
        .insert(recommendationLinks)
        .values(ids.map((contributionId, position) => ({ recommendationId, contributionId, position })));
  }

  async function ordered(tx: Reader, workshopId: string) {
    return (
      await tx
        .select({ id: recommendations.id })
        .from(recommendations)
        .where(eq(recommendations.workshopId, workshopId))
        .orderBy(asc(recommendations.position))
    ).map((r) => r.id);
  }

  return {
    list: (workshopId: string) => loadRecommendations(db, workshopId),
    counts: (workshopId: string) => endorsementCounts(db, workshopId),

    /** Adds a recommendation (a retried add returns the first) or edits one. */
    async save(actor: Actor, workshopId: string, input: unknown): Promise<Result<RecommendationView>> {
      return await draft(actor, workshopId, saveRecommendationSchema, input, async (tx, data, now) => {
        const fields = {
          title: data.title,
          body: data.body,
          ownerKind: data.owner.kind,
          owner: data.owner.kind === "helix" ? data.owner.helix : data.owner.name,
          deadline: data.deadline,
          priority: data.priority,
          updatedAt: now,
        };
        let id: string;
        if (data.recommendationId) {
          const row = await first(tx.select().from(recommendations).where(eq(recommendations.id, data.recommendationId)));
          if (!row || row.workshopId !== workshopId) return notFound();
          if (data.baseUpdatedAt !== undefined && data.baseUpdatedAt !== row.updatedAt)
            return refuse(
              "conflict",
              "recommendationChanged",
              "Another facilitator changed this recommendation meanwhile; close the form and open it again to see their version.",
            );
          const links = await checkLinks(tx, workshopId, data.linkedIds, row.id);
          if (!links.ok) return links;
          await tx.update(recommendations).set(fields).where(eq(recommendations.id, row.id));
          id = row.id;
        } else {
          const clientId = data.clientId as string;
          const existing = await first(
            tx
              .select()
              .from(recommendations)
              .where(and(eq(recommendations.workshopId, workshopId), eq(recommendations.clientId, clientId))),
          );
          if (existing) return ok({ data: (await loadOne(tx, workshopId, existing.id)) as RecommendationView, events: [] });
          const links = await checkLinks(tx, workshopId, data.linkedIds);
          if (!links.ok) return links;
          id = random.uuid();
          const last = await first(
            tx
              .select({ max: sql<number | null>`max(${recommendations.position})` })
              .from(recommendations)
              .where(eq(recommendations.workshopId, workshopId)),
          );
          await tx.insert(recommendations).values({
            id,
            workshopId,
            clientId,
            position: (last?.max ?? -1) + 1,
            createdBy: actor.kind === "facilitator" ? actor.facilitatorId : "",
            createdAt: now,
            ...fields,
          });
        }
        await writeLinks(tx, id, data.linkedIds);
        const saved = (await loadOne(tx, workshopId, id)) as RecommendationView;
        return ok({ data: saved, events: [{ type: "recommendation.saved", payload: { recommendation: saved } }] });
      });
    },

    async remove(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ id: string }>> {
      return await draft(actor, workshopId, recommendationRefSchema, input, async (tx, data) => {
        const row = await first(tx.select().from(recommendations).where(eq(recommendations.id, data.recommendationId)));
        if (!row || row.workshopId !== workshopId) return notFound();
        // Links and endorsements go with it (ON DELETE CASCADE); the event log keeps the record.
        await tx.delete(recommendations).where(eq(recommendations.id, row.id));
        return ok({ data: { id: row.id }, events: [{ type: "recommendation.removed", payload: { id: row.id } }] });
      });
    },

    async move(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ order: string[] }>> {
      return await draft(actor, workshopId, moveRecommendationSchema, input, async (tx, data) => {
        const order = await ordered(tx, workshopId);
        const from = order.indexOf(data.recommendationId);
        if (from === -1) return notFound();
        const to = Math.min(data.toIndex, order.length - 1);
        if (from === to) return ok({ data: { order }, events: [] });
        order.splice(to, 0, ...order.splice(from, 1));
        for (const [position, id] of order.entries())
          await tx.update(recommendations).set({ position }).where(eq(recommendations.id, id));
        return ok({ data: { order }, events: [{ type: "recommendations.reordered", payload: { order } }] });
      });
    },

    /**
     * A participant endorses a recommendation, or takes it back, during the recommendations step.
     * Setting the same state twice changes nothing, so a retry is harmless; one sent again with its
     * client id (the phone's outbox, after a lost answer) is answered as the first time even once
     * the step is over, and never undoes a later change.
     */
    async endorse(
      actor: Actor,
      workshopId: string,
      input: unknown,
    ): Promise<Result<{ recommendationId: string; endorsed: boolean }>> {
      return run(actor, workshopId, input, {
        authorize: (database, who, id) =>
          asParticipant(database, who, id, "Only the workshop's participants can endorse recommendations."),
        schema: endorseSchema,
        resolve: async (tx, { recommendationId, endorsed, clientId }, { actor: me, now }) => {
          const kind = endorsed ? "recommendation.endorse" : "recommendation.unendorse";
          if (clientId) {
            const seen = await seenRequest(tx, me.id, clientId);
            if (seen) {
              if (seen.kind !== kind || seen.targetId !== recommendationId)
                return fail("conflict", "This endorsement id is already used.");
              return ok({ data: { recommendationId, endorsed }, events: [] });
            }
          }
          const { workshop, step } = await roomNow(tx, workshopId);
          if (!workshop) return fail("not_found", "Workshop not found.");
          const open = openWorkshop(workshop);
          if (!open.ok) return open;
          // The same rule the phone asks before it shows the Endorse button.
          if (!canEndorseNow({ status: workshop.status, step }, me.role)) {
            return me.role === "observer"
              ? refuse("forbidden", "observerNoEndorse", "Observers follow the workshop; they do not endorse.")
              : refuse("conflict", "endorseNotOpen", "Recommendations can be endorsed only during the recommendations step.");
          }
          const rec = await first(
            tx
              .select({ workshopId: recommendations.workshopId })
              .from(recommendations)
              .where(eq(recommendations.id, recommendationId)),
          );
          if (!rec || rec.workshopId !== workshopId) return notFound();
          const where = and(eq(endorsements.recommendationId, recommendationId), eq(endorsements.participantId, me.id));
          const existing = await first(tx.select({ at: endorsements.createdAt }).from(endorsements).where(where));
          const data = { recommendationId, endorsed };
          if (clientId) await recordRequest(tx, { participantId: me.id, clientId, kind, targetId: recommendationId, now });
          // Setting the same state twice changes nothing, so a retry is harmless.
          if (Boolean(existing) === endorsed) return ok({ data, events: [] });
          if (endorsed)
            await tx
              .insert(endorsements)
              .values({ recommendationId, participantId: me.id, workshopId, helix: me.helix, createdAt: now });
          else await tx.delete(endorsements).where(where);
          return ok({ data, events: [], changed: { endorsements: true } });
        },
      });
    },

    mine: async (actor: Actor, workshopId: string) =>
      actor.kind === "participant" && actor.workshopId === workshopId
        ? await myEndorsements(db, actor.participantId, workshopId)
        : [],
  };
}
