import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.server";
import { first } from "../../db/first.server";
import { electorateNow } from "../../db/queries/votes.server";
import type { WorkshopStatus } from "../../domain/schemas";
import type { StepKind } from "../../domain/step-kinds";
import { electorateChanges } from "../../domain/voting";

type RoomVote = { stepId: string | null; kind: StepKind | null | undefined; status: WorkshopStatus };

/**
 * Inside the transaction that moves the room (or ends the workshop): stores the electorate of the
 * vote that ends, and opens again the one the room goes back to (docs/decisions/0008). Returns
 * whether any step changed, so the caller publishes the agenda.
 */
export async function settleElectorates(tx: Tx, workshopId: string, before: RoomVote, after: RoomVote): Promise<boolean> {
  const { agendaSteps } = tx.tables;
  const { freeze, reopen } = electorateChanges(before, after);
  if (freeze)
    await tx
      .update(agendaSteps)
      .set({ electorate: await electorateNow(tx, workshopId) })
      .where(eq(agendaSteps.id, freeze));
  // A vote opened for the first time has nothing stored: nothing to tell the screens.
  const stored = reopen
    ? (await first(tx.select({ electorate: agendaSteps.electorate }).from(agendaSteps).where(eq(agendaSteps.id, reopen))))
        ?.electorate
    : null;
  if (reopen && stored) await tx.update(agendaSteps).set({ electorate: null }).where(eq(agendaSteps.id, reopen));
  return Boolean(freeze || stored);
}
