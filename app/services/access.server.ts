import { and, eq } from "drizzle-orm";
import type { Reader } from "../db/client.server";
import { first } from "../db/first.server";
import type { Participant, Workshop } from "../db/schema";
import { fail, ok, type Result, refuse } from "../domain/result";
import type { Actor } from "./actor";

/**
 * Who may act on a workshop, answered in one place: every service's AUTH step and the socket
 * handshake ask here.
 */

/** Whether this facilitator is on the workshop's team (owner or co-facilitator). */
export async function managesWorkshop(db: Reader, facilitatorId: string, workshopId: string): Promise<boolean> {
  const { workshopFacilitators } = db.tables;
  return Boolean(
    await first(
      db
        .select({ id: workshopFacilitators.workshopId })
        .from(workshopFacilitators)
        .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId))),
    ),
  );
}

/** A facilitator of this workshop: the same refusal for "no such workshop" and "not yours". */
export async function asFacilitator(db: Reader, actor: Actor, workshopId: string, forbidden?: string): Promise<Result<Workshop>> {
  const { workshops } = db.tables;
  if (actor.kind !== "facilitator") return fail("forbidden", forbidden ?? "Only the workshop's facilitators can do this.");
  const row = await first(db.select().from(workshops).where(eq(workshops.id, workshopId)));
  if (!row || !(await managesWorkshop(db, actor.facilitatorId, workshopId))) return fail("not_found", "Workshop not found.");
  return ok(row);
}

/** This facilitator's place on the workshop's team, or null when they are not on it. */
export async function teamRole(
  db: Reader,
  facilitatorId: string,
  workshopId: string,
): Promise<"owner" | "co_facilitator" | null> {
  const { workshopFacilitators } = db.tables;
  const row = await first(
    db
      .select({ role: workshopFacilitators.role })
      .from(workshopFacilitators)
      .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId))),
  );
  return row?.role ?? null;
}

/**
 * The workshop's owner: what only they may do (manage the team, delete the workshop). A
 * co-facilitator is told why; anyone else gets the same refusal as `asFacilitator`.
 */
export async function asOwner(db: Reader, actor: Actor, workshopId: string): Promise<Result<Workshop>> {
  const workshop = await asFacilitator(db, actor, workshopId);
  if (!workshop.ok || actor.kind !== "facilitator") return workshop;
  if ((await teamRole(db, actor.facilitatorId, workshopId)) !== "owner")
    return refuse("forbidden", "ownerOnly", "Only the workshop's owner can do this.");
  return workshop;
}

/** Whether the workshop is archived (read-only): the command pipeline refuses every write then. */
export async function isArchived(db: Reader, workshopId: string): Promise<boolean> {
  const { workshops } = db.tables;
  const row = await first(db.select({ archivedAt: workshops.archivedAt }).from(workshops).where(eq(workshops.id, workshopId)));
  return row?.archivedAt != null;
}

/** A participant of this workshop, as stored now (helix and role included). */
export async function asParticipant(
  db: Reader,
  actor: Actor,
  workshopId: string,
  forbidden?: string,
): Promise<Result<Participant>> {
  const { participants } = db.tables;
  const refusal = () => fail("forbidden", forbidden ?? "You are not a participant of this workshop.");
  if (actor.kind !== "participant" || actor.workshopId !== workshopId) return refusal();
  const me = await first(db.select().from(participants).where(eq(participants.id, actor.participantId)));
  // A removed participant's token no longer works (their sockets were dropped; a late message is refused).
  return me && me.workshopId === workshopId && me.removedAt === null ? ok(me) : refusal();
}
