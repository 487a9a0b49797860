import { and, asc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { first } from "../db/first.server";
import { jsonValue, preparedStatement } from "../db/hot-statement.server";
import { loadAgenda } from "../db/queries/agenda.server";
import { loadContributions } from "../db/queries/contributions.server";
import { endorsementCountsOf, endorsementCountsQuery, loadRecommendations } from "../db/queries/recommendations.server";
import { lobbyParticipant, workshopView } from "../db/queries/views.server";
import { transaction } from "../db/transaction.server";
import type { Helix } from "../domain/helix";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import { syncSchema, type WorkshopSettings } from "../domain/schemas";
import { isVoteStep, type StepKind } from "../domain/step-kinds";
import type { SyncResult } from "../domain/sync";
import {
  type Audience,
  eventForAudience,
  stateForAudience,
  type WorkshopEvent,
  type WorkshopState,
} from "../domain/workshop-state";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";
import type { createVoteResults } from "./voting/results.server";
import type { createWorkshopService, FacilitatorWorkshop } from "./workshops.server";

/** A client further behind than this gets a fresh snapshot rather than a long replay. */
export const MAX_REPLAY = 500;

/** How many distinct replays (workshop, audience, from, to) are kept for phones that ask the same. */
const REPLAY_CACHE_SIZE = 64;

export function createRoomService(
  { db, clock }: ServiceDeps,
  workshopService: ReturnType<typeof createWorkshopService>,
  voting: ReturnType<typeof createVoteResults>,
) {
  const { agendaSteps, endorsements, events, participants, workshops } = db.tables;
  /**
   * `sync` runs once per reconnecting socket — after a restart, for a whole hall within seconds —
   * so its reads are statements prepared once (ADR 0012), and a replay that many phones ask for
   * (the same workshop, audience and range of `seq`) is read and shaped once.
   */
  const p = sql.placeholder;
  const reconnect = {
    head: preparedStatement<{ lastSeq: number; settings: unknown; stepKind: StepKind | null }>(
      db,
      db
        .select({ lastSeq: workshops.lastSeq, settings: workshops.settings, stepKind: agendaSteps.kind })
        .from(workshops)
        .leftJoin(agendaSteps, eq(agendaSteps.id, workshops.currentStepId))
        .where(eq(workshops.id, p("workshopId"))),
      ["lastSeq", "settings", "stepKind"],
    ),
    settings: preparedStatement<{ settings: unknown }>(
      db,
      db
        .select({ settings: workshops.settings })
        .from(workshops)
        .where(eq(workshops.id, p("workshopId"))),
      ["settings"],
    ),
    events: preparedStatement<{ seq: number; type: string; payload: unknown; at: number }>(
      db,
      db
        .select({ seq: events.seq, type: events.type, payload: events.payload, at: events.createdAt })
        .from(events)
        .where(and(eq(events.workshopId, p("workshopId")), gt(events.seq, p("afterSeq")), lte(events.seq, p("upToSeq"))))
        .orderBy(asc(events.seq)),
      ["seq", "type", "payload", "at"],
    ),
    endorsementCounts: preparedStatement<{ id: string; helix: Helix; n: number }>(
      db,
      endorsementCountsQuery(db, p("workshopId")),
      ["id", "helix", "n"],
    ),
    myEndorsements: preparedStatement<{ id: string }>(
      db,
      db
        .select({ id: endorsements.recommendationId })
        .from(endorsements)
        .where(and(eq(endorsements.participantId, p("participantId")), eq(endorsements.workshopId, p("workshopId")))),
      ["id"],
    ),
  };
  const replays = new Map<string, WorkshopEvent[]>();
  /** The events after `afterSeq` up to `upToSeq`, as `audience` sees them; the answer is shared, never changed. */
  async function replay(workshopId: string, audience: Audience, afterSeq: number, upToSeq: number, settings: WorkshopSettings) {
    const key = JSON.stringify([workshopId, audience, afterSeq, upToSeq, settings]);
    const cached = replays.get(key);
    if (cached) return cached;
    const shaped = (await reconnect.events.all({ workshopId, afterSeq, upToSeq })).map((row) =>
      eventForAudience(
        { seq: row.seq, type: row.type, payload: jsonValue(row.payload), at: row.at } as WorkshopEvent,
        audience,
        settings,
      ),
    );
    if (replays.size >= REPLAY_CACHE_SIZE) replays.delete(replays.keys().next().value as string);
    replays.set(key, shaped);
    return shaped;
  }

  /** The workshop and its participants as of one `seq`, read in one transaction so both agree. */
  async function snapshot(workshopId: string, audience: Audience): Promise<WorkshopState | null> {
    const state = await transaction(
      db,
      async (tx) => {
        const row = await first(tx.select().from(workshops).where(eq(workshops.id, workshopId)));
        if (!row) return null;
        const people = await tx
          .select()
          .from(participants)
          // A removed participant has left the room (their votes and contributions stay).
          .where(and(eq(participants.workshopId, workshopId), isNull(participants.removedAt)))
          .orderBy(asc(participants.joinedAt));
        return {
          seq: row.lastSeq,
          workshop: workshopView(row),
          participants: people.map(lobbyParticipant),
          steps: await loadAgenda(tx, workshopId),
          currentStepId: row.currentStepId,
          contributions: await loadContributions(tx, workshopId),
          pinnedId: row.pinnedContributionId,
          shownResultsStepId: row.shownResultsStepId,
          tallies: null,
          recommendations: await loadRecommendations(tx, workshopId),
        };
      },
      { snapshot: true },
    );
    return state && { ...stateForAudience(state, audience), tallies: await voting.currentTallies(workshopId, audience) };
  }

  return {
    snapshot,

    /** A participant's own points in the current vote step (null outside vote steps). */
    ballot: (actor: Actor, workshopId: string) => voting.myBallot(actor, workshopId),

    /** The facilitator's workshop page: the workshop with its secrets, and the room with names. */
    async forFacilitator(
      actor: Actor,
      workshopId: string,
    ): Promise<Result<{ workshop: FacilitatorWorkshop; state: WorkshopState }>> {
      const found = await workshopService.getForFacilitator(actor, workshopId);
      if (!found.ok) return found;
      const state = await snapshot(workshopId, "facilitator");
      return state ? ok({ workshop: found.data, state }) : fail("not_found", "Workshop not found.");
    },

    /** The projector page: the room as the room may see it. */
    async forDisplay(displayToken: string): Promise<Result<{ state: WorkshopState }>> {
      const found = await workshopService.findByDisplayToken(displayToken);
      if (!found.ok) return found;
      const state = await snapshot(found.data.id, "room");
      return state ? ok({ state }) : fail("not_found", "Workshop not found.");
    },

    /** The workshop's settings, for shaping each published event for the room (a prepared statement). */
    async settings(workshopId: string): Promise<WorkshopSettings | null> {
      const row = await reconnect.settings.get({ workshopId });
      return row ? jsonValue<WorkshopSettings>(row.settings) : null;
    },

    /** What a (re)connecting client missed since `lastSeq`: the events, or a snapshot when too far behind. */
    async sync(workshopId: string, audience: Audience, input: unknown, actor?: Actor): Promise<Result<SyncResult>> {
      const parsed = syncSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const head = await reconnect.head.get({ workshopId });
      if (!head) return fail("not_found", "Workshop not found.");
      const { lastSeq } = parsed.data;
      const inVote = isVoteStep(head.stepKind);
      const participantId = actor?.kind === "participant" && actor.workshopId === workshopId ? actor.participantId : null;
      const extras = async () => ({
        serverTime: clock(),
        tallies: inVote ? await voting.currentTallies(workshopId, audience) : null,
        ballot: inVote && actor ? await voting.myBallot(actor, workshopId) : null,
        endorsements: endorsementCountsOf(await reconnect.endorsementCounts.all({ workshopId })),
        myEndorsements: participantId ? (await reconnect.myEndorsements.all({ participantId, workshopId })).map((r) => r.id) : [],
      });
      if (lastSeq > head.lastSeq || head.lastSeq - lastSeq > MAX_REPLAY) {
        const state = await snapshot(workshopId, audience);
        return state ? ok({ mode: "snapshot", snapshot: state, ...(await extras()) }) : fail("not_found", "Workshop not found.");
      }
      return ok({
        mode: "events",
        events: await replay(workshopId, audience, lastSeq, head.lastSeq, jsonValue<WorkshopSettings>(head.settings)),
        ...(await extras()),
      });
    },
  };
}
