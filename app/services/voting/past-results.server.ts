import { eq } from "drizzle-orm";
import { loadAgenda, roomNow } from "../../db/queries/agenda.server";
import { voteResultsOf, voteStepHeld } from "../../db/queries/votes.server";
import { pastResultsRefusal, showResultsSchema } from "../../domain/past-results";
import type { VoteResults } from "../../domain/report";
import { fail, ok, type Result, refuse } from "../../domain/result";
import { asFacilitator } from "../access.server";
import type { Actor } from "../actor";
import type { RunCommand } from "../command.server";
import type { ServiceDeps } from "../deps.server";

const REFUSED: Record<NonNullable<ReturnType<typeof pastResultsRefusal>>, string> = {
  pastResultsNotVote: "That step is not a vote step.",
  pastResultsCurrent: "That vote is the current step: its results are on the projector already.",
  pastResultsNotHeld: "That vote has not taken place yet.",
  pastResultsHidden: "The room has not seen that vote's results: reveal them first.",
};

/** A past vote's results back on the projector (the rule: domain/past-results.ts). */
export function createPastResults({ db }: Pick<ServiceDeps, "db">, run: RunCommand) {
  const { workshops } = db.tables;
  return {
    /** Facilitators: show a held vote's results on the projector again (`stepId: null`: back to the current step). */
    async showResults(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ stepId: string | null }>> {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: showResultsSchema,
        resolve: async (tx, { stepId }) => {
          const { workshop } = await roomNow(tx, workshopId);
          if (!workshop) return fail("not_found", "Workshop not found.");
          if (stepId !== null) {
            const step = (await loadAgenda(tx, workshopId)).find((s) => s.id === stepId);
            if (!step) return fail("not_found", "This is not a step of the workshop.");
            const refusal = pastResultsRefusal(
              step,
              await voteStepHeld(tx, step, workshop.currentStepId),
              workshop.currentStepId,
            );
            if (refusal) return refuse("conflict", refusal, REFUSED[refusal]);
          }
          if (workshop.shownResultsStepId === stepId) return ok({ data: { stepId }, events: [] });
          await tx.update(workshops).set({ shownResultsStepId: stepId }).where(eq(workshops.id, workshopId));
          return ok({ data: { stepId }, events: [{ type: "workshop.resultsShown", payload: { stepId } }] });
        },
      });
    },

    /** The past vote's results the projector shows now, while the rule allows it (null otherwise). */
    async shownPastResults(workshopId: string): Promise<VoteResults | null> {
      const { workshop } = await roomNow(db, workshopId);
      const stepId = workshop?.shownResultsStepId;
      if (!workshop || !stepId) return null;
      const step = (await loadAgenda(db, workshopId)).find((s) => s.id === stepId);
      if (!step || pastResultsRefusal(step, await voteStepHeld(db, step, workshop.currentStepId), workshop.currentStepId))
        return null;
      return voteResultsOf(db, workshopId, step);
    },
  };
}
