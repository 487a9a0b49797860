import { desc, eq, sql } from "drizzle-orm";
import { first } from "../db/first.server";
import { facilitatorTemplate, insertTemplateAgenda, loadAgenda, roomNow } from "../db/queries/agenda.server";
import { workshopDetails, workshopView } from "../db/queries/views.server";
import { uniqueWorkshopKeys } from "../db/queries/workshops.server";
import type { Workshop } from "../db/schema";
import { transaction } from "../db/transaction.server";
import { LANGUAGES, type WorkshopLanguages } from "../domain/languages";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import {
  createWorkshopSchema,
  joinCodeSchema,
  settingsWithDefaults,
  setWorkshopStatusSchema,
  timerSoundSchema,
  type WorkshopStatus,
  workshopLanguagesSchema,
  workshopSettingsSchema,
} from "../domain/schemas";
import { archivedRefusal, FRESH_WORKSHOP_STATE } from "../domain/workshop-life";
import type { NewWorkshopEvent, WorkshopView } from "../domain/workshop-state";
import { asFacilitator, managesWorkshop } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";
import { settleElectorates } from "./voting/electorate.server";

export type WorkshopListItem = WorkshopView & {
  participantCount: number;
  createdAt: number;
  archived: boolean;
  /** The facilitator's place on its team: they see the workshops they co-facilitate too. */
  role: "owner" | "co_facilitator";
};
export type FacilitatorWorkshop = WorkshopView & { displayToken: string };

const notFound = () => fail("not_found", "There is no workshop with this code.");

export function createWorkshopService({ db, publish, clock, random }: ServiceDeps, run: RunCommand) {
  const { participants, workshopFacilitators, workshops } = db.tables;
  const manages = (facilitatorId: string, workshopId: string) => managesWorkshop(db, facilitatorId, workshopId);
  const managedWorkshop = async (actor: Actor, workshopId: string): Promise<Result<Workshop>> =>
    await asFacilitator(db, actor, workshopId);

  return {
    managedWorkshop,
    manages,

    async create(actor: Actor, input: unknown): Promise<Result<FacilitatorWorkshop>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators can create workshops.");
      const parsed = createWorkshopSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const { anonymity, roles, helices, languages, defaultLanguage, template, ...fields } = parsed.data;
      // The peer-review day, or one of the facilitator's own templates.
      const steps =
        template && template !== "peer-review" ? await facilitatorTemplate(db, actor.facilitatorId, template) : undefined;
      if (steps === null) return fail("validation", "Choose one of your templates.", { template: { key: "invalidChoice" } });
      const now = clock();
      const row: Workshop = {
        id: random.uuid(),
        title: fields.title,
        hostOrganisation: fields.hostOrganisation,
        theme: fields.theme ?? null,
        venue: fields.venue ?? null,
        startsOn: fields.startsOn ?? null,
        endsOn: fields.endsOn ?? null,
        ...(await uniqueWorkshopKeys(db, random)),
        ...FRESH_WORKSHOP_STATE,
        settings: workshopSettingsSchema.parse({ anonymity, roles, helices, languages, defaultLanguage }),
        retentionDays: null,
        createdAt: now,
        updatedAt: now,
      };
      await transaction(db, async (tx) => {
        await tx.insert(workshops).values(row);
        const lobbyStepId = await insertTemplateAgenda(tx, row.id, now, random.uuid, steps);
        await tx.update(workshops).set({ currentStepId: lobbyStepId }).where(eq(workshops.id, row.id));
        await tx
          .insert(workshopFacilitators)
          .values({ workshopId: row.id, facilitatorId: actor.facilitatorId, role: "owner", addedAt: now });
      });
      return ok({ ...workshopView(row), displayToken: row.displayToken });
    },

    async listForFacilitator(actor: Actor): Promise<Result<WorkshopListItem[]>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators have workshops.");
      const rows = await db
        .select({
          workshop: workshops,
          participantCount:
            sql<number>`(select count(*) from ${participants} where ${participants.workshopId} = ${workshops.id})`.mapWith(
              Number,
            ),
          role: workshopFacilitators.role,
        })
        .from(workshops)
        .innerJoin(workshopFacilitators, eq(workshopFacilitators.workshopId, workshops.id))
        .where(eq(workshopFacilitators.facilitatorId, actor.facilitatorId))
        .orderBy(desc(workshops.createdAt));
      return ok(
        rows.map(({ workshop, participantCount, role }) => ({
          ...workshopView(workshop),
          participantCount,
          role,
          createdAt: workshop.createdAt,
          archived: workshop.archivedAt !== null,
        })),
      );
    },

    async getForFacilitator(actor: Actor, workshopId: string): Promise<Result<FacilitatorWorkshop>> {
      const found = await managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      return ok({ ...workshopView(found.data), displayToken: found.data.displayToken });
    },

    /** What a phone sees before joining: refuses unknown and closed workshops with a clear message. */
    async findForJoining(code: unknown): Promise<Result<WorkshopView>> {
      const parsed = joinCodeSchema.safeParse(code);
      if (!parsed.success) return notFound();
      const row = await first(db.select().from(workshops).where(eq(workshops.joinCode, parsed.data)));
      if (!row) return notFound();
      if (row.status === "closed") return fail("workshop_closed", "This workshop has ended; it no longer takes participants.");
      return ok(workshopView(row));
    },

    async findByDisplayToken(token: string): Promise<Result<WorkshopView>> {
      if (!token || token.length > 100) return fail("not_found", "This display link is not valid.");
      const row = await first(db.select().from(workshops).where(eq(workshops.displayToken, token)));
      return row ? ok(workshopView(row)) : fail("not_found", "This display link is not valid (it may have been replaced).");
    },

    /** Opens, pauses or closes the workshop. Closing ends the vote in progress: its electorate is kept. */
    async setStatus(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ status: WorkshopStatus }>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: setWorkshopStatusSchema,
        resolve: async (tx, { status }, { actor: workshop, now }) => {
          if (workshop.status === status) return ok({ data: { status }, events: [] });
          // Retention (erase personal data N days after closing) counts from the last closing.
          const closedAt = status === "closed" ? now : null;
          await tx.update(workshops).set({ status, closedAt, updatedAt: now }).where(eq(workshops.id, workshopId));
          const events: NewWorkshopEvent[] = [{ type: "workshop.statusChanged", payload: { status } }];
          const { step } = await roomNow(tx, workshopId);
          const room = { stepId: step?.id ?? null, kind: step?.kind };
          if (await settleElectorates(tx, workshopId, { ...room, status: workshop.status }, { ...room, status }))
            events.push({ type: "agenda.changed", payload: { steps: await loadAgenda(tx, workshopId) } });
          return ok({ data: { status }, events });
        },
      });
    },

    /** Which languages the workshop's phones and projector offer, and which one they start in. */
    async setLanguages(actor: Actor, workshopId: string, input: unknown): Promise<Result<WorkshopLanguages>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: workshopLanguagesSchema,
        resolve: async (tx, { languages, defaultLanguage }, { actor: workshop, now }) => {
          const ordered = LANGUAGES.filter((l) => languages.includes(l));
          const settings = { ...settingsWithDefaults(workshop.settings), languages: ordered, defaultLanguage };
          await tx.update(workshops).set({ settings, updatedAt: now }).where(eq(workshops.id, workshopId));
          // Logged and sent like any settings change: open phones and projectors hold the new list
          // (the header's language switch reads it from the page's loader, on the next load).
          return ok({
            data: { languages: ordered, defaultLanguage },
            events: [{ type: "workshop.updated", payload: { details: workshopDetails({ ...workshop, settings }) } }],
          });
        },
      });
    },

    /** Switches the projector's chime at the end of a timer on or off; the projector follows live. */
    async setTimerSound(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ timerSound: boolean }>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: timerSoundSchema,
        resolve: async (tx, { timerSound }, { actor: workshop, now }) => {
          const current = settingsWithDefaults(workshop.settings);
          if (current.timerSound === timerSound) return ok({ data: { timerSound }, events: [] });
          await tx
            .update(workshops)
            .set({ settings: { ...current, timerSound }, updatedAt: now })
            .where(eq(workshops.id, workshopId));
          return ok({ data: { timerSound }, events: [{ type: "workshop.timerSoundChanged", payload: { timerSound } }] });
        },
      });
    },

    /**
     * The languages of the workshop a phone (by join code) or a projector (by display token) belongs
     * to, for choosing the page's language; null when there is no such workshop.
     */
    async languagesOf(key: { joinCode: string } | { displayToken: string }): Promise<WorkshopLanguages | null> {
      let row: { settings: Workshop["settings"] } | undefined;
      if ("joinCode" in key) {
        const code = joinCodeSchema.safeParse(key.joinCode);
        row = code.success
          ? await first(db.select({ settings: workshops.settings }).from(workshops).where(eq(workshops.joinCode, code.data)))
          : undefined;
      } else if (key.displayToken && key.displayToken.length <= 100) {
        row = await first(
          db.select({ settings: workshops.settings }).from(workshops).where(eq(workshops.displayToken, key.displayToken)),
        );
      }
      if (!row) return null;
      const { languages, defaultLanguage } = settingsWithDefaults(row.settings);
      return { languages, defaultLanguage };
    },

    /** Revokes the projector link: the old token stops working at once, open displays included. */
    async rotateDisplayToken(actor: Actor, workshopId: string): Promise<Result<{ displayToken: string }>> {
      const found = await managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      if (found.data.archivedAt !== null) return archivedRefusal();
      const displayToken = random.token(24);
      await transaction(db, (tx) =>
        tx.update(workshops).set({ displayToken, updatedAt: clock() }).where(eq(workshops.id, workshopId)),
      );
      publish.displaysRevoked(workshopId);
      return ok({ displayToken });
    },
  };
}
