import { and, asc, eq } from "drizzle-orm";
import { type AgendaStep, PEER_REVIEW_TEMPLATE, type TemplateStep } from "../../domain/agenda";
import type { Reader, Tx } from "../client.server";
import { agendaSteps, agendaTemplates, type Workshop, workshops } from "../schema";
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

/** The peer-review day every new workshop starts with unless the facilitator picks a template of their own. */
export const PEER_REVIEW_STEPS: readonly TemplateStep[] = PEER_REVIEW_TEMPLATE.map((kind) => ({
  kind,
  title: null,
  settings: kind === "collect_solutions" ? { openChallenges: { mode: "all" as const } } : {},
  day: 1,
}));

/** The steps of a new workshop (the peer-review template unless given), the room starting in the first. */
export function insertTemplateAgenda(
  tx: Tx,
  workshopId: string,
  now: number,
  uuid: () => string,
  steps: readonly TemplateStep[] = PEER_REVIEW_STEPS,
): string {
  const rows = steps.map((step, position) => ({
    id: uuid(),
    workshopId,
    position,
    kind: step.kind,
    title: step.title,
    settings: step.settings,
    day: step.day,
    timer: null,
    electorate: null,
    createdAt: now,
  }));
  tx.insert(agendaSteps).values(rows).run();
  return rows[0].id;
}

/** One of the facilitator's own agenda templates' steps (another facilitator's is not found). */
export function facilitatorTemplate(tx: Reader, facilitatorId: string, templateId: string): TemplateStep[] | null {
  const row = tx
    .select({ steps: agendaTemplates.steps })
    .from(agendaTemplates)
    .where(and(eq(agendaTemplates.id, templateId), eq(agendaTemplates.facilitatorId, facilitatorId)))
    .get();
  return row?.steps ?? null;
}
