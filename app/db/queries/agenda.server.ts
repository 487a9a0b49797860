import { asc, eq } from "drizzle-orm";
import { type AgendaStep, PEER_REVIEW_TEMPLATE } from "../../domain/agenda";
import type { StepKind } from "../../domain/step-kinds";
import type { Reader, Tx } from "../client.server";
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

/** The steps of a new workshop: the peer-review template, the room starting in the lobby. */
export function insertTemplateAgenda(tx: Tx, workshopId: string, now: number, uuid: () => string): string {
  const rows = PEER_REVIEW_TEMPLATE.map((kind: StepKind, position) => ({
    id: uuid(),
    workshopId,
    position,
    kind,
    title: null,
    settings: kind === "collect_solutions" ? { openChallenges: { mode: "all" as const } } : {},
    timer: null,
    electorate: null,
    createdAt: now,
  }));
  tx.insert(agendaSteps).values(rows).run();
  return rows[0].id;
}
