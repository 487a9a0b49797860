import { and, eq } from "drizzle-orm";
import type { Reader } from "../db/client.server";
import { type Participant, participants, type Workshop, workshopFacilitators, workshops } from "../db/schema";
import { fail, ok, type Result, refuse } from "../domain/result";
import type { Actor } from "./actor";

/**
 * Who may act on a workshop, answered in one place: every service's AUTH step and the socket
 * handshake ask here.
 */

/** Whether this facilitator is on the workshop's team (owner or co-facilitator). */
export function managesWorkshop(db: Reader, facilitatorId: string, workshopId: string): boolean {
  return Boolean(
    db
      .select({ id: workshopFacilitators.workshopId })
      .from(workshopFacilitators)
      .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId)))
      .get(),
  );
}

/** A facilitator of this workshop: the same refusal for "no such workshop" and "not yours". */
export function asFacilitator(db: Reader, actor: Actor, workshopId: string, forbidden?: string): Result<Workshop> {
  if (actor.kind !== "facilitator") return fail("forbidden", forbidden ?? "Only the workshop's facilitators can do this.");
  const row = db.select().from(workshops).where(eq(workshops.id, workshopId)).get();
  if (!row || !managesWorkshop(db, actor.facilitatorId, workshopId)) return fail("not_found", "Workshop not found.");
  return ok(row);
}

/** This facilitator's place on the workshop's team, or null when they are not on it. */
export function teamRole(db: Reader, facilitatorId: string, workshopId: string): "owner" | "co_facilitator" | null {
  const row = db
    .select({ role: workshopFacilitators.role })
    .from(workshopFacilitators)
    .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId)))
    .get();
  return row?.role ?? null;
}

/**
 * The workshop's owner: what only they may do (manage the team, delete the workshop). A
 * co-facilitator is told why; anyone else gets the same refusal as `asFacilitator`.
 */
export function asOwner(db: Reader, actor: Actor, workshopId: string): Result<Workshop> {
  const workshop = asFacilitator(db, actor, workshopId);
  if (!workshop.ok || actor.kind !== "facilitator") return workshop;
  if (teamRole(db, actor.facilitatorId, workshopId) !== "owner")
    return refuse("forbidden", "ownerOnly", "Only the workshop's owner can do this.");
  return workshop;
}

/** Whether the workshop is archived (read-only): the command pipeline refuses every write then. */
export function isArchived(db: Reader, workshopId: string): boolean {
  const row = db.select({ archivedAt: workshops.archivedAt }).from(workshops).where(eq(workshops.id, workshopId)).get();
  return row?.archivedAt != null;
}

/** A participant of this workshop, as stored now (helix and role included). */
export function asParticipant(db: Reader, actor: Actor, workshopId: string, forbidden?: string): Result<Participant> {
  const refusal = () => fail("forbidden", forbidden ?? "You are not a participant of this workshop.");
  if (actor.kind !== "participant" || actor.workshopId !== workshopId) return refusal();
  const me = db.select().from(participants).where(eq(participants.id, actor.participantId)).get();
  // A removed participant's token no longer works (their sockets were dropped; a late message is refused).
  return me && me.workshopId === workshopId && me.removedAt === null ? ok(me) : refusal();
}
