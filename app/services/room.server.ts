import { asc, eq } from "drizzle-orm";
import { loadAgenda } from "../db/queries/agenda.server";
import { loadContributions } from "../db/queries/contributions.server";
import { endorsementCounts, loadRecommendations, myEndorsements } from "../db/queries/recommendations.server";
import { lobbyParticipant, workshopView } from "../db/queries/views.server";
import { participants, workshops } from "../db/schema";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import { syncSchema } from "../domain/schemas";
import type { SyncResult } from "../domain/sync";
import { type Audience, eventForAudience, stateForAudience, type WorkshopState } from "../domain/workshop-state";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";
import { eventsSince } from "./event-log.server";
import type { createVoteResults } from "./voting/results.server";
import type { createWorkshopService, FacilitatorWorkshop } from "./workshops.server";

/** A client further behind than this gets a fresh snapshot rather than a long replay. */
export const MAX_REPLAY = 500;

export function createRoomService(
  { db, clock }: ServiceDeps,
  workshopService: ReturnType<typeof createWorkshopService>,
  voting: ReturnType<typeof createVoteResults>,
) {
  /** The workshop and its participants as of one `seq`, read in one transaction so both agree. */
  function snapshot(workshopId: string, audience: Audience): WorkshopState | null {
    const state = db.transaction((tx) => {
      const row = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
      if (!row) return null;
      const people = tx
        .select()
        .from(participants)
        .where(eq(participants.workshopId, workshopId))
        .orderBy(asc(participants.joinedAt))
        .all();
      return {
        seq: row.lastSeq,
        workshop: workshopView(row),
        participants: people.map(lobbyParticipant),
        steps: loadAgenda(tx, workshopId),
        currentStepId: row.currentStepId,
        contributions: loadContributions(tx, workshopId),
        pinnedId: row.pinnedContributionId,
        tallies: null,
        recommendations: loadRecommendations(tx, workshopId),
      };
    });
    return state && { ...stateForAudience(state, audience), tallies: voting.currentTallies(workshopId, audience) };
  }

  return {
    snapshot,

    /** A participant's own points in the current vote step (null outside vote steps). */
    ballot: (actor: Actor, workshopId: string) => voting.myBallot(actor, workshopId),

    /** The facilitator's workshop page: the workshop with its secrets, and the room with names. */
    forFacilitator(actor: Actor, workshopId: string): Result<{ workshop: FacilitatorWorkshop; state: WorkshopState }> {
      const found = workshopService.getForFacilitator(actor, workshopId);
      if (!found.ok) return found;
      const state = snapshot(workshopId, "facilitator");
      return state ? ok({ workshop: found.data, state }) : fail("not_found", "Workshop not found.");
    },

    /** The projector page: the room as the room may see it. */
    forDisplay(displayToken: string): Result<{ state: WorkshopState }> {
      const found = workshopService.findByDisplayToken(displayToken);
      if (!found.ok) return found;
      const state = snapshot(found.data.id, "room");
      return state ? ok({ state }) : fail("not_found", "Workshop not found.");
    },

    settings(workshopId: string) {
      return (
        db.select({ settings: workshops.settings }).from(workshops).where(eq(workshops.id, workshopId)).get()?.settings ?? null
      );
    },

    /** What a (re)connecting client missed since `lastSeq`: the events, or a snapshot when too far behind. */
    sync(workshopId: string, audience: Audience, input: unknown, actor?: Actor): Result<SyncResult> {
      const parsed = syncSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const row = db
        .select({ lastSeq: workshops.lastSeq, settings: workshops.settings })
        .from(workshops)
        .where(eq(workshops.id, workshopId))
        .get();
      if (!row) return fail("not_found", "Workshop not found.");
      const { lastSeq } = parsed.data;
      const extras = () => ({
        serverTime: clock(),
        tallies: voting.currentTallies(workshopId, audience),
        ballot: actor ? voting.myBallot(actor, workshopId) : null,
        endorsements: endorsementCounts(db, workshopId),
        myEndorsements:
          actor?.kind === "participant" && actor.workshopId === workshopId
            ? myEndorsements(db, actor.participantId, workshopId)
            : [],
      });
      if (lastSeq > row.lastSeq || row.lastSeq - lastSeq > MAX_REPLAY) {
        const state = snapshot(workshopId, audience);
        return state ? ok({ mode: "snapshot", snapshot: state, ...extras() }) : fail("not_found", "Workshop not found.");
      }
      const missed = eventsSince(db, workshopId, lastSeq, MAX_REPLAY);
      return ok({
        mode: "events",
        events: missed.map((event) => eventForAudience(event, audience, row.settings)),
        ...extras(),
      });
    },
  };
}
