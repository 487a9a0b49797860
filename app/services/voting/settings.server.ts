import { eq } from "drizzle-orm";
import type { z } from "zod";
import { first } from "../../db/first.server";
import { loadAgenda } from "../../db/queries/agenda.server";
import { fail, ok } from "../../domain/result";
import { ballotKind } from "../../domain/step-kinds";
import {
  revealSchema,
  type VoteSettings,
  voteSettingsInputSchema,
  voteSettingsOf,
  voteSettingsSchema,
} from "../../domain/voting";
import { asFacilitator } from "../access.server";
import type { Actor } from "../actor";
import type { RunCommand } from "../command.server";

/** A vote step's rules (budget, cap, live or hidden results, ballot, threshold) and the reveal. */
export function createVoteSettings(run: RunCommand) {
  function change<S extends z.ZodType<{ stepId: string }>>(
    actor: Actor,
    workshopId: string,
    input: unknown,
    schema: S,
    update: (current: VoteSettings, data: z.infer<S>) => VoteSettings,
  ) {
    return run(actor, workshopId, input, {
      authorize: asFacilitator,
      schema,
      resolve: async (tx, data) => {
        const { agendaSteps } = tx.tables;
        const step = await first(tx.select().from(agendaSteps).where(eq(agendaSteps.id, data.stepId)));
        if (!step || step.workshopId !== workshopId || !ballotKind(step.kind))
          return fail("not_found", "This is not a vote step of the workshop.");
        const settings = update(voteSettingsOf(step), data);
        await tx
          .update(agendaSteps)
          .set({ settings: { ...step.settings, vote: settings } })
          .where(eq(agendaSteps.id, step.id));
        // Totals may now be visible to the room (reveal) or ranked differently: they are pushed too.
        return ok({
          data: settings,
          events: [{ type: "agenda.changed", payload: { steps: await loadAgenda(tx, workshopId) } }],
          changed: { votes: true },
        });
      },
    });
  }

  return {
    setSettings: (actor: Actor, workshopId: string, input: unknown) =>
      change(actor, workshopId, input, voteSettingsInputSchema, (current, data) =>
        voteSettingsSchema.parse({ ...current, ...data.settings }),
      ),

    /** Shows (or hides again) the results of a vote whose results are hidden until revealed. */
    reveal: (actor: Actor, workshopId: string, input: unknown) =>
      change(actor, workshopId, input, revealSchema, (current, data) => ({ ...current, revealed: data.revealed })),
  };
}
