import { asc, eq } from "drizzle-orm";
import type { AgendaStep } from "../../domain/agenda";
import type { Reader } from "../client.server";
import { agendaSteps, type Workshop, workshops } from "../schema";
import { agendaStepView } from "./views.server";

export function loadAgenda(tx: Reader, workshopId: string): AgendaStep[] {
  return tx
    .select()
    .from(agendaSteps)
    .where(eq(agendaSteps.workshopId, workshopId))
    .orderBy(asc(agendaSteps.position))
    .all()
    .map(agendaStepView);
}

/** The workshop and the step the room is in: the one way every service reads "now". */
export function roomNow(tx: Reader, workshopId: string): { workshop: Workshop | undefined; step: AgendaStep | null } {
  const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
  const row = workshop?.currentStepId
    ? tx.select().from(agendaSteps).where(eq(agendaSteps.id, workshop.currentStepId)).get()
    : undefined;
  return { workshop, step: row ? agendaStepView(row) : null };
}
