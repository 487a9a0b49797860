import { and, asc, eq, or, sql } from "drizzle-orm";
import { agendaSteps, facilitators, participants, votes, workshopFacilitators, workshops } from "../db/schema";
import { normalizeJoinCode } from "../domain/join-code";
import { buildReport, type ReportModel, type VoteResults } from "../domain/report";
import { fail, ok, type Result } from "../domain/result";
import { voteSettingsOf } from "../domain/voting";
import type { Actor } from "./actor";
import { loadContributions } from "./contributions.server";
import type { ServiceDeps } from "./deps.server";
import { loadRecommendations } from "./recommendations.server";
import { talliesOf } from "./voting.server";

/**
 * The report's data: one read of the workshop, its people, contributions and the last vote of
 * each kind, turned into the report model by the domain. Facilitators of the workshop may read it,
 * and the system (the command line).
 */
export function createReportService({ db, clock }: ServiceDeps) {
  /** The last vote step of a kind that received votes, with its totals. */
  function lastVote(workshopId: string, kind: "vote_challenges" | "vote_solutions"): VoteResults | null {
    const steps = db
      .select()
      .from(agendaSteps)
      .where(and(eq(agendaSteps.workshopId, workshopId), eq(agendaSteps.kind, kind)))
      .orderBy(asc(agendaSteps.position))
      .all()
      .reverse();
    for (const step of steps) {
      const tallies = talliesOf(db, workshopId, step.id, 0);
      if (Object.keys(tallies.items).length === 0) continue;
      return {
        stepTitle: step.title,
        items: tallies.items,
        voters: tallies.voters,
        threshold: voteSettingsOf(step).supportThreshold,
      };
    }
    return null;
  }

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
        const manages =
          actor.kind === "facilitator" &&
          db
            .select({ id: workshopFacilitators.workshopId })
            .from(workshopFacilitators)
            .where(and(eq(workshopFacilitators.workshopId, row.id), eq(workshopFacilitators.facilitatorId, actor.facilitatorId)))
            .get();
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
          facilitators: team.map((f) => f.name),
          participants: people,
          contributions: loadContributions(db, row.id),
          votesCast: pointsGiven,
          challengeVote: lastVote(row.id, "vote_challenges"),
          solutionVote: lastVote(row.id, "vote_solutions"),
          recommendations: loadRecommendations(db, row.id),
          generatedAt: clock(),
        }),
      );
    },
  };
}
