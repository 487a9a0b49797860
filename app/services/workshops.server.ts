import { and, desc, eq, sql } from "drizzle-orm";
import { participants, type Workshop, workshopFacilitators, workshops } from "../db/schema";
import { generateJoinCode } from "../domain/join-code";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import {
  createWorkshopSchema,
  joinCodeSchema,
  setWorkshopStatusSchema,
  type WorkshopStatus,
  workshopSettingsSchema,
} from "../domain/schemas";
import type { WorkshopView } from "../domain/workshop-state";
import type { Actor } from "./actor";
import { insertTemplateAgenda } from "./agenda.server";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";
import { workshopView } from "./views.server";

export type WorkshopListItem = WorkshopView & { participantCount: number; createdAt: number };
export type FacilitatorWorkshop = WorkshopView & { displayToken: string };

const notFound = () => fail("not_found", "There is no workshop with this code.");

export function createWorkshopService({ db, publish, clock, random }: ServiceDeps) {
  function manages(facilitatorId: string, workshopId: string): boolean {
    return Boolean(
      db
        .select({ id: workshopFacilitators.workshopId })
        .from(workshopFacilitators)
        .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId)))
        .get(),
    );
  }

  /** AUTH for facilitator-only actions: the same refusal for "no such workshop" and "not yours". */
  function managedWorkshop(actor: Actor, workshopId: string): Result<Workshop> {
    if (actor.kind !== "facilitator") return fail("forbidden", "Only the workshop's facilitators can do this.");
    const row = db.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!row || !manages(actor.facilitatorId, workshopId)) return fail("not_found", "Workshop not found.");
    return ok(row);
  }

  function uniqueJoinCode(): string {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateJoinCode(random.int);
      if (!db.select({ id: workshops.id }).from(workshops).where(eq(workshops.joinCode, code)).get()) return code;
    }
    // 25^6 ≈ 244 million codes: twenty collisions in a row means something else is wrong.
    throw new Error("Could not find a free join code");
  }

  return {
    managedWorkshop,
    manages,

    create(actor: Actor, input: unknown): Result<FacilitatorWorkshop> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators can create workshops.");
      const parsed = createWorkshopSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const { anonymity, roles, ...fields } = parsed.data;
      const now = clock();
      const row: Workshop = {
        id: random.uuid(),
        title: fields.title,
        hostOrganisation: fields.hostOrganisation,
        theme: fields.theme ?? null,
        venue: fields.venue ?? null,
        startsOn: fields.startsOn ?? null,
        endsOn: fields.endsOn ?? null,
        joinCode: uniqueJoinCode(),
        displayToken: random.token(24),
        status: "draft",
        settings: workshopSettingsSchema.parse({ anonymity, roles }),
        currentStepId: null,
        pinnedContributionId: null,
        lastSeq: 0,
        createdAt: now,
        updatedAt: now,
      };
      db.transaction((tx) => {
        tx.insert(workshops).values(row).run();
        const lobbyStepId = insertTemplateAgenda(tx, row.id, now, random.uuid);
        tx.update(workshops).set({ currentStepId: lobbyStepId }).where(eq(workshops.id, row.id)).run();
        tx.insert(workshopFacilitators)
          .values({ workshopId: row.id, facilitatorId: actor.facilitatorId, role: "owner", addedAt: now })
          .run();
      });
      return ok({ ...workshopView(row), displayToken: row.displayToken });
    },

    listForFacilitator(actor: Actor): Result<WorkshopListItem[]> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Only facilitators have workshops.");
      const rows = db
        .select({
          workshop: workshops,
          participantCount: sql<number>`(select count(*) from ${participants} where ${participants.workshopId} = ${workshops.id})`,
        })
        .from(workshops)
        .innerJoin(workshopFacilitators, eq(workshopFacilitators.workshopId, workshops.id))
        .where(eq(workshopFacilitators.facilitatorId, actor.facilitatorId))
        .orderBy(desc(workshops.createdAt))
        .all();
      return ok(
        rows.map(({ workshop, participantCount }) => ({
          ...workshopView(workshop),
          participantCount,
          createdAt: workshop.createdAt,
        })),
      );
    },

    getForFacilitator(actor: Actor, workshopId: string): Result<FacilitatorWorkshop> {
      const found = managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      return ok({ ...workshopView(found.data), displayToken: found.data.displayToken });
    },

    /** What a phone sees before joining: refuses unknown and closed workshops with a clear message. */
    findForJoining(code: unknown): Result<WorkshopView> {
      const parsed = joinCodeSchema.safeParse(code);
      if (!parsed.success) return notFound();
      const row = db.select().from(workshops).where(eq(workshops.joinCode, parsed.data)).get();
      if (!row) return notFound();
      if (row.status === "closed") return fail("workshop_closed", "This workshop has ended; it no longer takes participants.");
      return ok(workshopView(row));
    },

    findByDisplayToken(token: string): Result<WorkshopView> {
      if (!token || token.length > 100) return fail("not_found", "This display link is not valid.");
      const row = db.select().from(workshops).where(eq(workshops.displayToken, token)).get();
      return row ? ok(workshopView(row)) : fail("not_found", "This display link is not valid (it may have been replaced).");
    },

    setStatus(actor: Actor, workshopId: string, input: unknown): Result<{ status: WorkshopStatus }> {
      const found = managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      const parsed = setWorkshopStatusSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const { status } = parsed.data;
      if (found.data.status === status) return ok({ status });
      const now = clock();
      const event = db.transaction((tx) => {
        tx.update(workshops).set({ status, updatedAt: now }).where(eq(workshops.id, workshopId)).run();
        return appendEvent(tx, workshopId, actor, { type: "workshop.statusChanged", payload: { status } }, now);
      });
      publish.events(workshopId, [event]);
      return ok({ status });
    },

    /** Revokes the projector link: the old token stops working at once, open displays included. */
    rotateDisplayToken(actor: Actor, workshopId: string): Result<{ displayToken: string }> {
      const found = managedWorkshop(actor, workshopId);
      if (!found.ok) return found;
      const displayToken = random.token(24);
      db.update(workshops).set({ displayToken, updatedAt: clock() }).where(eq(workshops.id, workshopId)).run();
      publish.displaysRevoked(workshopId);
      return ok({ displayToken });
    },
  };
}
