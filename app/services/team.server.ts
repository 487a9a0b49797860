import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { first } from "../db/first.server";
import { fail, ok, type Result, refuse } from "../domain/result";
import { asFacilitator, asOwner, teamRole } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import { hashToken, type ServiceDeps } from "./deps.server";

/** An invitation link works for a week, once. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 3600_000;

export type TeamRole = "owner" | "co_facilitator";
export type TeamMember = { facilitatorId: string; name: string; email: string; role: TeamRole; addedAt: number };
export type PendingInvitation = { id: string; createdAt: number; expiresAt: number; invitedBy: string };
export type Team = {
  /** The asking facilitator's own role: screens show the controls to the owner only. */
  myRole: TeamRole;
  members: TeamMember[];
  /** Links not yet used, revoked or expired (the link itself is shown once, when it is made). */
  pending: PendingInvitation[];
};
/** What a facilitator who opened a link is invited to. */
export type InvitationView = { workshopId: string; workshopTitle: string; invitedBy: string; alreadyOnTeam: boolean };

/** An open invitation is named on screens by its hash: unique, and no use as a link. */
const invitationId = (tokenHash: string) => tokenHash;
const tokenSchema = z.string().min(10).max(100);
const invitationRefSchema = z.object({ invitation: z.string().min(1).max(100) });
const memberRefSchema = z.object({ facilitatorId: z.string().min(1).max(100) });

/**
 * The workshop's team: the owner invites co-facilitators with single-use links (no e-mail: the
 * owner copies the link), revokes links and removes co-facilitators; every member sees the team.
 * Writes go through the command pipeline (AUTH: the owner; one transaction); the team is not part
 * of the room's event log, so they log no events.
 */
export function createTeamService({ db, clock, random, publish }: ServiceDeps, run: RunCommand) {
  const { facilitators, workshopFacilitators, workshopInvitations, workshops } = db.tables;
  /** Why a link no longer works, or the invitation it stands for (`now` decides expiry). */
  async function usableInvitation(token: unknown, facilitatorId: string, now: number) {
    const parsed = tokenSchema.safeParse(token);
    const row = parsed.success
      ? await first(
          db
            .select()
            .from(workshopInvitations)
            .where(eq(workshopInvitations.tokenHash, hashToken(parsed.data))),
        )
      : undefined;
    if (!row) return refuse("not_found", "invitationUnknown", "This invitation link is not valid.");
    if (row.revokedAt !== null) return refuse("not_found", "invitationRevoked", "This invitation was withdrawn.");
    // Opened again by whoever accepted it, while on the team, it still takes them to the workshop;
    // removed from the team since, they cannot come back with it.
    const stillTheirs = row.acceptedBy === facilitatorId && (await teamRole(db, facilitatorId, row.workshopId)) !== null;
    if (row.acceptedBy !== null && !stillTheirs)
      return refuse("not_found", "invitationUsed", "This invitation link has already been used.");
    if (row.acceptedBy === null && now >= row.expiresAt)
      return refuse("not_found", "invitationExpired", "This invitation link has expired.");
    return ok(row);
  }

  const nameOf = async (facilitatorId: string) =>
    (await first(db.select({ name: facilitators.name }).from(facilitators).where(eq(facilitators.id, facilitatorId))))?.name ??
    "";

  return {
    /** A new single-use link (its secret part); only the owner invites. */
    async invite(actor: Actor, workshopId: string): Promise<Result<{ token: string; expiresAt: number }>> {
      return run(
        actor,
        workshopId,
        {},
        {
          authorize: asOwner,
          schema: z.object({}),
          resolve: async (tx, _input, { now }) => {
            const token = random.token(32);
            const expiresAt = now + INVITATION_LIFETIME_MS;
            await tx.insert(workshopInvitations).values({
              tokenHash: hashToken(token),
              workshopId,
              createdBy: (actor as Extract<Actor, { kind: "facilitator" }>).facilitatorId,
              createdAt: now,
              expiresAt,
            });
            return ok({ data: { token, expiresAt }, events: [] });
          },
        },
      );
    },

    /** Who has access and which links are still open: for every member of the team. */
    async team(actor: Actor, workshopId: string): Promise<Result<Team>> {
      const workshop = await asFacilitator(db, actor, workshopId);
      if (!workshop.ok || actor.kind !== "facilitator") return workshop as Result<never>;
      const members = await db
        .select({
          facilitatorId: workshopFacilitators.facilitatorId,
          name: facilitators.name,
          email: facilitators.email,
          role: workshopFacilitators.role,
          addedAt: workshopFacilitators.addedAt,
        })
        .from(workshopFacilitators)
        .innerJoin(facilitators, eq(facilitators.id, workshopFacilitators.facilitatorId))
        .where(eq(workshopFacilitators.workshopId, workshopId))
        // The owner first, then co-facilitators in the order they joined.
        .orderBy(sql`${workshopFacilitators.role} = 'owner' desc`, asc(workshopFacilitators.addedAt));
      const now = clock();
      const pending = (
        await db
          .select({
            tokenHash: workshopInvitations.tokenHash,
            createdAt: workshopInvitations.createdAt,
            expiresAt: workshopInvitations.expiresAt,
            invitedBy: facilitators.name,
          })
          .from(workshopInvitations)
          .innerJoin(facilitators, eq(facilitators.id, workshopInvitations.createdBy))
          .where(
            and(
              eq(workshopInvitations.workshopId, workshopId),
              isNull(workshopInvitations.acceptedAt),
              isNull(workshopInvitations.revokedAt),
              sql`${workshopInvitations.expiresAt} > ${now}`,
            ),
          )
          .orderBy(asc(workshopInvitations.createdAt))
      ).map(({ tokenHash, ...rest }) => ({ id: invitationId(tokenHash), ...rest }));
      const myRole = (await teamRole(db, actor.facilitatorId, workshopId)) ?? "co_facilitator";
      return ok({ myRole, members, pending });
    },

    /** Withdraws a link nobody has used yet. */
    async revokeInvitation(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ revoked: true }>> {
      return run(actor, workshopId, input, {
        authorize: asOwner,
        schema: invitationRefSchema,
        resolve: async (tx, { invitation }, { now }) => {
          const changed = (
            await tx
              .update(workshopInvitations)
              .set({ revokedAt: now })
              .where(
                and(
                  eq(workshopInvitations.tokenHash, invitation),
                  eq(workshopInvitations.workshopId, workshopId),
                  isNull(workshopInvitations.acceptedAt),
                  isNull(workshopInvitations.revokedAt),
                ),
              )
              .returning({ tokenHash: workshopInvitations.tokenHash })
          ).length;
          if (!changed) return refuse("not_found", "invitationNotPending", "No open invitation of this workshop has that id.");
          return ok({ data: { revoked: true as const }, events: [] });
        },
      });
    },

    /** Takes a co-facilitator off the team: their open pages lose the workshop at once. */
    async removeFacilitator(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ removed: true }>> {
      let removed: string | null = null;
      const result = await run(actor, workshopId, input, {
        authorize: asOwner,
        schema: memberRefSchema,
        resolve: async (tx, { facilitatorId }) => {
          const role = await teamRole(tx, facilitatorId, workshopId);
          if (role === "owner") return refuse("forbidden", "ownerStays", "The owner cannot be removed from the team.");
          if (role === null) return refuse("not_found", "notOnTeam", "This facilitator is not on the team.");
          await tx
            .delete(workshopFacilitators)
            .where(and(eq(workshopFacilitators.workshopId, workshopId), eq(workshopFacilitators.facilitatorId, facilitatorId)));
          removed = facilitatorId;
          return ok({ data: { removed: true as const }, events: [] });
        },
      });
      if (removed) publish.facilitatorRemoved(workshopId, removed);
      return result;
    },

    /** What a logged-in facilitator who opened a link is invited to, or why the link does not work. */
    async invitation(actor: Actor, token: unknown): Promise<Result<InvitationView>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Log in to accept an invitation.");
      const found = await usableInvitation(token, actor.facilitatorId, clock());
      if (!found.ok) return found;
      const workshop = await first(
        db.select({ title: workshops.title }).from(workshops).where(eq(workshops.id, found.data.workshopId)),
      );
      if (!workshop) return refuse("not_found", "invitationUnknown", "This invitation link is not valid.");
      return ok({
        workshopId: found.data.workshopId,
        workshopTitle: workshop.title,
        invitedBy: await nameOf(found.data.createdBy),
        alreadyOnTeam: (await teamRole(db, actor.facilitatorId, found.data.workshopId)) !== null,
      });
    },

    /**
     * Joins the team with a link: used once, by one facilitator. Someone already on the team (the
     * owner trying their own link) is taken to the workshop and leaves the link unused.
     */
    async accept(actor: Actor, token: unknown): Promise<Result<{ workshopId: string }>> {
      if (actor.kind !== "facilitator") return fail("forbidden", "Log in to accept an invitation.");
      const found = await usableInvitation(token, actor.facilitatorId, clock());
      if (!found.ok) return found;
      const { workshopId, tokenHash } = found.data;
      return run(
        actor,
        workshopId,
        {},
        {
          authorize: (_db, who) => (who.kind === "facilitator" ? ok(who) : fail("forbidden", "Log in to accept an invitation.")),
          schema: z.object({}),
          resolve: async (tx, _input, { now }) => {
            if ((await teamRole(tx, actor.facilitatorId, workshopId)) !== null) return ok({ data: { workshopId }, events: [] });
            // Claimed in the same transaction as the membership: two facilitators racing for one link, one wins.
            const claimed = (
              await tx
                .update(workshopInvitations)
                .set({ acceptedBy: actor.facilitatorId, acceptedAt: now })
                .where(
                  and(
                    eq(workshopInvitations.tokenHash, tokenHash),
                    isNull(workshopInvitations.acceptedAt),
                    isNull(workshopInvitations.revokedAt),
                  ),
                )
                .returning({ tokenHash: workshopInvitations.tokenHash })
            ).length;
            if (!claimed) return refuse("not_found", "invitationUsed", "This invitation link has already been used.");
            await tx
              .insert(workshopFacilitators)
              .values({ workshopId, facilitatorId: actor.facilitatorId, role: "co_facilitator", addedAt: now });
            return ok({ data: { workshopId }, events: [] });
          },
        },
      );
    },
  };
}
