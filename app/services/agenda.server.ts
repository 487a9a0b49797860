import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../db/client.server";
import { agendaSteps, contributions, workshops } from "../db/schema";
import { type AgendaStep, applyTimerAction, PEER_REVIEW_TEMPLATE, type StepKind } from "../domain/agenda";
import {
  addStepSchema,
  moveStepSchema,
  renameStepSchema,
  setOpenChallengesSchema,
  stepRefSchema,
  timerCommandSchema,
} from "../domain/contributions";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import { ballotKind } from "../domain/voting";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";
import { agendaStepView } from "./views.server";
import type { createWorkshopService } from "./workshops.server";

type Tx = Pick<Db, "select" | "insert" | "update" | "delete">;

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
    createdAt: now,
  }));
  tx.insert(agendaSteps).values(rows).run();
  return rows[0].id;
}

export function loadAgenda(tx: Pick<Db, "select">, workshopId: string): AgendaStep[] {
  return tx
    .select()
    .from(agendaSteps)
    .where(eq(agendaSteps.workshopId, workshopId))
    .orderBy(asc(agendaSteps.position))
    .all()
    .map(agendaStepView);
}

/**
 * Running the day: the facilitators shape the agenda, move the room from step to step and run
 * the step timers. Every change is logged and published so phones and the projector follow.
 */
export function createAgendaService(
  { db, publish, clock, random }: ServiceDeps,
  workshopService: ReturnType<typeof createWorkshopService>,
) {
  /**
   * AUTH (a facilitator of this workshop) → VALIDATION (the input's schema) → the change in one
   * transaction (`run` returns the events to log, or a refusal) → publish.
   */
  function change<S extends z.ZodTypeAny>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    run: (tx: Tx, data: z.infer<S>, steps: AgendaStep[], now: number) => Result<NewWorkshopEvent[]>,
  ) {
    const found = workshopService.managedWorkshop(actor, workshopId);
    if (!found.ok) return found;
    const parsed = schema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const now = clock();
    const outcome = db.transaction((tx) => {
      const result = run(tx, parsed.data, loadAgenda(tx, workshopId), now);
      if (!result.ok) return result;
      return ok(result.data.map((event) => appendEvent(tx, workshopId, actor, event, now)));
    });
    if (!outcome.ok) return outcome;
    if (outcome.data.length) publish.events(workshopId, outcome.data);
    return ok({ steps: loadAgenda(db, workshopId) });
  }

  /** Writes the steps' order as 0..n-1 and returns the agenda event. */
  function renumber(tx: Tx, ordered: AgendaStep[]): NewWorkshopEvent {
    ordered.forEach((step, position) => {
      tx.update(agendaSteps).set({ position }).where(eq(agendaSteps.id, step.id)).run();
    });
    return { type: "agenda.changed", payload: { steps: ordered } };
  }

  const stepNotFound = () => fail("not_found", "This step is not in the workshop's agenda.");

  return {
    addStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, addStepSchema, input, (tx, data, steps, now) => {
        const { kind, title, afterStepId } = data;
        const after = afterStepId ? steps.findIndex((s) => s.id === afterStepId) : steps.length - 1;
        if (afterStepId && after === -1) return stepNotFound();
        const step: AgendaStep = {
          id: random.uuid(),
          kind,
          title,
          settings: kind === "collect_solutions" ? { openChallenges: { mode: "all" } } : {},
          timer: null,
        };
        tx.insert(agendaSteps)
          .values({ ...step, workshopId, position: after + 1, createdAt: now })
          .run();
        const ordered = [...steps.slice(0, after + 1), step, ...steps.slice(after + 1)];
        return ok([renumber(tx, ordered)]);
      });
    },

    renameStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, renameStepSchema, input, (tx, data, steps) => {
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        tx.update(agendaSteps).set({ title: data.title }).where(eq(agendaSteps.id, step.id)).run();
        return ok([
          {
            type: "agenda.changed",
            payload: { steps: steps.map((s) => (s.id === step.id ? { ...s, title: data.title } : s)) },
          },
        ]);
      });
    },

    moveStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, moveStepSchema, input, (tx, data, steps) => {
        const index = steps.findIndex((s) => s.id === data.stepId);
        if (index === -1) return stepNotFound();
        const ordered = steps.slice();
        const [step] = ordered.splice(index, 1);
        ordered.splice(Math.min(data.toIndex, ordered.length), 0, step);
        return ok([renumber(tx, ordered)]);
      });
    },

    removeStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, stepRefSchema, input, (tx, data, steps) => {
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        const current = tx.select({ id: workshops.currentStepId }).from(workshops).where(eq(workshops.id, workshopId)).get();
        if (current?.id === step.id) return fail("conflict", "The room is in this step: move it to another step first.");
        if (steps.length === 1) return fail("conflict", "An agenda needs at least one step.");
        tx.delete(agendaSteps).where(eq(agendaSteps.id, step.id)).run();
        return ok([
          renumber(
            tx,
            steps.filter((s) => s.id !== step.id),
          ),
        ]);
      });
    },

    /** Moves the room to any step, forward or back. Opening the workshop's first step takes it live. */
    goToStep(actor: Actor, workshopId: string, input: unknown) {
      let enteredVoteStep: string | null = null;
      const result = change(actor, workshopId, stepRefSchema, input, (tx, data, steps) => {
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        const row = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
        if (row?.currentStepId === step.id) return ok([]);
        const events: NewWorkshopEvent[] = [{ type: "step.changed", payload: { currentStepId: step.id } }];
        const status =
          step.kind === "closed" ? "closed" : row?.status === "closed" || row?.status === "draft" ? "live" : row?.status;
        tx.update(workshops)
          .set({ currentStepId: step.id, ...(status && status !== row?.status ? { status } : {}) })
          .where(eq(workshops.id, workshopId))
          .run();
        if (status && status !== row?.status) events.push({ type: "workshop.statusChanged", payload: { status } });
        if (ballotKind(step.kind)) enteredVoteStep = step.id;
        return ok(events);
      });
      // Screens entering a vote step get its totals (the coalescer sends them in full).
      if (result.ok && enteredVoteStep) publish.votesChanged(workshopId);
      return result;
    },

    timer(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, timerCommandSchema, input, (tx, data, steps, now) => {
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        const timer = applyTimerAction(step.timer, data.command, now);
        tx.update(agendaSteps).set({ timer }).where(eq(agendaSteps.id, step.id)).run();
        return ok([{ type: "timer.changed", payload: { stepId: step.id, timer } }]);
      });
    },

    /** Which challenges a collect-solutions step takes answers for: all, the top N of the last vote, or a chosen set. */
    setOpenChallenges(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, setOpenChallengesSchema, input, (tx, data, steps) => {
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        if (step.kind !== "collect_solutions") return fail("validation", "Only a collect-solutions step has open challenges.");
        const { open } = data;
        if (open.mode === "selected") {
          const known = new Set(
            tx
              .select({ id: contributions.id })
              .from(contributions)
              .where(and(eq(contributions.workshopId, workshopId), eq(contributions.kind, "challenge")))
              .all()
              .map((c) => c.id),
          );
          if (!open.ids.every((id) => known.has(id)))
            return fail("validation", "Some of these challenges are not in this workshop.");
        }
        const settings = { ...step.settings, openChallenges: open };
        tx.update(agendaSteps).set({ settings }).where(eq(agendaSteps.id, step.id)).run();
        return ok([
          { type: "agenda.changed", payload: { steps: steps.map((s) => (s.id === step.id ? { ...s, settings } : s)) } },
        ]);
      });
    },
  };
}
