import { asc, eq, or, sql } from "drizzle-orm";
import { first } from "../db/first.server";
import { loadAgenda } from "../db/queries/agenda.server";
import { loadContributions, loadRevisions } from "../db/queries/contributions.server";
import { loadNotes } from "../db/queries/notes.server";
import { loadRecommendations } from "../db/queries/recommendations.server";
import { normalizeJoinCode } from "../domain/join-code";
import { buildReport, type ReportModel, type VoteResults } from "../domain/report";
import { fail, ok, type Result } from "../domain/result";
import { managesWorkshop } from "./access.server";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";

/**
 * The report's data: one read of the workshop, its people, contributions and every vote held
 * (each with its own electorate), turned into the report model by the domain. Facilitators of the
 * workshop may read it, and the system (the command line).
 */
export function createReportService({ db, clock }: ServiceDeps, votesHeld: (workshopId: string) => Promise<VoteResults[]>) {
  const { facilitators, participants, votes, workshopFacilitators, workshops } = db.tables;
  return {
    /** The report of a workshop, found by its id or its join code. */
    async model(actor: Actor, workshopIdOrCode: string): Promise<Result<ReportModel>> {
      const key = workshopIdOrCode.trim();
      const row = await first(
        db
          .select()
          .from(workshops)
          .where(or(eq(workshops.id, key), eq(workshops.joinCode, normalizeJoinCode(key)))),
      );
      if (!row) return fail("not_found", `No workshop with the id or join code "${key.slice(0, 40)}".`);
      if (actor.kind !== "system") {
        const manages = actor.kind === "facilitator" && (await managesWorkshop(db, actor.facilitatorId, row.id));
        if (!manages)
          return fail(
            actor.kind === "facilitator" ? "not_found" : "forbidden",
            "Only the workshop's facilitators can export its report.",
          );
      }
      const team = await db
        .select({ name: facilitators.name })
        .from(workshopFacilitators)
        .innerJoin(facilitators, eq(facilitators.id, workshopFacilitators.facilitatorId))
        .where(eq(workshopFacilitators.workshopId, row.id))
        .orderBy(asc(workshopFacilitators.addedAt));
      const people = await db
        .select({ helix: participants.helix, role: participants.role })
        .from(participants)
        .where(eq(participants.workshopId, row.id));
      const pointsGiven =
        (
          await first(
            db
              .select({ n: sql<number>`coalesce(sum(${votes.points}), 0)`.mapWith(Number) })
              .from(votes)
              .where(eq(votes.workshopId, row.id)),
          )
        )?.n ?? 0;
      return ok(
        buildReport({
          workshop: row,
          invitedHelices: row.settings.helices,
          facilitators: team.map((f) => f.name),
          participants: people,
          contributions: await loadContributions(db, row.id),
          pointsGiven,
          votes: await votesHeld(row.id),
          recommendations: await loadRecommendations(db, row.id),
          generatedAt: clock(),
          steps: await loadAgenda(db, row.id),
          notes: await loadNotes(db, row.id),
          revisions: await loadRevisions(db, row.id),
        }),
      );
    },
  };
}
