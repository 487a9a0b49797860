import { asc, eq, or, sql } from "drizzle-orm";
import { loadAgenda } from "../db/queries/agenda.server";
import { loadContributions, loadRevisions } from "../db/queries/contributions.server";
import { loadNotes } from "../db/queries/notes.server";
import { loadRecommendations } from "../db/queries/recommendations.server";
import { facilitators, participants, votes, workshopFacilitators, workshops } from "../db/schema";
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
export function createReportService({ db, clock }: ServiceDeps, votesHeld: (workshopId: string) => VoteResults[]) {
  return {
    /** The report of a workshop, found by its id or its join code. */
    model(actor: Actor, workshopIdOrCode: string): Result<ReportModel> {
      const key = workshopIdOrCode.trim();
      const row = db
        .select()
        .from(workshops)
        .where(or(eq(workshops.id, key), eq(workshops.joinCode, normalizeJoinCode(key))))
        .get();
      if (!row) return fail("not_found", `No workshop with the id or join code "${key.slice(0, 40)}".`);
      if (actor.kind !== "system") {
        const manages = actor.kind === "facilitator" && managesWorkshop(db, actor.facilitatorId, row.id);
        if (!manages)
          return fail(
            actor.kind === "facilitator" ? "not_found" : "forbidden",
            "Only the workshop's facilitators can export its report.",
          );
      }
      const team = db
        .select({ name: facilitators.name })
        .from(workshopFacilitators)
        .innerJoin(facilitators, eq(facilitators.id, workshopFacilitators.facilitatorId))
        .where(eq(workshopFacilitators.workshopId, row.id))
        .orderBy(asc(workshopFacilitators.addedAt))
        .all();
      const people = db
        .select({ helix: participants.helix, role: participants.role })
        .from(participants)
        .where(eq(participants.workshopId, row.id))
        .all();
      const pointsGiven =
        db
          .select({ n: sql<number>`coalesce(sum(${votes.points}), 0)` })
          .from(votes)
          .where(eq(votes.workshopId, row.id))
          .get()?.n ?? 0;
      return ok(
        buildReport({
          workshop: row,
          invitedHelices: row.settings.helices,
          facilitators: team.map((f) => f.name),
          participants: people,
          contributions: loadContributions(db, row.id),
          pointsGiven,
          votes: votesHeld(row.id),
          recommendations: loadRecommendations(db, row.id),
          generatedAt: clock(),
          steps: loadAgenda(db, row.id),
          notes: loadNotes(db, row.id),
          revisions: loadRevisions(db, row.id),
        }),
      );
    },
  };
}
