import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Reader } from "../db/client.server";
import { insertTemplateAgenda, loadAgenda } from "../db/queries/agenda.server";
import { workshopDetails } from "../db/queries/views.server";
import { uniqueWorkshopKeys } from "../db/queries/workshops.server";
import { transaction } from "../db/transaction.server";
import { reusableSettings, type TemplateStep } from "../domain/agenda";
import type { Helix, Role } from "../domain/helix";
import { LANGUAGES } from "../domain/languages";
import { fail, ok, type Result, refuse, validationFailure } from "../domain/result";
import { settingsWithDefaults } from "../domain/schemas";
import {
  deleteConfirmed,
  deleteWorkshopSchema,
  duplicateWorkshopSchema,
  FRESH_WORKSHOP_STATE,
  type InUse,
  saveTemplateSchema,
  settingsRefusal,
  templateRefSchema,
  workshopSettingsInputSchema,
} from "../domain/workshop-life";
import type { WorkshopDetails } from "../domain/workshop-state";
import { asFacilitator, asOwner } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";

/** What the facilitator's page needs to offer the workshop's life: settings, archive, delete. */
export type WorkshopLife = {
  archived: boolean;
  /** Days after closing personal data is kept; null: kept. */
  retentionDays: number | null;
  /** Only the owner deletes. */
  owner: boolean;
  inUse: { hasParticipants: boolean; helices: Helix[]; roles: Role[] };
};

export type AgendaTemplateView = { id: string; name: string; steps: TemplateStep[]; createdAt: number };

const details = workshopDetails;

/**
 * A workshop's life after creation: its settings changed, duplicated, saved as an agenda template,
 * archived (read-only) and un-archived, deleted by its owner.
 */
export function createWorkshopLifeService({ db, publish, clock, random }: ServiceDeps, run: RunCommand) {
  const { agendaTemplates, contributions, participants, workshopFacilitators, workshops } = db.tables;
  /** Whether anyone joined, and with which helices and roles (those cannot be un-invited). */
  async function inUse(reader: Reader, workshopId: string): Promise<InUse> {
    const rows = await reader
      .select({ helix: participants.helix, role: participants.role })
      .from(participants)
      .where(eq(participants.workshopId, workshopId))
      .groupBy(participants.helix, participants.role);
    return {
      hasParticipants: rows.length > 0,
      helices: new Set(rows.map((r) => r.helix)),
      roles: new Set(rows.map((r) => r.role)),
    };
  }

  async function templatesOf(facilitatorId: string): Promise<AgendaTemplateView[]> {
    return (
      await db
        .select()
        .from(agendaTemplates)
        .where(eq(agendaTemplates.facilitatorId, facilitatorId))
        .orderBy(desc(agendaTemplates.createdAt), asc(agendaTemplates.name))
    ).map(({ id, name, steps, createdAt }) => ({ id, name, steps, createdAt }));
  }

  return {
    async lifeOf(actor: Actor, workshopId: string): Promise<Result<WorkshopLife>> {
      const found = await asFacilitator(db, actor, workshopId);
      if (!found.ok) return found;
      const used = await inUse(db, workshopId);
      return ok({
        archived: found.data.archivedAt !== null,
        retentionDays: found.data.retentionDays,
        owner: (await asOwner(db, actor, workshopId)).ok,
        inUse: { hasParticipants: used.hasParticipants, helices: [...used.helices], roles: [...used.roles] },
      });
    },

    /**
     * Title, host, theme, venue, dates, languages, anonymity (only towards more anonymous once anyone
     * joined), invited helices and roles (none someone joined with), retention. Every screen follows.
     */
    async updateSettings(
      actor: Actor,
      workshopId: string,
      input: unknown,
    ): Promise<Result<WorkshopDetails & { retentionDays: number | null }>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: workshopSettingsInputSchema,
        resolve: async (tx, data, { actor: workshop, now }) => {
          const current = settingsWithDefaults(workshop.settings);
          const refusal = settingsRefusal(current, data, await inUse(tx, workshopId));
          if (refusal) return refusal;
          const settings = {
            ...current,
            anonymity: data.anonymity,
            helices: data.helices,
            roles: data.roles,
            languages: LANGUAGES.filter((l) => data.languages.includes(l)),
            defaultLanguage: data.defaultLanguage,
          };
          const changes = {
            title: data.title,
            hostOrganisation: data.hostOrganisation,
            theme: data.theme ?? null,
            venue: data.venue ?? null,
            startsOn: data.startsOn ?? null,
            endsOn: data.endsOn ?? null,
            settings,
            retentionDays: data.retentionDays,
          };
          await tx
            .update(workshops)
            .set({ ...changes, updatedAt: now })
            .where(eq(workshops.id, workshopId));
          const updated = details({ ...workshop, ...changes });
          return ok({
            data: { ...updated, retentionDays: data.retentionDays },
            events: [{ type: "workshop.updated", payload: { details: updated } }],
          });
        },
      });
    },

    /** Archived: hidden from the list, read-only (every write refused), still exportable. */
    async setArchived(actor: Actor, workshopId: string, archived: boolean): Promise<Result<{ archived: boolean }>> {
      return run(
        actor,
        workshopId,
        {},
        {
          authorize: asFacilitator,
          whenArchived: "allow",
          schema: z.object({}),
          resolve: async (tx, _input, { actor: workshop, now }) => {
            if ((workshop.archivedAt !== null) === archived) return ok({ data: { archived }, events: [] });
            await tx
              .update(workshops)
              .set({ archivedAt: archived ? now : null, updatedAt: now })
              .where(eq(workshops.id, workshopId));
            return ok({ data: { archived }, events: [] });
          },
        },
      );
    },

    /**
     * Deletes the workshop and everything of it (its rows cascade: participants, contributions,
     * votes, recommendations, notes, events…), for its owner, who types its title to confirm. Every
     * screen still connected to it is told and dropped.
     */
    async remove(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ id: string }>> {
      const found = await asOwner(db, actor, workshopId);
      if (!found.ok) return found;
      const parsed = deleteWorkshopSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      if (!deleteConfirmed(found.data.title, parsed.data.confirmTitle))
        return fail("validation", "Type the workshop's title to delete it.", { confirmTitle: { key: "lifeTypeTitle" } });
      await transaction(db, (tx) => tx.delete(workshops).where(eq(workshops.id, workshopId)));
      publish.workshopDeleted(workshopId);
      return ok({ id: workshopId });
    },

    /**
     * The start of next year's workshop: the same details, settings, agenda (kinds, titles, step
     * settings, days) and host challenges; no participants, votes, results, recommendations or
     * notes; a new join code and projector link; a draft; the title the facilitator gives it.
     */
    async duplicate(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ id: string }>> {
      const found = await asFacilitator(db, actor, workshopId);
      if (!found.ok || actor.kind !== "facilitator") return found.ok ? fail("forbidden", "Facilitators only.") : found;
      const parsed = duplicateWorkshopSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const source = found.data;
      const now = clock();
      const id = random.uuid();
      await transaction(db, async (tx) => {
        await tx.insert(workshops).values({
          ...source,
          ...(await uniqueWorkshopKeys(tx, random)),
          id,
          title: parsed.data.title,
          ...FRESH_WORKSHOP_STATE,
          createdAt: now,
          updatedAt: now,
        });
        const hostChallenges = await tx
          .select()
          .from(contributions)
          .where(
            and(
              eq(contributions.workshopId, workshopId),
              eq(contributions.origin, "host"),
              eq(contributions.kind, "challenge"),
              inArray(contributions.status, ["visible", "hidden"]),
            ),
          )
          .orderBy(asc(contributions.createdAt));
        const idMap = new Map(hostChallenges.map((c) => [c.id, random.uuid()]));
        for (const c of hostChallenges)
          await tx.insert(contributions).values({
            id: idMap.get(c.id) ?? random.uuid(),
            workshopId: id,
            kind: "challenge",
            parentId: null,
            title: c.title,
            body: c.body,
            origin: "host",
            authorId: null,
            authorFacilitatorId: actor.facilitatorId,
            helix: null,
            role: null,
            status: c.status,
            mergedInto: null,
            clientId: random.uuid(),
            createdAt: c.createdAt - source.createdAt + now,
            editedAt: null,
          });
        const steps = (await loadAgenda(tx, workshopId)).map((s) => ({
          kind: s.kind,
          title: s.title,
          settings: reusableSettings(s.settings, idMap),
          day: s.day,
        }));
        const first = await insertTemplateAgenda(tx, id, now, random.uuid, steps);
        await tx.update(workshops).set({ currentStepId: first }).where(eq(workshops.id, id));
        await tx
          .insert(workshopFacilitators)
          .values({ workshopId: id, facilitatorId: actor.facilitatorId, role: "owner", addedAt: now });
      });
      return ok({ id });
    },

    /** Saves the workshop's agenda as one of the facilitator's templates (kinds, titles, settings, days). */
    async saveTemplate(actor: Actor, workshopId: string, input: unknown): Promise<Result<AgendaTemplateView>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        // Reading an archived workshop's agenda changes nothing of it.
        whenArchived: "allow",
        schema: saveTemplateSchema,
        resolve: async (tx, { name }, { now }) => {
          if (actor.kind !== "facilitator") return fail("forbidden", "Facilitators only.");
          const steps = (await loadAgenda(tx, workshopId)).map((s) => ({
            kind: s.kind,
            title: s.title,
            settings: reusableSettings(s.settings),
            day: s.day,
          }));
          const template = { id: random.uuid(), name, steps, createdAt: now };
          await tx.insert(agendaTemplates).values({ ...template, facilitatorId: actor.facilitatorId });
          return ok({ data: template, events: [] });
        },
      });
    },

    async listTemplates(actor: Actor): Promise<Result<AgendaTemplateView[]>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators have templates.");
      return ok(await templatesOf(actor.facilitatorId));
    },

    async deleteTemplate(actor: Actor, input: unknown): Promise<Result<{ id: string }>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators have templates.");
      const parsed = templateRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const mine = and(eq(agendaTemplates.id, parsed.data.templateId), eq(agendaTemplates.facilitatorId, actor.facilitatorId));
      const removed = await transaction(db, (tx) => tx.delete(agendaTemplates).where(mine).returning({ id: agendaTemplates.id }));
      return removed.length ? ok({ id: parsed.data.templateId }) : refuse("not_found", "lifeTemplateGone", "No such template.");
    },
  };
}
