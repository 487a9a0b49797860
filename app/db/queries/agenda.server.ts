import { and, asc, eq } from "drizzle-orm";
import { type AgendaStep, PEER_REVIEW_TEMPLATE, type TemplateStep } from "../../domain/agenda";
import type { Reader, Tx } from "../client.server";
import { first } from "../first.server";
import type { Workshop } from "../schema";
import { agendaStepView } from "./views.server";

export async function loadAgenda(tx: Reader, workshopId: string): Promise<AgendaStep[]> {
  const { agendaSteps } = tx.tables;
  return (
    await tx.select().from(agendaSteps).where(eq(agendaSteps.workshopId, workshopId)).orderBy(asc(agendaSteps.position))
  ).map(agendaStepView);
}

/** The workshop and the step the room is in: the one way every service reads "now". */
export async function roomNow(
  tx: Reader,
  workshopId: string,
): Promise<{ workshop: Workshop | undefined; step: AgendaStep | null }> {
  const { agendaSteps, workshops } = tx.tables;
  const workshop = await first(tx.select().from(workshops).where(eq(workshops.id, workshopId)));
  const row = workshop?.currentStepId
    ? await first(tx.select().from(agendaSteps).where(eq(agendaSteps.id, workshop.currentStepId)))
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
export async function insertTemplateAgenda(
  tx: Tx,
  workshopId: string,
  now: number,
  uuid: () => string,
  steps: readonly TemplateStep[] = PEER_REVIEW_STEPS,
): Promise<string> {
  const { agendaSteps } = tx.tables;
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
  await tx.insert(agendaSteps).values(rows);
  return rows[0].id;
}

/** One of the facilitator's own agenda templates' steps (another facilitator's is not found). */
export async function facilitatorTemplate(tx: Reader, facilitatorId: string, templateId: string): Promise<TemplateStep[] | null> {
  const { agendaTemplates } = tx.tables;
  const row = await first(
    tx
      .select({ steps: agendaTemplates.steps })
      .from(agendaTemplates)
      .where(and(eq(agendaTemplates.id, templateId), eq(agendaTemplates.facilitatorId, facilitatorId))),
  );
  return row?.steps ?? null;
}
